#include "zhifa/cases.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "boost/date_time/gregorian/gregorian.hpp"
#include "lib/csv_reader.h"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/toml_util.h"

namespace zhifa {
namespace {

using internal::TomlTable;

enum class CaseColumn {
  kCaseId,
  kUnit,
  kFiledOn,
  kDecidedOn,
  kClosedOn,
  kOutcome,
  kExecutedOn,
  kCourtRefused,
  kLeaderAssigned,
  kLeaderFulfilled,
  kMissedPenalty,
  kSuedOn,
  kDefendant,
  kJudgmentOn,
  kJudgmentWon,
  kNeedsCriminalTransfer,
  kTransferredToPoliceOn,
  kCopiedToProcuratorate,
  kEnteredPlatform,
  kFineYuan,
  kPartyType,
  kConfiscatedValueYuan,
  kSuspension,
  kLicenceRevoked,
  kLegalReviewOn,
  kFiledForRecordOn,
  kTimeLimitDays,
  kExtensionDays,
  kCount
};

constexpr CaseColumnName kCaseColumns[] = {
    {"case_id", "案件编号", true},
    {"unit", "单位", true},
    {"filed_on", "立案日期", true},
    {"decided_on", "决定日期", false},
    {"closed_on", "结案日期", false},
    {"outcome", "处理结果", false},
    {"executed_on", "执行日期", false},
    {"court_refused", "法院裁定不予执行", false},
    {"leader_assigned", "县领导交办", false},
    {"leader_fulfilled", "交办已落实", false},
    {"missed_penalty", "应处罚未处罚", false},
    {"sued_on", "被诉立案日期", false},
    {"defendant", "被告", false},
    {"judgment_on", "生效判决日期", false},
    {"judgment_won", "胜诉", false},
    {"needs_criminal_transfer", "涉嫌犯罪需移送", false},
    {"transferred_to_police_on", "移送公安日期", false},
    {"copied_to_procuratorate", "抄送检察院", false},
    {"entered_platform", "录入共享平台", false},
    {"fine_yuan", "罚款金额", false},
    {"party_type", "当事人类型", false},
    {"confiscated_value_yuan", "没收金额", false},
    {"suspension", "责令停产停业", false},
    {"licence_revoked", "吊销许可证照", false},
    {"legal_review_on", "法制审核日期", false},
    {"filed_for_record_on", "备案日期", false},
    {"time_limit_days", "办案期限", false},
    {"extension_days", "延长期限", false},
};
static_assert(std::size(kCaseColumns) == static_cast<size_t>(CaseColumn::kCount));

std::optional<bool> ParseBool(std::string_view s) {
  std::string v = internal::Lower(s);
  if (v == "1" || v == "true" || v == "yes" || v == "y" || v == "是") return true;
  if (v == "0" || v == "false" || v == "no" || v == "n" || v == "否") return false;
  return std::nullopt;
}

// Reads the records of a case CSV.
class CasesHandler : public internal::CsvHandler {
 public:
  CasesHandler(const Registry& registry, std::string_view source, const std::function<void(CaseRecord&&)>& on_case,
               const NoteSink& on_note)
      : registry_(registry), source_(source), on_case_(on_case), on_note_(on_note) {
    index_.fill(-1);
  }

  absl::Status Header(std::vector<std::string>& fields) override {
    header_ = fields;
    for (size_t i = 0; i < header_.size(); ++i) {
      std::string name(internal::Trim(header_[i]));
      header_[i] = name;
      std::string lower = internal::Lower(name);
      int found = -1;
      for (size_t c = 0; c < std::size(kCaseColumns); ++c) {
        if (kCaseColumns[c].name == lower || kCaseColumns[c].name_zh == name) found = static_cast<int>(c);
      }
      if (found < 0) {
        if (on_note_)
          on_note_(internal::Cat(source_, ": column ", i + 1, " \"", name, "\" is not a case column; ignored"));
        continue;
      }
      if (index_[static_cast<size_t>(found)] >= 0) {
        return absl::InvalidArgumentError(internal::Cat(source_, ": header: column ", i + 1, " \"", name,
                                                        "\" repeats column ", index_[static_cast<size_t>(found)] + 1));
      }
      index_[static_cast<size_t>(found)] = static_cast<int>(i);
    }
    std::vector<std::string> missing;
    for (size_t c = 0; c < std::size(kCaseColumns); ++c) {
      if (kCaseColumns[c].required && index_[c] < 0) {
        missing.push_back(internal::Cat(kCaseColumns[c].name, " (", kCaseColumns[c].name_zh, ")"));
      }
    }
    if (!missing.empty()) {
      return absl::InvalidArgumentError(internal::Cat(source_, ": header: missing required column",
                                                      missing.size() > 1 ? "s " : " ", internal::Join(missing, ", ")));
    }
    return absl::OkStatus();
  }

