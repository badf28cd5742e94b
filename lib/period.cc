#include "zhifa/period.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/cells.h"
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
  return absl::InvalidArgumentError(internal::Cat(
      "\"", internal::EchoValue(text), "\" is not a period; expected YYYY, YYYY-H1..H2, YYYY-Q1..Q4 or YYYY-MM (also ",
      "2021年, 2021年度, 2021年上半年, 2021年第二季度, 2021年5月, 2021-5)"));
}

// The Chinese numerals of quarters: 一 二 三 四.
int ChineseDigit(std::string_view s) {
  static constexpr std::string_view kDigits[] = {"一", "二", "三", "四"};
  for (int i = 0; i < 4; ++i) {
    if (s == kDigits[i]) return i + 1;
  }
  return 0;
}

// The forms Chinese spreadsheets write, after the year and 年: 度 or nothing (a year), 上半年/下半年,
// 第二季度/二季度/第2季度/2季度/Q2, 5月/05月. Sets kind and index; false otherwise.
bool ParseChineseRest(std::string_view rest, PeriodKind& kind, int& index) {
  if (rest.empty() || rest == "度") {
    kind = PeriodKind::kYear;
    index = 0;
    return true;
  }
  if (rest == "上半年" || rest == "上半年度") {
    kind = PeriodKind::kHalf;
    index = 1;
    return true;
  }
  if (rest == "下半年" || rest == "下半年度") {
    kind = PeriodKind::kHalf;
    index = 2;
    return true;
  }
  if (rest.ends_with("季度")) {
    rest.remove_suffix(std::string_view("季度").size());
    if (rest.starts_with("第")) rest.remove_prefix(std::string_view("第").size());
    int q = ChineseDigit(rest);
    if (q == 0 && rest.size() == 1 && rest[0] >= '1' && rest[0] <= '4') q = rest[0] - '0';
    if (q == 0) return false;
    kind = PeriodKind::kQuarter;
    index = q;
    return true;
  }
  if (rest.ends_with("月") || rest.ends_with("月份")) {
    rest.remove_suffix(rest.ends_with("月份") ? std::string_view("月份").size() : std::string_view("月").size());
    if (rest.empty() || rest.size() > 2 || !AllDigits(rest)) return false;
    kind = PeriodKind::kMonth;
    index = std::stoi(std::string(rest));
    return true;
  }
  return false;
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
  std::string scratch;
  std::string_view s = internal::CleanCell(text, scratch);
  if (s.size() < 4 || !AllDigits(s.substr(0, 4))) return Malformed(text);
  const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  PeriodKind kind = PeriodKind::kYear;
  int index = 0;
  std::string_view rest = s.substr(4);
  if (rest.empty() || rest == ".0") {  // 2021, or 2021.0 as pandas writes a year column with blanks
    kind = PeriodKind::kYear;
  } else if (rest.starts_with("年")) {  // 2021年, 2021年度, 2021年上半年, 2021年第二季度, 2021年5月
    if (!ParseChineseRest(rest.substr(std::string_view("年").size()), kind, index)) return Malformed(text);
  } else if (rest[0] == '-' && rest.size() >= 2) {
    rest.remove_prefix(1);
    if (rest[0] == 'H' || rest[0] == 'h') {
      kind = PeriodKind::kHalf;
      rest.remove_prefix(1);
    } else if (rest[0] == 'Q' || rest[0] == 'q') {
      kind = PeriodKind::kQuarter;
      rest.remove_prefix(1);
    } else {
      kind = PeriodKind::kMonth;  // 2021-05 or 2021-5
    }
    if (rest.empty() || rest.size() > 2 || !AllDigits(rest) || !absl::SimpleAtoi(internal::AsAbsl(rest), &index)) {
      return Malformed(text);
    }
    if (kind != PeriodKind::kMonth && rest.size() != 1) return Malformed(text);
  } else {
    return Malformed(text);
  }
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
