#include "zhifa/rules.h"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "boost/date_time/gregorian/gregorian.hpp"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/toml_util.h"

namespace zhifa {
namespace {

using internal::TomlTable;

bool ValidKey(std::string_view key, bool allow_punct) {
  if (key.empty()) return false;
  for (char c : key) {
    bool ok = absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' || (allow_punct && (c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

std::string ColumnList() {
  std::vector<std::string_view> names;
  for (Column c : kAllColumns) names.push_back(ColumnName(c));
  return internal::Join(names, ", ");
}

absl::StatusOr<Column> ReadColumn(const TomlTable& t, std::string_view key) {
  auto name = t.String(key, true);
  if (!name.ok()) return name.status();
  std::optional<Column> c = ColumnFromName(**name);
  if (!c) return t.Error(key, internal::Cat("unknown column \"", **name, "\"; expected one of ", ColumnList()));
  return *c;
}

// A parameter: exact, kParamScale decimals, |x| <= kMaxParam; `non_negative` rejects negative values.
absl::StatusOr<std::optional<Decimal>> ReadParam(const TomlTable& t, std::string_view key, bool required,
                                                 bool non_negative) {
  auto d = t.Number(key, required, kParamScale, kMaxParam);
  if (!d.ok()) return d.status();
  if (non_negative && d->has_value() && **d < Decimal(0, 0)) {
    return t.Error(key, internal::Cat((*d)->ToShortString(), " is negative; expected a number >= 0"));
  }
  return d;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 15];
  }
  return hex;
}

absl::StatusOr<Indicator> ReadIndicator(const TomlTable& t) {
  if (absl::Status s = t.OnlyKeys({"key", "name", "name_en", "clause", "weight", "numerator", "denominator", "mode",
                                   "cap", "zero_denominator", "floor", "band", "deduction"});
      !s.ok()) {
    return s;
  }
  Indicator ind;
  auto key = t.String("key", true);
  if (!key.ok()) return key.status();
  ind.key = **key;
  if (!ValidKey(ind.key, false))
    return t.Error("key", internal::Cat("\"", ind.key, "\" is not a key; expected [a-z0-9_]+"));
  auto name = t.String("name", true);
  if (!name.ok()) return name.status();
  ind.name = **name;
  auto name_en = t.String("name_en", false);
  if (!name_en.ok()) return name_en.status();
  ind.name_en = name_en->value_or(ind.key);
  auto clause = t.String("clause", false);
  if (!clause.ok()) return clause.status();
  ind.clause = clause->value_or("");
  auto weight = ReadParam(t, "weight", true, true);
  if (!weight.ok()) return weight.status();
  ind.weight = **weight;
  auto num = ReadColumn(t, "numerator");
  if (!num.ok()) return num.status();
  ind.numerator = *num;
  auto den = ReadColumn(t, "denominator");
  if (!den.ok()) return den.status();
  ind.denominator = *den;

  auto mode = t.String("mode", false);
  if (!mode.ok()) return mode.status();
  std::string mode_name = mode->value_or("proportional");
  if (mode_name == "proportional") {
    ind.mode = Mode::kProportional;
  } else if (mode_name == "inverse") {
    ind.mode = Mode::kInverse;
  } else if (mode_name == "bands") {
    ind.mode = Mode::kBands;
  } else {
    return t.Error("mode", internal::Cat("unknown mode \"", mode_name, "\"; expected proportional, inverse or bands"));
  }

  auto cap = ReadParam(t, "cap", false, true);
  if (!cap.ok()) return cap.status();
  ind.cap = cap->value_or(Decimal(1, 0)).Rescale(kParamScale).value();
  if (ind.cap == Decimal(0, 0)) return t.Error("cap", "0 is not a cap; expected a number > 0");

  auto zero = t.String("zero_denominator", false);
  if (!zero.ok()) return zero.status();
  std::string zero_name = zero->value_or("full");
  if (zero_name == "full") {
    ind.zero_denominator = ZeroDenominator::kFull;
  } else if (zero_name == "zero") {
    ind.zero_denominator = ZeroDenominator::kZero;
  } else if (zero_name == "exclude") {
    ind.zero_denominator = ZeroDenominator::kExclude;
  } else {
    return t.Error("zero_denominator",
                   internal::Cat("unknown policy \"", zero_name, "\"; expected full, zero or exclude"));
  }

  auto floor = ReadParam(t, "floor", false, false);
  if (!floor.ok()) return floor.status();
  ind.floor = floor->value_or(Decimal(0, 0)).Rescale(kParamScale).value();
  if (ind.floor > ind.weight) {
    return t.Error("floor", internal::Cat(ind.floor.ToShortString(), " is above the weight ",
                                          ind.weight.ToShortString(), "; expected floor <= weight"));
  }
  // A negative floor lets deductions take points below zero, at most the indicator's own weight below: a
  // floor of -1000 on a 16-point indicator would let one indicator outweigh the whole total many times over.
  if (ind.floor < Decimal(-ind.weight.units(), ind.weight.scale())) {
    return t.Error("floor", internal::Cat(ind.floor.ToShortString(), " is below minus the weight (-",
                                          ind.weight.ToShortString(), "); expected -weight <= floor <= weight"));
  }

  auto bands = t.Tables("band");
  if (!bands.ok()) return bands.status();
  if (ind.mode == Mode::kBands && bands->empty()) {
    return t.Error("mode", "bands mode needs at least one [[indicator.band]] table");
  }
  if (ind.mode != Mode::kBands && !bands->empty()) {
    return t.Error("band", internal::Cat("bands are given but mode is ", mode_name, "; set mode = \"bands\""));
  }
  for (size_t i = 0; i < bands->size(); ++i) {
    TomlTable b(*(*bands)[i], t.source(), internal::Cat(t.path(), ".band[", i + 1, "]"));
    if (absl::Status s = b.OnlyKeys({"min_rate", "points"}); !s.ok()) return s;
    auto min_rate = ReadParam(b, "min_rate", true, true);
    if (!min_rate.ok()) return min_rate.status();
    auto points = ReadParam(b, "points", true, true);
    if (!points.ok()) return points.status();
    if (**points > ind.weight) {
      return b.Error("points",
                     internal::Cat((*points)->ToShortString(), " is above the weight ", ind.weight.ToShortString()));
    }
    if (!ind.bands.empty() && !(ind.bands.back().min_rate < **min_rate)) {
      return b.Error("min_rate", internal::Cat((*min_rate)->ToShortString(), " is not above the previous band's ",
                                               ind.bands.back().min_rate.ToShortString(),
                                               "; list bands with strictly increasing min_rate"));
    }
    ind.bands.push_back({**min_rate, **points});
  }

  auto deductions = t.Tables("deduction");
  if (!deductions.ok()) return deductions.status();
  for (size_t i = 0; i < deductions->size(); ++i) {
    TomlTable d(*(*deductions)[i], t.source(), internal::Cat(t.path(), ".deduction[", i + 1, "]"));
    if (absl::Status s = d.OnlyKeys({"count", "points", "clause", "max"}); !s.ok()) return s;
    DeductionRule rule;
    auto count = ReadColumn(d, "count");
    if (!count.ok()) return count.status();
    rule.count = *count;
    auto points = ReadParam(d, "points", true, true);
    if (!points.ok()) return points.status();
    rule.points = **points;
    auto dclause = d.String("clause", false);
    if (!dclause.ok()) return dclause.status();
    rule.clause = dclause->value_or("");
    auto max = ReadParam(d, "max", false, true);
    if (!max.ok()) return max.status();
    rule.max = *max;
    ind.deductions.push_back(std::move(rule));
  }
  return ind;
}

void AppendParam(std::string& out, std::string_view key, const Decimal& d) {
  internal::Append(&out, key, " = ", d.ToShortString(), "\n");
}
void AppendString(std::string& out, std::string_view key, std::string_view s) {
  internal::Append(&out, key, " = ", internal::TomlQuote(s), "\n");
}

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kProportional:
      return "proportional";
    case Mode::kInverse:
      return "inverse";
    case Mode::kBands:
      return "bands";
  }
  return "";
}

