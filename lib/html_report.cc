// The HTML report (layout.h): one self-contained file, tables as <table>, charts as inline SVG drawn from the
// same cell ranges the workbook's charts name.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "zhifa/layout.h"

namespace zhifa {
namespace {

void Escape(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

std::string Escaped(std::string_view text) {
  std::string out;
  Escape(out, text);
  return out;
}

std::string Hex(Color c) { return absl::StrFormat("#%06X", c & 0xFFFFFF); }

// A number as its column shows it: fixed places, a sign on changes, a % on rates.
std::string FormatNumber(double v, const LayoutColumn& column) {
  switch (column.kind) {
    case ColumnKind::kPercent:
      return absl::StrFormat("%.*f%%", column.decimals, v);
    case ColumnKind::kChange:
      return v > 0 ? absl::StrFormat("+%.*f", column.decimals, v) : absl::StrFormat("%.*f", column.decimals, v);
    case ColumnKind::kInteger:
      return absl::StrFormat("%.0f", v);
    default:
      return absl::StrFormat("%.*f", column.decimals, v);
  }
}

// The text of a range's cell (row 0: the header), and its number.
std::string CellText(const LayoutSheet& s, size_t row, size_t column) {
  if (row == 0) return column < s.columns.size() ? s.columns[column].header : "";
  if (row - 1 >= s.rows.size() || column >= s.rows[row - 1].size()) return "";
  const LayoutCell& c = s.rows[row - 1][column];
  if (c.kind == LayoutCell::Kind::kText) return c.text;
  if (c.kind == LayoutCell::Kind::kNumber) return FormatNumber(c.number, s.columns[column]);
  return "";
}
std::optional<double> CellNumber(const LayoutSheet& s, size_t row, size_t column) {
  if (row == 0 || row - 1 >= s.rows.size() || column >= s.rows[row - 1].size()) return std::nullopt;
  const LayoutCell& c = s.rows[row - 1][column];
  if (c.kind != LayoutCell::Kind::kNumber) return std::nullopt;
  return c.number;
}

// The cells of a range, row by row (a range is one row or one column in a chart).
template <typename F>
void ForEachCell(const CellRange& r, F f) {
  for (size_t row = r.first_row; row <= r.last_row; ++row) {
    for (size_t col = r.first_column; col <= r.last_column; ++col) f(row, col);
  }
}

// A value axis from 0 (or below, for negative values) to a round number above the largest value.
std::pair<double, double> AxisBounds(double lo, double hi) {
  lo = std::min(lo, 0.0);
  if (hi <= lo) hi = lo + 1;
  double step = std::pow(10.0, std::floor(std::log10(hi - lo)));
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step};
}

// 1, 2 or 5 times a power of ten, at least `raw` (axis ticks).
double NiceStep(double raw) {
  if (!(raw > 0)) return 1;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

constexpr Color kPalette[] = {0x4472C4, 0xED7D31, 0xA5A5A5, 0xFFC000, 0x5B9BD5, 0x70AD47,
                              0x264478, 0x9E480E, 0x636363, 0x997300, 0x255E91, 0x43682B};

void Legend(std::string& out, const std::vector<std::pair<std::string, Color>>& key, double x, double y) {
  for (const auto& [label, color] : key) {
    absl::StrAppendFormat(&out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, y - 10,
                          Hex(color));
    absl::StrAppendFormat(&out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x + 16, y, Escaped(label));
    y += 18;
  }
}

void BarChart(std::string& out, const LayoutSheet& s, const LayoutChart& chart) {
  if (chart.series.empty()) return;
  const ChartSeries& series = chart.series.front();
  std::vector<std::string> labels;
  std::vector<std::optional<double>> values;
  ForEachCell(series.categories, [&](size_t r, size_t c) { labels.push_back(CellText(s, r, c)); });
  ForEachCell(series.values, [&](size_t r, size_t c) { values.push_back(CellNumber(s, r, c)); });
  double hi = 0, lo = 0;
  for (const auto& v : values) {
    if (v) hi = std::max(hi, *v), lo = std::min(lo, *v);
  }
  const std::pair<double, double> bounds = AxisBounds(lo, hi);  // not a structured binding: clang 14 cannot
  const double min = bounds.first, max = bounds.second;         // capture one in the lambda below
  const double label_width = 150, plot_width = 560, bar = 14, gap = 4, top = 48;
  const double width = label_width + plot_width + 200;
  const double height = top + values.size() * (bar + gap) + 30;
  auto x_of = [&](double v) { return label_width + (v - min) / (max - min) * plot_width; };
  absl::StrAppendFormat(&out,
                        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                        "viewBox=\"0 0 %.0f %.0f\" role=\"img\"><title>%s</title>",
                        width, height, width, height, Escaped(chart.title));
  absl::StrAppendFormat(&out, "<text class=\"title\" x=\"%.1f\" y=\"20\">%s</text>", label_width, Escaped(chart.title));
  // Grid lines at five steps of the axis.
  for (int k = 0; k <= 5; ++k) {
    double v = min + (max - min) * k / 5, x = x_of(v);
    absl::StrAppendFormat(&out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", x, top - 6, x,
                          height - 24);
    absl::StrAppendFormat(&out, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>", x,
                          height - 10, v);
  }
  for (size_t i = 0; i < values.size(); ++i) {
    double y = top + i * (bar + gap);
    absl::StrAppendFormat(&out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", label_width - 6,
                          y + bar - 3, Escaped(i < labels.size() ? labels[i] : ""));
    if (!values[i]) continue;
    Color color = i < series.point_colors.size() ? series.point_colors[i] : series.color;
    double x0 = x_of(std::min(0.0, *values[i])), x1 = x_of(std::max(0.0, *values[i]));
    absl::StrAppendFormat(&out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\"/>", x0, y,
                          x1 - x0, bar, Hex(color));
    absl::StrAppendFormat(&out, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">%s</text>", x1 + 4, y + bar - 3,
                          Escaped(CellText(s, series.values.first_row + i, series.values.first_column)));
  }
  Legend(out, chart.key, label_width + plot_width + 60, top + 10);
  out += "</svg>\n";
}

void LineChart(std::string& out, const LayoutSheet& s, const LayoutChart& chart) {
  if (chart.series.empty()) return;
  std::vector<std::string> labels;
  ForEachCell(chart.series.front().categories, [&](size_t r, size_t c) { labels.push_back(CellText(s, r, c)); });
  std::vector<std::vector<std::optional<double>>> values;
  double hi = 0, lo = 1e300;
  for (const ChartSeries& series : chart.series) {
    values.emplace_back();
    ForEachCell(series.values, [&](size_t r, size_t c) {
      values.back().push_back(CellNumber(s, r, c));
      if (values.back().back()) hi = std::max(hi, *values.back().back()), lo = std::min(lo, *values.back().back());
    });
  }
  if (lo > hi) lo = 0;
  // Totals sit between 50 and 100: an axis from a round number below the lowest shows their differences.
  const double step = NiceStep((hi - lo) / 5);
  const double min = std::max(0.0, std::floor(lo / step) * step);
  const double max = std::max(min + step, std::ceil(hi / step) * step);
  std::vector<std::pair<std::string, Color>> key;
  for (size_t i = 0; i < chart.series.size(); ++i) {
    Color c = chart.series[i].color != 0 ? chart.series[i].color : kPalette[i % std::size(kPalette)];
    key.emplace_back(chart.series[i].name, c);
  }
  const double left = 50, plot_width = 620, top = 40, plot_height = 260;
  const double height = std::max(top + plot_height + 40, top + 18.0 * key.size() + 10);
  const double width = left + plot_width + 220;
  auto x_of = [&](size_t i) {
    return labels.size() <= 1 ? left + plot_width / 2 : left + plot_width * i / (labels.size() - 1);
  };
  auto y_of = [&](double v) { return top + plot_height - (v - min) / (max - min) * plot_height; };
  absl::StrAppendFormat(&out,
                        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                        "viewBox=\"0 0 %.0f %.0f\" role=\"img\"><title>%s</title>",
                        width, height, width, height, Escaped(chart.title));
  absl::StrAppendFormat(&out, "<text class=\"title\" x=\"%.1f\" y=\"20\">%s</text>", left, Escaped(chart.title));
  for (double v = min; v <= max + step / 2; v += step) {
    double y = y_of(v);
    absl::StrAppendFormat(&out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, y,
                          left + plot_width, y);
    absl::StrAppendFormat(&out, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>", left - 6,
                          y + 4, v);
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    absl::StrAppendFormat(&out, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x_of(i),
                          top + plot_height + 18, Escaped(labels[i]));
  }
  for (size_t k = 0; k < values.size(); ++k) {
    // A period without a total breaks the line.
    std::string points;
    auto flush = [&] {
      if (!points.empty()) {
        absl::StrAppendFormat(&out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                              Hex(key[k].second), points);
      }
      points.clear();
    };
    for (size_t i = 0; i < values[k].size(); ++i) {
      if (!values[k][i]) {
        flush();
        continue;
      }
      absl::StrAppendFormat(&points, "%s%.1f,%.1f", points.empty() ? "" : " ", x_of(i), y_of(*values[k][i]));
      absl::StrAppendFormat(&out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x_of(i), y_of(*values[k][i]),
                            Hex(key[k].second));
    }
    flush();
  }
  Legend(out, key, left + plot_width + 24, top + 10);
  out += "</svg>\n";
}

constexpr char kStyle[] = R"(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","Noto Sans",sans-serif;
  margin:24px;color:#222;font-size:14px}
h1{font-size:22px;margin:0 0 8px} h2{font-size:18px;margin:28px 0 4px} p.note{color:#555;margin:0 0 10px}
nav a{margin-right:14px}
table{border-collapse:collapse;font-size:12px;margin-top:8px}
th,td{border:1px solid #c8c8c8;padding:2px 6px;vertical-align:top}
th{background:#eef1f6;font-weight:600;white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.l{white-space:pre-wrap;min-width:32em}
svg.chart{display:block;margin:8px 0;font-size:12px}
svg .title{font-size:14px;font-weight:600} svg .axis{fill:#555;font-size:11px} svg .value{font-size:10px;fill:#333}
svg .grid{stroke:#e0e0e0}
@page{size:A4 landscape;margin:10mm}
@media print{
  body{margin:0;font-size:10px} nav{display:none}
  section{break-before:page} section:first-of-type{break-before:auto}
  table{font-size:8.5px} thead{display:table-header-group} tr{break-inside:avoid}
  svg.chart{max-width:100%;height:auto;break-inside:avoid}
}
)";

}  // namespace

void WriteHtml(std::ostream& stream, const ReportLayout& layout) {
  std::string out;
  out.reserve(1 << 20);
  const bool zh = layout.language == Language::kZh;
  absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"", zh ? "zh-CN" : "en",
                  "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"zhifa\">\n<title>",
                  Escaped(layout.title), "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<h1>",
                  Escaped(layout.title), "</h1>\n<nav>");
  for (size_t i = 0; i < layout.sheets.size(); ++i) {
    absl::StrAppend(&out, "<a href=\"#sheet-", i + 1, "\">", Escaped(layout.sheets[i].name), "</a>");
  }
  out += "</nav>\n";
  for (size_t i = 0; i < layout.sheets.size(); ++i) {
    const LayoutSheet& s = layout.sheets[i];
    absl::StrAppend(&out, "<section id=\"sheet-", i + 1, "\">\n<h2>", Escaped(s.name), "</h2>\n");
    if (!s.title.empty() && s.title != layout.title)
      absl::StrAppend(&out, "<p class=\"note\">", Escaped(s.title), "</p>\n");
    for (const LayoutChart& chart : s.charts) {
      if (chart.kind == LayoutChart::Kind::kBar) {
        BarChart(out, s, chart);
      } else {
        LineChart(out, s, chart);
      }
    }
    out += "<table>\n<thead><tr>";
    for (const LayoutColumn& c : s.columns) absl::StrAppend(&out, "<th>", Escaped(c.header), "</th>");
    out += "</tr></thead>\n<tbody>\n";
    for (const std::vector<LayoutCell>& row : s.rows) {
      out += "<tr>";
      for (size_t c = 0; c < s.columns.size(); ++c) {
        const LayoutCell* cell = c < row.size() ? &row[c] : nullptr;
        const LayoutColumn& column = s.columns[c];
        const bool number = column.kind != ColumnKind::kText && column.kind != ColumnKind::kLongText;
        out += number ? "<td class=\"n\">" : column.kind == ColumnKind::kLongText ? "<td class=\"l\">" : "<td>";
        if (cell != nullptr && cell->kind == LayoutCell::Kind::kNumber) {
          out += FormatNumber(cell->number, column);
        } else if (cell != nullptr && cell->kind == LayoutCell::Kind::kText) {
          Escape(out, cell->text);
        }
        out += "</td>";
      }
      out += "</tr>\n";
      if (out.size() > (size_t{1} << 20)) {
        stream << out;
        out.clear();
      }
    }
    out += "</tbody>\n</table>\n</section>\n";
  }
  out += "</body>\n</html>\n";
  stream << out;
}

}  // namespace zhifa
