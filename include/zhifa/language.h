// The language of what zhifa writes for people: explanations, findings, tables, calendar events.
//
// Every user-facing text zhifa produces exists in Chinese (the plan's language, the default) and English; one
// output is in one language.
//
// Example:
//   std::optional<zhifa::Language> lang = zhifa::LanguageFromName("en");  // Language::kEn
//
// Thread-safety: Reentrant.
#ifndef ZHIFA_LANGUAGE_H_
#define ZHIFA_LANGUAGE_H_

#include <optional>
#include <string_view>

#include "zhifa/export.h"

namespace zhifa {

enum class Language { kZh, kEn };

// "zh" / "en" (also "chinese", "english", "中文", "英文"); nullopt otherwise.
ZHIFA_EXPORT std::optional<Language> LanguageFromName(std::string_view name);

// The text in `language`: `zh` or `en`.
inline std::string_view Pick(Language language, std::string_view zh, std::string_view en) {
  return language == Language::kZh ? zh : en;
}

}  // namespace zhifa

#endif  // ZHIFA_LANGUAGE_H_
