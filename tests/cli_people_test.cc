// End-to-end runs of `zhifa people`, `zhifa townships` and `zhifa joint` on the synthetic examples
// (examples/officers.csv, examples/officer-cases.csv) and small files made here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli_util.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kOfficers = std::string(ZHIFA_SOURCE_DIR) + "/examples/officers.csv";
const std::string kCases = std::string(ZHIFA_SOURCE_DIR) + "/examples/officer-cases.csv";

TEST(CliPeople, CheckTheRegisterAndItsCases) {
  CliRun r = Zhifa("people check " + kOfficers + " --cases " + kCases + " --as-of 2021-05-10 --format csv");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, StartsWith("row,id,unit,rule,clause,message\n"));
  // O03 (line 5 of the file: a title row, the header, then O01 on line 3): trained on 05-06, after 04-30.
  EXPECT_THAT(r.out, HasSubstr("5,O03,涅阳街道,training_late,3.1.2(2),张三（法制审核岗）于 2021-05-06 完成轮训，晚于 "
                               "2021-04-30\n"));
  // O11 is 交警大队's: its findings are 公安局's.
  EXPECT_THAT(r.out,
              HasSubstr("13,O11,公安局,no_certificate,3.1.3(2),赵一（执法岗）执法证 ZF011 已注销，不得从事执法活动\n"));
  // Case C4 (line 5 of the case file): O10, auxiliary staff, investigated it.
  EXPECT_THAT(r.out, HasSubstr("5,C4,市场监管局,auxiliary_role,3.1.3(2),案件 C4：执法辅助人员 O10 作为调查人员"));
  // 17 officer findings (see people_test) and 10 case findings.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1 + 17 + 10);
  CliRun before = Zhifa("people check " + kOfficers + " --as-of 2021-04-30 --format csv");
  EXPECT_THAT(before.out, Not(HasSubstr("training_late")));
}

TEST(CliPeople, UnitsAndRanking) {
  CliRun units = Zhifa("people units " + kOfficers + " --as-of 2021-05-10 --format csv");
  EXPECT_EQ(units.status, 0) << units.err;
  EXPECT_THAT(units.out, HasSubstr("\nnieyang,涅阳街道,2,1,1,3,100.00,3,2,66.67,2021-04-30,1,3,0,0,1,0,3\n"));
  CliRun rank = Zhifa("people rank " + kOfficers + " --as-of 2021-06-01 --format csv");
  EXPECT_EQ(rank.status, 0) << rank.err;
  EXPECT_THAT(rank.out, HasSubstr("\n4,nieyang,涅阳街道,3,2,2,,3,3,75.00\n"));
  CliRun table = Zhifa("people rank " + kOfficers + " --as-of 2021-06-01");
  EXPECT_THAT(table.out, HasSubstr("名册无培训违纪次数列"));
}

TEST(CliPeople, BadRegisterWritesNothing) {
  const std::string bad =
      WriteTemp("bad_officers.csv", "officer_id,unit,post\nA1,涅阳街道,巡逻岗\nA2,涅阳街道,执法岗\n");
  CliRun r = Zhifa("people check " + bad + " --as-of 2021-05-10 --format csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr(bad + ": line 2, column post: \"巡逻岗\" is not a post"));
  CliRun going = Zhifa("people check " + bad + " --as-of 2021-05-10 --format csv --keep-going");
  EXPECT_EQ(going.status, 1);
  EXPECT_THAT(going.out, HasSubstr("3,A2,涅阳街道,no_certificate,"));
  std::remove(bad.c_str());
}

TEST(CliPeople, TownshipsAndJoint) {
  CliRun tmpl = Zhifa("townships template");
  EXPECT_EQ(tmpl.status, 0);
  EXPECT_EQ(std::count(tmpl.out.begin(), tmpl.out.end(), '\n'), 23);  // the header and 22 townships
  const std::string file = WriteTemp("townships.csv", tmpl.out);
  CliRun check = Zhifa("townships check " + file + " --format csv");
  EXPECT_EQ(check.status, 1);
  EXPECT_EQ(std::count(check.out.begin(), check.out.end(), '\n'), 1 + 22 * 15);
  std::remove(file.c_str());
  const std::string requests = WriteTemp("joint.csv",
                                         "request_id,initiator,requested,legal_basis,action_on\n"
                                         "J1,市场监管局,公安局,,2021-06-01\n");
  CliRun joint = Zhifa("joint check " + requests + " --format csv");
  EXPECT_EQ(joint.status, 1);
  EXPECT_THAT(joint.out, StartsWith("row,request_id,unit,rule,clause,message\n"));
  EXPECT_THAT(joint.out, HasSubstr("2,J1,市场监管局,joint_no_basis,3.2.3,"));
  EXPECT_THAT(joint.out,
              HasSubstr("2,J1,市场监管局,joint_refused,3.2.3,联合执法请求 J1：公安局 在执法日期 2021-06-01 前未响应"));
  std::remove(requests.c_str());
}

}  // namespace
