// People (三(一) 队伍管理): the officer register, who may enforce on a date, the training rules, the cases joined
// to the officers who handled them, and the figures and training ranking of each unit.
//
// The register has one row per person (officer_id, unit, post, certificate, training, exam, grade; columns in
// docs/model.md). An officer holds a *valid certificate* on a date when the register gives a certificate number,
// its state is `valid` and it has not expired by then; that alone makes the officer *certified* for the case
// rules (两人以上, 无证执法). Everything is evaluated **as of a date**: a certificate that expired before it is not
// valid, a training dated after it is not yet done. Each check returns Findings (findings.h); an officer's
// eligibility lists the conditions that failed, never a bare yes or no.
//
// Cases (cases.h) name the officers who investigated, decided and reviewed them (investigators, decided_by,
// reviewed_by: officer ids joined with |). OfficerRegister indexes the register once; CheckCaseOfficers then
// checks each case against the register as it stood on the case's filing date, without copying the cases —
// also on columns (CaseOfficerColumns) for tens of millions of cases.
//
// Example:
//   std::vector<zhifa::Officer> officers;   // ReadOfficersCsvFile, or built in memory
//   zhifa::OfficerRegister reg(officers);
//   absl::StatusOr<zhifa::PeopleCheck> c = zhifa::CheckOfficers(reg, zhifa::Date(2021, 5, 10),
//                                                                zhifa::PeopleSettings::Builtin());
//   std::vector<zhifa::Finding> more = zhifa::CheckCaseOfficers(cases, reg, zhifa::PeopleSettings::Builtin());
//
// Thread-safety: PeopleSettings and OfficerRegister are immutable once made: their const methods may be called from
// any number of threads at once; the readers, CheckOfficers, CheckCaseOfficers and the writers are reentrant.
#ifndef ZHIFA_PEOPLE_H_
#define ZHIFA_PEOPLE_H_

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
#include "zhifa/cases.h"
#include "zhifa/csv.h"
#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/units.h"

namespace zhifa {

// 岗位: enforcement 执法岗, legal_review 法制审核岗, auxiliary 执法辅助.
enum class Post : uint8_t { kEnforcement, kLegalReview, kAuxiliary };
// 执法证状态: valid 有效, withheld 暂扣, revoked 注销; kNone without a certificate.
enum class CertificateState : uint8_t { kNone, kValid, kWithheld, kRevoked };
// 考评等次 (3.1.3(1)): excellent 优, good 良, poor 差; kNone when not graded.
enum class Grade : uint8_t { kNone, kExcellent, kGood, kPoor };

// Names, English or Chinese (执法/执法岗/执法人员, 法制审核/法制审核岗, 辅助/执法辅助/辅助人员; 有效/正常, 暂扣,
// 注销/吊销; 优/优秀, 良/良好, 差/不合格). nullopt for anything else.
ZHIFA_EXPORT std::optional<Post> PostFromName(std::string_view name);
ZHIFA_EXPORT std::optional<CertificateState> CertificateStateFromName(std::string_view name);
ZHIFA_EXPORT std::optional<Grade> GradeFromName(std::string_view name);
ZHIFA_EXPORT std::string_view PostName(Post p);
ZHIFA_EXPORT std::string_view CertificateStateName(CertificateState s);  // "" for kNone
ZHIFA_EXPORT std::string_view GradeName(Grade g);                        // "" for kNone

// One row of the officer register.
struct ZHIFA_EXPORT Officer {
  int64_t row = 0;  // the line in its file, as a spreadsheet numbers it (0 for a record made in memory)
  std::string officer_id;
  std::string name;
  std::string unit_text;
  const Unit* unit = nullptr;  // as resolved (a sub-unit counts for its parent)
  Post post = Post::kEnforcement;
  std::string certificate_no;  // empty: none
  CertificateState certificate_state = CertificateState::kNone;
  std::optional<Date> certificate_expires_on;
  std::optional<Date> training_certificate_on;                                // 结业证 of the public-law training
  std::optional<int64_t> professional_hours, public_law_days, military_days;  // nullopt: not recorded
  std::optional<bool> exam_passed, legal_qualification;
  Grade grade = Grade::kNone;
  std::optional<Date> trained_on;                // the public-law rotation completed
  std::optional<int64_t> discipline_violations;  // in training (optional column, for the ranking)
  std::vector<RowError> errors;                  // empty when the row is valid

