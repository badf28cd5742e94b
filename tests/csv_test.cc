#include "zhifa/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iconv.h>

#include <sstream>

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kHeader =
    "unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
    "missed_penalty,sued,enforcement_cases,judgments,judgments_won\n";
constexpr std::string_view kHeaderZh =
    "单位,期间,应立案数量,立案数量,办结数量,超期件数,县领导交办未落实件数,执行数量,法院裁定不予执行件数,处罚数量,"
    "应处罚未处罚件数,法院立案数量,年度执法案件数量,生效判决案件数量,生效判决胜诉案件数量\n";

struct Result {
  absl::Status status;
  std::vector<CountsRow> rows;
  std::vector<std::string> notes;
};

Result Read(std::string bytes, Encoding encoding = Encoding::kAuto) {
  Result r;
  std::istringstream in(bytes);
  r.status = ReadCountsCsv(
      in, Registry::Builtin(), {.encoding = encoding, .source = "t.csv"},
      [&](CountsRow&& row) { r.rows.push_back(std::move(row)); },
      [&](const std::string& note) { r.notes.push_back(note); });
  return r;
}

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t o_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &o, &o_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - o_left);
  return out;
}

TEST(CountsCsv, ReadsAValidRow) {
  Result r = Read(std::string(kHeader) + "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n");
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 1u);
  const CountsRow& row = r.rows[0];
  EXPECT_TRUE(row.ok());
  EXPECT_EQ(row.row, 2);  // line 2: the header is line 1
  EXPECT_EQ(row.unit->code, "nieyang");
  EXPECT_EQ(row.period->ToString(), "2021");
  EXPECT_EQ(row.counts.Get(Column::kClosed), 715);
  EXPECT_EQ(row.counts.Get(Column::kJudgmentsWon), 1);
}

TEST(CountsCsv, ChineseHeadersBomCrlfAndQuotes) {
  std::string text =
      "\xEF\xBB\xBF" + std::string(kHeaderZh) + "\"县市场监督管理局\",\"2021-Q2\",10,9,\"8\",0,0,8,0,7,0,0,,0,0\r\n";
  size_t pos;
  while ((pos = text.find("量\n")) != std::string::npos) text.replace(pos, 4, "量\r\n");
  Result r = Read(text);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_TRUE(r.rows[0].ok()) << r.rows[0].errors[0].message;
  EXPECT_EQ(r.rows[0].unit->name, "市场监管局");
  EXPECT_EQ(r.rows[0].counts.Get(Column::kClosed), 8);
  // The empty 年度执法案件数量 cell defaults to filed.
  EXPECT_FALSE(r.rows[0].counts.Has(Column::kEnforcementCases));
  EXPECT_EQ(r.rows[0].counts.Get(Column::kEnforcementCases), 9);
}

TEST(CountsCsv, EnforcementCasesColumnMayBeAbsent) {
  std::string header = std::string(kHeader);
  header.replace(header.find("enforcement_cases,"), 18, "");
  Result r = Read(header + "涅阳街道,2021,10,9,8,0,0,8,0,7,0,0,0,0\n");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.rows[0].ok());
  EXPECT_EQ(r.rows[0].counts.Get(Column::kEnforcementCases), 9);
}

TEST(CountsCsv, Gb18030ExplicitAndDetected) {
  std::string utf8 = std::string(kHeaderZh) + "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n";
  std::string gb = ToGb18030(utf8);
  for (Encoding e : {Encoding::kGb18030, Encoding::kAuto}) {
    Result r = Read(gb, e);
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_TRUE(r.rows[0].ok());
    EXPECT_EQ(r.rows[0].unit->code, "nieyang");
  }
  EXPECT_THAT(Read(gb, Encoding::kAuto).notes, ElementsAre(HasSubstr("reading it as GB18030")));
  // Forced UTF-8 on GB18030 bytes is an error naming the byte and the fix.
  Result bad = Read(gb, Encoding::kUtf8);
  EXPECT_EQ(bad.status.code(), absl::StatusCode::kInvalidArgument);
  // GB18030 of 单 begins with 0xB5.
  EXPECT_THAT(std::string(bad.status.message()), HasSubstr("t.csv: line 1: byte 1 (0xB5) is not valid UTF-8"));
}

