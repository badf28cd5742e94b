#include "zhifa/planner.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace zhifa {
namespace {

using ::testing::HasSubstr;
using testing::MakeCounts;
using testing::Row;

const Unit& Market() { return **Registry::Builtin().Resolve("县市场监督管理局"); }
const Period kYear = Period::Year(2021);

// The unit of the issue's example, under zhenping-2021 (docs/model.md), points by hand:
//   filing      20 × min(100/100, 1)                          = 20.00
//   closure     16 × 90/100 = 14.40 − 2 × 1 overdue − 5 × 1 leader-assigned unfulfilled = 7.40
//   execution   16 × 81/90 = 14.40
//   penalty     16 × 60/100 = 9.60 − 3 × 2 missed penalties  = 3.60
//   sued        16 × (1 − 25/100)                              = 12.00
//   litigation  16 × 16/25                                     = 10.24
//   total                                                      = 67.64
Counts Example() {
  return MakeCounts(Row{.should_file = 100,
                        .filed = 100,
                        .closed = 90,
                        .overdue = 1,
                        .leader_unfulfilled = 1,
                        .executed = 81,
                        .penalized = 60,
                        .missed_penalty = 2,
                        .sued = 25,
                        .judgments = 25,
                        .judgments_won = 16});
}

size_t I(Action a) { return static_cast<size_t>(a); }

TEST(Planner, ExampleNeedsExactlyTwoActionsToPass75) {
  absl::StatusOr<TargetPlan> plan = PlanForTotal(RuleSet::Builtin(), Market(), kYear, Example(), Decimal(75, 0));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->before.total, Decimal(6764, 2));
  ASSERT_TRUE(plan->reachable);
  // One action is not enough: the best single one, fulfil, gives 67.64 + 5 = 72.64 < 75. Two are: penalizing a
  // missed case gives 16 × 61/100 = 9.76 − 3 × 1 = 6.76 (+3.16) and fulfilling the assigned case removes the 5-point
  // deduction (+5.00): 67.64 + 3.16 + 5.00 = 75.80. (Two of any other pair fall short: fulfil + close nets +0.16
  // closure −0.16 execution = 72.64; fulfil + execute 72.82; penalize twice 16 × 62/100 = 9.92, +6.32 = 73.96.)
  EXPECT_EQ(plan->cost, 2);
  EXPECT_EQ(plan->actions[I(Action::kPenalizeMissed)], 1);
  EXPECT_EQ(plan->actions[I(Action::kFulfil)], 1);
  EXPECT_EQ(plan->actions[I(Action::kClose)], 0);
  EXPECT_EQ(plan->after.total, Decimal(7580, 2));
  EXPECT_EQ(plan->contribution[I(Action::kPenalizeMissed)], Decimal(316, 2));
  EXPECT_EQ(plan->contribution[I(Action::kFulfil)], Decimal(500, 2));
  EXPECT_EQ(plan->Sentence(Language::kZh),
            "对 1 件应处罚未处罚案件作出处罚，落实 1 件县领导交办案件：总分 67.64 → 75.80");
  EXPECT_EQ(
      plan->Sentence(Language::kEn),
      "decide 1 missed-penalty case with a penalty, carry out 1 county-leader-assigned case: total 67.64 → 75.80");
}

TEST(Planner, UnreachableTargetGivesTheHighestTotalAndTheCheapestPlanToIt) {
  absl::StatusOr<TargetPlan> plan = PlanForTotal(RuleSet::Builtin(), Market(), kYear, Example(), Decimal(90, 0));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->reachable);
  // The quota is met (filed 100 = should_file), so no filing. At most: closure 16 × 100/100 − 2 (overdue stays)
  // = 14.00, execution 16 × 100/100 = 16.00, penalty 16 × 62/100 = 9.92, filing 20, sued 12.00,
  // litigation 10.24: 82.16, reached only by closing all 10 open cases, executing 100 − 81 = 19, penalizing 2 and
  // fulfilling 1: cost 32.
  EXPECT_EQ(plan->max_total, Decimal(8216, 2));
  EXPECT_EQ(plan->after.total, Decimal(8216, 2));
  EXPECT_EQ(plan->cost, 32);
  EXPECT_EQ(plan->actions[I(Action::kClose)], 10);
  EXPECT_EQ(plan->actions[I(Action::kExecute)], 19);
  EXPECT_THAT(plan->Sentence(Language::kZh), HasSubstr("目标 90 分无法以允许的措施达到；最多可达 82.16 分"));
}

