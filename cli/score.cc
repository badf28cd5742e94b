// zhifa score: score rows of counts (a CSV, or cases aggregated first) and rank the units.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"

namespace zhifa::cli {
namespace {

// A --rules value is a TOML file when such a file exists, else the id of a built-in set.
absl::StatusOr<RuleBook> LoadBook(const std::vector<std::string>& rules) {
  if (rules.empty()) return RuleBook::Builtin();
  std::vector<RuleSet> sets;
  for (const std::string& r : rules) {
    absl::StatusOr<RuleSet> set = std::filesystem::exists(r) ? RuleSet::FromFile(r) : RuleSet::Builtin(r);
    if (!set.ok()) {
      if (!std::filesystem::exists(r) && set.status().code() == absl::StatusCode::kNotFound) {
        return absl::NotFoundError(absl::StrCat("--rules ", r, ": no such file, and ", set.status().message()));
      }
      return set.status();
    }
    sets.push_back(*std::move(set));
  }
  return RuleBook::Create(std::move(sets));
}

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
  std::string format = "table";
  bool explain = false;
  bool keep_going = false;
  std::string output;
  std::string encoding = "auto";
  std::string lang = "zh";
  std::string units;
};

int RunScore(const ScoreArgs& args) {
  if (args.explain && args.format == "csv") {
    std::cerr << "zhifa: --explain needs --format table or json (CSV columns are fixed)\n";
    return kUsage;
  }
  absl::StatusOr<Encoding> encoding = EncodingFromName(args.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  std::optional<Language> lang = LanguageFromName(args.lang);
  if (!lang) {
    std::cerr << "zhifa: --lang " << args.lang << ": expected zh or en\n";
    return kUsage;
  }
  absl::StatusOr<Registry> custom_registry;
  const Registry* registry = &Registry::Builtin();
  if (!args.units.empty()) {
    custom_registry = Registry::FromFile(args.units);
    if (!custom_registry.ok()) return Fail(custom_registry.status());
    registry = &*custom_registry;
  }
  absl::StatusOr<RuleBook> book = LoadBook(args.rules);
  if (!book.ok()) return Fail(book.status());

  // Rows stream into the table, which keeps a compact record of each (the output must be ranked, so it is
  // held); a progress line goes to stderr when it is a terminal.
  ScoredTable table(*book, *registry);
  Progress progress(args.file);
  auto on_row = [&](CountsRow&& row) { table.Add(std::move(row)); };
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  CsvOptions options;
  options.encoding = *encoding;
  options.source = args.file;
  options.on_progress = [&](uint64_t bytes) { progress.Bytes(bytes, table.size()); };
  absl::Status read;
  if (args.aggregated != nullptr) {
    options.source = args.aggregated_source;
    int64_t row = 0;
    for (const AggregatedRow& a : *args.aggregated) {
      CountsRow r;
      r.row = ++row;
      r.unit_text = a.unit->name;
      r.period_text = a.period.ToString();
      r.counts = a.counts;
      ResolveRow(r, *registry);
      on_row(std::move(r));
    }
  } else if (args.file.empty()) {
    options.source = std::string(kBundledSampleName);
    std::istringstream in{std::string(BundledSampleCsv())};
    read = ReadCountsCsv(in, *registry, options, on_row, on_note);
  } else if (args.file == "-") {
    options.source = "<stdin>";
    read = ReadCountsCsv(std::cin, *registry, options, on_row, on_note);
  } else {
    read = ReadCountsCsvFile(args.file, *registry, options, on_row, on_note);
  }
  progress.Done(table.size());
  if (!read.ok()) return Fail(read);
  table.Finish();

  const size_t bad = table.bad_rows();
  for (size_t i = 0; i < table.size() && bad > 0; ++i) {
    for (const RowError& e : table.errors(i)) {
      std::cerr << FormatRowError(options.source, table.row_number(i), e) << "\n";
    }
  }
  if (bad > 0 && !args.keep_going) {
    std::cerr << "zhifa: " << bad << " of " << table.size()
              << " rows are bad; nothing written (--keep-going scores the good rows and marks the bad ones)\n";
    return kBadRows;
  }

  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary);
    if (!file) {
      std::cerr << "zhifa: --output " << args.output << ": cannot open for writing\n";
      return kUsage;
    }
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  if (args.format == "csv") {
    WriteCsv(out, table, args.keep_going);
  } else if (args.format == "json") {
    WriteJson(out, table, args.explain);
  } else {
    WriteTable(out, table, *lang);
    if (args.explain) {
      for (size_t i = 0; i < table.size(); ++i) {
        if (table.ok(i)) out << "\n" << Explain(table.Card(i), *lang);
      }
    }
  }
  out.flush();
  if (!out) {
    std::cerr << "zhifa: write error\n";
    return kUsage;
  }
  if (bad > 0) {
    std::cerr << "zhifa: " << bad << " of " << table.size() << " rows are bad; they are in the output with "
              << (args.format == "table" ? "their error" : "an error") << "\n";
    return kBadRows;
  }
  return kOk;
}

}  // namespace

void AddScoreCommands(CLI::App& app, Commands& commands) {
  auto score = std::make_shared<ScoreArgs>();
  auto cases = std::make_shared<CaseArgs>();
  CLI::App* cmd = app.add_subcommand("score", "Score rows of counts (CSV) and rank the units");
  cmd->add_option("file", score->file, "Counts CSV ('-' for stdin); the bundled synthetic sample if omitted");
  cmd->add_option("--rules", score->rules, "Rule set: a TOML file or a built-in id (repeat for a rule book)");
  cmd->add_option("--format", score->format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_flag("--explain", score->explain, "Explain every scorecard (table or json)");
  cmd->add_flag("--keep-going", score->keep_going, "Score the good rows and output every row, bad ones with an error");
  cmd->add_option("-o,--output", score->output, "Write to this file instead of stdout");
  cmd->add_option("--encoding", score->encoding, "Input encoding: auto, utf-8 or gb18030");
  cmd->add_option("--lang", score->lang, "Language of table and explanation: zh or en");
  cmd->add_option("--units", score->units, "Unit registry TOML (default: the built-in 2021 registry)");
  cmd->add_option("--cases", cases->file, "Aggregate this case CSV first, then score its counts");
  AddAggregateOptions(cmd, *cases);
  commands.push_back({cmd, [score, cases]() -> int {
                        if (cases->file.empty()) return RunScore(*score);
                        if (!score->file.empty()) {
                          std::cerr << "zhifa: give a counts FILE or --cases FILE, not both\n";
                          return kUsage;
                        }
                        auto rows = AggregateCases(*cases, score->keep_going, Registry::Builtin());
                        if (std::holds_alternative<int>(rows)) return std::get<int>(rows);
                        score->aggregated = &std::get<std::vector<AggregatedRow>>(rows);
                        score->aggregated_source = cases->file + " (aggregated)";
                        return RunScore(*score);
                      }});
}

}  // namespace zhifa::cli
