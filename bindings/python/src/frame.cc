// zhifa._zhifa: score_frame's columnar path (zhifa/_frame.py). The frame arrives as columns: units and periods
// factorized (a code per row and each distinct text once), the 13 counts as a 13 × n int64 matrix with a mask.
// Each distinct unit and period is resolved once; the rows go through ScoredTable (lib/report.cc), the same
// table the CLI scores with, so bad rows, duplicates and ranks are decided by one piece of code; the result
// comes back as numpy arrays of codes and numbers, which the Python layer turns into columns with one take each.
#include "absl/container/flat_hash_map.h"
#include "bindings/python/src/common.h"

namespace zhifa::python {
namespace {

using CellError = std::tuple<int64_t, std::string, std::string, std::string>;

py::dict ScoreFrameColumns(py::array_t<int64_t, py::array::c_style> unit_codes,
                           const std::vector<std::string>& unit_texts,
                           py::array_t<int64_t, py::array::c_style> period_codes,
                           const std::vector<std::string>& period_texts,
                           py::array_t<int64_t, py::array::c_style> values,
                           py::array_t<bool, py::array::c_style> present, const std::vector<CellError>& cell_errors,
                           const RuleBook& book, const Registry& registry, const RuleSet* all_periods) {
  const size_t n = static_cast<size_t>(unit_codes.shape(0));
  if (static_cast<size_t>(period_codes.shape(0)) != n || values.ndim() != 2 || values.shape(0) != kColumnCount ||
      static_cast<size_t>(values.shape(1)) != n || present.ndim() != 2 || present.shape(0) != kColumnCount ||
      static_cast<size_t>(present.shape(1)) != n) {
    RaiseStatus(absl::InvalidArgumentError("score_frame_columns: shapes do not match"));
  }
  // Each distinct text once.
  std::vector<absl::StatusOr<const Unit*>> units;
  units.reserve(unit_texts.size());
  for (const std::string& t : unit_texts) units.push_back(registry.Resolve(t));
  std::vector<absl::StatusOr<Period>> periods;
  periods.reserve(period_texts.size());
  for (const std::string& t : period_texts) periods.push_back(Period::Parse(t));
  const absl::StatusOr<const Unit*> empty_unit = registry.Resolve("");
  const absl::StatusOr<Period> empty_period = Period::Parse("");

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
  const int64_t* v = values.data();
  const bool* p = present.data();
  ScoredTable table(book, registry, {.all_periods = all_periods, .roll_up = false});
  table.Reserve(n);
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < n; ++i) {
      CountsRow row;
      row.row = static_cast<int64_t>(i);
      for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) {
        if (p[c * n + i]) row.counts.Set(kAllColumns[c], v[c * n + i]);
      }
      const auto& unit = uc[i] < 0 ? empty_unit : units[static_cast<size_t>(uc[i])];
      const auto& period = pc[i] < 0 ? empty_period : periods[static_cast<size_t>(pc[i])];
      uint32_t bits = 0;
      if (!cells.empty()) {
        if (auto it = cells.find(i); it != cells.end()) row.errors = it->second;
        if (auto it = unparsed.find(i); it != unparsed.end()) bits = it->second;
      }
      // The texts as written go into the messages of a bad row only.
      if (!unit.ok() || !period.ok() || !row.errors.empty()) {
        row.unit_text = uc[i] < 0 ? "" : unit_texts[static_cast<size_t>(uc[i])];
        row.period_text = pc[i] < 0 ? "" : period_texts[static_cast<size_t>(pc[i])];
      }
      ResolveRow(row, unit, period, bits);
      table.Add(std::move(row));
    }
    table.Finish();
  }

  // Output keys over the rule sets used, and for each set the index of each key in it.
  const std::vector<std::string> keys = table.indicator_keys();
  const std::span<const RuleSet> sets = all_periods ? std::span<const RuleSet>(all_periods, 1) : book.sets();
  std::vector<std::vector<int>> index_of(sets.size(), std::vector<int>(keys.size(), -1));
  for (size_t s = 0; s < sets.size(); ++s) {
    for (size_t k = 0; k < keys.size(); ++k) {
      for (size_t j = 0; j < sets[s].indicators().size(); ++j) {
        if (sets[s].indicators()[j].key == keys[k]) index_of[s][k] = static_cast<int>(j);
      }
    }
  }
  const size_t m = table.size();
  py::array_t<int32_t> unit_index(m), period_index(m), ruleset_index(m), na_index(m);
  py::array_t<double> total(m);
  py::array_t<int64_t> rank(m), category_rank(m);
  py::array_t<bool> bad(m), outside(m), zero(m);
  std::vector<py::array_t<double>> rate_cols, point_cols;
  for (size_t k = 0; k < keys.size(); ++k) {
    rate_cols.emplace_back(m);
    point_cols.emplace_back(m);
  }
  std::vector<double*> rc, pcol;
  for (size_t k = 0; k < keys.size(); ++k) {
    rc.push_back(rate_cols[k].mutable_data());
    pcol.push_back(point_cols[k].mutable_data());
  }
  absl::flat_hash_map<uint64_t, int32_t> period_ids;  // year × 64 + kind × 16 + index -> position in period_out
  std::vector<std::string> period_out;
  absl::flat_hash_map<std::pair<size_t, uint64_t>, int32_t> na_ids;  // (rule set, bits) -> position in na_out
  std::vector<std::string> na_out;
  py::dict errors;
  const double nan = std::nan("");
  {
    int32_t* ui = unit_index.mutable_data();
    int32_t* pi = period_index.mutable_data();
    int32_t* ri = ruleset_index.mutable_data();
    int32_t* ni = na_index.mutable_data();
    double* t = total.mutable_data();
    int64_t* rk = rank.mutable_data();
    int64_t* crk = category_rank.mutable_data();
    bool* b = bad.mutable_data();
    bool* o = outside.mutable_data();
    bool* z = zero.mutable_data();
    for (size_t i = 0; i < m; ++i) {
      b[i] = !table.ok(i);
      if (b[i]) {
        py::list row_errors;
        for (const RowError& e : table.errors(i)) {
          row_errors.append(py::make_tuple(e.column, e.message, absl::StatusCodeToString(e.code)));
        }
        errors[py::int_(i)] = row_errors;
        ui[i] = pi[i] = ri[i] = ni[i] = -1;
        t[i] = nan;
        rk[i] = crk[i] = 0;
        o[i] = z[i] = false;
        for (size_t k = 0; k < keys.size(); ++k) rc[k][i] = pcol[k][i] = nan;
        continue;
      }
      ui[i] = static_cast<int32_t>(&table.unit(i) - registry.units().data());
      const Period& period = table.period(i);
      const uint64_t code = static_cast<uint64_t>(period.year()) * 64 + static_cast<uint64_t>(period.kind()) * 16 +
                            static_cast<uint64_t>(period.index());
      auto [it, added] = period_ids.try_emplace(code, static_cast<int32_t>(period_out.size()));
      if (added) period_out.push_back(period.ToString());
      pi[i] = it->second;
      const RuleSet& rules = table.rules(i);
      const size_t s = all_periods ? 0 : static_cast<size_t>(&rules - book.sets().data());
      ri[i] = static_cast<int32_t>(s);
      t[i] = table.total(i).ToDouble();
      rk[i] = table.rank(i);
      crk[i] = table.category_rank(i);
      o[i] = table.ruleset_outside_dates(i);
      z[i] = table.zero_activity(i);
      uint64_t na_bits = 0;
      for (size_t k = 0; k < keys.size(); ++k) {
        const int j = index_of[s][k];
        std::optional<Decimal> r = j < 0 ? std::nullopt : table.rate(i, static_cast<size_t>(j));
        std::optional<Decimal> pts = j < 0 ? std::nullopt : table.points(i, static_cast<size_t>(j));
        rc[k][i] = r ? r->ToDouble() : nan;
        pcol[k][i] = pts ? pts->ToDouble() : nan;
      }
      for (size_t j = 0; j < rules.indicators().size() && j < 64; ++j) {
        if (!table.rate(i, j)) na_bits |= uint64_t{1} << j;
      }
      auto [nit, nadded] = na_ids.try_emplace(std::pair{s, na_bits}, static_cast<int32_t>(na_out.size()));
      if (nadded) {
        std::string text;
        for (const std::string& key : table.not_applicable(i)) text += (text.empty() ? "" : "|") + key;
        na_out.push_back(std::move(text));
      }
      ni[i] = nit->second;
    }
  }
  py::dict out;
  out["keys"] = keys;
  std::vector<std::string> names;
  for (const std::string& key : keys) {
    std::string name = key;
    for (const RuleSet& set : sets) {
      for (const Indicator& ind : set.indicators()) {
        if (ind.key == key && name == key) name = ind.name;
      }
    }
    names.push_back(name);
  }
  out["names"] = names;
  out["unit_index"] = unit_index;
  out["period_index"] = period_index;
  out["periods"] = period_out;
  out["ruleset_index"] = ruleset_index;
  std::vector<std::string> ids, digests;
  for (const RuleSet& set : sets) {
    ids.push_back(set.id());
    digests.push_back(set.digest().substr(7, 12));
  }
  out["ruleset_ids"] = ids;
  out["ruleset_digests"] = digests;
  out["na_index"] = na_index;
  out["not_applicable"] = na_out;
  out["zero_activity"] = zero;
  out["total"] = total;
  out["rank"] = rank;
  out["category_rank"] = category_rank;
  out["bad"] = bad;
  out["outside"] = outside;
  for (size_t k = 0; k < keys.size(); ++k) {
    out[py::str(keys[k] + "_rate")] = rate_cols[k];
    out[py::str(keys[k] + "_points")] = point_cols[k];
  }
  out["errors"] = errors;
  return out;
}

}  // namespace

void BindFrame(py::module_& m) {
  m.def(
      "score_frame_columns",
      [](py::array_t<int64_t, py::array::c_style> unit_codes, const std::vector<std::string>& unit_texts,
         py::array_t<int64_t, py::array::c_style> period_codes, const std::vector<std::string>& period_texts,
         py::array_t<int64_t, py::array::c_style> values, py::array_t<bool, py::array::c_style> present,
         const std::vector<CellError>& cell_errors, const RuleBook& book, const std::shared_ptr<Registry>& registry,
         const std::shared_ptr<RuleSet>& all_periods) {
        return ScoreFrameColumns(unit_codes, unit_texts, period_codes, period_texts, values, present, cell_errors, book,
                                 registry ? *registry : Registry::Builtin(), all_periods.get());
      },
      py::arg("unit_codes"), py::arg("unit_texts"), py::arg("period_codes"), py::arg("period_texts"), py::arg("values"),
      py::arg("present"), py::arg("cell_errors"), py::arg("book"), py::arg("registry"), py::arg("all_periods"));
}

}  // namespace zhifa::python