  absl::Status Record(std::vector<std::string>& fields) override {
    CaseRecord c;
    c.row = ++rows_;
    fields_.swap(fields);
    if (fields_.size() != header_.size()) {
      c.errors.push_back({"", internal::Cat("has ", fields_.size(), " fields; the header has ", header_.size())});
    }
    c.case_id = std::string(Cell(CaseColumn::kCaseId));
    if (c.case_id.empty()) Error(c, CaseColumn::kCaseId, "missing; every case needs an id");
    c.unit_text = std::string(Cell(CaseColumn::kUnit));
    if (absl::StatusOr<const Unit*> u = registry_.Resolve(c.unit_text); u.ok()) {
      c.unit = *u;
    } else {
      Error(c, CaseColumn::kUnit, std::string(u.status().message()));
    }
    struct DateField {
      CaseColumn column;
      std::optional<Date>* out;
    };
    for (auto [column, out] :
         {DateField{CaseColumn::kFiledOn, &c.filed_on}, DateField{CaseColumn::kDecidedOn, &c.decided_on},
          DateField{CaseColumn::kClosedOn, &c.closed_on}, DateField{CaseColumn::kExecutedOn, &c.executed_on},
          DateField{CaseColumn::kSuedOn, &c.sued_on}, DateField{CaseColumn::kJudgmentOn, &c.judgment_on},
          DateField{CaseColumn::kTransferredToPoliceOn, &c.transferred_to_police_on},
          DateField{CaseColumn::kLegalReviewOn, &c.legal_review_on},
          DateField{CaseColumn::kFiledForRecordOn, &c.filed_for_record_on}}) {
      std::string_view cell = Cell(column);
      if (cell.empty()) continue;
      absl::StatusOr<Date> d = ParseDate(cell);
      if (!d.ok()) {
        Error(c, column, std::string(d.status().message()));
      } else if (d->year() < Period::kMinYear || d->year() > Period::kMaxYear) {
        Error(c, column,
              internal::Cat(cell, " is out of range; expected a year ", Period::kMinYear, "..", Period::kMaxYear));
      } else {
        *out = *d;
      }
    }
    if (!c.filed_on && Cell(CaseColumn::kFiledOn).empty()) {
      Error(c, CaseColumn::kFiledOn, "missing; every case needs its filing date");
    }
    struct BoolField {
      CaseColumn column;
      bool* out;
    };
    for (auto [column, out] : {BoolField{CaseColumn::kCourtRefused, &c.court_refused},
                               BoolField{CaseColumn::kLeaderAssigned, &c.leader_assigned},
                               BoolField{CaseColumn::kLeaderFulfilled, &c.leader_fulfilled},
                               BoolField{CaseColumn::kMissedPenalty, &c.missed_penalty},
                               BoolField{CaseColumn::kJudgmentWon, &c.judgment_won},
                               BoolField{CaseColumn::kNeedsCriminalTransfer, &c.needs_criminal_transfer},
                               BoolField{CaseColumn::kCopiedToProcuratorate, &c.copied_to_procuratorate},
                               BoolField{CaseColumn::kEnteredPlatform, &c.entered_platform},
                               BoolField{CaseColumn::kSuspension, &c.suspension},
                               BoolField{CaseColumn::kLicenceRevoked, &c.licence_revoked}}) {
      std::string_view cell = Cell(column);
      if (cell.empty()) continue;
      std::optional<bool> b = ParseBool(cell);
      if (!b) {
        Error(c, column, internal::Cat("\"", cell, "\" is not a boolean; expected 1/0, true/false or 是/否"));
      } else {
        *out = *b;
      }
    }
    struct IntField {
      CaseColumn column;
      std::optional<int64_t>* out;
    };
    for (auto [column, out] : {IntField{CaseColumn::kFineYuan, &c.fine_yuan},
                               IntField{CaseColumn::kConfiscatedValueYuan, &c.confiscated_value_yuan},
                               IntField{CaseColumn::kTimeLimitDays, &c.time_limit_days},
                               IntField{CaseColumn::kExtensionDays, &c.extension_days}}) {
      std::string_view cell = Cell(column);
      if (cell.empty()) continue;
      int64_t v = 0;
      bool ok = cell.size() <= 15;
      for (char ch : cell) ok = ok && ch >= '0' && ch <= '9';
      for (char ch : cell) v = ok ? v * 10 + (ch - '0') : 0;
      if (!ok) {
        Error(c, column, internal::Cat("\"", cell, "\" is not a whole number >= 0"));
      } else {
        *out = v;
      }
    }
    if (std::string_view o = Cell(CaseColumn::kOutcome); !o.empty()) {
      std::string v = internal::Lower(o);
      if (v == "penalty" || v == "处罚") {
        c.outcome = Outcome::kPenalty;
      } else if (v == "no_penalty" || v == "不予处罚") {
        c.outcome = Outcome::kNoPenalty;
      } else if (v == "withdrawn" || v == "撤销" || v == "撤案") {
        c.outcome = Outcome::kWithdrawn;
      } else if (v == "transferred" || v == "移送") {
        c.outcome = Outcome::kTransferred;
      } else {
        Error(c, CaseColumn::kOutcome,
              internal::Cat("\"", o, "\" is not an outcome; expected penalty, no_penalty, withdrawn or transferred"));
      }
    }
    if (std::string_view d = Cell(CaseColumn::kDefendant); !d.empty()) {
      std::string v = internal::Lower(d);
      if (v == "unit" || v == "本单位" || v == "单位") {
        c.defendant = Defendant::kUnit;
      } else if (v == "county_government" || v == "县政府" || v == "县人民政府") {
        c.defendant = Defendant::kCountyGovernment;
      } else {
        Error(c, CaseColumn::kDefendant,
              internal::Cat("\"", d, "\" is not a defendant; expected unit or county_government"));
      }
    }
    if (std::string_view p = Cell(CaseColumn::kPartyType); !p.empty()) {
      std::string v = internal::Lower(p);
      if (v == "person" || v == "个人" || v == "自然人") {
        c.party_type = PartyType::kPerson;
      } else if (v == "organization" || v == "organisation" || v == "单位" || v == "法人" || v == "组织") {
        c.party_type = PartyType::kOrganization;
      } else {
        Error(c, CaseColumn::kPartyType,
              internal::Cat("\"", p, "\" is not a party type; expected person or organization"));
      }
    }
    // Dates that cannot be: a decision or closure before the filing (the case cannot be counted).
    if (c.filed_on && c.closed_on && *c.closed_on < *c.filed_on) {
      Error(c, CaseColumn::kClosedOn,
            internal::Cat(FormatDate(*c.closed_on), " is before filed_on ", FormatDate(*c.filed_on)));
    }
    if (c.filed_on && c.decided_on && *c.decided_on < *c.filed_on) {
      Error(c, CaseColumn::kDecidedOn,
            internal::Cat(FormatDate(*c.decided_on), " is before filed_on ", FormatDate(*c.filed_on)));
    }
    on_case_(std::move(c));
    return absl::OkStatus();
  }