TEST(Planner, RestrictedActionsAndCosts) {
  absl::StatusOr<ActionOptions> options = ActionOptions::Parse("close,execute", "");
  ASSERT_TRUE(options.ok());
  absl::StatusOr<TargetPlan> plan =
      PlanForTotal(RuleSet::Builtin(), Market(), kYear, Example(), Decimal(68, 0), *options);
  ASSERT_TRUE(plan.ok()) << plan.status();
  // Without penalize/fulfil: each execute adds 16/90 ≈ 0.178: 67.64 + 0.18 (16 × 82/90 = 14.5777… → 14.58) = 67.82,
  // two executes 16 × 83/90 = 14.7555… → 14.76: 68.00. Closing adds 0.16 closure but costs 16 × 81/90 − 16 × 81/91
  // ≈ 0.158 execution, 0.00 net: so two executes.
  EXPECT_TRUE(plan->reachable);
  EXPECT_EQ(plan->cost, 2);
  EXPECT_EQ(plan->actions[I(Action::kExecute)], 2);
  EXPECT_EQ(plan->after.total, Decimal(6800, 2));

  absl::StatusOr<ActionOptions> costly = ActionOptions::Parse("", "fulfil=10");
  ASSERT_TRUE(costly.ok());
  plan = PlanForTotal(RuleSet::Builtin(), Market(), kYear, Example(), Decimal(70, 0), *costly);
  ASSERT_TRUE(plan.ok());
  // fulfil (cost 10) would do alone; penalize once (+3.16 → 70.80, cost 1) is cheaper.
  EXPECT_EQ(plan->cost, 1);
  EXPECT_EQ(plan->actions[I(Action::kPenalizeMissed)], 1);

  EXPECT_THAT(ActionOptions::Parse("close,shout", "").status().message(), HasSubstr("unknown action \"shout\""));
  EXPECT_THAT(ActionOptions::Parse("", "close=0").status().message(),
              HasSubstr("cost of close: \"0\" is not a whole number from 1 to 1000000"));
  EXPECT_THAT(ActionOptions::Parse("", "close").status().message(), HasSubstr("expected action=cost"));
  EXPECT_TRUE(ActionOptions::Parse("办结,执行", "处罚=2").ok());
}

TEST(Planner, FilingIsBoundedByTheQuotaGapUnlessRaised) {
  // should_file 10, filed 6: filing 20 × 6/10 = 12.00; 4 more files reach the quota (+8.00). Everything else
  // trivially full: closed = filed etc. Each file also files an open, unpenalized case: closure 16 × 6/7 = 13.71,
  // penalty 16 × 6/7 = 13.71 (−2.29 each), sued 0 stays 16.
  Counts c = MakeCounts(Row{.should_file = 10, .filed = 6, .closed = 6, .executed = 6, .penalized = 6});
  absl::StatusOr<std::vector<Marginal>> m = Marginals(RuleSet::Builtin(), Market(), kYear, c);
  ASSERT_TRUE(m.ok()) << m.status();
  // Filing one: filing 20 × 7/10 = 14.00 (+2.00); closure 16 × 6/7 = 13.714… → 13.71 (−2.29); penalty the same
  // (−2.29); litigation n/a (full 16) and execution unchanged: net 2.00 − 4.58 = −2.58.
  const Marginal* file = nullptr;
  for (const Marginal& x : *m) {
    if (x.action == Action::kFile) file = &x;
  }
  ASSERT_NE(file, nullptr);
  EXPECT_TRUE(file->available);
  EXPECT_EQ(file->gain, Decimal(-258, 2));
  // Every other action is unavailable: nothing open, nothing to execute, no missed penalty, no assigned case.
  EXPECT_EQ(m->front().action, Action::kFile);
  EXPECT_THAT(m->at(1).why_not, ::testing::Not(::testing::IsEmpty()));

  // Target 100: filing 4 and closing and... penalize is impossible (no missed penalty), so the penalty rate
  // falls with every file: 16 × 6/10 = 9.60 at best with 4 files. Unreachable: the best is no file at all
  // (12 + 16 + 16 + 16 + 16 + 16 = 92.00) or 4 files and 4 closes (20 + 16 + 16 + 9.60 + 16 + 16 = 93.60).
  absl::StatusOr<TargetPlan> plan = PlanForTotal(RuleSet::Builtin(), Market(), kYear, c, Decimal(100, 0));
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->reachable);
  EXPECT_EQ(plan->before.total, Decimal(9200, 2));
  EXPECT_EQ(plan->max_total, Decimal(9360, 2));
  EXPECT_EQ(plan->actions[I(Action::kFile)], 4);
  EXPECT_EQ(plan->actions[I(Action::kClose)], 4);
  EXPECT_EQ(plan->actions[I(Action::kExecute)], 4);  // 16 × 6/10 = 9.60 execution until the new closes are executed

  ActionOptions none;
  none.max_file = 0;
  plan = PlanForTotal(RuleSet::Builtin(), Market(), kYear, c, Decimal(100, 0), none);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->max_total, Decimal(9200, 2));
  EXPECT_EQ(plan->cost, 0);
  EXPECT_EQ(plan->Sentence(Language::kEn),
            "the target 100 cannot be reached with the allowed actions; at most 92.00: no action needed, total 92.00 → "
            "92.00");
}