  bool ok() const { return errors.empty(); }
  // A valid certificate on `d`: a number, state valid, and not expired (expires on or after `d`).
  bool CertifiedOn(Date d) const;
  // Whether the post needs a certificate and the 结业证 (enforcement and legal review; not auxiliary staff).
  bool NeedsCertificate() const { return post != Post::kAuxiliary; }
};

// The rules every register row must meet: an id, a known unit, a post; a certificate's state given exactly
// when its number is, and a valid one with its expiry date; hours and days not negative; military days not
// more than the public-law days; discipline violations not negative. Columns named canonically.
ZHIFA_EXPORT std::vector<RowError> ValidateOfficer(const Officer& o);

// The register's columns (English, Chinese header, required).
ZHIFA_EXPORT std::span<const TableColumn> OfficerColumnNames();

// The numbers the people rules need (data/people/zhenping-2021.toml is built in; schema there).
class ZHIFA_EXPORT PeopleSettings {
 public:
  static absl::StatusOr<PeopleSettings> FromText(std::string_view text, std::string_view source = "<settings>");
  static absl::StatusOr<PeopleSettings> FromFile(const std::string& path);
  static const PeopleSettings& Builtin();

  int64_t professional_hours() const { return professional_hours_; }
  std::optional<Date> professional_due() const { return professional_due_; }
  int64_t public_law_days() const { return public_law_days_; }
  int64_t military_days() const { return military_days_; }
  std::optional<Date> county_deadline() const { return county_deadline_; }
  int64_t financed_share_percent() const { return financed_percent_; }
  // Whose posts the share is of: "enforcement" (执法岗), "certified_posts" (enforcement and legal review) or "all".
  const std::string& financed_base() const { return financed_base_; }
  // "half_up", "floor" or "ceiling".
  const std::string& financed_rounding() const { return financed_rounding_; }
  // Ranking weights, in percent points: completion, military, discipline, exam.
  const int64_t* ranking_weights() const { return weights_; }
  int ranking_decimals() const { return ranking_decimals_; }

  // The document it was read from: FromText(text()) gives the same PeopleSettings (Python pickles it so).
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int64_t professional_hours_ = 30;
  std::optional<Date> professional_due_ = Date(2021, 12, 31);
  int64_t public_law_days_ = 4;
  int64_t military_days_ = 2;
  std::optional<Date> county_deadline_;
  int64_t financed_percent_ = 10;
  std::string financed_base_ = "enforcement";
  std::string financed_rounding_ = "half_up";
  int64_t weights_[4] = {40, 20, 20, 20};
  int ranking_decimals_ = 2;
};

// The register, indexed: officers by id, and for each the last day its certificate is valid. The officers must
// outlive it. Only valid rows (ok()) are indexed; the first of a repeated id wins (the readers refuse repeats).
class ZHIFA_EXPORT OfficerRegister {
 public:
  explicit OfficerRegister(std::span<const Officer> officers);
  // The officer's index, or -1.
  int32_t Find(std::string_view officer_id) const;
  const Officer& at(int32_t index) const { return officers_[static_cast<size_t>(index)]; }
  size_t size() const { return officers_.size(); }
  std::span<const Officer> officers() const { return officers_; }
  // The last day number (Boost day_number()) on which officer `index` is certified; kNoDay when never.
  int32_t certified_until(int32_t index) const { return certified_until_[static_cast<size_t>(index)]; }
  Post post(int32_t index) const { return officers_[static_cast<size_t>(index)].post; }

