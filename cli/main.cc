// zhifa: the command line of the 2021 Zhenping enforcement rectification plan's rules.
//
//   zhifa score [FILE] [--rules FILE.toml|ID]... [--format table|csv|json] [--explain] [--keep-going] ...
//   zhifa rules show|check ...
//   zhifa units [resolve|check] ...
//   zhifa cases aggregate|check FILE ...
//   zhifa calendar [--on DATE] [--year Y] ...
//   zhifa ledger check|status|import|set|history|export|verify ...
//   zhifa people check|units|rank OFFICERS.csv ...
//   zhifa townships check FILE | template;  zhifa joint check FILE ...
//   zhifa target|whatif|marginal [FILE] --unit NAME ...
//   zhifa help [COMMAND...]
//
// Each command group is a file of its own (score.cc, cases.cc, rules.cc, units.cc, calendar.cc, ledger.cc, people.cc,
// organization.cc, planner.cc). Exit status: 0 success; 1 bad rows, findings, invalid rule files (listed on stderr) or
// a target out of reach; 2 usage or input errors.
#include <algorithm>
#include <ctime>
#include <iostream>

#include "cli/cli.h"
#include "lib/strings.h"

namespace zhifa::cli {

int Fail(const absl::Status& status) {
  std::cerr << "zhifa: " << status.message() << "\n";
  return kUsage;
}

void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<int> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      line += row[c];
      if (c + 1 < row.size()) line.append(static_cast<size_t>(width[c] - DisplayWidth(row[c])), ' ');
    }
    out << line << "\n";
  }
}

absl::StatusOr<Date> DateOrToday(const std::string& text, std::string_view option) {
  if (text.empty()) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return Date(static_cast<unsigned short>(tm.tm_year + 1900), static_cast<unsigned short>(tm.tm_mon + 1),
                static_cast<unsigned short>(tm.tm_mday));
  }
  absl::StatusOr<Date> d = ParseDate(text);
  if (!d.ok()) return absl::InvalidArgumentError(std::string(option) + ": " + std::string(d.status().message()));
  return d;
}

absl::StatusOr<FindingsFormat> FindingsFormatFromName(const std::string& name) {
  if (name == "table") return FindingsFormat::kTable;
  if (name == "csv") return FindingsFormat::kCsv;
  if (name == "json") return FindingsFormat::kJson;
  return absl::InvalidArgumentError("--format " + name + ": expected table, csv or json");
}

void AddOutputOptions(CLI::App* cmd, OutputArgs& a, unsigned which) {
  if (which & kFormatOption) {
    cmd->add_option("--format", a.format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  }
  if (which & kLangOption) {
    cmd->add_option("--lang", a.lang, "Language of the messages: zh or en")->check(CLI::IsMember({"zh", "en"}));
  }
  if (which & kHeadersOption) {
    cmd->add_option("--headers", a.headers, "CSV/JSON headers: en or zh")->check(CLI::IsMember({"en", "zh"}));
  }
  cmd->add_option("-o,--output", a.output, "Write to this file instead of stdout");
  cmd->add_option("--encoding", a.encoding, "Output encoding: utf-8, utf-8-bom or gb18030 (for Excel)");
}

void AddReadOptions(CLI::App* cmd, InputArgs& a) {
  AddInputOptions(cmd, a.input_encoding, a.errors);
  cmd->add_flag("--keep-going", a.keep_going, "Leave bad rows out (listed on stderr) and go on");
}

absl::StatusOr<Registry> LoadRegistry(const std::string& path) {
  if (path.empty()) return Registry::Builtin();
  return Registry::FromFile(path);
}

namespace {

// The closest of `names` to `word`, when it is close enough to be a typo.
std::string Closest(std::string_view word, const std::vector<std::string>& names) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const std::string& n : names) {
    const size_t d = internal::EditDistance(word, n);
    if (d < best_distance) {
      best_distance = d;
      best = n;
    }
  }
  return best_distance <= std::max<size_t>(2, word.size() / 3) ? best : std::string();
}

