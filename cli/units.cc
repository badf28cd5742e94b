// zhifa units: list the registry, resolve names, check the guidance map.
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"
#include "cli/io.h"
#include "nlohmann/json.hpp"

namespace zhifa::cli {
namespace {

int RunUnits(const std::string& units_file, const std::string& category, const std::string& format) {
  absl::StatusOr<Registry> registry = LoadRegistry(units_file);
  if (!registry.ok()) return Fail(registry.status());
  std::optional<Category> only;
  if (!category.empty()) {
    only = CategoryFromKey(category);
    if (!only) {
      std::cerr << "zhifa: --category " << category << ": expected township, department or vertical\n";
      return kUsage;
    }
  }
  std::ostringstream text;
  // Each of the plan's units, followed by its sub-units.
  std::vector<const Unit*> order;
  for (const Unit& u : registry->units()) {
    if (u.is_sub_unit() || (only && u.category != *only)) continue;
    order.push_back(&u);
    for (const Unit& s : registry->units()) {
      if (s.parent == u.code) order.push_back(&s);
    }
  }
  if (format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const Unit* u : order) {
      j.push_back({{"code", u->code},
                   {"name", u->name},
                   {"category", std::string(CategoryKey(u->category))},
                   {"parent", u->parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(u->parent)},
                   {"official_name", u->official_name},
                   {"aliases", u->aliases},
                   {"comprehensive", u->comprehensive},
                   {"key_rectification", u->key_rectification}});
    }
    text << j.dump(2) << "\n";
  } else if (format == "csv") {
    std::string out = "code,name,category,parent,official_name,aliases\n";
    for (const Unit* u : order) {
      out += u->code + ",";
      AppendCsvField(out, u->name);
      out += "," + std::string(CategoryKey(u->category)) + "," + u->parent + ",";
      AppendCsvField(out, u->official_name);
      out += ",";
      std::string aliases;
      for (const std::string& a : u->aliases) aliases += (aliases.empty() ? "" : "|") + a;
      AppendCsvField(out, aliases);
      out += "\n";
    }
    text << out;
  } else {
    std::vector<std::vector<std::string>> rows = {{"code", "名称", "类别", "上级", "全称", "综合执法", "别名"}};
    for (const Unit* u : order) {
      std::string aliases;
      for (const std::string& a : u->aliases) aliases += (aliases.empty() ? "" : " ") + a;
      rows.push_back({u->code, u->is_sub_unit() ? "  " + u->name : u->name, std::string(CategoryName(u->category)),
                      u->parent, u->official_name, u->comprehensive ? "是" : "", aliases});
    }
    PrintTable(text, rows);
  }
  return WriteWhole("", text.str());
}

int RunUnitsResolve(const std::string& units_file, const std::vector<std::string>& names) {
  absl::StatusOr<Registry> registry = LoadRegistry(units_file);
  if (!registry.ok()) return Fail(registry.status());
  int status = kOk;
  std::ostringstream text;
  for (const std::string& name : names) {
    absl::StatusOr<const Unit*> u = registry->Resolve(name);
    if (!u.ok()) {
      std::cerr << "zhifa: " << u.status().message() << "\n";
      status = kBadRows;
      continue;
    }
    const Unit& scored = registry->ScoredAs(**u);
    text << name << " -> " << (*u)->code << " " << (*u)->name << " (" << CategoryName((*u)->category) << ")";
    if ((*u)->is_sub_unit()) text << "; scored as " << scored.code << " " << scored.name;
    text << "\n";
  }
  if (int rc = WriteWhole("", text.str()); rc != kOk) return rc;
  return status;
}

int RunUnitsCheck(const std::string& units_file) {
  absl::StatusOr<Registry> registry = LoadRegistry(units_file);
  if (!registry.ok()) return Fail(registry.status());
  std::vector<std::string> problems = registry->CheckGuidance();
  for (const std::string& p : problems) std::cerr << "zhifa: " << p << "\n";
  if (!problems.empty()) return kBadRows;
  size_t townships = 0;
  for (const Guidance& g : registry->guidance()) townships += g.townships.size();
  return WriteWhole("", absl::StrCat("registry ", registry->id(), ": ", registry->units().size(),
                                     " units; guidance map (3.2.4): ", registry->guidance().size(),
                                     " departments guide ", townships, " townships, each exactly once\n"));
}

}  // namespace

void AddUnitsCommands(CLI::App& app, Commands& commands) {
  struct Args {
    std::string category, format = "table", file;
    std::vector<std::string> names;
  };
  auto args = std::make_shared<Args>();
  CLI::App* units = app.add_subcommand("units", "List the unit registry (二、整治范围) · 列出整治范围内的单位");
  units->add_option("--category", args->category, "township, department or vertical");
  units->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  units->add_option("--units", args->file, "Registry TOML (default: the built-in 2021 registry)");
  CLI::App* resolve = units->add_subcommand("resolve", "Resolve unit names as data spells them · 解析单位名称");
  resolve->add_option("name", args->names, "Names, codes or aliases")->required();
  CLI::App* check = units->add_subcommand("check", "Check the guidance map (3.2.4) · 检查重点部门指导乡镇分工");
  // Subcommands first: `units` itself is parsed whenever one of them is.
  commands.push_back({resolve, [=] { return RunUnitsResolve(args->file, args->names); }});
  commands.push_back({check, [=] { return RunUnitsCheck(args->file); }});
  commands.push_back({units, [=] { return RunUnits(args->file, args->category, args->format); }});
}

}  // namespace zhifa::cli