 private:
  std::span<const Officer> officers_;
  absl::flat_hash_map<std::string, int32_t> index_;
  std::vector<int32_t> certified_until_;
};

// What an officer lacks to enforce on a date (3.1.3(2): 将持有行政执法证和公共法律知识培训结业证作为执法的前置条件;
// 3.1.2(2): 不合格人员暂扣执法证件，不准从事执法工作). Empty: the officer may enforce.
struct ZHIFA_EXPORT Condition {
  std::string rule;        // no_certificate, no_training_certificate, exam_failed, auxiliary
  std::string message;     // Chinese
  std::string message_en;  // English
};
ZHIFA_EXPORT std::vector<Condition> EligibilityOn(const Officer& o, Date d);

// The register as of a date: the officer findings, and the unit figures.
struct ZHIFA_EXPORT UnitPeople {
  const Unit* unit = nullptr;  // one of the plan's 53 units (sub-units count for it); nullptr for all
  int64_t enforcement = 0, legal_review = 0, auxiliary = 0;  // headcount by post
  int64_t certified = 0;            // on enforcement and legal-review posts, with a valid certificate on the date
  int64_t must_train = 0;           // on enforcement and legal-review posts (the rotation is theirs)
  int64_t trained_by_deadline = 0;  // of them, rotation completed by the unit's deadline (or the date, if none)
  std::optional<Date> deadline;     // the unit's training deadline; nullopt: none (a county unit by default)
  int64_t excellent = 0, good = 0, poor = 0, ungraded = 0;
  int64_t legal_qualification = 0;
  int64_t financed_posts = 0;  // 3.1.3(1): share_percent of the base headcount (enforcement posts by default)
  int64_t findings = 0;
};

struct ZHIFA_EXPORT PeopleCheck {
  Date as_of;
  std::vector<Finding> findings;  // officer findings, in register order
  std::vector<UnitPeople> units;  // the 53 units, in registry order
  UnitPeople overall;
};

// Evaluates the register on `as_of` (the rules of 3.1.2 and 3.1.3; docs/model.md):
//   no_certificate [3.1.3(2)]           an enforcement or legal-review officer without a valid certificate;
//   no_training_certificate [3.1.3(2)]  ... without the public-law 结业证 dated by then;
//   professional_hours [3.1.2(1)]       after professional_due, fewer than professional_hours class hours;
//   public_law_days [3.1.2(2)]          a completed rotation (trained_on by then) shorter than public_law_days
//                                       days, or with fewer than military_days of military training;
//   exam_failed_certificate [3.1.2(2)]  exam failed, certificate still valid (it must be withheld);
//   training_late [3.1.2(2)]            a township officer (enforcement or legal review) whose rotation was
//                                       completed after the plan's township_training_end (04-30), or not
//                                       completed by then when the date is later; a county officer only when
//                                       the settings give a county deadline.
// Only valid rows are evaluated. `plan` gives the townships' deadline.
ZHIFA_EXPORT absl::StatusOr<PeopleCheck> CheckOfficers(const OfficerRegister& reg, Date as_of,
                                                       const PeopleSettings& settings,
                                                       const Plan& plan = Plan::Builtin(),
                                                       const Registry& registry = Registry::Builtin());

// The case rules, each case against the register as it stood on its filing date (3.1.3(2)):
//   two_officers             fewer than 2 certified officers among the investigators (两人以上);
//   auxiliary_role           auxiliary staff as investigator, decider or reviewer;
//   uncertified_enforcement  an officer on an enforcement or legal-review post without a valid certificate as
//                            investigator, decider or reviewer (无证执法);
//   unknown_officer          an officer id the register does not have.
// A case without any of the three columns filled is not checked (its officers are not recorded). Findings carry
// the case's row and id, and its scored unit.
ZHIFA_EXPORT std::vector<Finding> CheckCaseOfficers(std::span<const CaseRecord> cases, const OfficerRegister& reg,
                                                    const Registry& registry = Registry::Builtin());
ZHIFA_EXPORT void CheckCaseOfficers(const CaseRecord& c, const OfficerRegister& reg, const Registry& registry,
                                    const FindingSink& on_finding);

// The same on columns, for the bulk path: per case its filing day number and its officers as register indices
// in CSR form — case i's investigators are investigator_index[investigator_offset[i] ..
// investigator_offset[i + 1]), likewise decided_by and reviewed_by; -1 for an id not in the register. The
// columns are read in place. Each finding is handed to `on_finding` with its case's index in `row`
// (`id` empty); returns the number of findings, or kInvalidArgument (nothing checked) for columns of unequal
// length, an index that is not an officer of the register, or a case without a filing day (kNoDay).
struct ZHIFA_EXPORT CaseOfficerColumns {
  std::span<const int32_t> filed;
  std::span<const uint32_t> investigator_offset, decider_offset, reviewer_offset;  // size: cases + 1
  std::span<const int32_t> investigator_index, decider_index, reviewer_index;
};
ZHIFA_EXPORT absl::StatusOr<int64_t> CheckCaseOfficerColumns(const CaseOfficerColumns& columns,
                                                             const OfficerRegister& reg, const FindingSink& on_finding);

// The training ranking of the units (3.1.2(2) 排名通报) on `as_of`: each unit with officers on enforcement or
// legal-review posts, scored 0..100 from its components by the settings' weights, ranked by that score
// rounded to ranking_decimals (equal scores share a rank: 1, 2, 2, 4).
struct ZHIFA_EXPORT TrainingRank {
  const Unit* unit = nullptr;
  int64_t officers = 0;                                  // on enforcement and legal-review posts
  int64_t completed = 0, military = 0, disciplined = 0;  // of them: rotation done, military days met, no violation
  int64_t examined = 0, passed = 0;                      // with an exam result; passed
  std::string score;                                     // "87.50"
  int rank = 0;
};
struct ZHIFA_EXPORT TrainingRanking {
  std::vector<TrainingRank> units;  // by rank, then registry order
  bool discipline_known = false;    // false: the register has no discipline_violations; left out of the score
};
ZHIFA_EXPORT TrainingRanking RankTraining(const OfficerRegister& reg, Date as_of, const PeopleSettings& settings,
                                          bool discipline_known, const Registry& registry = Registry::Builtin());

// Reads an officer register (CSV, English or Chinese headers, as county exports write them) and calls
// `on_officer` for each row, bad rows too (with their errors; a repeated officer_id is an error of the later
// row). `*has_discipline` (when given) says whether the file has the discipline_violations column.
ZHIFA_EXPORT absl::Status ReadOfficersCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                          const std::function<void(Officer&&)>& on_officer,
                                          const NoteSink& on_note = nullptr, bool* has_discipline = nullptr);
