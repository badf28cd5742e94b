#include "zhifa/period.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/strings.h"

namespace zhifa {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

absl::Status Malformed(std::string_view text) {
  return absl::InvalidArgumentError(
      internal::Cat("\"", text, "\" is not a period; expected YYYY, YYYY-H1..H2, YYYY-Q1..Q4 or YYYY-MM"));
}

}  // namespace

absl::StatusOr<Period> Period::Of(PeriodKind kind, int year, int index) {
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError(
        internal::Cat("year ", year, " is out of range; expected ", kMinYear, "..", kMaxYear));
  }
  int limit = 0;
  switch (kind) {
    case PeriodKind::kYear:
      return Period(kind, year, 0);
    case PeriodKind::kHalf:
      limit = 2;
      break;
    case PeriodKind::kQuarter:
      limit = 4;
      break;
    case PeriodKind::kMonth:
      limit = 12;
      break;
  }
  if (index < 1 || index > limit) {
    return absl::InvalidArgumentError(internal::Cat("period index ", index, " is out of range; expected 1..", limit));
  }
  return Period(kind, year, index);
}

absl::StatusOr<Period> Period::Parse(std::string_view text) {
  std::string_view s = internal::Trim(text);
  if (s.size() < 4 || !AllDigits(s.substr(0, 4))) return Malformed(text);
  int year = 0;
  if (!absl::SimpleAtoi(internal::AsAbsl(s.substr(0, 4)), &year)) return Malformed(text);
  if (s.size() == 4) {
    auto p = Of(PeriodKind::kYear, year, 0);
    if (!p.ok()) return Malformed(text);
    return p;
  }
  if (s.size() < 6 || s[4] != '-') return Malformed(text);
  std::string_view rest = s.substr(5);
  PeriodKind kind = PeriodKind::kMonth;
  if (rest[0] == 'H' || rest[0] == 'h') {
    kind = PeriodKind::kHalf;
    rest.remove_prefix(1);
  } else if (rest[0] == 'Q' || rest[0] == 'q') {
    kind = PeriodKind::kQuarter;
    rest.remove_prefix(1);
  } else if (rest.size() != 2) {
    return Malformed(text);  // months are always two digits
  }
  int index = 0;
  if (!AllDigits(rest) || rest.size() > 2 || !absl::SimpleAtoi(internal::AsAbsl(rest), &index)) return Malformed(text);
  auto p = Of(kind, year, index);
  if (!p.ok()) return Malformed(text);
  return p;
}

int MonthsIn(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kYear:
      return 12;
    case PeriodKind::kHalf:
      return 6;
    case PeriodKind::kQuarter:
      return 3;
    case PeriodKind::kMonth:
      return 1;
  }
  return 12;
}

Period Period::Containing(PeriodKind kind, int year, int month) {
  return Period(kind, year, kind == PeriodKind::kYear ? 0 : (month - 1) / MonthsIn(kind) + 1);
}

int Period::MonthsLong() const { return MonthsIn(kind_); }

int Period::FirstMonth() const { return kind_ == PeriodKind::kYear ? 1 : (index_ - 1) * MonthsLong() + 1; }

boost::gregorian::date Period::start() const {
  return boost::gregorian::date(static_cast<unsigned short>(year_), static_cast<unsigned short>(FirstMonth()), 1);
}

boost::gregorian::date Period::end() const {
  int last_month = FirstMonth() + MonthsLong() - 1;
  return boost::gregorian::date(static_cast<unsigned short>(year_), static_cast<unsigned short>(last_month), 1)
      .end_of_month();
}

std::string Period::ToString() const {
  switch (kind_) {
    case PeriodKind::kYear:
      return internal::Cat(year_);
    case PeriodKind::kHalf:
      return absl::StrFormat("%04d-H%d", year_, index_);
    case PeriodKind::kQuarter:
      return absl::StrFormat("%04d-Q%d", year_, index_);
    case PeriodKind::kMonth:
      return absl::StrFormat("%04d-%02d", year_, index_);
  }
  return "";
}

std::strong_ordering operator<=>(const Period& a, const Period& b) {
  // By start (year, first month), then longer first; plain integers, no dates.
  if (a.year_ != b.year_) return a.year_ <=> b.year_;
  if (int c = a.FirstMonth() - b.FirstMonth(); c != 0) return c <=> 0;
  return b.MonthsLong() <=> a.MonthsLong();
}

}  // namespace zhifa