TEST(Planner, Marginals) {
  absl::StatusOr<std::vector<Marginal>> m = Marginals(RuleSet::Builtin(), Market(), kYear, Example());
  ASSERT_TRUE(m.ok());
  // fulfil +5.00; penalize +3.16; execute 16 × 82/90 = 14.58 (+0.18); close: closure +0.16, execution
  // 16 × 81/91 = 14.2417… → 14.24 (−0.16): 0.00; file: the quota is met.
  ASSERT_EQ(m->size(), 5u);
  EXPECT_EQ(m->at(0).action, Action::kFulfil);
  EXPECT_EQ(m->at(0).gain, Decimal(500, 2));
  EXPECT_EQ(m->at(1).action, Action::kPenalizeMissed);
  EXPECT_EQ(m->at(1).gain, Decimal(316, 2));
  EXPECT_EQ(m->at(2).action, Action::kExecute);
  EXPECT_EQ(m->at(2).gain, Decimal(18, 2));
  EXPECT_EQ(m->at(3).action, Action::kClose);
  EXPECT_EQ(m->at(3).gain, Decimal(0, 2));
  EXPECT_EQ(m->at(4).action, Action::kFile);
  EXPECT_FALSE(m->at(4).available);
  EXPECT_EQ(m->at(4).why_not, "the quota is met (filed 100 >= should_file 100; A2.1)");
  EXPECT_EQ(m->at(4).why_not_zh, "已达应立案数量（立案 100 ≥ 应立案 100；A2.1）");
}

TEST(Planner, ChangesAndActions) {
  absl::StatusOr<CountChange> ch = ParseCountChange("closed=+10");
  ASSERT_TRUE(ch.ok());
  EXPECT_TRUE(ch->relative);
  EXPECT_EQ(ch->value, 10);
  ch = ParseCountChange(" 超期件数 = 0 ");
  ASSERT_TRUE(ch.ok());
  EXPECT_EQ(ch->column, Column::kOverdue);
  EXPECT_FALSE(ch->relative);
  EXPECT_THAT(ParseCountChange("closed").status().message(), HasSubstr("no '='"));
  EXPECT_THAT(ParseCountChange("closd=1").status().message(), HasSubstr("unknown column"));
  EXPECT_THAT(ParseCountChange("closed=1.5").status().message(), HasSubstr("not a whole number"));
  EXPECT_THAT(ParseCountChange("closed=++1").status().message(), HasSubstr("not a whole number"));

  std::vector<CountChange> changes = {*ParseCountChange("closed=+10"), *ParseCountChange("overdue=0")};
  absl::StatusOr<Counts> after = ApplyChanges(Example(), changes);
  ASSERT_TRUE(after.ok());
  absl::StatusOr<Scorecard> card = Score(RuleSet::Builtin(), Market(), kYear, *after);
  // closure 16 × 100/100 − 5 = 11.00 (+3.60); execution 16 × 81/100 = 12.96 (−1.44): 67.64 + 2.16 = 69.80.
  EXPECT_EQ(card->total, Decimal(6980, 2));
  std::vector<CountChange> too_many = {*ParseCountChange("closed=+11")};
  EXPECT_THAT(ApplyChanges(Example(), too_many).status().message(),
              HasSubstr("after the changes, column closed: 101 is more than filed (100)"));
  std::vector<CountChange> negative = {*ParseCountChange("overdue=-2")};
  EXPECT_THAT(ApplyChanges(Example(), negative).status().message(), HasSubstr("overdue: 1 → -1 is outside"));

  ActionCounts a{};
  a[I(Action::kClose)] = 11;
  EXPECT_THAT(ApplyActions(Example(), a).status().message(), HasSubstr("close × 11: the counts allow 10"));
  a = {};
  a[I(Action::kPenalizeMissed)] = 2;
  absl::StatusOr<Counts> done = ApplyActions(Example(), a);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->Get(Column::kPenalized), 62);
  EXPECT_EQ(done->Get(Column::kMissedPenalty), 0);
}

