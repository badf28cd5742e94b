// The report's workbook (workbook.h) through libxlsxwriter.
#include "zhifa/workbook.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/strings.h"
#include "xlsxwriter.h"
#include "zhifa/report.h"

namespace zhifa {
namespace {

constexpr size_t kMaxRows = 1048576;     // Excel's rows in a sheet, the header's included
constexpr size_t kMaxCellChars = 32767;  // UTF-16 units
constexpr size_t kMaxColumns = 16384;
constexpr double kRowPixels = 20;                        // Excel's default row height at 100%
constexpr double kChartWidth = 480, kChartHeight = 288;  // libxlsxwriter's default chart size

struct Formats {
  lxw_format* header;
  lxw_format* text;
  lxw_format* long_text;
  lxw_format* integer;
  lxw_format* decimal[8];
  lxw_format* percent[8];
  lxw_format* change[8];
};

// Length in UTF-16 units, as Excel counts a cell's characters (a 4-byte UTF-8 sequence is two units).
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// A header or footer text of Excel's: & starts a code, so a literal & is doubled; at most 255 characters.
std::string HeaderText(const std::string& text) {
  std::string out = "&C";
  for (size_t i = 0; i < text.size();) {
    const size_t n = internal::Utf8SequenceLength(static_cast<unsigned char>(text[i]));
    std::string piece = text[i] == '&' ? "&&" : text.substr(i, n);
    if (Utf16Length(out) + Utf16Length(piece) > 255) break;
    out += piece;
    i += n;
  }
  return out;
}

std::string Places(int decimals) { return decimals <= 0 ? "0" : absl::StrCat("0.", std::string(decimals, '0')); }

Formats MakeFormats(lxw_workbook* wb) {
  Formats f;
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xEEF1F6);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(f.header);
  f.text = workbook_add_format(wb);
  format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
  f.long_text = workbook_add_format(wb);
  format_set_text_wrap(f.long_text);
  format_set_align(f.long_text, LXW_ALIGN_VERTICAL_TOP);
  f.integer = workbook_add_format(wb);
  format_set_num_format(f.integer, "0");
  format_set_align(f.integer, LXW_ALIGN_VERTICAL_TOP);
  for (int d = 0; d < 8; ++d) {
    std::string places = Places(d);
    f.decimal[d] = workbook_add_format(wb);
    format_set_num_format(f.decimal[d], places.c_str());
    format_set_align(f.decimal[d], LXW_ALIGN_VERTICAL_TOP);
    f.percent[d] = workbook_add_format(wb);
    format_set_num_format(f.percent[d], (places + "%").c_str());
    format_set_align(f.percent[d], LXW_ALIGN_VERTICAL_TOP);
    f.change[d] = workbook_add_format(wb);
    format_set_num_format(f.change[d], absl::StrCat("+", places, ";-", places, ";", places).c_str());
    format_set_align(f.change[d], LXW_ALIGN_VERTICAL_TOP);
  }
  return f;
}

lxw_format* FormatOf(const Formats& f, const LayoutColumn& c) {
  int d = std::clamp(c.decimals, 0, 7);
  switch (c.kind) {
    case ColumnKind::kText:
      return f.text;
    case ColumnKind::kLongText:
      return f.long_text;
    case ColumnKind::kInteger:
      return f.integer;
    case ColumnKind::kDecimal:
      return f.decimal[d];
    case ColumnKind::kPercent:
      return f.percent[d];
    case ColumnKind::kChange:
      return f.change[d];
  }
  return f.text;
}

// Width in Excel's units (about one Latin digit): a CJK character takes two, as on a terminal (DisplayWidth);
// long texts wrap at 80, their longest line decides below that.
double ColumnWidth(const LayoutSheet& s, size_t c) {
  const LayoutColumn& column = s.columns[c];
  int widest = DisplayWidth(column.header) + 3;  // room for the autofilter's arrow
  for (const std::vector<LayoutCell>& row : s.rows) {
    const LayoutCell& cell = row[c];
    if (cell.kind == LayoutCell::Kind::kText) {
      size_t start = 0;
      while (start <= cell.text.size()) {
        size_t end = cell.text.find('\n', start);
        if (end == std::string::npos) end = cell.text.size();
        widest = std::max(widest, DisplayWidth(std::string_view(cell.text).substr(start, end - start)));
        start = end + 1;
      }
    } else if (cell.kind == LayoutCell::Kind::kNumber) {
      widest = std::max(widest, 8 + column.decimals);
    }
  }
  return std::min(widest + 1.5, column.kind == ColumnKind::kLongText ? 80.0 : 40.0);
}

std::string ColorName(Color c, Language lang) {
  if (c == CategoryColor("township")) return std::string(Pick(lang, "蓝", "blue"));
  if (c == CategoryColor("department")) return std::string(Pick(lang, "橙", "orange"));
  if (c == CategoryColor("vertical")) return std::string(Pick(lang, "绿", "green"));
  return "";
}

void AddChart(lxw_workbook* wb, lxw_worksheet* ws, const LayoutSheet& s, const LayoutChart& c, Language lang,
              lxw_row_t row, lxw_col_t column, double height) {
  lxw_chart* chart = workbook_add_chart(wb, c.kind == LayoutChart::Kind::kBar ? LXW_CHART_BAR : LXW_CHART_LINE);
  std::string title = c.title;
  if (!c.key.empty()) {
    // Excel's legend lists series, not the colours of one series' bars: the key goes into the title.
    std::vector<std::string> parts;
    for (const auto& [label, color] : c.key) {
      parts.push_back(lang == Language::kZh ? absl::StrCat(ColorName(color, lang), "：", label)
                                            : absl::StrCat(label, ": ", ColorName(color, lang)));
    }
    title = lang == Language::kZh ? absl::StrCat(title, "（", absl::StrJoin(parts, "，"), "）")
                                  : absl::StrCat(title, " (", absl::StrJoin(parts, ", "), ")");
  }
  chart_title_set_name(chart, title.c_str());
  lxw_chart_font title_font = {};
  title_font.size = 12;
  title_font.bold = LXW_EXPLICIT_FALSE;
  chart_title_set_name_font(chart, &title_font);
  const char* sheet = s.name.c_str();
  std::vector<lxw_chart_fill> fills;
  std::vector<lxw_chart_point> points;
  std::vector<lxw_chart_point*> point_list;
  for (const ChartSeries& sr : c.series) {
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, sheet, sr.categories.first_row, sr.categories.first_column,
                                sr.categories.last_row, sr.categories.last_column);
    chart_series_set_values(series, sheet, sr.values.first_row, sr.values.first_column, sr.values.last_row,
                            sr.values.last_column);
    if (sr.name_cell) {
      chart_series_set_name_range(series, sheet, sr.name_cell->first, sr.name_cell->second);
    } else {
      chart_series_set_name(series, sr.name.c_str());
    }
    if (c.kind == LayoutChart::Kind::kBar) {
      lxw_chart_fill fill = {};
      fill.color = sr.color;
      chart_series_set_fill(series, &fill);
      if (!sr.point_colors.empty()) {
        fills.resize(sr.point_colors.size());
        points.resize(sr.point_colors.size());
        point_list.clear();
        for (size_t i = 0; i < sr.point_colors.size(); ++i) {
          fills[i] = {};
          fills[i].color = sr.point_colors[i];
          points[i] = {};
          points[i].fill = &fills[i];
          point_list.push_back(&points[i]);
        }
        point_list.push_back(nullptr);
        chart_series_set_points(series, point_list.data());  // copied by libxlsxwriter
      }
    } else if (sr.color != 0) {
      lxw_chart_line line = {};
      line.color = sr.color;
      chart_series_set_line(series, &line);
    }
  }
  if (c.kind == LayoutChart::Kind::kBar) {
    // In a bar chart y_axis is the (vertical) category axis. Rank 1 on top: categories run bottom-up unless
    // reversed; crossing at the last category keeps the value axis below.
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    chart_axis_set_name(chart->x_axis, c.value_title.c_str());
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_set_series_gap(chart, 40);
  } else {
    chart_axis_set_name(chart->y_axis, c.value_title.c_str());
    chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
  }
  lxw_chart_options options = {};
  options.x_scale = 720 / kChartWidth;
  options.y_scale = height / kChartHeight;
  worksheet_insert_chart_opt(ws, row, column, chart, &options);
}

