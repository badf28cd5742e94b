#include "zhifa/report.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/strings.h"
#include "lib/text_table.h"
#include "nlohmann/json.hpp"
#include "zhifa/batch.h"

namespace zhifa {

int DisplayWidth(std::string_view text) { return internal::DisplayWidth(text); }

std::string JoinErrors(const std::vector<RowError>& errors) {
  std::vector<std::string> parts;
  for (const RowError& e : errors) {
    parts.push_back(e.column.empty() ? e.message : internal::Cat("column ", e.column, ": ", e.message));
  }
  return internal::Join(parts, "; ");
}

ScoredTable::ScoredTable(const RuleBook& book, const Registry& registry, ScoredTableOptions options)
    : book_(book), registry_(registry), options_(options) {
  if (options_.all_periods != nullptr) own_book_ = *RuleBook::Create({*options_.all_periods});
  pending_.resize(books().sets().size());
}

namespace {

constexpr size_t kChunk = 1 << 16;  // rows scored per batch call

// A period as a small integer: year × 64 + kind × 16 + index (index <= 12).
uint64_t PeriodKey(const Period& p) {
  return static_cast<uint64_t>(p.year()) * 64 + static_cast<uint64_t>(p.kind()) * 16 + static_cast<uint64_t>(p.index());
}

}  // namespace

uint32_t ScoredTable::SelectCached(const Period& period) {
  auto [it, added] = selected_.try_emplace(PeriodKey(period), kNone);
  if (added) {
    if (absl::StatusOr<const RuleSet*> s = book_.Select(period); s.ok()) {
      it->second = static_cast<uint32_t>(*s - book_.sets().data());
    }
  }
  return it->second;
}

void ScoredTable::Add(CountsRow in) {
  const size_t i = rows_.size();
  Row& r = rows_.emplace_back();
  r.row = in.row;
  r.counts = in.counts;
  std::vector<RowError> errors = std::move(in.errors);
  const RuleSet* rules = nullptr;
  if (in.period) {
    r.period = *in.period;
    if (options_.all_periods != nullptr) {
      rules = &books().sets().front();
      r.ruleset = 0;
      r.outside = !rules->InForce(in.period->start());
    } else if (uint32_t set = SelectCached(*in.period); set != kNone) {
      rules = &book_.sets()[set];
      r.ruleset = set;
    } else {
      // No set covers the period (SelectCached says so only when Select fails; Select words why). After the unit
      // and period errors (ResolveRow puts them first), before the counts': as zhifa.score() selects the rule set
      // before it reads the counts.
      const absl::StatusOr<const RuleSet*> selected = book_.Select(*in.period);
      auto after = std::find_if(errors.begin(), errors.end(),
                                [](const RowError& e) { return e.column != "unit" && e.column != "period"; });
      errors.insert(after,
                    {"period", std::string(selected.status().message()), in.period_text, selected.status().code()});
    }
  }
  if (in.unit != nullptr && in.period) {
    const Unit& scored = registry_.ScoredAs(*in.unit);
    r.unit = static_cast<uint32_t>(&scored - registry_.units().data());
    const uint64_t period_code = PeriodKey(*in.period);
    const uint64_t key = (uint64_t{r.unit} << 32) | period_code;
    const uint32_t actual = static_cast<uint32_t>(in.unit - registry_.units().data());
    auto it = seen_.find(key);
    if (it == seen_.end()) {
      if (errors.empty()) {
        seen_.emplace(key, static_cast<int64_t>(i));  // the row that holds this unit and period
        if (options_.roll_up) merged_[key] = Merged{{r.row}, {actual}};
      }
    } else if (options_.roll_up && errors.empty() &&
               (in.unit->is_sub_unit() || registry_.units()[merged_[key].units.front()].is_sub_unit()) &&
               std::find(merged_[key].units.begin(), merged_[key].units.end(), actual) == merged_[key].units.end()) {
      // Roll-up: a sub-unit's row (or its parent's) joins the row already there; this row is not kept.
      Row& first = rows_[static_cast<size_t>(it->second)];
      Counts sum;
      bool too_large = false;
      for (Column c : kAllColumns) {
        if (!first.counts.Has(c) && !r.counts.Has(c)) continue;
        const int64_t v = first.counts.Get(c) + r.counts.Get(c);
        too_large = too_large || v > kMaxCount;
        sum.Set(c, v);
      }
      if (!too_large) {
        first.counts = sum;
        merged_[key].lines.push_back(r.row);
        merged_[key].units.push_back(actual);
        rows_.pop_back();
        return;
      }
      errors.push_back({"", internal::Cat("summed with line ", first.row, " a count exceeds ", kMaxCount)});
    } else {
      const Row& first = rows_[static_cast<size_t>(it->second)];
      std::string via =
          in.unit->is_sub_unit() ? internal::Cat(" (", in.unit->name, " is scored as ", scored.name, ")") : "";
      std::string hint =
          in.unit->is_sub_unit() || registry_.units()[rows_[static_cast<size_t>(it->second)].unit].is_sub_unit()
              ? "; --roll-up sums a unit's sub-units into it"
              : "";
      errors.push_back({"unit",
                        internal::Cat(scored.name, " ", in.period->ToString(), " is already on line ", first.row, via,
                                      "; one row per unit and period", hint),
                        in.unit_text});
    }
  }
  if (!errors.empty() || rules == nullptr || in.unit == nullptr) {
    if (errors.empty()) errors.push_back({"", "row could not be scored"});  // defensive: never silent
    bad_[i] = Bad{std::move(in.unit_text), std::move(in.period_text), std::move(errors)};
    return;
  }
  pending_[r.ruleset].push_back(i);
  // Roll-up may still add to a row, so rows are scored at Finish() then.
  if (!options_.roll_up && pending_[r.ruleset].size() >= kChunk) ScorePending(r.ruleset);
}

void ScoredTable::ScorePending(uint32_t ruleset) {
  std::vector<size_t>& pending = pending_[ruleset];
  if (pending.empty()) return;
  const RuleSet& rules = books().sets()[ruleset];
  const size_t n = pending.size();
  const size_t k = rules.indicators().size();
  std::array<std::vector<int64_t>, kColumnCount> cols;
  for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) {
    cols[c].resize(n);
    for (size_t t = 0; t < n; ++t) cols[c][t] = rows_[pending[t]].counts.Get(kAllColumns[c]);
  }
  BatchInput input(n);
  for (Column c : kAllColumns) input.Set(c, std::span<const int64_t>(cols[static_cast<size_t>(c)]));
  const size_t base = points_.size();
  points_.resize(base + n * k);
  rates_.resize(base + n * k);
  std::vector<int64_t> totals(n);
  std::vector<uint8_t> status(n);
  // Indicator-major output into a scratch area, then row-major into the table.
  std::vector<int64_t> pts(n * k), rts(n * k);
  BatchOutput out;
  out.totals = totals;
  out.status = status;
  for (size_t j = 0; j < k; ++j) {
    out.points.emplace_back(pts.data() + j * n, n);
    out.rates.emplace_back(rts.data() + j * n, n);
  }
  // Rows were validated when read, and every input column is given: Score() cannot fail here.
  absl::Status s = BatchScorer::Create(rules)->Score(input, out, 1);
  (void)s;
  for (size_t t = 0; t < n; ++t) {
    Row& r = rows_[pending[t]];
    r.scores = static_cast<uint32_t>(base + t * k);
    r.total = totals[t];
    for (size_t j = 0; j < k; ++j) {
      points_[base + t * k + j] = pts[j * n + t];
      rates_[base + t * k + j] = rts[j * n + t];
    }
  }
  pending.clear();
}