TEST(Planner, HugeTargetsAndCountsStayExact) {
  // 10^17 points cannot be reached (the most is 82.16): not wrapped round into "reached".
  absl::StatusOr<TargetPlan> plan =
      PlanForTotal(RuleSet::Builtin(), Market(), kYear, Example(), *Decimal::Parse("100000000000000000"));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->reachable);
  EXPECT_EQ(plan->max_total, Decimal(8216, 2));
  // Counts near 10^12: each breakpoint of a rising action is found by bisection, so this takes milliseconds, not
  // a walk over 10^12 counts. Before: filing 20; closure 16 × 10^12/10^12 − 5 × 10^12 → 0 (floor); execution
  // 16 × 0/10^12 = 0; penalty 16 × 0 − 3 × 10^12 → 0; sued 16; litigation n/a 16: 52.00.
  const int64_t t = 1'000'000'000'000;
  Counts big = MakeCounts(Row{.should_file = t, .filed = t, .closed = t, .leader_unfulfilled = t, .missed_penalty = t});
  plan = PlanForTotal(RuleSet::Builtin(), Market(), kYear, big, Decimal(90, 0));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->before.total, Decimal(5200, 2));
  EXPECT_LT(plan->evaluations, 1'000'000);
  EXPECT_GE(plan->after.total, Decimal(90, 0));
  // With max_file, filings stop at kMaxCount.
  ActionOptions many;
  many.max_file = kMaxCount;
  EXPECT_TRUE(PlanForTotal(RuleSet::Builtin(), Market(), kYear, Example(), Decimal(90, 0), many).ok());
  EXPECT_THAT(ParseCountChange("closed=+-5").status().message(), HasSubstr("not a whole number"));
}

TEST(Planner, RankTargets) {
  std::vector<Standing> others = {{Decimal(8000, 2), Category::kDepartment},
                                  {Decimal(7580, 2), Category::kDepartment},
                                  {Decimal(9100, 2), Category::kTownship},
                                  {Decimal(7580, 2), Category::kDepartment},
                                  {Decimal(6764, 2), Category::kDepartment, true}};
  // Overall, the others' totals are 91.00, 80.00, 75.80, 75.80 (self left out): rank 3 needs 75.80 (then 91 and
  // 80 are higher: rank 3, sharing it with the two at 75.80); rank 5 needs nothing (only four others): nullopt.
  EXPECT_EQ(**TotalForRank(3, others, std::nullopt), Decimal(7580, 2));
  EXPECT_EQ(**TotalForRank(4, others, std::nullopt), Decimal(7580, 2));
  EXPECT_EQ(**TotalForRank(1, others, std::nullopt), Decimal(9100, 2));
  EXPECT_EQ(*TotalForRank(5, others, std::nullopt), std::nullopt);  // any total ranks 5th or better
  // Among departments: 80.00, 75.80, 75.80: rank 1 needs 80.00.
  EXPECT_EQ(**TotalForRank(1, others, Category::kDepartment), Decimal(8000, 2));
  EXPECT_EQ(RankAmong(Decimal(7580, 2), others, std::nullopt), 3);
  EXPECT_EQ(RankAmong(Decimal(7579, 2), others, std::nullopt), 5);
  EXPECT_EQ(RankAmong(Decimal(6764, 2), others, Category::kDepartment), 4);
  EXPECT_THAT(TotalForRank(0, others, std::nullopt).status().message(), HasSubstr("rank 0 is below 1"));
}

// Brute force: every plan the actions allow, scored by Score() itself.
struct Brute {
  bool reachable = false;
  int64_t cost = 0;
  Decimal max_total;
};