 private:
  std::string_view Cell(CaseColumn column) const {
    int at = index_[static_cast<size_t>(column)];
    if (at < 0 || static_cast<size_t>(at) >= fields_.size()) return {};
    return internal::Trim(fields_[static_cast<size_t>(at)]);
  }
  void Error(CaseRecord& c, CaseColumn column, std::string message) const {
    int at = index_[static_cast<size_t>(column)];
    std::string name =
        at >= 0 ? header_[static_cast<size_t>(at)] : std::string(kCaseColumns[static_cast<size_t>(column)].name);
    c.errors.push_back({std::move(name), std::move(message)});
  }

  const Registry& registry_;
  std::string_view source_;
  const std::function<void(CaseRecord&&)>& on_case_;
  const NoteSink& on_note_;
  std::vector<std::string> header_;
  std::vector<std::string> fields_;
  std::array<int, static_cast<size_t>(CaseColumn::kCount)> index_;
  int64_t rows_ = 0;
};

// Month index (year × 12 + month − 1) of a day number, and the day number of a month's first day, by tables
// over 1900..2200 (other days computed directly).
struct MonthTables {
  static constexpr int kFirstYear = 1900, kLastYear = 2200;
  int32_t first_day = 0;  // day number of 1900-01-01
  std::vector<int32_t> month_of_day;
  std::vector<int32_t> month_start;  // by month index − kFirstYear × 12
  MonthTables() {
    Date start(kFirstYear, 1, 1), end(kLastYear, 12, 31);
    first_day = static_cast<int32_t>(start.day_number());
    month_of_day.reserve(static_cast<size_t>((end - start).days() + 1));
    for (Date d = start; d <= end; d += boost::gregorian::days(1)) {
      month_of_day.push_back(static_cast<int32_t>(d.year() * 12 + d.month().as_number() - 1));
    }
    for (int y = kFirstYear; y <= kLastYear + 1; ++y) {
      for (int m = 1; m <= 12; ++m) {
        month_start.push_back(static_cast<int32_t>(
            Date(static_cast<unsigned short>(std::min(y, 9999)), static_cast<unsigned short>(m), 1).day_number()));
      }
    }
  }
  int32_t MonthOf(int32_t day) const {
    int64_t i = static_cast<int64_t>(day) - first_day;
    if (i >= 0 && i < static_cast<int64_t>(month_of_day.size())) return month_of_day[static_cast<size_t>(i)];
    auto ymd = boost::gregorian::gregorian_calendar::from_day_number(static_cast<uint32_t>(day));
    return static_cast<int32_t>(ymd.year * 12 + ymd.month - 1);
  }
  int32_t StartOf(int32_t month) const {
    int64_t i = static_cast<int64_t>(month) - kFirstYear * 12;
    if (i >= 0 && i < static_cast<int64_t>(month_start.size())) return month_start[static_cast<size_t>(i)];
    return static_cast<int32_t>(
        Date(static_cast<unsigned short>(month / 12), static_cast<unsigned short>(month % 12 + 1), 1).day_number());
  }
};

const MonthTables& Months() {
  static const MonthTables* tables = new MonthTables();
  return *tables;
}

Period PeriodOfIndex(PeriodKind kind, int32_t index) {
  const int first_month = index * MonthsIn(kind);  // a month index: year × 12 + month − 1
  return Period::Containing(kind, first_month / 12, first_month % 12 + 1);
}

size_t Col(Column c) { return static_cast<size_t>(c); }

}  // namespace

std::span<const CaseColumnName> CaseColumnNames() { return kCaseColumns; }

// --- settings ----------------------------------------------------------------------------------------------

absl::StatusOr<CaseSettings> CaseSettings::FromToml(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable t(*doc, source, "");
  if (absl::Status s = t.OnlyKeys({"id", "time_limit", "major_penalty"}); !s.ok()) return s;
  CaseSettings settings;
  if (const toml::node* n = doc->get("time_limit"); n != nullptr && n->is_table()) {
    TomlTable tl(*n->as_table(), source, "time_limit");
    if (absl::Status s = tl.OnlyKeys({"default_days", "unit"}); !s.ok()) return s;
    auto days = tl.Integer("default_days", false);
    if (!days.ok()) return days.status();
    if (days->has_value()) {
      if (**days <= 0 || **days > 3650) return tl.Error("default_days", "expected 1..3650 days");
      settings.default_days_ = **days;
    }
    auto units = tl.Tables("unit");
    if (!units.ok()) return units.status();
    for (size_t i = 0; i < units->size(); ++i) {
      TomlTable u(*(*units)[i], source, internal::Cat("time_limit.unit[", i + 1, "]"));
      if (absl::Status s = u.OnlyKeys({"unit", "days"}); !s.ok()) return s;
      auto unit = u.String("unit", true);
      if (!unit.ok()) return unit.status();
      absl::StatusOr<const Unit*> resolved = Registry::Builtin().Resolve(**unit);
      if (!resolved.ok()) return u.Error("unit", internal::AsStd(resolved.status().message()));
      auto d = u.Integer("days", true);
      if (!d.ok()) return d.status();
      if (**d <= 0 || **d > 3650) return u.Error("days", "expected 1..3650 days");
      settings.unit_days_[(*resolved)->code] = **d;
    }
  }
  if (const toml::node* n = doc->get("major_penalty"); n != nullptr && n->is_table()) {
    TomlTable mp(*n->as_table(), source, "major_penalty");
    if (absl::Status s = mp.OnlyKeys({"person_yuan", "organization_yuan", "source"}); !s.ok()) return s;
    for (auto [key, field] : {std::pair{"person_yuan", &settings.person_yuan_},
                              std::pair{"organization_yuan", &settings.organization_yuan_}}) {
      auto v = mp.Integer(key, false);
      if (!v.ok()) return v.status();
      if (v->has_value()) {
        if (**v <= 0) return mp.Error(key, "expected a positive amount in yuan");
        *field = **v;
      }
    }
  }
  return settings;
}

absl::StatusOr<CaseSettings> CaseSettings::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open case settings file"));
  std::stringstream buf;
  buf << in.rdbuf();
  return FromToml(buf.str(), path);
}

