#include "zhifa/planner.h"

#include <algorithm>
#include <functional>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "lib/score_internal.h"
#include "lib/strings.h"

namespace zhifa {
namespace {

using Cost128 = __int128;  // a plan's cost: up to 5 × 10^6 × 2^53 does not fit in 64 bits
constexpr Cost128 kNoPlan = static_cast<Cost128>(1) << 100;
constexpr int64_t kMaxCost = 1000000;

constexpr std::array<std::string_view, kActionCount> kNames = {"file", "close", "execute", "penalize_missed", "fulfil"};
constexpr std::array<std::string_view, kActionCount> kNamesZh = {"立案", "办结", "执行", "处罚", "落实交办"};

size_t Index(Action a) { return static_cast<size_t>(a); }

// A column an action changes, and in which direction.
struct Effect {
  Column column;
  int sign;
};

std::vector<Effect> EffectsOf(Action a) {
  switch (a) {
    case Action::kFile:
      return {{Column::kFiled, +1}, {Column::kEnforcementCases, +1}};
    case Action::kClose:
      return {{Column::kClosed, +1}};
    case Action::kExecute:
      return {{Column::kExecuted, +1}};
    case Action::kPenalizeMissed:
      return {{Column::kPenalized, +1}, {Column::kMissedPenalty, -1}};
    case Action::kFulfil:
      return {{Column::kLeaderUnfulfilled, -1}};
  }
  return {};
}

// `k` more of action `a` (no checks: the caller keeps within Bound()).
void Add(Counts& c, Action a, int64_t k) {
  if (k == 0) return;
  switch (a) {
    case Action::kFile:
      // enforcement_cases follows filed when absent (Counts::Get); when given it grows with it.
      if (c.Has(Column::kEnforcementCases)) c.Set(Column::kEnforcementCases, c.Get(Column::kEnforcementCases) + k);
      c.Set(Column::kFiled, c.Get(Column::kFiled) + k);
      return;
    case Action::kClose:
      c.Set(Column::kClosed, c.Get(Column::kClosed) + k);
      return;
    case Action::kExecute:
      c.Set(Column::kExecuted, c.Get(Column::kExecuted) + k);
      return;
    case Action::kPenalizeMissed:
      c.Set(Column::kPenalized, c.Get(Column::kPenalized) + k);
      c.Set(Column::kMissedPenalty, c.Get(Column::kMissedPenalty) - k);
      return;
    case Action::kFulfil:
      c.Set(Column::kLeaderUnfulfilled, c.Get(Column::kLeaderUnfulfilled) - k);
      return;
  }
}

// How many of `a` the counts allow (file: the options' limit).
int64_t Bound(const Counts& c, Action a, const ActionOptions& options) {
  if (!options.allowed[Index(a)]) return 0;
  switch (a) {
    case Action::kFile:
      return options.max_file.value_or(std::max<int64_t>(0, c.Get(Column::kShouldFile) - c.Get(Column::kFiled)));
    case Action::kClose:
      return c.Get(Column::kFiled) - c.Get(Column::kClosed);
    case Action::kExecute:
      return c.Get(Column::kClosed) - c.Get(Column::kExecuted);
    case Action::kPenalizeMissed:
      return std::min(c.Get(Column::kMissedPenalty), c.Get(Column::kFiled) - c.Get(Column::kPenalized));
    case Action::kFulfil:
      return c.Get(Column::kLeaderUnfulfilled);
  }
  return 0;
}

// Why one more of `a` is not possible, in English or Chinese, or "" when it is.
std::string WhyNot(const Counts& c, Action a, const ActionOptions& options, Language language = Language::kEn) {
  const bool zh = language == Language::kZh;
  if (!options.allowed[Index(a)]) return zh ? "未列为可用措施" : "not allowed";
  if (Bound(c, a, options) > 0) return "";
  const int64_t filed = c.Get(Column::kFiled);
  const int64_t closed = c.Get(Column::kClosed);
  switch (a) {
    case Action::kFile:
      if (options.max_file) return zh ? "新立案上限为 0" : "max_file is 0";
      return zh ? internal::Cat("已达应立案数量（立案 ", filed, " ≥ 应立案 ", c.Get(Column::kShouldFile), "；A2.1）")
                : internal::Cat("the quota is met (filed ", filed, " >= should_file ", c.Get(Column::kShouldFile),
                                "; A2.1)");
    case Action::kClose:
      return zh ? internal::Cat("无未结案件（办结 = 立案 = ", filed, "）")
                : internal::Cat("no open case (closed = filed = ", filed, ")");
    case Action::kExecute:
      return zh ? internal::Cat("已结案件均已执行（执行 = 办结 = ", closed, "）")
                : internal::Cat("no closed case left to execute (executed = closed = ", closed, ")");
    case Action::kPenalizeMissed:
      if (c.Get(Column::kMissedPenalty) == 0)
        return zh ? "无应处罚未处罚案件" : "no missed-penalty case (missed_penalty = 0)";
      return zh ? internal::Cat("处罚数量已等于立案数量（", filed, "）") : internal::Cat("penalized = filed = ", filed);
    case Action::kFulfil:
      return zh ? "无未落实的县领导交办案件" : "no unfulfilled leader-assigned case (leader_unfulfilled = 0)";
  }
  return "";
}

// Whether one more of `a` can never lower any indicator of `rules`: every column it raises is only a numerator of
// a proportional or rising-bands indicator (or of an inverse one, when it lowers it) and never a denominator, and
// every column it lowers is only a deduction count. *touched receives the indicators it changes.
bool Rising(const RuleSet& rules, Action a, std::vector<bool>* touched) {
  touched->assign(rules.indicators().size(), false);
  bool rising = true;
  for (size_t i = 0; i < rules.indicators().size(); ++i) {
    const Indicator& ind = rules.indicators()[i];
    bool bands_rise = true;
    for (size_t b = 1; b < ind.bands.size(); ++b)
      bands_rise = bands_rise && ind.bands[b - 1].points <= ind.bands[b].points;
    for (const Effect& e : EffectsOf(a)) {
      if (e.column == ind.denominator) {
        (*touched)[i] = true;
        rising = false;
      }
      if (e.column == ind.numerator) {
        (*touched)[i] = true;
        const bool up = ind.mode == Mode::kInverse ? e.sign < 0 : e.sign > 0;
        if (!up || (ind.mode == Mode::kBands && !bands_rise)) rising = false;
      }
      for (const DeductionRule& d : ind.deductions) {
        if (d.count != e.column) continue;
        (*touched)[i] = true;
        if (e.sign > 0 && d.points.units() > 0) rising = false;
      }
    }
  }
  return rising;
}

int64_t CeilUnits(Decimal target, int points_decimals) {
  // total_units >= target × 10^pd  <=>  total_units >= ceil(target × 10^pd); clamped to 64 bits (a target beyond
  // them is beyond any total, and one below them below any).
  __int128 num = static_cast<__int128>(target.units());
  __int128 den = 1;
  for (int s = target.scale(); s > points_decimals; --s) den *= 10;
  for (int s = target.scale(); s < points_decimals; ++s) num *= 10;
  __int128 q = num / den;
  if (num % den != 0 && num > 0) ++q;
  constexpr __int128 kHigh = std::numeric_limits<int64_t>::max(), kLow = std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(q > kHigh ? kHigh : q < kLow ? kLow : q);
}

// The exhaustive search of docs/planner.md.
class Search {
 public:
  Search(const RuleSet& rules, const Counts& counts, const ActionOptions& options)
      : rules_(rules), counts_(counts), options_(options) {
    bool any_exclude = false;
    for (const Indicator& ind : rules.indicators()) any_exclude |= ind.zero_denominator == ZeroDenominator::kExclude;
    std::vector<std::vector<bool>> touched;
    for (Action a : kAllActions) {
      if (!options.allowed[Index(a)]) continue;
      std::vector<bool> t;
      // file and close change the bounds of the others (close < filed, execute < closed): always enumerated.
      const bool rising = a != Action::kFile && a != Action::kClose && Rising(rules, a, &t);
      if (rising) {
        inner_.push_back(a);
        touched.push_back(t);
      } else {
        outer_.push_back(a);
      }
    }
    // Separable: the rising actions change disjoint indicators and the total is their plain sum.
    separable_ = !any_exclude;
    for (size_t x = 0; x < touched.size() && separable_; ++x) {
      for (size_t y = x + 1; y < touched.size(); ++y) {
        for (size_t i = 0; i < touched[x].size(); ++i) separable_ = separable_ && !(touched[x][i] && touched[y][i]);
      }
    }
    for (size_t x = 0; x < touched.size(); ++x) {
      std::vector<size_t> list;
      for (size_t i = 0; i < touched[x].size(); ++i) {
        if (touched[x][i]) list.push_back(i);
      }
      inner_indicators_.push_back(std::move(list));
    }
  }

