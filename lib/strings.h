// Internal: string helpers that accept std::string_view.
//
// Debian 12's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so absl::string_view is a distinct type
// and absl::StrCat does not take a std::string_view. zhifa's API speaks std::string_view (the C++20
// vocabulary type); these thin forwarding wrappers convert at the boundary instead of at every call.
#ifndef ZHIFA_LIB_STRINGS_H_
#define ZHIFA_LIB_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace zhifa::internal {

inline absl::string_view AsAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view AsStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

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

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_STRINGS_H_