const CaseSettings& CaseSettings::Builtin() {
  static const CaseSettings* settings = [] {
    absl::StatusOr<CaseSettings> s =
        FromToml(internal::EmbeddedText("data/cases/zhenping-2021.toml"), "data/cases/zhenping-2021.toml");
    if (!s.ok()) {
      std::fprintf(stderr, "zhifa: built-in case settings are invalid: %s\n",
                   std::string(s.status().message()).c_str());
      std::abort();
    }
    return new CaseSettings(*std::move(s));
  }();
  return *settings;
}

int64_t CaseSettings::TimeLimit(const CaseRecord& c, const Registry& registry) const {
  int64_t days = default_days_;
  if (c.time_limit_days) {
    days = *c.time_limit_days;
  } else if (c.unit != nullptr) {
    if (auto it = unit_days_.find(c.unit->code); it != unit_days_.end()) {
      days = it->second;
    } else if (auto p = unit_days_.find(registry.ScoredAs(*c.unit).code); p != unit_days_.end()) {
      days = p->second;
    }
  }
  return days + c.extension_days.value_or(0);
}

bool CaseSettings::IsMajorPenalty(const CaseRecord& c) const {
  const int64_t threshold = c.party_type == PartyType::kOrganization ? organization_yuan_ : person_yuan_;
  return c.fine_yuan.value_or(0) >= threshold || c.confiscated_value_yuan.value_or(0) >= threshold || c.suspension ||
         c.licence_revoked;
}

