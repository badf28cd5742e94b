#include "lib/toml_util.h"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/cells.h"
#include "lib/strings.h"

namespace zhifa::internal {
namespace {

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

// The significant digits of a float literal's mantissa ("1.050e3" -> 3), or -1 when `token` is no float.
int FloatDigits(std::string_view token) {
  size_t i = 0;
  if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
  std::string digits;
  bool point = false, exponent = false;
  for (; i < token.size(); ++i) {
    char c = token[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '_') {
    } else if (c == '.' && !point) {
      point = true;
    } else if ((c == 'e' || c == 'E') && !digits.empty()) {
      exponent = true;
      break;
    } else {
      return -1;
    }
  }
  if (exponent) {
    size_t j = i + 1;
    if (j < token.size() && (token[j] == '+' || token[j] == '-')) ++j;
    if (j == token.size()) return -1;
    for (; j < token.size(); ++j) {
      if ((token[j] < '0' || token[j] > '9') && token[j] != '_') return -1;
    }
  }
  if (digits.empty() || (!point && !exponent)) return -1;
  size_t first = digits.find_first_not_of('0'), last = digits.find_last_not_of('0');
  return first == std::string::npos ? 1 : static_cast<int>(last - first + 1);
}

}  // namespace

absl::Status CheckTomlShape(std::string_view text, std::string_view source) {
  int64_t line = 1;  // a raised size limit allows more than 2^31 lines
  int nest = 0, dots = 0;
  size_t token_start = std::string_view::npos;
  auto is_token_char = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' ||
           c == '+' || c == '-' || c == ':';
  };
  auto error = [&](std::string_view what) {
    return absl::InvalidArgumentError(internal::Cat(source, ":", line, ": ", what));
  };
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : '\n';
    if (token_start != std::string_view::npos && !is_token_char(c)) {
      std::string_view token = text.substr(token_start, i - token_start);
      if (int digits = FloatDigits(token); digits > kMaxTomlFloatDigits) {
        return error(internal::Cat(EchoValue(token), " has ", digits, " significant digits; a TOML float keeps ",
                                   kMaxTomlFloatDigits, " exactly, so it would be read as another number"));
      }
      token_start = std::string_view::npos;
    }
    if (i == text.size()) break;
    if (c == '"' || c == '\'') {
      // A string, skipped whole: its dots and brackets are text.
      bool multi = text.substr(i, 3) == std::string_view(c == '"' ? "\"\"\"" : "'''");
      size_t j = i + (multi ? 3 : 1);
      while (j < text.size()) {
        if (c == '"' && text[j] == '\\') {
          j += 2;
          continue;
        }
        if (text[j] == '\n') {
          if (!multi) break;
          ++line;
        }
        if (text[j] == c && (!multi || text.substr(j, 3) == text.substr(i, 3))) {
          j += multi ? 3 : 1;
          while (multi && j < text.size() && text[j] == c) ++j;  // """a"""" ends with a quote inside
          break;
        }
        ++j;
      }
      i = j - 1;
      continue;
    }
    if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (token_start == std::string_view::npos && is_token_char(c)) token_start = i;
    switch (c) {
      case '\n':
        ++line;
        dots = 0;
        break;
      case '[':
      case '{':
        if (++nest > kMaxTomlDepth) {
          return error(internal::Cat("arrays or inline tables nested more than ", kMaxTomlDepth,
                                     " deep; zhifa's files need a few levels"));
        }
        dots = 0;
        break;
      case ']':
      case '}':
        nest = std::max(nest - 1, 0);
        dots = 0;
        break;
      case '=':
      case ',':
        dots = 0;
        break;
      case '.':
        if (++dots >= kMaxTomlDepth) {
          return error(
              internal::Cat("a dotted key of more than ", kMaxTomlDepth, " parts; zhifa's files need a few levels"));
        }
        break;
      default:
        break;
    }
  }
  return absl::OkStatus();
}

}  // namespace zhifa::internal

namespace zhifa {
namespace {
std::atomic<size_t> max_toml_bytes{kDefaultMaxTomlBytes};
}  // namespace

absl::Status SetMaxTomlBytes(size_t bytes) {
  if (bytes != 0 && bytes < kDefaultMaxTomlBytes) {
    return absl::InvalidArgumentError(internal::Cat("the TOML size limit can be raised, not lowered: ", bytes,
                                                    " is less than the default ", kDefaultMaxTomlBytes,
                                                    " (zhifa's own rule sets and registry must still load)"));
  }
  max_toml_bytes.store(bytes == 0 ? kDefaultMaxTomlBytes : bytes);
  return absl::OkStatus();
}
size_t MaxTomlBytes() { return max_toml_bytes.load(); }

}  // namespace zhifa

namespace zhifa::internal {
namespace {

// "16777216 bytes (16 MiB)": the limit as set, and what raises it.
std::string TomlLimit(size_t bytes) {
  return internal::Cat(bytes, " bytes", bytes % (size_t{1} << 20) == 0 ? internal::Cat(" (", bytes >> 20, " MiB)") : "",
                       "; raise the limit with zhifa --max-toml-bytes N, zhifa::SetMaxTomlBytes (C++), "
                       "zhifa_set_max_toml_bytes (C) or zhifa.set_max_toml_bytes (Python)");
}

}  // namespace

absl::StatusOr<std::string> ReadTextFile(const std::string& path, std::string_view what, size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(internal::Cat(path, ": is a folder; expected a ", what, " file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open ", what, " file (no such file?)"));
  std::string text;
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      return absl::InvalidArgumentError(
          internal::Cat(path, ": the ", what, " file is larger than ", TomlLimit(max_bytes)));
    }
  }
  if (in.bad()) return absl::DataLossError(internal::Cat(path, ": read error"));
  return text;
}