Brute BruteForce(const RuleSet& rules, const Counts& c, Decimal target, const ActionOptions& o) {
  Brute out;
  bool have_max = false;
  int64_t best = -1;
  auto allowed = [&](Action a) { return o.allowed[I(a)]; };
  const int64_t max_n =
      allowed(Action::kFile)
          ? o.max_file.value_or(std::max<int64_t>(0, c.Get(Column::kShouldFile) - c.Get(Column::kFiled)))
          : 0;
  for (int64_t n = 0; n <= max_n; ++n) {
    const int64_t filed = c.Get(Column::kFiled) + n;
    const int64_t max_c = allowed(Action::kClose) ? filed - c.Get(Column::kClosed) : 0;
    for (int64_t cl = 0; cl <= max_c; ++cl) {
      const int64_t closed = c.Get(Column::kClosed) + cl;
      const int64_t max_e = allowed(Action::kExecute) ? closed - c.Get(Column::kExecuted) : 0;
      const int64_t max_p = allowed(Action::kPenalizeMissed)
                                ? std::min(c.Get(Column::kMissedPenalty), filed - c.Get(Column::kPenalized))
                                : 0;
      const int64_t max_f = allowed(Action::kFulfil) ? c.Get(Column::kLeaderUnfulfilled) : 0;
      for (int64_t e = 0; e <= max_e; ++e) {
        for (int64_t p = 0; p <= max_p; ++p) {
          for (int64_t f = 0; f <= max_f; ++f) {
            ActionCounts a{n, cl, e, p, f};
            absl::StatusOr<Counts> after = ApplyActions(c, a);
            EXPECT_TRUE(after.ok()) << after.status();
            const Decimal total = Score(rules, Market(), kYear, *after)->total;
            if (!have_max || total > out.max_total) out.max_total = total;
            have_max = true;
            int64_t cost = 0;
            for (Action x : kAllActions) cost += o.cost[I(x)] * a[I(x)];
            if (total >= target && (best < 0 || cost < best)) best = cost;
          }
        }
      }
    }
  }
  out.reachable = best >= 0;
  out.cost = best;
  return out;
}

// Rule sets whose structure differs from the built-in one: an excluded indicator (rescaled total), bands, an
// inverse indicator on executed (so execute lowers it and must be enumerated), a zero policy, a deduction cap.
constexpr std::string_view kOddRules = R"(id = "odd"
title = "odd"
effective_from = 2021-01-01
total = 100
[[indicator]]
key = "filing"
name = "立案率"
weight = 30
numerator = "filed"
denominator = "should_file"
mode = "bands"
[[indicator.band]]
min_rate = 0.5
points = 10
[[indicator.band]]
min_rate = 0.9
points = 30
[[indicator]]
key = "closure"
name = "办结率"
weight = 30
numerator = "closed"
denominator = "filed"
zero_denominator = "exclude"
[[indicator.deduction]]
count = "leader_unfulfilled"
points = 4
max = 6
[[indicator]]
key = "odd"
name = "未执行率"
weight = 20
numerator = "executed"
denominator = "closed"
mode = "inverse"
zero_denominator = "zero"
[[indicator]]
key = "penalty"
name = "处罚率"
weight = 20
numerator = "penalized"
denominator = "filed"
floor = 2
[[indicator.deduction]]
count = "missed_penalty"
points = 7
)";

