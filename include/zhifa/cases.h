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
//
// Thread-safety: CaseSettings and QuotaSource are immutable once made: their const methods may be called from any
// number of threads at once; CaseAggregator is not: one aggregator is used by one thread at a time (give each
// thread its own and Merge() them). The readers and CheckCase are reentrant: many threads may read files and check
// cases at once, sharing a registry and settings.
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
#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/period.h"
#include "zhifa/units.h"

namespace zhifa {

enum class Outcome : uint8_t { kNone, kPenalty, kNoPenalty, kWithdrawn, kTransferred };
enum class Defendant : uint8_t { kNone, kUnit, kCountyGovernment };
enum class PartyType : uint8_t { kNone, kPerson, kOrganization };

// The names a case CSV may use, English or Chinese: penalty 处罚, no_penalty 不予处罚, withdrawn 撤销/撤案,
// transferred 移送; unit 本单位/单位, county_government 县政府/县人民政府; person 个人/自然人, organization
// 单位/法人/组织. nullopt for anything else (and for an empty name).
ZHIFA_EXPORT std::optional<Outcome> OutcomeFromName(std::string_view name);
ZHIFA_EXPORT std::optional<Defendant> DefendantFromName(std::string_view name);
ZHIFA_EXPORT std::optional<PartyType> PartyTypeFromName(std::string_view name);
// The canonical English names ("penalty", "county_government", "organization"); "" for kNone.
ZHIFA_EXPORT std::string_view OutcomeName(Outcome outcome);
ZHIFA_EXPORT std::string_view DefendantName(Defendant defendant);
ZHIFA_EXPORT std::string_view PartyTypeName(PartyType party_type);

struct ZHIFA_EXPORT CaseRecord {
  int64_t row = 0;  // the line in the file, as a spreadsheet numbers it
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
  // The officers who investigated, decided and reviewed the case: officer ids of the register (people.h); the
  // CSV joins several with | (or 、，;). Empty when not recorded.
  std::vector<std::string> investigators, decided_by, reviewed_by;
  std::vector<RowError> errors;  // empty when the row is valid

  bool ok() const { return errors.empty(); }
};

// The rules every case must meet before it is counted or checked: an id, a resolved unit, a filing date, and
// no decision, closure or execution dated before the filing. Returns every violation (columns named
// canonically); empty when the case is valid. The CSV reader adds these to a row's errors; CaseAggregator::Add
// refuses a case that breaks them.
ZHIFA_EXPORT std::vector<RowError> ValidateCase(const CaseRecord& c);

// The case CSV columns: canonical English names and the Chinese headers accepted instead.
using CaseColumnName = TableColumn;
ZHIFA_EXPORT std::span<const CaseColumnName> CaseColumnNames();

// Settings of the aggregation and the checks (data/cases/zhenping-2021.toml is built in).
class ZHIFA_EXPORT CaseSettings {
 public:
  // Schema in data/cases/zhenping-2021.toml. kInvalidArgument naming source, line and key for a bad file.
  static absl::StatusOr<CaseSettings> FromText(std::string_view text, std::string_view source = "<settings>");
  [[deprecated("use FromText")]] static absl::StatusOr<CaseSettings> FromToml(std::string_view text,
                                                                              std::string_view source = "<settings>") {
    return FromText(text, source);
  }
  static absl::StatusOr<CaseSettings> FromFile(const std::string& path);
  static const CaseSettings& Builtin();

  // A time limit in force for cases filed from `from` to `until` (either open), with where it comes from.
  struct TimeLimitPeriod {
    std::optional<Date> from, until;  // inclusive
    int64_t days = 90;
    std::string source;
  };
  // How the neighbouring counties' annual filings (临近县区年度立案数量, A2.1) combine with the unit's history
  // when a quota comes from history: kHistory ignores them, kMax takes the larger, kMean the ceiling of the
  // mean of the two.
  enum class NeighbourPolicy { kHistory, kMax, kMean };

  // Calendar days from filing to decision before a case is overdue: the case's time_limit_days, else its
  // scored unit's limit, else the limit in force on its filing date (by default 90 days: 行政处罚法 2021
  // 第六十条 from 2021-07-15, and the same 90 days before it as a documented county choice); plus the case's
  // approved extension. kOutOfRange when no period of the settings covers the filing date; kInvalidArgument for
  // a case without a filing date.
  absl::StatusOr<int64_t> TimeLimit(const CaseRecord& c, const Registry& registry) const;
  // Whether the case is a major penalty (3.3.4, 河南省重大行政处罚备案审查办法): a fine or confiscation of at least
  // the threshold for its party type (a person's threshold when the party type is unknown), a suspension of
  // production or business, or a licence revocation.
  bool IsMajorPenalty(const CaseRecord& c) const;

