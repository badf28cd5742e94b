#include "zhifa/report.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/strings.h"
#include "nlohmann/json.hpp"

namespace zhifa {
namespace {

// Indicator keys of the rule sets used, in rule-set order, first appearance first.
std::vector<std::string> IndicatorKeys(std::span<const RowResult> rows) {
  std::vector<std::string> keys;
  std::string last_digest;
  for (const RowResult& r : rows) {
    if (!r.card || r.card->ruleset_digest == last_digest) continue;
    last_digest = r.card->ruleset_digest;
    for (const IndicatorScore& s : r.card->indicators) {
      if (std::find(keys.begin(), keys.end(), s.key) == keys.end()) keys.push_back(s.key);
    }
  }
  if (keys.empty()) {  // no row scored: fall back to the default rule set's keys so the header is stable
    for (const Indicator& ind : RuleBook::Builtin().sets().front().indicators()) keys.push_back(ind.key);
  }
  return keys;
}

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

std::vector<RowResult> ScoreRows(std::vector<CountsRow> rows, const RuleBook& book, const Registry& registry) {
  std::vector<RowResult> out;
  out.reserve(rows.size());
  // (scored unit code, period) -> first row and the unit as written there.
  absl::flat_hash_map<std::pair<std::string, std::string>, std::pair<int64_t, std::string>> seen;
  for (CountsRow& in : rows) {
    RowResult r;
    r.row = in.row;
    r.unit_text = std::move(in.unit_text);
    r.period_text = std::move(in.period_text);
    r.errors = std::move(in.errors);
    const RuleSet* rules = nullptr;
    if (in.period) {
      absl::StatusOr<const RuleSet*> selected = book.Select(*in.period);
      if (selected.ok()) {
        rules = *selected;
      } else {
        r.errors.push_back({"period", std::string(selected.status().message())});
      }
    }
    if (in.unit != nullptr && in.period) {
      const Unit& scored = registry.ScoredAs(*in.unit);
      auto [it, inserted] = seen.try_emplace(std::pair{scored.code, in.period->ToString()}, r.row, r.unit_text);
      if (!inserted) {
        std::string via =
            in.unit->is_sub_unit() ? internal::Cat(" (", in.unit->name, " is scored as ", scored.name, ")") : "";
        r.errors.push_back({"unit", internal::Cat(scored.name, " ", in.period->ToString(), " is already on row ",
                                                  it->second.first, via, "; one row per unit and period")});
      }
      if (r.errors.empty()) {
        absl::StatusOr<Scorecard> card = Score(*rules, scored, *in.period, in.counts);
        if (card.ok()) {
          r.card = *std::move(card);
        } else {
          r.errors.push_back({"", std::string(card.status().message())});
        }
      }
    }
    out.push_back(std::move(r));
  }
  // Rank the scored cards in one contiguous span: move them out and back rather than copy them.
  std::vector<Scorecard> cards;
  std::vector<size_t> where;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].card) {
      cards.push_back(*std::move(out[i].card));
      where.push_back(i);
    }
  }
  Rank(cards);
  for (size_t k = 0; k < cards.size(); ++k) out[where[k]].card = std::move(cards[k]);
  return out;
}

void WriteCsv(std::ostream& out, std::span<const RowResult> rows, bool error_column) {
  std::vector<std::string> keys = IndicatorKeys(rows);
  std::string line = "unit_code,unit,category,period";
  for (const std::string& k : keys) internal::Append(&line, ",", k, "_rate,", k, "_points");
  line += ",total,rank,category_rank,ruleset";
  if (error_column) line += ",error";
  line += "\n";
  out << line;
  for (const RowResult& r : rows) {
    line.clear();
    if (r.card) {
      const Scorecard& c = *r.card;
      internal::Append(&line, c.unit_code, ",");
      AppendCsvField(line, c.unit_name);
      internal::Append(&line, ",", CategoryKey(c.category), ",", c.period.ToString());
      for (const std::string& k : keys) {
        const IndicatorScore* s = c.Find(k);
        std::optional<Decimal> rate = s ? s->RatePercent(c.rate_decimals, c.rounding) : std::nullopt;
        internal::Append(&line, ",", rate ? rate->ToString() : "", ",", s && !s->excluded ? s->points.ToString() : "");
      }
      internal::Append(&line, ",", c.total.ToString(), ",", c.rank, ",", c.category_rank, ",", c.ruleset_id);
      if (error_column) line += ",";
    } else {
      line += ",";
      AppendCsvField(line, r.unit_text);
      line += ",,";
      AppendCsvField(line, r.period_text);
      for (size_t i = 0; i < keys.size(); ++i) line += ",,";
      line += ",,,,";
      if (error_column) {
        line += ",";
        AppendCsvField(line, JoinErrors(r.errors));
      }
    }
    line += "\n";
    out << line;
  }
}

void WriteJson(std::ostream& out, std::span<const RowResult> rows, bool with_explanation) {
  out << "[";
  bool first = true;
  for (const RowResult& r : rows) {
    nlohmann::json j;
    if (r.card) {
      j = ToJsonValue(*r.card, with_explanation);
    } else {
      j["unit"] = r.unit_text;
      j["period"] = r.period_text;
      j["error"] = JoinErrors(r.errors);
    }
    j["row"] = r.row;
    out << (first ? "\n" : ",\n") << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    first = false;
  }
  out << (first ? "]\n" : "\n]\n");
}

void WriteTable(std::ostream& out, std::span<const RowResult> rows, Language language) {
  std::vector<std::string> keys = IndicatorKeys(rows);
  // Indicator labels from the first scorecard that has them.
  std::vector<std::string> labels = keys;
  for (const RowResult& r : rows) {
    if (!r.card) continue;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (const IndicatorScore* s = r.card->Find(keys[i])) labels[i] = language == Language::kZh ? s->name : s->name_en;
    }
    break;
  }
  const bool zh = language == Language::kZh;
  std::vector<std::string> header = {zh ? "排名" : "rank", zh ? "单位" : "unit", zh ? "类别" : "category",
                                     zh ? "期间" : "period"};
  header.insert(header.end(), labels.begin(), labels.end());
  header.push_back(zh ? "总分" : "total");
  header.push_back(zh ? "类别排名" : "cat. rank");

  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& x = rows[a].card;
    const auto& y = rows[b].card;
    if (x.has_value() != y.has_value()) return x.has_value();
    if (!x) return false;
    if (x->period != y->period) return x->period < y->period;
    return x->rank < y->rank;
  });
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> errors;
  for (size_t i : order) {
    const RowResult& r = rows[i];
    std::vector<std::string> row;
    if (r.card) {
      const Scorecard& c = *r.card;
      row = {internal::Cat(c.rank), c.unit_name, std::string(zh ? CategoryName(c.category) : CategoryKey(c.category)),
             c.period.ToString()};
      for (const std::string& k : keys) {
        const IndicatorScore* s = c.Find(k);
        row.push_back(s && !s->excluded ? s->points.ToString() : "-");
      }
      row.push_back(c.total.ToString());
      row.push_back(internal::Cat(c.category_rank));
    } else {
      row = {"-", r.unit_text, "", r.period_text};
      errors.push_back(internal::Cat(zh ? "第 " : "row ", r.row, zh ? " 行: " : ": ", JoinErrors(r.errors)));
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