absl::StatusOr<toml::table> ParseToml(std::string_view text, std::string_view source) {
  if (const size_t most = MaxTomlBytes(); text.size() > most) {
    return absl::InvalidArgumentError(
        internal::Cat(source, ": ", text.size(), " bytes of TOML; zhifa reads at most ", TomlLimit(most)));
  }
  if (absl::Status shape = CheckTomlShape(text, source); !shape.ok()) return shape;
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return absl::InvalidArgumentError(internal::Cat(source, ":", e.source().begin.line, ":", e.source().begin.column,
                                                    ": TOML syntax error: ", e.description()));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(internal::Cat(source, ": cannot parse TOML: ", e.what()));
  }
}

int TomlTable::Line(std::string_view key) const {
  const toml::node* node = table_.get(key);
  int line = static_cast<int>(node != nullptr ? node->source().begin.line : table_.source().begin.line);
  return line;
}

absl::Status TomlTable::Error(std::string_view key, std::string_view what) const {
  std::string where = path_.empty() ? std::string(key) : key.empty() ? path_ : internal::Cat(path_, ".", key);
  int line = key.empty() ? static_cast<int>(table_.source().begin.line) : Line(key);
  return absl::InvalidArgumentError(internal::Cat(source_, ":", line, ": ", where, ": ", what));
}

absl::Status TomlTable::OnlyKeys(std::initializer_list<std::string_view> allowed) const {
  for (auto&& [k, v] : table_) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == k.str();
    if (!known) {
      return Error(k.str(), internal::Cat("unknown key; expected one of ", internal::Join(allowed, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> TomlTable::String(std::string_view key, bool required) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (required) return Error(key, "missing; expected a string");
    return std::nullopt;
  }
  if (!node->is_string()) return Error(key, internal::Cat("expected a string, found ", TypeName(*node)));
  return std::optional<std::string>(node->as_string()->get());
}

absl::StatusOr<std::optional<int64_t>> TomlTable::Integer(std::string_view key, bool required) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (required) return Error(key, "missing; expected an integer");
    return std::nullopt;
  }
  if (!node->is_integer()) return Error(key, internal::Cat("expected an integer, found ", TypeName(*node)));
  return std::optional<int64_t>(node->as_integer()->get());
}

absl::StatusOr<std::optional<bool>> TomlTable::Bool(std::string_view key, bool required) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (required) return Error(key, "missing; expected true or false");
    return std::nullopt;
  }
  if (!node->is_boolean()) return Error(key, internal::Cat("expected true or false, found ", TypeName(*node)));
  return std::optional<bool>(node->as_boolean()->get());
}

absl::StatusOr<std::optional<boost::gregorian::date>> TomlTable::Date(std::string_view key, bool required) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (required) return Error(key, "missing; expected a date such as 2021-01-01 (no quotes)");
    return std::nullopt;
  }
  if (!node->is_date()) {
    return Error(key, internal::Cat("expected a date such as 2021-01-01 (no quotes), found ", TypeName(*node)));
  }
  toml::date d = node->as_date()->get();
  try {
    return std::optional<boost::gregorian::date>(boost::gregorian::date(d.year, d.month, d.day));
  } catch (const std::out_of_range& e) {
    return Error(key, internal::Cat("date out of range: ", e.what()));
  }
}

absl::StatusOr<std::optional<Decimal>> TomlTable::Number(std::string_view key, bool required, int max_scale,
                                                         int64_t max_abs) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (required) return Error(key, "missing; expected a number");
    return std::nullopt;
  }
  std::string text;
  if (node->is_integer()) {
    text = internal::Cat(node->as_integer()->get());
  } else if (node->is_floating_point()) {
    double v = node->as_floating_point()->get();
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    if (ec != std::errc()) return Error(key, "number out of range");
    text.assign(buf, end);
  } else {
    return Error(key, internal::Cat("expected a number, found ", TypeName(*node)));
  }
  absl::StatusOr<Decimal> d = Decimal::Parse(text, max_scale);
  if (!d.ok()) return Error(key, internal::AsStd(d.status().message()));
  Decimal limit(max_abs, 0);
  if (*d > limit || *d < Decimal(-max_abs, 0)) {
    return Error(key, internal::Cat(text, " is out of range; expected at most ", max_abs, " in magnitude"));
  }
  return std::optional<Decimal>(d->Rescale(max_scale).value());
}

absl::StatusOr<std::vector<std::string>> TomlTable::StringArray(std::string_view key) const {
  std::vector<std::string> out;
  const toml::node* node = table_.get(key);
  if (node == nullptr) return out;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) return Error(key, internal::Cat("expected an array of strings, found ", TypeName(*node)));
  for (const toml::node& el : *arr) {
    if (!el.is_string()) {
      return Error(key, internal::Cat("expected an array of strings, found ", TypeName(el), " in it"));
    }
    out.push_back(el.as_string()->get());
  }
  return out;
}

absl::StatusOr<std::vector<const toml::table*>> TomlTable::Tables(std::string_view key) const {
  std::vector<const toml::table*> out;
  const toml::node* node = table_.get(key);
  if (node == nullptr) return out;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) {
    return Error(key, internal::Cat("expected an array of tables ([[", key, "]]), found ", TypeName(*node)));
  }
  for (const toml::node& el : *arr) {
    if (!el.is_table()) {
      return Error(key, internal::Cat("expected an array of tables ([[", key, "]]), found ", TypeName(el)));
    }
    out.push_back(el.as_table());
  }
  return out;
}

std::string TomlQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace zhifa::internal
