// The campaign's working record: the problem ledger (台账, 问题清单) and the materials units submit (四, 五(二)).
//
// The plan is a seven-week campaign — self-inspection to 04-30, inspection to 05-15, accountability to 05-31,
// materials due 04-25 — and everything in it turns on the ledger of problems found. A Problem is one row of
// that ledger: who, what, how found and when, its class, and the dated facts of what was done about it
// (rectified, transferred to 纪委监委, put under 挂牌督办, disposed of). CheckLedger evaluates the ledger **as of
// a date**: a fact dated after that date is not yet true, so one file answers "what was wrong on 05-10" and
// "on 06-01". It returns Findings (findings.h) for the problem rules and the unit rules of 四 and 四(一)'s
// materials, and LedgerStatus summarizes the campaign per unit. The rules take plain records, so software that
// keeps its own database uses them as they are; ledger_store.h keeps a ledger in SQLite, with its history.
//
// Example:
//   std::vector<zhifa::Problem> problems;  // read with ReadLedgerCsv, or built in memory
//   zhifa::LedgerCheck check = zhifa::CheckLedger(problems, submissions, zhifa::Date(2021, 5, 10),
//                                                  zhifa::LedgerSettings::Builtin());
//   for (const zhifa::Finding& f : check.findings) std::cout << f.rule << " " << f.message << "\n";
//
// Thread-safety: LedgerSettings are immutable once made: their const methods may be called from any number of
// threads at once; the readers, CheckLedger, LedgerOn and the writers are reentrant.
#ifndef ZHIFA_LEDGER_H_
#define ZHIFA_LEDGER_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "zhifa/calendar.h"
#include "zhifa/csv.h"
#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/units.h"

namespace zhifa {

// 三、整治任务: the four areas of problems.
enum class Area : uint8_t { kTeam, kSystem, kConduct, kGuarantee };
// How a problem was found (四(一), 四(二), 五(二)).
enum class Source : uint8_t { kSelfInspection, kInspection, kCovert, kPublic };
// The problem's nature (四(一), 四(三)).
enum class ProblemClass : uint8_t { kGeneral, kHard, kSerious, kSystemic };
// How a problem was dealt with (四(三)); a problem may have several.
enum Disposition : uint8_t {
  kCriticism = 1,      // 批评教育
  kWrittenReview = 2,  // 书面检查
  kTransfer = 4,       // 移交追责
  kExposure = 8,       // 通报曝光
  kMechanism = 16,     // 长效机制
};

// Names, English and Chinese, as the ledger CSV and the settings write them: team 队伍管理 (3.1), system 体制改革
// (3.2), conduct 执法不规范 (3.3), guarantee 执法保障 (3.4); self_inspection 自查, inspection 督查, covert 暗访,
// public 群众反映; general 一般性, hard 一时难以整治, serious 问题突出/情节严重, systemic 普遍性/倾向性; criticism
// 批评教育, written_review 书面检查, transfer 移交追责, exposure 通报曝光, mechanism 长效机制. nullopt for anything
// else.
ZHIFA_EXPORT std::optional<Area> AreaFromName(std::string_view name);
ZHIFA_EXPORT std::optional<Source> SourceFromName(std::string_view name);
ZHIFA_EXPORT std::optional<ProblemClass> ProblemClassFromName(std::string_view name);
ZHIFA_EXPORT std::optional<Disposition> DispositionFromName(std::string_view name);
ZHIFA_EXPORT std::string_view AreaName(Area a);
ZHIFA_EXPORT std::string_view SourceName(Source s);
ZHIFA_EXPORT std::string_view ProblemClassName(ProblemClass c);
// "criticism|transfer" for a set of dispositions, in the order of the enum.
ZHIFA_EXPORT std::string DispositionNames(uint8_t dispositions);
// The 11 kinds of 3.3 (conduct problems): no_action 发现问题不处理 ... auxiliary_abuse 辅助人员滥执法. Returns the
// canonical key of `name` (English or Chinese), or nullopt.
ZHIFA_EXPORT std::optional<std::string_view> ConductKindFromName(std::string_view name);

// One row of the problem ledger.
struct ZHIFA_EXPORT Problem {
  int64_t row = 0;  // the line in its file, as a spreadsheet numbers it (0 for a record made in memory)
  std::string problem_id;
  std::string unit_text;
  const Unit* unit = nullptr;  // as resolved (possibly a sub-unit: it counts for its parent)
  Area area = Area::kConduct;
  std::string kind;  // for conduct, one of the 11 kinds of 3.3 (its key); otherwise free text
  Source source = Source::kSelfInspection;
  Date found_on;
  ProblemClass problem_class = ProblemClass::kGeneral;
  bool discipline_clue = false;  // 党员干部违纪线索
  std::string responsible;
  std::optional<Date> due_on, rectified_on, transferred_on, supervised_on, disposed_on;
  uint8_t dispositions = 0;       // Disposition bits
  std::optional<bool> disclosed;  // nullopt when the ledger has no 是否公开 column
  std::vector<RowError> errors;   // empty when the row is valid

