// zhifa cases: aggregate case records into counts, or check them (3.2.5, 3.3.4).
#include <iostream>

#include "cli/cli.h"
#include "cli/io.h"
#include "nlohmann/json.hpp"

namespace zhifa::cli {
namespace {

// The encoding and case settings a `cases` command reads with; Load() prints the problem and returns false.
struct CaseInputs {
  Encoding encoding = Encoding::kAuto;
  absl::StatusOr<CaseSettings> custom;
  const CaseSettings* settings = &CaseSettings::Builtin();

  bool Load(const CaseArgs& args) {
    absl::StatusOr<Encoding> e = EncodingFromName(args.input_encoding);
    if (!e.ok()) {
      Fail(e.status());
      return false;
    }
    encoding = *e;
    if (!args.settings.empty()) {
      custom = CaseSettings::FromFile(args.settings);
      if (!custom.ok()) {
        Fail(custom.status());
        return false;
      }
      settings = &*custom;
    }
    return true;
  }
};

std::optional<PeriodKind> PeriodKindFromName(const std::string& name) {
  if (name == "year") return PeriodKind::kYear;
  if (name == "half") return PeriodKind::kHalf;
  if (name == "quarter") return PeriodKind::kQuarter;
  if (name == "month") return PeriodKind::kMonth;
  return std::nullopt;
}

std::string SourceName(const std::string& file) { return file == "-" ? "<stdin>" : file; }

// Reads a case file (or stdin) and calls on_case for each row.
absl::Status ReadCases(const CaseArgs& args, const Registry& registry, Encoding encoding,
                       const std::function<void(CaseRecord&&)>& on_case) {
  CsvOptions csv = InputCsv();
  csv.encoding = encoding;
  csv.source = SourceName(args.file);
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  return args.file == "-" ? ReadCasesCsv(std::cin, registry, csv, on_case, on_note)
                          : ReadCasesCsvFile(args.file, registry, csv, on_case, on_note);
}

}  // namespace

uint64_t& MaxRowBytes() {
  static uint64_t max = CsvOptions::kDefaultMaxRowBytes;
  return max;
}

CsvOptions InputCsv() {
  CsvOptions options;
  options.max_row_bytes = MaxRowBytes();
  return options;
}

void AddInputOptions(CLI::App* cmd, std::string& input_encoding, std::string& errors_file) {
  cmd->add_option("--input-encoding", input_encoding, "Input encoding: auto (the default), utf-8 or gb18030");
  cmd->add_option("--max-row-bytes", MaxRowBytes(), "The longest row a CSV input may have, in bytes (default 1 MiB)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_option("--errors", errors_file, "Write every input error to this CSV file (line, column, value, message)");
}

void AddAggregateOptions(CLI::App* cmd, CaseArgs& args, bool with_period) {
  if (with_period) {
    cmd->add_option("--period", args.period, "year, half, quarter or month")
        ->check(CLI::IsMember({"year", "half", "quarter", "month"}));
  }
  cmd->add_option("--as-of", args.as_of, "The evaluation date (default: each period's end)");
  cmd->add_option("--quota", args.quota,
                  "Quota CSV: unit, period and should_file (应立案数量) and/or neighbour (临近县区年度立案数量)");
  cmd->add_flag("--quota-from-history", args.quota_from_history,
                "Quota = ceiling of the mean of the same period's filings in the two previous years (A2.1)");
  cmd->add_option("--settings", args.settings, "Case settings TOML (time limits, major-penalty thresholds)");
}

std::variant<std::vector<AggregatedRow>, int> AggregateCases(const CaseArgs& args, bool keep_going,
                                                             const Registry& registry) {
  CaseInputs inputs;
  if (!inputs.Load(args)) return kUsage;
  std::optional<PeriodKind> kind = PeriodKindFromName(args.period);
  if (!kind) {
    std::cerr << "zhifa: --period " << args.period << ": expected year, half, quarter or month\n";
    return kUsage;
  }
  AggregateOptions options{.period = *kind, .as_of = std::nullopt};
  if (!args.as_of.empty()) {
    absl::StatusOr<Date> d = ParseDate(args.as_of);
    if (!d.ok()) return Fail(absl::InvalidArgumentError("--as-of: " + std::string(d.status().message())));
    options.as_of = *d;
  }
  QuotaSource quota = QuotaSource::None();
  if (!args.quota.empty()) {
    CsvOptions q = InputCsv();
    q.encoding = inputs.encoding;
    absl::StatusOr<QuotaSource> file = QuotaSource::FromCsvFile(args.quota, registry, q);
    if (!file.ok()) return Fail(file.status());
    quota = *std::move(file);
  }
  if (args.quota_from_history) quota = quota.WithHistory();
  CaseAggregator aggregator(registry, *inputs.settings, options);
  int64_t total = 0, bad = 0;
  ErrorReport report(args.errors);
  const std::string source = SourceName(args.file);
  auto on_case = [&](CaseRecord&& c) {
    ++total;
    // Every row goes to Add (a bad row's id still counts as seen); a bad row is reported by its own errors.
    absl::Status added = aggregator.Add(c);
    if (c.ok() && added.ok()) return;
    ++bad;
    if (c.ok()) report.Add({source, c.row, "", "", std::string(added.message())});
    for (const RowError& e : c.errors) report.Add({source, c.row, e.column, e.value, e.message});
  };
  if (absl::Status read = ReadCases(args, registry, inputs.encoding, on_case); !read.ok()) return Fail(read);
  if (!report.Finish()) return kUsage;
  if (bad > 0 && !keep_going) {
    std::cerr << "zhifa: " << bad << " of " << total
              << " cases are bad; nothing written (--keep-going leaves them out and counts the rest)\n";
    return kBadRows;
  }
  if (bad > 0) std::cerr << "zhifa: " << bad << " of " << total << " cases are bad and were left out of the counts\n";
  std::vector<AggregatedRow> rows = aggregator.Finish(quota);
  size_t shown = 0;
  for (const CaseAggregator::MissingQuota& m : aggregator.missing_quota()) {
    if (++shown > 20) continue;
    std::cerr << "zhifa: warning: no quota for " << m.unit->name << " " << m.period.ToString() << ": " << m.reason
              << "; should_file left empty\n";
  }
  if (shown > 20) {
    std::cerr << "zhifa: warning: " << shown << " rows have no quota in all (" << (shown - 20) << " not shown)\n";
  }
  return rows;
}

namespace {

int RunCasesAggregate(const CaseArgs& args, const std::string& format, bool keep_going, const std::string& output,
                      const std::string& encoding_name) {
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(encoding_name);
  if (!encoding.ok()) return Fail(encoding.status());
  auto result = AggregateCases(args, keep_going, Registry::Builtin());
  if (std::holds_alternative<int>(result)) return std::get<int>(result);
  const auto& rows = std::get<std::vector<AggregatedRow>>(result);
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(output, *encoding);
  if (!file.ok()) return Fail(file.status());
  std::ostream& out = (*file)->stream();
  if (format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const AggregatedRow& r : rows) {
      nlohmann::json o = {{"unit", r.unit->name}, {"unit_code", r.unit->code}, {"period", r.period.ToString()}};
      for (Column c : kAllColumns) {
        o[std::string(ColumnName(c))] = r.counts.Has(c) ? nlohmann::json(r.counts.Get(c)) : nlohmann::json(nullptr);
      }
      j.push_back(o);
    }
    out << j.dump(2) << "\n";
  } else if (format == "table") {
    std::vector<std::vector<std::string>> table = {{"单位", "期间"}};
    for (Column c : kAllColumns) table[0].push_back(std::string(ColumnName(c)));
    for (const AggregatedRow& r : rows) {
      std::vector<std::string> row = {r.unit->name, r.period.ToString()};
      for (Column c : kAllColumns) row.push_back(r.counts.Has(c) ? std::to_string(r.counts.Get(c)) : "-");
      table.push_back(row);
    }
    PrintTable(out, table);
  } else {
    WriteCountsCsv(out, rows);
  }
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return kOk;
}

struct CheckArgs {
  std::string format = "table";
  std::string lang = "zh";
  std::string output;
  std::string encoding = "utf-8";
  std::string headers = "en";
};

int RunCasesCheck(const CaseArgs& args, const CheckArgs& check) {
  std::optional<Language> lang = LanguageFromName(check.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + check.lang + ": expected zh or en"));
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(check.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  auto checked = CheckCasesFile(args, Registry::Builtin());
  if (std::holds_alternative<int>(checked)) return std::get<int>(checked);
  const std::vector<Finding>& findings = std::get<CheckedCases>(checked).findings;
  const int64_t total = std::get<CheckedCases>(checked).cases;
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(check.output, *encoding);
  if (!file.ok()) return Fail(file.status());
  FindingsOptions options;
  options.format = check.format == "json"  ? FindingsFormat::kJson
                   : check.format == "csv" ? FindingsFormat::kCsv
                                           : FindingsFormat::kTable;
  options.language = *lang;
  options.id_column = "case_id";
  options.with_unit = false;
  options.chinese_headers = check.headers == "zh";
  WriteFindings((*file)->stream(), findings, options);
  if (check.format == "table") {
    (*file)->stream() << (*lang == Language::kZh ? "共 " : "in ") << total
                      << (*lang == Language::kZh ? " 件案件\n" : " cases\n");
  }
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return findings.empty() ? kOk : kBadRows;
}

}  // namespace

std::variant<CheckedCases, int> CheckCasesFile(const CaseArgs& args, const Registry& registry) {
  CaseInputs inputs;
  if (!inputs.Load(args)) return kUsage;
  CheckedCases checked;
  auto on_case = [&](CaseRecord&& c) {
    ++checked.cases;
    for (Finding& f : CheckCase(c, *inputs.settings)) checked.findings.push_back(std::move(f));
  };
  if (absl::Status read = ReadCases(args, registry, inputs.encoding, on_case); !read.ok()) return Fail(read);
  return checked;
}

void AddCasesCommands(CLI::App& app, Commands& commands) {
  struct Args {
    CaseArgs cases;
    CheckArgs check;
    std::string aggregate_format = "csv", output, encoding = "utf-8";
    bool keep_going = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cases = app.add_subcommand(
      "cases", "Case records: aggregate them into counts, or check them · 案件记录：汇总为六率计数，或检查");
  cases->require_subcommand(1);
  CLI::App* aggregate =
      cases->add_subcommand("aggregate", "Count cases per unit and period (a counts CSV) · 按单位与期间汇总案件");
  aggregate->add_option("file", args->cases.file, "Case CSV ('-' for stdin)")->required();
  AddAggregateOptions(aggregate, args->cases);
  aggregate->add_option("--format", args->aggregate_format, "Output format")
      ->check(CLI::IsMember({"csv", "table", "json"}));
  aggregate->add_flag("--keep-going", args->keep_going, "Leave bad cases out (listed on stderr) and count the rest");
  aggregate->add_option("-o,--output", args->output, "Write to this file instead of stdout");
  aggregate->add_option("--encoding", args->encoding, "Output encoding: utf-8, utf-8-bom or gb18030 (for Excel)");
  AddInputOptions(aggregate, args->cases.input_encoding, args->cases.errors);
  commands.push_back({aggregate, [=] {
                        return RunCasesAggregate(args->cases, args->aggregate_format, args->keep_going, args->output,
                                                 args->encoding);
                      }});
  CLI::App* check = cases->add_subcommand(
      "check", "List breaches of 3.2.5 and 3.3.4, and bad rows · 检查三法衔接与重大行政处罚，列出问题");
  check->add_option("file", args->cases.file, "Case CSV ('-' for stdin)")->required();
  check->add_option("--format", args->check.format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  check->add_option("--settings", args->cases.settings, "Case settings TOML");
  check->add_option("--lang", args->check.lang, "Language of the messages: zh or en");
  check->add_option("--headers", args->check.headers, "CSV/JSON headers: en or zh")->check(CLI::IsMember({"en", "zh"}));
  check->add_option("-o,--output", args->check.output, "Write to this file instead of stdout");
  check->add_option("--encoding", args->check.encoding, "Output encoding: utf-8, utf-8-bom or gb18030 (for Excel)");
  AddInputOptions(check, args->cases.input_encoding, args->cases.errors);
  commands.push_back({check, [=] { return RunCasesCheck(args->cases, args->check); }});
}

}  // namespace zhifa::cli