// Issue 16, defect 8: a UTF-8 file with one GB18030 row was decoded whole as GB18030 and every row blamed with
// garbled text. The file's first lines decide: UTF-8 text there makes it UTF-8, and the row that is not is named.
TEST(CountsCsv, AFileThatMixesEncodingsNamesTheFirstRowThatDiffers) {
  std::string row = "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n";
  // English header (line 1), three UTF-8 rows (lines 2-4: 12 Chinese characters, more than the 8 that decide),
  // then a GB18030 row on line 5.
  std::string mixed = std::string(kHeader) + row + row + row + ToGb18030(row);
  Result r = Read(mixed, Encoding::kAuto);
  EXPECT_THAT(std::string(r.status.message()),
              HasSubstr("t.csv: line 5: byte " + std::to_string(std::string(kHeader).size() + 3 * row.size() + 1) +
                        " (0xC4) is not UTF-8, yet the text before it is: the file mixes encodings"));
  // The other way round: a GB18030 row first (line 2), then a UTF-8 row with 6 Chinese characters on line 3.
  std::string utf8_row = "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1,镇平县\n";
  Result back = Read(std::string(kHeader) + ToGb18030(row) + utf8_row, Encoding::kAuto);
  EXPECT_THAT(std::string(back.status.message()),
              HasSubstr("t.csv: line 3 is UTF-8 text, yet the file was read as GB18030 from an earlier line"));
}

// Found in review: the last line of a file read as GB18030 by detection was never checked when it had no line
// end, nor a line split between two 64 KiB chunks; a UTF-8 file cut in the middle of a character, with few
// non-ASCII characters, was read as GB18030.
TEST(CountsCsv, DetectionChecksTheLastLineAndACutCharacter) {
  std::string row = "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1";
  // GB18030 row on line 2, then a UTF-8 row with 7 Chinese characters and no line end on line 3.
  Result last = Read(std::string(kHeader) + ToGb18030(row + "\n") + row + ",镇平县", Encoding::kAuto);
  EXPECT_THAT(std::string(last.status.message()), HasSubstr("t.csv: line 3 is UTF-8 text"));
  // The same UTF-8 line after 70 KiB of GB18030 rows: it straddles the first chunk's end, and is still found.
  std::string gb_rows;
  while (gb_rows.size() < 70000) gb_rows += ToGb18030(row + "\n");
  std::string straddling = std::string(kHeader) + gb_rows + row + ",镇平县\n";
  const int64_t line = 2 + std::count(gb_rows.begin(), gb_rows.end(), '\n');
  EXPECT_THAT(std::string(Read(straddling, Encoding::kAuto).status.message()),
              HasSubstr("t.csv: line " + std::to_string(line) + " is UTF-8 text"));
  // UTF-8 "涅阳" cut after the first byte of 阳 (E9 98 B3 -> E9): the input ends inside a character.
  std::string cut = std::string(kHeader) + "\xE6\xB6\x85\xE9";
  EXPECT_THAT(std::string(Read(cut, Encoding::kAuto).status.message()),
              HasSubstr("the input ends in the middle of a character"));
}

TEST(CountsCsv, TheRowLimitHoldsForTextHeldBackByDetection) {
  // Two Chinese characters (no evidence yet), then a 5,000-byte row without a line end: released only at the
  // end of the input, and still bounded (limit 1,000 bytes).
  std::string text = std::string(kHeader) + "涅阳" + std::string(5000, 'x');
  std::istringstream in(text);
  CsvOptions options;
  options.source = "t.csv";
  options.max_row_bytes = 1000;
  absl::Status s = ReadCountsCsv(in, Registry::Builtin(), options, [](CountsRow&&) {});
  EXPECT_THAT(std::string(s.message()), HasSubstr("t.csv: the row after line 1 is longer than 1000 bytes"));
}

TEST(CountsCsv, DetectionWaitsForEvidenceAcrossChunks) {
  // A UTF-8 file whose only non-ASCII text (2 characters) comes first and whose remaining 100,000 rows are ASCII:
  // held back up to 1 MiB, then read as UTF-8 — every row read, and no note about GB18030.
  std::string text = std::string(kHeader) + "x,2021,1,1,1,0,0,1,0,1,0,0,1,0,0,注释\n";
  for (int i = 0; i < 100000; ++i) text += "nieyang,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n";
  Result r = Read(text, Encoding::kAuto);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.rows.size(), 100001u);
  EXPECT_THAT(r.notes, testing::Not(testing::Contains(HasSubstr("GB18030"))));
}

TEST(CountsCsv, MultiByteCharactersAcrossChunkBoundaries) {
  // Enough rows that the 64 KiB read chunks split characters, in both encodings.
  std::string utf8(kHeaderZh);
  const int n = 3000;
  for (int i = 0; i < n; ++i) utf8 += "石佛寺镇,2021,10,9,8,0,0,8,0,7,0,0,9,0,0\n";
  for (const std::string& bytes : {utf8, ToGb18030(utf8)}) {
    Result r = Read(bytes);
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.rows.size(), static_cast<size_t>(n));
    for (const CountsRow& row : r.rows) ASSERT_TRUE(row.ok() && row.unit->code == "shifosi") << row.row;
  }
}

