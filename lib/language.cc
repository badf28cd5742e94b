#include "zhifa/language.h"

#include "lib/strings.h"

namespace zhifa {

std::optional<Language> LanguageFromName(std::string_view name) {
  std::string n = internal::Lower(name);
  if (n == "zh" || n == "chinese" || n == "中文") return Language::kZh;
  if (n == "en" || n == "english" || n == "英文") return Language::kEn;
  return std::nullopt;
}

}  // namespace zhifa