// A chart's height in pixels: 18 a bar, or room for its legend.
double ChartHeight(const LayoutChart& c) {
  if (c.kind == LayoutChart::Kind::kBar) {
    size_t bars = c.series.empty() ? 0 : c.series.front().values.last_row - c.series.front().values.first_row + 1;
    return std::max(kChartHeight, 90 + 18.0 * bars);
  }
  return std::max(kChartHeight + 72, 60 + 20.0 * c.series.size());
}

absl::Status WriteSheets(lxw_workbook* wb, const ReportLayout& layout) {
  Formats f = MakeFormats(wb);
  for (const LayoutSheet& s : layout.sheets) {
    if (s.rows.size() + 1 > kMaxRows) {
      return absl::InvalidArgumentError(absl::StrCat("sheet ", s.name, ": ", s.rows.size(),
                                                     " rows, more than an Excel sheet holds (1,048,575 under its "
                                                     "header); write HTML or CSV instead"));
    }
    if (s.columns.size() > kMaxColumns) {
      return absl::InvalidArgumentError(
          absl::StrCat("sheet ", s.name, ": ", s.columns.size(), " columns, more than an Excel sheet holds (16,384)"));
    }
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
    if (ws == nullptr) return absl::InvalidArgumentError(absl::StrCat("sheet name ", s.name, ": not valid in Excel"));
    const size_t n = s.columns.size();
    for (size_t c = 0; c < n; ++c) {
      worksheet_write_string(ws, 0, c, s.columns[c].header.c_str(), f.header);
      worksheet_set_column(ws, c, c, ColumnWidth(s, c), FormatOf(f, s.columns[c]));
    }
    std::vector<lxw_format*> formats(n);
    for (size_t c = 0; c < n; ++c) formats[c] = FormatOf(f, s.columns[c]);
    for (size_t r = 0; r < s.rows.size(); ++r) {
      const std::vector<LayoutCell>& row = s.rows[r];
      for (size_t c = 0; c < n && c < row.size(); ++c) {
        const LayoutCell& cell = row[c];
        if (cell.kind == LayoutCell::Kind::kNumber) {
          // A percentage as its fraction, rounded to the places shown (97.9 / 100 is 0.9790000000000001).
          double v = cell.number;
          if (s.columns[c].kind == ColumnKind::kPercent) {
            const double scale = std::pow(10.0, std::clamp(s.columns[c].decimals, 0, 12) + 2);
            v = std::round(v / 100 * scale) / scale;
          }
          worksheet_write_number(ws, r + 1, c, v, formats[c]);
        } else if (cell.kind == LayoutCell::Kind::kText) {
          if (size_t length = Utf16Length(cell.text); length > kMaxCellChars) {
            return absl::InvalidArgumentError(absl::StrCat("sheet ", s.name, ", row ", r + 2, ", column ",
                                                           s.columns[c].header, ": a text of ", length,
                                                           " characters, more than an Excel cell holds (32,767)"));
          }
          worksheet_write_string(ws, r + 1, c, cell.text.c_str(), formats[c]);
        }
      }
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (n > 0) worksheet_autofilter(ws, 0, 0, s.rows.size(), n - 1);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_fit_to_pages(ws, 1, 0);
    std::string header = HeaderText(s.title.empty() ? layout.title : s.title);
    std::string footer = "&C&P / &N";
    worksheet_set_header(ws, header.c_str());
    worksheet_set_footer(ws, footer.c_str());
    // Charts to the right of the table, one under another.
    lxw_row_t chart_row = 1;
    for (const LayoutChart& chart : s.charts) {
      double height = ChartHeight(chart);
      AddChart(wb, ws, s, chart, layout.language, chart_row, n + 1, height);
      chart_row += static_cast<lxw_row_t>(std::ceil(height / kRowPixels)) + 1;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteWorkbook(const ReportLayout& layout, const std::string& path) {
  // A temporary file beside `path`, hidden (a dot first) and renamed over it once complete, made as an open()
  // would make the file (0666 less the umask); a name too long for a suffix gets a short one.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a folder; expected a file to write"));
  }
  std::filesystem::path target(path);
  std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string base = target.filename().string();
  // O_EXCL with mode 0666 under a random name: the kernel applies the umask, as to any new file (umask() itself
  // would race with other threads).
  const std::string prefix = (base.size() <= 200 ? "." + base : std::string()) + ".zhifa-";
  std::random_device random;
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp = (folder / absl::StrCat(prefix, absl::Hex(random(), absl::kZeroPad8))).string();
    fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot write a file in its folder (", std::strerror(errno), ")"));
  }
  close(fd);
  lxw_workbook_options options = {};
  options.use_zip64 = LXW_TRUE;  // workbooks past 4 GB of XML (millions of rows) stay readable
  lxw_workbook* wb = workbook_new_opt(temp.c_str(), &options);
  if (wb == nullptr) {
    unlink(temp.c_str());
    return absl::UnavailableError(absl::StrCat(path, ": cannot start the workbook"));
  }
  absl::Status status = WriteSheets(wb, layout);
  errno = 0;
  lxw_error closed = workbook_close(wb);  // frees wb, writes the file
  if (status.ok() && closed != LXW_NO_ERROR) {
    status = absl::UnavailableError(absl::StrCat(path, ": ", lxw_strerror(closed),
                                                 errno != 0 ? absl::StrCat(" (", std::strerror(errno), ")") : ""));
  }
  if (status.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    status = absl::UnavailableError(absl::StrCat(path, ": cannot replace it (", std::strerror(errno), ")"));
  }
  if (!status.ok()) unlink(temp.c_str());
  return status;
}

}  // namespace zhifa