// --- reading -----------------------------------------------------------------------------------------------

absl::Status ReadCasesCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                          const std::function<void(CaseRecord&&)>& on_case, const NoteSink& on_note) {
  CasesHandler handler(registry, options.source, on_case, on_note);
  return internal::ReadCsv(in, options, on_note, handler);
}

absl::Status ReadCasesCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                              const std::function<void(CaseRecord&&)>& on_case, const NoteSink& on_note) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open case file"));
  if (options.source == "<input>") options.source = path;
  return ReadCasesCsv(in, registry, options, on_case, on_note);
}

// --- checks ------------------------------------------------------------------------------------------------

std::vector<Finding> CheckCase(const CaseRecord& c, const CaseSettings& settings) {
  std::vector<Finding> out;
  auto add = [&](std::string rule, std::string clause, std::string message) {
    out.push_back({c.row, c.case_id, std::move(rule), std::move(clause), std::move(message)});
  };
  if (!c.ok()) {
    for (const RowError& e : c.errors) {
      add("input", "", e.column.empty() ? e.message : internal::Cat("column ", e.column, ": ", e.message));
    }
    return out;
  }
  const std::string id = c.case_id;
  if (c.needs_criminal_transfer && !c.transferred_to_police_on) {
    add("criminal_transfer", "3.2.5",
        internal::Cat("case ", id, " needs criminal liability pursued but was not transferred to the police"));
  }
  if (c.needs_criminal_transfer && c.transferred_to_police_on && !c.copied_to_procuratorate) {
    add("procuratorate_copy", "3.2.5",
        internal::Cat("case ", id, " was transferred to the police on ", FormatDate(*c.transferred_to_police_on),
                      " without a copy to the county procuratorate"));
  }
  if (c.outcome == Outcome::kPenalty && !c.entered_platform) {
    add("sharing_platform", "3.2.5",
        internal::Cat("penalty case ", id, " was not entered in the 三法衔接 information-sharing platform"));
  }
  if (settings.IsMajorPenalty(c) && c.outcome != Outcome::kWithdrawn) {
    if (!c.legal_review_on) {
      add("major_penalty_review", "3.3.4",
          internal::Cat("major penalty case ", id, " has no legal review (法制审核) before the decision"));
    } else if (c.decided_on && *c.decided_on < *c.legal_review_on) {
      add("major_penalty_review", "3.3.4",
          internal::Cat("major penalty case ", id, " was reviewed on ", FormatDate(*c.legal_review_on),
                        ", after the decision of ", FormatDate(*c.decided_on)));
    }
    if (!c.filed_for_record_on) {
      add("major_penalty_record", "3.3.4",
          internal::Cat("major penalty case ", id, " was not filed for record (备案) under the Henan rules"));
    }
  }
  if (c.executed_on && c.decided_on && *c.executed_on < *c.decided_on) {
    add("execution_before_decision", "A2.3",
        internal::Cat("case ", id, " was executed on ", FormatDate(*c.executed_on), ", before its decision of ",
                      FormatDate(*c.decided_on)));
  }
  if (c.executed_on && !c.decided_on) {
    add("execution_before_decision", "A2.3",
        internal::Cat("case ", id, " was executed on ", FormatDate(*c.executed_on), " but has no decision date"));
  }
  return out;
}

