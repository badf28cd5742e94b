#include "zhifa/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace zhifa {
namespace {

using ::testing::HasSubstr;

Scorecard Example() {
  // closure 16 × 81/640 − 2 × 1 = 0.025 -> 0.03; litigation has no judgments (not applicable, full 16).
  Counts c = testing::MakeCounts(
      {.should_file = 640, .filed = 640, .closed = 81, .overdue = 1, .executed = 81, .penalized = 640});
  return *Score(RuleSet::Builtin(), **Registry::Builtin().Resolve("涅阳街道"), Period::Year(2021), c);
}

TEST(Explain, ChineseTextShowsEveryStep) {
  std::string text = Explain(Example(), Language::kZh);
  EXPECT_THAT(text, HasSubstr("涅阳街道 (nieyang, 乡镇街道) 2021"));
  EXPECT_THAT(text, HasSubstr("规则集 zhenping-2021 sha256:"));
  EXPECT_THAT(text, HasSubstr("办结率 (closure, A2.2, 权重 16)"));
  EXPECT_THAT(text, HasSubstr("比率 办结数量 / 立案数量 = 81 / 640 = 12.66%"));  // 81/640 = 12.656 %
  EXPECT_THAT(text, HasSubstr("基础分 16 × 81/640 = 2.025"));
  EXPECT_THAT(text, HasSubstr("扣分 超期件数 1 × 2 = 2 [A2.2]"));
  EXPECT_THAT(text, HasSubstr("得分 0.03"));
  EXPECT_THAT(text, HasSubstr("胜诉率 (litigation, A2.6, 权重 16)"));
  EXPECT_THAT(text, HasSubstr("分母为 0,不适用"));
}

// The whole text, every line worked out from the plan's rules (附件2, A2.1–A2.6):
//   filing 20 × 640/640 = 20; closure 16 × 81/640 = 2.025, minus 2 points for one overdue case (A2.2) =
//   0.025 -> 0.03 (half up); execution 16 × 81/81 = 16; penalty 16 × 640/640 = 16; sued (inverse)
//   16 × (1 − 0/640) = 16; litigation: no judgments, so the denominator is 0 and the indicator scores full
//   points, 16. Total 20 + 0.03 + 16 × 4 = 84.03.
TEST(Explain, ChineseTextWhole) {
  Scorecard card = Example();
  const std::string expected =
      "涅阳街道 (nieyang, 乡镇街道) 2021\n"
      "规则集 zhenping-2021 " +
      card.ruleset_digest +
      "\n"
      "1. 立案率 (filing, A2.1, 权重 20)\n"
      "   比率 立案数量 / 应立案数量 = 640 / 640 = 100.00%\n"
      "   基础分 20 × 640/640 = 20\n"
      "   扣分 无\n"
      "   得分 20.00\n"
      "2. 办结率 (closure, A2.2, 权重 16)\n"
      "   比率 办结数量 / 立案数量 = 81 / 640 = 12.66%\n"
      "   基础分 16 × 81/640 = 2.025\n"
      "   扣分 超期件数 1 × 2 = 2 [A2.2]\n"
      "   扣分 县领导交办未落实件数 0 × 5 = 0 [A2.2]\n"
      "   得分 0.03\n"
      "3. 执行率 (execution, A2.3, 权重 16)\n"
      "   比率 执行数量 / 办结数量 = 81 / 81 = 100.00%\n"
      "   基础分 16 × 81/81 = 16\n"
      "   扣分 法院裁定不予执行件数 0 × 3 = 0 [A2.3]\n"
      "   得分 16.00\n"
      "4. 处罚率 (penalty, A2.4, 权重 16)\n"
      "   比率 处罚数量 / 立案数量 = 640 / 640 = 100.00%\n"
      "   基础分 16 × 640/640 = 16\n"
      "   扣分 应处罚未处罚件数 0 × 3 = 0 [A2.4]\n"
      "   得分 16.00\n"
      "5. 被起诉率 (sued, A2.5, 权重 16)\n"
      "   比率 法院立案数量 / 年度执法案件数量 = 0 / 640 = 0.00%\n"
      "   基础分 16 × (1 − 0/640) = 16\n"
      "   扣分 无\n"
      "   得分 16.00\n"
      "6. 胜诉率 (litigation, A2.6, 权重 16)\n"
      "   比率 生效判决胜诉案件数量 / 生效判决案件数量 = 0 / 0: 分母为 0,不适用\n"
      "   基础分 按满分 16\n"
      "   扣分 无\n"
      "   得分 16.00\n"
      "总分 84.03\n";
  EXPECT_EQ(Explain(card, Language::kZh), expected);
}

// A deduction too large for 64-bit units of 10^-4: (2^53 − 1) overdue cases × 2 points (A2.2)
// = 18014398509481982 points, 1.8 × 10^20 units, printed exactly; the closure points fall to the floor 0.
TEST(Explain, HugeDeductionIsPrintedExactly) {
  Counts c = testing::MakeCounts({.should_file = 10, .filed = 10, .closed = 10, .overdue = kMaxCount});
  Scorecard card = *Score(RuleSet::Builtin(), **Registry::Builtin().Resolve("涅阳街道"), Period::Year(2021), c);
  std::string text = Explain(card, Language::kZh);
  EXPECT_THAT(text, HasSubstr("扣分 超期件数 9007199254740991 × 2 = 18014398509481982 [A2.2]\n"));
  EXPECT_THAT(text, HasSubstr("低于下限,取下限\n   得分 0.00\n"));
}

TEST(Explain, EnglishLabels) {
  std::string text = Explain(Example(), Language::kEn);
  EXPECT_THAT(text, HasSubstr("closure rate (closure, A2.2, weight 16)"));
  EXPECT_THAT(text, HasSubstr("deductions overdue 1 × 2 = 2 [A2.2]"));
  EXPECT_THAT(text, HasSubstr("denominator is 0, not applicable"));
}

TEST(Explain, JsonCarriesExactValuesAndTheDigest) {
  Scorecard card = Example();
  nlohmann::json j = nlohmann::json::parse(ToJson(card, true));
  EXPECT_EQ(j["ruleset"]["id"], "zhenping-2021");
  EXPECT_EQ(j["ruleset"]["digest"], card.ruleset_digest);
  EXPECT_EQ(j["indicators"][1]["key"], "closure");
  EXPECT_EQ(j["indicators"][1]["rate_exact"], "81/640");
  EXPECT_EQ(j["indicators"][1]["rate"], "12.66");
  EXPECT_EQ(j["indicators"][1]["base_points"], "2.025");
  EXPECT_EQ(j["indicators"][1]["points"], "0.03");
  EXPECT_EQ(j["indicators"][1]["deductions"][0]["amount"], "2");
  EXPECT_TRUE(j["indicators"][5]["rate"].is_null());
  // filing 20 × 640/640 = 20; closure 0.03; execution 16 × 81/81 = 16; penalty 16 × 640/640 = 16;
  // sued 16 × (1 − 0/640) = 16; litigation 16 (no judgments). Total 84.03.
  EXPECT_EQ(j["total"], "84.03");
  EXPECT_THAT(j["explanation"].get<std::string>(), HasSubstr("总分 84.03"));
}

}  // namespace
}  // namespace zhifa