TEST(CountsCsv, BadCellsNameRowColumnAndReason) {
  Result r = Read(std::string(kHeader) +
                  "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n"
                  "火星局,2021-13,-1,5,7,x,0,0,0,0,0,0,,1.5,0\n");
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_TRUE(r.rows[0].ok());
  std::vector<std::string> lines;
  for (const RowError& e : r.rows[1].errors) lines.push_back(FormatRowError("t.csv", r.rows[1].row, e));
  // The bad row is line 3 of the file (header line 1).
  // The unit and the period first (as zhifa.score checks them), then the cells, then the rules of a row.
  EXPECT_THAT(lines, ElementsAre(HasSubstr("t.csv: line 3, column unit: unknown unit \"火星局\""),
                                 HasSubstr("line 3, column period: \"2021-13\" is not a period"),
                                 "t.csv: line 3, column overdue: \"x\" is not a whole number",
                                 "t.csv: line 3, column judgments: \"1.5\" is not a whole number",
                                 "t.csv: line 3, column should_file: -1 is negative; expected a whole number >= 0",
                                 "t.csv: line 3, column closed: 7 is more than filed (5)"));
  EXPECT_EQ(r.rows[1].errors[2].value, "x");  // the cell as written, for the --errors file
}

TEST(CountsCsv, ChineseHeaderIsNamedInErrors) {
  Result r = Read(std::string(kHeaderZh) + "涅阳街道,2021,10,5,7,0,0,0,0,0,0,0,,0,0\n");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(FormatRowError("t.csv", r.rows[0].row, r.rows[0].errors[0]),
            "t.csv: line 2, column 办结数量: 7 is more than filed (5)");
}

TEST(CountsCsv, ShortRowsHaveEmptyCellsAndExtraCellsAreAnError) {
  // A short row's missing cells are empty: the required counts are then missing.
  Result r = Read(std::string(kHeader) + "涅阳街道,2021,10,9\n");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_FALSE(r.rows[0].ok());
  EXPECT_EQ(r.rows[0].errors[0].column, "closed");
  EXPECT_THAT(r.rows[0].errors[0].message, HasSubstr("missing"));
  // Cells beyond the header: empty ones (Excel's trailing commas) are fine, a value is an error.
  r = Read(std::string(kHeader) + "涅阳街道,2021,10,9,8,0,0,8,0,7,0,0,9,0,0,,,\n" +
           "玉都街道,2021,10,9,8,0,0,8,0,7,0,0,9,0,0,,5\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_TRUE(r.rows[0].ok());
  ASSERT_FALSE(r.rows[1].ok());
  EXPECT_EQ(r.rows[1].errors[0].message, "has 1 cell beyond the header's columns");
}

TEST(CountsCsv, MissingAndRepeatedColumnsAreFileErrors) {
  Result r = Read("unit,period,filed\n涅阳街道,2021,3\n");
  EXPECT_EQ(r.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status.message()),
              HasSubstr("t.csv: no header found: line 1, the closest, lacks the required columns should_file "
                        "(应立案数量), closed (办结数量)"));
  r = Read(std::string(kHeader).substr(0, kHeader.size() - 1) + ",立案数量\n");
  EXPECT_THAT(std::string(r.status.message()),
              HasSubstr("line 1 (the header): column 16 \"立案数量\" repeats column 4 \"filed\""));
  EXPECT_THAT(std::string(Read("").status.message()), HasSubstr("empty input"));
}

TEST(CountsCsv, UnknownColumnIsIgnoredWithANote) {
  std::string header(kHeader);
  header.insert(header.size() - 1, ",备注");
  Result r = Read(header + "涅阳街道,2021,10,9,8,0,0,8,0,7,0,0,9,0,0,\"a note, with a comma\"\n");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.rows[0].ok());
  EXPECT_THAT(r.notes, ElementsAre("t.csv: column \"备注\" is not a counts column; ignored"));
}

TEST(CountsCsv, BrokenQuotingIsASyntaxError) {
  Result r = Read(std::string(kHeader) + "涅阳街道,2021,\"10,9,8\n");
  EXPECT_EQ(r.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("t.csv: CSV syntax error"));
  r = Read(std::string(kHeader) + "涅阳\"街道,2021,10,9,8,0,0,8,0,7,0,0,9,0,0\n");
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("CSV syntax error after line 1"));
}

TEST(CountsCsv, CountTooLargeForTheLibrary) {
  Result r = Read(std::string(kHeader) + "涅阳街道,2021,99999999999999999999,9,8,0,0,8,0,7,0,0,9,0,0\n");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_THAT(r.rows[0].errors[0].message, HasSubstr("is more than the largest supported count"));
  r = Read(std::string(kHeader) + "涅阳街道,2021,9007199254740992,9,8,0,0,8,0,7,0,0,9,0,0\n");
  EXPECT_THAT(r.rows[0].errors[0].message, HasSubstr("is more than the largest supported count"));
}

