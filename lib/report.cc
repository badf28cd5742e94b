#include "zhifa/report.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/row_blocks.h"
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

namespace {

using internal::RowBlocks;
constexpr size_t kBlockRows = RowBlocks::kBlockRows;

// A period as a small integer below 2^20: year × 64 + kind × 16 + index (index <= 12).
uint64_t PeriodKey(const Period& p) {
  return static_cast<uint64_t>(p.year()) * 64 + static_cast<uint64_t>(p.kind()) * 16 + static_cast<uint64_t>(p.index());
}

size_t MostIndicators(const RuleBook& book) {
  size_t most = 0;
  for (const RuleSet& s : book.sets()) most = std::max(most, s.indicators().size());
  return most;
}

}  // namespace

ScoredTable::ScoredTable(const RuleBook& book, const Registry& registry, ScoredTableOptions options)
    : book_(book), registry_(registry), options_(std::move(options)) {
  if (options_.all_periods != nullptr) own_book_ = *RuleBook::Create({*options_.all_periods});
  scorers_.resize(books().sets().size());
  // Roll-up sums rows into earlier ones, so its rows stay in memory.
  blocks_ = std::make_unique<RowBlocks>(MostIndicators(books()), options_.roll_up ? "" : options_.spill_directory,
                                        options_.memory_budget);
}

ScoredTable::~ScoredTable() = default;

// Grown to the largest block once, then reused: no block pays for fresh pages or zeroing.
struct ScoredTable::Scratch {
  std::vector<std::vector<uint32_t>> by_set;
  std::array<std::vector<int64_t>, kColumnCount> cols;
  std::vector<int64_t> totals, points, rates;
  std::vector<uint8_t> status;
};

