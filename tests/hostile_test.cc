// Regression tests for the hostile-input audit of issue 16: each input here once crashed zhifa, killed the
// process or was accepted while losing data. Every loader must answer with a clear error instead.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>

#include "lib/cells.h"
#include "lib/strings.h"
#include "lib/toml_util.h"
#include "zhifa/calendar.h"
#include "zhifa/cases.h"
#include "zhifa/csv.h"
#include "zhifa/ledger.h"
#include "zhifa/limits.h"
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

// Defect 5: `rules check` on an endless stream of zero bytes ran to the OOM killer. A TOML document is bounded
// by MaxTomlBytes() (16 MiB = 16,777,216 bytes by default), checked by every loader and raisable.
TEST(HostileToml, ADocumentLargerThanTheLimitIsRefusedUnlessRaised) {
  // The built-in rule set and a comment that takes it to 17,000,000 bytes: more than 16,777,216.
  std::string rules = RuleSet::Builtin().ToToml();
  rules += "\n# " + std::string(17'000'000 - rules.size() - 4, 'x') + "\n";
  ASSERT_EQ(rules.size(), 17'000'000u);
  for (auto& [what, load] : TomlLoaders()) {
    EXPECT_THAT(std::string(load(rules).message()),
                HasSubstr("x.toml: 17000000 bytes of TOML; zhifa reads at most 16777216 bytes (16 MiB); raise the "
                          "limit with zhifa --max-toml-bytes N, zhifa::SetMaxTomlBytes (C++), "
                          "zhifa_set_max_toml_bytes (C) or zhifa.set_max_toml_bytes (Python)"))
        << what;
  }
  ASSERT_TRUE(SetMaxTomlBytes(32 << 20).ok());
  EXPECT_EQ(MaxTomlBytes(), 33'554'432u);
  absl::StatusOr<RuleSet> raised = RuleSet::FromText(rules, "x.toml");
  EXPECT_TRUE(raised.ok()) << raised.status();
  // A raised limit that is not whole MiB (16,777,217: one byte more than the default) is said in bytes only.
  ASSERT_TRUE(SetMaxTomlBytes(16'777'217).ok());
  EXPECT_THAT(std::string(RuleSet::FromText(rules, "x.toml").status().message()),
              HasSubstr("zhifa reads at most 16777217 bytes; raise the limit"));
  // It is never lowered: the built-in files load under the same limit.
  EXPECT_EQ(SetMaxTomlBytes(1000).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MaxTomlBytes(), 16'777'217u);
  ASSERT_TRUE(SetMaxTomlBytes(0).ok());  // the default again
  EXPECT_EQ(MaxTomlBytes(), kDefaultMaxTomlBytes);
  // Files stop being read at the limit: /dev/zero is endless.
  EXPECT_THAT(std::string(RuleSet::FromFile("/dev/zero").status().message()),
              HasSubstr("/dev/zero: the rule file is larger than 16777216 bytes (16 MiB)"));
}

// Defect 5: a CSV header without an end (300 MB of one cell) grew without bound (1.4 GB, 26 s). A row is
// bounded by CsvOptions::max_row_bytes (1 MiB by default), raisable.
absl::Status ReadCounts(const std::string& text, CsvOptions options, int* rows = nullptr) {
  std::istringstream in(text);
  options.source = "c.csv";
  return ReadCountsCsv(in, Registry::Builtin(), options, [&](CountsRow&&) {
    if (rows != nullptr) ++*rows;
  });
}

TEST(HostileCsv, ARowLongerThanTheLimitIsAnError) {
  std::string header(BundledSampleCsv().substr(0, BundledSampleCsv().find('\n') + 1));
  // 2 MiB of one cell after the header: more than 1 MiB (1,048,576 bytes), found after line 1.
  std::string endless = header + std::string(size_t{2} << 20, 'a');
  EXPECT_THAT(std::string(ReadCounts(endless, {}).message()),
              HasSubstr("c.csv: the row after line 1 is longer than 1048576 bytes"));
  // An endless first row (the header itself).
  EXPECT_THAT(std::string(ReadCounts(std::string(size_t{2} << 20, 'a'), {}).message()),
              HasSubstr("c.csv: the first row is longer than 1048576 bytes"));
  // An unclosed quote swallows the rest of a 2 MiB file: the same error, not a row of 2 MiB.
  std::string row = "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n";
  std::string rest;
  while (rest.size() < (size_t{2} << 20)) rest += row;
  EXPECT_THAT(std::string(ReadCounts(header + "\"" + rest, {}).message()), HasSubstr("is longer than 1048576 bytes"));
  // Raised to 4 MiB, the 2 MiB cell is read: a row whose unit is unknown, not a limit error.
  CsvOptions raised;
  raised.max_row_bytes = size_t{4} << 20;
  int rows = 0;
  EXPECT_TRUE(ReadCounts(endless, raised, &rows).ok());
  EXPECT_EQ(rows, 1);
}

TEST(HostileCsv, ManyShortRowsAreNotOneLongOne) {
  // 40,000 rows of 56 bytes = 2.2 MB in all, each far below the limit: all read.
  std::string header(BundledSampleCsv().substr(0, BundledSampleCsv().find('\n') + 1));
  std::string text = header;
  for (int i = 0; i < 40000; ++i) text += "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n";
  int rows = 0;
  ASSERT_TRUE(ReadCounts(text, {}, &rows).ok());
  EXPECT_EQ(rows, 40000);
}

}  // namespace
}  // namespace zhifa

namespace zhifa {
namespace {

// Found by the ledger fuzzer: a problem id "@示例-11" was written '@示例-11 (the CSV-injection apostrophe) and
// read back as "'@示例-11". The apostrophe is now taken away again on reading, and a text that already begins
// with apostrophes before a formula character gets one more, so that every text round-trips.
TEST(HostileCsv, FormulaNeutralizingRoundTrips) {
  for (std::string_view text :
       {"@示例-11", "=HYPERLINK(x)", "+x", "-x", "'=x", "''@y", "'-3", "-3", "+5", "'abc", "'", "a'=b", "\t=x"}) {
    std::string field;
    internal::AppendCsvField(field, text);
    // Read back: the text itself (the leading tab of the last one is white space, trimmed as in any cell).
    std::string expected = text == "\t=x" ? "=x" : std::string(text);
    std::string back = internal::ReadCell(field.front() == '"' ? field.substr(1, field.size() - 2) : field);
    EXPECT_EQ(back, expected) << text << " written as " << field;
  }
  std::string written;
  internal::AppendCsvField(written, "@示例-11");
  EXPECT_EQ(written, "'@示例-11");  // neutralized in the file, as OWASP recommends
  EXPECT_EQ(internal::ReadCell(written), "@示例-11");
  // Read once only: a value already read keeps its apostrophes when normalized again (the store, Python's
  // canonical cells), so "'=x" stays "'=x".
  EXPECT_EQ(internal::NormalizeCell(internal::ReadCell("''=x")), "'=x");
}

}  // namespace
}  // namespace zhifa