// The same of a table held as columns (a pandas DataFrame), read as ReadCasesColumns reads cases: as the CSV of the
// same table would be, each distinct text of a column given by codes parsed once. `source` names it in messages.
ZHIFA_EXPORT absl::Status ReadOfficersColumns(const ColumnarTable& table, const Registry& registry,
                                              std::string_view source, const std::function<void(Officer&&)>& on_officer,
                                              const NoteSink& on_note = nullptr, bool* has_discipline = nullptr);
ZHIFA_EXPORT absl::Status ReadOfficersCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                                              const std::function<void(Officer&&)>& on_officer,
                                              const NoteSink& on_note = nullptr, bool* has_discipline = nullptr);

// Writes the unit figures (PeopleCheck::units and overall) as a table, CSV or JSON: unit_code, unit,
// enforcement, legal_review, auxiliary, certified, certified_percent, must_train, trained_by_deadline,
// trained_percent, deadline, excellent, good, poor, ungraded, legal_qualification, financed_posts, findings.
ZHIFA_EXPORT void WritePeopleUnits(std::ostream& out, const PeopleCheck& check, FindingsFormat format,
                                   Language language = Language::kZh);
// Writes the training ranking: rank, unit_code, unit, officers, completed, military, disciplined, examined,
// passed, score.
ZHIFA_EXPORT void WriteTrainingRanking(std::ostream& out, const TrainingRanking& ranking, FindingsFormat format,
                                       Language language = Language::kZh);

}  // namespace zhifa

#endif  // ZHIFA_PEOPLE_H_
