#include "zhifa/period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zhifa {
namespace {

using boost::gregorian::date;
using ::testing::HasSubstr;

TEST(Period, ParsesEveryKind) {
  Period y = *Period::Parse("2021");
  EXPECT_EQ(y.kind(), PeriodKind::kYear);
  EXPECT_EQ(y.start(), date(2021, 1, 1));
  EXPECT_EQ(y.end(), date(2021, 12, 31));
  Period h = *Period::Parse("2021-H2");
  EXPECT_EQ(h.start(), date(2021, 7, 1));
  EXPECT_EQ(h.end(), date(2021, 12, 31));
  Period q = *Period::Parse(" 2021-q2 ");
  EXPECT_EQ(q.start(), date(2021, 4, 1));
  EXPECT_EQ(q.end(), date(2021, 6, 30));
  EXPECT_EQ(q.ToString(), "2021-Q2");
  Period m = *Period::Parse("2024-02");
  EXPECT_EQ(m.end(), date(2024, 2, 29));  // leap year
  EXPECT_EQ(m.ToString(), "2024-02");
}

TEST(Period, ParsesWhatChineseSpreadsheetsWrite) {
  const std::pair<const char*, const char*> cases[] = {{"2021年", "2021"},
                                                       {"2021年度", "2021"},
                                                       {"2021.0", "2021"},
                                                       {"２０２１", "2021"},
                                                       {"2021年上半年", "2021-H1"},
                                                       {"2021年下半年", "2021-H2"},
                                                       {"2021年第二季度", "2021-Q2"},
                                                       {"2021年二季度", "2021-Q2"},
                                                       {"2021年第4季度", "2021-Q4"},
                                                       {"2021年5月", "2021-05"},
                                                       {"2021年05月", "2021-05"},
                                                       {"2021年12月份", "2021-12"},
                                                       {"2021-5", "2021-05"},
                                                       {" 2021年 ", "2021"}};
  for (auto [text, canonical] : cases) {
    absl::StatusOr<Period> p = Period::Parse(text);
    ASSERT_TRUE(p.ok()) << text << ": " << p.status();
    EXPECT_EQ(p->ToString(), canonical) << text;
  }
}

TEST(Period, RejectsMalformedText) {
  for (const char* bad :
       {"", "21", "2021-", "2021-13", "2021-00", "2021-H3", "2021-Q0", "2021/05", "20x1", "2021-Q12", "1899",
        "2021-M05", "2021.5", "2021年第五季度", "2021年13月", "2021年中", "9999", "2021-H01"}) {
    absl::StatusOr<Period> p = Period::Parse(bad);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(p.status().message()), HasSubstr("expected YYYY, YYYY-H1..H2, YYYY-Q1..Q4 or YYYY-MM"));
  }
}

TEST(Period, OrdersByStartThenLength) {
  EXPECT_LT(*Period::Parse("2021"), *Period::Parse("2021-H1"));
  EXPECT_LT(*Period::Parse("2021-H1"), *Period::Parse("2021-Q1"));
  EXPECT_LT(*Period::Parse("2021-Q1"), *Period::Parse("2021-01"));
  EXPECT_LT(*Period::Parse("2021-12"), *Period::Parse("2022"));
  EXPECT_TRUE(Period::Parse("2021-05")->Contains(date(2021, 5, 31)));
  EXPECT_FALSE(Period::Parse("2021-05")->Contains(date(2021, 6, 1)));
}

}  // namespace
}  // namespace zhifa
