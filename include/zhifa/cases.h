// Case records: from one row per case to the six-rate counts of each unit and period, and the compliance checks
// of 三法衔接 (3.2.5) and major penalties (3.3.4).
//
// Most units keep case-level records. A case CSV (English or Chinese headers, ISO dates, booleans 0/1,
// true/false or 是/否) is read into CaseRecords; bad rows carry errors naming row, column and value. The
// aggregation counts, per unit (a sub-unit's cases count for its parent) and period, the cohort of cases filed
// in the period — filed, closed, overdue, executed, penalized ... — evaluated at the period's end (or an
// as-of date), and the litigation events dated in the period (sued, judgments), whatever the case's filing
// period; suits against the county government count for the handling unit (A2.5, A2.6). The quota comes from
// a quota file or from history (A2.1). The counts can be scored directly (report.h) or written as a counts CSV
// that `zhifa score` reads unchanged.
//
// The aggregation runs on columns (dates as day numbers), so that millions of cases take well under a second.
//
// Example:
//   zhifa::CaseAggregator agg(zhifa::Registry::Builtin(), zhifa::CaseSettings::Builtin(),
//                             {.period = zhifa::PeriodKind::kYear});
//   absl::Status s = zhifa::ReadCasesCsvFile("cases.csv", zhifa::Registry::Builtin(), {},
//                                            [&](zhifa::CaseRecord&& c) { agg.Add(c); });
//   std::vector<zhifa::AggregatedRow> rows = agg.Finish(zhifa::QuotaSource::History());
#ifndef ZHIFA_CASES_H_
#define ZHIFA_CASES_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "zhifa/calendar.h"
#include "zhifa/counts.h"
#include "zhifa/csv.h"
#include "zhifa/period.h"
#include "zhifa/units.h"

namespace zhifa {

enum class Outcome : uint8_t { kNone, kPenalty, kNoPenalty, kWithdrawn, kTransferred };
enum class Defendant : uint8_t { kNone, kUnit, kCountyGovernment };
enum class PartyType : uint8_t { kNone, kPerson, kOrganization };

struct CaseRecord {
  int64_t row = 0;  // 1-based data row
  std::string case_id;
  std::string unit_text;
  const Unit* unit = nullptr;  // as resolved (possibly a sub-unit)
  std::optional<Date> filed_on, decided_on, closed_on, executed_on, sued_on, judgment_on;
  std::optional<Date> transferred_to_police_on, legal_review_on, filed_for_record_on;
  Outcome outcome = Outcome::kNone;
  Defendant defendant = Defendant::kNone;
  PartyType party_type = PartyType::kNone;
  bool court_refused = false, leader_assigned = false, leader_fulfilled = false, missed_penalty = false,
       judgment_won = false, needs_criminal_transfer = false, copied_to_procuratorate = false, entered_platform = false,
       suspension = false, licence_revoked = false;
  std::optional<int64_t> fine_yuan, confiscated_value_yuan, time_limit_days, extension_days;
  std::vector<RowError> errors;  // empty when the row is valid

  bool ok() const { return errors.empty(); }
};

// The case CSV columns: canonical English names and the Chinese headers accepted instead.
struct CaseColumnName {
  std::string_view name;
  std::string_view name_zh;
  bool required;
};
std::span<const CaseColumnName> CaseColumnNames();

// Settings of the aggregation and the checks (data/cases/zhenping-2021.toml is built in).
class CaseSettings {
 public:
  // Schema in data/cases/zhenping-2021.toml. kInvalidArgument naming source, line and key for a bad file.
  static absl::StatusOr<CaseSettings> FromToml(std::string_view text, std::string_view source = "<settings>");
  static absl::StatusOr<CaseSettings> FromFile(const std::string& path);
  static const CaseSettings& Builtin();

  // Calendar days from filing to decision before a case is overdue: the case's time_limit_days, else its
  // scored unit's limit, else the default (90, 行政处罚法 2021 第六十条); plus the case's approved extension.
  int64_t TimeLimit(const CaseRecord& c, const Registry& registry) const;
  // Whether the case is a major penalty (3.3.4, 河南省重大行政处罚备案审查办法): a fine or confiscation of at least
  // the threshold for its party type (a person's threshold when the party type is unknown), a suspension of
  // production or business, or a licence revocation.
  bool IsMajorPenalty(const CaseRecord& c) const;

  int64_t default_time_limit_days() const { return default_days_; }
  int64_t person_threshold_yuan() const { return person_yuan_; }
  int64_t organization_threshold_yuan() const { return organization_yuan_; }

 private:
  int64_t default_days_ = 90;
  absl::flat_hash_map<std::string, int64_t> unit_days_;  // unit code -> days
  int64_t person_yuan_ = 10000;
  int64_t organization_yuan_ = 100000;
};

// Reads a case CSV and calls `on_case` for every data row, in order (bad rows too, with their errors).
// Returns kInvalidArgument naming the source for a missing required column (case_id, unit, filed_on), a
// repeated column, a CSV syntax or encoding error.
absl::Status ReadCasesCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                          const std::function<void(CaseRecord&&)>& on_case, const NoteSink& on_note = nullptr);
absl::Status ReadCasesCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                              const std::function<void(CaseRecord&&)>& on_case, const NoteSink& on_note = nullptr);