// --- quota -------------------------------------------------------------------------------------------------

namespace {

class QuotaHandler : public internal::CsvHandler {
 public:
  QuotaHandler(const Registry& registry, std::string_view source, absl::flat_hash_map<std::string, int64_t>& table)
      : registry_(registry), source_(source), table_(table) {}
  absl::Status Header(std::vector<std::string>& fields) override {
    for (size_t i = 0; i < fields.size(); ++i) {
      std::string name(internal::Trim(fields[i]));
      std::string lower = internal::Lower(name);
      if (lower == "unit" || name == "单位") unit_ = static_cast<int>(i);
      if (lower == "period" || name == "期间") period_ = static_cast<int>(i);
      if (lower == "should_file" || name == "应立案数量") quota_ = static_cast<int>(i);
    }
    if (unit_ < 0 || period_ < 0 || quota_ < 0) {
      return absl::InvalidArgumentError(
          internal::Cat(source_, ": header: a quota file needs the columns unit, period and should_file"));
    }
    return absl::OkStatus();
  }
  absl::Status Record(std::vector<std::string>& fields) override {
    ++row_;
    auto cell = [&](int at) {
      return static_cast<size_t>(at) < fields.size() ? internal::Trim(fields[static_cast<size_t>(at)])
                                                     : std::string_view();
    };
    auto bad = [&](std::string_view column, std::string_view what) {
      return absl::InvalidArgumentError(internal::Cat(source_, ": row ", row_, ", column ", column, ": ", what));
    };
    absl::StatusOr<const Unit*> u = registry_.Resolve(cell(unit_));
    if (!u.ok()) return bad("unit", internal::AsStd(u.status().message()));
    absl::StatusOr<Period> p = Period::Parse(cell(period_));
    if (!p.ok()) return bad("period", internal::AsStd(p.status().message()));
    std::string_view q = cell(quota_);
    int64_t v = 0;
    bool ok = !q.empty() && q.size() <= 15;
    for (char ch : q) ok = ok && ch >= '0' && ch <= '9';
    if (!ok) return bad("should_file", internal::Cat("\"", q, "\" is not a whole number >= 0"));
    for (char ch : q) v = v * 10 + (ch - '0');
    table_[internal::Cat(registry_.ScoredAs(**u).code, "|", p->ToString())] = v;
    return absl::OkStatus();
  }

 private:
  const Registry& registry_;
  std::string_view source_;
  absl::flat_hash_map<std::string, int64_t>& table_;
  int unit_ = -1, period_ = -1, quota_ = -1;
  int64_t row_ = 0;
};

}  // namespace

absl::StatusOr<QuotaSource> QuotaSource::FromCsv(std::istream& in, const Registry& registry,
                                                 const CsvOptions& options) {
  QuotaSource q(Kind::kTable);
  QuotaHandler handler(registry, options.source, q.table_);
  if (absl::Status s = internal::ReadCsv(in, options, nullptr, handler); !s.ok()) return s;
  return q;
}

absl::StatusOr<QuotaSource> QuotaSource::FromCsvFile(const std::string& path, const Registry& registry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open quota file"));
  CsvOptions options;
  options.source = path;
  return FromCsv(in, registry, options);
}

