// The Excel workbook of a report (layout.h), written with libxlsxwriter: the library's target zhifa::workbook,
// apart from zhifa itself so that software that does not write workbooks does not link libxlsxwriter.
//
// Each sheet of the layout becomes a worksheet: a bold header row, frozen, with an autofilter; numbers as numbers
// (points with two places, rates as percentages, so Excel can sort and sum them); columns wide enough for their
// Chinese text; explanations wrapped. Charts are native Excel charts (a bar chart of totals, each bar coloured by
// its unit's category; a line chart per category over periods), drawn by Excel or WPS with their own fonts.
//
// Example:
//   zhifa::ReportLayout layout = zhifa::BuildReportLayout(zhifa::ReportInputFromTable(table, zhifa::Language::kZh),
//                                                         zhifa::Language::kZh);
//   absl::Status s = zhifa::WriteWorkbook(layout, "排名通报.xlsx");
//
// Thread-safety: reentrant on distinct paths.
#ifndef ZHIFA_WORKBOOK_H_
#define ZHIFA_WORKBOOK_H_

#include <string>

#include "absl/status/status.h"
#include "zhifa/export.h"
#include "zhifa/layout.h"

namespace zhifa {

// Writes `layout` as an .xlsx file at `path`: to a temporary file in the same folder, renamed over `path` only
// once it is complete, so a failure never leaves a truncated workbook (or replaces an older one). Returns
// kInvalidArgument for a layout Excel cannot hold (more than 1,048,575 rows in a sheet, a cell of more than
// 32,767 characters) and kUnavailable naming the path and the reason when the file cannot be written.
ZHIFA_EXPORT absl::Status WriteWorkbook(const ReportLayout& layout, const std::string& path);

}  // namespace zhifa

#endif  // ZHIFA_WORKBOOK_H_
