// zhifa report: the evaluation report (排名通报) as an Excel workbook or one HTML file, from the inputs of
// zhifa score.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/cli.h"
#include "cli/io.h"
#include "zhifa/layout.h"
#include "zhifa/workbook.h"

namespace zhifa::cli {
namespace {

struct ReportArgs {
  std::string file;
  std::vector<std::string> rules;
  std::string all_periods;
  bool roll_up = false;
  bool keep_going = false;
  bool no_explain = false;
  std::string output;
  std::string format;  // xlsx | html; empty: from the output's extension
  std::string lang = "zh";
  std::string units;
  std::string input_encoding = "auto";
  std::string errors;
  // Checks whose findings get sheets of their own: the problem ledger (四) and the people rules (三(一)).
  std::string ledger, submissions, ledger_settings;
  std::string officers, officer_cases, people_settings;
};

// Writes the HTML to a temporary file beside `path`, renamed over it when complete (as the workbook is).
absl::Status WriteHtmlFile(const ReportLayout& layout, const std::string& path) {
  absl::StatusOr<std::unique_ptr<Output>> out = Output::Open(path, OutputEncoding::kUtf8);
  if (!out.ok()) return out.status();
  WriteHtml((*out)->stream(), layout);
  return (*out)->Close();
}

int RunReport(const ReportArgs& args, const CaseArgs& cases) {
  std::string format = args.format;
  if (format.empty()) {
    std::string lower = absl::AsciiStrToLower(args.output);
    if (absl::EndsWith(lower, ".xlsx")) {
      format = "xlsx";
    } else if (absl::EndsWith(lower, ".html") || absl::EndsWith(lower, ".htm")) {
      format = "html";
    } else {
      std::cerr << "zhifa: --output " << args.output << ": name a .xlsx or .html file, or give --format xlsx|html\n";
      return kUsage;
    }
  }
  if (format == "xlsx" && args.output == "-") {
    std::cerr << "zhifa: a workbook is a file: give --output FILE.xlsx, not -\n";
    return kUsage;
  }
  std::optional<Language> lang = LanguageFromName(args.lang);
  if (!lang) {
    std::cerr << "zhifa: --lang " << args.lang << ": expected zh or en\n";
    return kUsage;
  }
  absl::StatusOr<Encoding> input_encoding = EncodingFromName(args.input_encoding);
  if (!input_encoding.ok()) return Fail(input_encoding.status());
  if (!args.all_periods.empty() && !args.rules.empty()) {
    std::cerr << "zhifa: give --rules or --apply-rules-to-all-periods, not both\n";
    return kUsage;
  }
  if (!cases.file.empty() && !args.file.empty()) {
    std::cerr << "zhifa: give a counts FILE or --cases FILE, not both\n";
    return kUsage;
  }
  if (cases.file == "-") {
    std::cerr << "zhifa: report reads the cases twice (to count and to check them): give --cases FILE, not -\n";
    return kUsage;
  }
  if (!args.submissions.empty() && args.ledger.empty()) {
    std::cerr << "zhifa: --submissions goes with --ledger FILE\n";
    return kUsage;
  }
  if (!args.officer_cases.empty() && args.officers.empty()) {
    std::cerr << "zhifa: --officer-cases goes with --officers FILE\n";
    return kUsage;
  }
  absl::StatusOr<Registry> registry = LoadRegistry(args.units);
  if (!registry.ok()) return Fail(registry.status());
  absl::StatusOr<RuleBook> book = LoadBook(args.rules);
  if (!book.ok()) return Fail(book.status());
  absl::StatusOr<RuleSet> all_periods;
  ScoredTableOptions table_options;
  table_options.roll_up = args.roll_up;
  if (!args.all_periods.empty()) {
    all_periods = LoadRuleSet(args.all_periods);
    if (!all_periods.ok()) return Fail(all_periods.status());
    table_options.all_periods = &*all_periods;
  }

  // The rows: from a counts file, or aggregated from cases (whose findings get a sheet of their own).
  std::vector<AggregatedRow> aggregated;
  CountsInput input{.file = args.file};
  std::vector<FindingsGroup> findings;
  if (!cases.file.empty()) {
    CaseArgs c = cases;
    c.input_encoding = args.input_encoding;
    c.errors = args.errors;
    auto rows = AggregateCases(c, args.keep_going, *registry);
    if (std::holds_alternative<int>(rows)) return std::get<int>(rows);
    aggregated = std::get<std::vector<AggregatedRow>>(std::move(rows));
    input.aggregated = &aggregated;
    input.aggregated_source = cases.file + " (aggregated)";
    c.errors.clear();  // the aggregation wrote them already
    auto checked = CheckCasesFile(c, *registry);
    if (std::holds_alternative<int>(checked)) return std::get<int>(checked);
    findings.push_back(
        {"案件检查", "Case checks", "案件编号", "case_id", std::move(std::get<CheckedCases>(checked).findings)});
  }
  // The ledger's and the people rules' findings, as `zhifa ledger check` and `zhifa people check` give them, on
  // the evaluation date --as-of (today when not given). Their bad rows are listed on stderr; --errors is the
  // counts' (or cases').
  auto add_findings = [&](auto check, const std::string& file, const std::string& more, const std::string& settings,
                          FindingsGroup group) -> std::optional<int> {
    if (file.empty()) return std::nullopt;
    FindingsInput in{.file = file,
                     .more = more,
                     .as_of = cases.as_of,
                     .settings = settings,
                     .input_encoding = args.input_encoding,
                     .keep_going = args.keep_going};
    auto found = check(in);
    if (std::holds_alternative<int>(found)) return std::get<int>(found);
    group.findings = std::get<std::vector<Finding>>(std::move(found));
    findings.push_back(std::move(group));
    return std::nullopt;
  };
  if (auto failed = add_findings(LedgerFindings, args.ledger, args.submissions, args.ledger_settings,
                                 {"问题台账检查", "Ledger checks", "问题编号", "problem_id", {}})) {
    return *failed;
  }
  if (auto failed = add_findings(PeopleFindings, args.officers, args.officer_cases, args.people_settings,
                                 {"执法人员检查", "People checks", "编号", "id", {}})) {
    return *failed;
  }

  ScoredTable table(*book, *registry, table_options);
  absl::StatusOr<std::string> source = ReadCounts(table, input, *input_encoding, *registry);
  if (!source.ok()) return Fail(source.status());
  const size_t bad = table.bad_rows();
  ErrorReport report(args.errors);
  ReportBadRows(table, *source, input.aggregated != nullptr, report);
  if (!report.Finish()) return kUsage;
  if (bad > 0 && !args.keep_going) {
    std::cerr << "zhifa: " << bad << " of " << table.size()
              << " rows are bad; nothing written (--keep-going reports the good rows and lists the bad ones)\n";
    return kBadRows;
  }

  ReportInput report_input = ReportInputFromTable(table, *lang, !args.no_explain);
  report_input.findings = std::move(findings);
  ReportLayout layout = BuildReportLayout(report_input, *lang);
  absl::Status written = format == "xlsx" ? WriteWorkbook(layout, args.output) : WriteHtmlFile(layout, args.output);
  if (!written.ok()) return Fail(written);
  if (bad > 0) {
    std::cerr << "zhifa: " << bad << " of " << table.size() << " rows are bad; they are on the report's "
              << (*lang == Language::kZh ? "错误" : "Errors") << " sheet\n";
    return kBadRows;
  }
  return kOk;
}

}  // namespace

void AddReportCommands(CLI::App& app, Commands& commands) {
  auto args = std::make_shared<ReportArgs>();
  auto cases = std::make_shared<CaseArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "The ranking report as an Excel workbook or an HTML file · 排名通报（Excel 工作簿或 HTML）");
  cmd->add_option("file", args->file, "Counts CSV ('-' for stdin); the bundled synthetic sample if omitted");
  cmd->add_option("-o,--output", args->output, "The report: FILE.xlsx or FILE.html")->required();
  cmd->add_option("--format", args->format, "xlsx or html (default: from the output's extension)")
      ->check(CLI::IsMember({"xlsx", "html"}));
  cmd->add_option("--lang", args->lang, "Language of sheets, headers and explanations: zh or en");
  cmd->add_flag("--no-explain", args->no_explain, "Leave out the explanations sheet (说明)");
  cmd->add_option("--rules", args->rules, "Rule set: a TOML file or a built-in id (repeat for a rule book)");
  cmd->add_option("--apply-rules-to-all-periods", args->all_periods,
                  "Score every period with this rule set (file or id), even outside its dates");
  cmd->add_flag("--roll-up", args->roll_up, "Sum a unit's sub-units (and its own row) of a period into one row");
  cmd->add_flag("--keep-going", args->keep_going, "Report the good rows and list the bad ones on an 错误 sheet");
  cmd->add_option("--units", args->units, "Unit registry TOML (default: the built-in 2021 registry)");
  AddInputOptions(cmd, args->input_encoding, args->errors);
  cmd->add_option("--cases", cases->file,
                  "Aggregate this case CSV first, then score its counts; its case checks get a sheet (案件检查)");
  AddAggregateOptions(cmd, *cases);
  cmd->get_option("--as-of")->description(
      "The evaluation date (default: each period's end for --cases, today for --ledger and --officers)");
  cmd->add_option("--ledger", args->ledger, "A problem ledger CSV: its findings (zhifa ledger check) get a sheet");
  cmd->add_option("--submissions", args->submissions, "The ledger's submissions CSV");
  cmd->add_option("--ledger-settings", args->ledger_settings, "Ledger settings TOML");
  cmd->add_option("--officers", args->officers,
                  "An officer register CSV: its findings (zhifa people check) get a sheet");
  cmd->add_option("--officer-cases", args->officer_cases, "Cases with their officers, for the people rules");
  cmd->add_option("--people-settings", args->people_settings, "People settings TOML");
  commands.push_back({cmd, [args, cases] { return RunReport(*args, *cases); }});
}

}  // namespace zhifa::cli
