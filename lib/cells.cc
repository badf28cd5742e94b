#include "lib/cells.h"

#include <cstdio>

#include "lib/strings.h"

namespace zhifa::internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int DaysIn(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// Reads 1..max_len digits at s[i]; advances i.
std::optional<int> Digits(std::string_view s, size_t& i, size_t min_len, size_t max_len) {
  size_t start = i;
  int v = 0;
  while (i < s.size() && IsDigit(s[i]) && i - start < max_len) v = v * 10 + (s[i++] - '0');
  if (i - start < min_len) return std::nullopt;
  return v;
}

bool ValidYmd(const Ymd& d) {
  return d.year >= 1000 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= DaysIn(d.year, d.month);
}

// H:MM, H:MM:SS or H:MM:SS.fff (a time of day after a date).
bool ValidTime(std::string_view t) {
  size_t i = 0;
  auto h = Digits(t, i, 1, 2);
  if (!h || *h > 23 || i >= t.size() || t[i++] != ':') return false;
  auto m = Digits(t, i, 2, 2);
  if (!m || *m > 59) return false;
  if (i == t.size()) return true;
  if (t[i++] != ':') return false;
  auto s = Digits(t, i, 2, 2);
  if (!s || *s > 60) return false;
  if (i == t.size()) return true;
  if (t[i++] != '.') return false;
  return Digits(t, i, 1, 9).has_value() && i == t.size();
}

}  // namespace

std::string NormalizeCell(std::string_view cell) {
  std::string out;
  out.reserve(cell.size());
  for (size_t i = 0; i < cell.size();) {
    const unsigned char c = static_cast<unsigned char>(cell[i]);
    if (c == 0xEF && i + 2 < cell.size()) {
      const unsigned char b1 = static_cast<unsigned char>(cell[i + 1]), b2 = static_cast<unsigned char>(cell[i + 2]);
      // U+FF01..U+FF3F = EF BC 81..BF and U+FF40..U+FF5E = EF BD 80..9E: full-width ASCII, 0xFEE0 above it.
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out += static_cast<char>(b2 - 0x81 + 0x21);
        i += 3;
        continue;
      }
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out += static_cast<char>(b2 - 0x80 + 0x60);
        i += 3;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < cell.size() && cell[i + 1] == '\x80' && cell[i + 2] == '\x80') {  // U+3000
      out += ' ';
      i += 3;
      continue;
    }
    if (c == 0xC2 && i + 1 < cell.size() && cell[i + 1] == '\xA0') {  // U+00A0
      out += ' ';
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
    ++i;
  }
  size_t b = 0, e = out.size();
  while (b < e && IsSpace(out[b])) ++b;
  while (e > b && IsSpace(out[e - 1])) --e;
  return out.substr(b, e - b);
}

std::string ReadCell(std::string_view raw) {
  std::string cell = NormalizeCell(raw);
  // The apostrophe that AppendCsvField writes before a formula-like text ('=HYPERLINK(...), '@示例) is not
  // part of the value: zhifa reads its own CSV back as it was written.
  if (cell.size() >= 2 && cell[0] == '\'' && IsFormulaLead(std::string_view(cell).substr(1))) {
    return NormalizeCell(std::string_view(cell).substr(1));
  }
  return cell;
}

std::string_view CleanCell(std::string_view cell, std::string& scratch) {
  if (!NeedsNormalizing(cell)) return cell;
  scratch = NormalizeCell(cell);
  return scratch;
}

std::optional<int64_t> ParseWhole(std::string_view cell, std::string* why) {
  // The common case first: 1 to 18 plain digits.
  if (!cell.empty() && cell.size() <= 18) {
    int64_t v = 0;
    size_t i = 0;
    for (; i < cell.size() && IsDigit(cell[i]); ++i) v = v * 10 + (cell[i] - '0');
    if (i == cell.size()) return v;
  }
  std::string scratch;
  std::string_view s = CleanCell(cell, scratch);
  auto fail = [&](std::string reason) -> std::optional<int64_t> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  if (s.empty()) return fail("is empty");
  bool negative = false;
  size_t i = 0;
  if (s[0] == '-') {
    negative = true;
    ++i;
  } else if (s[0] == '+') {
    return fail("is not a whole number (no + sign)");
  }
  // Integer part: digits, or digit groups of three separated by commas (1,300).
  __int128 v = 0;
  size_t digits = 0, group = 0;
  bool grouped = false;
  for (; i < s.size() && (IsDigit(s[i]) || s[i] == ','); ++i) {
    if (s[i] == ',') {
      if (digits == 0 || (grouped && group != 3) || (!grouped && group > 3)) return fail("is not a whole number");
      grouped = true;
      group = 0;
      continue;
    }
    if (digits < 19) v = v * 10 + (s[i] - '0');
    ++digits;
    ++group;
  }
  if (digits == 0 || (grouped && group != 3)) return fail("is not a whole number");
  // A fraction of zeros only: 300.0, 300.00.
  if (i < s.size() && s[i] == '.') {
    size_t zeros = 0;
    for (++i; i < s.size() && s[i] == '0'; ++i) ++zeros;
    if (zeros == 0 || (i < s.size() && IsDigit(s[i]))) return fail("is not a whole number");
  }
  if (i != s.size()) return fail("is not a whole number");
  if (digits > 18 || v > (static_cast<__int128>(1) << 62)) return fail("is too large");
  if (negative && v == 0) return fail("is not a whole number (-0)");
  return static_cast<int64_t>(negative ? -v : v);
}