void ScoredTable::Finish() {
  if (finished_) return;
  finished_ = true;
  for (const auto& [key, m] : merged_) {
    if (m.lines.size() < 2) continue;
    const Row& first = rows_[static_cast<size_t>(seen_.at(key))];
    std::vector<std::string> lines, names;
    for (int64_t line : m.lines) lines.push_back(internal::Cat(line));
    for (uint32_t u : m.units) names.push_back(registry_.units()[u].name);
    notes_.push_back(internal::Cat(registry_.units()[first.unit].name, " ", first.period.ToString(), ": lines ",
                                   internal::Join(lines, ", "), " summed (", internal::Join(names, ", "),
                                   ": sub-units roll up into their unit)"));
  }
  std::sort(notes_.begin(), notes_.end());
  merged_.clear();
  for (uint32_t s = 0; s < pending_.size(); ++s) ScorePending(s);
  // Ranks within the period, and within the period and category. Group keys: the period's ordinal among the
  // distinct periods, times 4, plus the category.
  std::vector<Period> periods;
  for (const Row& r : rows_) periods.push_back(r.period);
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  const size_t n = rows_.size();
  std::vector<int64_t> totals(n), by_period(n), by_category(n);
  std::vector<uint8_t> status(n);
  for (size_t i = 0; i < n; ++i) {
    const Row& r = rows_[i];
    status[i] = ok(i) ? kRowOk : 1;
    totals[i] = r.total;
    const int64_t p = std::lower_bound(periods.begin(), periods.end(), r.period) - periods.begin();
    by_period[i] = p;
    by_category[i] = ok(i) ? p * 4 + static_cast<int64_t>(registry_.units()[r.unit].category) : 0;
  }
  std::vector<int32_t> rank(n), category_rank(n);
  RankByGroup(totals, by_period, status, rank);
  RankByGroup(totals, by_category, status, category_rank);
  for (size_t i = 0; i < n; ++i) {
    rows_[i].rank = rank[i];
    rows_[i].category_rank = category_rank[i];
  }
  seen_.clear();
}

