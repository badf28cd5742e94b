// zhifa._zhifa: score_frame's columnar path (zhifa/_frame.py). The frame arrives as columns: units and periods
// factorized (a code per row and each distinct text once), the 13 counts as a 13 × n int64 matrix with a mask.
//
// Each distinct unit and period is resolved once, and the rule set chosen once per period. The good rows are
// scored by the batch engine (batch.h: the same numbers as Score()) straight into the output arrays and ranked here,
// as ScoredTable ranks. Which rows are bad is decided by the rules of ScoredTable::Add (report.cc) on codes, and
// their messages come from ScoredTable itself: the bad rows, with the first good row of each unit and period they
// repeat, go through a ScoredTable, which words every error as the CLI does. The result comes back as numpy
// arrays of codes and numbers, which the Python layer turns into columns with one take each.
#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "bindings/python/src/common.h"
#include "lib/huge_pages.h"

namespace zhifa::python {
namespace {

using CellError = std::tuple<int64_t, std::string, std::string, std::string>;

constexpr int32_t kNone = -1;
using Int64Array = py::array_t<int64_t, py::array::c_style>;
using BoolArray = py::array_t<bool, py::array::c_style>;

// A period as a small integer, as ScoredTable keys it: year × 64 + kind × 16 + index.
uint64_t PeriodCode(const Period& p) {
  return static_cast<uint64_t>(p.year()) * 64 + static_cast<uint64_t>(p.kind()) * 16 + static_cast<uint64_t>(p.index());
}

py::dict ScoreFrameColumns(py::array_t<int64_t, py::array::c_style> unit_codes,
                           const std::vector<std::string>& unit_texts,
                           py::array_t<int64_t, py::array::c_style> period_codes,
                           const std::vector<std::string>& period_texts,
                           const std::vector<std::optional<Int64Array>>& values,
                           const std::vector<std::optional<BoolArray>>& present,
                           const std::vector<CellError>& cell_errors, const RuleBook& book, const Registry& registry,
                           const RuleSet* all_periods, const std::string& explain) {
  const size_t n = static_cast<size_t>(unit_codes.shape(0));
  bool shapes = static_cast<size_t>(period_codes.shape(0)) == n && values.size() == kColumnCount &&
                present.size() == kColumnCount;
  for (size_t c = 0; c < values.size() && c < present.size() && shapes; ++c) {
    shapes = (!values[c] || static_cast<size_t>(values[c]->size()) == n) &&
             (!present[c] || (values[c] && static_cast<size_t>(present[c]->size()) == n));
  }
  if (!shapes) RaiseStatus(absl::InvalidArgumentError("score_frame_columns: shapes do not match"));
  std::optional<Language> language;
  if (!explain.empty() && !(language = LanguageFromName(explain))) {
    RaiseStatus(absl::InvalidArgumentError("explain=" + explain + ": expected \"zh\" or \"en\""));
  }
  const std::span<const RuleSet> sets = all_periods ? std::span<const RuleSet>(all_periods, 1) : book.sets();

  // Each distinct unit: the scored unit's registry index, or kNone when the text does not resolve.
  const auto index_of = [&](const Unit& u) { return static_cast<int32_t>(&u - registry.units().data()); };
  std::vector<absl::StatusOr<const Unit*>> unit_status;
  std::vector<int32_t> unit_scored;
  for (const std::string& t : unit_texts) {
    unit_status.push_back(registry.Resolve(t));
    unit_scored.push_back(unit_status.back().ok() ? index_of(registry.ScoredAs(**unit_status.back())) : kNone);
  }
  // Each distinct period: its canonical id (two texts of one period share it), rule set and whether the set is
  // applied outside its dates.
  std::vector<absl::StatusOr<Period>> period_status;
  std::vector<int32_t> period_id, period_set;
  std::vector<bool> period_outside;
  absl::flat_hash_map<uint64_t, int32_t> ids;
  std::vector<std::string> period_out;
  for (const std::string& t : period_texts) {
    period_status.push_back(Period::Parse(t));
    int32_t id = kNone, set = kNone;
    bool outside = false;
    if (period_status.back().ok()) {
      const Period& p = *period_status.back();
      auto [it, added] = ids.try_emplace(PeriodCode(p), static_cast<int32_t>(period_out.size()));
      if (added) period_out.push_back(p.ToString());
      id = it->second;
      if (all_periods) {
        set = 0;
        outside = !all_periods->InForce(p.start());
      } else if (absl::StatusOr<const RuleSet*> s = book.Select(p); s.ok()) {
        set = static_cast<int32_t>(*s - book.sets().data());
      }
    }
    period_id.push_back(id);
    period_set.push_back(set);
    period_outside.push_back(outside);
  }
  absl::flat_hash_map<size_t, std::vector<RowError>> cells;
  absl::flat_hash_map<size_t, uint32_t> unparsed;
  for (const auto& [i, column, message, value] : cell_errors) {
    if (i < 0 || static_cast<size_t>(i) >= n) RaiseStatus(absl::InvalidArgumentError("score_frame_columns: bad row"));
    cells[static_cast<size_t>(i)].push_back({column, message, value});
    if (std::optional<Column> c = ColumnFromName(column)) {
      unparsed[static_cast<size_t>(i)] |= 1u << static_cast<unsigned>(*c);
    }
  }

  const int64_t* uc = unit_codes.data();
  const int64_t* pc = period_codes.data();
  // Each count column in place (zeros for a column the frame lacks); a mask only where cells are missing.
  internal::HugeVector<int64_t> zeros;
  std::array<const int64_t*, kColumnCount> v{};
  std::array<const bool*, kColumnCount> p{};
  std::array<bool, kColumnCount> given{};
  for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) {
    given[c] = values[c].has_value();
    if (!given[c] && zeros.empty()) zeros.assign(n + 1, 0);
    v[c] = given[c] ? values[c]->data() : zeros.data();
    p[c] = present[c] ? present[c]->data() : nullptr;
  }
  auto column = [&](Column c) { return v[static_cast<size_t>(c)]; };
  auto has = [&](Column c, size_t i) {
    const size_t k = static_cast<size_t>(c);
    return given[k] && (p[k] == nullptr || p[k][i]);
  };
  auto counts_of = [&](size_t i) {
    Counts c;
    for (Column col : kAllColumns) {
      if (has(col, i)) c.Set(col, column(col)[i]);
    }
    return c;
  };

