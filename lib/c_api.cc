// The C API (include/zhifa/c_api.h) over the C++ one. Every entry point catches everything: no exception
// crosses into C. Errors are kept per thread for zhifa_last_error().
#include "zhifa/c_api.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "zhifa/batch.h"
#include "zhifa/cases.h"
#include "zhifa/explain.h"
#include "zhifa/findings.h"
#include "zhifa/limits.h"
#include "zhifa/rules.h"
#include "zhifa/score.h"
#include "zhifa/units.h"
#include "zhifa/version.h"

struct zhifa_rules {
  std::shared_ptr<const zhifa::RuleSet> rules;  // owned, or aliasing a built-in set
  std::string id;
  std::string digest;
};

struct zhifa_registry {
  std::shared_ptr<const zhifa::Registry> registry;
};

namespace zhifa {
namespace {

thread_local std::string last_error;

zhifa_status Fail(zhifa_status code, std::string message) {
  last_error = std::move(message);
  return code;
}

zhifa_status Fail(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return Fail(ZHIFA_INVALID_ARGUMENT, std::string(status.message()));
    case absl::StatusCode::kNotFound:
      return Fail(ZHIFA_NOT_FOUND, std::string(status.message()));
    case absl::StatusCode::kOutOfRange:
      return Fail(ZHIFA_OUT_OF_RANGE, std::string(status.message()));
    default:
      return Fail(ZHIFA_INTERNAL, std::string(status.message()));
  }
}

// Runs `body`, turning any exception into ZHIFA_INTERNAL: nothing throws across the C boundary.
template <typename F>
zhifa_status Guard(F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(ZHIFA_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return Fail(ZHIFA_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return Fail(ZHIFA_INTERNAL, "internal error");
  }
}

zhifa_status NullArgument(const char* name) { return Fail(ZHIFA_INVALID_ARGUMENT, std::string(name) + " is NULL"); }

zhifa_status NewRules(std::shared_ptr<const RuleSet> rules, zhifa_rules** out) {
  *out = new zhifa_rules{rules, rules->id(), rules->digest()};
  return ZHIFA_OK;
}

// Copies `text` into a fixed field; ZHIFA_INTERNAL when it does not fit (never cut silently).
bool CopyText(char (&field)[ZHIFA_TEXT], std::string_view text) {
  if (text.size() >= ZHIFA_TEXT) return false;
  std::memcpy(field, text.data(), text.size());
  field[text.size()] = '\0';
  return true;
}

// The arguments zhifa_score and zhifa_explain_json share: ZHIFA_OK, or the NULL one named.
zhifa_status CheckScoreArguments(const zhifa_rules* rules, const char* unit, const char* period,
                                 const int64_t* counts) {
  if (rules == nullptr) return NullArgument("rules");
  if (unit == nullptr) return NullArgument("unit");
  if (period == nullptr) return NullArgument("period");
  if (counts == nullptr) return NullArgument("counts");
  return ZHIFA_OK;
}

absl::StatusOr<Scorecard> ScoreOne(const zhifa_rules* rules, const zhifa_registry* registry, const char* unit,
                                   const char* period, const int64_t counts[ZHIFA_COLUMN_COUNT]) {
  const Registry& reg = registry != nullptr ? *registry->registry : Registry::Builtin();
  absl::StatusOr<const Unit*> u = reg.Resolve(unit);
  if (!u.ok()) return u.status();
  absl::StatusOr<Period> p = Period::Parse(period);
  if (!p.ok()) return p.status();
  Counts c;
  for (int col = 0; col < ZHIFA_COLUMN_COUNT; ++col) {
    if (counts[col] != ZHIFA_ABSENT) c.Set(kAllColumns[col], counts[col]);
  }
  return Score(*rules->rules, reg.ScoredAs(**u), *p, c);
}

char* NewString(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

}  // namespace
}  // namespace zhifa

using namespace zhifa;

extern "C" {

const char* zhifa_last_error(void) { return last_error.c_str(); }

const char* zhifa_version(void) { return kVersion; }

zhifa_status zhifa_set_max_toml_bytes(size_t bytes) {
  return Guard([&] {
    if (absl::Status s = SetMaxTomlBytes(bytes); !s.ok()) return Fail(s);
    return ZHIFA_OK;
  });
}

zhifa_status zhifa_rules_builtin(const char* id, zhifa_rules** out) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  return Guard([&] {
    absl::StatusOr<const RuleSet*> set = RuleSet::Builtin(id == nullptr ? "zhenping-2021" : id);
    if (!set.ok()) return Fail(set.status());
    return NewRules(std::shared_ptr<const RuleSet>(std::shared_ptr<const RuleSet>(), *set), out);
  });
}

zhifa_status zhifa_rules_from_file(const char* path, zhifa_rules** out) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  if (path == nullptr) return NullArgument("path");
  return Guard([&] {
    absl::StatusOr<RuleSet> set = RuleSet::FromFile(path);
    if (!set.ok()) return Fail(set.status());
    return NewRules(std::make_shared<const RuleSet>(*std::move(set)), out);
  });
}