const std::vector<RowError>& ScoredTable::errors(size_t i) const {
  static const std::vector<RowError> kNone;
  auto it = bad_.find(i);
  return it == bad_.end() ? kNone : it->second.errors;
}

std::string ScoredTable::unit_text(size_t i) const {
  auto it = bad_.find(i);
  return it == bad_.end() ? unit(i).name : it->second.unit_text;
}

std::string ScoredTable::period_text(size_t i) const {
  auto it = bad_.find(i);
  return it == bad_.end() ? rows_[i].period.ToString() : it->second.period_text;
}

const Unit& ScoredTable::unit(size_t i) const { return registry_.units()[rows_[i].unit]; }
const RuleSet& ScoredTable::rules(size_t i) const { return books().sets()[rows_[i].ruleset]; }

std::vector<std::string> ScoredTable::not_applicable(size_t i) const {
  std::vector<std::string> keys;
  std::span<const Indicator> indicators = rules(i).indicators();
  for (size_t j = 0; j < indicators.size(); ++j) {
    if (!rate(i, j)) keys.push_back(indicators[j].key);
  }
  return keys;
}

bool ScoredTable::zero_activity(size_t i) const {
  const Counts& c = rows_[i].counts;
  return c.Get(Column::kFiled) == 0 && c.Get(Column::kSued) == 0 && c.Get(Column::kJudgments) == 0;
}

std::vector<Finding> ScoredTable::findings(size_t i) const {
  std::vector<Finding> out;
  if (std::optional<Finding> f = ZeroActivityFinding(rows_[i].counts)) {
    f->row = rows_[i].row;
    f->unit = unit(i).name;
    out.push_back(*std::move(f));
  }
  return out;
}
Decimal ScoredTable::total(size_t i) const { return Decimal(rows_[i].total, rules(i).points_decimals()); }

std::optional<Decimal> ScoredTable::points(size_t i, size_t j) const {
  int64_t v = points_[rows_[i].scores + j];
  if (v == kNoValue) return std::nullopt;
  return Decimal(v, rules(i).points_decimals());
}

std::optional<Decimal> ScoredTable::rate(size_t i, size_t j) const {
  int64_t v = rates_[rows_[i].scores + j];
  if (v == kNoValue) return std::nullopt;
  return Decimal(v, rules(i).rate_decimals());
}

Scorecard ScoredTable::Card(size_t i) const {
  Scorecard card = *Score(rules(i), unit(i), rows_[i].period, rows_[i].counts, {.any_period = true});
  card.rank = rows_[i].rank;
  card.category_rank = rows_[i].category_rank;
  return card;
}

std::vector<std::string> ScoredTable::indicator_keys() const {
  std::vector<std::string> keys;
  const RuleBook& book_ = books();
  std::vector<bool> used(book_.sets().size(), false);
  for (const Row& r : rows_) {
    if (r.ruleset != kNone && r.scores != kNone) used[r.ruleset] = true;
  }
  for (size_t s = 0; s < used.size(); ++s) {
    if (!used[s]) continue;
    for (const Indicator& ind : book_.sets()[s].indicators()) {
      if (std::find(keys.begin(), keys.end(), ind.key) == keys.end()) keys.push_back(ind.key);
    }
  }
  if (keys.empty()) {
    for (const Indicator& ind : book_.sets().front().indicators()) keys.push_back(ind.key);
  }
  return keys;
}