std::optional<int64_t> ParseYuan(std::string_view cell, std::string* why) {
  std::string scratch;
  std::string_view s = CleanCell(cell, scratch);
  const size_t dot = s.find('.');
  if (dot != std::string_view::npos && s.size() - dot - 1 >= 1 && s.size() - dot - 1 <= 2 &&
      s.substr(dot + 1).find_first_not_of("0123456789") == std::string_view::npos) {
    std::optional<int64_t> whole = ParseWhole(s.substr(0, dot), why);
    if (whole && *whole < 0) {
      if (why != nullptr) *why = "is negative";
      return std::nullopt;
    }
    return whole;
  }
  return ParseWhole(s, why);
}

std::optional<bool> ParseBoolCell(std::string_view cell) {
  std::string scratch;
  std::string v = Lower(CleanCell(cell, scratch));
  if (v == "1" || v == "1.0" || v == "true" || v == "yes" || v == "y" || v == "是" || v == "有" || v == "√" ||
      v == "✓" || v == "✔") {
    return true;
  }
  if (v == "0" || v == "0.0" || v == "false" || v == "no" || v == "n" || v == "否" || v == "无" || v == "×" ||
      v == "✗" || v == "✘" || v == "x") {
    return false;
  }
  return std::nullopt;
}

std::optional<Ymd> ParseYmd(std::string_view cell) {
  std::string scratch;
  std::string_view s = CleanCell(cell, scratch);
  // A time of day after the date is allowed and ignored: "2021-03-19 00:00:00", "2021-03-19T08:30".
  if (size_t cut = s.find_first_of(" T"); cut != std::string_view::npos) {
    std::string_view time = Trim(s.substr(cut + 1));
    if (!ValidTime(time)) return std::nullopt;
    s = s.substr(0, cut);
  }
  Ymd d;
  size_t i = 0;
  if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string_view::npos) {  // 20210319
    auto y = Digits(s, i, 4, 4), m = Digits(s, i, 2, 2), day = Digits(s, i, 2, 2);
    d = {*y, *m, *day};
    return ValidYmd(d) ? std::optional<Ymd>(d) : std::nullopt;
  }
  auto y = Digits(s, i, 4, 4);
  if (!y || i >= s.size()) return std::nullopt;
  d.year = *y;
  if (s.substr(i).starts_with("年")) {  // 2021年3月19日
    i += std::string_view("年").size();
    auto m = Digits(s, i, 1, 2);
    if (!m || !s.substr(i).starts_with("月")) return std::nullopt;
    i += std::string_view("月").size();
    auto day = Digits(s, i, 1, 2);
    if (!day) return std::nullopt;
    if (s.substr(i).starts_with("日") || s.substr(i).starts_with("号")) i += std::string_view("日").size();
    if (i != s.size()) return std::nullopt;
    d.month = *m;
    d.day = *day;
  } else {  // 2021-3-19, 2021/3/19, 2021.3.19: one separator, used twice
    const char sep = s[i];
    if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
    ++i;
    auto m = Digits(s, i, 1, 2);
    if (!m || i >= s.size() || s[i] != sep) return std::nullopt;
    ++i;
    auto day = Digits(s, i, 1, 2);
    if (!day || i != s.size()) return std::nullopt;
    d.month = *m;
    d.day = *day;
  }
  return ValidYmd(d) ? std::optional<Ymd>(d) : std::nullopt;
}

TotalKind TotalLabel(std::string_view cell) {
  if (cell.size() < 6 || cell.size() > 40) return TotalKind::kNone;  // 合计 is 6 bytes; labels are short
  if (cell.find("\xE8\xAE\xA1") == std::string_view::npos) return TotalKind::kNone;  // no 计: not a total
  std::string squeezed;
  for (char c : NormalizeCell(cell)) {
    if (!IsSpace(c)) squeezed += c;
  }
  while (!squeezed.empty() && (squeezed.back() == ':' || squeezed.back() == '.')) squeezed.pop_back();
  if (squeezed.ends_with("小计") || squeezed == "小计") return TotalKind::kSubtotal;
  if (squeezed.ends_with("合计") || squeezed.ends_with("总计") || squeezed.starts_with("合计") ||
      squeezed.starts_with("总计")) {
    return TotalKind::kTotal;
  }
  return TotalKind::kNone;
}

std::string HeaderKey(std::string_view header) {
  std::string n = NormalizeCell(header);
  std::string key;
  for (char c : n) {
    if (!IsSpace(c)) key += c;
  }
  while (!key.empty() && key.front() == '*') key.erase(0, 1);  // a template's "required" marks
  while (!key.empty() && key.back() == '*') key.pop_back();
  if (!key.empty() && key.back() == ')') {
    if (size_t open = key.rfind('('); open != std::string::npos && open > 0) key.erase(open);
  }
  return Lower(key);
}

bool IsRowNumberHeader(std::string_view key) {
  return key == "序号" || key == "编号" || key == "行号" || key == "no." || key == "no" || key == "#";
}

std::string EchoValue(std::string_view value, size_t max) {
  std::string out;
  size_t end = value.size();
  if (end > max) {
    end = max;
    while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;  // not mid-character
  }
  for (size_t i = 0; i < end; ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (end < value.size()) Append(&out, "…(", value.size(), " bytes)");
  return out;
}

std::vector<std::string> SplitList(std::string_view cell) {
  std::vector<std::string> out;
  std::string item;
  auto flush = [&] {
    std::string_view t = Trim(item);
    if (!t.empty()) out.emplace_back(t);
    item.clear();
  };
  for (size_t i = 0; i < cell.size();) {
    size_t matched = 0;
    for (std::string_view sep : {"|", "、", "，", ",", ";", "；"}) {
      if (cell.substr(i).starts_with(sep)) matched = sep.size();
    }
    if (matched > 0) {
      flush();
      i += matched;
    } else {
      item += cell[i++];
    }
  }
  flush();
  return out;
}

}  // namespace zhifa::internal
