// The campaign status (四): one line per unit and one for all, as a table, CSV or JSON.
#include <array>
#include <string>
#include <vector>

#include "lib/strings.h"
#include "lib/text_table.h"
#include "nlohmann/json.hpp"
#include "zhifa/ledger.h"

namespace zhifa {
namespace {

using internal::Cat;

constexpr TableColumn kStatusColumns[] = {
    {"unit_code", "单位代码", false},
    {"unit", "单位", false},
    {"total", "问题数", false},
    {"general", "一般性", false},
    {"hard", "一时难以整治", false},
    {"serious", "问题突出", false},
    {"systemic", "普遍性", false},
    {"open", "未整改", false},
    {"rectified", "已整改", false},
    {"overdue", "逾期未整改", false},
    {"transferred", "已移交纪委监委", false},
    {"supervised", "挂牌督办", false},
    {"disposed", "已处置", false},
    {"self_inspection", "自查发现", false},
    {"public", "群众反映", false},
    {"findings", "发现", false},
};
constexpr size_t kCounts = std::size(kStatusColumns) - 2;

std::array<int64_t, kCounts> StatusCounts(const UnitStatus& s) {
  return {s.total,   s.by_class[0], s.by_class[1], s.by_class[2], s.by_class[3],     s.open,           s.rectified,
          s.overdue, s.transferred, s.supervised,  s.disposed,    s.self_inspection, s.public_reports, s.findings};
}

std::string PhaseText(const Phase& p, Language language) {
  const std::string& name = language == Language::kZh ? p.name : p.name_en;
  if (p.start && p.end) return Cat(name, " (", FormatDate(*p.start), " – ", FormatDate(*p.end), ")");
  return name;
}

}  // namespace

std::span<const TableColumn> LedgerStatusColumns() { return kStatusColumns; }

void WriteLedgerStatus(std::ostream& out, const LedgerCheck& check, FindingsFormat format, Language language,
                       bool chinese_headers) {
  const bool zh = language == Language::kZh;
  const std::string all = zh ? "合计" : "all";
  switch (format) {
    case FindingsFormat::kTable: {
      out << (zh ? "截至 " : "as of ") << FormatDate(check.as_of) << (zh ? "　阶段：" : " · phase: ")
          << PhaseText(check.phase, language);
      if (check.next_deadline) {
        const Milestone& m = *check.next_deadline->milestone;
        const int days = check.next_deadline->days;
        if (zh) {
          out << "\n下一期限：" << m.name << " " << FormatDate(m.date)
              << (days == 0 ? "（今日到期）" : Cat("（还有 ", days, " 天）"));
        } else {
          out << "\nnext deadline: " << m.name_en << " " << FormatDate(m.date)
              << (days == 0 ? " (due today)" : Cat(" (", days, days == 1 ? " day left)" : " days left)"));
        }
      } else {
        out << (zh ? "\n各期限均已过" : "\nevery deadline has passed");
      }
      out << "\n";
      // The table leaves out unit_code, self_inspection and public (in the CSV and JSON) to fit 100 columns.
      const std::vector<std::string> zh_header = {"单位",   "问题", "一般", "难整", "严重", "普遍", "未整改",
                                                  "已整改", "逾期", "移交", "督办", "处置", "发现"};
      const std::vector<std::string> en_header = {"unit", "total", "gen",   "hard", "ser",  "sys", "open",
                                                  "rect", "late",  "trans", "sup",  "disp", "find"};
      std::vector<std::vector<std::string>> rows = {zh ? zh_header : en_header};
      auto line = [&](const std::string& name, const UnitStatus& s) {
        std::vector<std::string> r = {name};
        const std::array<int64_t, kCounts> c = StatusCounts(s);
        for (size_t k = 0; k < kCounts; ++k) {
          if (k == 11 || k == 12) continue;  // self_inspection, public
          r.push_back(std::to_string(c[k]));
        }
        rows.push_back(std::move(r));
      };
      for (const UnitStatus& s : check.units) line(s.unit->name, s);
      line(all, check.overall);
      std::vector<bool> right(zh_header.size(), true);
      right[0] = false;
      internal::WriteAlignedTable(out, rows, right);
      if (!zh) {
        out << "gen, hard, ser, sys: general, hard to rectify at once, serious, systemic problems;\n"
               "rect: rectified; late: overdue; trans: transferred to 纪委监委; sup: supervised (挂牌督办);\n"
               "disp: disposed of; find: findings\n";
      }
      if (check.problems_ignored > 0) {
        out << (zh ? Cat(check.problems_ignored, " 个问题发现于 ", FormatDate(check.as_of), " 之后，未计入\n")
                : check.problems_ignored == 1
                    ? Cat("1 problem was found after ", FormatDate(check.as_of), " and is not counted\n")
                    : Cat(check.problems_ignored, " problems were found after ", FormatDate(check.as_of),
                          " and are not counted\n"));
      }
      return;
    }
    case FindingsFormat::kCsv: {
      std::string line = chinese_headers ? "截至,阶段" : "as_of,phase";
      for (const TableColumn& c : kStatusColumns) internal::Append(&line, ",", chinese_headers ? c.name_zh : c.name);
      out << line << "\n";
      const std::string head = Cat(FormatDate(check.as_of), ",", check.phase.key, ",");
      auto row = [&](const std::string& code, const std::string& name, const UnitStatus& s) {
        line = head;
        internal::AppendCsvField(line, code);
        line += ",";
        internal::AppendCsvField(line, name);
        for (int64_t v : StatusCounts(s)) internal::Append(&line, ",", v);
        out << line << "\n";
      };
      for (const UnitStatus& s : check.units) row(s.unit->code, s.unit->name, s);
      row("", all, check.overall);
      return;
    }
    case FindingsFormat::kJson: {
      auto key = [&](const TableColumn& c) { return std::string(chinese_headers ? c.name_zh : c.name); };
      auto object = [&](const UnitStatus& s) {
        nlohmann::ordered_json o;
        const std::array<int64_t, kCounts> c = StatusCounts(s);
        o[key(kStatusColumns[0])] =
            s.unit != nullptr ? nlohmann::ordered_json(s.unit->code) : nlohmann::ordered_json(nullptr);
        o[key(kStatusColumns[1])] = s.unit != nullptr ? s.unit->name : all;
        for (size_t k = 0; k < kCounts; ++k) o[key(kStatusColumns[k + 2])] = c[k];
        return o;
      };
      nlohmann::ordered_json j;
      j["as_of"] = FormatDate(check.as_of);
      const Phase& p = check.phase;
      j["phase"] = {{"key", p.key},
                    {"name", p.name},
                    {"name_en", p.name_en},
                    {"start", p.start ? nlohmann::ordered_json(FormatDate(*p.start)) : nlohmann::ordered_json(nullptr)},
                    {"end", p.end ? nlohmann::ordered_json(FormatDate(*p.end)) : nlohmann::ordered_json(nullptr)}};
      if (check.next_deadline) {
        const Milestone& m = *check.next_deadline->milestone;
        j["next_deadline"] = {{"key", m.key},
                              {"name", m.name},
                              {"name_en", m.name_en},
                              {"date", FormatDate(m.date)},
                              {"days", check.next_deadline->days}};
      } else {
        j["next_deadline"] = nullptr;
      }
      j["problems_ignored"] = check.problems_ignored;
      j["units"] = nlohmann::ordered_json::array();
      for (const UnitStatus& s : check.units) j["units"].push_back(object(s));
      j["overall"] = object(check.overall);
      out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
      return;
    }
  }
}

}  // namespace zhifa