zhifa_status zhifa_rules_from_text(const char* toml, size_t length, zhifa_rules** out) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  if (toml == nullptr) return NullArgument("toml");
  return Guard([&] {
    absl::StatusOr<RuleSet> set = RuleSet::FromText(std::string_view(toml, length), "<text>");
    if (!set.ok()) return Fail(set.status());
    return NewRules(std::make_shared<const RuleSet>(*std::move(set)), out);
  });
}

void zhifa_rules_free(zhifa_rules* rules) { delete rules; }

const char* zhifa_rules_id(const zhifa_rules* rules) { return rules == nullptr ? "" : rules->id.c_str(); }

const char* zhifa_rules_digest(const zhifa_rules* rules) { return rules == nullptr ? "" : rules->digest.c_str(); }

size_t zhifa_rules_indicator_count(const zhifa_rules* rules) {
  return rules == nullptr ? 0 : rules->rules->indicators().size();
}

int zhifa_rules_points_decimals(const zhifa_rules* rules) {
  return rules == nullptr ? 0 : rules->rules->points_decimals();
}

zhifa_status zhifa_registry_builtin(zhifa_registry** out) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  return Guard([&] {
    *out = new zhifa_registry{std::shared_ptr<const Registry>(std::shared_ptr<const Registry>(), &Registry::Builtin())};
    return ZHIFA_OK;
  });
}

zhifa_status zhifa_registry_from_file(const char* path, zhifa_registry** out) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  if (path == nullptr) return NullArgument("path");
  return Guard([&] {
    absl::StatusOr<Registry> r = Registry::FromFile(path);
    if (!r.ok()) return Fail(r.status());
    *out = new zhifa_registry{std::make_shared<const Registry>(*std::move(r))};
    return ZHIFA_OK;
  });
}

zhifa_status zhifa_registry_from_text(const char* toml, size_t length, zhifa_registry** out) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  if (toml == nullptr) return NullArgument("toml");
  return Guard([&] {
    absl::StatusOr<Registry> r = Registry::FromText(std::string_view(toml, length), "<text>");
    if (!r.ok()) return Fail(r.status());
    *out = new zhifa_registry{std::make_shared<const Registry>(*std::move(r))};
    return ZHIFA_OK;
  });
}

void zhifa_registry_free(zhifa_registry* registry) { delete registry; }