// One random unit checked against brute force; counts drawn up to `scale` (the search halves blocks of 8 or more
// counts, so larger scales exercise its bounds).
void CheckAgainstBruteForce(const RuleSet& rules, std::mt19937_64& rng, int64_t scale, int* reachable) {
  auto uniform = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  Row r;
  r.should_file = uniform(0, scale + scale / 2);
  r.filed = uniform(0, scale);
  r.closed = uniform(0, r.filed);
  r.executed = uniform(0, r.closed);
  r.penalized = uniform(0, r.filed);
  r.missed_penalty = uniform(0, 3);
  r.overdue = uniform(0, 2);
  r.leader_unfulfilled = uniform(0, 2);
  r.court_refused = uniform(0, 1);
  r.sued = uniform(0, 3);
  if (uniform(0, 1) == 1) r.enforcement_cases = uniform(0, scale + 2);
  r.judgments = uniform(0, 3);
  r.judgments_won = uniform(0, r.judgments);
  const Counts c = MakeCounts(r);
  ActionOptions o;
  for (Action a : kAllActions) {
    o.allowed[I(a)] = uniform(0, 5) > 0;
    o.cost[I(a)] = uniform(1, 3);
  }
  if (uniform(0, 3) == 0) o.max_file = uniform(0, 3);
  const Decimal target(uniform(0, 10000), 2);
  const Brute brute = BruteForce(rules, c, target, o);
  absl::StatusOr<TargetPlan> plan = PlanForTotal(rules, Market(), kYear, c, target, o);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->max_total, brute.max_total) << rules.id();
  ASSERT_EQ(plan->reachable, brute.reachable) << rules.id();
  if (brute.reachable) {
    ++*reachable;
    ASSERT_EQ(plan->cost, brute.cost) << rules.id() << " target " << target.ToString();
    EXPECT_GE(plan->after.total, target);
  } else {
    EXPECT_EQ(plan->after.total, brute.max_total);
  }
  // The plan is what it says: its actions applied and scored give `after`, and cost `cost`.
  absl::StatusOr<Counts> after = ApplyActions(c, plan->actions);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Score(rules, Market(), kYear, *after)->total, plan->after.total);
  int64_t cost = 0;
  for (Action a : kAllActions) {
    if (!o.allowed[I(a)]) EXPECT_EQ(plan->actions[I(a)], 0);
    cost += o.cost[I(a)] * plan->actions[I(a)];
  }
  EXPECT_EQ(cost, plan->cost);
}

TEST(Planner, EqualsBruteForceOnRandomUnits) {
  absl::StatusOr<RuleSet> odd = RuleSet::FromText(kOddRules);
  ASSERT_TRUE(odd.ok()) << odd.status();
  std::mt19937_64 rng(20211115);
  int reachable = 0;
  int checked = 0;
  for (const RuleSet* rules : {&RuleSet::Builtin(), static_cast<const RuleSet*>(&*odd)}) {
    for (int trial = 0; trial < 1500; ++trial, ++checked) {
      SCOPED_TRACE(::testing::Message() << "small trial " << trial);
      CheckAgainstBruteForce(*rules, rng, 6, &reachable);
      if (HasFatalFailure()) return;
    }
    for (int trial = 0; trial < 250; ++trial, ++checked) {
      SCOPED_TRACE(::testing::Message() << "large trial " << trial);
      CheckAgainstBruteForce(*rules, rng, 14, &reachable);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_EQ(checked, 3500);
  EXPECT_GT(reachable, 500);  // both kinds of answer are exercised
}

TEST(Planner, CountsInTheThousandsStayFast) {
  // Not a timing test: the search's work, counted in evaluations, stays in the tens of thousands for a unit
  // with counts in the thousands (bench/planner_benchmark.cc times it).
  Counts c = MakeCounts(Row{.should_file = 3000,
                            .filed = 2900,
                            .closed = 2700,
                            .overdue = 3,
                            .leader_unfulfilled = 2,
                            .executed = 2400,
                            .penalized = 2000,
                            .missed_penalty = 12,
                            .sued = 40,
                            .judgments = 30,
                            .judgments_won = 25});
  // Before: filing 20 × 2900/3000 = 19.33; closure 16 × 2700/2900 = 14.90 − 2 × 3 − 5 × 2 < 0 → 0.00 (floor);
  // execution 16 × 2400/2700 = 14.22; penalty 16 × 2000/2900 = 11.03 − 3 × 12 < 0 → 0.00; sued
  // 16 × (1 − 40/2900) = 15.78; litigation 16 × 25/30 = 13.33: 62.66. Fulfilling both assigned cases (closure
  // 14.90 − 6 = 8.90) and penalizing all 12 missed ones (16 × 2012/2900 = 11.10) alone give 82.66 >= 80, so 80 is
  // reachable; the planner finds the cheapest way.
  absl::StatusOr<TargetPlan> plan = PlanForTotal(RuleSet::Builtin(), Market(), kYear, c, Decimal(80, 0));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->before.total, Decimal(6266, 2));
  EXPECT_TRUE(plan->reachable);
  EXPECT_GE(plan->after.total, Decimal(80, 0));
  EXPECT_LE(plan->cost, 14);
  EXPECT_LT(plan->evaluations, 1'000'000);
  RecordProperty("evaluations", std::to_string(plan->evaluations));
}

}  // namespace
}  // namespace zhifa
