// What it would take (整改 planning): the fewest case actions that lift a unit to a target score or rank, what
// one more of each action is worth now, and what-if changes to a unit's counts.
//
// An action changes one unit's counts of one period by one case, with the plan's meaning (docs/planner.md):
//   file             file a newly found case (新立案):     filed + 1, enforcement_cases + 1 (A2.1, A2.5)
//   close            close an open case (办结):            closed + 1; needs closed < filed (A2.2)
//   execute          execute a closed decision (执行):     executed + 1; needs executed < closed (A2.3)
//   penalize_missed  decide an 应处罚未处罚 case with a penalty: penalized + 1, missed_penalty − 1; needs
//                    missed_penalty > 0 and penalized < filed (A2.4)
//   fulfil           carry out a county-leader-assigned case (落实交办): leader_unfulfilled − 1 (A2.2)
// Overdue cases, court refusals, suits and judgments are history: no action changes them.
//
// The search is exact (the scoring arithmetic of score.h, no floating point) and exhaustive over the plans
// the actions allow, pruned only where the rules prove nothing better lies: an action whose columns the rule set
// uses only as numerators of rising indicators or as deductions (execute, penalize_missed and fulfil under the
// built-in set) can only raise the total, so the fewest of it that suffices is found by bisection, and one that
// changes a denominator (file, close) is enumerated. docs/planner.md gives the argument; a test compares the
// result with brute force on thousands of random units and several rule sets.
//
// Example:
//   zhifa::ActionOptions actions;                           // all five actions, each costing 1
//   absl::StatusOr<zhifa::TargetPlan> plan = zhifa::PlanForTotal(rules, unit, zhifa::Period::Year(2021), counts,
//                                                                zhifa::Decimal(90, 0), actions);
//   plan->reachable;                                        // false: plan->max_total is the best there is
//   plan->Sentence(zhifa::Language::kZh);                   // "办结 2 件未结案件，…：总分 70.60 → 86.00"
//
// Thread-safety: Every function is reentrant: many threads may plan at once with shared rule sets and registries.
#ifndef ZHIFA_PLANNER_H_
#define ZHIFA_PLANNER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "zhifa/counts.h"
#include "zhifa/decimal.h"
#include "zhifa/export.h"
#include "zhifa/language.h"
#include "zhifa/period.h"
#include "zhifa/rules.h"
#include "zhifa/score.h"
#include "zhifa/units.h"

namespace zhifa {

enum class Action : uint8_t { kFile, kClose, kExecute, kPenalizeMissed, kFulfil };
inline constexpr int kActionCount = 5;
inline constexpr std::array<Action, kActionCount> kAllActions = {Action::kFile, Action::kClose, Action::kExecute,
                                                                 Action::kPenalizeMissed, Action::kFulfil};

// "file", "close", "execute", "penalize_missed", "fulfil".
ZHIFA_EXPORT std::string_view ActionName(Action action);
// The English name, or the Chinese one ("立案", "办结", "执行", "处罚", "落实交办").
ZHIFA_EXPORT std::optional<Action> ActionFromName(std::string_view name);

// A number of each action, indexed by Action.
using ActionCounts = std::array<int64_t, kActionCount>;

// The actions a plan may use and what each costs.
struct ZHIFA_EXPORT ActionOptions {
  std::array<bool, kActionCount> allowed = {true, true, true, true, true};
  std::array<int64_t, kActionCount> cost = {1, 1, 1, 1, 1};  // each >= 1
  // The most `file` actions a plan may hold. Unset: the quota gap, max(0, should_file − filed): a plan files the
  // cases the quota (A2.1) asks for, not more to dilute other rates.
  std::optional<int64_t> max_file;

