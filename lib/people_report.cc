// The people figures of each unit and the training ranking (3.1.2, 3.1.3), as a table, CSV or JSON.
#include <string>
#include <vector>

#include "lib/strings.h"
#include "lib/text_table.h"
#include "nlohmann/json.hpp"
#include "zhifa/people.h"

namespace zhifa {
namespace {

using internal::Cat;

// 100 × num ÷ den with two decimals, rounded half up once; "" when den is 0.
std::string Percent(int64_t num, int64_t den) {
  if (den == 0) return "";
  const int64_t v = (2 * num * 10000 + den) / (2 * den);
  return Cat(v / 100, ".", v % 100 < 10 ? "0" : "", v % 100);
}

struct UnitRow {
  std::string code, name;
  const UnitPeople* p;
};

std::vector<UnitRow> Rows(const PeopleCheck& c, Language language) {
  std::vector<UnitRow> rows;
  for (const UnitPeople& p : c.units) rows.push_back({p.unit->code, p.unit->name, &p});
  rows.push_back({"", language == Language::kZh ? "合计" : "all", &c.overall});
  return rows;
}

const char* kUnitColumns[] = {"unit_code",
                              "unit",
                              "enforcement",
                              "legal_review",
                              "auxiliary",
                              "certified",
                              "certified_percent",
                              "must_train",
                              "trained_by_deadline",
                              "trained_percent",
                              "deadline",
                              "excellent",
                              "good",
                              "poor",
                              "ungraded",
                              "legal_qualification",
                              "financed_posts",
                              "findings"};

std::vector<std::string> UnitCells(const UnitRow& r) {
  const UnitPeople& p = *r.p;
  auto n = [](int64_t v) { return std::to_string(v); };
  return {r.code,
          r.name,
          n(p.enforcement),
          n(p.legal_review),
          n(p.auxiliary),
          n(p.certified),
          Percent(p.certified, p.enforcement + p.legal_review),
          n(p.must_train),
          n(p.trained_by_deadline),
          Percent(p.trained_by_deadline, p.must_train),
          p.deadline ? FormatDate(*p.deadline) : "",
          n(p.excellent),
          n(p.good),
          n(p.poor),
          n(p.ungraded),
          n(p.legal_qualification),
          n(p.financed_posts),
          n(p.findings)};
}

void WriteCsv(std::ostream& out, std::span<const char* const> header,
              const std::vector<std::vector<std::string>>& rows) {
  out << internal::Join(std::vector<std::string>(header.begin(), header.end()), ",") << "\n";
  std::string line;
  for (const auto& cells : rows) {
    line.clear();
    for (const std::string& c : cells) {
      internal::AppendCsvField(line, c);
      line += ',';
    }
    line.back() = '\n';
    out << line;
  }
}

// Whole numbers as JSON numbers, empty cells as null, the rest as strings.
void WriteJson(std::ostream& out, std::span<const char* const> header,
               const std::vector<std::vector<std::string>>& rows, nlohmann::ordered_json head) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& cells : rows) {
    nlohmann::ordered_json o;
    for (size_t k = 0; k < header.size(); ++k) {
      const std::string& c = cells[k];
      const bool whole = !c.empty() && c.find_first_not_of("0123456789") == std::string::npos && c.size() < 18;
      o[header[k]] = c.empty() ? nlohmann::ordered_json(nullptr)
                     : whole   ? nlohmann::ordered_json(std::stoll(c))
                               : nlohmann::ordered_json(c);
    }
    list.push_back(std::move(o));
  }
  head["rows"] = std::move(list);
  out << head.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace

void WritePeopleUnits(std::ostream& out, const PeopleCheck& check, FindingsFormat format, Language language) {
  const bool zh = language == Language::kZh;
  std::vector<std::vector<std::string>> rows;
  for (const UnitRow& r : Rows(check, language)) rows.push_back(UnitCells(r));
  if (format == FindingsFormat::kCsv) return WriteCsv(out, kUnitColumns, rows);
  if (format == FindingsFormat::kJson) return WriteJson(out, kUnitColumns, rows, {{"as_of", FormatDate(check.as_of)}});
  // The table: the figures a 司法局 reads first, within 100 columns; the rest are in the CSV and JSON.
  out << (zh ? "截至 " : "as of ") << FormatDate(check.as_of) << "\n";
  std::vector<std::vector<std::string>> table = {
      zh ? std::vector<std::string>{"单位", "执法", "法制", "辅助", "持证", "持证率%", "按期轮训", "轮训率%", "优",
                                    "良", "差", "财政", "发现"}
         : std::vector<std::string>{"unit", "enf", "legal", "aux", "cert", "cert%", "trained", "train%", "exc", "good",
                                    "poor", "fin", "find"}};
  for (const auto& c : rows) {
    table.push_back({c[1], c[2], c[3], c[4], c[5], c[6], c[8], c[9], c[11], c[12], c[13], c[16], c[17]});
  }
  std::vector<bool> right(table[0].size(), true);
  right[0] = false;
  internal::WriteAlignedTable(out, table, right);
  out << (zh ? "持证：执法岗、法制审核岗持有效执法证的人数；财政：财政供给名额\n"
               "按期轮训：在本单位期限（乡镇 4月30日）前完成公共法律知识轮训\n"
             : "cert: enforcement and legal-review officers with a valid certificate; fin: financed posts\n"
               "trained: public-law rotation done by the unit's deadline\n");
}

void WriteTrainingRanking(std::ostream& out, const TrainingRanking& ranking, FindingsFormat format, Language language) {
  const bool zh = language == Language::kZh;
  static const char* kHeader[] = {"rank",     "unit_code",   "unit",     "officers", "completed",
                                  "military", "disciplined", "examined", "passed",   "score"};
  std::vector<std::vector<std::string>> rows;
  for (const TrainingRank& r : ranking.units) {
    auto n = [](int64_t v) { return std::to_string(v); };
    rows.push_back({n(r.rank), r.unit->code, r.unit->name, n(r.officers), n(r.completed), n(r.military),
                    ranking.discipline_known ? n(r.disciplined) : "", n(r.examined), n(r.passed), r.score});
  }
  const std::string note =
      ranking.discipline_known
          ? ""
          : (zh ? "名册无培训违纪次数列：排名未计遵守纪律一项（其余各项按权重折算为百分制）"
                : "the register has no discipline_violations column: discipline is left out of the score (the "
                  "other components scaled to 100)");
  if (format == FindingsFormat::kCsv) return WriteCsv(out, kHeader, rows);
  if (format == FindingsFormat::kJson) {
    return WriteJson(out, kHeader, rows,
                     {{"discipline_known", ranking.discipline_known},
                      {"note", note.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(note)}});
  }
  std::vector<std::vector<std::string>> table = {
      zh ? std::vector<std::string>{"排名", "单位", "人数", "完成轮训", "军训达标", "无违纪", "参考", "合格", "得分"}
         : std::vector<std::string>{"rank", "unit", "officers", "completed", "military", "disciplined", "examined",
                                    "passed", "score"}};
  for (const auto& c : rows) table.push_back({c[0], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]});
  std::vector<bool> right(table[0].size(), true);
  right[1] = false;
  internal::WriteAlignedTable(out, table, right);
  if (!note.empty()) out << note << "\n";
}

}  // namespace zhifa