  // The highest total the actions reach (every rising action at its most, the others enumerated).
  int64_t MaxTotal() {
    best_max_ = std::numeric_limits<int64_t>::min();
    ForEachOuter(counts_, 0, 0, Goal::kMax, [&](const Counts& c, Cost128) {
      Counts all = c;
      for (Action a : inner_) Add(all, a, Bound(c, a, options_));
      best_max_ = std::max(best_max_, Total(all));
    });
    return best_max_;
  }

  // The cheapest plan reaching `target_units`; false when there is none.
  bool Cheapest(int64_t target_units, ActionCounts* plan, Cost128* cost) {
    target_ = target_units;
    best_cost_ = kNoPlan;
    ForEachOuter(counts_, 0, 0, Goal::kCheapest, [&](const Counts& c, Cost128 outer_cost) { Inner(c, outer_cost); });
    if (best_cost_ == kNoPlan) return false;
    *plan = best_plan_;
    *cost = best_cost_;
    return true;
  }

  int64_t evaluations() const { return evaluations_; }
  // The search gave up after kBudget evaluations (its answer is then not a proof).
  bool exhausted() const { return evaluations_ > kBudget; }
  // Whether the search has stopped early: a loop that sees it returns at once.
  bool stopped() const { return exhausted(); }

 private:
  // A few seconds of work; counts in the thousands need thousands.
  static constexpr int64_t kBudget = 20'000'000;