  std::span<const TimeLimitPeriod> time_limits() const { return time_limits_; }
  int64_t person_threshold_yuan() const { return person_yuan_; }
  int64_t organization_threshold_yuan() const { return organization_yuan_; }
  NeighbourPolicy neighbour_policy() const { return neighbour_policy_; }

  // The document it was read from: FromText(text()) gives the same CaseSettings (Python pickles it so).
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<TimeLimitPeriod> time_limits_ = {{std::nullopt, std::nullopt, 90, "default"}};  // by from date
  absl::flat_hash_map<std::string, int64_t> unit_days_;                                       // unit code -> days
  NeighbourPolicy neighbour_policy_ = NeighbourPolicy::kHistory;
  int64_t person_yuan_ = 10000;
  int64_t organization_yuan_ = 100000;
};

// Reads a case CSV and calls `on_case` for every data row, in order (bad rows too, with their errors).
// Returns kInvalidArgument naming the source for a missing required column (case_id, unit, filed_on), a
// repeated column, a CSV syntax or encoding error.
ZHIFA_EXPORT absl::Status ReadCasesCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                       const std::function<void(CaseRecord&&)>& on_case,
                                       const NoteSink& on_note = nullptr);
ZHIFA_EXPORT absl::Status ReadCasesCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                                           const std::function<void(CaseRecord&&)>& on_case,
                                           const NoteSink& on_note = nullptr);
// Reads a case table held as columns (a pandas DataFrame: zhifa.aggregate_cases, check_cases) as ReadCasesCsv reads
// the same table written as CSV — the same header rules, rows, line numbers and messages — parsing each distinct
// text of a column given by codes once. `source` names the table in messages.
ZHIFA_EXPORT absl::Status ReadCasesColumns(const ColumnarTable& table, const Registry& registry,
                                           std::string_view source, const std::function<void(CaseRecord&&)>& on_case,
                                           const NoteSink& on_note = nullptr);

// The compliance findings of one case (empty when it breaks no rule): rules criminal_transfer,
// procuratorate_copy and sharing_platform (三法衔接, 3.2.5); major_penalty_review and major_penalty_record
// (3.3.4, checked once the case has a decision date: an undecided case has no decision to review yet); and
// execution_before_decision (A2.3). Each Finding has the case's row, its id in `id`, its scored unit's name in
// `unit`. A bad row gives one "input" finding per error instead.
ZHIFA_EXPORT std::vector<Finding> CheckCase(const CaseRecord& c, const CaseSettings& settings,
                                            const Registry& registry = Registry::Builtin());

// Where the filing quota (should_file, 应立案数量, A2.1) comes from: a quota file's figures, the unit's history,
// or both (the file's should_file where it gives one, history elsewhere).
class ZHIFA_EXPORT QuotaSource {
 public:
  // No quota: should_file stays empty (zhifa score then reports those rows).
  static QuotaSource None() { return QuotaSource(); }
  // A2.1 from history: the ceiling of the mean of the unit's filings in the same period of the two previous
  // calendar years. A year the case data covers (any case filed in it, by any unit) in which the unit filed
  // nothing counts 0; a year the data does not cover leaves the quota empty, with the reason.
  static QuotaSource History() {
    QuotaSource q;
    q.history_ = true;
    return q;
  }
  // A quota CSV with the columns unit (单位), period (期间) and at least one of should_file (应立案数量: the quota
  // itself) and neighbour (临近县区年度立案数量: the neighbouring counties' annual filings, for years only, which
  // History() combines with the unit's own by the settings' neighbour policy). kInvalidArgument naming line and
  // column for a bad cell, an unknown unit or a row given twice.
  static absl::StatusOr<QuotaSource> FromCsv(std::istream& in, const Registry& registry, const CsvOptions& options);
  static absl::StatusOr<QuotaSource> FromCsvFile(const std::string& path, const Registry& registry,
                                                 CsvOptions options = {});
  // This source, with history for the rows its file leaves without a should_file.
  QuotaSource WithHistory() const {
    QuotaSource q = *this;
    q.history_ = true;
    return q;
  }

  // The quota file's should_file for the (scored) unit and period, if it gives one.
  std::optional<int64_t> Find(const Unit& unit, const Period& period) const;
  // The neighbouring counties' annual figure for the unit and year, if the file gives one.
  std::optional<int64_t> Neighbour(const Unit& unit, int year) const;
  bool history() const { return history_; }
  bool has_table() const { return !table_.empty(); }
  bool has_neighbours() const { return !neighbour_.empty(); }

 private:
  QuotaSource() = default;
  bool history_ = false;
  absl::flat_hash_map<std::string, int64_t> table_;      // "<unit code>|<period>" -> should_file
  absl::flat_hash_map<std::string, int64_t> neighbour_;  // "<unit code>|<year>" -> neighbouring counties' figure
};

struct ZHIFA_EXPORT AggregateOptions {
  PeriodKind period = PeriodKind::kYear;
  // The evaluation date of every period; nullopt: each period's last day.
  std::optional<Date> as_of;
};

