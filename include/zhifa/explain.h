// Explanations: why a scorecard has the points it has, as text (Chinese or English) and as JSON.
//
// Per indicator: numerator and denominator with their columns, the rate, the base points and how they follow
// from the mode, each deduction (count × points, its clause), the floor when it applied, and the final points;
// then the total and ranks. Every explanation carries the rule set id and digest, so a score can be replayed.
//
// Example:
//   std::cout << zhifa::Explain(card, zhifa::Language::kZh);
//   std::string json = zhifa::ToJson(card, /*with_explanation=*/true);
//
// Thread-safety: Explain, ToJson and ToJsonValue are reentrant.
#ifndef ZHIFA_EXPLAIN_H_
#define ZHIFA_EXPLAIN_H_

#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json_fwd.hpp"
#include "zhifa/export.h"
#include "zhifa/language.h"
#include "zhifa/score.h"

namespace zhifa {

// A multi-line, human-readable explanation ending in a newline.
ZHIFA_EXPORT std::string Explain(const Scorecard& card, Language language = Language::kZh);

// The scorecard as a JSON object (exact decimals as strings: "points": "0.58"; counts as integers; a rate as
// "rate": "90.16" percent and "rate_exact": "715/793", null when not applicable). With `with_explanation`, the
// object has "explanation" (Chinese) and "explanation_en".
ZHIFA_EXPORT nlohmann::json ToJsonValue(const Scorecard& card, bool with_explanation = false);
ZHIFA_EXPORT std::string ToJson(const Scorecard& card, bool with_explanation = false);

}  // namespace zhifa

#endif  // ZHIFA_EXPLAIN_H_