std::string_view ZeroDenominatorName(ZeroDenominator policy) {
  switch (policy) {
    case ZeroDenominator::kFull:
      return "full";
    case ZeroDenominator::kZero:
      return "zero";
    case ZeroDenominator::kExclude:
      return "exclude";
  }
  return "";
}

absl::StatusOr<RuleSet> RuleSet::FromText(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable t(*doc, source, "");
  if (absl::Status s = t.OnlyKeys({"id", "title", "effective_from", "effective_until", "total", "rounding",
                                   "points_decimals", "rate_decimals", "indicator"});
      !s.ok()) {
    return s;
  }
  RuleSet r;
  auto id = t.String("id", true);
  if (!id.ok()) return id.status();
  r.id_ = **id;
  if (!ValidKey(r.id_, true))
    return t.Error("id", internal::Cat("\"", r.id_, "\" is not an id; expected [a-z0-9_.-]+"));
  auto title = t.String("title", true);
  if (!title.ok()) return title.status();
  r.title_ = **title;
  auto from = t.Date("effective_from", true);
  if (!from.ok()) return from.status();
  r.effective_from_ = **from;
  auto until = t.Date("effective_until", false);
  if (!until.ok()) return until.status();
  r.effective_until_ = *until;
  if (r.effective_until_ && *r.effective_until_ < r.effective_from_) {
    return t.Error(
        "effective_until",
        internal::Cat(boost::gregorian::to_iso_extended_string(*r.effective_until_), " is before effective_from ",
                      boost::gregorian::to_iso_extended_string(r.effective_from_), "; dates out of order"));
  }
  auto total = ReadParam(t, "total", false, true);
  if (!total.ok()) return total.status();
  r.total_ = total->value_or(Decimal(100, 0)).Rescale(kParamScale).value();
  if (r.total_ == Decimal(0, 0)) return t.Error("total", "0 is not a total; expected a number > 0");

  auto rounding = t.String("rounding", false);
  if (!rounding.ok()) return rounding.status();
  std::string rounding_name = rounding->value_or("half_up");
  if (rounding_name == "half_up") {
    r.rounding_ = Rounding::kHalfUp;
  } else if (rounding_name == "half_even") {
    r.rounding_ = Rounding::kHalfEven;
  } else {
    return t.Error("rounding",
                   internal::Cat("unknown rounding \"", rounding_name, "\"; expected half_up or half_even"));
  }
  for (auto [key, field] :
       {std::pair{"points_decimals", &r.points_decimals_}, std::pair{"rate_decimals", &r.rate_decimals_}}) {
    auto v = t.Integer(key, false);
    if (!v.ok()) return v.status();
    if (v->has_value()) {
      if (**v < 0 || **v > 4) return t.Error(key, internal::Cat(**v, " is out of range; expected 0..4"));
      *field = static_cast<int>(**v);
    }
  }

  auto tables = t.Tables("indicator");
  if (!tables.ok()) return tables.status();
  if (tables->empty()) return t.Error("indicator", "no [[indicator]] tables; a rule set needs at least one");
  Decimal weight_sum(0, kParamScale);
  for (size_t i = 0; i < tables->size(); ++i) {
    TomlTable it(*(*tables)[i], source, internal::Cat("indicator[", i + 1, "]"));
    auto ind = ReadIndicator(it);
    if (!ind.ok()) return ind.status();
    for (const Indicator& other : r.indicators_) {
      if (other.key == ind->key) return it.Error("key", internal::Cat("duplicate indicator key \"", ind->key, "\""));
    }
    weight_sum = Decimal(weight_sum.units() + ind->weight.units(), kParamScale);
    r.indicators_.push_back(*std::move(ind));
  }
  if (weight_sum != r.total_) {
    std::vector<std::string> parts;
    for (const Indicator& ind : r.indicators_) parts.push_back(internal::Cat(ind.key, " ", ind.weight.ToShortString()));
    return t.Error("total", internal::Cat("indicator weights sum to ", weight_sum.ToShortString(), " (",
                                          internal::Join(parts, " + "), "), not total ", r.total_.ToShortString()));
  }
  r.digest_ = "sha256:" + Sha256Hex(r.ToToml());
  return r;
}