  bool ok() const { return errors.empty(); }
};

// One material a unit submitted (四(一): the five materials due 04-25).
struct ZHIFA_EXPORT Submission {
  int64_t row = 0;
  std::string unit_text;
  const Unit* unit = nullptr;
  std::string material;  // a material key of the plan: self_inspection_report, assigned_staff, ...
  Date submitted_on;
  std::vector<RowError> errors;

  bool ok() const { return errors.empty(); }
};

// The rules every problem must meet: an id, a known unit, a found_on date, no fact (rectified, transferred,
// supervised, disposed) dated before it was found, a disposition date when dispositions are given and the
// reverse, and a conduct problem's kind one of the 11 kinds of 3.3. Columns named canonically.
ZHIFA_EXPORT std::vector<RowError> ValidateProblem(const Problem& p);

// The ledger's rules as data (data/ledger/zhenping-2021.toml is built in): every number the plan does not give.
class ZHIFA_EXPORT LedgerSettings {
 public:
  static absl::StatusOr<LedgerSettings> FromText(std::string_view text, std::string_view source = "<settings>");
  static absl::StatusOr<LedgerSettings> FromFile(const std::string& path);
  static const LedgerSettings& Builtin();

  // Days after found_on by which a general problem without due_on is to be rectified (立行立改); nullopt: the
  // end of the campaign (the plan's accountability_end milestone).
  std::optional<int> general_days() const { return general_days_; }
  // Working days after found_on by which a discipline clue is to be transferred, when tighter than the end of
  // the phase it was found in; nullopt: the phase's end only.
  std::optional<int> transfer_working_days() const { return transfer_working_days_; }
  // inspection_target (4(2)): fewer self-inspection problems than this is 问题较少 (0 is 问题零报告); at least
  // this many `public` problems is 群众反映较为强烈.
  int few_problems() const { return few_problems_; }
  int public_problems() const { return public_problems_; }
  // The dispositions of a class of which at least one is required (四(三)).
  uint8_t required(ProblemClass c) const { return required_[static_cast<size_t>(c)]; }
  // Who owes a material: "all" (the 53 units), "county" (departments and vertical units), "departments"
  // (county departments with enforcement powers, 重点整治单位), "townships", "guidance" (the 3.2.4 departments),
  // "none"; empty for a key that is not a material of the plan.
  std::string_view owed_by(std::string_view material) const;