// Names what in argv the parser could not place, with "did you mean"; exit status 2.
int Explain(const CLI::App& app, int argc, char** argv, const CLI::ParseError& e) {
  const CLI::App* at = &app;
  std::string cmd;  // the subcommands matched so far: "cases check"
  auto with = [&](std::string_view word) { return cmd.empty() ? std::string(word) : cmd + " " + std::string(word); };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--")) {
      std::string name(
          arg.substr(2, arg.find('=') == std::string_view::npos ? std::string_view::npos : arg.find('=') - 2));
      std::vector<std::string> names;
      bool takes_value = false;
      for (const CLI::Option* o : at->get_options()) {
        for (const std::string& l : o->get_lnames()) {
          names.push_back(l);
          if (l == name) takes_value = o->get_items_expected_min() > 0;
        }
      }
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        // "--max-toml-bytes 1000": the next word is the option's value, not a command.
        if (takes_value && arg.find('=') == std::string_view::npos) ++i;
      } else {
        std::string guess = Closest(name, names);
        std::cerr << "zhifa: " << (cmd.empty() ? "" : cmd + ": ") << "unknown option --" << name
                  << (guess.empty() ? "" : "; did you mean --" + guess + "?") << " (zhifa help"
                  << (cmd.empty() ? "" : " ") << cmd << " lists the options)\n";
        return kUsage;
      }
      continue;
    }
    if (arg.starts_with("-")) continue;
    std::vector<std::string> subs;
    for (const CLI::App* s : at->get_subcommands({})) subs.push_back(s->get_name());
    if (subs.empty()) continue;  // a positional argument of the command
    if (std::find(subs.begin(), subs.end(), arg) != subs.end()) {
      at = at->get_subcommand(std::string(arg));
      cmd = with(arg);
      continue;
    }
    std::string guess = Closest(arg, subs);
    std::cerr << "zhifa: unknown command \"" << with(arg) << "\""
              << (guess.empty() ? "" : "; did you mean \"" + with(guess) + "\"?") << " (zhifa help"
              << (cmd.empty() ? "" : " ") << cmd << " lists the commands)\n";
    return kUsage;
  }
  std::cerr << "zhifa: " << (cmd.empty() ? "" : cmd + ": ") << e.what() << " (zhifa help" << (cmd.empty() ? "" : " ")
            << cmd << " shows the usage)\n";
  return kUsage;
}

}  // namespace
}  // namespace zhifa::cli

int main(int argc, char** argv) {
  using namespace zhifa::cli;
  CLI::App app{
      "zhifa — the rules of the 2021 Zhenping enforcement rectification plan: the six-rate evaluation (六率考核), "
      "case checks, the campaign's problem ledger, people and organization, and what it would take to reach a score "
      "(整改 planning) · 镇平县行政执法专项整治规则工具"};
  app.set_version_flag("--version", std::string(zhifa::kVersion));
  app.require_subcommand(1);
  // An option of zhifa itself, before the command: zhifa --max-toml-bytes N rules check F.
  uint64_t max_toml_bytes = 0;
  app.add_option("--max-toml-bytes", max_toml_bytes,
                 "Largest TOML file (rules, registry, plan, work calendar, settings) read, at least the default of "
                 "16 MiB (16777216); give it before the command")
      ->check(CLI::Range(uint64_t{zhifa::kDefaultMaxTomlBytes}, uint64_t{1} << 40));
  Commands commands;
  AddScoreCommands(app, commands);
  AddCasesCommands(app, commands);
  AddRulesCommands(app, commands);
  AddUnitsCommands(app, commands);
  AddCalendarCommands(app, commands);
  AddLedgerCommands(app, commands);
  AddPeopleCommands(app, commands);
  AddOrganizationCommands(app, commands);
  AddPlannerCommands(app, commands);
  AddReportCommands(app, commands);
  CLI::App* help = app.add_subcommand("help", "Show the usage of zhifa or of a command · 显示用法");
  std::vector<std::string> help_path;
  help->add_option("command", help_path, "A command, e.g. score or cases check");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return Explain(app, argc, argv, e);
  }
  if (help->parsed()) {
    CLI::App* at = &app;
    for (const std::string& word : help_path) {
      CLI::App* next = nullptr;
      for (CLI::App* s : at->get_subcommands({})) {
        if (s->get_name() == word) next = s;
      }
      if (next == nullptr) {
        std::vector<std::string> names;
        for (const CLI::App* s : at->get_subcommands({})) names.push_back(s->get_name());
        std::string guess = Closest(word, names);
        std::cerr << "zhifa: help: no command \"" << word << "\""
                  << (guess.empty() ? "" : "; did you mean " + guess + "?") << "\n";
        return kUsage;
      }
      at = next;
    }
    std::cout << at->help();
    return kOk;
  }
  if (absl::Status s = zhifa::SetMaxTomlBytes(max_toml_bytes); !s.ok()) return Fail(s);
  for (const Command& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  return kUsage;
}