  // Which rows are bad, by ScoredTable::Add's rules: a row is good when its unit, period and rule set resolve,
  // every cell read and its counts are valid, and no earlier good row has its unit and period.
  internal::HugeVector<uint8_t> bad(n, 0);
  internal::HugeVector<int32_t> row_unit(n, kNone), row_period(n, kNone), row_set(n, kNone);
  const size_t n_periods = period_out.size();
  const bool dense = n_periods > 0 && registry.units().size() * n_periods <= 64'000'000;
  internal::HugeVector<int64_t> first_dense(dense ? registry.units().size() * n_periods : 0, -1);
  absl::flat_hash_map<uint64_t, int64_t> first_sparse;
  internal::HugeVector<int64_t> repeats_of(n, -1);  // for a repeated row: the good row it repeats
  {
    py::gil_scoped_release release;
    internal::HugeVector<uint8_t> valid(n);
    std::array<const int64_t*, kColumnCount> given_columns{};
    for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) given_columns[c] = given[c] ? v[c] : nullptr;
    ValidRows(given_columns, p, valid);
    for (size_t i = 0; i < n; ++i) {
      const int32_t u = uc[i] < 0 ? kNone : unit_scored[static_cast<size_t>(uc[i])];
      const int32_t pi = pc[i] < 0 ? kNone : period_id[static_cast<size_t>(pc[i])];
      const int32_t s = pc[i] < 0 ? kNone : period_set[static_cast<size_t>(pc[i])];
      row_unit[i] = u;
      row_period[i] = pi;
      row_set[i] = s;
      bool ok = u != kNone && pi != kNone && s != kNone && (cells.empty() || !cells.contains(i)) && valid[i];
      if (u != kNone && pi != kNone) {
        const uint64_t key = static_cast<uint64_t>(u) * n_periods + static_cast<uint64_t>(pi);
        int64_t& first = dense ? first_dense[key] : first_sparse.try_emplace(key, -1).first->second;
        if (first >= 0) {
          repeats_of[i] = first;
          ok = false;
        } else if (ok) {
          first = static_cast<int64_t>(i);
        }
      }
      bad[i] = !ok;
    }
  }