TEST(CountsCsv, WhatCountyExportsLookLike) {
  // A title row, a blank row, then the header with a 序号 column, synonyms (单位名称, 年度), a unit in brackets,
  // full-width spaces in a header; periods written 2021年; counts 300.0, full-width digits, 1,300 grouped;
  // a blank row in the data; a 合计 row whose figures are the sums; Excel's trailing empty columns.
  std::string header =
      "序号,单位名称,年度,应立案数量（件）,立案数量,办结数量,超期件数,县领导交办未落实件数,执行数量,"
      "法院裁定不予执行件数,处罚数量,应处罚未处罚件数,法院立案数量,年度执法案件数量,生效判决案件数量,"
      "生效判决胜诉案件数量,,\n";
  std::string text = "2021年度镇平县行政执法六率统计表,,,,,,,,,,,,,,,,,\n,,,,,,,,,,,,,,,,,\n" + header +
                     "1,涅阳街道,2021年,800.0,793,715,0,0,700,1,650,0,1,793,1,1,,\n" +
                     ",,,,,,,,,,,,,,,,,\n"
                     "2,玉都街道,2021年度,\"1,300\",５００,400,2,0,300,0,200,1,0,500,0,0,,\n" +
                     "合计,,,2100,1293,1115,2,0,1000,1,850,1,1,1293,1,1,,\n";
  Result r = Read(text);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 2u);
  for (const CountsRow& row : r.rows) EXPECT_TRUE(row.ok()) << FormatRowError("t.csv", row.row, row.errors[0]);
  EXPECT_EQ(r.rows[0].row, 4);  // lines: title 1, blank 2, header 3
  EXPECT_EQ(r.rows[1].row, 6);  // the blank line 5 is skipped but counted
  EXPECT_EQ(r.rows[0].counts.Get(Column::kShouldFile), 800);
  EXPECT_EQ(r.rows[1].counts.Get(Column::kShouldFile), 1300);
  EXPECT_EQ(r.rows[1].counts.Get(Column::kFiled), 500);
  EXPECT_EQ(r.rows[1].period->ToString(), "2021");
  EXPECT_THAT(r.notes, ElementsAre("t.csv: the header is line 3; lines 1-2 above it (a title) skipped",
                                   "t.csv: line 7 (合计/小计 totals) skipped", "t.csv: 1 empty row skipped"));
  // A total that does not add up is said: 立案数量 1293 is right, but 办结数量 1000 is not 715 + 400 = 1115.
  std::string wrong = text;
  wrong.replace(wrong.find("合计,,,2100,1293,1115"), std::string("合计,,,2100,1293,1115").size(),
                "合计,,,2100,1293,1000");
  Result w = Read(wrong);
  ASSERT_TRUE(w.status.ok());
  EXPECT_THAT(w.notes, testing::Contains(HasSubstr(
                           "warning: line 7 (合计) does not match the rows above it: 办结数量 is 1000, the rows above "
                           "sum to 1115")));
}

TEST(CountsCsv, StillAmbiguousCellsAreErrorsNamingTheValue) {
  Result r = Read(std::string(kHeader) + "涅阳街道,2021.5,300.5,+9,1e3,0,0,0,0,0,0,0,,0,-0\n");
  ASSERT_EQ(r.rows.size(), 1u);
  std::vector<std::string> lines;
  for (const RowError& e : r.rows[0].errors) lines.push_back(FormatRowError("t.csv", 2, e));
  EXPECT_THAT(lines, testing::IsSupersetOf({"t.csv: line 2, column should_file: \"300.5\" is not a whole number",
                                            "t.csv: line 2, column filed: \"+9\" is not a whole number (no + sign)",
                                            "t.csv: line 2, column closed: \"1e3\" is not a whole number",
                                            "t.csv: line 2, column judgments_won: \"-0\" is not a whole number (-0)"}));
  EXPECT_THAT(lines, testing::Contains(HasSubstr("column period: \"2021.5\" is not a period")));
}

TEST(CountsCsv, BundledSampleHasAllUnits) {
  Result r = Read(std::string(BundledSampleCsv()));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.rows.size(), 53u);
  for (const CountsRow& row : r.rows) EXPECT_TRUE(row.ok()) << row.row;
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  std::string out;
  AppendCsvField(out, "plain");
  out += "|";
  AppendCsvField(out, "a,b \"c\"");
  EXPECT_EQ(out, "plain|\"a,b \"\"c\"\"\"");
}

}  // namespace
}  // namespace zhifa
