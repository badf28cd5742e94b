#include "zhifa/explain.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/exact.h"
#include "lib/strings.h"
#include "nlohmann/json.hpp"

namespace zhifa {
namespace {

using internal::int128;

// Labels in the two languages.
struct Labels {
  std::string_view ruleset, weight, rate, base, deductions, none, floored, points, total, rank, category_rank,
      not_applicable, excluded, full, zero, capped_at, band, below_bands, max_applied, rescaled;
};
constexpr Labels kZh = {"规则集",
                        "权重",
                        "比率",
                        "基础分",
                        "扣分",
                        "无",
                        "低于下限,取下限",
                        "得分",
                        "总分",
                        "总排名",
                        "类别排名",
                        "分母为 0,不适用",
                        "不计入总分",
                        "按满分",
                        "按 0 分",
                        "比率按上限",
                        "档次",
                        "低于所有档次",
                        "已达扣分上限",
                        "按适用指标权重折算"};
constexpr Labels kEn = {"rule set",
                        "weight",
                        "rate",
                        "base points",
                        "deductions",
                        "none",
                        "below the floor, raised to",
                        "points",
                        "total",
                        "rank",
                        "category rank",
                        "denominator is 0, not applicable",
                        "left out of the total",
                        "full points",
                        "zero points",
                        "rate capped at",
                        "band",
                        "below every band",
                        "deduction cap reached",
                        "rescaled over the applicable weights"};

// The exact value num/den as a decimal: exact when it terminates within 6 places, else "≈" and 6 places.
std::string ExactDecimal(int128 num, int128 den) {
  constexpr int kPlaces = 6;
  int128 scaled = num * internal::kPow10[kPlaces];
  if (scaled % den == 0) return FormatScaled(scaled / den, kPlaces, true);
  return internal::Cat("≈", FormatScaled(internal::RoundRational(scaled, den, Rounding::kHalfUp), kPlaces, true));
}

std::string_view ColumnLabel(Column c, Language lang) {
  return lang == Language::kZh ? ColumnNameZh(c) : ColumnName(c);
}

std::string BaseFormula(const IndicatorScore& s, const Labels& l) {
  std::string w = s.weight.ToShortString();
  std::string rate = s.rate.ToString();
  std::string exact = ExactDecimal(s.base_num, s.base_den);
  // " = 2.025" when exact, " ≈ 14.426230" when the decimal does not terminate within 6 places.
  std::string value = exact.starts_with("≈") ? exact.substr(std::string_view("≈").size()) : exact;
  std::string_view eq = exact == value ? " = " : " ≈ ";
  if (!s.applicable) return internal::Cat(value);
  switch (s.mode) {
    case Mode::kProportional:
      if (s.rate_capped)
        return internal::Cat(w, " × ", s.cap.ToShortString(), " (", rate, ", ", l.capped_at, " ", s.cap.ToShortString(),
                             ")", eq, value);
      return internal::Cat(w, " × ", rate, eq, value);
    case Mode::kInverse:
      if (s.rate_capped)
        return internal::Cat(w, " × (1 − ", s.cap.ToShortString(), ") (", rate, ", ", l.capped_at, " ",
                             s.cap.ToShortString(), ")", eq, value);
      return internal::Cat(w, " × (1 − ", rate, ")", eq, value);
    case Mode::kBands:
      if (s.base_num == 0) return internal::Cat(l.band, ": ", l.below_bands, " = 0");
      return internal::Cat(l.band, eq, value);
  }
  return value;
}

}  // namespace

std::optional<Language> LanguageFromName(std::string_view name) {
  std::string n = internal::Lower(name);
  if (n == "zh" || n == "chinese" || n == "中文") return Language::kZh;
  if (n == "en" || n == "english") return Language::kEn;
  return std::nullopt;
}

std::string Explain(const Scorecard& card, Language lang) {
  const Labels& l = lang == Language::kZh ? kZh : kEn;
  std::string out;
  out.reserve(256 * (card.indicators.size() + 1));  // one growth instead of many
  internal::Append(&out, card.unit_name, " (", card.unit_code, ", ",
                   lang == Language::kZh ? CategoryName(card.category) : CategoryKey(card.category), ") ",
                   card.period.ToString(), "\n");
  internal::Append(&out, l.ruleset, " ", card.ruleset_id, " ", card.ruleset_digest, "\n");
  int i = 0;
  for (const IndicatorScore& s : card.indicators) {
    internal::Append(&out, ++i, ". ", lang == Language::kZh ? s.name : s.name_en, " (", s.key,
                     s.clause.empty() ? "" : ", ", s.clause, ", ", l.weight, " ", s.weight.ToShortString(), ")\n");
    std::string ratio = internal::Cat(ColumnLabel(s.numerator_column, lang), " / ",
                                      ColumnLabel(s.denominator_column, lang), " = ", s.rate.num, " / ", s.rate.den);
    if (s.applicable) {
      internal::Append(&out, "   ", l.rate, " ", ratio, " = ",
                       s.RatePercent(card.rate_decimals, card.rounding)->ToString(), "%\n");
    } else {
      internal::Append(&out, "   ", l.rate, " ", ratio, ": ", l.not_applicable, "\n");
    }
    if (s.excluded) {
      internal::Append(&out, "   ", l.excluded, "\n");
      continue;
    }
    if (!s.applicable) {
      internal::Append(&out, "   ", l.base, " ", s.base_num == 0 ? l.zero : l.full, " ", BaseFormula(s, l), "\n");
    } else {
      internal::Append(&out, "   ", l.base, " ", BaseFormula(s, l), "\n");
    }
    if (s.deductions.empty()) {
      internal::Append(&out, "   ", l.deductions, " ", l.none, "\n");
    }
    for (const AppliedDeduction& d : s.deductions) {
      internal::Append(&out, "   ", l.deductions, " ", ColumnLabel(d.column, lang), " ", d.count, " × ",
                       d.points_per_case.ToShortString(), " = ", d.AmountString(), d.capped ? " (" : "",
                       d.capped ? l.max_applied : "", d.capped ? ")" : "", d.clause.empty() ? "" : " [", d.clause,
                       d.clause.empty() ? "" : "]", "\n");
    }
    if (s.floored) internal::Append(&out, "   ", l.floored, "\n");
    internal::Append(&out, "   ", l.points, " ", s.points.ToString(), "\n");
  }
  internal::Append(&out, l.total, " ", card.total.ToString());
  if (card.total_rescaled) internal::Append(&out, " (", l.rescaled, ")");
  if (card.rank > 0) {
    internal::Append(&out, "; ", l.rank, " ", card.rank, "; ", l.category_rank, " ", card.category_rank);
  }
  out += "\n";
  return out;
}

nlohmann::json ToJsonValue(const Scorecard& card, bool with_explanation) {
  nlohmann::json j;
  j["unit_code"] = card.unit_code;
  j["unit"] = card.unit_name;
  j["category"] = std::string(CategoryKey(card.category));
  j["period"] = card.period.ToString();
  j["ruleset"] = {{"id", card.ruleset_id}, {"digest", card.ruleset_digest}};
  nlohmann::json indicators = nlohmann::json::array();
  for (const IndicatorScore& s : card.indicators) {
    nlohmann::json i;
    i["key"] = s.key;
    i["name"] = s.name;
    i["name_en"] = s.name_en;
    i["clause"] = s.clause;
    i["weight"] = s.weight.ToShortString();
    i["mode"] = std::string(ModeName(s.mode));
    i["numerator"] = {{"column", std::string(ColumnName(s.numerator_column))}, {"value", s.rate.num}};
    i["denominator"] = {{"column", std::string(ColumnName(s.denominator_column))}, {"value", s.rate.den}};
    i["applicable"] = s.applicable;
    i["excluded"] = s.excluded;
    if (s.applicable) {
      i["rate"] = s.RatePercent(card.rate_decimals, card.rounding)->ToString();
      i["rate_exact"] = s.rate.ToString();
    } else {
      i["rate"] = nullptr;
      i["rate_exact"] = nullptr;
    }
    i["rate_capped"] = s.rate_capped;
    i["base_points"] = s.excluded ? nlohmann::json(nullptr) : nlohmann::json(ExactDecimal(s.base_num, s.base_den));
    nlohmann::json deductions = nlohmann::json::array();
    for (const AppliedDeduction& d : s.deductions) {
      deductions.push_back({{"column", std::string(ColumnName(d.column))},
                            {"count", d.count},
                            {"points_per_case", d.points_per_case.ToShortString()},
                            {"amount", d.AmountString()},
                            {"capped", d.capped},
                            {"clause", d.clause}});
    }
    i["deductions"] = std::move(deductions);
    i["floored"] = s.floored;
    i["points"] = s.excluded ? nlohmann::json(nullptr) : nlohmann::json(s.points.ToString());
    indicators.push_back(std::move(i));
  }
  j["indicators"] = std::move(indicators);
  j["total"] = card.total.ToString();
  j["total_rescaled"] = card.total_rescaled;
  j["rank"] = card.rank > 0 ? nlohmann::json(card.rank) : nlohmann::json(nullptr);
  j["category_rank"] = card.category_rank > 0 ? nlohmann::json(card.category_rank) : nlohmann::json(nullptr);
  if (with_explanation) {
    j["explanation"] = Explain(card, Language::kZh);
    j["explanation_en"] = Explain(card, Language::kEn);
  }
  return j;
}

std::string ToJson(const Scorecard& card, bool with_explanation) { return ToJsonValue(card, with_explanation).dump(2); }

}  // namespace zhifa
