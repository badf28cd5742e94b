// Writes the report of two scored rows as a workbook through the installed zhifa::workbook; prints its sheets.
#include "zhifa/workbook.h"

#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::istringstream csv(
      "unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
      "missed_penalty,sued,enforcement_cases,judgments,judgments_won\n"
      "涅阳街道,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
      "公安局,2021,100,100,90,0,0,90,0,100,0,0,100,0,0\n");
  zhifa::ScoredTable table(zhifa::RuleBook::Builtin(), zhifa::Registry::Builtin());
  absl::Status read =
      zhifa::ReadCountsCsv(csv, zhifa::Registry::Builtin(), {}, [&](zhifa::CountsRow&& r) { table.Add(std::move(r)); });
  if (!read.ok() || !table.Finish().ok()) return 1;
  zhifa::ReportLayout layout =
      zhifa::BuildReportLayout(zhifa::ReportInputFromTable(table, zhifa::Language::kZh), zhifa::Language::kZh);
  if (absl::Status s = zhifa::WriteWorkbook(layout, argv[1]); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  for (const zhifa::LayoutSheet& s : layout.sheets) std::cout << s.name << "\n";
  return 0;
}
