// Organization (SPEC §5.2, §5.3): the townships' squads and coordination centres from the county's checklist,
// and joint-enforcement requests. Each expected finding is worked out from the plan's text in a comment.
#include "zhifa/organization.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "zhifa/joint.h"

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<TownshipChecklist> ReadTownships(const std::string& text, std::vector<std::string>* errors = nullptr) {
  std::vector<TownshipChecklist> out;
  std::istringstream in(text);
  absl::Status s = ReadTownshipsCsv(in, Registry::Builtin(), {.source = "t.csv"}, [&](TownshipChecklist&& t) {
    for (const RowError& e : t.errors) {
      if (errors != nullptr) errors->push_back(std::to_string(t.row) + " " + e.column + ": " + e.message);
    }
    out.push_back(std::move(t));
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

TEST(Townships, TheTemplateListsEverythingStillToReport) {
  // The template has the 22 townships and no item: 10 squad items (3.1.1(3)) and 5 centre items (3.2.1) not
  // reported in each, 22 × 15 = 330 findings, and no township missing.
  const std::vector<Finding> f = CheckTownships(ReadTownships(std::string(TownshipsTemplate())));
  EXPECT_EQ(f.size(), 330u);
  std::map<std::string, int> rules;
  for (const Finding& x : f) ++rules[x.rule];
  EXPECT_EQ(rules["squad_body_cameras"], 22);
  EXPECT_EQ(rules["centre_grid"], 22);
  EXPECT_EQ(rules.count("township_missing"), 0u);
  EXPECT_EQ(f[0].message, "涅阳街道：中队长及其职级未填报（应为正股级中队长 1 名）");
}

TEST(Townships, ItemsShortOfThePlan) {
  const std::string header =
      "乡镇,中队长,中队长职级,副队长人数,统一服装,办公室,询问室,档案室,电脑,打印机,档案柜,执法记录仪,协调中心,"
      "协调中心主任职级,中队长兼任副主任,司法所长兼任副主任,联络员人数,网格层级\n";
  // 涅阳街道 meets every item: 正股级 leader, 2 deputies, uniforms, the three rooms, equipment, 4 cameras, the
  // centre with a 正科级 director, both deputies, a liaison, 4 grid levels. 玉都街道: a 副股级 leader, 1 deputy,
  // 3 cameras, no liaison, a 3-level grid: 5 findings. The other 20 townships have no row.
  std::vector<std::string> errors;
  const std::vector<Finding> f =
      CheckTownships(ReadTownships(header + "涅阳街道,王某,正股级,2,是,有,有,有,3,1,2,4,是,正科级,是,是,1,4\n"
                                            "玉都街道,李某,副股级,1,是,有,有,有,3,1,2,3,是,正科,是,是,0,3\n",
                                   &errors));
  EXPECT_THAT(errors, IsEmpty());
  std::vector<std::string> yudu;
  int missing = 0;
  for (const Finding& x : f) {
    if (x.unit == "玉都街道") yudu.push_back(x.rule);
    missing += x.rule == "township_missing";
    EXPECT_NE(x.unit, "涅阳街道") << x.message;
  }
  EXPECT_THAT(yudu,
              ElementsAre("squad_leader", "squad_deputies", "squad_body_cameras", "centre_liaisons", "centre_grid"));
  EXPECT_EQ(missing, 20);
  for (const Finding& x : f) {
    if (x.rule == "squad_body_cameras") {
      EXPECT_EQ(x.message, "玉都街道：执法记录仪为 3，应不低于 4 台");
      EXPECT_EQ(x.clause, "3.1.1(3)");
    }
  }
  // Bad rows: a unit that is not a township, a township twice, a count that is not one.
  errors.clear();
  const std::vector<TownshipChecklist> bad = ReadTownships(
      header + "公安局,,,,,,,,,,,,,,,,,\n涅阳街道,,,,,,,,,,,,,,,,,\n涅阳街道,,,,,,,,x,,,,,,,,,\n", &errors);
  EXPECT_THAT(errors, ElementsAre(HasSubstr("2 乡镇: 公安局 is not a township"),
                                  HasSubstr("4 乡镇: 涅阳街道 is already on line 3"),
                                  HasSubstr("4 电脑: \"x\" is not a count")));
  // A township whose row has a bad cell is there: it is not township_missing (its items are not checked).
  const std::string with_bad_cell = header + "玉都街道,,,,,,,,x,,,,,,,,,\n";
  for (const Finding& x : CheckTownships(ReadTownships(with_bad_cell))) {
    EXPECT_FALSE(x.unit == "玉都街道") << x.rule;
  }
}

TEST(Joint, TheRulesOfOnePlusX) {
  std::istringstream rq(
      "request_id,initiator,requested,lead,duty_unit,legal_basis,action_on,place,staff,channel,"
      "filed_with_justice_on\n"
      // J1: fine — a township asks its two nearest (玉都 3 km, 雪枫 4 km), both answer and help.
      "J1,涅阳街道,玉都街道|雪枫街道,,,城乡规划法第六十五条,2021-06-01,某村,6人,direct,\n"
      // J2: led by 公安局 though 市场监管局 started it; no basis; through the 司法局 but never filed; 公安局
      // answered it would not help.
      "J2,市场监管局,公安局,公安局,,,2021-06-01,某市场,4人,司法局报备,\n"
      // J3: the matter is 住建局's, 城市管理局 started it; filed on 06-05, after the action on 06-01, without the
      // place; 住建局 never answered.
      "J3,城市管理局,住建局,,住建局,建筑法,2021-06-01,,5人,justice,2021-06-05\n"
      // J4: 卢医镇 asks 曲屯镇 (5 km) and 涅阳街道 (20 km), leaving out 侯集镇 (8 km), one of its two nearest.
      "J4,卢医镇,曲屯镇|涅阳街道,,,环境保护法,2021-06-10,某厂,3人,,\n");
  std::istringstream rs(
      "request_id,unit,answered_on,cooperated\n"
      "J1,玉都街道,2021-05-30,是\nJ1,雪枫街道,2021-05-31,1\n"
      "J2,公安局,2021-05-30,否\n"
      "J4,曲屯镇,2021-06-09,是\nJ4,涅阳街道,2021-06-10,是\n");
  std::istringstream ds(
      "from,to,km\n涅阳街道,玉都街道,3\n涅阳街道,雪枫街道,4\n涅阳街道,卢医镇,20\n"
      "卢医镇,曲屯镇,5\n卢医镇,侯集镇,8\n");
  std::vector<JointRequest> requests;
  std::vector<JointResponse> responses;
  ASSERT_TRUE(ReadJointRequestsCsv(rq, Registry::Builtin(), {}, [&](JointRequest&& q) {
                EXPECT_TRUE(q.ok()) << q.errors[0].message;
                requests.push_back(std::move(q));
              }).ok());
  ASSERT_TRUE(ReadJointResponsesCsv(rs, Registry::Builtin(), {}, [&](JointResponse&& a) {
                EXPECT_TRUE(a.ok()) << a.errors[0].message;
                responses.push_back(std::move(a));
              }).ok());
  absl::StatusOr<DistanceTable> d = DistanceTable::FromCsv(ds, Registry::Builtin(), {});
  ASSERT_TRUE(d.ok()) << d.status();
  std::vector<std::string> got;
  for (const Finding& f : CheckJoint(requests, responses, &*d)) got.push_back(f.id + " " + f.rule);
  EXPECT_THAT(got, ElementsAre("J2 joint_no_basis", "J2 joint_not_filed", "J2 joint_wrong_lead", "J2 joint_refused",
                               "J3 joint_not_filed", "J3 joint_not_filed", "J3 joint_wrong_lead", "J3 joint_refused",
                               "J4 joint_not_nearest"));
  // Without the distance table the nearest townships are unknown: no joint_not_nearest.
  for (const Finding& f : CheckJoint(requests, responses, nullptr)) EXPECT_NE(f.rule, "joint_not_nearest");
  const std::vector<const Unit*> near = d->Nearest(**Registry::Builtin().Resolve("卢医镇"), 2);
  ASSERT_EQ(near.size(), 2u);
  EXPECT_EQ(near[0]->name, "曲屯镇");
  EXPECT_EQ(near[1]->name, "侯集镇");
}

TEST(Joint, BadRows) {
  std::istringstream rq(
      "request_id,initiator,requested,channel,action_on\nJ1,火星局,公安局,,\nJ2,公安局,,邮件,2021/2/30\n");
  std::vector<std::string> errors;
  ASSERT_TRUE(ReadJointRequestsCsv(rq, Registry::Builtin(), {}, [&](JointRequest&& q) {
                for (const RowError& e : q.errors) errors.push_back(std::to_string(q.row) + " " + e.column);
              }).ok());
  EXPECT_THAT(errors, ElementsAre("2 initiator", "3 requested", "3 action_on", "3 channel"));
  std::istringstream ds("from,to,km\n涅阳街道,玉都街道,三公里\n");
  absl::StatusOr<DistanceTable> d = DistanceTable::FromCsv(ds, Registry::Builtin(), {.source = "d.csv"});
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("d.csv: line 2, km: \"三公里\" is not a distance"));
}

}  // namespace
}  // namespace zhifa
