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
      Registry::FromToml("id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲\"\ncategory = \"city\"\n", "reg.toml");
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("reg.toml:5: unit[1].category: \"city\" is not a category"));
  r = Registry::FromToml(
      "id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲\"\ncategory = \"township\"\n"
      "[[unit]]\ncode = \"b\"\nname = \"甲\"\ncategory = \"township\"\n",
      "reg.toml");
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("\"甲\" already names unit \"a\""));
  r = Registry::FromToml("id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲\"\nparent = \"zz\"\n", "reg.toml");
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("unknown parent code \"zz\""));
}

}  // namespace
}  // namespace zhifa
