// zhifa: the command line of the 2021 Zhenping enforcement rectification plan's rules.
//
//   zhifa score [FILE] [--rules FILE.toml|ID]... [--format table|csv|json] [--explain] [--keep-going] ...
//   zhifa rules show|check ...
//   zhifa units [resolve|check] ...
//   zhifa cases aggregate|check FILE ...
//   zhifa calendar [--on DATE] [--year Y] ...
//
// Each command group is a file of its own (score.cc, cases.cc, rules.cc, units.cc, calendar.cc).
// Exit status: 0 success; 1 bad rows, findings or invalid rule files (listed on stderr); 2 usage or input errors.
#include <iostream>

#include "cli/cli.h"

namespace zhifa::cli {

int Fail(const absl::Status& status) {
  std::cerr << "zhifa: " << status.message() << "\n";
  return kUsage;
}

// Writes rows as an aligned table (CJK-width aware): every column left-aligned.
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

absl::StatusOr<Registry> LoadRegistry(const std::string& path) {
  if (path.empty()) return Registry::Builtin();
  return Registry::FromFile(path);
}

}  // namespace zhifa::cli

int main(int argc, char** argv) {
  using namespace zhifa::cli;
  CLI::App app{"zhifa — the six-rate evaluation (六率考核) of the 2021 Zhenping enforcement rectification plan"};
  app.set_version_flag("--version", std::string(zhifa::kVersion));
  app.require_subcommand(1);
  Commands commands;
  AddScoreCommands(app, commands);
  AddCasesCommands(app, commands);
  AddRulesCommands(app, commands);
  AddUnitsCommands(app, commands);
  AddCalendarCommands(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  for (const Command& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  return kUsage;
}
