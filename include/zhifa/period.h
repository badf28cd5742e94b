// The evaluation period of a row of counts: a year (the default of 五(二)), a half-year, a quarter or a month.
//
// Periods are written `2021`, `2021-H1`, `2021-Q2`, `2021-05`; their dates are Boost.Date_Time dates. A
// period's start date selects the rule set in force (see rules.h).
//
// Example:
//   absl::StatusOr<zhifa::Period> p = zhifa::Period::Parse("2021-Q2");
//   p->start();     // 2021-Apr-01
//   p->end();       // 2021-Jun-30 (inclusive)
//   p->ToString();  // "2021-Q2"
//
// Thread-safety: Period is a plain value; Parse and ToString are reentrant.
#ifndef ZHIFA_PERIOD_H_
#define ZHIFA_PERIOD_H_

#include <compare>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"
#include "zhifa/export.h"

namespace zhifa {

enum class PeriodKind { kYear, kHalf, kQuarter, kMonth };

// Months in a period of this kind: 12, 6, 3 or 1.
ZHIFA_EXPORT int MonthsIn(PeriodKind kind);

class ZHIFA_EXPORT Period {
 public:
  // The years zhifa works with (as its dates: 1900-01-01 to 9998-12-31, see calendar.h).
  static constexpr int kMinYear = 1900;
  static constexpr int kMaxYear = 9998;

  // A year; the other kinds via Of(). Precondition of Year(): kMinYear <= year <= kMaxYear.
  static Period Year(int year) { return Period(PeriodKind::kYear, year, 0); }
  // `index` is 1..2 for halves, 1..4 for quarters, 1..12 for months, ignored for years. Returns
  // kInvalidArgument when the year or index is out of range.
  static absl::StatusOr<Period> Of(PeriodKind kind, int year, int index);
  // The period of `kind` that contains month `month` (1..12) of `year`. Precondition: both in range.
  static Period Containing(PeriodKind kind, int year, int month);
  // Parses `2021`, `2021-H1`, `2021-h2`, `2021-Q3`, `2021-05` (surrounding spaces ignored). Returns
  // kInvalidArgument naming the text and the accepted forms otherwise.
  static absl::StatusOr<Period> Parse(std::string_view text);

  PeriodKind kind() const { return kind_; }
  int year() const { return year_; }
  // 0 for a year, else the 1-based half, quarter or month.
  int index() const { return index_; }

  boost::gregorian::date start() const;
  // The last day of the period (inclusive).
  boost::gregorian::date end() const;
  bool Contains(boost::gregorian::date d) const { return start() <= d && d <= end(); }
  std::string ToString() const;

  // Orders by start date, then by length (a year before its first half).
  friend ZHIFA_EXPORT std::strong_ordering operator<=>(const Period& a, const Period& b);
  friend bool operator==(const Period& a, const Period& b) = default;

 private:
  Period(PeriodKind kind, int year, int index) : kind_(kind), year_(year), index_(index) {}
  int MonthsLong() const;
  int FirstMonth() const;

  PeriodKind kind_ = PeriodKind::kYear;
  int year_ = 0;
  int index_ = 0;
};

}  // namespace zhifa

#endif  // ZHIFA_PERIOD_H_