  // Good rows, scored per rule set by the batch engine into the output arrays.
  // Indicator keys over the rule sets used, in the book's order (ScoredTable::indicator_keys); the first set's
  // when no row was scored.
  const std::vector<std::string> keys = [&] {
    std::vector<std::string> out;
    std::vector<bool> used(sets.size(), false);
    for (size_t i = 0; i < n; ++i) {
      if (!bad[i]) used[static_cast<size_t>(row_set[i])] = true;
    }
    for (size_t s = 0; s < sets.size(); ++s) {
      if (!used[s]) continue;
      for (const Indicator& ind : sets[s].indicators()) {
        if (std::find(out.begin(), out.end(), ind.key) == out.end()) out.push_back(ind.key);
      }
    }
    if (out.empty()) {
      for (const Indicator& ind : sets.front().indicators()) out.push_back(ind.key);
    }
    return out;
  }();
  const double nan = std::nan("");
  py::array_t<double> total(n);
  std::vector<py::array_t<double>> rate_cols, point_cols;
  for (size_t k = 0; k < keys.size(); ++k) {
    rate_cols.emplace_back(n);
    point_cols.emplace_back(n);
  }
  double* t = total.mutable_data();
  std::vector<double*> rc, pcol;
  for (size_t k = 0; k < keys.size(); ++k) {
    rc.push_back(rate_cols[k].mutable_data());
    pcol.push_back(point_cols[k].mutable_data());
  }
  std::vector<std::vector<int>> key_index(sets.size(), std::vector<int>(keys.size(), -1));
  for (size_t s = 0; s < sets.size(); ++s) {
    for (size_t k = 0; k < keys.size(); ++k) {
      for (size_t j = 0; j < sets[s].indicators().size(); ++j) {
        if (sets[s].indicators()[j].key == keys[k]) key_index[s][k] = static_cast<int>(j);
      }
    }
  }
  py::array_t<int32_t> na_index(n);
  int32_t* ni = na_index.mutable_data();
  absl::flat_hash_map<std::pair<size_t, uint64_t>, int32_t> na_ids;  // (rule set, bits) -> position in na_out
  std::vector<std::string> na_out;
  // The position in na_out of the keys of set s whose bits are set (indicators that did not apply).
  size_t last_set = SIZE_MAX;
  uint64_t last_bits = 0;
  int32_t last_position = 0;
  auto na_position = [&](size_t s, uint64_t bits) {
    if (s == last_set && bits == last_bits) return last_position;  // rows alike in a row skip the hashing
    last_set = s;
    last_bits = bits;
    auto [it, added] = na_ids.try_emplace(std::pair{s, bits}, static_cast<int32_t>(na_out.size()));
    if (added) {
      std::string text;
      for (size_t j = 0; j < sets[s].indicators().size() && j < 64; ++j) {
        if (bits & (uint64_t{1} << j)) text += (text.empty() ? "" : "|") + sets[s].indicators()[j].key;
      }
      na_out.push_back(std::move(text));
    }
    return last_position = it->second;
  };
  // Scores with set s (one thread: the frame's rows are many, the GIL is released); raises on failure.
  auto run = [&](size_t s, const BatchInput& input, const BatchOutputF64& out) {
    absl::StatusOr<BatchScorer> scorer = BatchScorer::Create(sets[s]);
    absl::Status scored = scorer.ok() ? scorer->Score(input, out, 1) : scorer.status();
    if (!scored.ok()) {
      py::gil_scoped_acquire acquire;
      RaiseStatus(scored);
    }
  };
  {
    py::gil_scoped_release release;
    size_t good = 0;
    for (size_t i = 0; i < n; ++i) good += !bad[i];
    // Every row good and under one rule set, whose indicators are the output's: the batch engine reads the
    // columns in place and writes the output arrays directly (no gather, no scatter).
    const bool in_place = good == n && n > 0 &&
                          keys.size() == sets[static_cast<size_t>(row_set[0])].indicators().size() &&
                          std::all_of(row_set.begin(), row_set.end(), [&](int32_t s) { return s == row_set[0]; });
    bool enforcement_all = true, enforcement_none = true;
    for (size_t i = 0; i < n && in_place; ++i) {
      (has(Column::kEnforcementCases, i) ? enforcement_none : enforcement_all) = false;
    }
    if (in_place && (enforcement_all || enforcement_none)) {
      const size_t s = static_cast<size_t>(row_set[0]);
      BatchInput input(n);
      for (Column c : kAllColumns) {
        if (c == Column::kEnforcementCases && enforcement_none) continue;  // absent: it is filed
        input.Set(c, std::span<const int64_t>(column(c), n));
      }
      BatchOutputF64 out{.totals = std::span<double>(t, n)};
      internal::HugeVector<uint8_t> status(n);
      out.status = status;
      for (size_t k = 0; k < keys.size(); ++k) {
        out.points.emplace_back(pcol[k], n);
        out.rates.emplace_back(rc[k], n);
      }
      run(s, input, out);
      for (size_t i = 0; i < n; ++i) {
        uint64_t na_bits = 0;
        for (size_t j = 0; j < keys.size() && j < 64; ++j) {
          if (std::isnan(rc[j][i])) na_bits |= uint64_t{1} << j;
        }
        ni[i] = na_position(s, na_bits);
      }
      good = 0;  // scored: the gathering loop below has nothing to do
    } else {
      std::fill(t, t + n, nan);
      for (size_t k = 0; k < keys.size(); ++k) {
        std::fill(rc[k], rc[k] + n, nan);
        std::fill(pcol[k], pcol[k] + n, nan);
      }
      std::fill(ni, ni + n, kNone);
    }
    for (size_t s = 0; s < sets.size() && good > 0; ++s) {
      std::vector<size_t> rows;
      for (size_t i = 0; i < n; ++i) {
        if (!bad[i] && static_cast<size_t>(row_set[i]) == s) rows.push_back(i);
      }
      if (rows.empty()) continue;
      const size_t m = rows.size();
      const size_t k_count = sets[s].indicators().size();
      // The rows' columns, gathered (enforcement_cases is filed where it was left out).
      std::array<std::vector<int64_t>, kColumnCount> cols;
      for (Column c : kAllColumns) {
        std::vector<int64_t>& out = cols[static_cast<size_t>(c)];
        out.resize(m);
        const int64_t* src = column(c);
        for (size_t r = 0; r < m; ++r) {
          const size_t i = rows[r];
          out[r] = c == Column::kEnforcementCases && !has(c, i) ? column(Column::kFiled)[i] : src[i];
        }
      }
      BatchInput input(m);
      for (Column c : kAllColumns) input.Set(c, std::span<const int64_t>(cols[static_cast<size_t>(c)]));
      std::vector<double> pts(m * k_count), rts(m * k_count), totals(m);
      std::vector<uint8_t> status(m);
      BatchOutputF64 out{.totals = totals, .status = status};
      for (size_t j = 0; j < k_count; ++j) {
        out.points.emplace_back(pts.data() + j * m, m);
        out.rates.emplace_back(rts.data() + j * m, m);
      }
      run(s, input, out);
      for (size_t r = 0; r < m; ++r) {
        const size_t i = rows[r];
        t[i] = totals[r];
        uint64_t na_bits = 0;
        for (size_t j = 0; j < k_count && j < 64; ++j) {
          if (std::isnan(rts[j * m + r])) na_bits |= uint64_t{1} << j;
        }
        for (size_t k = 0; k < keys.size(); ++k) {
          const int j = key_index[s][k];
          if (j < 0) continue;
          rc[k][i] = rts[static_cast<size_t>(j) * m + r];
          pcol[k][i] = pts[static_cast<size_t>(j) * m + r];
        }
        ni[i] = na_position(s, na_bits);
      }
    }
  }

