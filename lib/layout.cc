// The report's one layout (layout.h): scored rows in, sheets of tables and charts out.
#include "zhifa/layout.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/strings.h"
#include "zhifa/explain.h"
#include "zhifa/period.h"
#include "zhifa/units.h"

namespace zhifa {
namespace {

std::string_view CategoryLabel(std::string_view key, Language lang) {
  std::optional<Category> c = CategoryFromKey(key);
  if (!c) return key;
  if (lang == Language::kZh) return CategoryName(*c);
  switch (*c) {
    case Category::kTownship:
      return "Township";
    case Category::kDepartment:
      return "Department";
    case Category::kVertical:
      return "Vertical";
  }
  return key;
}

std::string CategorySheetName(Category c, Language lang) {
  if (lang == Language::kZh) return std::string(CategoryName(c));
  switch (c) {
    case Category::kTownship:
      return "Townships";
    case Category::kDepartment:
      return "County departments";
    case Category::kVertical:
      return "Vertical units";
  }
  return "";
}

// Periods in time order, as Period orders them (2021 before 2021-H1 before 2021-Q1); a text that is not a period
// (possible from a frame's bad row) after every period, by text. Each text is parsed once.
struct PeriodOrder {
  absl::flat_hash_map<std::string, std::optional<Period>> parsed;
  std::optional<Period> Of(const std::string& text) {
    auto [it, inserted] = parsed.try_emplace(text);
    if (inserted) {
      absl::StatusOr<Period> p = Period::Parse(text);
      if (p.ok()) it->second = *p;
    }
    return it->second;  // a copy: a later insertion may move the map's entries
  }
  bool Less(const std::string& a, const std::string& b) {
    const std::optional<Period> pa = Of(a), pb = Of(b);
    if (pa.has_value() != pb.has_value()) return pa.has_value();
    if (pa && *pa != *pb) return *pa < *pb;
    return a < b;
  }
};

LayoutCell OptionalNumber(const std::optional<double>& v) { return v ? LayoutCell::Number(*v) : LayoutCell{}; }

// The columns every scored sheet shares after its leading ones: each indicator's rate and points, then the total.
void AddScoreColumns(std::vector<LayoutColumn>& columns, const ReportInput& in, Language lang) {
  for (const ReportIndicator& ind : in.indicators) {
    const std::string& name = lang == Language::kZh || ind.name_en.empty() ? ind.name : ind.name_en;
    columns.push_back({name, ColumnKind::kPercent, in.rate_decimals});
    columns.push_back({lang == Language::kZh ? absl::StrCat(name, "得分") : absl::StrCat(name, " points"),
                       ColumnKind::kDecimal, in.points_decimals});
  }
  columns.push_back({std::string(Pick(lang, "总分", "Total")), ColumnKind::kDecimal, in.points_decimals});
}

void AddScoreCells(std::vector<LayoutCell>& cells, const ReportRow& r, size_t indicators) {
  for (size_t j = 0; j < indicators; ++j) {
    cells.push_back(OptionalNumber(j < r.rates.size() ? r.rates[j] : std::nullopt));
    cells.push_back(OptionalNumber(j < r.points.size() ? r.points[j] : std::nullopt));
  }
  cells.push_back(LayoutCell::Number(r.total));
}

// A row's 备注: indicators that did not apply, no activity, a rule set outside its dates.
std::string Notes(const ReportRow& r, const ReportInput& in, Language lang) {
  std::vector<std::string> notes;
  // A unit with no activity has every denominator zero: one note says it, not one per indicator.
  if (r.zero_activity)
    notes.emplace_back(
        Pick(lang, "无任何执法活动（各项分母为0）", "no enforcement activity at all (every denominator zero)"));
  for (const std::string& key : r.zero_activity ? std::vector<std::string>{} : r.not_applicable) {
    std::string name = key;
    for (const ReportIndicator& ind : in.indicators) {
      if (ind.key == key) name = lang == Language::kZh || ind.name_en.empty() ? ind.name : ind.name_en;
    }
    // Its points are what the rule set's zero_denominator policy gives (full by default): shown beside.
    notes.push_back(lang == Language::kZh ? absl::StrCat(name, "不适用（分母为0）")
                                          : absl::StrCat(name, " not applicable (zero denominator)"));
  }
  if (r.outside_dates) {
    notes.push_back(lang == Language::kZh
                        ? absl::StrCat("按规则集 ", r.ruleset, " 评分，该规则集不适用于本期间")
                        : absl::StrCat("scored by rule set ", r.ruleset, ", not in force in this period"));
  }
  return absl::StrJoin(notes, lang == Language::kZh ? "；" : "; ");
}

// A row's place as a cell: a line number as a number, any other label as text.
LayoutCell LabelCell(const std::string& label) {
  if (label.empty()) return {};
  if (label.size() <= 15 && (label.size() == 1 || label[0] != '0') &&
      std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return LayoutCell::Number(std::strtod(label.c_str(), nullptr));
  }
  return LayoutCell::Text(label);
}

// Excel's rules for a sheet name: 1 to 31 UTF-16 units, none of []:*?/\ nor a control character, no apostrophe
// first or last, not "History" (Excel's own), unique ignoring case. A findings group's name may break them:
// replace, cut, number.
void MakeSheetNamesValid(std::vector<LayoutSheet>& sheets) {
  auto code_points = [](const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
      const size_t n = internal::Utf8SequenceLength(static_cast<unsigned char>(s[i]));
      out.push_back(s.substr(i, n));
      i += n;
    }
    return out;
  };
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  absl::flat_hash_map<std::string, int> used = {{"history", 1}};
  for (LayoutSheet& sheet : sheets) {
    std::vector<std::string> cps = code_points(sheet.name);
    for (std::string& cp : cps) {
      if (cp.size() == 1 && (static_cast<unsigned char>(cp[0]) < 0x20 || cp[0] == 0x7F ||
                             std::string_view("[]:*?/\\").find(cp[0]) != std::string_view::npos)) {
        cp = "_";
      }
    }
    if (!cps.empty() && cps.front() == "'") cps.front() = "_";
    if (!cps.empty() && cps.back() == "'") cps.back() = "_";
    if (cps.empty()) cps.push_back("_");
    for (int n = 1;; ++n) {
      std::string suffix = n == 1 ? "" : absl::StrCat(" (", n, ")");
      // A character of 4 UTF-8 bytes is outside the BMP: two UTF-16 units.
      size_t units = suffix.size(), kept = 0;
      while (kept < cps.size() && units + (cps[kept].size() == 4 ? 2 : 1) <= 31) {
        units += cps[kept].size() == 4 ? 2 : 1;
        ++kept;
      }
      std::vector<std::string> head(cps.begin(), cps.begin() + kept);
      std::string name = absl::StrCat(absl::StrJoin(head, ""), suffix);
      if (!head.empty() && head.back() == "'" && suffix.empty()) name.back() = '_';
      if (used.try_emplace(lower(name), 1).second) {
        sheet.name = name;
        break;
      }
    }
  }
}

}  // namespace