namespace {

template <typename T>
std::span<T> AtLeast(std::vector<T>& v, size_t n) {
  if (v.size() < n) v.resize(n);
  return std::span<T>(v.data(), n);
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

uint32_t ScoredTable::PeriodIndex(const Period& period) {
  auto [it, added] = period_index_.try_emplace(PeriodKey(period), static_cast<uint32_t>(periods_.size()));
  if (added) periods_.push_back(period);
  return it->second;
}

// A registry of up to kBitsetUnits units: a bit per unit for each period seen (at most 512 bytes a period, and
// there are at most about 150,000 periods in 1900–9998), not a hash entry per row. A larger one: a hash set.
constexpr size_t kBitsetUnits = 4096;

bool ScoredTable::Seen(uint32_t unit, uint32_t period, uint64_t key) const {
  if (registry_.units().size() > kBitsetUnits) return seen_.contains(key);
  return period < seen_bits_.size() && !seen_bits_[period].empty() &&
         ((seen_bits_[period][unit / 64] >> (unit % 64)) & 1) != 0;
}

void ScoredTable::MarkSeen(uint32_t unit, uint32_t period, uint64_t key) {
  if (registry_.units().size() > kBitsetUnits) {
    seen_.insert(key);
    return;
  }
  if (period >= seen_bits_.size()) seen_bits_.resize(period + 1);
  std::vector<uint64_t>& bits = seen_bits_[period];
  if (bits.empty()) bits.resize((registry_.units().size() + 63) / 64);
  bits[unit / 64] |= uint64_t{1} << (unit % 64);
}

void ScoredTable::Add(CountsRow in) {
  const size_t i = slim_.size();
  Slim s;
  std::vector<RowError> errors = std::move(in.errors);
  const RuleSet* rules = nullptr;
  bool outside = false;
  if (in.period) {
    s.period = PeriodIndex(*in.period);
    if (options_.all_periods != nullptr) {
      rules = &books().sets().front();
      s.ruleset = 0;
      outside = !rules->InForce(in.period->start());
    } else if (uint32_t set = SelectCached(*in.period); set != kNone) {
      rules = &book_.sets()[set];
      s.ruleset = set;
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
  bool repeats = false;
  if (in.unit != nullptr && in.period) {
    const Unit& scored = registry_.ScoredAs(*in.unit);
    s.unit = static_cast<uint32_t>(&scored - registry_.units().data());
    const uint64_t key = (uint64_t{s.unit} << 32) | PeriodKey(*in.period);
    const uint32_t actual = static_cast<uint32_t>(in.unit - registry_.units().data());
    if (options_.roll_up) {
      auto it = holder_.find(key);
      if (it == holder_.end()) {
        if (errors.empty()) {
          holder_.emplace(key, i);  // the row that holds this unit and period
          merged_[key] = Merged{{in.row}, {actual}};
        }
      } else if (errors.empty() &&
                 (in.unit->is_sub_unit() || registry_.units()[merged_[key].units.front()].is_sub_unit()) &&
                 std::find(merged_[key].units.begin(), merged_[key].units.end(), actual) == merged_[key].units.end()) {
        // Roll-up: a sub-unit's row (or its parent's) joins the row already there; this row is not kept.
        RowBlocks::Block& block = blocks_->MutableBlockOf(it->second);
        Counts& first = block.counts[it->second % kBlockRows];
        Counts sum;
        bool too_large = false;
        for (Column c : kAllColumns) {
          if (!first.Has(c) && !in.counts.Has(c)) continue;
          const int64_t v = first.Get(c) + in.counts.Get(c);
          too_large = too_large || v > kMaxCount;
          sum.Set(c, v);
        }
        if (!too_large) {
          first = sum;
          merged_[key].lines.push_back(in.row);
          merged_[key].units.push_back(actual);
          return;
        }
        errors.push_back({"", internal::Cat("summed with line ", block.line[it->second % kBlockRows],
                                            " a count exceeds ", kMaxCount)});
      } else {
        repeats = true;
      }
    } else if (!Seen(s.unit, s.period, key)) {
      if (errors.empty()) MarkSeen(s.unit, s.period, key);
    } else {
      repeats = true;
    }
    if (repeats) {
      // The row holding this unit and period is worded by its line once Finish() has it (WordRepeats).
      std::string via =
          in.unit->is_sub_unit() ? internal::Cat(" (", in.unit->name, " is scored as ", scored.name, ")") : "";
      std::string hint =
          in.unit->is_sub_unit() || scored.is_sub_unit() ? "; --roll-up sums a unit's sub-units into it" : "";
      repeats_.push_back({i, key, internal::Cat(scored.name, " ", in.period->ToString(), " is already on line "),
                          internal::Cat(via, "; one row per unit and period", hint)});
      errors.push_back({"unit", "", in.unit_text});
    }
  }
  slim_.push_back(s);
  blocks_->Append(in.row, in.counts, outside);
  if (!errors.empty() || rules == nullptr || in.unit == nullptr) {
    if (errors.empty()) errors.push_back({"", "row could not be scored"});  // defensive: never silent
    bad_[i] = Bad{std::move(in.unit_text), std::move(in.period_text), std::move(errors)};
  }
  if (blocks_->tail_full()) {
    // Roll-up may still add to a row, so its rows are scored at Finish() then.
    if (!options_.roll_up) ScoreBlock(blocks_->tail_start());
    blocks_->SealTail();
  }
}

void ScoredTable::ScoreBlock(size_t start) {
  RowBlocks::Block& block = blocks_->MutableBlockOf(start);
  const size_t stride = blocks_->stride();
  if (!scratch_) scratch_ = std::make_unique<Scratch>();
  Scratch& scratch = *scratch_;
  std::vector<std::vector<uint32_t>>& by_set = scratch.by_set;
  by_set.resize(books().sets().size());
  for (std::vector<uint32_t>& rows : by_set) rows.clear();
  for (size_t t = 0; t < block.size(); ++t) {
    const Slim& s = slim_[start + t];
    if (s.ruleset != kNone && ok(start + t)) by_set[s.ruleset].push_back(static_cast<uint32_t>(t));
  }
  for (uint32_t set = 0; set < by_set.size(); ++set) {
    const std::vector<uint32_t>& rows = by_set[set];
    if (rows.empty()) continue;
    const RuleSet& rules = books().sets()[set];
    if (!scorers_[set]) scorers_[set] = *BatchScorer::Create(rules);
    const size_t n = rows.size();
    const size_t k = rules.indicators().size();
    // Row by row (each row's counts read once), into a column per count.
    std::array<int64_t*, kColumnCount> col;
    for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) col[c] = AtLeast(scratch.cols[c], n).data();
    for (size_t x = 0; x < n; ++x) {
      const Counts& counts = block.counts[rows[x]];
      for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) col[c][x] = counts.Get(kAllColumns[c]);
    }
    BatchInput input(n);
    for (Column c : kAllColumns) input.Set(c, std::span<const int64_t>(col[static_cast<size_t>(c)], n));
    std::span<int64_t> totals = AtLeast(scratch.totals, n);
    std::span<uint8_t> status = AtLeast(scratch.status, n);
    // Indicator-major output into a scratch area, then row-major into the block.
    std::span<int64_t> pts = AtLeast(scratch.points, n * k), rts = AtLeast(scratch.rates, n * k);
    BatchOutput out;
    out.totals = totals;
    out.status = status;
    for (size_t j = 0; j < k; ++j) {
      out.points.emplace_back(pts.data() + j * n, n);
      out.rates.emplace_back(rts.data() + j * n, n);
    }
    // Rows were validated when read, and every input column is given: Score() cannot fail here.
    absl::Status scored = scorers_[set]->Score(input, out, 1);
    (void)scored;
    for (size_t x = 0; x < n; ++x) {
      const size_t t = rows[x];
      slim_[start + t].total = totals[x];
      block.width[t] = static_cast<uint32_t>(k);
      for (size_t j = 0; j < k; ++j) {
        block.points[t * stride + j] = pts[j * n + x];
        block.rates[t * stride + j] = rts[j * n + x];
      }
    }
  }
}

absl::Status ScoredTable::Finish() {
  if (finished_) return blocks_->status();
  finished_ = true;
  for (const auto& [key, m] : merged_) {
    if (m.lines.size() < 2) continue;
    const Slim& first = slim_[holder_.at(key)];
    std::vector<std::string> lines, names;
    for (int64_t line : m.lines) lines.push_back(internal::Cat(line));
    for (uint32_t u : m.units) names.push_back(registry_.units()[u].name);
    notes_.push_back(internal::Cat(registry_.units()[first.unit].name, " ", periods_[first.period].ToString(),
                                   ": lines ", internal::Join(lines, ", "), " summed (", internal::Join(names, ", "),
                                   ": sub-units roll up into their unit)"));
  }
  std::sort(notes_.begin(), notes_.end());
  merged_ = {};
  holder_ = {};
  seen_ = {};
  seen_bits_ = {};
  if (options_.roll_up) {
    for (size_t start = 0; start < slim_.size(); start += kBlockRows) {
      ScoreBlock(start);
    }
  } else if (blocks_->tail_open()) {
    ScoreBlock(blocks_->tail_start());
  }
  blocks_->SealTail();
  WordRepeats();
  RankRows();
  return blocks_->status();
}

void ScoredTable::WordRepeats() {
  if (repeats_.empty()) return;
  // The holder of a key is its first good row: rows that repeat it are bad, rows before it were bad already.
  absl::flat_hash_map<uint64_t, size_t> holders;
  for (const Repeat& r : repeats_) holders.emplace(r.key, SIZE_MAX);
  size_t unfound = holders.size();
  for (size_t i = 0; i < slim_.size() && unfound > 0; ++i) {
    const Slim& s = slim_[i];
    if (s.unit == kNone || s.period == kNone) continue;
    auto it = holders.find((uint64_t{s.unit} << 32) | PeriodKey(periods_[s.period]));
    if (it == holders.end() || it->second != SIZE_MAX || !ok(i)) continue;
    it->second = i;
    --unfound;
  }
  // Their lines, read in row order (a spilled block is read once).
  std::vector<std::pair<size_t, int64_t>> lines;
  for (const auto& [key, holder] : holders) lines.emplace_back(holder, 0);
  std::sort(lines.begin(), lines.end());
  for (auto& [holder, line] : lines) line = row_number(holder);
  for (Repeat& r : repeats_) {
    const size_t holder = holders.at(r.key);
    const int64_t line =
        std::lower_bound(lines.begin(), lines.end(), std::pair<size_t, int64_t>{holder, INT64_MIN})->second;
    bad_.at(r.row).errors.back().message = internal::Cat(r.before, line, r.after);
  }
  repeats_ = {};
}

void ScoredTable::RankRows() {
  // Ranks within the period, then within the period and category: the good rows are put in order of group by a
  // counting sort, then each group by total, descending (ties in row order), as RankByGroup ranks.
  const size_t groups = periods_.size() * 4;
  auto group_of = [&](size_t i, bool by_category) -> size_t {
    const Slim& s = slim_[i];
    return s.period * 4 + (by_category ? static_cast<size_t>(registry_.units()[s.unit].category) : 0);
  };
  std::vector<size_t> order;
  for (bool by_category : {false, true}) {
    std::vector<size_t> start(groups + 1, 0);
    for (size_t i = 0; i < slim_.size(); ++i) {
      if (slim_[i].ruleset != kNone && slim_[i].unit != kNone && ok(i)) ++start[group_of(i, by_category) + 1];
    }
    for (size_t g = 0; g < groups; ++g) start[g + 1] += start[g];
    order.resize(start[groups]);
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < slim_.size(); ++i) {
      if (slim_[i].ruleset != kNone && slim_[i].unit != kNone && ok(i)) order[next[group_of(i, by_category)]++] = i;
    }
    for (size_t g = 0; g < groups; ++g) {
      auto first = order.begin() + static_cast<ptrdiff_t>(start[g]);
      auto last = order.begin() + static_cast<ptrdiff_t>(start[g + 1]);
      std::sort(first, last, [&](size_t a, size_t b) {
        if (slim_[a].total != slim_[b].total) return slim_[a].total > slim_[b].total;
        return a < b;
      });
      int32_t current = 0;
      for (auto x = first; x != last; ++x) {
        if (x == first || slim_[*(x - 1)].total != slim_[*x].total) current = static_cast<int32_t>(x - first + 1);
        (by_category ? slim_[*x].category_rank : slim_[*x].rank) = current;
      }
    }
  }
}

int64_t ScoredTable::row_number(size_t i) const { return blocks().BlockOf(i).line[i % kBlockRows]; }

bool ScoredTable::ruleset_outside_dates(size_t i) const { return blocks().BlockOf(i).outside[i % kBlockRows] != 0; }

bool ScoredTable::spilled() const { return blocks().spilled(); }
absl::Status ScoredTable::status() const { return blocks().status(); }

const std::vector<RowError>& ScoredTable::errors(size_t i) const {
  static const std::vector<RowError> kNoErrors;
  auto it = bad_.find(i);
  return it == bad_.end() ? kNoErrors : it->second.errors;
}

std::string ScoredTable::unit_text(size_t i) const {
  auto it = bad_.find(i);
  return it == bad_.end() ? unit(i).name : it->second.unit_text;
}

std::string ScoredTable::period_text(size_t i) const {
  auto it = bad_.find(i);
  return it == bad_.end() ? period(i).ToString() : it->second.period_text;
}

const Unit& ScoredTable::unit(size_t i) const { return registry_.units()[slim_[i].unit]; }
const RuleSet& ScoredTable::rules(size_t i) const { return books().sets()[slim_[i].ruleset]; }

std::vector<std::string> ScoredTable::not_applicable(size_t i) const {
  std::vector<std::string> keys;
  std::span<const Indicator> indicators = rules(i).indicators();
  for (size_t j = 0; j < indicators.size(); ++j) {
    if (!rate(i, j)) keys.push_back(indicators[j].key);
  }
  return keys;
}

namespace {

// The zero_activity finding's condition: nothing filed, no suit, no judgment.
bool NoActivity(const Counts& c) {
  return c.Get(Column::kFiled) == 0 && c.Get(Column::kSued) == 0 && c.Get(Column::kJudgments) == 0;
}

}  // namespace

bool ScoredTable::zero_activity(size_t i) const { return NoActivity(blocks().BlockOf(i).counts[i % kBlockRows]); }

std::vector<Finding> ScoredTable::findings(size_t i) const {
  std::vector<Finding> out;
  const RowBlocks::Block& block = blocks().BlockOf(i);
  if (std::optional<Finding> f = ZeroActivityFinding(block.counts[i % kBlockRows])) {
    f->row = block.line[i % kBlockRows];
    f->unit = unit(i).name;
    out.push_back(*std::move(f));
  }
  return out;
}

Decimal ScoredTable::total(size_t i) const { return Decimal(slim_[i].total, rules(i).points_decimals()); }

std::optional<Decimal> ScoredTable::points(size_t i, size_t j) const {
  int64_t v = blocks().BlockOf(i).points[(i % kBlockRows) * blocks().stride() + j];
  if (v == kNoValue) return std::nullopt;
  return Decimal(v, rules(i).points_decimals());
}

std::optional<Decimal> ScoredTable::rate(size_t i, size_t j) const {
  int64_t v = blocks().BlockOf(i).rates[(i % kBlockRows) * blocks().stride() + j];
  if (v == kNoValue) return std::nullopt;
  return Decimal(v, rules(i).rate_decimals());
}

Scorecard ScoredTable::Card(size_t i) const {
  Scorecard card =
      *Score(rules(i), unit(i), period(i), blocks().BlockOf(i).counts[i % kBlockRows], {.any_period = true});
  card.rank = slim_[i].rank;
  card.category_rank = slim_[i].category_rank;
  return card;
}

std::vector<std::string> ScoredTable::indicator_keys() const {
  std::vector<std::string> keys;
  const RuleBook& book = books();
  std::vector<bool> used(book.sets().size(), false);
  size_t unused = used.size();
  for (size_t i = 0; i < slim_.size() && unused > 0; ++i) {
    const uint32_t set = slim_[i].ruleset;
    if (set == kNone || used[set] || slim_[i].unit == kNone || !ok(i)) continue;
    used[set] = true;
    --unused;
  }
  for (size_t s = 0; s < used.size(); ++s) {
    if (!used[s]) continue;
    for (const Indicator& ind : book.sets()[s].indicators()) {
      if (std::find(keys.begin(), keys.end(), ind.key) == keys.end()) keys.push_back(ind.key);
    }
  }
  if (keys.empty()) {
    for (const Indicator& ind : book.sets().front().indicators()) keys.push_back(ind.key);
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
  // No good row has the key (no good row at all, say): the book's sets name it.
  for (size_t k = 0; k < keys.size(); ++k) {
    for (const RuleSet& set : table.book().sets()) {
      if (found[k]) break;
      for (const Indicator& ind : set.indicators()) {
        if (ind.key == keys[k]) {
          names[k] = ind.name;
          found[k] = true;
          break;
        }
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
  line.clear();
  // What is the same for many rows, worked out once: a unit's first three cells, a period's, and per rule set
  // the index of each output key's indicator (-1: the set lacks it) and its id and digest cells.
  const RuleBook& book = table.books();
  std::vector<std::string> unit_cells(table.registry_.units().size());
  std::vector<std::string> period_cells(table.periods_.size());
  std::vector<std::vector<int>> key_index(book.sets().size());
  std::vector<std::string> set_cells(book.sets().size());
  for (size_t i = 0; i < table.size(); ++i) {
    if (table.ok(i)) {
      const ScoredTable::Slim& s = table.slim_[i];
      const internal::RowBlocks::Block& block = table.blocks().BlockOf(i);
      const size_t t = i % kBlockRows;
      std::string& unit_cell = unit_cells[s.unit];
      if (unit_cell.empty()) {
        const Unit& u = table.unit(i);
        internal::Append(&unit_cell, u.code, ",");
        AppendCsvField(unit_cell, u.name);
        internal::Append(&unit_cell, ",", CategoryKey(u.category), ",");
      }
      std::string& period_cell = period_cells[s.period];
      if (period_cell.empty()) period_cell = table.period(i).ToString();
      const RuleSet& rules = book.sets()[s.ruleset];
      std::vector<int>& index = key_index[s.ruleset];
      if (index.empty()) {
        for (const std::string& k : keys) {
          std::optional<size_t> j = table.indicator_index(i, k);
          index.push_back(j ? static_cast<int>(*j) : -1);
        }
        set_cells[s.ruleset] = internal::Cat(",", rules.id(), ",", std::string_view(rules.digest()).substr(7, 12), ",");
      }
      line += unit_cell;
      line += period_cell;
      const int64_t* points = &block.points[t * table.blocks().stride()];
      const int64_t* rates = &block.rates[t * table.blocks().stride()];
      for (int j : index) {
        line += ',';
        if (j >= 0 && rates[j] != kNoValue) AppendScaled(&line, rates[j], rules.rate_decimals());
        line += ',';
        if (j >= 0 && points[j] != kNoValue) AppendScaled(&line, points[j], rules.points_decimals());
      }
      line += ',';
      AppendScaled(&line, s.total, rules.points_decimals());
      absl::StrAppend(&line, ",", s.rank, ",", s.category_rank);
      line += set_cells[s.ruleset];
      bool first = true;
      for (size_t j = 0; j < block.width[t]; ++j) {
        if (rates[j] != kNoValue) continue;
        if (!first) line += '|';
        line += rules.indicators()[j].key;
        first = false;
      }
      line += NoActivity(block.counts[t]) ? ",zero_activity" : ",";
      if (options.outside_dates_column) line += block.outside[t] != 0 ? ",1" : ",";
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
    if (line.size() >= (size_t{1} << 16)) {
      out << line;
      line.clear();
    }
  }
  out << line;
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
    // The points are what the rule set's zero_denominator policy gives (full points by default, 0, or the
    // indicator left out), so the legend does not say which.
    out << (zh ? "* 分母为零，该指标不适用（按规则集的规定计分，默认满分）\n"
               : "* zero denominator: the indicator does not apply (scored as the rule set says: full points by "
                 "default)\n");
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
