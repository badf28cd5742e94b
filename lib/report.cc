#include "zhifa/report.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/strings.h"
#include "nlohmann/json.hpp"
#include "zhifa/batch.h"

namespace zhifa {
namespace {

uint32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

std::string Pad(std::string_view text, int width, bool right) {
  int pad = std::max(0, width - DisplayWidth(text));
  std::string spaces(static_cast<size_t>(pad), ' ');
  return right ? internal::Cat(spaces, text) : internal::Cat(text, spaces);
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = NextCodePoint(text, i);
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string JoinErrors(const std::vector<RowError>& errors) {
  std::vector<std::string> parts;
  for (const RowError& e : errors) {
    parts.push_back(e.column.empty() ? e.message : internal::Cat("column ", e.column, ": ", e.message));
  }
  return internal::Join(parts, "; ");
}

ScoredTable::ScoredTable(const RuleBook& book, const Registry& registry)
    : book_(book), registry_(registry), pending_(book.sets().size()) {}

namespace {
constexpr size_t kChunk = 1 << 16;  // rows scored per batch call
}  // namespace

void ScoredTable::Add(CountsRow in) {
  const size_t i = rows_.size();
  Row& r = rows_.emplace_back();
  r.row = in.row;
  r.counts = in.counts;
  std::vector<RowError> errors = std::move(in.errors);
  const RuleSet* rules = nullptr;
  if (in.period) {
    r.period = *in.period;
    absl::StatusOr<const RuleSet*> selected = book_.Select(*in.period);
    if (selected.ok()) {
      rules = *selected;
      r.ruleset = static_cast<uint32_t>(rules - book_.sets().data());
    } else {
      errors.push_back({"period", std::string(selected.status().message())});
    }
  }
  if (in.unit != nullptr && in.period) {
    const Unit& scored = registry_.ScoredAs(*in.unit);
    r.unit = static_cast<uint32_t>(&scored - registry_.units().data());
    // A period as a small integer: year × 64 + kind × 16 + index (index <= 12).
    const uint64_t period_code = static_cast<uint64_t>(in.period->year()) * 64 +
                                 static_cast<uint64_t>(in.period->kind()) * 16 +
                                 static_cast<uint64_t>(in.period->index());
    auto [it, inserted] = seen_.try_emplace((uint64_t{r.unit} << 32) | period_code, r.row);
    if (!inserted) {
      std::string via =
          in.unit->is_sub_unit() ? internal::Cat(" (", in.unit->name, " is scored as ", scored.name, ")") : "";
      errors.push_back({"unit", internal::Cat(scored.name, " ", in.period->ToString(), " is already on row ",
                                              it->second, via, "; one row per unit and period")});
    }
  }
  if (!errors.empty() || rules == nullptr || in.unit == nullptr) {
    if (errors.empty()) errors.push_back({"", "row could not be scored"});  // defensive: never silent
    bad_[i] = Bad{std::move(in.unit_text), std::move(in.period_text), std::move(errors)};
    return;
  }
  pending_[r.ruleset].push_back(i);
  if (pending_[r.ruleset].size() >= kChunk) ScorePending(r.ruleset);
}

void ScoredTable::ScorePending(uint32_t ruleset) {
  std::vector<size_t>& pending = pending_[ruleset];
  if (pending.empty()) return;
  const RuleSet& rules = book_.sets()[ruleset];
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
const RuleSet& ScoredTable::rules(size_t i) const { return book_.sets()[rows_[i].ruleset]; }
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
  Scorecard card = *Score(rules(i), unit(i), rows_[i].period, rows_[i].counts);
  card.rank = rows_[i].rank;
  card.category_rank = rows_[i].category_rank;
  return card;
}

std::vector<std::string> ScoredTable::indicator_keys() const {
  std::vector<std::string> keys;
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

void WriteCsv(std::ostream& out, const ScoredTable& table, bool error_column) {
  const std::vector<std::string> keys = table.indicator_keys();
  std::string line = "unit_code,unit,category,period";
  for (const std::string& k : keys) internal::Append(&line, ",", k, "_rate,", k, "_points");
  line += ",total,rank,category_rank,ruleset";
  if (error_column) line += ",error";
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
      internal::Append(&line, ",", table.total(i).ToString(), ",", table.rank(i), ",", table.category_rank(i), ",",
                       table.rules(i).id());
      if (error_column) line += ",";
    } else {
      line += ",";
      AppendCsvField(line, table.unit_text(i));
      line += ",,";
      AppendCsvField(line, table.period_text(i));
      for (size_t k = 0; k < keys.size(); ++k) line += ",,";
      line += ",,,,";
      if (error_column) {
        line += ",";
        AppendCsvField(line, JoinErrors(table.errors(i)));
      }
    }
    line += "\n";
    out << line;
  }
}

void WriteJson(std::ostream& out, const ScoredTable& table, bool with_explanation) {
  out << "[";
  for (size_t i = 0; i < table.size(); ++i) {
    nlohmann::json j;
    if (table.ok(i)) {
      j = ToJsonValue(table.Card(i), with_explanation);
    } else {
      j["unit"] = table.unit_text(i);
      j["period"] = table.period_text(i);
      j["error"] = JoinErrors(table.errors(i));
    }
    j["row"] = table.row_number(i);
    out << (i == 0 ? "\n" : ",\n") << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out << (table.size() == 0 ? "]\n" : "\n]\n");
}

void WriteTable(std::ostream& out, const ScoredTable& table, Language language) {
  const std::vector<std::string> keys = table.indicator_keys();
  const bool zh = language == Language::kZh;
  // Indicator labels from the first scored row's rule set that has them.
  std::vector<std::string> labels = keys;
  for (size_t i = 0; i < table.size(); ++i) {
    if (!table.ok(i)) continue;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (std::optional<size_t> j = table.indicator_index(i, keys[k])) {
        const Indicator& ind = table.rules(i).indicators()[*j];
        labels[k] = zh ? ind.name : ind.name_en;
      }
    }
    break;
  }
  std::vector<std::string> header = {zh ? "排名" : "rank", zh ? "单位" : "unit", zh ? "类别" : "category",
                                     zh ? "期间" : "period"};
  header.insert(header.end(), labels.begin(), labels.end());
  header.push_back(zh ? "总分" : "total");
  header.push_back(zh ? "类别排名" : "cat. rank");

  std::vector<size_t> order(table.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (table.ok(a) != table.ok(b)) return table.ok(a);
    if (!table.ok(a)) return false;
    if (table.period(a) != table.period(b)) return table.period(a) < table.period(b);
    return table.rank(a) < table.rank(b);
  });
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> errors;
  for (size_t i : order) {
    std::vector<std::string> row;
    if (table.ok(i)) {
      const Unit& u = table.unit(i);
      row = {internal::Cat(table.rank(i)), u.name, std::string(zh ? CategoryName(u.category) : CategoryKey(u.category)),
             table.period(i).ToString()};
      for (const std::string& k : keys) {
        std::optional<size_t> j = table.indicator_index(i, k);
        std::optional<Decimal> points = j ? table.points(i, *j) : std::nullopt;
        row.push_back(points ? points->ToString() : "-");
      }
      row.push_back(table.total(i).ToString());
      row.push_back(internal::Cat(table.category_rank(i)));
    } else {
      row = {"-", table.unit_text(i), "", table.period_text(i)};
      errors.push_back(
          internal::Cat(zh ? "第 " : "row ", table.row_number(i), zh ? " 行: " : ": ", JoinErrors(table.errors(i))));
    }
    cells.push_back(std::move(row));
  }
  std::vector<int> width(header.size(), 0);
  for (size_t c = 0; c < header.size(); ++c) width[c] = DisplayWidth(header[c]);
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
  }
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      bool text_column = c == 1 || c == 2;  // unit and category read best left-aligned
      if (c > 0) line += "  ";
      line += Pad(row[c], width[c], !text_column);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  emit(header);
  for (const auto& row : cells) emit(row);
  for (const std::string& e : errors) out << e << "\n";
}

}  // namespace zhifa
