// zhifa rules: show the built-in rule sets, check rule files.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"
#include "cli/io.h"

namespace zhifa::cli {
namespace {

int RunRulesShow(const std::string& id, bool canonical) {
  absl::StatusOr<const RuleSet*> set = RuleSet::Builtin(id);
  if (!set.ok()) return Fail(set.status());
  if (canonical) return WriteWhole("", absl::StrCat("# ", (*set)->id(), " ", (*set)->digest(), "\n", (*set)->ToToml()));
  absl::StatusOr<std::string_view> text = RuleSet::BuiltinSource(id);
  if (!text.ok()) return Fail(text.status());
  return WriteWhole("", std::string(*text));
}

int RunRulesCheck(const std::vector<std::string>& files) {
  int status = kOk;
  std::vector<RuleSet> sets;
  std::string out;
  for (const std::string& f : files) {
    absl::StatusOr<RuleSet> set = RuleSet::FromFile(f);
    if (!set.ok()) {
      std::cerr << set.status().message() << "\n";
      status = kBadRows;
      continue;
    }
    absl::StrAppend(&out, f, ": ok: ", set->id(), ", ", set->indicators().size(), " indicators, ", set->digest(), "\n");
    sets.push_back(*std::move(set));
  }
  if (status == kOk && sets.size() > 1) {
    absl::StatusOr<RuleBook> book = RuleBook::Create(std::move(sets));
    if (!book.ok()) {
      std::cerr << "rule book: " << book.status().message() << "\n";
      status = kBadRows;
    } else {
      absl::StrAppend(&out, "rule book: ok: ", files.size(), " sets, no overlap, no gap\n");
    }
  }
  if (int rc = WriteWhole("", out); rc != kOk) return rc;
  return status;
}

}  // namespace

void AddRulesCommands(CLI::App& app, Commands& commands) {
  CLI::App* rules = app.add_subcommand("rules", "Show or check rule sets · 查看或检查规则集");
  rules->require_subcommand(1);
  auto show_id = std::make_shared<std::string>("zhenping-2021");
  auto canonical = std::make_shared<bool>(false);
  CLI::App* show = rules->add_subcommand("show", "Print a built-in rule set's TOML · 显示内置规则集");
  show->add_option("id", *show_id, "Built-in rule set id");
  show->add_flag("--canonical", *canonical, "Print the canonical form the digest is computed from");
  commands.push_back({show, [=] { return RunRulesShow(*show_id, *canonical); }});
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* check =
      rules->add_subcommand("check", "Validate rule files (and, with several, their book) · 校验规则文件");
  check->add_option("files", *files, "Rule TOML files")->required()->check(CLI::ExistingFile);
  commands.push_back({check, [=] { return RunRulesCheck(*files); }});
}

}  // namespace zhifa::cli