absl::StatusOr<RuleSet> RuleSet::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = internal::ReadTextFile(path, "rule");
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

std::vector<std::string> RuleSet::BuiltinIds() {
  std::vector<std::string> ids;
  for (const RuleSet& r : RuleBook::Builtin().sets()) ids.push_back(r.id());
  return ids;
}

const RuleSet& RuleSet::Builtin() { return **Builtin(kDefaultId); }

absl::StatusOr<const RuleSet*> RuleSet::Builtin(std::string_view id) {
  for (const RuleSet& r : RuleBook::Builtin().sets()) {
    if (r.id() == id) return &r;
  }
  return absl::NotFoundError(
      internal::Cat("no built-in rule set \"", id, "\"; built-in sets: ", internal::Join(BuiltinIds(), ", ")));
}

absl::StatusOr<std::string_view> RuleSet::BuiltinSource(std::string_view id) {
  const std::vector<internal::EmbeddedFile> files = internal::EmbeddedUnder("data/rules/");
  for (const internal::EmbeddedFile& f : files) {
    absl::StatusOr<RuleSet> r = FromText(f.text, f.path);
    if (r.ok() && r->id() == id) return f.text;
  }
  return absl::NotFoundError(
      internal::Cat("no built-in rule set \"", id, "\"; built-in sets: ", internal::Join(BuiltinIds(), ", ")));
}

