// End-to-end runs of `zhifa target`, `zhifa whatif` and `zhifa marginal` on a small counts file: the unit of
// planner_test (67.64 under zhenping-2021) and three others of 2021.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli_util.h"

namespace {

using ::testing::HasSubstr;

// 市场监管局 is the planner_test unit (67.64, see there). The others, by hand (zhenping-2021):
//   公安局: everything full but one overdue: closure 16 − 2 = 14.00; sued 0 → 16; litigation n/a → 16: 98.00.
//   税务局 (vertical) and 涅阳街道 (township) have the same counts: 98.00 too.
//   财政局: filing 20 × 50/100 = 10.00, the rest full: 90.00.
const char kCounts[] =
    "单位,期间,应立案数量,立案数量,办结数量,超期件数,县领导交办未落实件数,执行数量,法院裁定不予执行件数,处罚数量,"
    "应处罚未处罚件数,法院立案数量,年度执法案件数量,生效判决案件数量,生效判决胜诉案件数量\n"
    "县市场监督管理局,2021,100,100,90,1,1,81,0,60,2,25,,25,16\n"
    "公安局,2021,10,10,10,1,0,10,0,10,0,0,,0,0\n"
    "财政局,2021,100,50,50,0,0,50,0,50,0,0,,0,0\n"
    "涅阳街道,2021,10,10,10,1,0,10,0,10,0,0,,0,0\n";

std::string File() { return WriteTemp("plan.csv", kCounts); }

TEST(CliPlanner, TargetTotal) {
  CliRun r = Zhifa("target " + File() + " --unit 市场监管局 --total 75");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("对 1 件应处罚未处罚案件作出处罚，落实 1 件县领导交办案件：总分 67.64 → 75.80"));
  // Rank among the four: 98, 98, 90 above 67.64 → 4; 75.80 is still below 90 → 4.
  EXPECT_THAT(r.out, HasSubstr("排名 4 → 4"));

  r = Zhifa("target " + File() + " --unit 市场监管局 --period 2021 --total 90 --format json");
  EXPECT_EQ(r.status, 1) << r.err;  // unreachable: at most 82.16 (planner_test)
  EXPECT_THAT(r.out, HasSubstr("\"reachable\": false"));
  EXPECT_THAT(r.out, HasSubstr("\"max_total\": \"82.16\""));
  EXPECT_THAT(r.out, HasSubstr("\"close\": 10"));
  EXPECT_THAT(r.out, HasSubstr("\"total_before\": \"67.64\""));
}

TEST(CliPlanner, TargetRank) {
  // Rank 3 overall: the others are 98, 98, 90: the third highest, 90.00, is needed (then two are higher: rank 3).
  // Unreachable (82.16 at most).
  CliRun r = Zhifa("target " + File() + " --unit 市场监管局 --rank 3 --format json --lang en");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"target\": \"90.00\""));
  // Within its category (county departments: 公安局 98, 财政局 90): rank 2 needs 90 as well; rank 3 needs
  // nothing (two others): the target is its own total, no action, exit 0.
  r = Zhifa("target " + File() + " --unit 市场监管局 --rank 3 --category --format json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"target\": \"67.64\""));
  EXPECT_THAT(r.out, HasSubstr("\"cost\": 0"));
}

TEST(CliPlanner, RestrictedActions) {
  // close and execute only: two executions reach 68.00 (planner_test).
  CliRun r = Zhifa("target " + File() + " --unit 市场监管局 --total 68 --actions close,execute --lang en");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("execute 2 closed decisions: total 67.64 → 68.00"));
  r = Zhifa("target " + File() + " --unit 市场监管局 --total 68 --actions close,shout");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown action \"shout\""));
}

TEST(CliPlanner, BadInput) {
  CliRun r = Zhifa("target " + File() + " --unit 市场监管局");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("give --total T or --rank R"));
  r = Zhifa("target " + File() + " --unit 教育局 --total 80");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("no row for"));
  r = Zhifa("target " + File() + " --unit 市场监管局 --total abc");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--total abc: expected a number of points"));
  // A bad row anywhere: a rank needs every unit.
  std::string bad = WriteTemp("plan-bad.csv", std::string(kCounts) + "教育局,2021,10,5,6,0,0,0,0,0,0,0,,0,0\n");
  r = Zhifa("target " + bad + " --unit 市场监管局 --total 70");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("line 6"));
  EXPECT_THAT(r.err, HasSubstr("a plan needs every row of the period scored"));
}

TEST(CliPlanner, FromCases) {
  // Two cases of 2021 for 市场监管局 (examples/cases.csv has more; here two, by hand): one filed 03-01 and closed,
  // decided with a penalty and executed; one filed 12-01, open at year end and not overdue (30 days). Counts:
  // filed 2, closed 1, executed 1, penalized 1; a quota of 2, so filing is 20 × 2/2 = 20.
  // closure 16 × 1/2 = 8.00, execution 16, penalty 16 × 1/2 = 8.00, sued 16, litigation 16, filing 20: 84.00.
  // Closing the open case: closure 16, execution 16 × 1/2 = 8.00: 84.00 (nothing gained); executing it too: 92.00.
  std::string cases = WriteTemp("plan-cases.csv",
                                "case_id,unit,filed_on,decided_on,closed_on,outcome,executed_on\n"
                                "A1,县市场监督管理局,2021-03-01,2021-03-20,2021-03-25,penalty,2021-04-01\n"
                                "A2,县市场监督管理局,2021-12-01,,,,\n");
  std::string quota = WriteTemp("plan-quota.csv", "unit,period,should_file\n市场监管局,2021,2\n");
  CliRun r = Zhifa("target --cases " + cases + " --quota " + quota +
                   " --unit 市场监管局 --period 2021 --total 90 --format json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"total_before\": \"84.00\""));
  EXPECT_THAT(r.out, HasSubstr("\"total_after\": \"92.00\""));
  EXPECT_THAT(r.out, HasSubstr("\"cost\": 2"));
  r = Zhifa("target --cases " + cases + " --unit 市场监管局 --period 2021-13 --total 90");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--period"));
}

TEST(CliPlanner, WhatIf) {
  // closed +10, overdue 0: closure 16 × 100/100 − 5 = 11.00, execution 16 × 81/100 = 12.96: 69.80 (planner_test).
  CliRun r = Zhifa("whatif " + File() + " --unit 市场监管局 --set closed=+10 --set 超期件数=0 --format json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"total_after\": \"69.80\""));
  EXPECT_THAT(r.out, HasSubstr("\"rank_after\": 4"));
  r = Zhifa("whatif " + File() + " --unit 市场监管局 --set closed=+11");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("closed: 101 is more than filed (100)"));
}

TEST(CliPlanner, Marginal) {
  CliRun r = Zhifa("marginal " + File() + " --format csv");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("unit,period,total,best_action,best_gain,file,close,execute,penalize_missed,fulfil\n"));
  // planner_test's marginals: fulfil +5.00, penalize +3.16, execute +0.18, close 0.00, file not possible.
  EXPECT_THAT(r.out, HasSubstr("市场监管局,2021,67.64,fulfil,5.00,,0.00,0.18,3.16,5.00\n"));
  // 财政局: filing one more: filing 20 × 51/100 = 10.20 (+0.20), closure 16 × 50/51 = 15.69 (−0.31), penalty the
  // same (−0.31): −0.42; nothing else is possible.
  EXPECT_THAT(r.out, HasSubstr("财政局,2021,90.00,,,-0.42,,,,\n"));
}

}  // namespace
