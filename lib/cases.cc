#include "zhifa/cases.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "boost/date_time/gregorian/gregorian.hpp"
#include "lib/cells.h"
#include "lib/csv_reader.h"
#include "lib/embedded.h"
#include "lib/huge_pages.h"
#include "lib/strings.h"
#include "lib/table_reader.h"
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
  kInvestigators,
  kDecidedBy,
  kReviewedBy,
  kCount
};

// The case columns, in CaseColumn order (the specs are in lib/table_reader.cc with the other tables').
std::span<const internal::ColumnSpec> Specs() { return internal::CaseColumns(); }

// Reads the rows of a case table.
class CasesHandler : public internal::TableHandler {
 public:
  CasesHandler(const Registry& registry, std::string_view source, const std::function<void(CaseRecord&&)>& on_case)
      : registry_(registry), source_(source), on_case_(on_case) {}

  void Row(const internal::TableRow& r) override {
    row_ = &r;
    CaseRecord c;
    c.row = r.line;
    if (r.extra_cells > 0) {
      c.errors.push_back({"", internal::Cat("has ", r.extra_cells, " cell", r.extra_cells > 1 ? "s" : "",
                                            " beyond the header's columns")});
    }
    c.case_id = std::string(Cell(CaseColumn::kCaseId));
    if (c.case_id.empty()) Error(c, CaseColumn::kCaseId, "missing; every case needs an id");
    c.unit_text = std::string(Cell(CaseColumn::kUnit));
    if (absl::StatusOr<const Unit*> u = units_.Get(r, Index(CaseColumn::kUnit), c.unit_text,
                                                   [&](std::string_view t) { return registry_.Resolve(t); });
        u.ok()) {
      c.unit = *u;
    } else {
      Error(c, CaseColumn::kUnit, std::string(u.status().message()));
      c.errors.back().code = u.status().code();
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
      const std::string_view cell = Cell(column);
      if (cell.empty()) continue;
      if (absl::StatusOr<Date> d = dates_.Get(r, Index(column), cell, [](std::string_view t) { return ParseDate(t); });
          d.ok()) {
        *out = *d;
      } else {
        Error(c, column, std::string(d.status().message()));
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
      if (std::optional<bool> b = bools_.Get(r, Index(column), cell, internal::ParseBoolCell)) {
        *out = *b;
      } else {
        Error(c, column,
              internal::Cat("\"", internal::EchoValue(cell),
                            "\" is not a boolean; expected 1/0, true/false, 是/否 or √"));
      }
    }
    struct IntField {
      CaseColumn column;
      std::optional<int64_t>* out;
      bool money;  // yuan: up to two decimals (fen), counted in whole yuan, rounded down
    };
    for (auto [column, out, money] : {IntField{CaseColumn::kFineYuan, &c.fine_yuan, true},
                                      IntField{CaseColumn::kConfiscatedValueYuan, &c.confiscated_value_yuan, true},
                                      IntField{CaseColumn::kTimeLimitDays, &c.time_limit_days, false},
                                      IntField{CaseColumn::kExtensionDays, &c.extension_days, false}}) {
      std::string_view cell = Cell(column);
      if (cell.empty()) continue;
      const bool yuan = money;  // a structured binding cannot be captured before C++20 in clang 14
      std::optional<int64_t> v = numbers_.Get(r, Index(column), cell, [yuan](std::string_view t) {
        std::string why;
        return yuan ? internal::ParseYuan(t, &why) : internal::ParseWhole(t, &why);
      });
      if (v && *v >= 0 && *v <= (money ? int64_t{1} << 50 : 36500)) {
        *out = *v;
      } else {
        Error(c, column,
              internal::Cat("\"", internal::EchoValue(cell), "\" is not ",
                            money ? "an amount in yuan" : "a number of days", " >= 0", v ? " within range" : ""));
      }
    }
    for (auto [column, out] :
         {std::pair{CaseColumn::kInvestigators, &c.investigators}, std::pair{CaseColumn::kDecidedBy, &c.decided_by},
          std::pair{CaseColumn::kReviewedBy, &c.reviewed_by}}) {
      if (std::string_view cell = Cell(column); !cell.empty()) *out = internal::SplitList(cell);
    }
    if (std::string_view o = Cell(CaseColumn::kOutcome); !o.empty()) {
      if (std::optional<Outcome> v = OutcomeFromName(o)) {
        c.outcome = *v;
      } else {
        Error(c, CaseColumn::kOutcome,
              internal::Cat("\"", internal::EchoValue(o),
                            "\" is not an outcome; expected penalty, no_penalty, withdrawn or transferred"));
      }
    }
    if (std::string_view d = Cell(CaseColumn::kDefendant); !d.empty()) {
      if (std::optional<Defendant> v = DefendantFromName(d)) {
        c.defendant = *v;
      } else {
        Error(c, CaseColumn::kDefendant,
              internal::Cat("\"", internal::EchoValue(d), "\" is not a defendant; expected unit or county_government"));
      }
    }
    if (std::string_view p = Cell(CaseColumn::kPartyType); !p.empty()) {
      if (std::optional<PartyType> v = PartyTypeFromName(p)) {
        c.party_type = *v;
      } else {
        Error(c, CaseColumn::kPartyType,
              internal::Cat("\"", internal::EchoValue(p), "\" is not a party type; expected person or organization"));
      }
    }
    // The rules of every case (dates that cannot be: a decision, closure or execution before the filing),
    // unless a cell they read is already bad.
    if (c.ok()) {
      for (RowError& e : ValidateCase(c)) {
        for (size_t k = 0; k < Specs().size(); ++k) {
          if (Specs()[k].name == e.column) {
            e.value = std::string(r.Raw(k));
            e.column = std::string(r.Header(k));
          }
        }
        c.errors.push_back(std::move(e));
      }
    }
    on_case_(std::move(c));
  }

 private:
  static size_t Index(CaseColumn column) { return static_cast<size_t>(column); }
  std::string_view Cell(CaseColumn column) const {
    return row_->Has(Index(column)) ? row_->Cell(Index(column)) : std::string_view();
  }
  void Error(CaseRecord& c, CaseColumn column, std::string message) const {
    const size_t s = static_cast<size_t>(column);
    c.errors.push_back({std::string(row_->Header(s)), std::move(message), std::string(row_->Raw(s))});
  }

  const Registry& registry_;
  std::string_view source_;
  const std::function<void(CaseRecord&&)>& on_case_;
  const internal::TableRow* row_ = nullptr;
  internal::CellMemo<absl::StatusOr<const Unit*>> units_;
  internal::CellMemo<absl::StatusOr<Date>> dates_;
  internal::CellMemo<std::optional<bool>> bools_;
  internal::CellMemo<std::optional<int64_t>> numbers_;
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

std::vector<std::string> Strings(const std::vector<int>& values) {
  std::vector<std::string> out;
  for (int v : values) out.push_back(internal::Cat(v));
  return out;
}

std::string JoinRowErrors(const std::vector<RowError>& errors) {
  std::vector<std::string> parts;
  for (const RowError& e : errors) {
    parts.push_back(e.column.empty() ? e.message : internal::Cat("column ", e.column, ": ", e.message));
  }
  return internal::Join(parts, "; ");
}

}  // namespace

std::span<const CaseColumnName> CaseColumnNames() {
  static const auto& names = *new std::vector<TableColumn>(internal::TableColumnsOf(Specs()));
  return names;
}

std::optional<Outcome> OutcomeFromName(std::string_view name) {
  std::string v = internal::Lower(internal::Trim(name));
  if (v == "penalty" || v == "处罚" || v == "行政处罚") return Outcome::kPenalty;
  if (v == "no_penalty" || v == "不予处罚" || v == "不予行政处罚") return Outcome::kNoPenalty;
  if (v == "withdrawn" || v == "撤销" || v == "撤案" || v == "撤销立案") return Outcome::kWithdrawn;
  if (v == "transferred" || v == "移送") return Outcome::kTransferred;
  return std::nullopt;
}

std::optional<Defendant> DefendantFromName(std::string_view name) {
  std::string v = internal::Lower(internal::Trim(name));
  if (v == "unit" || v == "本单位" || v == "单位") return Defendant::kUnit;
  if (v == "county_government" || v == "县政府" || v == "县人民政府") return Defendant::kCountyGovernment;
  return std::nullopt;
}

std::optional<PartyType> PartyTypeFromName(std::string_view name) {
  std::string v = internal::Lower(internal::Trim(name));
  if (v == "person" || v == "个人" || v == "自然人") return PartyType::kPerson;
  if (v == "organization" || v == "organisation" || v == "单位" || v == "法人" || v == "组织" ||
      v == "法人或其他组织") {
    return PartyType::kOrganization;
  }
  return std::nullopt;
}

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPenalty:
      return "penalty";
    case Outcome::kNoPenalty:
      return "no_penalty";
    case Outcome::kWithdrawn:
      return "withdrawn";
    case Outcome::kTransferred:
      return "transferred";
    case Outcome::kNone:
      break;
  }
  return "";
}

