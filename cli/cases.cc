// zhifa cases: aggregate case records into counts, or check them (3.2.5, 3.3.4).
#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "nlohmann/json.hpp"

namespace zhifa::cli {
namespace {

// The encoding and case settings a `cases` command reads with; Load() prints the problem and returns false.
struct CaseInputs {
  Encoding encoding = Encoding::kAuto;
  absl::StatusOr<CaseSettings> custom;
  const CaseSettings* settings = &CaseSettings::Builtin();

  bool Load(const CaseArgs& args) {
    absl::StatusOr<Encoding> e = EncodingFromName(args.encoding);
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

// Reads the cases, aggregates the good ones and reports the bad ones on stderr. Returns the rows, or an exit

}  // namespace

void AddAggregateOptions(CLI::App* cmd, CaseArgs& args) {
  cmd->add_option("--period", args.period, "year, half, quarter or month")
      ->check(CLI::IsMember({"year", "half", "quarter", "month"}));
  cmd->add_option("--as-of", args.as_of, "The evaluation date (default: each period's end)");
  cmd->add_option("--quota", args.quota, "Quota CSV (unit, period, should_file)");
  cmd->add_flag("--quota-from-history", args.quota_from_history,
                "Quota = ceiling of the mean of the two previous periods' filings (A2.1)");
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
  QuotaSource quota = args.quota_from_history ? QuotaSource::History() : QuotaSource::None();
  if (!args.quota.empty()) {
    if (args.quota_from_history) {
      std::cerr << "zhifa: give --quota FILE or --quota-from-history, not both\n";
      return kUsage;
    }
    absl::StatusOr<QuotaSource> q = QuotaSource::FromCsvFile(args.quota, registry);
    if (!q.ok()) return Fail(q.status());
    quota = *std::move(q);
  }
  CaseAggregator aggregator(registry, *inputs.settings, options);
  int64_t total = 0, bad = 0;
  CsvOptions csv;
  csv.encoding = inputs.encoding;
  csv.source = args.file == "-" ? "<stdin>" : args.file;
  auto on_case = [&](CaseRecord&& c) {
    ++total;
    if (c.ok()) {
      aggregator.Add(c);
      return;
    }
    ++bad;
    for (const RowError& e : c.errors) std::cerr << FormatRowError(csv.source, c.row, e) << "\n";
  };
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  absl::Status read = args.file == "-" ? ReadCasesCsv(std::cin, registry, csv, on_case, on_note)
                                       : ReadCasesCsvFile(args.file, registry, csv, on_case, on_note);
  if (!read.ok()) return Fail(read);
  if (bad > 0 && !keep_going) {
    std::cerr << "zhifa: " << bad << " of " << total
              << " cases are bad; nothing written (--keep-going leaves them out and counts the rest)\n";
    return kBadRows;
  }
  if (bad > 0) std::cerr << "zhifa: " << bad << " of " << total << " cases are bad and were left out of the counts\n";
  std::vector<AggregatedRow> rows = aggregator.Finish(quota);
  for (const auto& [unit, period] : aggregator.missing_quota()) {
    std::cerr << "zhifa: warning: no quota for " << unit->name << " " << period.ToString()
              << "; should_file left empty (A2.1: give --quota FILE, or --quota-from-history with two earlier "
                 "periods in the data)\n";
  }
  return rows;
}

namespace {

int RunCasesAggregate(const CaseArgs& args, const std::string& format, bool keep_going, const std::string& output) {
  auto result = AggregateCases(args, keep_going, Registry::Builtin());
  if (std::holds_alternative<int>(result)) return std::get<int>(result);
  const auto& rows = std::get<std::vector<AggregatedRow>>(result);
  std::ofstream file;
  if (!output.empty()) {
    file.open(output, std::ios::binary);
    if (!file) {
      std::cerr << "zhifa: --output " << output << ": cannot open for writing\n";
      return kUsage;
    }
  }
  std::ostream& out = output.empty() ? std::cout : file;
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
  return kOk;
}

int RunCasesCheck(const CaseArgs& args, const std::string& format) {
  CaseInputs inputs;
  if (!inputs.Load(args)) return kUsage;
  std::vector<Finding> findings;
  int64_t total = 0;
  CsvOptions csv;
  csv.encoding = inputs.encoding;
  csv.source = args.file == "-" ? "<stdin>" : args.file;
  auto on_case = [&](CaseRecord&& c) {
    ++total;
    for (Finding& f : CheckCase(c, *inputs.settings)) findings.push_back(std::move(f));
  };
  absl::Status read = args.file == "-" ? ReadCasesCsv(std::cin, Registry::Builtin(), csv, on_case)
                                       : ReadCasesCsvFile(args.file, Registry::Builtin(), csv, on_case);
  if (!read.ok()) return Fail(read);
  if (format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const Finding& f : findings) {
      j.push_back(
          {{"row", f.row}, {"case_id", f.case_id}, {"rule", f.rule}, {"clause", f.clause}, {"message", f.message}});
    }
    std::cout << j.dump(2) << "\n";
  } else if (format == "csv") {
    std::string out = "row,case_id,rule,clause,message\n";
    for (const Finding& f : findings) {
      out += std::to_string(f.row) + ",";
      AppendCsvField(out, f.case_id);
      out += "," + f.rule + "," + f.clause + ",";
      AppendCsvField(out, f.message);
      out += "\n";
    }
    std::cout << out;
  } else {
    std::vector<std::vector<std::string>> table = {{"行", "案件编号", "规则", "条款", "说明"}};
    for (const Finding& f : findings) {
      table.push_back({std::to_string(f.row), f.case_id, f.rule, f.clause, f.message});
    }
    PrintTable(std::cout, table);
    std::cout << findings.size() << " findings in " << total << " cases\n";
  }
  return findings.empty() ? kOk : kBadRows;
}

}  // namespace

void AddCasesCommands(CLI::App& app, Commands& commands) {
  struct Args {
    CaseArgs cases;
    std::string aggregate_format = "csv", check_format = "table", output;
    bool keep_going = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cases = app.add_subcommand("cases", "Case records: aggregate them into counts, or check them");
  cases->require_subcommand(1);
  CLI::App* aggregate = cases->add_subcommand("aggregate", "Count cases per unit and period (a counts CSV)");
  aggregate->add_option("file", args->cases.file, "Case CSV ('-' for stdin)")->required();
  AddAggregateOptions(aggregate, args->cases);
  aggregate->add_option("--format", args->aggregate_format, "Output format")
      ->check(CLI::IsMember({"csv", "table", "json"}));
  aggregate->add_flag("--keep-going", args->keep_going, "Leave bad cases out (listed on stderr) and count the rest");
  aggregate->add_option("-o,--output", args->output, "Write to this file instead of stdout");
  aggregate->add_option("--encoding", args->cases.encoding, "Input encoding: auto, utf-8 or gb18030");
  commands.push_back({aggregate, [=] {
                        return RunCasesAggregate(args->cases, args->aggregate_format, args->keep_going, args->output);
                      }});
  CLI::App* check = cases->add_subcommand("check", "List breaches of 3.2.5 and 3.3.4, and bad rows");
  check->add_option("file", args->cases.file, "Case CSV ('-' for stdin)")->required();
  check->add_option("--format", args->check_format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  check->add_option("--settings", args->cases.settings, "Case settings TOML");
  check->add_option("--encoding", args->cases.encoding, "Input encoding: auto, utf-8 or gb18030");
  commands.push_back({check, [=] { return RunCasesCheck(args->cases, args->check_format); }});
}

}  // namespace zhifa::cli
