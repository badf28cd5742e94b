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
  return *Score(*RuleSet::Builtin(), **Registry::Builtin().Resolve("涅阳街道"), Period::Year(2021), c);
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
