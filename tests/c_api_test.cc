// The C API (zhifa/c_api.h): the same numbers as the C++ API, status codes with messages per thread, and no
// crash on NULL or bad input.
#include "zhifa/c_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "nlohmann/json.hpp"
#include "zhifa/zhifa.h"

namespace {

using ::testing::HasSubstr;

// The bundled sample's first row: 涅阳街道 2021, counts in c_api.h's column order.
constexpr int64_t kNieyang[ZHIFA_COLUMN_COUNT] = {800, 793, 715, 0, 0, 700, 1, 650, 0, 1, 793, 1, 1};

struct Handles {
  zhifa_rules* rules = nullptr;
  zhifa_registry* registry = nullptr;
  Handles() {
    EXPECT_EQ(zhifa_rules_builtin(nullptr, &rules), ZHIFA_OK);
    EXPECT_EQ(zhifa_registry_builtin(&registry), ZHIFA_OK);
  }
  ~Handles() {
    zhifa_rules_free(rules);
    zhifa_registry_free(registry);
  }
};

TEST(CApi, ScoresOneRowAsTheCppApi) {
  Handles h;
  zhifa_scorecard card;
  ASSERT_EQ(zhifa_score(h.rules, h.registry, "涅阳街道", "2021", kNieyang, &card), ZHIFA_OK) << zhifa_last_error();
  // filing 20 × 793/800 = 19.825 -> 19.83; closure 16 × 715/793 − 0 = 14.43; execution 16 × 700/715 − 3 × 1
  // = 12.66; penalty 16 × 650/793 = 13.11; sued 16 × (1 − 1/793) = 15.98; litigation 16 × 1/1 = 16.00;
  // total 92.01 (the sample's scorecard in the README).
  EXPECT_STREQ(card.unit_code, "nieyang");
  EXPECT_STREQ(card.period, "2021");
  EXPECT_STREQ(card.total, "92.01");
  ASSERT_EQ(card.indicator_count, 6u);
  EXPECT_STREQ(card.indicators[0].key, "filing");
  EXPECT_STREQ(card.indicators[0].rate, "99.13");  // 793/800 = 99.125% -> 99.13
  EXPECT_STREQ(card.indicators[0].points, "19.83");
  EXPECT_STREQ(card.indicators[4].rate, "0.13");  // 1/793 = 0.126% -> 0.13
  EXPECT_EQ(zhifa_rules_indicator_count(h.rules), 6u);
  EXPECT_EQ(zhifa_rules_points_decimals(h.rules), 2);
  EXPECT_STREQ(zhifa_rules_id(h.rules), "zhenping-2021");
  EXPECT_EQ(std::string(zhifa_rules_digest(h.rules)), zhifa::RuleSet::Builtin().digest());
}

TEST(CApi, BulkScoringGivesTheSameTotalsAndPoints) {
  Handles h;
  // Two rows: the sample's first row, and the same with closed > filed (a bad row).
  std::vector<std::vector<int64_t>> cols(ZHIFA_COLUMN_COUNT);
  for (int c = 0; c < ZHIFA_COLUMN_COUNT; ++c) cols[c] = {kNieyang[c], kNieyang[c]};
  cols[ZHIFA_CLOSED][1] = 794;  // 794 closed of 793 filed
  const int64_t* columns[ZHIFA_COLUMN_COUNT];
  for (int c = 0; c < ZHIFA_COLUMN_COUNT; ++c) columns[c] = cols[c].data();
  int64_t totals[2], points[6 * 2];
  uint8_t status[2];
  ASSERT_EQ(zhifa_score_columns(h.rules, 2, columns, totals, points, status, 1), ZHIFA_OK) << zhifa_last_error();
  EXPECT_EQ(totals[0], 9201);          // 92.01 in hundredths
  EXPECT_EQ(points[0 * 2 + 0], 1983);  // filing 19.83
  EXPECT_EQ(points[5 * 2 + 0], 1600);  // litigation 16.00
  EXPECT_EQ(status[0], 0);
  EXPECT_EQ(status[1], 1 + ZHIFA_CLOSED);  // the first rule it breaks: closed <= filed
  EXPECT_EQ(totals[1], INT64_MIN);
}

TEST(CApi, ErrorsAreCodesWithMessagesNeverCrashes) {
  Handles h;
  zhifa_scorecard card;
  EXPECT_EQ(zhifa_score(h.rules, h.registry, "火星局", "2021", kNieyang, &card), ZHIFA_NOT_FOUND);
  EXPECT_THAT(zhifa_last_error(), HasSubstr("unknown unit \"火星局\""));
  int64_t bad[ZHIFA_COLUMN_COUNT];
  std::copy(kNieyang, kNieyang + ZHIFA_COLUMN_COUNT, bad);
  bad[ZHIFA_CLOSED] = 794;
  EXPECT_EQ(zhifa_score(h.rules, h.registry, "涅阳街道", "2021", bad, &card), ZHIFA_INVALID_ARGUMENT);
  EXPECT_THAT(zhifa_last_error(), HasSubstr("closed: 794 is more than filed (793)"));
  EXPECT_EQ(zhifa_score(h.rules, h.registry, "涅阳街道", "2021-13", kNieyang, &card), ZHIFA_INVALID_ARGUMENT);
  // The 2021 rules are not in force for 2019: the data does not cover the question.
  EXPECT_EQ(zhifa_score(h.rules, h.registry, "涅阳街道", "2019", kNieyang, &card), ZHIFA_OUT_OF_RANGE);
  EXPECT_EQ(zhifa_score(nullptr, h.registry, "涅阳街道", "2021", kNieyang, &card), ZHIFA_INVALID_ARGUMENT);
  EXPECT_STREQ(zhifa_last_error(), "rules is NULL");
  EXPECT_EQ(zhifa_score(h.rules, h.registry, nullptr, "2021", kNieyang, &card), ZHIFA_INVALID_ARGUMENT);
  zhifa_rules* rules = reinterpret_cast<zhifa_rules*>(1);
  EXPECT_EQ(zhifa_rules_builtin("nosuch", &rules), ZHIFA_NOT_FOUND);
  EXPECT_EQ(rules, nullptr);
  EXPECT_EQ(zhifa_rules_from_file("/nonexistent.toml", &rules), ZHIFA_NOT_FOUND);
  std::string deep = "[" + std::string(99999, 'a') + "]";
  for (size_t i = 2; i < deep.size() - 1; i += 2) deep[i] = '.';
  EXPECT_EQ(zhifa_rules_from_text(deep.data(), deep.size(), &rules), ZHIFA_INVALID_ARGUMENT);
  EXPECT_THAT(zhifa_last_error(), HasSubstr("dotted key of more than 32 parts"));
  zhifa_rules_free(nullptr);
  zhifa_registry_free(nullptr);
  zhifa_string_free(nullptr);
}

TEST(CApi, TheTomlSizeLimitCanBeRaisedNotLowered) {
  // 1000 bytes is below the default 16 MiB (16,777,216): refused, and the limit stays.
  EXPECT_EQ(zhifa_set_max_toml_bytes(1000), ZHIFA_INVALID_ARGUMENT);
  EXPECT_THAT(zhifa_last_error(), ::testing::HasSubstr("can be raised, not lowered: 1000 is less than the default"));
  EXPECT_EQ(zhifa::MaxTomlBytes(), 16'777'216u);
  EXPECT_EQ(zhifa_set_max_toml_bytes(size_t{32} << 20), ZHIFA_OK);
  EXPECT_EQ(zhifa::MaxTomlBytes(), 33'554'432u);
  EXPECT_EQ(zhifa_set_max_toml_bytes(0), ZHIFA_OK);
  EXPECT_EQ(zhifa::MaxTomlBytes(), 16'777'216u);
}

TEST(CApi, TheLastErrorIsPerThread) {
  Handles h;
  zhifa_scorecard card;
  EXPECT_EQ(zhifa_score(h.rules, h.registry, "火星局", "2021", kNieyang, &card), ZHIFA_NOT_FOUND);
  std::string other;
  std::thread([&] {
    zhifa_scorecard c;
    EXPECT_EQ(zhifa_score(h.rules, h.registry, "涅阳街道", "2021-13", kNieyang, &c), ZHIFA_INVALID_ARGUMENT);
    other = zhifa_last_error();
  }).join();
  EXPECT_THAT(other, HasSubstr("2021-13"));
  EXPECT_THAT(zhifa_last_error(), HasSubstr("火星局"));  // this thread's error is unchanged
}

TEST(CApi, ExplanationsAndFindingsAsJson) {
  Handles h;
  char* json = nullptr;
  ASSERT_EQ(zhifa_explain_json(h.rules, h.registry, "涅阳街道", "2021", kNieyang, &json), ZHIFA_OK);
  nlohmann::json card = nlohmann::json::parse(json);
  zhifa_string_free(json);
  EXPECT_EQ(card["total"], "92.01");
  EXPECT_EQ(card["unit_code"], "nieyang");
  // A case filed 2021-04-01 and decided 2021-08-01: 122 days, past the 90-day limit (the built-in settings).
  std::string csv = "case_id,unit,filed_on,decided_on,outcome\nk1,涅阳街道,2021-04-01,2021-08-01,penalty\n";
  ASSERT_EQ(zhifa_check_cases_csv(h.registry, csv.data(), csv.size(), &json), ZHIFA_OK) << zhifa_last_error();
  nlohmann::json findings = nlohmann::json::parse(json);
  zhifa_string_free(json);
  ASSERT_TRUE(findings.is_array());
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0]["case_id"], "k1");
}

TEST(CApi, ManyThreadsShareHandles) {
  // Eight threads score with one rules and one registry handle at once (the same numbers; TSan checks races).
  Handles h;
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        zhifa_scorecard card;
        ok[t] += zhifa_score(h.rules, h.registry, "涅阳街道", "2021", kNieyang, &card) == ZHIFA_OK &&
                 std::string(card.total) == "92.01";
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(ok[t], 200);
}

}  // namespace
