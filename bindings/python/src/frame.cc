// zhifa._zhifa: score_frame's columnar path (zhifa/_frame.py). The frame arrives as columns: units and periods
// factorized (a code per row and each distinct text once), each count column as an int64 array (read in place)
// with a mask only where cells are missing.
//
// Each distinct unit and period is resolved once, and the rule set chosen once per period. The good rows are
// scored by the batch engine (batch.h: the same numbers as Score()) straight into the output arrays and ranked here,
// as ScoredTable ranks. Which rows are bad is decided by the rules of ScoredTable::Add (report.cc) on codes, and
// their messages come from ScoredTable itself: the bad rows, with the first good row of each unit and period they
// repeat, go through a ScoredTable, which words every error as the CLI does. The result comes back as numpy
// arrays of codes and numbers, which the Python layer turns into columns with one take each. Every large array is
// made on huge pages (HugeArray): first touching fresh 4 KiB pages is what costs most in a large frame on a VM.
#include <algorithm>
#include <cstring>
#include <limits>
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

// For each of the first m of `padded` totals (padded: a multiple of 4): how many totals are greater, and how many of
// those have the same category. Four 64-bit lanes at a time: a comparison of doubles gives -1 in a lane where it
// holds, and the counts are integer sums of those masks (no chain of floating-point additions); in AVX2 where the
// processor has it.
typedef double V4d __attribute__((vector_size(32)));
typedef int64_t V4i __attribute__((vector_size(32)));
__attribute__((target_clones("avx2", "default"))) void CountAbove(const double* totals, const double* categories,
                                                                  size_t m, size_t padded, int32_t* above,
                                                                  int32_t* above_in_category) {
  for (size_t x = 0; x < m; ++x) {
    const V4d total_x = {totals[x], totals[x], totals[x], totals[x]};
    const V4d category_x = {categories[x], categories[x], categories[x], categories[x]};
    V4i greater = {0, 0, 0, 0}, greater_in_category = {0, 0, 0, 0};
    for (size_t y = 0; y < padded; y += 4) {
      V4d total_y, category_y;
      std::memcpy(&total_y, totals + y, sizeof total_y);
      std::memcpy(&category_y, categories + y, sizeof category_y);
      const V4i is_above = total_y > total_x;
      greater -= is_above;
      greater_in_category -= is_above & (category_y == category_x);
    }
    above[x] = static_cast<int32_t>(greater[0] + greater[1] + greater[2] + greater[3]);
    above_in_category[x] = static_cast<int32_t>(greater_in_category[0] + greater_in_category[1] +
                                                greater_in_category[2] + greater_in_category[3]);
  }
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
  // Each distinct period text: its canonical period's id (two texts of one period share it). Each id: its rule set
  // (kNone when none covers it) and whether the set is applied outside its dates.
  std::vector<absl::StatusOr<Period>> period_status;
  std::vector<int32_t> period_id;
  std::vector<int32_t> id_set;
  std::vector<uint8_t> id_outside;
  absl::flat_hash_map<uint64_t, int32_t> ids;
  std::vector<std::string> period_out;
  for (const std::string& t : period_texts) {
    period_status.push_back(Period::Parse(t));
    int32_t id = kNone;
    if (period_status.back().ok()) {
      const Period& p = *period_status.back();
      auto [it, added] = ids.try_emplace(PeriodCode(p), static_cast<int32_t>(period_out.size()));
      id = it->second;
      if (added) {
        period_out.push_back(p.ToString());
        int32_t set = kNone;
        bool outside = false;
        if (all_periods) {
          set = 0;
          outside = !all_periods->InForce(p.start());
        } else if (absl::StatusOr<const RuleSet*> s = book.Select(p); s.ok()) {
          set = static_cast<int32_t>(*s - book.sets().data());
        }
        id_set.push_back(set);
        id_outside.push_back(outside);
      }
    }
    period_id.push_back(id);
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
  // every cell read and its counts are valid, and no earlier good row has its unit and period. The output's
  // index columns are written here (kNone for a bad row): they are the rows' unit, period and rule set.
  const py::ssize_t nn = static_cast<py::ssize_t>(n);
  py::array_t<int32_t> unit_index = HugeArray<int32_t>({nn}), period_index = HugeArray<int32_t>({nn}),
                       ruleset_index = HugeArray<int32_t>({nn});
  py::array_t<bool> bad_out = HugeArray<bool>({nn});
  int32_t* const row_unit = unit_index.mutable_data();
  int32_t* const row_period = period_index.mutable_data();
  int32_t* const row_set = ruleset_index.mutable_data();
  // ValidRows writes 1 for a valid row; the loop turns it into 1 for a bad row (bool's representation).
  const std::span<uint8_t> bad(reinterpret_cast<uint8_t*>(bad_out.mutable_data()), n);
  const size_t n_periods = period_out.size();
  const bool dense = n_periods > 0 && registry.units().size() * n_periods <= 64'000'000 &&
                     n < static_cast<size_t>(std::numeric_limits<int32_t>::max());
  // The first good row of each unit and period (a table when it is small enough, a hash map otherwise).
  internal::HugeVector<int32_t> first_dense(dense ? registry.units().size() * n_periods : 0, -1);
  absl::flat_hash_map<uint64_t, int64_t> first_sparse;
  absl::flat_hash_map<size_t, int64_t> repeats_of;  // a repeated row -> the good row it repeats
  {
    py::gil_scoped_release release;
    std::array<const int64_t*, kColumnCount> given_columns{};
    for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) given_columns[c] = given[c] ? v[c] : nullptr;
    ValidRows(given_columns, p, bad);
    for (size_t i = 0; i < n; ++i) {
      const int32_t u = uc[i] < 0 ? kNone : unit_scored[static_cast<size_t>(uc[i])];
      const int32_t pi = pc[i] < 0 ? kNone : period_id[static_cast<size_t>(pc[i])];
      const int32_t s = pi == kNone ? kNone : id_set[static_cast<size_t>(pi)];
      bool ok = u != kNone && s != kNone && (cells.empty() || !cells.contains(i)) && bad[i];
      if (u != kNone && pi != kNone) {
        const uint64_t key = static_cast<uint64_t>(u) * n_periods + static_cast<uint64_t>(pi);
        int64_t first = dense ? first_dense[key] : first_sparse.try_emplace(key, -1).first->second;
        if (first >= 0) {
          repeats_of[i] = first;
          ok = false;
        } else if (ok && dense) {
          first_dense[key] = static_cast<int32_t>(i);
        } else if (ok) {
          first_sparse[key] = static_cast<int64_t>(i);
        }
      }
      bad[i] = !ok;
      row_unit[i] = ok ? u : kNone;
      row_period[i] = ok ? pi : kNone;
      row_set[i] = ok ? s : kNone;
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
  // One block for the numbers, a row each: the rates, the points, the total (2k + 1 columns of the frame).
  const size_t k_out = keys.size();
  py::array_t<double> numbers = HugeArray<double>({static_cast<py::ssize_t>(2 * k_out + 1), nn});
  double* const t = numbers.mutable_data() + 2 * k_out * n;
  std::vector<double*> rc, pcol;
  for (size_t k = 0; k < k_out; ++k) {
    rc.push_back(numbers.mutable_data() + k * n);
    pcol.push_back(numbers.mutable_data() + (k_out + k) * n);
  }
  std::vector<std::vector<int>> key_index(sets.size(), std::vector<int>(keys.size(), -1));
  for (size_t s = 0; s < sets.size(); ++s) {
    for (size_t k = 0; k < keys.size(); ++k) {
      for (size_t j = 0; j < sets[s].indicators().size(); ++j) {
        if (sets[s].indicators()[j].key == keys[k]) key_index[s][k] = static_cast<int>(j);
      }
    }
  }
  py::array_t<int32_t> na_index = HugeArray<int32_t>({nn});
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
                          std::all_of(row_set, row_set + n, [&](int32_t s) { return s == row_set[0]; });
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
      // Which indicators did not apply (a NaN rate), a column at a time into per-row bits, then each row's set of
      // bits numbered.
      internal::HugeVector<uint64_t> na_bits(n, 0);
      for (size_t j = 0; j < keys.size() && j < 64; ++j) {
        const double* rate = rc[j];
        for (size_t i = 0; i < n; ++i) na_bits[i] |= static_cast<uint64_t>(std::isnan(rate[i])) << j;
      }
      if (keys.size() <= 12) {  // few indicators: every set of bits numbered through a direct table
        std::vector<int32_t> position_of(size_t{1} << keys.size(), kNone);
        for (size_t i = 0; i < n; ++i) {
          int32_t& position = position_of[na_bits[i]];
          if (position == kNone) position = na_position(s, na_bits[i]);
          ni[i] = position;
        }
      } else {
        for (size_t i = 0; i < n; ++i) ni[i] = na_position(s, na_bits[i]);
      }
      good = 0;  // scored: the gathering loop below has nothing to do
    } else {
      std::fill(numbers.mutable_data(), numbers.mutable_data() + (2 * k_out + 1) * n, nan);
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
  // category), ties sharing the rank of the first (1, 2, 2, 4). A row's rank is therefore one more than the number
  // of rows of its group with a greater total, whatever the order among equal totals.
  py::array_t<int64_t> rank = HugeArray<int64_t>({nn}), category_rank = HugeArray<int64_t>({nn});
  int64_t* rk = rank.mutable_data();
  int64_t* crk = category_rank.mutable_data();
  {
    py::gil_scoped_release release;
    // The good rows of each period (a counting sort, rows in order).
    internal::HugeVector<uint32_t> start(n_periods + 1, 0);
    for (size_t i = 0; i < n; ++i) {
      if (!bad[i]) ++start[static_cast<size_t>(row_period[i]) + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    // Sort keys placed in period order in one pass that reads the rows in order (the rows of a period lie anywhere
    // in the frame: ranking through row numbers would miss the cache at every comparison).
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
    // Each good row's place among keys_by_period; the ranks are worked out in that order and read back by row at
    // the end (reading them scattered costs far less than writing them scattered).
    internal::HugeVector<uint32_t> place_of(n);
    {
      internal::HugeVector<uint32_t> at(start.begin(), start.end() - 1);
      for (size_t i = 0; i < n; ++i) {
        if (bad[i]) continue;
        const uint32_t place = at[static_cast<size_t>(row_period[i])]++;
        place_of[i] = place;
        keys_by_period[place] = {t[i], static_cast<uint32_t>(i), category_of[static_cast<size_t>(row_unit[i])]};
      }
    }
    struct Ranks {
      int32_t rank, category_rank;
    };
    internal::HugeVector<Ranks> ranks(start.back());
    // A group of a few dozen rows (a county's units in a period) is ranked by counting, in registers; a larger one
    // by sorting on the total and numbering along it, a counter per category.
    // The counting compares doubles only (totals, and categories as doubles), padded to a multiple of 4 with totals
    // nothing is above (CountAbove).
    constexpr size_t kCounted = 64;
    alignas(64) std::array<double, kCounted> totals{};
    alignas(64) std::array<double, kCounted> categories{};
    std::array<int32_t, kCounted> above{}, above_in_category{};
    for (size_t g = 0; g < n_periods; ++g) {
      Key* const b = keys_by_period.data() + start[g];
      const size_t m = start[g + 1] - start[g];
      if (m <= kCounted) {
        const size_t padded = (m + 3) / 4 * 4;
        for (size_t x = 0; x < padded; ++x) {
          totals[x] = x < m ? b[x].total : -std::numeric_limits<double>::infinity();
          categories[x] = x < m ? b[x].category : -1.0;
        }
        CountAbove(totals.data(), categories.data(), m, padded, above.data(), above_in_category.data());
        for (size_t x = 0; x < m; ++x) ranks[start[g] + x] = {1 + above[x], 1 + above_in_category[x]};
        continue;
      }
      // Sorted, the keys leave their places: each row's rank is written at its own place.
      std::sort(b, b + m, [](const Key& x, const Key& y) { return x.total > y.total; });
      std::array<int32_t, 256> seen{}, current{};
      std::array<double, 256> last{};
      int32_t r = 0;
      for (size_t x = 0; x < m; ++x) {
        if (x == 0 || b[x - 1].total != b[x].total) r = static_cast<int32_t>(x) + 1;
        const uint8_t c = b[x].category;
        if (seen[c]++ == 0 || last[c] != b[x].total) current[c] = seen[c];
        last[c] = b[x].total;
        ranks[place_of[b[x].row]] = {r, current[c]};
      }
    }
    for (size_t i = 0; i < n; ++i) {
      const Ranks got = bad[i] ? Ranks{0, 0} : ranks[place_of[i]];  // a bad row's 0 is masked in the frame
      rk[i] = got.rank;
      crk[i] = got.category_rank;
    }
  }

  // Bad rows, worded by ScoredTable: the bad rows and the good rows they repeat, in order.
  py::dict errors;
  if (std::find(bad.begin(), bad.end(), 1) != bad.end()) {
    std::vector<bool> take(n, false);
    for (size_t i = 0; i < n; ++i) {
      if (!bad[i]) continue;
      take[i] = true;
      if (auto it = repeats_of.find(i); it != repeats_of.end()) take[static_cast<size_t>(it->second)] = true;
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

  // Per row: 1 when the unit did nothing (ZeroActivityFinding, score.h: nothing filed, no suit, no judgment), 0
  // when it did, kNone for a bad row; with one rule set for all periods, whether it was applied outside its dates.
  py::array_t<int32_t> zero = HugeArray<int32_t>({nn});
  py::object outside = py::none();
  {
    int32_t* z = zero.mutable_data();
    const int64_t* filed = column(Column::kFiled);
    const int64_t* sued = column(Column::kSued);
    const int64_t* judgments = column(Column::kJudgments);
    for (size_t i = 0; i < n; ++i) {
      z[i] = bad[i] ? kNone : filed[i] == 0 && sued[i] == 0 && judgments[i] == 0;
    }
    if (all_periods) {
      py::array_t<bool> o = HugeArray<bool>({nn});
      bool* ob = o.mutable_data();
      for (size_t i = 0; i < n; ++i) ob[i] = !bad[i] && id_outside[static_cast<size_t>(row_period[i])];
      outside = o;
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
  out["total"] = numbers[py::int_(2 * k_out)];
  out["rank"] = rank;
  out["category_rank"] = category_rank;
  out["bad"] = bad_out;
  out["outside"] = outside;
  for (size_t k = 0; k < k_out; ++k) {
    out[py::str(keys[k] + "_rate")] = numbers[py::int_(k)];
    out[py::str(keys[k] + "_points")] = numbers[py::int_(k_out + k)];
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
                                 RegistryOr(registry), all_periods.get(), explain);
      },
      py::arg("unit_codes"), py::arg("unit_texts"), py::arg("period_codes"), py::arg("period_texts"), py::arg("values"),
      py::arg("present"), py::arg("cell_errors"), py::arg("book"), py::arg("registry"), py::arg("all_periods"),
      py::arg("explain") = "");
  // A column (a list or a numpy object array, one value per row) factorized: (int64 codes, the distinct texts),
  // every value numbered by its text (`text(value)` for a value that is not a str; FactorizeObjects).
  m.def(
      "factorize",
      [](const py::handle& cells, const py::object& text) {
        const ObjectCells objects = ObjectCellsOf(cells);
        Factorized f = FactorizeObjects(objects.items, objects.size, text, /*empty_is_missing=*/false);
        py::array_t<int64_t> codes = HugeArray<int64_t>({static_cast<py::ssize_t>(f.codes.size())});
        std::copy(f.codes.begin(), f.codes.end(), codes.mutable_data());
        return py::make_tuple(codes, f.texts);
      },
      py::arg("cells"), py::arg("text"));
  // A pandas Categorical's parts for table[index[i]]: (int32 codes, categories), the categories being the table's
  // distinct values in order and the code -1 where index[i] < 0.
  m.def(
      "take_codes",
      [](const std::vector<std::string>& table, py::array_t<int32_t, py::array::c_style | py::array::forcecast> index) {
        std::vector<int32_t> remap(table.size());
        std::vector<std::string> categories;
        absl::flat_hash_map<std::string_view, int32_t> position;
        for (size_t x = 0; x < table.size(); ++x) {
          auto [it, added] = position.try_emplace(table[x], static_cast<int32_t>(categories.size()));
          if (added) categories.push_back(table[x]);
          remap[x] = it->second;
        }
        const int32_t* ix = index.data();
        const size_t n = static_cast<size_t>(index.size());
        py::array_t<int32_t> codes = HugeArray<int32_t>({static_cast<py::ssize_t>(n)});
        int32_t* out = codes.mutable_data();
        for (size_t i = 0; i < n; ++i) {
          if (ix[i] >= static_cast<int64_t>(table.size())) {
            RaiseStatus(absl::InvalidArgumentError("take_codes: an index beyond the table"));
          }
          out[i] = ix[i] < 0 ? -1 : remap[static_cast<size_t>(ix[i])];
        }
        return py::make_tuple(codes, categories);
      },
      py::arg("table"), py::arg("index"));
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
