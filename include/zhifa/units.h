// The unit registry: who is evaluated (二、整治范围).
//
// The plan names 53 units in three categories — 22 townships and subdistricts, 27 county departments and 4
// vertically managed units — plus sub-units whose records count for their parent (公安局: 交警大队, 派出所;
// 市场监管局: 市场监管所). Government data spells units many ways, so the registry resolves codes, printed names,
// official names and aliases, ignoring spaces and a leading county name (县市场监督管理局 -> 市场监管局).
// The registry is data (data/units/zhenping-2021.toml, compiled in); another county's loads from a file.
//
// Example:
//   const zhifa::Registry& r = zhifa::Registry::Builtin();
//   absl::StatusOr<const zhifa::Unit*> u = r.Resolve("县市场监督管理局");
//   (*u)->code;                     // "market_regulation"
//   r.ScoredAs(**r.Resolve("交警大队")).name;  // "公安局"
#ifndef ZHIFA_UNITS_H_
#define ZHIFA_UNITS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace zhifa {

// The three categories of 二、整治范围. Ranking within a category uses these.
enum class Category { kTownship, kDepartment, kVertical };

// "township" | "department" | "vertical".
std::string_view CategoryKey(Category category);
// 乡镇街道 | 县政府部门 | 垂管单位.
std::string_view CategoryName(Category category);
std::optional<Category> CategoryFromKey(std::string_view key);

struct Unit {
  std::string code;           // stable ASCII code, e.g. "market_regulation"
  std::string name;           // as printed in the plan, e.g. "市场监管局"
  std::string official_name;  // full name without the county prefix, e.g. "市场监督管理局"
  Category category = Category::kDepartment;
  std::string parent;             // code of the parent for a sub-unit; empty for the 53 units
  bool comprehensive = false;     // 综合行政执法部门 (3.1.1(2))
  bool key_rectification = true;  // 重点整治单位 (二)
  std::vector<std::string> aliases;

  bool is_sub_unit() const { return !parent.empty(); }
};

class Registry {
 public:
  // Parses a registry TOML document (schema in data/units/zhenping-2021.toml). `source` names the document in
  // errors. Returns kInvalidArgument naming source, line and key for a syntax error, a missing or mistyped
  // key, an unknown category, a duplicate code or name or alias, an unknown parent, or a parent that is itself
  // a sub-unit.
  static absl::StatusOr<Registry> FromToml(std::string_view text, std::string_view source = "<registry>");
  // As FromToml on a file's contents; kNotFound when the file cannot be read.
  static absl::StatusOr<Registry> FromFile(const std::string& path);
  // The compiled-in registry of the 2021 Zhenping plan.
  static const Registry& Builtin();

  const std::string& id() const { return id_; }
  // All units in file order (the 53 units, then sub-units).
  std::span<const Unit> units() const { return units_; }

  // Resolves a code (case-insensitive), printed name, official name or alias. Spaces, full-width spaces and
  // one leading strip prefix (镇平县, 县, ...) are ignored. Returns kNotFound naming the text otherwise.
  absl::StatusOr<const Unit*> Resolve(std::string_view name) const;
  // The unit with this exact code, or nullptr.
  const Unit* FindCode(std::string_view code) const;
  // The unit a row or case of `unit` is scored as: its parent for a sub-unit, else itself.
  const Unit& ScoredAs(const Unit& unit) const;

 private:
  std::string Normalize(std::string_view name) const;

  std::string id_;
  std::vector<std::string> strip_prefixes_;
  std::vector<Unit> units_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  absl::flat_hash_map<std::string, size_t> by_name_;  // normalized name, official name, alias, lower-case code
};

}  // namespace zhifa

#endif  // ZHIFA_UNITS_H_