zhifa_status zhifa_score(const zhifa_rules* rules, const zhifa_registry* registry, const char* unit, const char* period,
                         const int64_t counts[ZHIFA_COLUMN_COUNT], zhifa_scorecard* out) {
  if (zhifa_status s = CheckScoreArguments(rules, unit, period, counts); s != ZHIFA_OK) return s;
  if (out == nullptr) return NullArgument("out");
  return Guard([&] {
    absl::StatusOr<Scorecard> card = ScoreOne(rules, registry, unit, period, counts);
    if (!card.ok()) return Fail(card.status());
    zhifa_scorecard result{};
    if (card->indicators.size() > ZHIFA_MAX_INDICATORS) {
      return Fail(ZHIFA_INVALID_ARGUMENT, "the rule set has more than ZHIFA_MAX_INDICATORS (16) indicators");
    }
    bool fits = CopyText(result.unit_code, card->unit_code) && CopyText(result.period, card->period.ToString()) &&
                CopyText(result.total, card->total.ToString());
    result.indicator_count = card->indicators.size();
    for (size_t i = 0; i < card->indicators.size(); ++i) {
      const IndicatorScore& ind = card->indicators[i];
      std::optional<Decimal> rate = ind.RatePercent(card->rate_decimals, card->rounding);
      fits = fits && CopyText(result.indicators[i].key, ind.key) &&
             CopyText(result.indicators[i].rate, rate ? rate->ToString() : "") &&
             CopyText(result.indicators[i].points, ind.excluded ? "" : ind.points.ToString());
    }
    if (!fits) return Fail(ZHIFA_INTERNAL, "a scorecard field is longer than ZHIFA_TEXT (64) bytes");
    *out = result;
    return ZHIFA_OK;
  });
}

zhifa_status zhifa_explain_json(const zhifa_rules* rules, const zhifa_registry* registry, const char* unit,
                                const char* period, const int64_t counts[ZHIFA_COLUMN_COUNT], char** json) {
  if (json == nullptr) return NullArgument("json");
  *json = nullptr;
  if (zhifa_status s = CheckScoreArguments(rules, unit, period, counts); s != ZHIFA_OK) return s;
  return Guard([&] {
    absl::StatusOr<Scorecard> card = ScoreOne(rules, registry, unit, period, counts);
    if (!card.ok()) return Fail(card.status());
    *json = NewString(ToJson(*card, /*with_explanation=*/true));
    return ZHIFA_OK;
  });
}

zhifa_status zhifa_score_columns(const zhifa_rules* rules, size_t rows,
                                 const int64_t* const columns[ZHIFA_COLUMN_COUNT], int64_t* totals, int64_t* points,
                                 uint8_t* status, int threads) {
  if (rules == nullptr) return NullArgument("rules");
  if (columns == nullptr) return NullArgument("columns");
  if (totals == nullptr) return NullArgument("totals");
  if (status == nullptr) return NullArgument("status");
  return Guard([&] {
    absl::StatusOr<BatchScorer> scorer = BatchScorer::Create(*rules->rules);
    if (!scorer.ok()) return Fail(scorer.status());
    BatchInput in(rows);
    for (int c = 0; c < ZHIFA_COLUMN_COUNT; ++c) {
      if (columns[c] != nullptr) in.Set(kAllColumns[c], std::span<const int64_t>(columns[c], rows));
    }
    BatchOutput out;
    out.totals = std::span<int64_t>(totals, rows);
    out.status = std::span<uint8_t>(status, rows);
    if (points != nullptr) {
      for (size_t i = 0; i < rules->rules->indicators().size(); ++i) out.points.emplace_back(points + i * rows, rows);
    }
    if (absl::Status s = scorer->Score(in, out, threads); !s.ok()) return Fail(s);
    return ZHIFA_OK;
  });
}

zhifa_status zhifa_check_cases_csv(const zhifa_registry* registry, const char* csv, size_t length, char** json) {
  if (json == nullptr) return NullArgument("json");
  *json = nullptr;
  if (csv == nullptr) return NullArgument("csv");
  return Guard([&] {
    const Registry& reg = registry != nullptr ? *registry->registry : Registry::Builtin();
    std::istringstream in(std::string(csv, length));
    std::vector<Finding> findings;
    CsvOptions options;
    options.source = "<cases>";
    absl::Status read = ReadCasesCsv(in, reg, options, [&](CaseRecord&& c) {
      for (Finding& f : CheckCase(c, CaseSettings::Builtin(), reg)) findings.push_back(std::move(f));
    });
    if (!read.ok()) return Fail(read);
    std::ostringstream out;
    FindingsOptions fo;
    fo.format = FindingsFormat::kJson;
    fo.id_column = "case_id";
    fo.with_unit = false;
    WriteFindings(out, findings, fo);
    *json = NewString(out.str());
    return ZHIFA_OK;
  });
}

void zhifa_string_free(char* s) { std::free(s); }

}  // extern "C"