std::optional<int64_t> QuotaSource::Find(const Unit& unit, const Period& period) const {
  auto it = table_.find(internal::Cat(unit.code, "|", period.ToString()));
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

// --- aggregation -------------------------------------------------------------------------------------------

CaseAggregator::CaseAggregator(const Registry& registry, const CaseSettings& settings, AggregateOptions options)
    : registry_(registry), settings_(settings), options_(options) {}

void CaseAggregator::Add(const CaseRecord& c) {
  auto day = [](const std::optional<Date>& d) { return d ? static_cast<int32_t>(d->day_number()) : kNoDay; };
  const Unit& scored = registry_.ScoredAs(*c.unit);
  unit_.push_back(static_cast<int32_t>(&scored - registry_.units().data()));
  filed_.push_back(day(c.filed_on));
  decided_.push_back(day(c.decided_on));
  closed_.push_back(day(c.closed_on));
  executed_.push_back(day(c.executed_on));
  sued_.push_back(day(c.sued_on));
  judgment_.push_back(day(c.judgment_on));
  limit_.push_back(static_cast<int32_t>(std::min<int64_t>(settings_.TimeLimit(c, registry_), INT32_MAX / 2)));
  uint8_t f = 0;
  f |= c.leader_assigned ? kLeaderAssigned : 0;
  f |= c.leader_fulfilled ? kLeaderFulfilled : 0;
  f |= c.court_refused ? kCourtRefused : 0;
  f |= c.missed_penalty ? kMissedPenalty : 0;
  f |= c.judgment_won ? kJudgmentWon : 0;
  f |= c.outcome == Outcome::kPenalty ? kPenalty : 0;
  flags_.push_back(f);
  if (unit_.size() >= (1 << 16)) Flush();
}

void CaseAggregator::Flush() {
  if (unit_.empty()) return;
  AddColumns({unit_, filed_, decided_, closed_, executed_, sued_, judgment_, limit_, flags_});
  for (auto* v : {&unit_, &filed_, &decided_, &closed_, &executed_, &sued_, &judgment_, &limit_}) v->clear();
  flags_.clear();
}

int32_t CaseAggregator::PeriodIndex(int32_t day) const { return Months().MonthOf(day) / MonthsIn(options_.period); }

int32_t CaseAggregator::AsOf(int32_t period_index) const {
  if (options_.as_of) return static_cast<int32_t>(options_.as_of->day_number());
  return Months().StartOf((period_index + 1) * MonthsIn(options_.period)) - 1;
}

void CaseAggregator::AddColumns(const CaseColumns& c) {
  const size_t n = c.unit.size();
  // A cache of the last period's evaluation date: cases come in runs of one period.
  int32_t cached_period = INT32_MIN, cached_as_of = 0;
  auto as_of = [&](int32_t p) {
    if (p != cached_period) {
      cached_period = p;
      cached_as_of = AsOf(p);
    }
    return cached_as_of;
  };
  uint64_t last_key = UINT64_MAX;
  std::array<int64_t, kColumnCount>* last_cell = nullptr;
  auto cell = [&](int32_t unit, int32_t period) -> std::array<int64_t, kColumnCount>& {
    const uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(unit)) << 32) | static_cast<uint32_t>(period);
    if (key != last_key) {
      last_key = key;
      auto [it, inserted] = cells_.try_emplace(key);
      if (inserted) it->second.fill(0);
      last_cell = &it->second;
    }
    return *last_cell;
  };
  for (size_t i = 0; i < n; ++i) {
    const int32_t unit = c.unit[i];
    const int32_t filed = c.filed[i];
    const uint8_t flags = c.flags[i];
    if (filed != kNoDay) {
      const int32_t p = PeriodIndex(filed);
      const int32_t at = as_of(p);
      if (filed <= at) {  // the cohort: filed in the period, by the evaluation date
        std::array<int64_t, kColumnCount>& x = cell(unit, p);
        const int32_t decided = c.decided[i], closed = c.closed[i], executed = c.executed[i];
        const int32_t deadline = filed + c.limit_days[i];
        const bool decided_by = decided != kNoDay && decided <= at;
        const bool closed_by = closed != kNoDay && closed <= at;
        x[Col(Column::kFiled)] += 1;
        x[Col(Column::kEnforcementCases)] += 1;
        x[Col(Column::kClosed)] += closed_by;
        // Overdue (行政处罚法 第六十条): decided after the limit, or still undecided past it at the evaluation date.
        x[Col(Column::kOverdue)] += decided_by ? decided > deadline : at > deadline;
        x[Col(Column::kLeaderUnfulfilled)] += (flags & kLeaderAssigned) && !(flags & kLeaderFulfilled);
        // Executed among the closed cases (执行率 = 执行数量 ÷ 办结数量).
        x[Col(Column::kExecuted)] += closed_by && executed != kNoDay && executed <= at;
        x[Col(Column::kCourtRefused)] += (flags & kCourtRefused) != 0;
        x[Col(Column::kPenalized)] += (flags & kPenalty) && (decided == kNoDay || decided <= at);
        x[Col(Column::kMissedPenalty)] += (flags & kMissedPenalty) != 0;
      }
    }
    // Litigation by the event's own date, whatever the filing period (A2.5, A2.6).
    if (const int32_t sued = c.sued[i]; sued != kNoDay) {
      const int32_t p = PeriodIndex(sued);
      if (sued <= as_of(p)) cell(unit, p)[Col(Column::kSued)] += 1;
    }
    if (const int32_t judgment = c.judgment[i]; judgment != kNoDay) {
      const int32_t p = PeriodIndex(judgment);
      if (judgment <= as_of(p)) {
        std::array<int64_t, kColumnCount>& x = cell(unit, p);
        x[Col(Column::kJudgments)] += 1;
        x[Col(Column::kJudgmentsWon)] += (flags & kJudgmentWon) != 0;
      }
    }
  }
}

