#include "zhifa/explain.h"

#include <algorithm>
#include <charconv>
#include <cstring>

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

// Writes text, integers and decimals into a string through a raw cursor: the explanation of one scorecard is
// about 150 pieces, and building each as its own string (or appending each with std::string's checks) cost
// more than the scoring. The string is sized up front and grown only if a piece would not fit.
class Text {
 public:
  // Writes after what *out already holds, with room for `expected` more bytes to start with.
  Text(std::string* out, size_t expected) : out_(out) {
    const size_t used = out_->size();
    out_->resize(used + expected);
    p_ = out_->data() + used;
    end_ = out_->data() + out_->size();
  }
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;
  ~Text() { out_->resize(static_cast<size_t>(p_ - out_->data())); }

  Text& operator<<(std::string_view s) {
    Reserve(s.size());
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
    return *this;
  }
  template <size_t N>
  Text& operator<<(const char (&s)[N]) {  // a literal: its length is known here, so the copy inlines
    return *this << std::string_view(s, N - 1);
  }
  Text& operator<<(const std::string& s) { return *this << std::string_view(s); }
  Text& operator<<(char c) {
    Reserve(1);
    *p_++ = c;
    return *this;
  }
  Text& operator<<(int64_t v) {
    Reserve(20);
    p_ = std::to_chars(p_, end_, v).ptr;
    return *this;
  }
  Text& operator<<(int v) { return *this << static_cast<int64_t>(v); }
  // A decimal with all its places ("19.83"), or trimmed ("20", "2.5").
  Text& operator<<(const Decimal& d) { return Scaled(d.units(), d.scale(), false); }
  Text& Short(const Decimal& d) { return Scaled(d.units(), d.scale(), true); }
  Text& Scaled(int128 units, int scale, bool trim) {
    Reserve(internal::kMaxScaledChars);
    p_ = internal::WriteScaled(p_, units, scale, trim);
    return *this;
  }
  // num/den to 6 places (rounded half up, trimmed), marked as exact or not as `mark` says.
  enum class Mark {
    kEquals,  // " = 2.025" when the decimal terminates within 6 places, else " ≈ 14.42623"
    kPrefix,  // "2.025" or "≈14.42623" (JSON)
    kNone,    // the number alone
  };
  Text& Exact(int128 num, int128 den, Mark mark = Mark::kEquals) {
    constexpr int kPlaces = 6;
    const internal::FloorDiv q = internal::DivFloor(num * internal::kPow10[kPlaces], den);
    const bool exact = q.rem == 0;
    if (mark == Mark::kEquals) *this << (exact ? std::string_view(" = ") : std::string_view(" ≈ "));
    if (mark == Mark::kPrefix && !exact) *this << "≈";
    return Scaled(internal::RoundParts(q.quot, q.rem, den, Rounding::kHalfUp), kPlaces, true);
  }

 private:
  void Reserve(size_t n) {
    if (static_cast<size_t>(end_ - p_) >= n) return;
    const size_t used = static_cast<size_t>(p_ - out_->data());
    out_->resize(std::max(2 * out_->size(), used + n));
    p_ = out_->data() + used;
    end_ = out_->data() + out_->size();
  }
  std::string* out_;
  char* p_;
  char* end_;
};

// The exact value num/den as a decimal: exact when it terminates within 6 places, else "≈" and 6 places.
std::string ExactDecimal(int128 num, int128 den) {
  std::string out;
  Text(&out, 48).Exact(num, den, Text::Mark::kPrefix);
  return out;
}

std::string_view ColumnLabel(Column c, Language lang) {
  return lang == Language::kZh ? ColumnNameZh(c) : ColumnName(c);
}

// How the base points follow from the mode: "20 × 793/800 = 19.825", "16 × (1 − 1/793) ≈ 15.979823".
void BaseFormula(Text& t, const IndicatorScore& s, const Labels& l) {
  if (!s.applicable) {
    t.Exact(s.base_num, s.base_den, Text::Mark::kNone);
    return;
  }
  switch (s.mode) {
    case Mode::kProportional:
      t.Short(s.weight) << " × ";
      if (s.rate_capped) {
        t.Short(s.cap) << " (" << s.rate.num << '/' << s.rate.den << ", " << l.capped_at << ' ';
        t.Short(s.cap) << ')';
      } else {
        t << s.rate.num << '/' << s.rate.den;
      }
      break;
    case Mode::kInverse:
      t.Short(s.weight) << " × (1 − ";
      if (s.rate_capped) {
        t.Short(s.cap) << ") (" << s.rate.num << '/' << s.rate.den << ", " << l.capped_at << ' ';
        t.Short(s.cap) << ')';
      } else {
        t << s.rate.num << '/' << s.rate.den << ')';
      }
      break;
    case Mode::kBands:
      if (s.base_num == 0) {
        t << l.band << ": " << l.below_bands << " = 0";
        return;
      }
      t << l.band;
      break;
  }
  t.Exact(s.base_num, s.base_den);
}

}  // namespace