  // Ranks over the good rows, as Rank() and ScoredTable rank: by total descending within the period (and the
  // category), ties sharing the rank of the first (1, 2, 2, 4).
  py::array_t<int64_t> rank(n), category_rank(n);
  int64_t* rk = rank.mutable_data();
  int64_t* crk = category_rank.mutable_data();
  {
    py::gil_scoped_release release;
    std::fill(rk, rk + n, 0);
    std::fill(crk, crk + n, 0);
    // The good rows of each period (a counting sort, rows in order), then within the period: by total descending
    // (the row breaking ties) for the rank, and stably by category for the category rank.
    internal::HugeVector<uint32_t> start(n_periods + 1, 0);
    for (size_t i = 0; i < n; ++i) {
      if (!bad[i]) ++start[static_cast<size_t>(row_period[i]) + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    // Sort keys placed in period order in one pass that reads the rows in order (the rows of a period lie anywhere
    // in the frame: sorting through row numbers would miss the cache at every comparison).
    struct Key {
      double total;
      uint32_t row;
      uint8_t category;
    };
    std::vector<uint8_t> category_of(registry.units().size());
    for (size_t u = 0; u < category_of.size(); ++u) {
      category_of[u] = static_cast<uint8_t>(registry.units()[u].category);
    }
    internal::HugeVector<Key> keys_by_period(start.back());
    {
      internal::HugeVector<uint32_t> at(start.begin(), start.end() - 1);
      for (size_t i = 0; i < n; ++i) {
        if (bad[i]) continue;
        keys_by_period[at[static_cast<size_t>(row_period[i])]++] = {t[i], static_cast<uint32_t>(i),
                                                                    category_of[static_cast<size_t>(row_unit[i])]};
      }
    }
    const auto by_total = [](const Key& a, const Key& b) {
      return a.total != b.total ? a.total > b.total : a.row < b.row;
    };
    const auto by_category = [&](const Key& a, const Key& b) {
      return a.category != b.category ? a.category < b.category : by_total(a, b);
    };
    // Ranks 1, 2, 2, 4 along keys [b, e), restarting where `same_group` says a new group begins.
    auto assign = [&](size_t b, size_t e, int64_t* out, auto same_group) {
      int64_t r = 0, in_group = 0;
      for (size_t x = b; x < e; ++x) {
        const Key& k = keys_by_period[x];
        if (x == b || !same_group(keys_by_period[x - 1], k)) in_group = 0;
        ++in_group;
        if (in_group == 1 || keys_by_period[x - 1].total != k.total) r = in_group;
        out[k.row] = r;
      }
    };
    for (size_t g = 0; g < n_periods; ++g) {
      const auto b = keys_by_period.begin() + start[g], e = keys_by_period.begin() + start[g + 1];
      std::sort(b, e, by_total);
      assign(start[g], start[g + 1], rk, [](const Key&, const Key&) { return true; });
      std::sort(b, e, by_category);
      assign(start[g], start[g + 1], crk, [](const Key& a, const Key& b) { return a.category == b.category; });
    }
  }

  // Bad rows, worded by ScoredTable: the bad rows and the good rows they repeat, in order.
  py::dict errors;
  if (std::find(bad.begin(), bad.end(), 1) != bad.end()) {
    std::vector<bool> take(n, false);
    for (size_t i = 0; i < n; ++i) {
      if (!bad[i]) continue;
      take[i] = true;
      if (repeats_of[i] >= 0) take[static_cast<size_t>(repeats_of[i])] = true;
    }
    ScoredTable table(book, registry, {.all_periods = all_periods, .roll_up = false});
    std::vector<size_t> taken;
    for (size_t i = 0; i < n; ++i) {
      if (!take[i]) continue;
      CountsRow row;
      row.row = static_cast<int64_t>(i);
      row.counts = counts_of(i);
      row.unit_text = uc[i] < 0 ? "" : unit_texts[static_cast<size_t>(uc[i])];
      row.period_text = pc[i] < 0 ? "" : period_texts[static_cast<size_t>(pc[i])];
      if (auto it = cells.find(i); it != cells.end()) row.errors = it->second;
      const uint32_t bits = unparsed.contains(i) ? unparsed.at(i) : 0;
      ResolveRow(row, uc[i] < 0 ? registry.Resolve("") : unit_status[static_cast<size_t>(uc[i])],
                 pc[i] < 0 ? Period::Parse("") : period_status[static_cast<size_t>(pc[i])], bits);
      table.Add(std::move(row));
      taken.push_back(i);
    }
    // Rows stay in memory (no spill folder): Finish() cannot fail.
    absl::Status finished = table.Finish();
    (void)finished;
    for (size_t x = 0; x < taken.size(); ++x) {
      const size_t i = taken[x];
      if (!bad[i]) continue;
      py::list row_errors;
      for (const RowError& e : table.errors(x)) {
        row_errors.append(py::make_tuple(e.column, e.message, absl::StatusCodeToString(e.code)));
      }
      errors[py::int_(i)] = row_errors;
    }
  }

  py::array_t<int32_t> unit_index(n), period_index(n), ruleset_index(n);
  py::array_t<bool> bad_out(n), outside(n), zero(n);
  {
    int32_t* ui = unit_index.mutable_data();
    int32_t* pi = period_index.mutable_data();
    int32_t* ri = ruleset_index.mutable_data();
    bool* b = bad_out.mutable_data();
    bool* o = outside.mutable_data();
    bool* z = zero.mutable_data();
    const int64_t* filed = column(Column::kFiled);
    const int64_t* sued = column(Column::kSued);
    const int64_t* judgments = column(Column::kJudgments);
    for (size_t i = 0; i < n; ++i) {
      b[i] = bad[i];
      ui[i] = bad[i] ? kNone : row_unit[i];
      pi[i] = bad[i] ? kNone : row_period[i];
      ri[i] = bad[i] ? kNone : row_set[i];
      o[i] = !bad[i] && period_outside[static_cast<size_t>(pc[i])];
      // ZeroActivityFinding (score.h): nothing filed, no suit, no judgment.
      z[i] = !bad[i] && filed[i] == 0 && sued[i] == 0 && judgments[i] == 0;
    }
  }
  py::dict out;
  out["keys"] = keys;
  // Each key's name: from the set of the first good row that has the key, else from the book's first set (as
  // the row-by-row path names them).
  std::vector<std::string> names;
  for (const std::string& key : keys) {
    std::string name = key;
    for (size_t i = 0; i < n && name == key; ++i) {
      if (bad[i]) continue;
      for (const Indicator& ind : sets[static_cast<size_t>(row_set[i])].indicators()) {
        if (ind.key == key) name = ind.name;
      }
    }
    if (name == key) {
      for (const Indicator& ind : book.sets().front().indicators()) {
        if (ind.key == key) name = ind.name;
      }
    }
    names.push_back(name);
  }
  out["names"] = names;
  out["unit_index"] = unit_index;
  out["period_index"] = period_index;
  out["periods"] = period_out;
  out["ruleset_index"] = ruleset_index;
  std::vector<std::string> ruleset_ids, digests;
  for (const RuleSet& set : sets) {
    ruleset_ids.push_back(set.id());
    digests.push_back(set.digest().substr(7, 12));
  }
  out["ruleset_ids"] = ruleset_ids;
  out["ruleset_digests"] = digests;
  out["na_index"] = na_index;
  out["not_applicable"] = na_out;
  out["zero_activity"] = zero;
  out["total"] = total;
  out["rank"] = rank;
  out["category_rank"] = category_rank;
  out["bad"] = bad_out;
  out["outside"] = outside;
  for (size_t k = 0; k < keys.size(); ++k) {
    out[py::str(keys[k] + "_rate")] = rate_cols[k];
    out[py::str(keys[k] + "_points")] = point_cols[k];
  }
  out["errors"] = errors;
  if (language) {
    // Each good row's explanation (explain.h), from its scorecard as Score() gives it, with its ranks; None for a
    // bad row.
    py::list texts;
    for (size_t i = 0; i < n; ++i) {
      if (bad[i]) {
        texts.append(py::none());
        continue;
      }
      Scorecard card = *Score(sets[static_cast<size_t>(row_set[i])], registry.units()[row_unit[i]],
                              *period_status[static_cast<size_t>(pc[i])], counts_of(i), {.any_period = true});
      card.rank = static_cast<int>(rk[i]);
      card.category_rank = static_cast<int>(crk[i]);
      texts.append(Explain(card, *language));
    }
    out["explanation"] = texts;
  }
  return out;
}

}  // namespace

void BindFrame(py::module_& m) {
  // values: per count column (kAllColumns order) an int64 array, None when the frame lacks the column; present:
  // per column a bool array of the cells that have a value, None when every cell has one.
  m.def(
      "score_frame_columns",
      [](py::array_t<int64_t, py::array::c_style> unit_codes, const std::vector<std::string>& unit_texts,
         py::array_t<int64_t, py::array::c_style> period_codes, const std::vector<std::string>& period_texts,
         const std::vector<std::optional<Int64Array>>& values, const std::vector<std::optional<BoolArray>>& present,
         const std::vector<CellError>& cell_errors, const RuleBook& book, const std::shared_ptr<Registry>& registry,
         const std::shared_ptr<RuleSet>& all_periods, const std::string& explain) {
        return ScoreFrameColumns(unit_codes, unit_texts, period_codes, period_texts, values, present, cell_errors, book,
                                 registry ? *registry : Registry::Builtin(), all_periods.get(), explain);
      },
      py::arg("unit_codes"), py::arg("unit_texts"), py::arg("period_codes"), py::arg("period_texts"), py::arg("values"),
      py::arg("present"), py::arg("cell_errors"), py::arg("book"), py::arg("registry"), py::arg("all_periods"),
      py::arg("explain") = "");
  // A column (a list, one value per row) factorized: (int64 codes, the distinct texts), every value numbered by
  // its text (`text(value)` for a value that is not a str; FactorizeObjects).
  m.def(
      "factorize",
      [](const py::list& cells, const py::object& text) {
        Factorized f = FactorizeObjects(cells, text, /*empty_is_missing=*/false);
        py::array_t<int64_t> codes(static_cast<py::ssize_t>(f.codes.size()));
        std::copy(f.codes.begin(), f.codes.end(), codes.mutable_data());
        return py::make_tuple(codes, f.texts);
      },
      py::arg("cells"), py::arg("text"));
  // An object array of table[index[i]] (None where index[i] < 0).
  m.def(
      "take_objects",
      [](const std::vector<py::object>& table, py::array_t<int32_t, py::array::c_style | py::array::forcecast> index) {
        const int32_t* ix = index.data();
        for (py::ssize_t i = 0; i < index.size(); ++i) {
          if (ix[i] >= static_cast<int64_t>(table.size())) {
            RaiseStatus(absl::InvalidArgumentError("take_objects: an index beyond the table"));
          }
        }
        return TakeObjects(table, ix, static_cast<size_t>(index.size()));
      },
      py::arg("table"), py::arg("index"));
}

}  // namespace zhifa::python
