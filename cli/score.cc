// zhifa score: score rows of counts (a CSV, or cases aggregated first) and rank the units.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"
#include "cli/io.h"

namespace zhifa::cli {
namespace {

// A progress line on stderr ("zhifa: 1234567 rows, 45% of 56 MB"), only when stderr is a terminal, at most
// five times a second.
class Progress {
 public:
  explicit Progress(const std::string& path) : enabled_(isatty(STDERR_FILENO) == 1) {
    std::error_code ec;
    if (enabled_ && !path.empty() && path != "-") size_ = std::filesystem::file_size(path, ec);
    if (ec) size_ = 0;
  }
  void Bytes(uint64_t bytes, size_t rows) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    shown_ = true;
    std::cerr << "\rzhifa: " << rows << " rows";
    if (size_ > 0) std::cerr << ", " << (100 * bytes / size_) << "% of " << (size_ >> 20) << " MB";
    std::cerr << std::flush;
  }
  void Done(size_t rows) {
    if (shown_) std::cerr << "\rzhifa: " << rows << " rows read; scoring and ranking\n";
  }

 private:
  bool enabled_;
  bool shown_ = false;
  uintmax_t size_ = 0;
  std::chrono::steady_clock::time_point last_;
};

struct ScoreArgs {
  std::string file;
  // zhifa score --cases: the rows aggregated from a case CSV, scored instead of reading FILE.
  const std::vector<AggregatedRow>* aggregated = nullptr;
  std::string aggregated_source;
  std::vector<std::string> rules;
  std::string all_periods;  // --apply-rules-to-all-periods
  bool roll_up = false;
  std::string format = "table";
  bool explain = false;
  bool keep_going = false;
  bool wide = false;
  std::string output;
  std::string input_encoding = "auto";
  std::string encoding = "utf-8";
  std::string headers = "en";
  std::string lang = "zh";
  std::string units;
  std::string errors;
  std::string temp_dir;  // --temp-dir; empty: $TMPDIR, else /tmp
};

// Where a large table's rows go while it is ranked: --temp-dir, $TMPDIR, or /tmp.
std::string SpillDirectory(const std::string& option) {
  if (!option.empty()) return option;
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

int RunScore(const ScoreArgs& args, const Registry& registry) {
  if (args.explain && args.format == "csv") {
    std::cerr << "zhifa: --explain needs --format table or json (CSV columns are fixed)\n";
    return kUsage;
  }
  absl::StatusOr<Encoding> input_encoding = EncodingFromName(args.input_encoding);
  if (!input_encoding.ok()) return Fail(input_encoding.status());
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(args.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  std::optional<Language> lang = LanguageFromName(args.lang);
  if (!lang) {
    std::cerr << "zhifa: --lang " << args.lang << ": expected zh or en\n";
    return kUsage;
  }
  if (!args.all_periods.empty() && !args.rules.empty()) {
    std::cerr << "zhifa: give --rules or --apply-rules-to-all-periods, not both\n";
    return kUsage;
  }
  absl::StatusOr<RuleBook> book = LoadBook(args.rules);
  if (!book.ok()) return Fail(book.status());
  absl::StatusOr<RuleSet> all_periods;
  ScoredTableOptions table_options;
  table_options.roll_up = args.roll_up;
  // CSV and JSON are written in input order, so a table too large for memory is read back from a temporary file
  // at the speed of the disk; the terminal table is sorted, so its rows stay in memory.
  if (args.format != "table") table_options.spill_directory = SpillDirectory(args.temp_dir);
  if (!args.all_periods.empty()) {
    all_periods = LoadRuleSet(args.all_periods);
    if (!all_periods.ok()) return Fail(all_periods.status());
    table_options.all_periods = &*all_periods;
  }

  ScoredTable table(*book, registry, table_options);
  // A folder that cannot hold the rows: said before anything is read, and again if a write fails on the way.
  auto spill_failed = [&] {
    std::cerr << "zhifa: " << table.status().message() << " (--temp-dir DIR names another folder)\n";
    return kUsage;
  };
  if (!table.status().ok()) return spill_failed();
  CountsInput input{.file = args.file, .aggregated = args.aggregated, .aggregated_source = args.aggregated_source};
  absl::StatusOr<std::string> source = ReadCounts(table, input, *input_encoding, registry);
  if (!table.status().ok()) return spill_failed();
  if (!source.ok()) return Fail(source.status());

  // Bad rows: from a file, by line and column; from aggregated cases, by unit and period (the rows of counts
  // exist only in memory, so no line of theirs would help anyone).
  const size_t bad = table.bad_rows();
  ErrorReport report(args.errors);
  ReportBadRows(table, *source, args.aggregated != nullptr, report);
  if (!report.Finish()) return kUsage;
  if (bad > 0 && !args.keep_going) {
    std::cerr << "zhifa: " << bad << " of " << table.size()
              << " rows are bad; nothing written (--keep-going scores the good rows and marks the bad ones)\n";
    return kBadRows;
  }

  absl::StatusOr<std::unique_ptr<Output>> output = Output::Open(args.output, *encoding);
  if (!output.ok()) return Fail(output.status());
  std::ostream& out = (*output)->stream();
  ScoreOutputOptions write;
  write.error_column = args.keep_going;
  write.outside_dates_column = table_options.all_periods != nullptr;
  write.chinese_headers = args.headers == "zh";
  write.with_explanation = args.explain;
  write.language = *lang;
  write.wide = args.wide;
  if (args.format == "csv") {
    WriteCsv(out, table, write);
  } else if (args.format == "json") {
    WriteJson(out, table, write);
  } else {
    WriteTable(out, table, write);
    if (args.explain) {
      for (size_t i = 0; i < table.size(); ++i) {
        if (table.ok(i)) out << "\n" << Explain(table.Card(i), *lang);
      }
    }
  }
  if (absl::Status s = (*output)->Close(); !s.ok()) return Fail(s);
  if (bad > 0) {
    std::cerr << "zhifa: " << bad << " of " << table.size() << " rows are bad; they are in the output with "
              << (args.format == "table" ? "their error" : "an error") << "\n";
    return kBadRows;
  }
  return kOk;
}

}  // namespace

absl::StatusOr<RuleSet> LoadRuleSet(const std::string& r) {
  std::error_code ec;
  if (std::filesystem::exists(r, ec)) return RuleSet::FromFile(r);
  absl::StatusOr<const RuleSet*> builtin = RuleSet::Builtin(r);
  if (!builtin.ok()) {
    return absl::NotFoundError(absl::StrCat(r, ": no such rule file, and ", builtin.status().message()));
  }
  return **builtin;
}

absl::StatusOr<RuleBook> LoadBook(const std::vector<std::string>& rules) {
  if (rules.empty()) return RuleBook::Builtin();
  std::vector<RuleSet> sets;
  for (const std::string& r : rules) {
    absl::StatusOr<RuleSet> set = LoadRuleSet(r);
    if (!set.ok()) return set.status();
    sets.push_back(*std::move(set));
  }
  return RuleBook::Create(std::move(sets));
}

absl::StatusOr<std::string> ReadCounts(ScoredTable& table, const CountsInput& input, Encoding encoding,
                                       const Registry& registry) {
  // Rows stream into the table, which keeps 32 bytes of each in memory and, when it may spill, the rest in a
  // temporary file (the output must be ranked, so every row is held until the end); a progress line goes to
  // stderr when it is a terminal.
  Progress progress(input.file);
  auto on_row = [&](CountsRow&& row) { table.Add(std::move(row)); };
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  CsvOptions options = InputCsv();
  options.encoding = encoding;
  options.source = input.file;
  options.on_progress = [&](uint64_t bytes) { progress.Bytes(bytes, table.size()); };
  absl::Status read;
  if (input.aggregated != nullptr) {
    options.source = input.aggregated_source;
    for (const AggregatedRow& a : *input.aggregated) {
      CountsRow r;
      r.row = 0;  // no line: these rows exist only in memory
      r.unit_text = a.unit->name;
      r.period_text = a.period.ToString();
      r.counts = a.counts;
      ResolveRow(r, registry);
      on_row(std::move(r));
    }
  } else if (input.file.empty()) {
    options.source = std::string(kBundledSampleName);
    std::istringstream in{std::string(BundledSampleCsv())};
    read = ReadCountsCsv(in, registry, options, on_row, on_note);
  } else if (input.file == "-") {
    options.source = "<stdin>";
    read = ReadCountsCsv(std::cin, registry, options, on_row, on_note);
  } else {
    read = ReadCountsCsvFile(input.file, registry, options, on_row, on_note);
  }
  progress.Done(table.size());
  if (!read.ok()) return read;
  if (absl::Status finished = table.Finish(); !finished.ok()) return finished;
  for (const std::string& note : table.notes()) std::cerr << "zhifa: note: " << note << "\n";

  return options.source;
}

void ReportBadRows(const ScoredTable& table, const std::string& source, bool aggregated, ErrorReport& report) {
  for (size_t i = 0; i < table.size() && table.bad_rows() > 0; ++i) {
    for (const RowError& e : table.errors(i)) {
      if (aggregated) {
        report.Add({absl::StrCat(source, ": ", table.unit_text(i), " ", table.period_text(i)), 0, e.column, e.value,
                    e.message});
      } else {
        report.Add({source, table.row_number(i), e.column, e.value, e.message});
      }
    }
  }
}

void AddScoreCommands(CLI::App& app, Commands& commands) {
  auto score = std::make_shared<ScoreArgs>();
  auto cases = std::make_shared<CaseArgs>();
  CLI::App* cmd = app.add_subcommand("score", "Score rows of counts (CSV) and rank the units · 六率考核评分与排名");
  cmd->add_option("file", score->file, "Counts CSV ('-' for stdin); the bundled synthetic sample if omitted");
  cmd->add_option("--rules", score->rules, "Rule set: a TOML file or a built-in id (repeat for a rule book)");
  cmd->add_option("--apply-rules-to-all-periods", score->all_periods,
                  "Score every period with this rule set (file or id), even outside its dates; such rows are marked");
  cmd->add_flag("--roll-up", score->roll_up, "Sum a unit's sub-units (and its own row) of a period into one row");
  cmd->add_option("--format", score->format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_flag("--explain", score->explain, "Explain every scorecard (table or json)");
  cmd->add_flag("--keep-going", score->keep_going, "Score the good rows and output every row, bad ones with an error");
  cmd->add_flag("--wide", score->wide, "Table: show each indicator's rate beside its points");
  cmd->add_option("-o,--output", score->output, "Write to this file instead of stdout");
  cmd->add_option("--encoding", score->encoding, "Output encoding: utf-8, utf-8-bom or gb18030 (for Excel)");
  cmd->add_option("--headers", score->headers, "CSV headers and JSON keys: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  cmd->add_option("--lang", score->lang, "Language of table and explanation: zh or en");
  cmd->add_option("--units", score->units, "Unit registry TOML (default: the built-in 2021 registry)");
  AddInputOptions(cmd, score->input_encoding, score->errors);
  cmd->add_option("--temp-dir", score->temp_dir,
                  "Folder for the temporary file that holds rows while --format csv or json ranks them (default: "
                  "$TMPDIR, else /tmp)");
  cmd->add_option("--cases", cases->file, "Aggregate this case CSV first, then score its counts");
  AddAggregateOptions(cmd, *cases);
  commands.push_back({cmd, [score, cases]() -> int {
                        absl::StatusOr<Registry> registry = LoadRegistry(score->units);
                        if (!registry.ok()) return Fail(registry.status());
                        if (cases->file.empty()) return RunScore(*score, *registry);
                        if (!score->file.empty()) {
                          std::cerr << "zhifa: give a counts FILE or --cases FILE, not both\n";
                          return kUsage;
                        }
                        cases->input_encoding = score->input_encoding;
                        cases->errors = score->errors;
                        auto rows = AggregateCases(*cases, score->keep_going, *registry);
                        if (std::holds_alternative<int>(rows)) return std::get<int>(rows);
                        score->aggregated = &std::get<std::vector<AggregatedRow>>(rows);
                        score->aggregated_source = cases->file + " (aggregated)";
                        return RunScore(*score, *registry);
                      }});
}

}  // namespace zhifa::cli
