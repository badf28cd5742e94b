// zhifa: command-line scoring of the six-rate evaluation of the 2021 Zhenping plan.
//
//   zhifa score [FILE] [--rules FILE.toml|ID]... [--format table|csv|json] [--explain] [--keep-going]
//               [--output FILE] [--encoding auto|utf-8|gb18030] [--lang zh|en] [--units FILE.toml]
//   zhifa rules show [ID] [--canonical]
//   zhifa rules check FILE...
//
// Exit status: 0 success; 1 bad rows or invalid rule files (listed on stderr); 2 usage or input errors.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "zhifa/zhifa.h"

namespace {

constexpr int kOk = 0;
constexpr int kBadRows = 1;
constexpr int kUsage = 2;

int Fail(const absl::Status& status) {
  std::cerr << "zhifa: " << status.message() << "\n";
  return kUsage;
}

// A --rules value is a TOML file when such a file exists, else the id of a built-in set.
absl::StatusOr<zhifa::RuleBook> LoadBook(const std::vector<std::string>& rules) {
  if (rules.empty()) return zhifa::RuleBook::Builtin();
  std::vector<zhifa::RuleSet> sets;
  for (const std::string& r : rules) {
    absl::StatusOr<zhifa::RuleSet> set =
        std::filesystem::exists(r) ? zhifa::RuleSet::FromFile(r) : zhifa::RuleSet::Builtin(r);
    if (!set.ok()) {
      if (!std::filesystem::exists(r) && set.status().code() == absl::StatusCode::kNotFound) {
        return absl::NotFoundError(absl::StrCat("--rules ", r, ": no such file, and ", set.status().message()));
      }
      return set.status();
    }
    sets.push_back(*std::move(set));
  }
  return zhifa::RuleBook::Create(std::move(sets));
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
  absl::StatusOr<zhifa::Encoding> encoding = zhifa::EncodingFromName(args.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  std::optional<zhifa::Language> lang = zhifa::LanguageFromName(args.lang);
  if (!lang) {
    std::cerr << "zhifa: --lang " << args.lang << ": expected zh or en\n";
    return kUsage;
  }
  absl::StatusOr<zhifa::Registry> custom_registry;
  const zhifa::Registry* registry = &zhifa::Registry::Builtin();
  if (!args.units.empty()) {
    custom_registry = zhifa::Registry::FromFile(args.units);
    if (!custom_registry.ok()) return Fail(custom_registry.status());
    registry = &*custom_registry;
  }
  absl::StatusOr<zhifa::RuleBook> book = LoadBook(args.rules);
  if (!book.ok()) return Fail(book.status());

  // Rows stream into the table, which keeps a compact record of each (the output must be ranked, so it is
  // held); a progress line goes to stderr when it is a terminal.
  zhifa::ScoredTable table(*book, *registry);
  Progress progress(args.file);
  auto on_row = [&](zhifa::CountsRow&& row) { table.Add(std::move(row)); };
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  zhifa::CsvOptions options;
  options.encoding = *encoding;
  options.source = args.file;
  options.on_progress = [&](uint64_t bytes) { progress.Bytes(bytes, table.size()); };
  absl::Status read;
  if (args.file.empty()) {
    options.source = std::string(zhifa::kBundledSampleName);
    std::istringstream in{std::string(zhifa::BundledSampleCsv())};
    read = zhifa::ReadCountsCsv(in, *registry, options, on_row, on_note);
  } else if (args.file == "-") {
    options.source = "<stdin>";
    read = zhifa::ReadCountsCsv(std::cin, *registry, options, on_row, on_note);
  } else {
    read = zhifa::ReadCountsCsvFile(args.file, *registry, options, on_row, on_note);
  }
  progress.Done(table.size());
  if (!read.ok()) return Fail(read);
  table.Finish();

  const size_t bad = table.bad_rows();
  for (size_t i = 0; i < table.size() && bad > 0; ++i) {
    for (const zhifa::RowError& e : table.errors(i)) {
      std::cerr << zhifa::FormatRowError(options.source, table.row_number(i), e) << "\n";
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
    zhifa::WriteCsv(out, table, args.keep_going);
  } else if (args.format == "json") {
    zhifa::WriteJson(out, table, args.explain);
  } else {
    zhifa::WriteTable(out, table, *lang);
    if (args.explain) {
      for (size_t i = 0; i < table.size(); ++i) {
        if (table.ok(i)) out << "\n" << zhifa::Explain(table.Card(i), *lang);
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

int RunRulesShow(const std::string& id, bool canonical) {
  absl::StatusOr<zhifa::RuleSet> set = zhifa::RuleSet::Builtin(id);
  if (!set.ok()) return Fail(set.status());
  if (canonical) {
    std::cout << "# " << set->id() << " " << set->digest() << "\n" << set->ToToml();
    return kOk;
  }
  absl::StatusOr<std::string_view> text = zhifa::RuleSet::BuiltinSource(id);
  if (!text.ok()) return Fail(text.status());
  std::cout << *text;
  return kOk;
}

int RunRulesCheck(const std::vector<std::string>& files) {
  int status = kOk;
  std::vector<zhifa::RuleSet> sets;
  for (const std::string& f : files) {
    absl::StatusOr<zhifa::RuleSet> set = zhifa::RuleSet::FromFile(f);
    if (!set.ok()) {
      std::cerr << set.status().message() << "\n";
      status = kBadRows;
      continue;
    }
    std::cout << f << ": ok: " << set->id() << ", " << set->indicators().size() << " indicators, " << set->digest()
              << "\n";
    sets.push_back(*std::move(set));
  }
  if (status == kOk && sets.size() > 1) {
    absl::StatusOr<zhifa::RuleBook> book = zhifa::RuleBook::Create(std::move(sets));
    if (!book.ok()) {
      std::cerr << "rule book: " << book.status().message() << "\n";
      return kBadRows;
    }
    std::cout << "rule book: ok: " << files.size() << " sets, no overlap, no gap\n";
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zhifa — the six-rate evaluation (六率考核) of the 2021 Zhenping enforcement rectification plan"};
  app.set_version_flag("--version", std::string(zhifa::kVersion));
  app.require_subcommand(1);

  ScoreArgs score;
  CLI::App* score_cmd = app.add_subcommand("score", "Score rows of counts (CSV) and rank the units");
  score_cmd->add_option("file", score.file, "Counts CSV ('-' for stdin); the bundled synthetic sample if omitted");
  score_cmd->add_option("--rules", score.rules, "Rule set: a TOML file or a built-in id (repeat for a rule book)");
  score_cmd->add_option("--format", score.format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  score_cmd->add_flag("--explain", score.explain, "Explain every scorecard (table or json)");
  score_cmd->add_flag("--keep-going", score.keep_going,
                      "Score the good rows and output every row, bad ones with an error");
  score_cmd->add_option("-o,--output", score.output, "Write to this file instead of stdout");
  score_cmd->add_option("--encoding", score.encoding, "Input encoding: auto, utf-8 or gb18030");
  score_cmd->add_option("--lang", score.lang, "Language of table and explanation: zh or en");
  score_cmd->add_option("--units", score.units, "Unit registry TOML (default: the built-in 2021 registry)");

  CLI::App* rules_cmd = app.add_subcommand("rules", "Show or check rule sets");
  rules_cmd->require_subcommand(1);
  std::string show_id = "zhenping-2021";
  bool canonical = false;
  CLI::App* show_cmd = rules_cmd->add_subcommand("show", "Print a built-in rule set's TOML");
  show_cmd->add_option("id", show_id, "Built-in rule set id");
  show_cmd->add_flag("--canonical", canonical, "Print the canonical form the digest is computed from");
  std::vector<std::string> check_files;
  CLI::App* check_cmd = rules_cmd->add_subcommand("check", "Validate rule files (and, with several, their book)");
  check_cmd->add_option("files", check_files, "Rule TOML files")->required()->check(CLI::ExistingFile);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  if (score_cmd->parsed()) return RunScore(score);
  if (show_cmd->parsed()) return RunRulesShow(show_id, canonical);
  if (check_cmd->parsed()) return RunRulesCheck(check_files);
  return kUsage;
}
