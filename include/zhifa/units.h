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
//
// Thread-safety: Registry are immutable once made: their const methods may be called from any number of threads at
// once (Resolve and Suggest included); Builtin() is safe to call from any thread (built once).
#ifndef ZHIFA_UNITS_H_
#define ZHIFA_UNITS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "zhifa/export.h"

namespace zhifa {
namespace internal {
struct RegistryLoader;
}  // namespace internal

// The three categories of 二、整治范围. Ranking within a category uses these.
enum class Category { kTownship, kDepartment, kVertical };

// "township" | "department" | "vertical".
ZHIFA_EXPORT std::string_view CategoryKey(Category category);
// 乡镇街道 | 县政府部门 | 垂管单位.
ZHIFA_EXPORT std::string_view CategoryName(Category category);
ZHIFA_EXPORT std::optional<Category> CategoryFromKey(std::string_view key);

struct ZHIFA_EXPORT Unit {
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

// 3.2.4: a key department and the townships it guides (unit codes).
struct ZHIFA_EXPORT Guidance {
  std::string department;
  std::vector<std::string> townships;
};

// 附件1: one member of the leading group.
struct ZHIFA_EXPORT LeadingGroupMember {
  std::string role;  // 组长, 第一副组长, 副组长, 成员
  std::string name;
  std::string post;
  std::string unit;  // code of the registry unit the post heads, or empty
};

// 附件1 and 五(一): the leading group and its office.
struct ZHIFA_EXPORT LeadingGroup {
  std::vector<LeadingGroupMember> members;
  std::string office_unit;      // code of the unit that hosts the office (司法局)
  std::string office_director;  // 刘智兴
};

class ZHIFA_EXPORT Registry {
 public:
  // Parses a registry TOML document (schema in data/units/zhenping-2021.toml). `source` names the document in
  // errors. Returns kInvalidArgument naming source, line and key for a syntax error, a missing or mistyped
  // key, an unknown category, a duplicate code or name or alias, an unknown parent, a parent that is itself
  // a sub-unit, or a guidance or leading-group entry naming an unknown unit (or a guidance department that is
  // not a department, a guided unit that is not a township).
  static absl::StatusOr<Registry> FromText(std::string_view text, std::string_view source = "<registry>");
  [[deprecated("use FromText")]] static absl::StatusOr<Registry> FromToml(std::string_view text,
                                                                          std::string_view source = "<registry>") {
    return FromText(text, source);
  }
  // As FromText on a file's contents; kNotFound naming the path when the file cannot be read.
  static absl::StatusOr<Registry> FromFile(const std::string& path);
  // The compiled-in registry of the 2021 Zhenping plan.
  static const Registry& Builtin();

  const std::string& id() const { return id_; }
  // All units in file order (the 53 units, then sub-units).
  std::span<const Unit> units() const { return units_; }

  // Resolves a code (case-insensitive), printed name, official name or alias. Spaces, full-width spaces and
  // one leading strip prefix (镇平县, 县, ...) are ignored. Returns kNotFound naming the text and suggesting the
  // closest known names otherwise ("unknown unit \"市场监督局\"; did you mean 市场监管局?").
  absl::StatusOr<const Unit*> Resolve(std::string_view name) const;
  // Up to `max` units whose spellings are closest to `name` (edit distance over characters, after the same
  // normalization as Resolve), closest first; empty when nothing is reasonably close.
  std::vector<const Unit*> Suggest(std::string_view name, size_t max = 3) const;

  // The guidance map (3.2.4), in file order.
  std::span<const Guidance> guidance() const { return guidance_; }
  // Problems of the guidance map, each naming clause 3.2.4: a township guided twice, a township not guided.
  // Empty when the departments cover every township exactly once (true of the built-in registry).
  std::vector<std::string> CheckGuidance() const;
  // The department that guides `township_code`, or nullptr.
  const Unit* GuideOf(std::string_view township_code) const;
  const LeadingGroup& leading_group() const { return leading_group_; }
  // The unit with this exact code, or nullptr.
  const Unit* FindCode(std::string_view code) const;
  // The unit a row or case of `unit` is scored as: its parent for a sub-unit, else itself.
  const Unit& ScoredAs(const Unit& unit) const;

  // The document it was read from: FromText(text()) gives the same Registry (Python pickles it so).
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  friend struct internal::RegistryLoader;
  std::string Normalize(std::string_view name) const;

  std::string id_;
  std::vector<Guidance> guidance_;
  LeadingGroup leading_group_;
  std::vector<std::string> strip_prefixes_;
  std::vector<Unit> units_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  absl::flat_hash_map<std::string, size_t> by_name_;  // normalized name, official name, alias, lower-case code
};

}  // namespace zhifa

#endif  // ZHIFA_UNITS_H_
