#include "zhifa/units.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/cells.h"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/toml_util.h"

namespace zhifa {

// Reads the parts of a registry file that refer to units (guidance map, leading group) into a Registry.
struct internal::RegistryLoader {
  static absl::Status ReadGuidance(Registry& r, const internal::TomlTable& top);
  static absl::Status ReadLeadingGroup(Registry& r, const toml::table& doc, std::string_view source);
};

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

absl::StatusOr<Registry> Registry::FromText(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable top(*doc, source, "");
  if (absl::Status s = top.OnlyKeys({"id", "strip_prefixes", "unit", "guidance", "leading_group"}); !s.ok()) return s;
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
  if (absl::Status s = internal::RegistryLoader::ReadGuidance(r, top); !s.ok()) return s;
  if (absl::Status s = internal::RegistryLoader::ReadLeadingGroup(r, *doc, source); !s.ok()) return s;
  r.text_ = std::string(text);
  return r;
}

absl::Status internal::RegistryLoader::ReadGuidance(Registry& r, const internal::TomlTable& top) {
  auto tables = top.Tables("guidance");
  if (!tables.ok()) return tables.status();
  for (size_t i = 0; i < tables->size(); ++i) {
    TomlTable t(*(*tables)[i], top.source(), internal::Cat("guidance[", i + 1, "]"));
    if (absl::Status s = t.OnlyKeys({"department", "townships"}); !s.ok()) return s;
    Guidance g;
    auto department = t.String("department", true);
    if (!department.ok()) return department.status();
    g.department = **department;
    const Unit* d = r.FindCode(g.department);
    if (d == nullptr) return t.Error("department", internal::Cat("unknown unit code \"", g.department, "\""));
    if (d->category == Category::kTownship || d->is_sub_unit()) {
      return t.Error("department", internal::Cat("\"", g.department, "\" is not a county department or vertical unit"));
    }
    auto townships = t.StringArray("townships");
    if (!townships.ok()) return townships.status();
    for (const std::string& code : *townships) {
      const Unit* u = r.FindCode(code);
      if (u == nullptr) return t.Error("townships", internal::Cat("unknown unit code \"", code, "\""));
      if (u->category != Category::kTownship) {
        return t.Error("townships", internal::Cat("\"", code, "\" is not a township; 3.2.4 guides townships"));
      }
    }
    g.townships = *townships;
    r.guidance_.push_back(std::move(g));
  }
  return absl::OkStatus();
}

absl::Status internal::RegistryLoader::ReadLeadingGroup(Registry& r, const toml::table& doc, std::string_view source) {
  const toml::node* node = doc.get("leading_group");
  if (node == nullptr) return absl::OkStatus();
  if (!node->is_table()) return TomlTable(doc, source, "").Error("leading_group", "expected a table");
  TomlTable t(*node->as_table(), source, "leading_group");
  if (absl::Status s = t.OnlyKeys({"office_unit", "office_director", "member"}); !s.ok()) return s;
  auto office = t.String("office_unit", false);
  if (!office.ok()) return office.status();
  r.leading_group_.office_unit = office->value_or("");
  if (!r.leading_group_.office_unit.empty() && r.FindCode(r.leading_group_.office_unit) == nullptr) {
    return t.Error("office_unit", internal::Cat("unknown unit code \"", r.leading_group_.office_unit, "\""));
  }
  auto director = t.String("office_director", false);
  if (!director.ok()) return director.status();
  r.leading_group_.office_director = director->value_or("");
  auto members = t.Tables("member");
  if (!members.ok()) return members.status();
  for (size_t i = 0; i < members->size(); ++i) {
    TomlTable m(*(*members)[i], source, internal::Cat("leading_group.member[", i + 1, "]"));
    if (absl::Status s = m.OnlyKeys({"role", "name", "post", "unit"}); !s.ok()) return s;
    LeadingGroupMember member;
    for (auto [key, field] :
         {std::pair{"role", &member.role}, std::pair{"name", &member.name}, std::pair{"post", &member.post}}) {
      auto v = m.String(key, true);
      if (!v.ok()) return v.status();
      *field = **v;
    }
    auto unit = m.String("unit", false);
    if (!unit.ok()) return unit.status();
    member.unit = unit->value_or("");
    if (!member.unit.empty() && r.FindCode(member.unit) == nullptr) {
      return m.Error("unit", internal::Cat("unknown unit code \"", member.unit, "\""));
    }
    r.leading_group_.members.push_back(std::move(member));
  }
  return absl::OkStatus();
}

std::vector<std::string> Registry::CheckGuidance() const {
  std::vector<std::string> problems;
  absl::flat_hash_map<std::string, std::string> guide;  // township -> department
  for (const Guidance& g : guidance_) {
    for (const std::string& t : g.townships) {
      auto [it, inserted] = guide.try_emplace(t, g.department);
      if (!inserted) {
        problems.push_back(internal::Cat("3.2.4: ", FindCode(t)->name, " is guided by both ",
                                         FindCode(it->second)->name, " and ", FindCode(g.department)->name));
      }
    }
  }
  for (const Unit& u : units_) {
    if (u.category == Category::kTownship && !u.is_sub_unit() && !guide.contains(u.code)) {
      problems.push_back(internal::Cat("3.2.4: ", u.name, " is guided by no department"));
    }
  }
  return problems;
}

const Unit* Registry::GuideOf(std::string_view township_code) const {
  for (const Guidance& g : guidance_) {
    for (const std::string& t : g.townships) {
      if (t == township_code) return FindCode(g.department);
    }
  }
  return nullptr;
}

namespace {

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

}  // namespace

std::vector<const Unit*> Registry::Suggest(std::string_view name, size_t max) const {
  const std::u32string query = CodePoints(Normalize(name));
  // Unit names are short: a query far longer than any spelling is close to none, and would cost
  // O(length × spellings) to compare.
  if (query.empty() || query.size() > 64) return {};
  std::vector<std::pair<size_t, size_t>> best;  // (distance, unit index), best per unit
  absl::flat_hash_map<size_t, size_t> per_unit;
  for (const auto& [spelling, index] : by_name_) {
    std::u32string s = CodePoints(spelling);
    size_t d = internal::EditDistance(query, s);
    // A spelling that contains the query, or is contained in it, is close whatever the lengths.
    if (spelling.find(Normalize(name)) != std::string::npos || Normalize(name).find(spelling) != std::string::npos) {
      d = std::min(d, size_t{1});
    }
    auto [it, inserted] = per_unit.try_emplace(index, d);
    if (!inserted) it->second = std::min(it->second, d);
  }
  // Reasonably close: at most half the query's length away (and at most 3 edits).
  const size_t limit = std::min<size_t>(3, std::max<size_t>(1, query.size() / 2));
  for (const auto& [index, d] : per_unit) {
    if (d <= limit) best.emplace_back(d, index);
  }
  std::sort(best.begin(), best.end());
  std::vector<const Unit*> out;
  for (size_t i = 0; i < best.size() && out.size() < max; ++i) out.push_back(&units_[best[i].second]);
  return out;
}

absl::StatusOr<Registry> Registry::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = internal::ReadTextFile(path, "registry");
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

const Registry& Registry::Builtin() {
  static const Registry& registry = internal::BuiltinFrom<Registry>("data/units/zhenping-2021.toml", "registry");
  return registry;
}

absl::StatusOr<const Unit*> Registry::Resolve(std::string_view name) const {
  std::string key = Normalize(name);
  auto it = by_name_.find(key);
  if (it == by_name_.end()) it = by_name_.find(internal::Lower(key));
  if (it == by_name_.end()) {
    std::vector<const Unit*> close = Suggest(name);
    std::string hint = internal::Cat("expected a code, name or alias of registry ", id_);
    if (!close.empty()) {
      std::vector<std::string> names;
      for (const Unit* u : close) names.push_back(u->name);
      hint = internal::Cat("did you mean ", internal::Join(names, " or "), "?");
    }
    return absl::NotFoundError(internal::Cat("unknown unit \"", internal::EchoValue(name), "\"; ", hint));
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