std::string_view DefendantName(Defendant defendant) {
  switch (defendant) {
    case Defendant::kUnit:
      return "unit";
    case Defendant::kCountyGovernment:
      return "county_government";
    case Defendant::kNone:
      break;
  }
  return "";
}

std::string_view PartyTypeName(PartyType party_type) {
  switch (party_type) {
    case PartyType::kPerson:
      return "person";
    case PartyType::kOrganization:
      return "organization";
    case PartyType::kNone:
      break;
  }
  return "";
}

std::vector<RowError> ValidateCase(const CaseRecord& c) {
  std::vector<RowError> errors;
  if (c.case_id.empty()) errors.push_back({"case_id", "missing; every case needs an id"});
  if (c.unit == nullptr)
    errors.push_back({"unit", internal::Cat("\"", c.unit_text, "\" is not a unit of the registry")});
  if (!c.filed_on) {
    errors.push_back({"filed_on", "missing; every case needs its filing date"});
    return errors;
  }
  for (auto [name, date] : {std::pair{"decided_on", &c.decided_on}, std::pair{"closed_on", &c.closed_on},
                            std::pair{"executed_on", &c.executed_on}}) {
    if (*date && **date < *c.filed_on) {
      errors.push_back({name, internal::Cat(FormatDate(**date), " is before filed_on ", FormatDate(*c.filed_on))});
    }
  }
  return errors;
}