  int64_t Total(const Counts& c) {
    ++evaluations_;
    return internal::TotalUnits(rules_, c);
  }
  // The sum of the points of some indicators (separable search only: none is ever excluded).
  int64_t Points(const Counts& c, const std::vector<size_t>& indicators) {
    ++evaluations_;
    int64_t sum = 0;
    for (size_t i : indicators) sum += *internal::IndicatorPointsUnits(rules_, rules_.indicators()[i], c);
    return sum;
  }
  Cost128 Cost(Action a, int64_t k) const { return static_cast<Cost128>(options_.cost[Index(a)]) * k; }

  // What an outer search looks for: the highest total, or the cheapest plan reaching target_.
  enum class Goal { kMax, kCheapest };

  // Calls visit(counts, cost) for the combinations of the enumerated actions, in the order file, close, then the
  // others, skipping blocks of them that cannot matter: blocks whose upper bound (TotalUpperBoundUnits over every
  // plan in the block, all rising actions included) is no more than the highest total seen (kMax) or below the
  // target (kCheapest), and, for kCheapest, combinations that already cost as much as the best plan found.
  void ForEachOuter(const Counts& c, size_t depth, Cost128 cost, Goal goal,
                    const std::function<void(const Counts&, Cost128)>& visit) {
    if (exhausted()) return;
    if (depth == outer_.size()) {
      visit(c, cost);
      return;
    }
    const Action a = outer_[depth];
    Block(c, depth, cost, goal, visit, 0, Bound(c, a, options_));
    current_[Index(a)] = 0;
  }

  // Outer action outer_[depth] from k_lo to k_hi (the earlier ones fixed in c).
  void Block(const Counts& c, size_t depth, Cost128 cost, Goal goal,
             const std::function<void(const Counts&, Cost128)>& visit, int64_t k_lo, int64_t k_hi) {
    const Action a = outer_[depth];
    if (exhausted() || (goal == Goal::kCheapest && cost + Cost(a, k_lo) >= best_cost_)) return;
    // A plan cheaper than the best found spends less than `budget` on the actions after this block's least.
    const Cost128 budget =
        goal == Goal::kCheapest && best_cost_ != kNoPlan ? best_cost_ - 1 - cost - Cost(a, k_lo) : kNoPlan;
    if (std::optional<int64_t> upper = Upper(c, depth, k_lo, k_hi, budget)) {
      if (goal == Goal::kMax ? *upper <= best_max_ : *upper < target_) return;
    }
    if (k_hi - k_lo < 8) {
      for (int64_t k = k_lo; k <= k_hi; ++k) {
        if ((goal == Goal::kCheapest && cost + Cost(a, k) >= best_cost_) || exhausted()) break;
        Counts next = c;
        Add(next, a, k);
        current_[Index(a)] = k;
        ForEachOuter(next, depth + 1, cost + Cost(a, k), goal, visit);
      }
      return;
    }
    const int64_t mid = k_lo + (k_hi - k_lo) / 2;
    // The cheapest search goes up in cost; the highest-total search visits the more promising half first.
    if (goal == Goal::kMax && Upper(c, depth, mid + 1, k_hi, kNoPlan) > Upper(c, depth, k_lo, mid, kNoPlan)) {
      Block(c, depth, cost, goal, visit, mid + 1, k_hi);
      Block(c, depth, cost, goal, visit, k_lo, mid);
    } else {
      Block(c, depth, cost, goal, visit, k_lo, mid);
      Block(c, depth, cost, goal, visit, mid + 1, k_hi);
    }
  }