std::string Explain(const Scorecard& card, Language lang) {
  const Labels& l = lang == Language::kZh ? kZh : kEn;
  const bool zh = lang == Language::kZh;
  std::string out;
  {
    Text t(&out, 256 * (card.indicators.size() + 1));  // about 190 bytes an indicator: no growth
    t << card.unit_name << " (" << card.unit_code << ", "
      << (zh ? CategoryName(card.category) : CategoryKey(card.category)) << ") " << card.period.ToString() << '\n';
    t << l.ruleset << ' ' << card.ruleset_id << ' ' << card.ruleset_digest << '\n';
    if (card.ruleset_outside_dates) {
      t << (zh ? std::string_view("   注意：该规则集在本期不生效，系按要求适用于所有期间\n")
               : std::string_view(
                     "   note: this rule set is not in force in the period; it was applied to all periods on "
                     "request\n"));
    }
    int i = 0;
    for (const IndicatorScore& s : card.indicators) {
      t << ++i << ". " << (zh ? s.name : s.name_en) << " (" << s.key;
      if (!s.clause.empty()) t << ", " << s.clause;
      t << ", " << l.weight << ' ';
      t.Short(s.weight) << ")\n";
      t << "   " << l.rate << ' ' << ColumnLabel(s.numerator_column, lang) << " / "
        << ColumnLabel(s.denominator_column, lang) << " = " << s.rate.num << " / " << s.rate.den;
      if (s.applicable) {
        t << " = " << *s.RatePercent(card.rate_decimals, card.rounding) << "%\n";
      } else {
        t << ": " << l.not_applicable << '\n';
      }
      if (s.excluded) {
        t << "   " << l.excluded << '\n';
        continue;
      }
      t << "   " << l.base << ' ';
      if (!s.applicable) t << (s.base_num == 0 ? l.zero : l.full) << ' ';
      BaseFormula(t, s, l);
      t << '\n';
      if (s.deductions.empty()) t << "   " << l.deductions << ' ' << l.none << '\n';
      for (const AppliedDeduction& d : s.deductions) {
        t << "   " << l.deductions << ' ' << ColumnLabel(d.column, lang) << ' ' << d.count << " × ";
        t.Short(d.points_per_case) << " = ";
        t.Scaled(d.amount_units, kParamScale, true);
        if (d.capped) t << " (" << l.max_applied << ')';
        if (!d.clause.empty()) t << " [" << d.clause << ']';
        t << '\n';
      }
      if (s.floored) t << "   " << l.floored << '\n';
      t << "   " << l.points << ' ' << s.points << '\n';
    }
    t << l.total << ' ' << card.total;
    if (card.total_rescaled) t << " (" << l.rescaled << ')';
    if (card.rank > 0) t << "; " << l.rank << ' ' << card.rank << "; " << l.category_rank << ' ' << card.category_rank;
    t << '\n';
    for (const Finding& f : card.findings)
      t << (zh ? std::string_view("提示 ") : std::string_view("note ")) << f.rule << " [" << f.clause
        << "]: " << f.Message(lang) << '\n';
  }  // ~Text trims the string to what was written
  return out;
}

nlohmann::json ToJsonValue(const Scorecard& card, bool with_explanation) {
  nlohmann::json j;
  j["unit_code"] = card.unit_code;
  j["unit"] = card.unit_name;
  j["category"] = std::string(CategoryKey(card.category));
  j["period"] = card.period.ToString();
  j["ruleset"] = {{"id", card.ruleset_id}, {"digest", card.ruleset_digest}};
  if (card.ruleset_outside_dates) j["ruleset_outside_dates"] = true;
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
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& f : card.findings) {
    findings.push_back({{"rule", f.rule}, {"clause", f.clause}, {"message", f.message}, {"message_en", f.message_en}});
  }
  j["findings"] = std::move(findings);
  if (with_explanation) {
    j["explanation"] = Explain(card, Language::kZh);
    j["explanation_en"] = Explain(card, Language::kEn);
  }
  return j;
}

std::string ToJson(const Scorecard& card, bool with_explanation) { return ToJsonValue(card, with_explanation).dump(2); }

}  // namespace zhifa