  // --actions "close,execute" (empty: all) and --cost "close=2,execute=3" (empty: all 1). kInvalidArgument
  // naming the unknown action, or a cost that is not a whole number from 1 to 1000000.
  static absl::StatusOr<ActionOptions> Parse(std::string_view actions, std::string_view costs);
};

// The counts after `actions`, applied in the order file, close, execute, penalize_missed, fulfil. kInvalidArgument
// naming the action and how many the counts allow ("close × 11: the counts allow 10") when they do not allow
// them; kInvalidArgument listing every broken rule when `counts` is invalid.
ZHIFA_EXPORT absl::StatusOr<Counts> ApplyActions(const Counts& counts, const ActionCounts& actions);

// A change of one count: `closed=+10` (relative), `overdue=0` (absolute), `超期件数=-2`.
struct ZHIFA_EXPORT CountChange {
  Column column = Column::kFiled;
  bool relative = false;
  int64_t value = 0;
};
// Parses "column=value", "column=+n" or "column=-n" (English or Chinese column name). kInvalidArgument naming the
// text and what was expected.
ZHIFA_EXPORT absl::StatusOr<CountChange> ParseCountChange(std::string_view text);
// The counts after the changes, in order; kInvalidArgument naming the column when a result is below 0 or above
// kMaxCount, or the result breaks a rule of Validate() (listing them all).
ZHIFA_EXPORT absl::StatusOr<Counts> ApplyChanges(const Counts& counts, std::span<const CountChange> changes);

// A scored unit beside the others of its period: what a rank target or a what-if is measured against.
struct ZHIFA_EXPORT Standing {
  Decimal total;
  Category category = Category::kDepartment;
  bool self = false;  // the unit being planned (its own total is left out of the comparison)
};

// Rank of a total among `others` (entries with self = true are skipped): 1 + how many have a higher total, within
// `category` when set (ties share a rank, as Rank() does).
ZHIFA_EXPORT int RankAmong(Decimal total, std::span<const Standing> others, std::optional<Category> category);
// The smallest total that gives rank <= `rank` among `others` (self skipped; within `category` when set): the
// rank-th highest total of the others; nullopt when there are fewer than `rank` of them (any total gives that
// rank). kInvalidArgument when rank < 1.
ZHIFA_EXPORT absl::StatusOr<std::optional<Decimal>> TotalForRank(int rank, std::span<const Standing> others,
                                                                 std::optional<Category> category);

// The fewest-cost plan that lifts a unit's total to at least `target`.
struct ZHIFA_EXPORT TargetPlan {
  Decimal target;
  bool reachable = false;
  // The plan: the cheapest that reaches the target; when it is unreachable, the cheapest that reaches max_total.
  ActionCounts actions{};
  int64_t cost = 0;
  Scorecard before;
  Scorecard after;    // the scorecard of the counts after `actions`
  Decimal max_total;  // the highest total the allowed actions can reach
  // What each action adds to the total when the plan is carried out in the order file, close, execute,
  // penalize_missed, fulfil (each step's total minus the previous one's; they sum to after − before).
  std::array<Decimal, kActionCount> contribution{};
  // Scorecard evaluations the search made (a measure of its work).
  int64_t evaluations = 0;

  // "办结 2 件未结案件，执行 4 件已结案件，对 1 件应处罚未处罚案件作出处罚：总分 70.60 → 86.00"; when unreachable it
  // says so and gives the highest reachable total.
  std::string Sentence(Language language) const;
};

// Finds the plan of least total cost whose counts score at least `target` under `rules`, exactly. Ties between
// plans of equal cost go to the one found first in the order of docs/planner.md. Errors: as Score() for the
// counts, unit and period (score_options as Score() takes them); kInvalidArgument when a cost is below 1 or a
// max_file below 0; kResourceExhausted when the search would need more than 2 × 10^7 evaluations (it stops
// rather than answer without proof).
ZHIFA_EXPORT absl::StatusOr<TargetPlan> PlanForTotal(const RuleSet& rules, const Unit& unit, const Period& period,
                                                     const Counts& counts, Decimal target,
                                                     const ActionOptions& options = {},
                                                     const ScoreOptions& score_options = {});

// What one more of an action is worth now.
struct ZHIFA_EXPORT Marginal {
  Action action = Action::kClose;
  bool available = false;  // allowed and possible on these counts
  std::string why_not;     // when not available: "not allowed", "no open case (closed = filed = 12)", ...
  std::string why_not_zh;  // the same in Chinese: "未列为可用措施", "无未结案件（办结 = 立案 = 12）", ...
  Decimal gain;            // total after one − total now (may be negative: filing lowers other rates)
  int64_t cost = 1;
};
// One entry per action, the available ones first, by gain per unit of cost (highest first), then the others.
// Errors as Score().
ZHIFA_EXPORT absl::StatusOr<std::vector<Marginal>> Marginals(const RuleSet& rules, const Unit& unit,
                                                             const Period& period, const Counts& counts,
                                                             const ActionOptions& options = {},
                                                             const ScoreOptions& score_options = {});

}  // namespace zhifa

#endif  // ZHIFA_PLANNER_H_