  // An upper bound of the total over every plan with outer_[depth] in k_lo..k_hi, the later enumerated actions and
  // the rising ones anywhere in their ranges (each action's bound only grows with the earlier ones' counts, so
  // the ranges at the block's top cover it), each also within what `budget` buys beyond this block's least;
  // nullopt when the rule set admits no such bound.
  std::optional<int64_t> Upper(const Counts& c, size_t depth, int64_t k_lo, int64_t k_hi, Cost128 budget) {
    auto within = [&](Action b, int64_t bound) {
      const Cost128 most = budget / options_.cost[Index(b)];
      return most < bound ? static_cast<int64_t>(most) : bound;
    };
    Counts lo = c, hi = c;
    const Action a = outer_[depth];
    Widen(lo, hi, a, k_lo, std::min(k_hi, k_lo + within(a, k_hi - k_lo)));
    for (size_t d = depth + 1; d < outer_.size(); ++d) {
      Widen(lo, hi, outer_[d], 0, within(outer_[d], Bound(hi, outer_[d], options_)));
    }
    for (Action b : inner_) Widen(lo, hi, b, 0, within(b, Bound(hi, b, options_)));
    ++evaluations_;
    return internal::TotalUpperBoundUnits(rules_, lo, hi);
  }

  // Column ranges after k_lo..k_hi of action a.
  static void Widen(Counts& lo, Counts& hi, Action a, int64_t k_lo, int64_t k_hi) {
    for (const Effect& e : EffectsOf(a)) {
      if (e.column == Column::kEnforcementCases && !lo.Has(e.column)) continue;  // it follows filed
      if (e.sign > 0) {
        lo.Set(e.column, lo.Get(e.column) + k_lo);
        hi.Set(e.column, hi.Get(e.column) + k_hi);
      } else {
        lo.Set(e.column, lo.Get(e.column) - k_hi);
        hi.Set(e.column, hi.Get(e.column) - k_lo);
      }
    }
  }

  void Offer(Cost128 cost) {
    if (cost >= best_cost_) return;
    best_cost_ = cost;
    best_plan_ = current_;
  }

  // The rising actions, given the enumerated ones (counts c, costing outer_cost so far).
  void Inner(const Counts& c, Cost128 outer_cost) {
    for (Action a : inner_) current_[Index(a)] = 0;
    Counts all = c;
    std::vector<int64_t> bounds;
    // A plan cheaper than the best found spends at most `budget` on the rising actions.
    const Cost128 budget = best_cost_ == kNoPlan ? kNoPlan : best_cost_ - 1 - outer_cost;
    for (Action a : inner_) {
      bounds.push_back(Bound(c, a, options_));
      const Cost128 most = budget / options_.cost[Index(a)];
      Add(all, a, most < bounds.back() ? static_cast<int64_t>(most) : bounds.back());
    }
    // Even every rising action at its most (within the budget) falls short: they only raise the total.
    if (Total(all) < target_) return;
    if (Total(c) >= target_) return Offer(outer_cost);
    if (separable_) return Separable(c, outer_cost, bounds);
    General(c, outer_cost, bounds, 0);
  }

  // Not separable: every rising action but the last enumerated, the last bisected on the total.
  void General(Counts c, Cost128 cost, const std::vector<int64_t>& bounds, size_t depth) {
    if (cost >= best_cost_ || stopped()) return;
    const Action a = inner_[depth];
    if (depth + 1 == inner_.size()) {
      if (std::optional<int64_t> k = Fewest(bounds[depth], [&](int64_t k) {
            Counts t = c;
            Add(t, a, k);
            return Total(t) >= target_;
          })) {
        current_[Index(a)] = *k;
        Offer(cost + Cost(a, *k));
        current_[Index(a)] = 0;
      }
      return;
    }
    for (int64_t k = 0; k <= bounds[depth] && cost + Cost(a, k) < best_cost_ && !stopped(); ++k) {
      Counts next = c;
      Add(next, a, k);
      // The rest at their most: when that falls short, so does every plan with this k (they only rise).
      Counts most = next;
      for (size_t d = depth + 1; d < inner_.size(); ++d) Add(most, inner_[d], bounds[d]);
      if (Total(most) < target_) continue;
      current_[Index(a)] = k;
      General(next, cost + Cost(a, k), bounds, depth + 1);
    }
    current_[Index(a)] = 0;
  }