  // The document it was read from: FromText(text()) gives the same LedgerSettings (Python pickles it so).
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::optional<int> general_days_;
  std::optional<int> transfer_working_days_;
  int few_problems_ = 2;
  int public_problems_ = 3;
  uint8_t required_[4] = {kCriticism | kWrittenReview, kCriticism | kWrittenReview, kTransfer, kMechanism};
  // 四(一)'s five materials and who owes them (the built-in file says the same; a settings file overrides by key).
  std::vector<std::pair<std::string, std::string>> owed_by_ = {{"self_inspection_report", "all"},
                                                               {"assigned_staff", "county"},
                                                               {"entrusted_matters", "departments"},
                                                               {"township_liaisons", "townships"},
                                                               {"guidance_contacts", "guidance"}};
};

// The ledger as of a date: every finding, and the campaign's state per unit.
struct ZHIFA_EXPORT UnitStatus {
  const Unit* unit = nullptr;  // one of the plan's 53 units (sub-units count for it)
  // Problems found by the as-of date, by class (ProblemClass order), and in each state.
  int64_t by_class[4] = {0, 0, 0, 0};
  int64_t total = 0, open = 0, rectified = 0, overdue = 0, transferred = 0, supervised = 0, disposed = 0;
  int64_t self_inspection = 0, public_reports = 0;
  int64_t findings = 0;
};

struct ZHIFA_EXPORT LedgerCheck {
  Date as_of;
  Phase phase;                                  // the plan's phase on the as-of date
  std::optional<DeadlineStatus> next_deadline;  // nullopt when every deadline has passed
  std::vector<Finding> findings;                // problem findings in ledger order, then unit findings
  std::vector<UnitStatus> units;                // the 53 units, in registry order
  UnitStatus overall;                           // every unit together (unit is nullptr)
  int64_t problems_ignored = 0;                 // found after the as-of date: not yet known then
};

// Evaluates the ledger and the submissions as of `as_of` (the rules of 四 and 四(一); docs/model.md):
//   no_timetable [4(1)]               a `hard` problem without due_on or without responsible;
//   rectification_overdue [4(1), 4(3)] not rectified by as_of and past its due date: due_on, else for a
//                                      `general` problem (立行立改) found_on + general_days, or the campaign's end
//                                      (the day it was found, when found after the campaign);
//   discipline_not_transferred [4(1)] a discipline clue not transferred by the end of the phase it was found in
//                                      (or found_on + transfer_working_days working days, if sooner); a transfer
//                                      dated later is still a finding, naming its date;
//   not_supervised [4(2)]             a `serious` problem without 挂牌督办 by the end of the inspection phase, or of
//                                      the phase it was found in when later (a later 挂牌督办 is still a finding);
//   no_disposition [4(3)]             after the campaign's end, a problem with no disposition;
//   wrong_disposition [4(3)]          a disposition that lacks what the class needs (general: criticism or
//                                      written review; serious: transfer; systemic: mechanism; hard: as general,
//                                      once rectified);
//   not_disclosed [4(1)]              after the self-inspection phase, a self-inspection problem not disclosed
//                                      (only when the ledger has the 是否公开 column);
//   inspection_target [4(2)]          after the self-inspection phase, a unit with no self-inspection problem
//                                      (问题零报告), fewer than few_problems (问题较少), or at least
//                                      public_problems `public` problems (群众反映较为强烈); the reason is given;
//   material_missing [4(1)]           after a material's due date, a unit that owes it and has not submitted it;
//   material_late [4(1)]              a material submitted after its due date.
// Facts dated after `as_of` are not yet true; problems found after it are left out. Only valid records are
// evaluated (precondition: ok()); a sub-unit's records count for its parent, whose name is the finding's unit.
// `work` is needed only when settings.transfer_working_days() is set (kOutOfRange when it lacks a day).
ZHIFA_EXPORT absl::StatusOr<LedgerCheck> CheckLedger(std::span<const Problem> problems,
                                                     std::span<const Submission> submissions, Date as_of,
                                                     const LedgerSettings& settings, const Plan& plan = Plan::Builtin(),
                                                     const Registry& registry = Registry::Builtin(),
                                                     const WorkCalendar& work = WorkCalendar::Builtin());

// The same, handing each finding to `on_finding` as it is found (in the same order) instead of keeping them:
// the returned LedgerCheck's findings are empty. For a large ledger written straight to a file or a database,
// without holding every finding in memory at once.
ZHIFA_EXPORT absl::StatusOr<LedgerCheck> CheckLedger(std::span<const Problem> problems,
                                                     std::span<const Submission> submissions, Date as_of,
                                                     const LedgerSettings& settings, const FindingSink& on_finding,
                                                     const Plan& plan = Plan::Builtin(),
                                                     const Registry& registry = Registry::Builtin(),
                                                     const WorkCalendar& work = WorkCalendar::Builtin());

// The ledger as it stood on `as_of`: the problems found by then, each with the facts dated after it cleared
// (a rectification, transfer, supervision or disposition not yet made then). CheckLedger sees the ledger so;
// `zhifa ledger export --as-of` writes it.
ZHIFA_EXPORT std::vector<Problem> LedgerOn(std::span<const Problem> problems, Date as_of);

// Writes the campaign status (LedgerCheck's units and overall) as
//   kTable: a heading (the as-of date, the phase, the next deadline and the days to it), then one line per unit
//           and a 合计 line: problems, by class, open, rectified, overdue, transferred, supervised, disposed,
//           findings; in `language`;
//   kCsv:   one row per unit and a last row for all units (unit_code empty, unit "合计"/"all"): as_of, phase,
//           unit_code, unit, total, general, hard, serious, systemic, open, rectified, overdue, transferred,
//           supervised, disposed, self_inspection, public, findings (Chinese headers with `chinese_headers`);
//   kJson:  {"as_of", "phase": {key, name, name_en, start, end}, "next_deadline": {key, name, name_en, date, days}
//           or null, "problems_ignored", "units": [...], "overall": {...}} with the CSV's keys.
ZHIFA_EXPORT void WriteLedgerStatus(std::ostream& out, const LedgerCheck& check, FindingsFormat format,
                                    Language language = Language::kZh, bool chinese_headers = false);

// The status columns of the CSV and JSON (after as_of and phase), English and Chinese.
ZHIFA_EXPORT std::span<const TableColumn> LedgerStatusColumns();

// The ledger CSV's columns (English, Chinese header, required).
ZHIFA_EXPORT std::span<const TableColumn> LedgerColumnNames();

// Reads a problem ledger (CSV, English or Chinese headers, as county exports write them) and calls `on_problem`
// for each row, bad rows too (with their errors, ValidateProblem's included). kInvalidArgument for a file
// without a header, a CSV syntax or encoding error.
ZHIFA_EXPORT absl::Status ReadLedgerCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                        const std::function<void(Problem&&)>& on_problem,
                                        const NoteSink& on_note = nullptr);
