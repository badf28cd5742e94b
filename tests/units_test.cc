#include "zhifa/units.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace zhifa {
namespace {

using ::testing::HasSubstr;

TEST(Registry, HasThe53UnitsOfThePlanInThreeCategories) {
  const Registry& r = Registry::Builtin();
  int counts[3] = {0, 0, 0};
  int top_level = 0;
  for (const Unit& u : r.units()) {
    if (u.is_sub_unit()) continue;
    ++top_level;
    ++counts[static_cast<int>(u.category)];
  }
  // 二、整治范围: 22 townships and subdistricts, 27 county departments, 4 vertically managed units.
  EXPECT_EQ(top_level, 53);
  EXPECT_EQ(counts[static_cast<int>(Category::kTownship)], 22);
  EXPECT_EQ(counts[static_cast<int>(Category::kDepartment)], 27);
  EXPECT_EQ(counts[static_cast<int>(Category::kVertical)], 4);
}

TEST(Registry, ResolvesNamesCodesAndAliases) {
  const Registry& r = Registry::Builtin();
  EXPECT_EQ((*r.Resolve("涅阳街道"))->code, "nieyang");
  EXPECT_EQ((*r.Resolve("MARKET_REGULATION"))->name, "市场监管局");
  EXPECT_EQ((*r.Resolve("县市场监督管理局"))->name, "市场监管局");
  EXPECT_EQ((*r.Resolve("镇平县 市场监督管理局"))->name, "市场监管局");
  EXPECT_EQ((*r.Resolve("市场监督管理局"))->name, "市场监管局");
  EXPECT_EQ((*r.Resolve("郭庄回族乡"))->name, "郭庄乡");
  EXPECT_EQ((*r.Resolve("文化广电和旅游局"))->name, "文广旅局");
  EXPECT_EQ((*r.Resolve("市场监管　局"))->name, "市场监管局");  // full-width space
}

TEST(Registry, SubUnitsScoreAsTheirParent) {
  const Registry& r = Registry::Builtin();
  const Unit* traffic = *r.Resolve("交警大队");
  EXPECT_TRUE(traffic->is_sub_unit());
  EXPECT_EQ(r.ScoredAs(*traffic).name, "公安局");
  EXPECT_EQ(r.ScoredAs(**r.Resolve("派出所")).name, "公安局");
  EXPECT_EQ(r.ScoredAs(**r.Resolve("市场监管所")).name, "市场监管局");
  EXPECT_EQ(traffic->category, Category::kDepartment);
}

TEST(Registry, UnknownNameIsNotFound) {
  absl::StatusOr<const Unit*> u = Registry::Builtin().Resolve("火星局");
  EXPECT_EQ(u.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(u.status().message()), HasSubstr("unknown unit \"火星局\""));
}

TEST(Registry, ComprehensiveEnforcementDepartments) {
  // 3.1.1(2): 生态环境保护 交通运输 农业 文化市场 应急管理 市场监管 城市管理.
  std::set<std::string> codes;
  for (const Unit& u : Registry::Builtin().units()) {
    if (u.comprehensive) codes.insert(u.code);
  }
  EXPECT_EQ(codes, (std::set<std::string>{"ecology_environment", "transport", "agriculture", "culture_tourism",
                                          "emergency_management", "market_regulation", "urban_management"}));
}

TEST(Registry, FileErrorsNameLineAndKey) {
  absl::StatusOr<Registry> r =
      Registry::FromText("id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲\"\ncategory = \"city\"\n", "reg.toml");
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("reg.toml:5: unit[1].category: \"city\" is not a category"));
  r = Registry::FromText(
      "id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲\"\ncategory = \"township\"\n"
      "[[unit]]\ncode = \"b\"\nname = \"甲\"\ncategory = \"township\"\n",
      "reg.toml");
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("\"甲\" already names unit \"a\""));
  r = Registry::FromText("id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲\"\nparent = \"zz\"\n", "reg.toml");
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("unknown parent code \"zz\""));
}