std::vector<AggregatedRow> CaseAggregator::Finish(const QuotaSource& quota) {
  Flush();
  std::vector<std::pair<uint64_t, const std::array<int64_t, kColumnCount>*>> sorted;
  sorted.reserve(cells_.size());
  for (const auto& [key, counters] : cells_) sorted.emplace_back(key, &counters);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    const uint32_t ua = static_cast<uint32_t>(a.first >> 32), ub = static_cast<uint32_t>(b.first >> 32);
    if (ua != ub) return ua < ub;
    return static_cast<int32_t>(a.first) < static_cast<int32_t>(b.first);
  });
  std::vector<AggregatedRow> rows;
  rows.reserve(sorted.size());
  missing_quota_.clear();
  for (size_t k = 0; k < sorted.size(); ++k) {
    const uint32_t unit_index = static_cast<uint32_t>(sorted[k].first >> 32);
    const int32_t period_index = static_cast<int32_t>(sorted[k].first);
    AggregatedRow row;
    row.unit = &registry_.units()[unit_index];
    row.period = PeriodOfIndex(options_.period, period_index);
    for (Column col : kAllColumns) {
      if (col != Column::kShouldFile) row.counts.Set(col, (*sorted[k].second)[Col(col)]);
    }
    std::optional<int64_t> should_file;
    if (quota.history()) {
      // A2.1: the ceiling of the mean of the unit's filings in the two previous periods present in the data.
      if (k >= 2 && static_cast<uint32_t>(sorted[k - 2].first >> 32) == unit_index) {
        const int64_t sum = (*sorted[k - 1].second)[Col(Column::kFiled)] + (*sorted[k - 2].second)[Col(Column::kFiled)];
        should_file = (sum + 1) / 2;
      }
    } else {
      should_file = quota.Find(*row.unit, row.period);
    }
    if (should_file) {
      row.counts.Set(Column::kShouldFile, *should_file);
    } else {
      missing_quota_.emplace_back(row.unit, row.period);
    }
    rows.push_back(std::move(row));
  }
  cells_.clear();
  return rows;
}

void WriteCountsCsv(std::ostream& out, std::span<const AggregatedRow> rows) {
  std::string line = "unit,period";
  for (Column c : kAllColumns) internal::Append(&line, ",", ColumnName(c));
  out << line << "\n";
  for (const AggregatedRow& r : rows) {
    line.clear();
    AppendCsvField(line, r.unit->name);
    internal::Append(&line, ",", r.period.ToString());
    for (Column c : kAllColumns) {
      line += ",";
      if (r.counts.Has(c)) internal::Append(&line, r.counts.Get(c));
    }
    out << line << "\n";
  }
}

}  // namespace zhifa
