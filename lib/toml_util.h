// Internal: typed access to toml++ tables with errors that name source, line and key.
#ifndef ZHIFA_LIB_TOML_UTIL_H_
#define ZHIFA_LIB_TOML_UTIL_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"
#include "toml++/toml.h"
#include "zhifa/decimal.h"
#include "zhifa/limits.h"

namespace zhifa::internal {

// The deepest nesting a zhifa TOML document may have: parts of one dotted key (`[a.b.c]`), and arrays or inline
// tables inside each other. toml++ builds and frees nested tables recursively, so a document 50,000 levels
// deep (100 KB) would overflow the stack; zhifa's own files need three levels.
inline constexpr int kMaxTomlDepth = 32;
// The most significant digits a TOML float may have: a double holds 15 exactly (DBL_DIG), and zhifa reads
// parameters as exact decimals, so `1.000000000000000000001` must not quietly become 1.
inline constexpr int kMaxTomlFloatDigits = 15;

// kInvalidArgument "source:line: what" when `text` nests deeper than kMaxTomlDepth or has a float with more
// than kMaxTomlFloatDigits significant digits. A lexical scan (strings and comments skipped), run before
// parsing; ParseToml calls it.
absl::Status CheckTomlShape(std::string_view text, std::string_view source);

// Reads a whole text file of at most `max_bytes`. kNotFound naming the path when it does not exist or cannot
// be opened, kInvalidArgument when it is a folder or longer than `max_bytes` (a device or endless stream
// included: it stops reading there).
absl::StatusOr<std::string> ReadTextFile(const std::string& path, std::string_view what,
                                         size_t max_bytes = MaxTomlBytes());

// Parses a whole TOML document; a syntax error becomes kInvalidArgument "source:line:column: what".
absl::StatusOr<toml::table> ParseToml(std::string_view text, std::string_view source);

// Reads the keys of one table. `path` is the table's name in messages ("indicator[2]").
class TomlTable {
 public:
  TomlTable(const toml::table& table, std::string_view source, std::string path)
      : table_(table), source_(source), path_(std::move(path)) {}

  // kInvalidArgument for any key not in `allowed` (catches typos such as `weigth`).
  absl::Status OnlyKeys(std::initializer_list<std::string_view> allowed) const;

  // Each getter: nullopt when the key is absent and not required; kInvalidArgument when absent and required,
  // or of the wrong type.
  absl::StatusOr<std::optional<std::string>> String(std::string_view key, bool required) const;
  absl::StatusOr<std::optional<int64_t>> Integer(std::string_view key, bool required) const;
  absl::StatusOr<std::optional<bool>> Bool(std::string_view key, bool required) const;
  absl::StatusOr<std::optional<boost::gregorian::date>> Date(std::string_view key, bool required) const;
  // An integer or float parameter as an exact Decimal with at most `max_scale` decimals and magnitude at
  // most `max_abs`. A float is read as its shortest round-trip decimal form (0.1 -> "0.1").
  absl::StatusOr<std::optional<Decimal>> Number(std::string_view key, bool required, int max_scale,
                                                int64_t max_abs) const;
  absl::StatusOr<std::vector<std::string>> StringArray(std::string_view key) const;
  // Array of tables (`[[key]]`), possibly empty.
  absl::StatusOr<std::vector<const toml::table*>> Tables(std::string_view key) const;

  // "source:line: path.key: what" for the key's node (or the table's start when the key is absent).
  absl::Status Error(std::string_view key, std::string_view what) const;
  int Line(std::string_view key) const;
  const std::string& path() const { return path_; }
  std::string_view source() const { return source_; }

 private:
  const toml::table& table_;
  std::string_view source_;
  std::string path_;
};

// Escapes a string as a TOML basic string, quotes included.
std::string TomlQuote(std::string_view s);

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_TOML_UTIL_H_