TEST(Registry, AliasFamiliesFromRealSpreadsheets) {
  const Registry& r = Registry::Builtin();
  struct Family {
    std::string code;
    std::vector<std::string> spellings;
  };
  const std::vector<Family> families = {
      {"market_regulation",
       {"市场监管局", "县市场监督管理局", "市场监督管理局", "镇平县市场监督管理局", " 市场监管局 "}},
      {"culture_tourism", {"文广旅局", "文化广电和旅游局", "县文化广电和旅游局", "镇平县文广旅局"}},
      {"guozhuang", {"郭庄乡", "郭庄回族乡", "镇平县郭庄回族乡", "郭庄"}},
      {"traffic_police", {"交警大队", "公安局交警大队", "县公安局交警大队"}},
      {"ecology_environment", {"市生态环境局镇平分局", "生态环境局", "南阳市生态环境局镇平分局", "环保局"}},
      {"nieyang", {"涅阳街道", "涅阳街道办事处", "镇平县涅阳街道", "NIEYANG"}},
      {"human_resources", {"人社局", "人力资源和社会保障局", "县人力资源和社会保障局"}},
  };
  for (const Family& f : families) {
    for (const std::string& s : f.spellings) {
      absl::StatusOr<const Unit*> u = r.Resolve(s);
      ASSERT_TRUE(u.ok()) << s << ": " << u.status();
      EXPECT_EQ((*u)->code, f.code) << s;
    }
  }
}

TEST(Registry, UnknownNamesSuggestTheClosest) {
  const Registry& r = Registry::Builtin();
  EXPECT_THAT(std::string(r.Resolve("市场监督局").status().message()), HasSubstr("did you mean 市场监管局"));
  EXPECT_THAT(std::string(r.Resolve("涅阳街").status().message()), HasSubstr("did you mean 涅阳街道?"));
  EXPECT_THAT(std::string(r.Resolve("market_regulaton").status().message()), HasSubstr("did you mean 市场监管局"));
  EXPECT_TRUE(r.Suggest("完全无关的名字").empty());
}

TEST(Registry, GuidanceMapCoversEveryTownshipOnce) {
  const Registry& r = Registry::Builtin();
  // 3.2.4: eight key departments; together they guide all 22 townships exactly once.
  EXPECT_EQ(r.guidance().size(), 8u);
  EXPECT_TRUE(r.CheckGuidance().empty());
  size_t guided = 0;
  for (const Guidance& g : r.guidance()) guided += g.townships.size();
  EXPECT_EQ(guided, 22u);
  EXPECT_EQ(r.GuideOf("guozhuang")->name, "文广旅局");
  EXPECT_EQ(r.GuideOf("shifosi")->name, "城市管理局");
  EXPECT_EQ(r.GuideOf("chaobei")->name, "自然资源局");
}

TEST(Registry, GuidanceSelfCheckNamesDuplicatesAndGaps) {
  std::string text =
      "id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲镇\"\ncategory = \"township\"\n"
      "[[unit]]\ncode = \"b\"\nname = \"乙镇\"\ncategory = \"township\"\n"
      "[[unit]]\ncode = \"d\"\nname = \"丙局\"\ncategory = \"department\"\n"
      "[[unit]]\ncode = \"e\"\nname = \"丁局\"\ncategory = \"department\"\n"
      "[[guidance]]\ndepartment = \"d\"\ntownships = [\"a\"]\n"
      "[[guidance]]\ndepartment = \"e\"\ntownships = [\"a\"]\n";
  absl::StatusOr<Registry> r = Registry::FromText(text, "reg.toml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->CheckGuidance(), ::testing::ElementsAre("3.2.4: 甲镇 is guided by both 丙局 and 丁局",
                                                         "3.2.4: 乙镇 is guided by no department"));
  absl::StatusOr<Registry> bad =
      Registry::FromText(text + "[[guidance]]\ndepartment = \"a\"\ntownships = []\n", "reg.toml");
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("guidance[3].department: \"a\" is not a county department"));
}

TEST(Registry, LeadingGroup) {
  const LeadingGroup& g = Registry::Builtin().leading_group();
  // 附件1: 组长 1, 第一副组长 1, 副组长 8, 成员 34.
  ASSERT_EQ(g.members.size(), 44u);
  EXPECT_EQ(g.members[0].role, "组长");
  EXPECT_EQ(g.members[0].name, "黄静");
  EXPECT_EQ(g.members[1].role, "第一副组长");
  EXPECT_EQ(g.office_unit, "justice");
  EXPECT_EQ(g.office_director, "刘智兴");
  int members = 0;
  for (const LeadingGroupMember& m : g.members) members += m.role == "成员";
  EXPECT_EQ(members, 34);
}

}  // namespace
}  // namespace zhifa