std::optional<size_t> ScoredTable::indicator_index(size_t i, std::string_view key) const {
  std::span<const Indicator> indicators = rules(i).indicators();
  for (size_t j = 0; j < indicators.size(); ++j) {
    if (indicators[j].key == key) return j;
  }
  return std::nullopt;
}

namespace {

// The Chinese names of the score table's own columns.
std::string_view ZhColumn(std::string_view en) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"unit_code", "单位代码"},
      {"unit", "单位"},
      {"category", "类别"},
      {"period", "期间"},
      {"total", "总分"},
      {"rank", "排名"},
      {"category_rank", "类别排名"},
      {"ruleset", "规则集"},
      {"ruleset_digest", "规则集摘要"},
      {"not_applicable", "不适用指标"},
      {"findings", "提示"},
      {"ruleset_outside_dates", "规则集不在有效期"},
      {"error", "错误"},
      {"row", "行"},
      {"indicators", "指标"},
      {"explanation", "说明"},
      {"explanation_en", "说明_en"},
      {"total_rescaled", "总分折算"},
  };
  for (auto [e, z] : kNames) {
    if (e == en) return z;
  }
  return en;
}

// Indicator key -> its Chinese name, from the first rule set of the table that has it.
std::vector<std::string> IndicatorNames(const ScoredTable& table, const std::vector<std::string>& keys) {
  std::vector<std::string> names = keys;
  std::vector<bool> found(keys.size(), false);
  for (size_t i = 0; i < table.size(); ++i) {
    if (!table.ok(i)) continue;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (found[k]) continue;
      if (std::optional<size_t> j = table.indicator_index(i, keys[k])) {
        names[k] = table.rules(i).indicators()[*j].name;
        found[k] = true;
      }
    }
  }
  return names;
}

}  // namespace

std::vector<std::string> ScoreColumns(const std::vector<std::string>& keys, const std::vector<std::string>& names,
                                      const ScoreOutputOptions& options) {
  const bool zh = options.chinese_headers;
  std::vector<std::string> out;
  for (std::string_view c : {"unit_code", "unit", "category", "period"}) out.emplace_back(zh ? ZhColumn(c) : c);
  for (size_t k = 0; k < keys.size(); ++k) {
    const std::string& name = k < names.size() ? names[k] : keys[k];
    out.push_back(zh ? internal::Cat(name, "(%)") : internal::Cat(keys[k], "_rate"));
    out.push_back(zh ? internal::Cat(name, "得分") : internal::Cat(keys[k], "_points"));
  }
  for (std::string_view c :
       {"total", "rank", "category_rank", "ruleset", "ruleset_digest", "not_applicable", "findings"}) {
    out.emplace_back(zh ? ZhColumn(c) : c);
  }
  if (options.outside_dates_column) out.emplace_back(zh ? ZhColumn("ruleset_outside_dates") : "ruleset_outside_dates");
  if (options.error_column) out.emplace_back(zh ? ZhColumn("error") : "error");
  return out;
}

void WriteCsv(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options) {
  const std::vector<std::string> keys = table.indicator_keys();
  std::string line;
  for (const std::string& h : ScoreColumns(keys, IndicatorNames(table, keys), options)) {
    if (!line.empty()) line += ",";
    internal::AppendCsvField(line, h);
  }
  line += "\n";
  out << line;
  for (size_t i = 0; i < table.size(); ++i) {
    line.clear();
    if (table.ok(i)) {
      const Unit& u = table.unit(i);
      internal::Append(&line, u.code, ",");
      AppendCsvField(line, u.name);
      internal::Append(&line, ",", CategoryKey(u.category), ",", table.period(i).ToString());
      for (const std::string& k : keys) {
        std::optional<size_t> j = table.indicator_index(i, k);
        std::optional<Decimal> rate = j ? table.rate(i, *j) : std::nullopt;
        std::optional<Decimal> points = j ? table.points(i, *j) : std::nullopt;
        internal::Append(&line, ",", rate ? rate->ToString() : "", ",", points ? points->ToString() : "");
      }
      const RuleSet& rules = table.rules(i);
      internal::Append(&line, ",", table.total(i).ToString(), ",", table.rank(i), ",", table.category_rank(i), ",",
                       rules.id(), ",", std::string_view(rules.digest()).substr(7, 12), ",");
      bool first = true;
      for (size_t j = 0; j < rules.indicators().size(); ++j) {
        if (table.rate(i, j)) continue;
        if (!first) line += '|';
        line += rules.indicators()[j].key;
        first = false;
      }
      line += table.zero_activity(i) ? ",zero_activity" : ",";
      if (options.outside_dates_column) line += table.ruleset_outside_dates(i) ? ",1" : ",";
      if (options.error_column) line += ",";
    } else {
      line += ",";
      AppendCsvField(line, table.unit_text(i));
      line += ",,";
      AppendCsvField(line, table.period_text(i));
      for (size_t k = 0; k < keys.size(); ++k) line += ",,";
      line += ",,,,,,,";  // total, rank, category_rank, ruleset, ruleset_digest, not_applicable, findings
      if (options.outside_dates_column) line += ",";
      if (options.error_column) {
        line += ",";
        AppendCsvField(line, JoinErrors(table.errors(i)));
      }
    }
    line += "\n";
    out << line;
  }
}