Color CategoryColor(std::string_view category_key) {
  if (category_key == "township") return 0x4472C4;    // blue
  if (category_key == "department") return 0xED7D31;  // orange
  if (category_key == "vertical") return 0x70AD47;    // green
  return 0xA5A5A5;
}

ReportInput ReportInputFromTable(const ScoredTable& table, Language language, bool explain) {
  ReportInput in;
  std::vector<std::string> keys = table.indicator_keys();
  // Names come from the first rule set that has the key (rows in input order).
  std::vector<bool> named(keys.size(), false);
  for (const std::string& k : keys) in.indicators.push_back({k, k, k});
  bool decimals_set = false;
  in.rows.reserve(table.size());
  for (size_t i = 0; i < table.size(); ++i) {
    ReportRow r;
    if (table.row_number(i) > 0) r.label = std::to_string(table.row_number(i));
    r.unit = table.unit_text(i);
    r.period = table.period_text(i);
    if (!table.ok(i)) {
      r.error = JoinErrors(table.errors(i));
      in.rows.push_back(std::move(r));
      continue;
    }
    const Unit& unit = table.unit(i);
    const RuleSet& rules = table.rules(i);
    if (!decimals_set) {
      in.points_decimals = rules.points_decimals();
      in.rate_decimals = rules.rate_decimals();
      decimals_set = true;
    }
    r.unit_code = unit.code;
    r.category = std::string(CategoryKey(unit.category));
    r.rates.resize(keys.size());
    r.points.resize(keys.size());
    for (size_t k = 0; k < keys.size(); ++k) {
      std::optional<size_t> j = table.indicator_index(i, keys[k]);
      if (!j) continue;
      if (!named[k]) {
        const Indicator& ind = rules.indicators()[*j];
        in.indicators[k] = {keys[k], ind.name, ind.name_en};
        named[k] = true;
      }
      if (std::optional<Decimal> p = table.points(i, *j)) r.points[k] = p->ToDouble();
      if (std::optional<Decimal> rate = table.rate(i, *j)) r.rates[k] = rate->ToDouble();
    }
    r.total = table.total(i).ToDouble();
    r.rank = table.rank(i);
    r.category_rank = table.category_rank(i);
    r.ruleset = rules.id();
    r.ruleset_digest = std::string(std::string_view(rules.digest()).substr(7, 12));
    r.not_applicable = table.not_applicable(i);
    r.zero_activity = table.zero_activity(i);
    r.outside_dates = table.ruleset_outside_dates(i);
    if (explain) r.explanation = Explain(table.Card(i), language);
    in.rows.push_back(std::move(r));
  }
  // Keys no good row named (no good row at all, say): the book's sets name them, and give the places.
  for (size_t k = 0; k < keys.size(); ++k) {
    for (const RuleSet& set : table.book().sets()) {
      if (named[k]) break;
      for (const Indicator& ind : set.indicators()) {
        if (ind.key == keys[k]) {
          in.indicators[k] = {keys[k], ind.name, ind.name_en};
          named[k] = true;
          break;
        }
      }
    }
  }
  if (!decimals_set && !table.book().sets().empty()) {
    in.points_decimals = table.book().sets().front().points_decimals();
    in.rate_decimals = table.book().sets().front().rate_decimals();
  }
  return in;
}

