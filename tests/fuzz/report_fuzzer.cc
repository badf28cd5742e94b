// libFuzzer target: the report (layout.h, workbook.h) of any counts CSV — rows read, scored and ranked as `zhifa
// report --keep-going` does, bad rows included — and of findings with any names: the layout, the HTML and the
// workbook. Checks: every sheet name is one Excel takes, every row of the input is on 总表 or 错误, the HTML closes,
// and the workbook is written or refused with kInvalidArgument, never left half-written.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>

#include "zhifa/layout.h"
#include "zhifa/workbook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  // The first line also names a findings sheet and its finding: names Excel may refuse, text to escape.
  const std::string first = text.substr(0, text.find('\n'));
  zhifa::ScoredTable table(zhifa::RuleBook::Builtin(), zhifa::Registry::Builtin());
  std::istringstream in(text);
  zhifa::CsvOptions options;
  options.encoding = static_cast<zhifa::Encoding>(data[0] % 3);
  absl::Status read = zhifa::ReadCountsCsv(in, zhifa::Registry::Builtin(), options,
                                           [&](zhifa::CountsRow&& r) { table.Add(std::move(r)); });
  if (!read.ok() || !table.Finish().ok()) return 0;
  const zhifa::Language lang = data[0] & 4 ? zhifa::Language::kEn : zhifa::Language::kZh;
  zhifa::ReportInput input = zhifa::ReportInputFromTable(table, lang, (data[0] & 8) != 0);
  zhifa::Finding finding{.row = 2, .id = first, .unit = first, .rule = "r", .clause = "1", .message = first};
  input.findings.push_back({first, first, "编号", "id", {finding}, {first}});
  input.findings.push_back({first, first, "编号", "id", {}});
  zhifa::ReportLayout layout = zhifa::BuildReportLayout(input, lang);

  size_t rows = 0;
  for (const zhifa::LayoutSheet& s : layout.sheets) {
    if (s.name.empty() || s.name.size() > 31 * 4 || s.name.front() == '\'' || s.name.back() == '\'' ||
        s.name.find_first_of("[]:*?/\\") != std::string::npos) {
      __builtin_trap();  // a sheet name Excel refuses
    }
    for (const auto& row : s.rows) {
      if (row.size() != s.columns.size()) __builtin_trap();
    }
  }
  rows += layout.sheets.front().rows.size();
  for (const zhifa::LayoutSheet& s : layout.sheets) {
    if (s.name == "错误" || s.name == "Errors") rows += s.rows.size();
  }
  if (rows != table.size()) __builtin_trap();  // a row lost, or counted twice

  std::ostringstream html;
  zhifa::WriteHtml(html, layout);
  const std::string page = html.str();
  if (page.size() < 20 || page.compare(page.size() - 8, 8, "</html>\n") != 0) __builtin_trap();

  static const std::string path = "/tmp/zhifa_report_fuzzer_" + std::to_string(getpid()) + ".xlsx";
  absl::Status written = zhifa::WriteWorkbook(layout, path);
  if (!written.ok() && written.code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
  std::remove(path.c_str());
  return 0;
}