// A breach found in a case record.
struct Finding {
  int64_t row = 0;
  std::string case_id;
  std::string rule;    // "criminal_transfer", "procuratorate_copy", "sharing_platform", "major_penalty_review",
                       // "major_penalty_record", "execution_before_decision", or "input" for a bad row
  std::string clause;  // "3.2.5", "3.3.4", ...
  std::string message;
};

// The compliance findings of one case (empty when it breaks no rule). A bad row gives one "input" finding
// per error instead.
std::vector<Finding> CheckCase(const CaseRecord& c, const CaseSettings& settings);

// Where the filing quota (should_file, A2.1) comes from.
class QuotaSource {
 public:
  // No quota: should_file stays empty (zhifa score then reports those rows).
  static QuotaSource None() { return QuotaSource(Kind::kNone); }
  // The ceiling of the mean of the unit's `filed` in the two previous periods present in the data (A2.1).
  static QuotaSource History() { return QuotaSource(Kind::kHistory); }
  // A quota CSV with columns unit (单位), period (期间), should_file (应立案数量). kInvalidArgument naming row and
  // column for a bad cell or an unknown unit.
  static absl::StatusOr<QuotaSource> FromCsv(std::istream& in, const Registry& registry, const CsvOptions& options);
  static absl::StatusOr<QuotaSource> FromCsvFile(const std::string& path, const Registry& registry);

  std::optional<int64_t> Find(const Unit& unit, const Period& period) const;
  bool history() const { return kind_ == Kind::kHistory; }

 private:
  enum class Kind { kNone, kHistory, kTable };
  explicit QuotaSource(Kind kind) : kind_(kind) {}
  Kind kind_;
  absl::flat_hash_map<std::string, int64_t> table_;  // "<unit code>|<period>" -> should_file
};

struct AggregateOptions {
  PeriodKind period = PeriodKind::kYear;
  // The evaluation date of every period; nullopt: each period's last day.
  std::optional<Date> as_of;
};

// One aggregated row: a unit (never a sub-unit) and period with its counts. should_file is unset when no
// quota covers the row.
struct AggregatedRow {
  const Unit* unit = nullptr;
  Period period = Period::Year(2021);
  Counts counts;
};

// Columnar case data, for the bulk path: day numbers (Boost day_number(); kNoDay for none), the scored unit's
// index in the registry, the time limit in days (limit + extension), flags and outcome.
inline constexpr int32_t kNoDay = INT32_MIN;
enum CaseFlag : uint8_t {
  kLeaderAssigned = 1,
  kLeaderFulfilled = 2,
  kCourtRefused = 4,
  kMissedPenalty = 8,
  kJudgmentWon = 16,
  kPenalty = 32,  // outcome is penalty
};
struct CaseColumns {
  std::span<const int32_t> unit;
  std::span<const int32_t> filed, decided, closed, executed, sued, judgment;
  std::span<const int32_t> limit_days;
  std::span<const uint8_t> flags;
};

// Counts by (unit index, period). Cells are created as cases arrive.
class CaseAggregator {
 public:
  // `registry` and `settings` must outlive the aggregator.
  CaseAggregator(const Registry& registry, const CaseSettings& settings, AggregateOptions options);

  // Adds a valid case (precondition: c.ok() and c.filed_on). Cases are buffered as columns.
  void Add(const CaseRecord& c);
  // Adds columnar cases directly (the bulk path). Precondition: equal lengths; day numbers within
  // Period::kMinYear..kMaxYear.
  void AddColumns(const CaseColumns& columns);
  // The rows, by unit in registry order then period; should_file from `quota`.
  std::vector<AggregatedRow> Finish(const QuotaSource& quota);
  // Rows Finish() left without a quota.
  const std::vector<std::pair<const Unit*, Period>>& missing_quota() const { return missing_quota_; }

 private:
  void Flush();
  int32_t PeriodIndex(int32_t day) const;
  int32_t AsOf(int32_t period_index) const;

  const Registry& registry_;
  const CaseSettings& settings_;
  AggregateOptions options_;
  // Buffered columns of Add().
  std::vector<int32_t> unit_, filed_, decided_, closed_, executed_, sued_, judgment_, limit_;
  std::vector<uint8_t> flags_;
  // (unit index, period index) -> 13 counters (should_file unused here).
  absl::flat_hash_map<uint64_t, std::array<int64_t, kColumnCount>> cells_;
  std::vector<std::pair<const Unit*, Period>> missing_quota_;
};

// Writes aggregated rows as a counts CSV that ReadCountsCsv (and `zhifa score`) reads unchanged: the columns
// unit (the name as printed in the plan), period, then the 13 count columns; should_file empty when unset.
void WriteCountsCsv(std::ostream& out, std::span<const AggregatedRow> rows);

}  // namespace zhifa

#endif  // ZHIFA_CASES_H_