namespace {

// The keys of a JSON object (and of the objects and arrays inside it) in Chinese.
nlohmann::json ChineseKeys(const nlohmann::json& j) {
  if (j.is_array()) {
    nlohmann::json a = nlohmann::json::array();
    for (const nlohmann::json& x : j) a.push_back(ChineseKeys(x));
    return a;
  }
  if (!j.is_object()) return j;
  static const std::pair<std::string_view, std::string_view> kKeys[] = {
      {"key", "键"},
      {"name", "名称"},
      {"name_en", "英文名称"},
      {"clause", "条款"},
      {"weight", "权重"},
      {"mode", "计分方式"},
      {"numerator", "分子"},
      {"denominator", "分母"},
      {"column", "列"},
      {"value", "值"},
      {"applicable", "适用"},
      {"excluded", "不计入"},
      {"rate", "比率"},
      {"rate_exact", "精确比率"},
      {"rate_capped", "比率封顶"},
      {"base_points", "基础分"},
      {"deductions", "扣分"},
      {"count", "件数"},
      {"points_per_case", "每件扣分"},
      {"amount", "扣分值"},
      {"capped", "封顶"},
      {"floored", "保底"},
      {"points", "得分"},
      {"id", "编号"},
      {"digest", "摘要"},
      {"rule", "规则"},
      {"message", "说明"},
      {"message_en", "说明_en"},
  };
  nlohmann::json o = nlohmann::json::object();
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string key = it.key();
    std::string_view zh = ZhColumn(key);
    if (zh == key) {
      for (auto [e, z] : kKeys) {
        if (e == key) zh = z;
      }
    }
    o[std::string(zh)] = ChineseKeys(it.value());
  }
  return o;
}

}  // namespace