// --- settings ----------------------------------------------------------------------------------------------

absl::StatusOr<CaseSettings> CaseSettings::FromText(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable t(*doc, source, "");
  if (absl::Status s = t.OnlyKeys({"id", "time_limit", "major_penalty", "quota"}); !s.ok()) return s;
  CaseSettings settings;
  if (const toml::node* n = doc->get("time_limit"); n != nullptr && n->is_table()) {
    TomlTable tl(*n->as_table(), source, "time_limit");
    if (absl::Status s = tl.OnlyKeys({"default_days", "period", "unit"}); !s.ok()) return s;
    auto days = tl.Integer("default_days", false);
    if (!days.ok()) return days.status();
    auto periods = tl.Tables("period");
    if (!periods.ok()) return periods.status();
    if (days->has_value() && !periods->empty()) {
      return tl.Error("default_days", "give either default_days or [[time_limit.period]] tables, not both");
    }
    if (days->has_value()) {
      if (**days <= 0 || **days > 3650) return tl.Error("default_days", "expected 1..3650 days");
      settings.time_limits_ = {{std::nullopt, std::nullopt, **days, "default_days"}};
    }
    if (!periods->empty()) settings.time_limits_.clear();
    for (size_t i = 0; i < periods->size(); ++i) {
      TomlTable pt(*(*periods)[i], source, internal::Cat("time_limit.period[", i + 1, "]"));
      if (absl::Status s = pt.OnlyKeys({"from", "until", "days", "source"}); !s.ok()) return s;
      TimeLimitPeriod tp;
      auto from = pt.Date("from", false);
      if (!from.ok()) return from.status();
      auto until = pt.Date("until", false);
      if (!until.ok()) return until.status();
      auto d = pt.Integer("days", true);
      if (!d.ok()) return d.status();
      auto src = pt.String("source", true);
      if (!src.ok()) return src.status();
      tp.from = *from;
      tp.until = *until;
      tp.days = **d;
      tp.source = **src;
      if (tp.days <= 0 || tp.days > 3650) return pt.Error("days", "expected 1..3650 days");
      if (tp.from && tp.until && *tp.until < *tp.from) return pt.Error("until", "is before from; dates out of order");
      settings.time_limits_.push_back(std::move(tp));
    }
    // By start: an open start (nullopt) first.
    std::sort(settings.time_limits_.begin(), settings.time_limits_.end(),
              [](const TimeLimitPeriod& a, const TimeLimitPeriod& b) { return a.from < b.from; });
    for (size_t i = 0; i + 1 < settings.time_limits_.size(); ++i) {
      const TimeLimitPeriod& a = settings.time_limits_[i];
      const TimeLimitPeriod& b = settings.time_limits_[i + 1];
      if (!a.until || !b.from || *a.until >= *b.from) {
        return tl.Error("period", internal::Cat("time-limit periods \"", a.source, "\" and \"", b.source,
                                                "\" overlap; give each filing date one limit"));
      }
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
  if (const toml::node* n = doc->get("quota"); n != nullptr && n->is_table()) {
    TomlTable q(*n->as_table(), source, "quota");
    if (absl::Status s = q.OnlyKeys({"neighbour_policy"}); !s.ok()) return s;
    auto policy = q.String("neighbour_policy", false);
    if (!policy.ok()) return policy.status();
    if (policy->has_value()) {
      if (**policy == "history") {
        settings.neighbour_policy_ = NeighbourPolicy::kHistory;
      } else if (**policy == "max") {
        settings.neighbour_policy_ = NeighbourPolicy::kMax;
      } else if (**policy == "mean") {
        settings.neighbour_policy_ = NeighbourPolicy::kMean;
      } else {
        return q.Error("neighbour_policy",
                       internal::Cat("\"", **policy, "\" is not a policy; expected history, max or mean"));
      }
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
  settings.text_ = std::string(text);
  return settings;
}

absl::StatusOr<CaseSettings> CaseSettings::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = internal::ReadTextFile(path, "case settings");
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

const CaseSettings& CaseSettings::Builtin() {
  static const CaseSettings& settings =
      internal::BuiltinFrom<CaseSettings>("data/cases/zhenping-2021.toml", "case settings");
  return settings;
}

absl::StatusOr<int64_t> CaseSettings::TimeLimit(const CaseRecord& c, const Registry& registry) const {
  int64_t days = 0;
  if (c.time_limit_days) {
    days = *c.time_limit_days;
  } else if (auto it = c.unit != nullptr ? unit_days_.find(c.unit->code) : unit_days_.end(); it != unit_days_.end()) {
    days = it->second;
  } else if (auto p = c.unit != nullptr ? unit_days_.find(registry.ScoredAs(*c.unit).code) : unit_days_.end();
             p != unit_days_.end()) {
    days = p->second;
  } else {
    if (!c.filed_on) return absl::InvalidArgumentError(internal::Cat("case ", c.case_id, " has no filing date"));
    const TimeLimitPeriod* in_force = nullptr;
    for (const TimeLimitPeriod& t : time_limits_) {
      if ((!t.from || *t.from <= *c.filed_on) && (!t.until || *c.filed_on <= *t.until)) in_force = &t;
    }
    if (in_force == nullptr) {
      return absl::OutOfRangeError(internal::Cat("case ", c.case_id,
                                                 ": no time limit of the case settings covers its filing date ",
                                                 FormatDate(*c.filed_on), "; add a [[time_limit.period]] for it"));
    }
    days = in_force->days;
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
  CasesHandler handler(registry, options.source, on_case);
  return internal::ReadTable(in, Specs(), "case", options, on_note, handler);
}

absl::Status ReadCasesColumns(const ColumnarTable& table, const Registry& registry, std::string_view source,
                              const std::function<void(CaseRecord&&)>& on_case, const NoteSink& on_note) {
  CasesHandler handler(registry, source, on_case);
  return internal::ReadTableColumns(table, Specs(), "case", source, on_note, handler);
}

absl::Status ReadCasesCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                              const std::function<void(CaseRecord&&)>& on_case, const NoteSink& on_note) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open case file"));
  if (options.source == "<input>") options.source = path;
  return ReadCasesCsv(in, registry, options, on_case, on_note);
}

// --- checks ------------------------------------------------------------------------------------------------

std::vector<Finding> CheckCase(const CaseRecord& c, const CaseSettings& settings, const Registry& registry) {
  std::vector<Finding> out;
  const std::string unit = c.unit != nullptr ? registry.ScoredAs(*c.unit).name : c.unit_text;
  auto add = [&](std::string rule, std::string clause, std::string zh, std::string en) {
    out.push_back({c.row, c.case_id, unit, std::move(rule), std::move(clause), std::move(zh), std::move(en)});
  };
  if (!c.ok()) {
    for (const RowError& e : c.errors) {
      std::string where = e.column.empty() ? std::string() : internal::Cat("column ", e.column, ": ");
      std::string where_zh = e.column.empty() ? std::string() : internal::Cat("列 ", e.column, "：");
      add("input", "", internal::Cat(where_zh, e.message), internal::Cat(where, e.message));
    }
    return out;
  }
  const std::string& id = c.case_id;
  if (c.needs_criminal_transfer && !c.transferred_to_police_on) {
    add("criminal_transfer", "3.2.5", internal::Cat("案件 ", id, " 涉嫌犯罪需追究刑事责任，但未移送公安机关"),
        internal::Cat("case ", id, " needs criminal liability pursued but was not transferred to the police"));
  }
  if (c.needs_criminal_transfer && c.transferred_to_police_on && !c.copied_to_procuratorate) {
    add("procuratorate_copy", "3.2.5",
        internal::Cat("案件 ", id, " 于 ", FormatDate(*c.transferred_to_police_on), " 移送公安机关，但未抄送县检察院"),
        internal::Cat("case ", id, " was transferred to the police on ", FormatDate(*c.transferred_to_police_on),
                      " without a copy to the county procuratorate"));
  }
  if (c.outcome == Outcome::kPenalty && !c.entered_platform) {
    add("sharing_platform", "3.2.5", internal::Cat("处罚案件 ", id, " 未录入“三法衔接”信息共享平台"),
        internal::Cat("penalty case ", id, " was not entered in the 三法衔接 information-sharing platform"));
  }
  // 3.3.4: the review comes before a decision and the filing for record after it, so only a decided case is
  // checked; an undecided one is checked once it has its decision date.
  if (c.decided_on && settings.IsMajorPenalty(c) && c.outcome != Outcome::kWithdrawn) {
    if (!c.legal_review_on) {
      add("major_penalty_review", "3.3.4",
          internal::Cat("重大行政处罚案件 ", id, " 于 ", FormatDate(*c.decided_on), " 作出决定，决定前未经法制审核"),
          internal::Cat("major penalty case ", id, " was decided on ", FormatDate(*c.decided_on),
                        " without a legal review (法制审核) before the decision"));
    } else if (*c.decided_on < *c.legal_review_on) {
      add("major_penalty_review", "3.3.4",
          internal::Cat("重大行政处罚案件 ", id, " 的法制审核日期 ", FormatDate(*c.legal_review_on), " 晚于决定日期 ",
                        FormatDate(*c.decided_on)),
          internal::Cat("major penalty case ", id, " was reviewed on ", FormatDate(*c.legal_review_on),
                        ", after the decision of ", FormatDate(*c.decided_on)));
    }
    if (!c.filed_for_record_on) {
      add("major_penalty_record", "3.3.4", internal::Cat("重大行政处罚案件 ", id, " 未按河南省规定备案"),
          internal::Cat("major penalty case ", id, " was not filed for record (备案) under the Henan rules"));
    }
  }
  if (c.executed_on && c.decided_on && *c.executed_on < *c.decided_on) {
    add("execution_before_decision", "A2.3",
        internal::Cat("案件 ", id, " 于 ", FormatDate(*c.executed_on), " 执行，早于决定日期 ",
                      FormatDate(*c.decided_on)),
        internal::Cat("case ", id, " was executed on ", FormatDate(*c.executed_on), ", before its decision of ",
                      FormatDate(*c.decided_on)));
  }
  if (c.executed_on && !c.decided_on) {
    add("execution_before_decision", "A2.3",
        internal::Cat("案件 ", id, " 于 ", FormatDate(*c.executed_on), " 执行，但没有决定日期"),
        internal::Cat("case ", id, " was executed on ", FormatDate(*c.executed_on), " but has no decision date"));
  }
  return out;
}

// --- quota -------------------------------------------------------------------------------------------------

namespace {

class QuotaHandler : public internal::TableHandler {
 public:
  QuotaHandler(const Registry& registry, std::string_view source, absl::flat_hash_map<std::string, int64_t>& table,
               absl::flat_hash_map<std::string, int64_t>& neighbour)
      : registry_(registry), source_(source), table_(table), neighbour_(neighbour) {}
  absl::Status Begin(const internal::TableRow& header) override {
    if (!header.Has(kShouldFile) && !header.Has(kNeighbour)) {
      return absl::InvalidArgumentError(internal::Cat(
          source_,
          ": header: a quota file needs the columns unit, period and should_file (应立案数量) or neighbour "
          "(临近县区年度立案数量)"));
    }
    return absl::OkStatus();
  }
  void Row(const internal::TableRow& r) override {
    if (!status_.ok()) return;
    auto bad = [&](size_t spec, std::string_view what) {
      status_ = absl::InvalidArgumentError(
          internal::Cat(source_, ": line ", r.line, ", column ", r.Header(spec), ": ", what));
    };
    absl::StatusOr<const Unit*> u = registry_.Resolve(r.Cell(kUnit));
    if (!u.ok()) return bad(kUnit, internal::AsStd(u.status().message()));
    absl::StatusOr<Period> p = Period::Parse(r.Cell(kPeriod));
    if (!p.ok()) return bad(kPeriod, internal::AsStd(p.status().message()));
    const std::string& code = registry_.ScoredAs(**u).code;
    for (size_t spec : {kShouldFile, kNeighbour}) {
      std::string_view q = r.Cell(spec);
      if (q.empty()) continue;
      std::optional<int64_t> v = internal::ParseWhole(q, nullptr);
      if (!v || *v < 0) return bad(spec, internal::Cat("\"", internal::EchoValue(q), "\" is not a whole number >= 0"));
      const bool neighbour = spec == kNeighbour;
      if (neighbour && p->kind() != PeriodKind::kYear) {
        return bad(spec, internal::Cat("the neighbouring counties' figure is annual (临近县区年度立案数量); ",
                                       p->ToString(), " is not a year"));
      }
      const std::string key = internal::Cat(code, "|", neighbour ? internal::Cat(p->year()) : p->ToString());
      auto [it, inserted] = (neighbour ? neighbour_ : table_).try_emplace(key, *v);
      if (!inserted) {
        return bad(spec, internal::Cat((**u).name, " ", p->ToString(), " is given twice; one row per unit and period"));
      }
    }
  }
  const absl::Status& status() const { return status_; }

 private:
  static constexpr size_t kUnit = 0, kPeriod = 1, kShouldFile = 2, kNeighbour = 3;  // QuotaColumns()
  const Registry& registry_;
  std::string_view source_;
  absl::flat_hash_map<std::string, int64_t>& table_;
  absl::flat_hash_map<std::string, int64_t>& neighbour_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<QuotaSource> QuotaSource::FromCsv(std::istream& in, const Registry& registry,
                                                 const CsvOptions& options) {
  QuotaSource q;
  QuotaHandler handler(registry, options.source, q.table_, q.neighbour_);
  if (absl::Status s = internal::ReadTable(in, internal::QuotaColumns(), "quota", options, nullptr, handler); !s.ok()) {
    return s;
  }
  if (!handler.status().ok()) return handler.status();
  return q;
}

absl::StatusOr<QuotaSource> QuotaSource::FromCsvFile(const std::string& path, const Registry& registry,
                                                     CsvOptions options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open quota file"));
  if (options.source == "<input>") options.source = path;
  return FromCsv(in, registry, options);
}

std::optional<int64_t> QuotaSource::Find(const Unit& unit, const Period& period) const {
  auto it = table_.find(internal::Cat(unit.code, "|", period.ToString()));
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> QuotaSource::Neighbour(const Unit& unit, int year) const {
  auto it = neighbour_.find(internal::Cat(unit.code, "|", year));
  if (it == neighbour_.end()) return std::nullopt;
  return it->second;
}

// --- aggregation -------------------------------------------------------------------------------------------

CaseAggregator::CaseAggregator(const Registry& registry, const CaseSettings& settings, AggregateOptions options)
    : registry_(registry),
      settings_(settings),
      options_(options),
      covered_years_(static_cast<size_t>(Period::kMaxYear - Period::kMinYear + 1), false) {}

namespace {

// Two independent 64-bit hashes of a case id: a false repeat among 10^9 ids is below 10^-20.
std::pair<uint64_t, uint64_t> IdKey(std::string_view id) {
  return {absl::Hash<std::string_view>{}(id),
          absl::Hash<std::pair<std::string_view, uint64_t>>{}({id, uint64_t{0x9E3779B97F4A7C15}})};
}

}  // namespace

std::string RepeatedCaseIdMessage(std::string_view id, int64_t first_line) {
  return internal::Cat("case_id \"", internal::EchoValue(id), "\" is repeated (first on line ", first_line,
                       "); each case is counted once");
}

std::vector<std::pair<size_t, size_t>> RepeatedCaseIds(std::span<const std::string_view> ids) {
  // Rows by a 64-bit hash of their id, radix-sorted (eight stable passes of 8 bits: rows stay in order within a
  // hash, and 256 buckets keep the scattering within the cache), then each run of one hash split by the ids
  // themselves, compared exactly.
  struct Entry {
    uint64_t hash;
    size_t row;
  };
  internal::HugeVector<Entry> a, b;
  a.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!ids[i].empty()) a.push_back({absl::Hash<std::string_view>{}(ids[i]), i});
  }
  b.resize(a.size());
  std::array<size_t, 256> count;
  for (int shift = 0; shift < 64; shift += 8) {
    count.fill(0);
    for (const Entry& e : a) ++count[(e.hash >> shift) & 0xFF];
    size_t at = 0;
    for (size_t& c : count) at += std::exchange(c, at);
    for (const Entry& e : a) b[count[(e.hash >> shift) & 0xFF]++] = e;
    a.swap(b);
  }
  std::vector<std::pair<size_t, size_t>> repeated;
  for (size_t x = 0, end = 0; x < a.size(); x = end) {
    for (end = x + 1; end < a.size() && a[end].hash == a[x].hash;) ++end;
    for (size_t y = x + 1; y < end; ++y) {  // the first earlier row with the same id, if any
      for (size_t z = x; z < y; ++z) {
        if (ids[a[z].row] == ids[a[y].row]) {  // rows ascend within a run: z is the id's first row
          repeated.push_back({a[y].row, a[z].row});
          break;
        }
      }
    }
  }
  std::sort(repeated.begin(), repeated.end());
  return repeated;
}

absl::Status CaseAggregator::Add(const CaseRecord& c) {
  // A repeated id first: a fact of the table, whatever else is wrong with either row.
  if (check_ids_ && !c.case_id.empty()) {
    if (auto [first, added] = ids_.try_emplace(IdKey(c.case_id), c.row); !added) {
      return absl::InvalidArgumentError(RepeatedCaseIdMessage(c.case_id, first->second));
    }
  }
  std::vector<RowError> errors = c.errors;
  if (errors.empty()) errors = ValidateCase(c);
  if (!errors.empty()) {
    return absl::InvalidArgumentError(internal::Cat("case ", c.case_id.empty() ? "(no id)" : c.case_id, " (row ", c.row,
                                                    ") is not valid: ", JoinRowErrors(errors)));
  }
  absl::StatusOr<int64_t> limit = settings_.TimeLimit(c, registry_);
  if (!limit.ok()) return limit.status();
  auto day = [](const std::optional<Date>& d) { return d ? static_cast<int32_t>(d->day_number()) : kNoDay; };
  const Unit& scored = registry_.ScoredAs(*c.unit);
  unit_.push_back(static_cast<int32_t>(&scored - registry_.units().data()));
  filed_.push_back(day(c.filed_on));
  decided_.push_back(day(c.decided_on));
  closed_.push_back(day(c.closed_on));
  executed_.push_back(day(c.executed_on));
  sued_.push_back(day(c.sued_on));
  judgment_.push_back(day(c.judgment_on));
  limit_.push_back(static_cast<int32_t>(std::min<int64_t>(*limit, INT32_MAX / 2)));
  uint8_t f = 0;
  f |= c.leader_assigned ? kLeaderAssigned : 0;
  f |= c.leader_fulfilled ? kLeaderFulfilled : 0;
  f |= c.court_refused ? kCourtRefused : 0;
  f |= c.missed_penalty ? kMissedPenalty : 0;
  f |= c.judgment_won ? kJudgmentWon : 0;
  f |= c.outcome == Outcome::kPenalty ? kPenalty : 0;
  flags_.push_back(f);
  if (unit_.size() >= (1 << 16)) Flush();
  return absl::OkStatus();
}

void CaseAggregator::Flush() {
  if (unit_.empty()) return;
  // Built by Add() from valid cases: every check of AddColumns holds.
  (void)AddColumns({unit_, filed_, decided_, closed_, executed_, sued_, judgment_, limit_, flags_});
  for (auto* v : {&unit_, &filed_, &decided_, &closed_, &executed_, &sued_, &judgment_, &limit_}) v->clear();
  flags_.clear();
}

int32_t CaseAggregator::PeriodIndex(int32_t day) const { return Months().MonthOf(day) / MonthsIn(options_.period); }

int32_t CaseAggregator::AsOf(int32_t period_index) const {
  if (options_.as_of) return static_cast<int32_t>(options_.as_of->day_number());
  return Months().StartOf((period_index + 1) * MonthsIn(options_.period)) - 1;
}

absl::Status CaseAggregator::AddColumns(const CaseColumns& c) {
  const size_t n = c.unit.size();
  for (size_t len : {c.filed.size(), c.decided.size(), c.closed.size(), c.executed.size(), c.sued.size(),
                     c.judgment.size(), c.limit_days.size(), c.flags.size()}) {
    if (len != n) {
      return absl::InvalidArgumentError(internal::Cat("case columns have different lengths (", n, " and ", len, ")"));
    }
  }
  // Every day number within the supported years; every unit index a unit of the registry.
  static const int32_t kFirstDay = static_cast<int32_t>(Date(Period::kMinYear, 1, 1).day_number());
  static const int32_t kLastDay = static_cast<int32_t>(Date(Period::kMaxYear, 12, 31).day_number());
  const int32_t units = static_cast<int32_t>(registry_.units().size());
  for (size_t i = 0; i < n; ++i) {
    if (c.unit[i] < 0 || c.unit[i] >= units) {
      return absl::InvalidArgumentError(
          internal::Cat("case ", i, ": unit index ", c.unit[i], " is not a unit (0..", units - 1, ")"));
    }
    for (std::span<const int32_t> col : {c.filed, c.decided, c.closed, c.executed, c.sued, c.judgment}) {
      const int32_t d = col[i];
      if (d != kNoDay && (d < kFirstDay || d > kLastDay)) {
        return absl::InvalidArgumentError(internal::Cat("case ", i, ": day number ", d, " is outside ",
                                                        Period::kMinYear, "-01-01..", Period::kMaxYear, "-12-31"));
      }
    }
    if (c.limit_days[i] < 0) {
      return absl::InvalidArgumentError(internal::Cat("case ", i, ": time limit ", c.limit_days[i], " is negative"));
    }
  }
  if (scored_index_.empty()) {
    for (const Unit& u : registry_.units()) {
      scored_index_.push_back(static_cast<int32_t>(&registry_.ScoredAs(u) - registry_.units().data()));
    }
  }
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
  int32_t last_year = INT32_MIN;
  for (size_t i = 0; i < n; ++i) {
    const int32_t unit = scored_index_[static_cast<size_t>(c.unit[i])];
    const int32_t filed = c.filed[i];
    const uint8_t flags = c.flags[i];
    if (filed != kNoDay) {
      const int32_t month = Months().MonthOf(filed);
      if (const int32_t year = month / 12; year != last_year) {
        last_year = year;
        covered_years_[static_cast<size_t>(year - Period::kMinYear)] = true;
      }
      const int32_t p = month / MonthsIn(options_.period);
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
  return absl::OkStatus();
}

CaseAggregator::Partial CaseAggregator::Export() {
  Flush();
  Partial out;
  out.keys.reserve(cells_.size());
  out.counters.reserve(cells_.size());
  for (const auto& [key, counters] : cells_) {
    out.keys.push_back(key);
    out.counters.push_back(counters);
  }
  for (size_t y = 0; y < covered_years_.size(); ++y) {
    if (covered_years_[y]) out.years.push_back(static_cast<int32_t>(y) + Period::kMinYear);
  }
  return out;
}

absl::Status CaseAggregator::Merge(const Partial& partial) {
  if (partial.keys.size() != partial.counters.size()) {
    return absl::InvalidArgumentError(
        internal::Cat("partial: ", partial.keys.size(), " keys and ", partial.counters.size(), " counters"));
  }
  const uint64_t units = registry_.units().size();
  for (uint64_t key : partial.keys) {
    if ((key >> 32) >= units) {
      return absl::InvalidArgumentError(internal::Cat("partial: unit index ", key >> 32, " is not a unit"));
    }
  }
  for (int32_t y : partial.years) {
    if (y < Period::kMinYear || y > Period::kMaxYear) {
      return absl::InvalidArgumentError(internal::Cat("partial: year ", y, " is out of range"));
    }
  }
  Flush();
  for (size_t i = 0; i < partial.keys.size(); ++i) {
    auto [it, inserted] = cells_.try_emplace(partial.keys[i]);
    if (inserted) it->second.fill(0);
    for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) it->second[c] += partial.counters[i][c];
  }
  for (int32_t y : partial.years) {
    const size_t at = static_cast<size_t>(y - Period::kMinYear);
    if (covered_years_.size() <= at) covered_years_.resize(at + 1, false);
    covered_years_[at] = true;
  }
  return absl::OkStatus();
}

std::vector<AggregatedRow> CaseAggregator::Finish(const QuotaSource& quota) {
  Flush();
  // A unit with cases gets a row in every period in which anything was filed: filing nothing is a figure too.
  const int32_t per_year = 12 / MonthsIn(options_.period);
  {
    std::vector<int32_t> filing_periods;
    std::vector<uint32_t> units;
    for (const auto& [key, counters] : cells_) {
      units.push_back(static_cast<uint32_t>(key >> 32));
      if (counters[Col(Column::kFiled)] > 0) filing_periods.push_back(static_cast<int32_t>(key));
    }
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    std::sort(filing_periods.begin(), filing_periods.end());
    filing_periods.erase(std::unique(filing_periods.begin(), filing_periods.end()), filing_periods.end());
    for (uint32_t u : units) {
      for (int32_t p : filing_periods) {
        auto [it, inserted] = cells_.try_emplace((uint64_t{u} << 32) | static_cast<uint32_t>(p));
        if (inserted) it->second.fill(0);
      }
    }
  }
  std::vector<std::pair<uint64_t, const std::array<int64_t, kColumnCount>*>> sorted;
  sorted.reserve(cells_.size());
  for (const auto& [key, counters] : cells_) sorted.emplace_back(key, &counters);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    const uint32_t ua = static_cast<uint32_t>(a.first >> 32), ub = static_cast<uint32_t>(b.first >> 32);
    if (ua != ub) return ua < ub;
    return static_cast<int32_t>(a.first) < static_cast<int32_t>(b.first);
  });
  auto covered = [&](int year) {
    return year >= Period::kMinYear && year <= Period::kMaxYear &&
           covered_years_[static_cast<size_t>(year - Period::kMinYear)];
  };
  std::vector<AggregatedRow> rows;
  rows.reserve(sorted.size());
  missing_quota_.clear();
  for (const auto& [key, counters] : sorted) {
    const uint32_t unit_index = static_cast<uint32_t>(key >> 32);
    const int32_t period_index = static_cast<int32_t>(key);
    AggregatedRow row;
    row.unit = &registry_.units()[unit_index];
    row.period = PeriodOfIndex(options_.period, period_index);
    for (Column col : kAllColumns) {
      if (col != Column::kShouldFile) row.counts.Set(col, (*counters)[Col(col)]);
    }
    std::optional<int64_t> should_file = quota.Find(*row.unit, row.period);
    std::string reason = quota.has_table() ? "the quota file has no row for it"
                                           : "no quota given (A2.1: a quota file, or the quota from history)";
    if (!should_file && quota.history()) {
      // A2.1: the ceiling of the mean of the unit's filings in the same period of the two previous years.
      const int year = row.period.year();
      std::vector<int> uncovered;
      int64_t sum = 0;
      for (int back : {2, 1}) {
        if (!covered(year - back)) {
          uncovered.push_back(year - back);
          continue;
        }
        auto it = cells_.find((uint64_t{unit_index} << 32) | static_cast<uint32_t>(period_index - back * per_year));
        if (it != cells_.end()) sum += it->second[Col(Column::kFiled)];
      }
      if (uncovered.empty()) {
        const int64_t history = (sum + 1) / 2;
        std::optional<int64_t> neighbour = quota.Neighbour(*row.unit, year);
        switch (settings_.neighbour_policy()) {
          case CaseSettings::NeighbourPolicy::kHistory:
            should_file = history;
            break;
          case CaseSettings::NeighbourPolicy::kMax:
            should_file = neighbour ? std::max(history, *neighbour) : history;
            break;
          case CaseSettings::NeighbourPolicy::kMean:
            should_file = neighbour ? (history + *neighbour + 1) / 2 : history;
            break;
        }
      } else {
        reason = internal::Cat("the case data has no case filed in ", internal::Join(Strings(uncovered), " or "),
                               ", so the two previous years' filings (A2.1) are not known");
      }
    }
    if (should_file) {
      row.counts.Set(Column::kShouldFile, *should_file);
    } else {
      missing_quota_.push_back({row.unit, row.period, reason});
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
