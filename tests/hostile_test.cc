// Regression tests for the hostile-input audit of issue 16: each input here once crashed zhifa, killed the
// process or was accepted while losing data. Every loader must answer with a clear error instead.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "lib/toml_util.h"
#include "zhifa/calendar.h"
#include "zhifa/cases.h"
#include "zhifa/ledger.h"
#include "zhifa/people.h"
#include "zhifa/rules.h"
#include "zhifa/units.h"

namespace zhifa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Every TOML loader, as a function from text to its status.
std::vector<std::pair<std::string, std::function<absl::Status(std::string_view)>>> TomlLoaders() {
  return {
      {"rules", [](std::string_view t) { return RuleSet::FromText(t, "x.toml").status(); }},
      {"registry", [](std::string_view t) { return Registry::FromText(t, "x.toml").status(); }},
      {"plan", [](std::string_view t) { return Plan::FromText(t, "x.toml").status(); }},
      {"work calendar", [](std::string_view t) { return WorkCalendar::FromText(t, "x.toml").status(); }},
      {"case settings", [](std::string_view t) { return CaseSettings::FromText(t, "x.toml").status(); }},
      {"ledger settings", [](std::string_view t) { return LedgerSettings::FromText(t, "x.toml").status(); }},
      {"people settings", [](std::string_view t) { return PeopleSettings::FromText(t, "x.toml").status(); }},
  };
}

// Defect 1: `[a.a.a…]` 50,000 levels deep (100 KB) overflowed the stack inside toml++ (it builds and frees
// nested tables recursively). Depth is bounded before parsing: kMaxTomlDepth = 32 parts or nested arrays.
TEST(HostileToml, DeepNestingIsRejectedBeforeParsing) {
  std::string deep_header = "[" + Repeat("a.", 49999) + "a]\n";
  std::string deep_key = "x = 1\n" + Repeat("a.", 49999) + "a = 1\n";
  std::string deep_array = "x = " + Repeat("[", 50000) + Repeat("]", 50000) + "\n";
  std::string deep_inline = "x = " + Repeat("{a=", 50000) + "1" + Repeat("}", 50000) + "\n";
  for (auto& [what, load] : TomlLoaders()) {
    EXPECT_THAT(std::string(load(deep_header).message()), HasSubstr("x.toml:1: a dotted key of more than 32 parts"))
        << what;
    // The key is on line 2.
    EXPECT_THAT(std::string(load(deep_key).message()), HasSubstr("x.toml:2: a dotted key of more than 32 parts"))
        << what;
    EXPECT_THAT(std::string(load(deep_array).message()), HasSubstr("x.toml:1: arrays or inline tables nested more"))
        << what;
    EXPECT_THAT(std::string(load(deep_inline).message()), HasSubstr("x.toml:1: arrays or inline tables nested more"))
        << what;
  }
}

TEST(HostileToml, TheDeepestAllowedDocumentParsesAndFrees) {
  // 31 dots (32 parts) in each of 32 nested inline tables: 32 × 32 = 1,024 levels, within any thread's stack.
  std::string key = Repeat("k.", 31) + "k";
  std::string doc = "x = " + Repeat("{" + key + " = ", 31) + "{" + key + " = 1" + Repeat("}", 32) + "\n";
  EXPECT_TRUE(internal::ParseToml(doc, "x.toml").ok()) << internal::ParseToml(doc, "x.toml").status();
  // One dot more is one part too many.
  EXPECT_FALSE(internal::CheckTomlShape("x." + key + " = 1\n", "x.toml").ok());
}

TEST(HostileToml, DotsAndBracketsInStringsAndCommentsAreText) {
  // 40 dots in a string, a literal string, a multi-line string and a comment: none is a key.
  std::string dots = Repeat(".", 40), brackets = Repeat("[", 40);
  std::string doc = "a = \"" + dots + brackets + "\"\nb = '" + dots + "'\nc = \"\"\"\n" + dots + "\n\"\"\"\n# " + dots +
                    brackets + "\n";
  EXPECT_TRUE(internal::CheckTomlShape(doc, "x.toml").ok()) << internal::CheckTomlShape(doc, "x.toml");
}

// Defect 10: `cap = 1.000000000000000000001` was read as the double 1.0 and silently became 1.
TEST(HostileToml, AFloatWithMoreDigitsThanADoubleKeepsIsRejected) {
  for (auto& [what, load] : TomlLoaders()) {
    // "1.000000000000000000001": significant digits from the first 1 to the last 1 = 22.
    EXPECT_THAT(std::string(load("x = 1.000000000000000000001\n").message()),
                HasSubstr("x.toml:1: 1.000000000000000000001 has 22 significant digits; a TOML float keeps 15"))
        << what;
  }
  // 15 digits, trailing zeros (exact) and exponents pass the scan.
  for (std::string_view ok : {"x = 0.123456789012345\n", "x = 1.50000000000000000000\n", "x = 1e300\n",
                              "x = 1979-05-27T07:32:00.999999999\n", "x = 0x7FFFFFFFFFFFFFFF\n"}) {
    EXPECT_TRUE(internal::CheckTomlShape(ok, "x.toml").ok()) << ok;
  }
}

}  // namespace
}  // namespace zhifa