  // The least k in 0..bound with ok(k), ok being monotone; nullopt when ok(bound) is false.
  static std::optional<int64_t> Fewest(int64_t bound, const std::function<bool(int64_t)>& ok) {
    if (!ok(bound)) return std::nullopt;
    int64_t lo = 0, hi = bound;  // ok(hi)
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      if (ok(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return hi;
  }

  // Separable: total = total(c) + Σ gain_a(k_a). Each action but the one with the widest range contributes only at
  // its breakpoints (the least k of each gain: a larger k with the same gain costs more); the last is bisected.
  void Separable(const Counts& c, Cost128 outer_cost, const std::vector<int64_t>& bounds) {
    const int64_t need = target_ - Total(c);
    std::vector<size_t> order(inner_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return bounds[x] < bounds[y]; });
    struct Step {
      int64_t k, gain;
    };
    std::vector<std::vector<Step>> steps;
    for (size_t o = 0; o + 1 < order.size(); ++o) {
      const size_t x = order[o];
      const Action a = inner_[x];
      const int64_t base = Points(c, inner_indicators_[x]);
      auto gain_at = [&](int64_t k) {
        Counts t = c;
        Add(t, a, k);
        return Points(t, inner_indicators_[x]) - base;
      };
      // Each breakpoint: the least k whose gain exceeds the last one's (the gain only rises: bisection), so the
      // work grows with the number of distinct points, not with the counts.
      std::vector<Step> list = {{0, 0}};
      while (list.back().gain < need && !stopped()) {
        const int64_t from = list.back().k + 1;
        if (from > bounds[x] || outer_cost + Cost(a, from) >= best_cost_) break;
        const int64_t last = list.back().gain;
        std::optional<int64_t> k = Fewest(bounds[x] - from, [&](int64_t d) { return gain_at(from + d) > last; });
        if (!k) break;
        list.push_back({from + *k, gain_at(from + *k)});
      }
      steps.push_back(std::move(list));
    }
    const size_t last = order.back();
    const Action last_action = inner_[last];
    const int64_t last_base = Points(c, inner_indicators_[last]);
    auto last_gain = [&](int64_t k) {
      Counts t = c;
      Add(t, last_action, k);
      return Points(t, inner_indicators_[last]) - last_base;
    };
    const int64_t last_most = last_gain(bounds[last]);
    std::function<void(size_t, Cost128, int64_t)> pick = [&](size_t o, Cost128 cost, int64_t gain) {
      if (cost >= best_cost_ || stopped()) return;
      if (o + 1 == order.size()) {
        const int64_t rest = need - gain;
        if (rest <= 0) return Offer(cost);
        if (last_most < rest) return;
        std::optional<int64_t> k = Fewest(bounds[last], [&](int64_t k) { return last_gain(k) >= rest; });
        current_[Index(last_action)] = *k;
        Offer(cost + Cost(last_action, *k));
        current_[Index(last_action)] = 0;
        return;
      }
      const Action a = inner_[order[o]];
      for (const Step& s : steps[o]) {
        current_[Index(a)] = s.k;
        pick(o + 1, cost + Cost(a, s.k), gain + s.gain);
      }
      current_[Index(a)] = 0;
    };
    pick(0, outer_cost, 0);
  }

  const RuleSet& rules_;
  const Counts counts_;
  const ActionOptions& options_;
  std::vector<Action> outer_;
  std::vector<Action> inner_;
  std::vector<std::vector<size_t>> inner_indicators_;
  bool separable_ = true;
  int64_t target_ = 0;
  int64_t best_max_ = 0;
  Cost128 best_cost_ = kNoPlan;
  ActionCounts best_plan_{};
  ActionCounts current_{};
  int64_t evaluations_ = 0;
};

absl::Status CheckOptions(const ActionOptions& options) {
  for (Action a : kAllActions) {
    const int64_t cost = options.cost[Index(a)];
    if (cost < 1 || cost > kMaxCost) {
      return absl::InvalidArgumentError(
          internal::Cat("cost of ", ActionName(a), ": ", cost, " is not a whole number from 1 to ", kMaxCost));
    }
  }
  if (options.max_file && (*options.max_file < 0 || *options.max_file > kMaxCount)) {
    return absl::InvalidArgumentError(internal::Cat("max_file: ", *options.max_file, " is not from 0 to ", kMaxCount));
  }
  return absl::OkStatus();
}

std::string Phrase(Action a, int64_t n, Language language) {
  if (language == Language::kZh) {
    switch (a) {
      case Action::kFile:
        return internal::Cat("新立案 ", n, " 件");
      case Action::kClose:
        return internal::Cat("办结 ", n, " 件未结案件");
      case Action::kExecute:
        return internal::Cat("执行 ", n, " 件已结案件");
      case Action::kPenalizeMissed:
        return internal::Cat("对 ", n, " 件应处罚未处罚案件作出处罚");
      case Action::kFulfil:
        return internal::Cat("落实 ", n, " 件县领导交办案件");
    }
  }
  const std::string_view s = n == 1 ? "" : "s";
  switch (a) {
    case Action::kFile:
      return internal::Cat("file ", n, " newly found case", s);
    case Action::kClose:
      return internal::Cat("close ", n, " open case", s);
    case Action::kExecute:
      return internal::Cat("execute ", n, " closed decision", s);
    case Action::kPenalizeMissed:
      return internal::Cat("decide ", n, " missed-penalty case", s, " with a penalty");
    case Action::kFulfil:
      return internal::Cat("carry out ", n, " county-leader-assigned case", s);
  }
  return "";
}

}  // namespace

std::string_view ActionName(Action action) { return kNames[Index(action)]; }

std::optional<Action> ActionFromName(std::string_view name) {
  name = internal::Trim(name);
  for (Action a : kAllActions) {
    if (name == kNames[Index(a)] || name == kNamesZh[Index(a)]) return a;
  }
  return std::nullopt;
}

absl::StatusOr<ActionOptions> ActionOptions::Parse(std::string_view actions, std::string_view costs) {
  ActionOptions options;
  auto unknown = [](std::string_view name) {
    return absl::InvalidArgumentError(
        internal::Cat("unknown action \"", name, "\"; expected one of ", internal::Join(kNames, ", ")));
  };
  if (!internal::Trim(actions).empty()) {
    options.allowed.fill(false);
    for (absl::string_view name : absl::StrSplit(internal::AsAbsl(actions), ',')) {
      std::optional<Action> a = ActionFromName(internal::AsStd(name));
      if (!a) return unknown(internal::Trim(internal::AsStd(name)));
      options.allowed[Index(*a)] = true;
    }
  }
  if (!internal::Trim(costs).empty()) {
    for (absl::string_view piece : absl::StrSplit(internal::AsAbsl(costs), ',')) {
      const std::string_view item = internal::AsStd(piece);
      const size_t eq = item.find('=');
      if (eq == std::string_view::npos) {
        return absl::InvalidArgumentError(
            internal::Cat("cost \"", internal::Trim(item), "\": expected action=cost, e.g. close=2"));
      }
      std::optional<Action> a = ActionFromName(item.substr(0, eq));
      if (!a) return unknown(internal::Trim(item.substr(0, eq)));
      int64_t cost = 0;
      if (!absl::SimpleAtoi(internal::AsAbsl(internal::Trim(item.substr(eq + 1))), &cost) || cost < 1 ||
          cost > kMaxCost) {
        return absl::InvalidArgumentError(internal::Cat("cost of ", ActionName(*a), ": \"",
                                                        internal::Trim(item.substr(eq + 1)),
                                                        "\" is not a whole number from 1 to ", kMaxCost));
      }
      options.cost[Index(*a)] = cost;
    }
  }
  return options;
}

absl::StatusOr<Counts> ApplyActions(const Counts& counts, const ActionCounts& actions) {
  if (!IsValid(counts)) {
    std::vector<std::string> parts;
    for (const CountError& e : Validate(counts))
      parts.push_back(internal::Cat("column ", ColumnName(e.column), ": ", e.message));
    return absl::InvalidArgumentError(internal::Cat("the counts are invalid: ", internal::Join(parts, "; ")));
  }
  Counts c = counts;
  ActionOptions any;
  any.max_file = kMaxCount;  // Bound() keeps filed and enforcement_cases within kMaxCount
  for (Action a : kAllActions) {
    const int64_t k = actions[Index(a)];
    if (k < 0) return absl::InvalidArgumentError(internal::Cat(ActionName(a), ": ", k, " is below 0"));
    const int64_t bound = Bound(c, a, any);
    if (k > bound) {
      return absl::InvalidArgumentError(
          internal::Cat(ActionName(a), " × ", k, ": the counts allow ", bound,
                        bound > 0 || a == Action::kFile ? "" : internal::Cat(" (", WhyNot(c, a, any), ")")));
    }
    Add(c, a, k);
  }
  return c;
}

absl::StatusOr<CountChange> ParseCountChange(std::string_view text) {
  const size_t eq = text.find('=');
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(internal::Cat(
        "change \"", text, "\": ", why, " (expected column=value, column=+n or column=-n, e.g. closed=+10)"));
  };
  if (eq == std::string_view::npos) return bad("no '='");
  std::optional<Column> column = ColumnFromName(internal::Trim(text.substr(0, eq)));
  if (!column) return bad("unknown column");
  std::string_view value = internal::Trim(text.substr(eq + 1));
  CountChange change{.column = *column};
  if (!value.empty() && (value[0] == '+' || value[0] == '-')) change.relative = true;
  std::string_view digits = value.substr(!value.empty() && value[0] == '+' ? 1 : 0);
  const bool signed_twice = value.size() > 1 && (value[1] == '+' || value[1] == '-') && change.relative;
  if (signed_twice || !absl::SimpleAtoi(internal::AsAbsl(digits), &change.value) || digits.empty() ||
      digits[0] == '+' || change.value > kMaxCount || change.value < -kMaxCount) {
    return bad("the value is not a whole number");
  }
  return change;
}

absl::StatusOr<Counts> ApplyChanges(const Counts& counts, std::span<const CountChange> changes) {
  Counts c = counts;
  for (const CountChange& ch : changes) {
    const int64_t before = c.Get(ch.column);
    const int64_t after = ch.relative ? before + ch.value : ch.value;
    if (after < 0 || after > kMaxCount) {
      return absl::InvalidArgumentError(
          internal::Cat(ColumnName(ch.column), ": ", before, " → ", after, " is outside 0..", kMaxCount));
    }
    c.Set(ch.column, after);
  }
  std::vector<CountError> errors = Validate(c);
  if (!errors.empty()) {
    std::vector<std::string> parts;
    for (const CountError& e : errors) parts.push_back(internal::Cat("column ", ColumnName(e.column), ": ", e.message));
    return absl::InvalidArgumentError(internal::Cat("after the changes, ", internal::Join(parts, "; ")));
  }
  return c;
}

int RankAmong(Decimal total, std::span<const Standing> others, std::optional<Category> category) {
  int rank = 1;
  for (const Standing& s : others) {
    if (!s.self && (!category || s.category == *category) && s.total > total) ++rank;
  }
  return rank;
}

absl::StatusOr<std::optional<Decimal>> TotalForRank(int rank, std::span<const Standing> others,
                                                    std::optional<Category> category) {
  if (rank < 1) return absl::InvalidArgumentError(internal::Cat("rank ", rank, " is below 1"));
  std::vector<Decimal> totals;
  for (const Standing& s : others) {
    if (!s.self && (!category || s.category == *category)) totals.push_back(s.total);
  }
  if (totals.size() < static_cast<size_t>(rank)) return std::nullopt;
  // The rank-th highest: equal to it, at most rank − 1 others are higher (rank <= `rank`); below it, `rank` are.
  std::nth_element(totals.begin(), totals.begin() + (rank - 1), totals.end(), std::greater<>());
  return totals[rank - 1];
}

std::string TargetPlan::Sentence(Language language) const {
  const bool zh = language == Language::kZh;
  std::vector<std::string> parts;
  for (Action a : kAllActions) {
    if (actions[Index(a)] > 0) parts.push_back(Phrase(a, actions[Index(a)], language));
  }
  const std::string from_to =
      internal::Cat(zh ? "总分 " : "total ", before.total.ToString(), " → ", after.total.ToString());
  std::string plan =
      parts.empty() ? std::string(zh ? "无需任何措施" : "no action needed") : internal::Join(parts, zh ? "，" : ", ");
  if (reachable) return internal::Cat(plan, zh ? "：" : ": ", from_to);
  return internal::Cat(
      zh ? "目标 " : "the target ", target.ToString(),
      zh ? " 分无法以允许的措施达到；最多可达 " : " cannot be reached with the allowed actions; at most ",
      max_total.ToString(), zh ? " 分：" : ": ", plan, zh ? "，" : ", ", from_to);
}

absl::StatusOr<TargetPlan> PlanForTotal(const RuleSet& rules, const Unit& unit, const Period& period,
                                        const Counts& counts, Decimal target, const ActionOptions& options,
                                        const ScoreOptions& score_options) {
  if (absl::Status s = CheckOptions(options); !s.ok()) return s;
  absl::StatusOr<Scorecard> before = Score(rules, unit, period, counts, score_options);
  if (!before.ok()) return before.status();
  const int pd = rules.points_decimals();
  TargetPlan plan;
  plan.target = target;
  plan.before = *before;
  Search search(rules, counts, options);
  const int64_t max_units = search.MaxTotal();
  if (search.exhausted()) {
    return absl::ResourceExhaustedError(internal::Cat(
        "the highest total of ", unit.name, " ", period.ToString(), " needs more than ", search.evaluations(),
        " evaluations; allow fewer actions (--actions) or fewer new filings (max_file)"));
  }
  plan.max_total = Decimal(max_units, pd);
  const int64_t want = CeilUnits(target, pd);
  plan.reachable = max_units >= want;
  // Unreachable: the cheapest plan to the best there is.
  Cost128 cost = 0;
  const bool found = search.Cheapest(plan.reachable ? want : max_units, &plan.actions, &cost);
  if (search.exhausted()) {
    return absl::ResourceExhaustedError(internal::Cat(
        "the search for ", unit.name, " ", period.ToString(), " stopped after ", search.evaluations(),
        " evaluations without a proof of the cheapest plan; allow fewer actions (--actions) or fewer new filings "
        "(max_file)"));
  }
  if (!found) return absl::InternalError("the planner found no plan for a total it reached");
  if (cost > std::numeric_limits<int64_t>::max()) {
    return absl::OutOfRangeError(internal::Cat("the plan for ", unit.name, " costs more than 2^63"));
  }
  plan.cost = static_cast<int64_t>(cost);
  plan.evaluations = search.evaluations();
  Counts c = counts;
  int64_t previous = internal::TotalUnits(rules, c);
  for (Action a : kAllActions) {
    Add(c, a, plan.actions[Index(a)]);
    const int64_t now = internal::TotalUnits(rules, c);
    plan.contribution[Index(a)] = Decimal(now - previous, pd);
    previous = now;
  }
  absl::StatusOr<Scorecard> after = Score(rules, unit, period, c, score_options);
  if (!after.ok()) return after.status();
  plan.after = *std::move(after);
  return plan;
}

absl::StatusOr<std::vector<Marginal>> Marginals(const RuleSet& rules, const Unit& unit, const Period& period,
                                                const Counts& counts, const ActionOptions& options,
                                                const ScoreOptions& score_options) {
  if (absl::Status s = CheckOptions(options); !s.ok()) return s;
  absl::StatusOr<Scorecard> now = Score(rules, unit, period, counts, score_options);
  if (!now.ok()) return now.status();
  const int pd = rules.points_decimals();
  const int64_t base = internal::TotalUnits(rules, counts);
  std::vector<Marginal> out;
  for (Action a : kAllActions) {
    Marginal m{.action = a, .cost = options.cost[Index(a)]};
    m.why_not = WhyNot(counts, a, options);
    m.why_not_zh = WhyNot(counts, a, options, Language::kZh);
    m.available = m.why_not.empty();
    if (m.available) {
      Counts c = counts;
      Add(c, a, 1);
      m.gain = Decimal(internal::TotalUnits(rules, c) - base, pd);
    } else {
      m.gain = Decimal(0, pd);
    }
    out.push_back(std::move(m));
  }
  // Available first; then by gain per cost, highest first (a/b > c/d <=> a d > c b for b, d > 0).
  std::stable_sort(out.begin(), out.end(), [](const Marginal& x, const Marginal& y) {
    if (x.available != y.available) return x.available;
    return static_cast<__int128>(x.gain.units()) * y.cost > static_cast<__int128>(y.gain.units()) * x.cost;
  });
  return out;
}

}  // namespace zhifa
