// Internal: string helpers that accept std::string_view.
//
// Debian 12's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so absl::string_view is a distinct type
// and absl::StrCat does not take a std::string_view. zhifa's API speaks std::string_view (the C++20
// vocabulary type); these thin forwarding wrappers convert at the boundary instead of at every call.
#ifndef ZHIFA_LIB_STRINGS_H_
#define ZHIFA_LIB_STRINGS_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace zhifa::internal {

inline absl::string_view AsAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view AsStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

// Bytes of the UTF-8 sequence a lead byte starts (1 for ASCII and for a stray continuation byte).
inline size_t Utf8SequenceLength(unsigned char lead) {
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

template <typename T>
decltype(auto) ToAlphaNum(const T& v) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return AsAbsl(v);
  } else {
    return (v);
  }
}

// absl::StrCat / absl::StrAppend that also take std::string_view.
template <typename... Args>
std::string Cat(const Args&... args) {
  return absl::StrCat(ToAlphaNum(args)...);
}
template <typename... Args>
void Append(std::string* out, const Args&... args) {
  absl::StrAppend(out, ToAlphaNum(args)...);
}

// Leading and trailing ASCII white space removed.
inline std::string_view Trim(std::string_view s) { return AsStd(absl::StripAsciiWhitespace(AsAbsl(s))); }
inline std::string Lower(std::string_view s) { return absl::AsciiStrToLower(AsAbsl(s)); }

// Joins the elements (anything convertible to std::string_view) with `sep`.
template <typename Range>
std::string Join(const Range& parts, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& p : parts) {
    if (!first) out.append(sep);
    out.append(std::string_view(p));
    first = false;
  }
  return out;
}

// The Levenshtein distance between two sequences (strings, u32strings): the fewest insertions, deletions and
// substitutions that turn one into the other. O(|a| × |b|): callers bound the lengths.
template <typename A, typename B>
size_t EditDistance(const A& a, const B& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Appends one CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF. A text that a spreadsheet
// would run as a formula (it begins with =, +, -, @, a tab or a CR) is neutralized with a leading apostrophe,
// as OWASP recommends against CSV injection: `=HYPERLINK(...)` is written '=HYPERLINK(...). A plain signed
// number (-0.42, +5) is a number to a spreadsheet, not a formula, and stays as it is.
inline bool IsSignedNumber(std::string_view s) {
  if (s.size() < 2 || (s[0] != '-' && s[0] != '+')) return false;
  bool digit = false, point = false;
  for (char c : s.substr(1)) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digit;
}
// Whether a spreadsheet would run `s` as a formula, or `s` is such a text already neutralized (apostrophes
// before it): then AppendCsvField adds one apostrophe more, and zhifa's readers take one away (ReadCell),
// so that every text round-trips.
inline bool IsFormulaLead(std::string_view s) {
  const size_t i = s.find_first_not_of('\'');
  if (i == std::string_view::npos) return false;
  const char c = s[i];
  return (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') && !IsSignedNumber(s.substr(i));
}
inline void AppendCsvField(std::string& out, std::string_view field) {
  const bool formula = IsFormulaLead(field) && !IsSignedNumber(field);
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) out += '"';
  if (formula) out += '\'';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  if (quote) out += '"';
}

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_STRINGS_H_