void WriteJson(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options) {
  out << "[";
  for (size_t i = 0; i < table.size(); ++i) {
    nlohmann::json j;
    if (table.ok(i)) {
      j = ToJsonValue(table.Card(i), options.with_explanation);
    } else {
      j["unit"] = table.unit_text(i);
      j["period"] = table.period_text(i);
      j["error"] = JoinErrors(table.errors(i));
    }
    j["row"] = table.row_number(i) > 0 ? nlohmann::json(table.row_number(i)) : nlohmann::json(nullptr);
    if (options.chinese_headers) j = ChineseKeys(j);
    out << (i == 0 ? "\n" : ",\n") << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out << (table.size() == 0 ? "]\n" : "\n]\n");
}

void WriteTable(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options) {
  const std::vector<std::string> keys = table.indicator_keys();
  const bool zh = options.language == Language::kZh;
  // Short labels that fit a column of points ("exec." in English).
  static const std::pair<std::string_view, std::string_view> kShortEn[] = {
      {"execution", "exec."}, {"litigation", "litig."}, {"penalty", "penal."}, {"closure", "close"}};
  std::vector<std::string> labels = IndicatorNames(table, keys);
  if (!zh) {
    labels = keys;
    for (std::string& l : labels) {
      for (auto [k, s] : kShortEn) {
        if (l == k) l = std::string(s);
      }
    }
  }
  std::vector<Period> periods;
  for (size_t i = 0; i < table.size(); ++i) {
    if (table.ok(i)) periods.push_back(table.period(i));
  }
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  const bool period_column = periods.size() > 1;
  // Two header lines: the label, then what the number is (得分 / points; 率% / rate %).
  std::vector<std::string> head1 = {zh ? "排名" : "rank", zh ? "单位" : "unit", zh ? "类别" : "cat."};
  std::vector<std::string> head2 = {"", "", ""};
  if (period_column) {
    head1.push_back(zh ? "期间" : "period");
    head2.push_back("");
  }
  for (const std::string& l : labels) {
    if (options.wide) {
      head1.push_back(l);
      head2.push_back(zh ? "率%" : "rate%");
    }
    head1.push_back(options.wide ? "" : l);
    head2.push_back(zh ? "得分" : "points");
  }
  head1.push_back(zh ? "总分" : "total");
  head2.push_back("");
  head1.push_back(zh ? "类别" : "cat.");
  head2.push_back(zh ? "排名" : "rank");
  std::vector<size_t> order(table.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (table.ok(a) != table.ok(b)) return table.ok(a);
    if (!table.ok(a)) return false;
    if (table.period(a) != table.period(b)) return table.period(a) < table.period(b);
    return table.rank(a) < table.rank(b);
  });
  static const std::string_view kCategoryShort[] = {"乡镇", "部门", "垂管"};
  static const std::string_view kCategoryShortEn[] = {"town", "dept", "vert"};
  std::vector<std::vector<std::string>> cells = {head1, head2};
  std::vector<std::string> errors;
  bool any_na = false, any_zero = false, any_outside = false;
  for (size_t i : order) {
    std::vector<std::string> row;
    if (table.ok(i)) {
      const Unit& u = table.unit(i);
      const size_t cat = static_cast<size_t>(u.category);
      row = {internal::Cat(table.rank(i)), u.name, std::string(zh ? kCategoryShort[cat] : kCategoryShortEn[cat])};
      if (period_column) row.push_back(table.period(i).ToString());
      for (const std::string& k : keys) {
        std::optional<size_t> j = table.indicator_index(i, k);
        std::optional<Decimal> points = j ? table.points(i, *j) : std::nullopt;
        std::optional<Decimal> rate = j ? table.rate(i, *j) : std::nullopt;
        const bool na = j && !rate;
        any_na = any_na || na;
        if (options.wide) row.push_back(rate ? rate->ToString() : "-");
        row.push_back(points ? internal::Cat(points->ToString(), na ? "*" : "") : "-");
      }
      const bool zero = !table.findings(i).empty();
      any_zero = any_zero || zero;
      any_outside = any_outside || table.ruleset_outside_dates(i);
      row.push_back(
          internal::Cat(table.total(i).ToString(), zero ? "!" : "", table.ruleset_outside_dates(i) ? "~" : ""));
      row.push_back(internal::Cat(table.category_rank(i)));
    } else {
      row = {"-", table.unit_text(i), ""};
      if (period_column) row.push_back(table.period_text(i));
      const std::string where = table.row_number(i) > 0
                                    ? internal::Cat(zh ? "第 " : "line ", table.row_number(i), zh ? " 行" : "")
                                    : internal::Cat(table.unit_text(i), " ", table.period_text(i));
      errors.push_back(internal::Cat(where, ": ", JoinErrors(table.errors(i))));
    }
    cells.push_back(std::move(row));
  }
  if (!period_column && !periods.empty()) {
    out << periods.front().ToString() << (zh ? " 六率考核得分" : " six-rate scores") << "\n";
  }
  std::vector<bool> right(head1.size(), true);
  right[1] = right[2] = false;  // unit and category read best left-aligned
  internal::WriteAlignedTable(out, cells, right);
  if (any_na) {
    out << (zh ? "* 分母为零，该指标不适用，按满分计\n"
               : "* zero denominator: the indicator does not apply and scores full points\n");
  }
  if (any_zero) {
    out << (zh ? "! 本期无立案、无被诉、无生效判决：得分来自不适用指标的满分\n"
               : "! no case filed, no suit, no judgment: the points come from indicators that did not apply\n");
  }
  if (any_outside) {
    out << (zh ? "~ 规则集在该期间不生效，系按要求适用\n"
               : "~ the rule set is not in force in that period; applied on request\n");
  }
  for (const std::string& e : errors) out << e << "\n";
}

}  // namespace zhifa
