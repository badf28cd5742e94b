#include "zhifa/units.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/toml_util.h"

namespace zhifa {
namespace {

using internal::TomlTable;

bool ValidCode(std::string_view code) {
  if (code.empty()) return false;
  for (char c : code) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_')) return false;
  }
  return true;
}

// Removes ASCII white space and U+3000 (ideographic space, E3 80 80 in UTF-8).
std::string StripSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (absl::ascii_isspace(static_cast<unsigned char>(s[i]))) continue;
    if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

std::string_view CategoryKey(Category category) {
  switch (category) {
    case Category::kTownship:
      return "township";
    case Category::kDepartment:
      return "department";
    case Category::kVertical:
      return "vertical";
  }
  return "";
}

std::string_view CategoryName(Category category) {
  switch (category) {
    case Category::kTownship:
      return "乡镇街道";
    case Category::kDepartment:
      return "县政府部门";
    case Category::kVertical:
      return "垂管单位";
  }
  return "";
}

std::optional<Category> CategoryFromKey(std::string_view key) {
  for (Category c : {Category::kTownship, Category::kDepartment, Category::kVertical}) {
    if (CategoryKey(c) == key || CategoryName(c) == key) return c;
  }
  return std::nullopt;
}

std::string Registry::Normalize(std::string_view name) const {
  std::string s = StripSpaces(name);
  // strip_prefixes is sorted longest first, so 镇平县 wins over 镇平 and 县.
  for (const std::string& prefix : strip_prefixes_) {
    if (s.size() > prefix.size() && s.starts_with(prefix)) {
      s.erase(0, prefix.size());
      break;
    }
  }
  return s;
}

absl::StatusOr<Registry> Registry::FromToml(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable top(*doc, source, "");
  if (absl::Status s = top.OnlyKeys({"id", "strip_prefixes", "unit"}); !s.ok()) return s;
  Registry r;
  auto id = top.String("id", true);
  if (!id.ok()) return id.status();
  r.id_ = **id;
  auto prefixes = top.StringArray("strip_prefixes");
  if (!prefixes.ok()) return prefixes.status();
  r.strip_prefixes_ = *prefixes;
  std::stable_sort(r.strip_prefixes_.begin(), r.strip_prefixes_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  auto tables = top.Tables("unit");
  if (!tables.ok()) return tables.status();
  if (tables->empty()) return top.Error("unit", "no [[unit]] tables; a registry needs at least one unit");

  std::vector<int> lines;
  for (size_t i = 0; i < tables->size(); ++i) {
    TomlTable t(*(*tables)[i], source, internal::Cat("unit[", i + 1, "]"));
    if (absl::Status s = t.OnlyKeys(
            {"code", "name", "official_name", "category", "parent", "comprehensive", "key_rectification", "aliases"});
        !s.ok()) {
      return s;
    }
    Unit u;
    auto code = t.String("code", true);
    if (!code.ok()) return code.status();
    u.code = **code;
    if (!ValidCode(u.code))
      return t.Error("code", internal::Cat("\"", u.code, "\" is not a code; expected [a-z0-9_]+"));
    auto name = t.String("name", true);
    if (!name.ok()) return name.status();
    u.name = **name;
    auto official = t.String("official_name", false);
    if (!official.ok()) return official.status();
    u.official_name = official->value_or(u.name);
    auto parent = t.String("parent", false);
    if (!parent.ok()) return parent.status();
    u.parent = parent->value_or("");
    auto category = t.String("category", u.parent.empty());
    if (!category.ok()) return category.status();
    if (category->has_value()) {
      std::optional<Category> c = CategoryFromKey(**category);
      if (!c) {
        return t.Error("category", internal::Cat("\"", **category,
                                                 "\" is not a category; expected township, department or vertical"));
      }
      u.category = *c;
    }
    auto comprehensive = t.Bool("comprehensive", false);
    if (!comprehensive.ok()) return comprehensive.status();
    u.comprehensive = comprehensive->value_or(false);
    auto key = t.Bool("key_rectification", false);
    if (!key.ok()) return key.status();
    u.key_rectification = key->value_or(true);
    auto aliases = t.StringArray("aliases");
    if (!aliases.ok()) return aliases.status();
    u.aliases = *aliases;
    if (r.by_code_.contains(u.code)) return t.Error("code", internal::Cat("duplicate code \"", u.code, "\""));
    r.by_code_[u.code] = r.units_.size();
    r.units_.push_back(std::move(u));
    lines.push_back(t.Line(""));
  }

  // Parents, then the name index: every spelling must lead to exactly one unit.
  for (size_t i = 0; i < r.units_.size(); ++i) {
    Unit& u = r.units_[i];
    TomlTable t(*(*tables)[i], source, internal::Cat("unit[", i + 1, "]"));
    if (u.is_sub_unit()) {
      const Unit* p = r.FindCode(u.parent);
      if (p == nullptr) return t.Error("parent", internal::Cat("unknown parent code \"", u.parent, "\""));
      if (p->is_sub_unit()) {
        return t.Error("parent", internal::Cat("parent \"", u.parent, "\" is itself a sub-unit; one level only"));
      }
      u.category = p->category;
    }
    std::vector<std::string> spellings = {internal::Lower(u.code), u.name, u.official_name};
    spellings.insert(spellings.end(), u.aliases.begin(), u.aliases.end());
    for (const std::string& raw : spellings) {
      std::string key = r.Normalize(raw);
      if (key.empty()) return t.Error("aliases", "empty name");
      auto [it, inserted] = r.by_name_.try_emplace(key, i);
      if (!inserted && it->second != i) {
        return t.Error("aliases", internal::Cat("\"", raw, "\" already names unit \"", r.units_[it->second].code,
                                                "\"; each spelling must name one unit"));
      }
    }
  }
  return r;
}

absl::StatusOr<Registry> Registry::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open registry file"));
  std::stringstream buf;
  buf << in.rdbuf();
  return FromToml(buf.str(), path);
}

const Registry& Registry::Builtin() {
  static const Registry* registry = [] {
    absl::StatusOr<Registry> r = FromToml(internal::EmbeddedUnitsToml(), "data/units/zhenping-2021.toml");
    if (!r.ok()) {
      // The file is validated by the test suite; reaching this is a build defect.
      std::fprintf(stderr, "zhifa: built-in registry is invalid: %s\n", std::string(r.status().message()).c_str());
      std::abort();
    }
    return new Registry(*std::move(r));
  }();
  return *registry;
}

absl::StatusOr<const Unit*> Registry::Resolve(std::string_view name) const {
  std::string key = Normalize(name);
  auto it = by_name_.find(key);
  if (it == by_name_.end()) it = by_name_.find(internal::Lower(key));
  if (it == by_name_.end()) {
    return absl::NotFoundError(
        internal::Cat("unknown unit \"", name, "\"; expected a code, name or alias of registry ", id_));
  }
  return &units_[it->second];
}

const Unit* Registry::FindCode(std::string_view code) const {
  auto it = by_code_.find(internal::AsAbsl(code));
  return it == by_code_.end() ? nullptr : &units_[it->second];
}

const Unit& Registry::ScoredAs(const Unit& unit) const {
  if (!unit.is_sub_unit()) return unit;
  const Unit* p = FindCode(unit.parent);
  return p != nullptr ? *p : unit;
}

}  // namespace zhifa