ZHIFA_EXPORT absl::Status ReadLedgerCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                                            const std::function<void(Problem&&)>& on_problem,
                                            const NoteSink& on_note = nullptr);
// The same of a table held as columns (a pandas DataFrame), read as ReadCasesColumns reads cases: as the CSV of the
// same table would be, each distinct text of a column given by codes parsed once. `source` names it in messages.
ZHIFA_EXPORT absl::Status ReadLedgerColumns(const ColumnarTable& table, const Registry& registry,
                                            std::string_view source, const std::function<void(Problem&&)>& on_problem,
                                            const NoteSink& on_note = nullptr);
// Reads a submissions CSV (unit 单位, material 材料, submitted_on 报送日期); the material must be one of the plan's.
ZHIFA_EXPORT absl::Status ReadSubmissionsCsv(std::istream& in, const Registry& registry, const Plan& plan,
                                             const CsvOptions& options,
                                             const std::function<void(Submission&&)>& on_submission,
                                             const NoteSink& on_note = nullptr);
ZHIFA_EXPORT absl::Status ReadSubmissionsCsvFile(const std::string& path, const Registry& registry, const Plan& plan,
                                                 CsvOptions options,
                                                 const std::function<void(Submission&&)>& on_submission,
                                                 const NoteSink& on_note = nullptr);
ZHIFA_EXPORT absl::Status ReadSubmissionsColumns(const ColumnarTable& table, const Registry& registry, const Plan& plan,
                                                 std::string_view source,
                                                 const std::function<void(Submission&&)>& on_submission,
                                                 const NoteSink& on_note = nullptr);

// Writes problems as a ledger CSV (English headers, canonical values, ISO dates) that ReadLedgerCsv reads back to
// the same records. The disclosed column is written only when some problem has it (a ledger read from a file
// with the 是否公开 column).
ZHIFA_EXPORT void WriteLedgerCsv(std::ostream& out, std::span<const Problem> problems);

// One problem as the ledger's canonical text cells, in LedgerColumnNames() order (what WriteLedgerCsv writes).
ZHIFA_EXPORT std::vector<std::string> ProblemCells(const Problem& p);

// Reads one problem from canonical-or-export cells by column name (the store and Python use it); the same
// rules as ReadLedgerCsv. `cells` maps a canonical column name to its text; absent columns are empty.
ZHIFA_EXPORT Problem ProblemFromCells(const std::vector<std::pair<std::string, std::string>>& cells,
                                      const Registry& registry);

}  // namespace zhifa

#endif  // ZHIFA_LEDGER_H_
