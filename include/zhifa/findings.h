// Findings: what a check found wrong or worth knowing, in one shape for every family of rules.
//
// `zhifa cases check` (三法衔接 3.2.5, major penalties 3.3.4), the problem ledger (四, 五(二)), the people and
// organization rules (3.1, 3.2) and the scorecard's own remarks (a unit with no activity) all return Findings:
// the source row, the record's id, the unit, the rule id, the plan clause and one sentence in Chinese and in
// English. One writer turns a list of them into a table, CSV or JSON.
//
// Example:
//   std::vector<zhifa::Finding> found = zhifa::CheckCase(record, zhifa::CaseSettings::Builtin());
//   zhifa::WriteFindings(std::cout, found, {.format = zhifa::FindingsFormat::kCsv, .id_column = "case_id"});
//
// Thread-safety: Finding is a plain value and WriteFindings reentrant (on distinct streams); a FindingsCsvWriter is
// used by one thread at a time.
#ifndef ZHIFA_FINDINGS_H_
#define ZHIFA_FINDINGS_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "zhifa/export.h"
#include "zhifa/language.h"

namespace zhifa {

struct ZHIFA_EXPORT Finding {
  int64_t row = 0;         // the record's line in its file (as a spreadsheet numbers it); 0 when not from a row
  std::string id;          // the record's id (case_id, problem_id, officer_id); empty for a unit-level finding
  std::string unit;        // the unit as the plan prints it (a sub-unit's record under its parent); may be empty
  std::string rule;        // a rule id: "criminal_transfer", "rectification_overdue", "two_officers", ...
  std::string clause;      // the plan clause: "3.2.5", "4(1)", "A2.2", ...
  std::string message;     // one sentence in Chinese
  std::string message_en;  // the same sentence in English

  std::string_view Message(Language language) const {
    return language == Language::kEn && !message_en.empty() ? message_en : message;
  }
};

// Where a check hands each finding as it is found, when the findings are not to be kept all at once.
using FindingSink = std::function<void(Finding&&)>;

enum class FindingsFormat { kTable, kCsv, kJson };

struct ZHIFA_EXPORT FindingsOptions {
  FindingsFormat format = FindingsFormat::kTable;
  Language language = Language::kZh;
  // Header of the id column in CSV and key in JSON: "case_id", "problem_id", "id".
  std::string id_column = "id";
  // Whether the output has the unit column (case findings have none).
  bool with_unit = true;
  // CSV and JSON headers in Chinese (行, 编号, 单位, 规则, 条款, 说明) instead of English.
  bool chinese_headers = false;
};

// Writes the findings: CSV columns row, <id_column>, [unit,] rule, clause, message (in options.language);
// JSON an array of objects with the same keys plus message_en; a table CJK-aligned, with a count line after it
// ("3 findings"). A row of 0 is written empty.
ZHIFA_EXPORT void WriteFindings(std::ostream& out, std::span<const Finding> findings, const FindingsOptions& options);

// Writes findings as CSV one at a time, exactly as WriteFindings does with FindingsFormat::kCsv (the header when
// constructed): for findings handed over one by one (CheckLedger's FindingSink), never all held at once.
class ZHIFA_EXPORT FindingsCsvWriter {
 public:
  FindingsCsvWriter(std::ostream& out, const FindingsOptions& options);
  void Write(const Finding& f);

 private:
  std::ostream& out_;
  FindingsOptions options_;
  std::string line_;
};

}  // namespace zhifa

#endif  // ZHIFA_FINDINGS_H_