bool RuleSet::InForce(boost::gregorian::date day) const {
  return effective_from_ <= day && (!effective_until_ || day <= *effective_until_);
}

std::string RuleSet::ToToml() const {
  std::string out;
  AppendString(out, "id", id_);
  AppendString(out, "title", title_);
  internal::Append(&out, "effective_from = ", boost::gregorian::to_iso_extended_string(effective_from_), "\n");
  if (effective_until_) {
    internal::Append(&out, "effective_until = ", boost::gregorian::to_iso_extended_string(*effective_until_), "\n");
  }
  AppendParam(out, "total", total_);
  AppendString(out, "rounding", RoundingName(rounding_));
  internal::Append(&out, "points_decimals = ", points_decimals_, "\n");
  internal::Append(&out, "rate_decimals = ", rate_decimals_, "\n");
  for (const Indicator& ind : indicators_) {
    out += "\n[[indicator]]\n";
    AppendString(out, "key", ind.key);
    AppendString(out, "name", ind.name);
    AppendString(out, "name_en", ind.name_en);
    AppendString(out, "clause", ind.clause);
    AppendParam(out, "weight", ind.weight);
    AppendString(out, "numerator", ColumnName(ind.numerator));
    AppendString(out, "denominator", ColumnName(ind.denominator));
    AppendString(out, "mode", ModeName(ind.mode));
    AppendParam(out, "cap", ind.cap);
    AppendString(out, "zero_denominator", ZeroDenominatorName(ind.zero_denominator));
    AppendParam(out, "floor", ind.floor);
    for (const Band& b : ind.bands) {
      out += "\n[[indicator.band]]\n";
      AppendParam(out, "min_rate", b.min_rate);
      AppendParam(out, "points", b.points);
    }
    for (const DeductionRule& d : ind.deductions) {
      out += "\n[[indicator.deduction]]\n";
      AppendString(out, "count", ColumnName(d.count));
      AppendParam(out, "points", d.points);
      AppendString(out, "clause", d.clause);
      if (d.max) AppendParam(out, "max", *d.max);
    }
  }
  return out;
}

