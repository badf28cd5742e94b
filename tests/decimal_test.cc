#include "zhifa/decimal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zhifa {
namespace {

using ::testing::HasSubstr;

TEST(Decimal, ParseAndFormat) {
  EXPECT_EQ(Decimal::Parse("16")->ToString(), "16");
  EXPECT_EQ(Decimal::Parse("0.575")->ToString(), "0.575");
  EXPECT_EQ(Decimal::Parse("-0.5")->ToString(), "-0.5");
  EXPECT_EQ(Decimal::Parse("12.3400")->ToShortString(), "12.34");
  EXPECT_EQ(Decimal(5, 2).ToString(), "0.05");
  EXPECT_EQ(Decimal(-5, 2).ToString(), "-0.05");
  EXPECT_EQ(Decimal(1600, 2).ToShortString(), "16");
}

TEST(Decimal, ParseRejectsWhatIsNotAPlainNumber) {
  for (const char* bad : {"", "-", "1e3", "1.2.3", "abc", " 1", "0x10", "."}) {
    absl::StatusOr<Decimal> d = Decimal::Parse(bad);
    EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_THAT(std::string(Decimal::Parse("1.23456", 4).status().message()), HasSubstr("more than 4 digits"));
  EXPECT_THAT(std::string(Decimal::Parse("99999999999999999999").status().message()), HasSubstr("too large"));
}

TEST(Decimal, ComparesExactlyAcrossScales) {
  EXPECT_EQ(Decimal(16, 0), Decimal(160000, 4));
  EXPECT_LT(Decimal(57, 2), Decimal(575, 3));
  EXPECT_GT(Decimal(-1, 0), Decimal(-15, 1));
}

TEST(Decimal, Rescale) {
  EXPECT_EQ(Decimal(16, 0).Rescale(4)->units(), 160000);
  EXPECT_EQ(Decimal(150, 2).Rescale(1)->units(), 15);
  EXPECT_FALSE(Decimal(155, 2).Rescale(1).has_value());  // 1.55 is not exact at one decimal
}

TEST(Ratio, PercentRoundsOnce) {
  // 715/793 = 0.9016393... -> 90.16 %.
  EXPECT_EQ((Ratio{715, 793}.Percent(2, Rounding::kHalfUp)->ToString()), "90.16");
  // 508/570 = 0.8912280... -> 89.12 %.
  EXPECT_EQ((Ratio{508, 570}.Percent(2, Rounding::kHalfUp)->ToString()), "89.12");
  // 1/8 = 12.5 % -> 13 at 0 decimals half up, 12 half even.
  EXPECT_EQ((Ratio{1, 8}.Percent(0, Rounding::kHalfUp)->ToString()), "13");
  EXPECT_EQ((Ratio{1, 8}.Percent(0, Rounding::kHalfEven)->ToString()), "12");
  // 1/3 = 33.333... % -> 33.33.
  EXPECT_EQ((Ratio{1, 3}.Percent(2, Rounding::kHalfUp)->ToString()), "33.33");
  EXPECT_FALSE((Ratio{0, 0}.Percent(2, Rounding::kHalfUp).has_value()));
  EXPECT_EQ((Ratio{715, 793}.ToString()), "715/793");
}

TEST(FormatScaled, Handles128Bits) {
  __int128 big = static_cast<__int128>(1) << 100;  // 1267650600228229401496703205376
  EXPECT_EQ(FormatScaled(big, 4), "126765060022822940149670320.5376");
  EXPECT_EQ(FormatScaled(-big, 4, true), "-126765060022822940149670320.5376");
  EXPECT_EQ(FormatScaled(20000, 4, true), "2");
}

}  // namespace
}  // namespace zhifa