ReportLayout BuildReportLayout(const ReportInput& in, Language lang) {
  ReportLayout layout;
  layout.language = lang;
  layout.title = std::string(Pick(lang, "镇平县行政执法六率考核排名通报",
                                  "Zhenping County administrative enforcement: six-rate evaluation and ranking"));
  const size_t n_ind = in.indicators.size();
  const std::string notes_header(Pick(lang, "备注", "Notes"));

  // Good rows, latest period first, then by rank (ties in input order); bad rows apart.
  PeriodOrder order;
  std::vector<size_t> good, bad;
  for (size_t i = 0; i < in.rows.size(); ++i) (in.rows[i].error.empty() ? good : bad).push_back(i);
  std::stable_sort(good.begin(), good.end(), [&](size_t a, size_t b) {
    const ReportRow &x = in.rows[a], &y = in.rows[b];
    if (x.period != y.period) return order.Less(y.period, x.period);
    return x.rank < y.rank;
  });
  std::vector<std::string> periods;  // ascending
  for (size_t i : good) {
    if (periods.empty() || periods.back() != in.rows[i].period) periods.push_back(in.rows[i].period);
  }
  std::reverse(periods.begin(), periods.end());
  std::vector<std::string> notes(in.rows.size());
  bool any_notes = false;
  for (size_t i : good) {
    notes[i] = Notes(in.rows[i], in, lang);
    any_notes = any_notes || !notes[i].empty();
  }

  // 总表 / Summary.
  {
    LayoutSheet s;
    s.name = std::string(Pick(lang, "总表", "Summary"));
    s.title = layout.title;
    s.columns = {{std::string(Pick(lang, "排名", "Rank")), ColumnKind::kInteger, 0},
                 {std::string(Pick(lang, "单位", "Unit")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "类别", "Category")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "期间", "Period")), ColumnKind::kText, 0}};
    AddScoreColumns(s.columns, in, lang);
    s.columns.push_back({std::string(Pick(lang, "类别排名", "Category rank")), ColumnKind::kInteger, 0});
    const size_t total_column = s.columns.size() - 2;
    if (any_notes) s.columns.push_back({notes_header, ColumnKind::kText, 0});
    for (size_t i : good) {
      const ReportRow& r = in.rows[i];
      std::vector<LayoutCell> cells = {LayoutCell::Number(r.rank), LayoutCell::Text(r.unit),
                                       LayoutCell::Text(std::string(CategoryLabel(r.category, lang))),
                                       LayoutCell::Text(r.period)};
      AddScoreCells(cells, r, n_ind);
      cells.push_back(LayoutCell::Number(r.category_rank));
      if (any_notes) cells.push_back(LayoutCell::Text(notes[i]));
      s.rows.push_back(std::move(cells));
    }
    // The latest period's rows are the first block (sheet rows 1..count).
    size_t count = 0;
    while (count < good.size() && in.rows[good[count]].period == periods.back()) ++count;
    if (count > kMaxBars) {
      s.title = lang == Language::kZh ? absl::StrCat(layout.title, "（", periods.back(), " 有 ", count,
                                                     " 个单位，多于 ", kMaxBars, "，不绘制总分图）")
                                      : absl::StrCat(layout.title, " (", periods.back(), " has ", count,
                                                     " units, more than ", kMaxBars, ": no chart of totals)");
    } else if (count > 0) {
      LayoutChart chart;
      chart.kind = LayoutChart::Kind::kBar;
      chart.title =
          lang == Language::kZh ? absl::StrCat(periods.back(), " 总分") : absl::StrCat(periods.back(), " total");
      chart.value_title = std::string(Pick(lang, "总分", "Total"));
      ChartSeries series;
      series.name = chart.value_title;
      series.categories = {1, count, 1, 1};
      series.values = {1, count, total_column, total_column};
      series.color = CategoryColor("department");
      bool mixed = false;
      for (size_t k = 0; k < count; ++k) {
        series.point_colors.push_back(CategoryColor(in.rows[good[k]].category));
        mixed = mixed || series.point_colors.back() != series.point_colors.front();
      }
      for (Category c : {Category::kTownship, Category::kDepartment, Category::kVertical}) {
        std::string_view key = CategoryKey(c);
        Color color = CategoryColor(key);
        if (std::find(series.point_colors.begin(), series.point_colors.end(), color) != series.point_colors.end()) {
          chart.key.emplace_back(std::string(CategoryLabel(key, lang)), color);
        }
      }
      if (!mixed) {
        series.color = series.point_colors.front();
        series.point_colors.clear();
      }
      chart.series.push_back(std::move(series));
      s.charts.push_back(std::move(chart));
    }
    layout.sheets.push_back(std::move(s));
  }

  // One sheet per category, by category rank.
  for (Category c : {Category::kTownship, Category::kDepartment, Category::kVertical}) {
    std::string_view key = CategoryKey(c);
    LayoutSheet s;
    s.name = CategorySheetName(c, lang);
    s.title = lang == Language::kZh ? absl::StrCat(layout.title, " · ", std::string(CategoryName(c)))
                                    : absl::StrCat(layout.title, " · ", s.name);
    s.columns = {{std::string(Pick(lang, "类别排名", "Category rank")), ColumnKind::kInteger, 0},
                 {std::string(Pick(lang, "单位", "Unit")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "期间", "Period")), ColumnKind::kText, 0}};
    AddScoreColumns(s.columns, in, lang);
    s.columns.push_back({std::string(Pick(lang, "排名", "Rank")), ColumnKind::kInteger, 0});
    if (any_notes) s.columns.push_back({notes_header, ColumnKind::kText, 0});
    for (size_t i : good) {  // by period, then rank: within a category, rank order is category-rank order
      const ReportRow& r = in.rows[i];
      if (r.category != key) continue;
      std::vector<LayoutCell> cells = {LayoutCell::Number(r.category_rank), LayoutCell::Text(r.unit),
                                       LayoutCell::Text(r.period)};
      AddScoreCells(cells, r, n_ind);
      cells.push_back(LayoutCell::Number(r.rank));
      if (any_notes) cells.push_back(LayoutCell::Text(notes[i]));
      s.rows.push_back(std::move(cells));
    }
    if (!s.rows.empty()) layout.sheets.push_back(std::move(s));
  }

  // 趋势 / Trend: unit × period, when there are several periods.
  if (periods.size() > 1) {
    LayoutSheet s;
    s.name = std::string(Pick(lang, "趋势", "Trend"));
    s.title = std::string(Pick(lang, "各单位各期总分与排名", "Each unit's total and rank by period"));
    s.columns = {{std::string(Pick(lang, "单位", "Unit")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "类别", "Category")), ColumnKind::kText, 0}};
    for (const std::string& p : periods) {
      s.columns.push_back(
          {lang == Language::kZh ? absl::StrCat(p) : absl::StrCat(p), ColumnKind::kDecimal, in.points_decimals});
    }
    for (const std::string& p : periods) {
      s.columns.push_back(
          {lang == Language::kZh ? absl::StrCat(p, " 排名") : absl::StrCat(p, " rank"), ColumnKind::kInteger, 0});
    }
    s.columns.push_back(
        {std::string(Pick(lang, "总分变化", "Change of total")), ColumnKind::kChange, in.points_decimals});
    s.columns.push_back({std::string(Pick(lang, "排名变化", "Change of rank")), ColumnKind::kChange, 0});
    // Units: by category, then by rank in the latest period they have, then by name.
    struct UnitRow {
      std::string unit, category;
      std::vector<const ReportRow*> by_period;
    };
    std::vector<UnitRow> units;
    absl::flat_hash_map<std::string, size_t> index;
    absl::flat_hash_map<std::string, size_t> period_index;
    for (size_t p = 0; p < periods.size(); ++p) period_index[periods[p]] = p;
    for (size_t i : good) {
      const ReportRow& r = in.rows[i];
      const std::string& id = r.unit_code.empty() ? r.unit : r.unit_code;
      auto [it, inserted] = index.try_emplace(id, units.size());
      if (inserted) units.push_back({r.unit, r.category, std::vector<const ReportRow*>(periods.size(), nullptr)});
      units[it->second].by_period[period_index[r.period]] = &r;
    }
    auto category_order = [](const std::string& key) {
      std::optional<Category> c = CategoryFromKey(key);
      return c ? static_cast<int>(*c) : 3;
    };
    auto latest_rank = [&](const UnitRow& u) {
      for (size_t p = periods.size(); p-- > 0;) {
        if (u.by_period[p] != nullptr) return std::pair<size_t, int>{periods.size() - p, u.by_period[p]->rank};
      }
      return std::pair<size_t, int>{periods.size() + 1, 0};
    };
    std::stable_sort(units.begin(), units.end(), [&](const UnitRow& a, const UnitRow& b) {
      return std::make_tuple(category_order(a.category), latest_rank(a), a.unit) <
             std::make_tuple(category_order(b.category), latest_rank(b), b.unit);
    });
    for (const UnitRow& u : units) {
      std::vector<LayoutCell> cells = {LayoutCell::Text(u.unit),
                                       LayoutCell::Text(std::string(CategoryLabel(u.category, lang)))};
      for (const ReportRow* r : u.by_period) cells.push_back(r ? LayoutCell::Number(r->total) : LayoutCell{});
      for (const ReportRow* r : u.by_period) cells.push_back(r ? LayoutCell::Number(r->rank) : LayoutCell{});
      const ReportRow* first = u.by_period.front();
      const ReportRow* last = u.by_period.back();
      if (first != nullptr && last != nullptr) {
        // Rounded to the points' places: 88.05 - 92.01 is -3.9599999999999937 in binary.
        double scale = std::pow(10.0, in.points_decimals);
        cells.push_back(LayoutCell::Number(std::round((last->total - first->total) * scale) / scale));
        cells.push_back(LayoutCell::Number(first->rank - last->rank));
      } else {
        cells.emplace_back();
        cells.emplace_back();
      }
      s.rows.push_back(std::move(cells));
    }
    // A line chart per category: one line per unit over the period columns (labels from the header row), at most
    // kMaxSeries lines a chart (Excel draws no more).
    size_t row = 1;
    for (Category c : {Category::kTownship, Category::kDepartment, Category::kVertical}) {
      std::string_view key = CategoryKey(c);
      const size_t first = row;
      while (row - 1 < units.size() && units[row - 1].category == key) ++row;
      const size_t charts = (row - first + kMaxSeries - 1) / kMaxSeries;
      for (size_t part = 0; part < charts; ++part) {
        LayoutChart chart;
        chart.kind = LayoutChart::Kind::kLine;
        chart.title = lang == Language::kZh ? absl::StrCat(std::string(CategoryName(c)), " 总分趋势")
                                            : absl::StrCat(CategorySheetName(c, lang), ": total by period");
        if (charts > 1) absl::StrAppend(&chart.title, " (", part + 1, "/", charts, ")");
        chart.value_title = std::string(Pick(lang, "总分", "Total"));
        const size_t from = first + part * kMaxSeries, to = std::min(row, from + kMaxSeries);
        for (size_t r = from; r < to; ++r) {
          ChartSeries series;
          series.name = units[r - 1].unit;
          series.name_cell = std::pair<size_t, size_t>{r, 0};
          series.categories = {0, 0, 2, 1 + periods.size()};
          series.values = {r, r, 2, 1 + periods.size()};
          chart.series.push_back(std::move(series));
        }
        s.charts.push_back(std::move(chart));
      }
    }
    layout.sheets.push_back(std::move(s));
  }

  // 说明 / Explanations, in the order of 总表.
  bool explained = std::any_of(good.begin(), good.end(), [&](size_t i) { return !in.rows[i].explanation.empty(); });
  if (explained) {
    LayoutSheet s;
    s.name = std::string(Pick(lang, "说明", "Explanations"));
    s.title = std::string(Pick(lang, "每个单位的得分说明（分子、分母、比率、扣分及条款），附规则集与摘要，可复算",
                               "Each unit's explanation (numerator, denominator, rate, deductions and their "
                               "clauses), with the rule set and its digest, so that a score can be replayed"));
    s.columns = {{std::string(Pick(lang, "单位", "Unit")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "期间", "Period")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "总分", "Total")), ColumnKind::kDecimal, in.points_decimals},
                 {std::string(Pick(lang, "排名", "Rank")), ColumnKind::kInteger, 0},
                 {std::string(Pick(lang, "规则集", "Rule set")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "规则集摘要", "Rule set digest")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "说明", "Explanation")), ColumnKind::kLongText, 0}};
    for (size_t i : good) {
      const ReportRow& r = in.rows[i];
      s.rows.push_back({LayoutCell::Text(r.unit), LayoutCell::Text(r.period), LayoutCell::Number(r.total),
                        LayoutCell::Number(r.rank), LayoutCell::Text(r.ruleset), LayoutCell::Text(r.ruleset_digest),
                        LayoutCell::Text(r.explanation)});
    }
    layout.sheets.push_back(std::move(s));
  }

  // 错误 / Errors: the bad rows, in input order.
  if (!bad.empty()) {
    LayoutSheet s;
    s.name = std::string(Pick(lang, "错误", "Errors"));
    s.title = std::string(Pick(lang, "未评分的行及其错误", "Rows not scored, and why"));
    s.columns = {{std::string(Pick(lang, "行", "Line")), ColumnKind::kInteger, 0},
                 {std::string(Pick(lang, "单位", "Unit")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "期间", "Period")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "错误", "Error")), ColumnKind::kLongText, 0}};
    for (size_t i : bad) {
      const ReportRow& r = in.rows[i];
      s.rows.push_back(
          {LabelCell(r.label), LayoutCell::Text(r.unit), LayoutCell::Text(r.period), LayoutCell::Text(r.error)});
    }
    layout.sheets.push_back(std::move(s));
  }

  // One sheet per group of findings.
  for (const FindingsGroup& g : in.findings) {
    LayoutSheet s;
    s.name = lang == Language::kZh || g.name_en.empty() ? g.name : g.name_en;
    s.title = lang == Language::kZh ? absl::StrCat(s.name, "：共 ", g.findings.size(), " 项")
                                    : absl::StrCat(s.name, ": ", g.findings.size(), " findings");
    s.columns = {{std::string(Pick(lang, "行", "Line")), ColumnKind::kInteger, 0},
                 {lang == Language::kZh || g.id_header_en.empty() ? g.id_header : g.id_header_en, ColumnKind::kText, 0},
                 {std::string(Pick(lang, "单位", "Unit")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "规则", "Rule")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "条款", "Clause")), ColumnKind::kText, 0},
                 {std::string(Pick(lang, "说明", "Message")), ColumnKind::kLongText, 0}};
    for (size_t k = 0; k < g.findings.size(); ++k) {
      const Finding& f = g.findings[k];
      LayoutCell where = k < g.labels.size() ? LabelCell(g.labels[k])
                         : f.row > 0         ? LayoutCell::Number(static_cast<double>(f.row))
                                             : LayoutCell{};
      s.rows.push_back({where, LayoutCell::Text(f.id), LayoutCell::Text(f.unit), LayoutCell::Text(f.rule),
                        LayoutCell::Text(f.clause), LayoutCell::Text(std::string(f.Message(lang)))});
    }
    layout.sheets.push_back(std::move(s));
  }
  MakeSheetNamesValid(layout.sheets);
  return layout;
}

}  // namespace zhifa