absl::StatusOr<RuleBook> RuleBook::Create(std::vector<RuleSet> sets) {
  if (sets.empty()) return absl::InvalidArgumentError("a rule book needs at least one rule set");
  for (size_t i = 0; i < sets.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (sets[i].id() == sets[j].id() && sets[i].digest() != sets[j].digest()) {
        return absl::InvalidArgumentError(internal::Cat(
            "two rule sets have the id \"", sets[i].id(), "\" but different rules (", sets[j].digest().substr(0, 19),
            "… and ", sets[i].digest().substr(0, 19), "…); an edited set needs an id of its own"));
      }
    }
  }
  std::stable_sort(sets.begin(), sets.end(),
                   [](const RuleSet& a, const RuleSet& b) { return a.effective_from() < b.effective_from(); });
  using boost::gregorian::to_iso_extended_string;
  for (size_t i = 0; i + 1 < sets.size(); ++i) {
    const RuleSet& a = sets[i];
    const RuleSet& b = sets[i + 1];
    if (!a.effective_until() || *a.effective_until() >= b.effective_from()) {
      return absl::InvalidArgumentError(
          internal::Cat("rule sets \"", a.id(), "\" (", to_iso_extended_string(a.effective_from()), " to ",
                        a.effective_until() ? to_iso_extended_string(*a.effective_until()) : "open end", ") and \"",
                        b.id(), "\" (from ", to_iso_extended_string(b.effective_from()), ") overlap"));
    }
    boost::gregorian::date next = *a.effective_until() + boost::gregorian::days(1);
    if (next < b.effective_from()) {
      return absl::InvalidArgumentError(internal::Cat(
          "rule sets \"", a.id(), "\" (until ", to_iso_extended_string(*a.effective_until()), ") and \"", b.id(),
          "\" (from ", to_iso_extended_string(b.effective_from()), ") leave ", to_iso_extended_string(next), " to ",
          to_iso_extended_string(b.effective_from() - boost::gregorian::days(1)), " without a rule set"));
    }
  }
  RuleBook book;
  book.sets_ = std::move(sets);
  return book;
}

const RuleBook& RuleBook::Builtin() {
  static const RuleBook* book = [] {
    std::vector<RuleSet> sets;
    for (const internal::EmbeddedFile& f : internal::EmbeddedUnder("data/rules/")) {
      absl::StatusOr<RuleSet> r = RuleSet::FromText(f.text, f.path);
      if (!r.ok()) {
        // The files are validated by the test suite; reaching this is a build defect.
        std::fprintf(stderr, "zhifa: built-in rule set is invalid: %s\n", std::string(r.status().message()).c_str());
        std::abort();
      }
      sets.push_back(*std::move(r));
    }
    absl::StatusOr<RuleBook> b = Create(std::move(sets));
    if (!b.ok()) {
      std::fprintf(stderr, "zhifa: built-in rule book is invalid: %s\n", std::string(b.status().message()).c_str());
      std::abort();
    }
    return new RuleBook(*std::move(b));
  }();
  return *book;
}

absl::StatusOr<const RuleSet*> RuleBook::Select(boost::gregorian::date day) const {
  for (const RuleSet& r : sets_) {
    if (r.InForce(day)) return &r;
  }
  using boost::gregorian::to_iso_extended_string;
  const RuleSet& last = sets_.back();
  return absl::OutOfRangeError(internal::Cat(
      "no rule set in force on ", to_iso_extended_string(day), "; the book covers ",
      to_iso_extended_string(sets_.front().effective_from()), " to ",
      last.effective_until() ? to_iso_extended_string(*last.effective_until()) : std::string("open end")));
}

absl::StatusOr<const RuleSet*> RuleBook::Select(const Period& period) const {
  if (period.year() < Period::kMinYear || period.year() > Period::kMaxYear) {
    return absl::InvalidArgumentError(
        internal::Cat("year ", period.year(), " is out of range; expected ", Period::kMinYear, "..", Period::kMaxYear));
  }
  return Select(period.start());
}

}  // namespace zhifa