// One aggregated row: a unit (never a sub-unit) and period with its counts. should_file is unset when no
// quota covers the row.
struct ZHIFA_EXPORT AggregatedRow {
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
struct ZHIFA_EXPORT CaseColumns {
  std::span<const int32_t> unit;
  std::span<const int32_t> filed, decided, closed, executed, sued, judgment;
  std::span<const int32_t> limit_days;
  std::span<const uint8_t> flags;
};

// Counts by (unit index, period). Cells are created as cases arrive.
class ZHIFA_EXPORT CaseAggregator {
 public:
  // `registry` and `settings` must outlive the aggregator.
  CaseAggregator(const Registry& registry, const CaseSettings& settings, AggregateOptions options);

  // Adds a case. kInvalidArgument when its case_id repeats the id of a case handed to Add before, valid or not
  // (a case is counted once: "case_id \"K-7\" is repeated (first on line 3)"; hand every row to Add, and report a
  // row's own errors, c.errors, before Add's), when it is not valid (c.errors, or ValidateCase), and the errors
  // of CaseSettings::TimeLimit; nothing is added then. Cases are buffered as columns; ids are remembered by a
  // 128-bit hash.
  absl::Status Add(const CaseRecord& c);
  // For a caller that has found the repeated ids of a whole table itself (RepeatedCaseIds, faster than a
  // lookup per case) and hands Add none of the later rows: Add stops remembering ids.
  void IdsCheckedByCaller() { check_ids_ = false; }
  // Adds columnar cases directly (the bulk path). kInvalidArgument, adding nothing, when the columns' lengths
  // differ, a unit index is not a unit of the registry, or a day number is outside Period::kMinYear..kMaxYear.
  absl::Status AddColumns(const CaseColumns& columns);
  // The rows: for every unit that has cases, every period in which any case was filed (a unit that filed
  // nothing there gets a row of zeros), and any other period with its litigation; by unit in registry order,
  // then period. should_file from `quota`.
  std::vector<AggregatedRow> Finish(const QuotaSource& quota);
  // What an aggregator has counted, for aggregating in pieces (zhifa.dask: one aggregator per partition): the
  // counters of each (unit index, period index) cell and the years in which a case was filed. Merge() adds a
  // partial of an aggregator with the same registry, settings and options; Finish() after merging the partials of
  // every piece equals Finish() of one aggregator that saw every case, quota from history included.
  struct Partial {
    std::vector<uint64_t> keys;  // unit index << 32 | period index
    std::vector<std::array<int64_t, kColumnCount>> counters;
    std::vector<int32_t> years;  // years in which a case was filed
  };
  Partial Export();
  // kInvalidArgument, merging nothing, when a key names no unit of the registry, the sizes differ or a year is out
  // of Period::kMinYear..kMaxYear.
  absl::Status Merge(const Partial& partial);
  // A row Finish() left without a quota, and why.
  struct MissingQuota {
    const Unit* unit = nullptr;
    Period period = Period::Year(2021);
    std::string reason;  // "no quota file row", "no case data for 2019 ..."
  };
  const std::vector<MissingQuota>& missing_quota() const { return missing_quota_; }

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
  std::vector<MissingQuota> missing_quota_;
  std::vector<int32_t> scored_index_;  // unit index -> the index of the unit it is scored as
  std::vector<bool> covered_years_;    // by year − Period::kMinYear: a case was filed in that year
  // The case_ids added, by a 128-bit hash of the id -> the line of the case that had it first.
  struct IdHash {
    size_t operator()(const std::pair<uint64_t, uint64_t>& h) const { return h.first; }
  };
  absl::flat_hash_map<std::pair<uint64_t, uint64_t>, int64_t, IdHash> ids_;
  bool check_ids_ = true;
};

// The rows of a table whose case_id repeats an earlier row's, each with the first row that has it, in row order:
// (row, first row) by index into `ids` (the cleaned ids of every row; empty ones are ignored). The whole-table
// form of CaseAggregator's check, by a radix sort rather than a lookup per case; ids compared exactly.
ZHIFA_EXPORT std::vector<std::pair<size_t, size_t>> RepeatedCaseIds(std::span<const std::string_view> ids);
// The message of a repeated id, as CaseAggregator::Add words it.
ZHIFA_EXPORT std::string RepeatedCaseIdMessage(std::string_view id, int64_t first_line);

// Writes aggregated rows as a counts CSV that ReadCountsCsv (and `zhifa score`) reads unchanged: the columns
// unit (the name as printed in the plan), period, then the 13 count columns; should_file empty when unset.
ZHIFA_EXPORT void WriteCountsCsv(std::ostream& out, std::span<const AggregatedRow> rows);

}  // namespace zhifa

#endif  // ZHIFA_CASES_H_
