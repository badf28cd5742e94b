// The zhifa command line: what the command groups share.
//
// Each command group lives in its own file (score.cc, cases.cc, rules.cc, units.cc, calendar.cc, ledger.cc, people.cc,
// organization.cc, planner.cc) and adds its subcommands to the CLI11 app with an Add*Commands function; main.cc parses
// and runs the one chosen.
#ifndef ZHIFA_CLI_CLI_H_
#define ZHIFA_CLI_CLI_H_

#include <functional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "zhifa/zhifa.h"

namespace zhifa::cli {

// Exit status: 0 success; 1 findings or bad rows (listed on stderr); 2 usage, file or input errors.
inline constexpr int kOk = 0;
inline constexpr int kBadRows = 1;
inline constexpr int kUsage = 2;

// Prints "zhifa: <message>" on stderr and returns kUsage.
int Fail(const absl::Status& status);

// A subcommand and what runs it once the command line has parsed.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};
using Commands = std::vector<Command>;

void AddScoreCommands(CLI::App& app, Commands& commands);
void AddCasesCommands(CLI::App& app, Commands& commands);
void AddRulesCommands(CLI::App& app, Commands& commands);
void AddUnitsCommands(CLI::App& app, Commands& commands);
void AddCalendarCommands(CLI::App& app, Commands& commands);
void AddLedgerCommands(CLI::App& app, Commands& commands);
void AddPeopleCommands(CLI::App& app, Commands& commands);
void AddOrganizationCommands(CLI::App& app, Commands& commands);
void AddPlannerCommands(CLI::App& app, Commands& commands);
void AddReportCommands(CLI::App& app, Commands& commands);

// Writes rows as an aligned table (CJK-width aware): every column left-aligned.
void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

// --as-of and the like: the date `text` names, or today (local time) when it is empty. kInvalidArgument naming
// `option` for text that is not a date.
absl::StatusOr<Date> DateOrToday(const std::string& text, std::string_view option);
// "table" | "csv" | "json".
absl::StatusOr<FindingsFormat> FindingsFormatFromName(const std::string& name);

// The registry of --units FILE, or the built-in one when `path` is empty.
absl::StatusOr<Registry> LoadRegistry(const std::string& path);

// The options of reading and aggregating a case CSV (zhifa cases aggregate, zhifa score --cases).
struct CaseArgs {
  std::string file;
  std::string period = "year";
  std::string as_of;
  std::string quota;
  bool quota_from_history = false;
  std::string settings;
  std::string input_encoding = "auto";
  std::string errors;  // --errors FILE: every input error as CSV
};

// Adds the aggregation options (--period, --as-of, --quota, --quota-from-history, --settings) to `cmd`; without
// --period when the command's own --period names one period (2021-Q2), whose kind then groups the cases.
void AddAggregateOptions(CLI::App* cmd, CaseArgs& args, bool with_period = true);
// Adds --input-encoding and --errors, which every command that reads an input file has.
// --input-encoding, --errors FILE and --max-row-bytes N (which sets MaxRowBytes() for the whole run).
void AddInputOptions(CLI::App* cmd, std::string& input_encoding, std::string& errors_file);
// The --max-row-bytes of this run (CsvOptions::kDefaultMaxRowBytes unless given).
uint64_t& MaxRowBytes();
// CsvOptions for an input of this run: the defaults with MaxRowBytes().
CsvOptions InputCsv();

// How a command writes its findings or figures: --format, --lang, --headers, -o/--output, --encoding.
struct OutputArgs {
  std::string format = "table";
  std::string lang = "zh";
  std::string headers = "en";
  std::string output;
  std::string encoding = "utf-8";
};
enum OutputOption : unsigned { kFormatOption = 1, kLangOption = 2, kHeadersOption = 4 };
// Adds -o/--output and --encoding, and those of `which` (OutputOption bits).
void AddOutputOptions(CLI::App* cmd, OutputArgs& a, unsigned which);

// How a command reads its input files: --input-encoding, --errors and --keep-going.
struct InputArgs {
  std::string input_encoding = "auto";
  std::string errors;
  bool keep_going = false;
};
void AddReadOptions(CLI::App* cmd, InputArgs& a);

// Reads the cases, aggregates the good ones and reports the bad ones on stderr (at most 20 lines; every one in
// the --errors file). Returns the rows, or an exit status: kBadRows when bad cases are found without
// --keep-going, kUsage for file errors.
std::variant<std::vector<AggregatedRow>, int> AggregateCases(const CaseArgs& args, bool keep_going,
                                                             const Registry& registry);

// The findings of 3.2.5 and 3.3.4 on the cases of args.file (zhifa cases check), and how many cases were read;
// or an exit status (kUsage: settings or file that cannot be read, printed on stderr).
struct CheckedCases {
  std::vector<Finding> findings;
  int64_t cases = 0;
};
std::variant<CheckedCases, int> CheckCasesFile(const CaseArgs& args, const Registry& registry);
// A check's inputs as zhifa report takes them: the main file (a ledger CSV, an officer register), a second one
// (submissions, the officers' cases), the evaluation date (empty: today), settings (empty: built-in), reading
// options.
struct FindingsInput {
  std::string file;
  std::string more;
  std::string as_of;
  std::string settings;
  std::string input_encoding = "auto";
  std::string errors;
  bool keep_going = false;
};
// The findings of `zhifa ledger check FILE [--submissions MORE]` and of `zhifa people check FILE [--cases MORE]`,
// or an exit status (bad rows without keep_going, files that cannot be read: printed on stderr).
std::variant<std::vector<Finding>, int> LedgerFindings(const FindingsInput& input);
std::variant<std::vector<Finding>, int> PeopleFindings(const FindingsInput& input);
// A --rules value: a TOML file when such a file exists, else the id of a built-in set.
absl::StatusOr<RuleSet> LoadRuleSet(const std::string& r);
// The book of the --rules values (the built-in book when there are none).
absl::StatusOr<RuleBook> LoadBook(const std::vector<std::string>& rules);

// Where rows of counts come from: a counts CSV (FILE, "-" for stdin, empty for the bundled sample), or rows
// aggregated from a case CSV.
struct CountsInput {
  std::string file;
  const std::vector<AggregatedRow>* aggregated = nullptr;
  std::string aggregated_source;
};
// Reads every row into `table` and finishes it, with a progress line on a terminal. Returns the name of the
// source for error lines, or the reader's error (a file that cannot be read, a header that is not counts), or
// the table's (rows that could not be spilled to the temporary folder).
absl::StatusOr<std::string> ReadCounts(ScoredTable& table, const CountsInput& input, Encoding encoding,
                                       const Registry& registry);
class ErrorReport;
// Adds the finished table's bad rows to `report`: by line and column, or by unit and period for aggregated rows.
void ReportBadRows(const ScoredTable& table, const std::string& source, bool aggregated, ErrorReport& report);

}  // namespace zhifa::cli

#endif  // ZHIFA_CLI_CLI_H_
