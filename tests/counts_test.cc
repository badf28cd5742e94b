#include "zhifa/counts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "tests/test_util.h"

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using testing::MakeCounts;

TEST(Column, EnglishAndChineseNames) {
  EXPECT_EQ(ColumnFromName("filed"), Column::kFiled);
  EXPECT_EQ(ColumnFromName("立案数量"), Column::kFiled);
  EXPECT_EQ(ColumnFromName(" 生效判决胜诉案件数量 "), Column::kJudgmentsWon);
  EXPECT_FALSE(ColumnFromName("fild").has_value());
  for (Column c : kAllColumns) {
    EXPECT_EQ(ColumnFromName(ColumnName(c)), c);
    EXPECT_EQ(ColumnFromName(ColumnNameZh(c)), c);
  }
}

TEST(Counts, EnforcementCasesDefaultsToFiled) {
  Counts c;
  c.Set(Column::kFiled, 12);
  EXPECT_EQ(c.Get(Column::kEnforcementCases), 12);
  c.Set(Column::kEnforcementCases, 20);
  EXPECT_EQ(c.Get(Column::kEnforcementCases), 20);
  c.Clear(Column::kEnforcementCases);
  EXPECT_EQ(c.Get(Column::kEnforcementCases), 12);
}

TEST(Validate, ValidRowHasNoErrors) {
  EXPECT_TRUE(Validate(MakeCounts({.should_file = 10, .filed = 5, .closed = 5})).empty());
}

TEST(Validate, EveryCrossColumnRule) {
  Counts c = MakeCounts({.filed = 5, .closed = 7, .executed = 8, .penalized = 6, .judgments = 1, .judgments_won = 2});
  std::vector<CountError> e = Validate(c);
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].column, Column::kClosed);
  EXPECT_EQ(e[0].message, "7 is more than filed (5)");
  EXPECT_EQ(e[1].message, "8 is more than closed (7)");
  EXPECT_EQ(e[2].message, "6 is more than filed (5)");
  EXPECT_EQ(e[3].message, "2 is more than judgments (1)");
}

TEST(Validate, NegativeMissingAndTooLarge) {
  Counts c = MakeCounts({.filed = 5});
  c.Set(Column::kOverdue, -1);
  c.Set(Column::kSued, kMaxCount + 1);
  c.Clear(Column::kJudgments);
  std::vector<CountError> e = Validate(c);
  EXPECT_THAT(e, ElementsAre(Field(&CountError::message, "-1 is negative; expected a whole number >= 0"),
                             Field(&CountError::message,
                                   "9007199254740992 is more than the largest supported count "
                                   "9007199254740991"),
                             Field(&CountError::message, "missing; expected a whole number >= 0")));
}

// IsValid is Validate().empty() without the list: the same verdict on random rows near every boundary
// (values around 0, kMaxCount and each other column; columns absent).
TEST(IsValid, AgreesWithValidate) {
  std::mt19937_64 rng(7);
  const int64_t picks[] = {-1, 0, 1, 2, 3, kMaxCount - 1, kMaxCount, kMaxCount + 1};
  size_t invalid = 0;
  for (int i = 0; i < 200000; ++i) {
    Counts c;
    for (Column col : kAllColumns) {
      if (rng() % 40 == 0) continue;  // absent
      c.Set(col, rng() % 4 == 0 ? picks[rng() % std::size(picks)] : static_cast<int64_t>(rng() % 4));
    }
    const bool valid = Validate(c).empty();
    invalid += !valid;
    ASSERT_EQ(IsValid(c), valid) << "row " << i;
  }
  EXPECT_GT(invalid, 1000u);  // both verdicts were exercised
  EXPECT_GT(200000 - invalid, 1000u);
}

// ValidRows is IsValid over columns (score_frame's path): the same verdict on the same random rows, with
// missing cells given by a mask, a column the table lacks (enforcement_cases: filed stands in; filed, required:
// every row invalid) and a column with every cell present (no mask).
TEST(ValidRows, AgreesWithIsValid) {
  std::mt19937_64 rng(11);
  const int64_t picks[] = {-1, 0, 1, 2, 3, kMaxCount - 1, kMaxCount, kMaxCount + 1};
  const size_t n = 50000;
  for (Column lacking : {Column::kEnforcementCases, Column::kFiled}) {
    std::array<std::vector<int64_t>, kColumnCount> values;
    std::array<const int64_t*, kColumnCount> columns{};
    std::array<const bool*, kColumnCount> present{};
    std::array<std::unique_ptr<bool[]>, kColumnCount> mask_bools;
    for (Column col : kAllColumns) {
      const size_t k = static_cast<size_t>(col);
      if (col == lacking) continue;
      values[k].resize(n);
      mask_bools[k] = std::make_unique<bool[]>(n);
      const bool every_cell = col == Column::kClosed;
      for (size_t i = 0; i < n; ++i) {
        mask_bools[k][i] = every_cell || rng() % 40 != 0;
        values[k][i] =
            mask_bools[k][i] ? (rng() % 4 == 0 ? picks[rng() % std::size(picks)] : static_cast<int64_t>(rng() % 4)) : 0;
      }
      columns[k] = values[k].data();
      present[k] = every_cell ? nullptr : mask_bools[k].get();
    }
    std::vector<uint8_t> valid(n);
    ValidRows(columns, present, valid);
    size_t agreed_valid = 0;
    for (size_t i = 0; i < n; ++i) {
      Counts c;
      for (Column col : kAllColumns) {
        const size_t k = static_cast<size_t>(col);
        if (columns[k] != nullptr && (present[k] == nullptr || present[k][i])) c.Set(col, columns[k][i]);
      }
      ASSERT_EQ(valid[i] != 0, IsValid(c)) << "row " << i << " lacking " << ColumnName(lacking);
      agreed_valid += valid[i];
    }
    // Without filed no row is valid; otherwise both verdicts occur.
    if (lacking == Column::kFiled) {
      EXPECT_EQ(agreed_valid, 0u);
    } else {
      EXPECT_GT(agreed_valid, 100u);
      EXPECT_LT(agreed_valid, n - 100);
    }
  }
}

}  // namespace
}  // namespace zhifa
