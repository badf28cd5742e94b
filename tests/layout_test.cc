#include "zhifa/layout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kHeader =
    "unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
    "missed_penalty,sued,enforcement_cases,judgments,judgments_won\n";

// Two halves of 2021 (zhenping-2021, A2.1–A2.6; judgments 0 makes 胜诉率 not applicable: full 16 points):
//   2021-H1 涅阳街道 everything done:            20 + 16 + 16 + 16 + 16 + 16            = 100.00
//           玉都街道 closed 90 of 100 (办结率 90%): 20 + 16 × 0.9 = 14.40 + 16 + 16 + 16 + 16 = 98.40
//           公安局   everything done:             100.00
//           ranks: 涅阳街道 1, 公安局 1 (a tie shares the rank), 玉都街道 3
//   2021-H2 涅阳街道 closed and executed 80 of 100: 16 × 0.8 = 12.80, total 96.80, rank 2
//           玉都街道 everything done: 100.00, rank 1
constexpr std::string_view kRows =
    "涅阳街道,2021-H1,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
    "玉都街道,2021-H1,100,100,90,0,0,90,0,100,0,0,100,0,0\n"
    "公安局,2021-H1,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
    "涅阳街道,2021-H2,100,100,80,0,0,80,0,100,0,0,100,0,0\n"
    "玉都街道,2021-H2,100,100,100,0,0,100,0,100,0,0,100,0,0\n";

std::unique_ptr<ScoredTable> Score(const std::string& csv) {
  auto table = std::make_unique<ScoredTable>(RuleBook::Builtin(), Registry::Builtin());
  std::istringstream in(csv);
  absl::Status s =
      ReadCountsCsv(in, Registry::Builtin(), {.source = "t.csv"}, [&](CountsRow&& r) { table->Add(std::move(r)); });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_TRUE(table->Finish().ok());
  return table;
}

std::vector<std::string> SheetNames(const ReportLayout& layout) {
  std::vector<std::string> names;
  for (const LayoutSheet& s : layout.sheets) names.push_back(s.name);
  return names;
}

std::vector<std::string> Headers(const LayoutSheet& s) {
  std::vector<std::string> h;
  for (const LayoutColumn& c : s.columns) h.push_back(c.header);
  return h;
}

// A row as text: numbers with two places, empty cells as "".
std::vector<std::string> Texts(const std::vector<LayoutCell>& row) {
  std::vector<std::string> out;
  for (const LayoutCell& c : row) {
    if (c.kind == LayoutCell::Kind::kNumber) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f", c.number);
      out.push_back(buf);
    } else {
      out.push_back(c.text);
    }
  }
  return out;
}

TEST(ReportLayout, SheetsOfTwoPeriods) {
  auto table = Score(std::string(kHeader) + std::string(kRows));
  ReportLayout layout = BuildReportLayout(ReportInputFromTable(*table, Language::kZh), Language::kZh);
  // No 垂管单位 row, so no sheet of it; two periods make a 趋势 sheet; the rows have explanations (说明).
  EXPECT_THAT(SheetNames(layout), ElementsAre("总表", "乡镇街道", "县政府部门", "趋势", "说明"));

  const LayoutSheet& summary = layout.sheets[0];
  EXPECT_THAT(Headers(summary), ElementsAre("排名", "单位", "类别", "期间", "立案率", "立案率得分", "办结率",
                                            "办结率得分", "执行率", "执行率得分", "处罚率", "处罚率得分", "被起诉率",
                                            "被起诉率得分", "胜诉率", "胜诉率得分", "总分", "类别排名", "备注"));
  EXPECT_EQ(summary.columns[6].kind, ColumnKind::kPercent);
  EXPECT_EQ(summary.columns[7].kind, ColumnKind::kDecimal);
  // The latest period first, each by rank; the tie of 2021-H1 in input order. 被起诉率 0/100 = 0.00%;
  // 胜诉率 0/0 is not applicable: an empty rate, the full 16 points (the rule set's default), and a note.
  ASSERT_EQ(summary.rows.size(), 5u);
  EXPECT_THAT(Texts(summary.rows[0]), ElementsAre("1.00", "玉都街道", "乡镇街道", "2021-H2", "100.00", "20.00",
                                                  "100.00", "16.00", "100.00", "16.00", "100.00", "16.00", "0.00",
                                                  "16.00", "", "16.00", "100.00", "1.00", "胜诉率不适用（分母为0）"));
  EXPECT_THAT(Texts(summary.rows[1]), ElementsAre("2.00", "涅阳街道", "乡镇街道", "2021-H2", "100.00", "20.00", "80.00",
                                                  "12.80", "100.00", "16.00", "100.00", "16.00", "0.00", "16.00", "",
                                                  "16.00", "96.80", "2.00", "胜诉率不适用（分母为0）"));
  EXPECT_EQ(Texts(summary.rows[2])[1], "涅阳街道");
  EXPECT_EQ(Texts(summary.rows[3])[1], "公安局");
  EXPECT_EQ(Texts(summary.rows[3])[0], "1.00");
  EXPECT_THAT(Texts(summary.rows[4]), ElementsAre("3.00", "玉都街道", "乡镇街道", "2021-H1", "100.00", "20.00", "90.00",
                                                  "14.40", "100.00", "16.00", "100.00", "16.00", "0.00", "16.00", "",
                                                  "16.00", "98.40", "2.00", "胜诉率不适用（分母为0）"));

  // The bar chart: the latest period's two rows (sheet rows 1–2), names in column 1, totals in column 16; both are
  // townships, so one colour, and the key names that category alone.
  ASSERT_EQ(summary.charts.size(), 1u);
  const LayoutChart& bars = summary.charts[0];
  EXPECT_EQ(bars.kind, LayoutChart::Kind::kBar);
  EXPECT_EQ(bars.title, "2021-H2 总分");
  ASSERT_EQ(bars.series.size(), 1u);
  EXPECT_EQ(bars.series[0].categories.first_row, 1u);
  EXPECT_EQ(bars.series[0].categories.last_row, 2u);
  EXPECT_EQ(bars.series[0].categories.first_column, 1u);
  EXPECT_EQ(bars.series[0].values.first_column, 16u);
  EXPECT_EQ(bars.series[0].color, CategoryColor("township"));
  EXPECT_TRUE(bars.series[0].point_colors.empty());
  ASSERT_EQ(bars.key.size(), 1u);
  EXPECT_EQ(bars.key[0].first, "乡镇街道");

  // 乡镇街道: by period, then category rank.
  const LayoutSheet& townships = layout.sheets[1];
  ASSERT_EQ(townships.rows.size(), 4u);
  EXPECT_EQ(Texts(townships.rows[0])[1], "玉都街道");
  EXPECT_EQ(Texts(townships.rows[3])[0], "2.00");         // 玉都街道 2021-H1: second township (98.40 < 100.00)
  EXPECT_EQ(Texts(townships.rows[3]).end()[-2], "3.00");  // and third overall

  // 趋势: townships by their latest rank, then 公安局; totals, ranks and both changes.
  //   玉都街道 98.40 -> 100.00: +1.60, rank 3 -> 1: +2 (climbed two places)
  //   涅阳街道 100.00 -> 96.80: -3.20, rank 1 -> 2: -1
  //   公安局 has no 2021-H2 row: no change.
  const LayoutSheet& trend = layout.sheets[3];
  EXPECT_THAT(Headers(trend), ElementsAre("单位", "类别", "2021-H1", "2021-H2", "2021-H1 排名", "2021-H2 排名",
                                          "总分变化", "排名变化"));
  ASSERT_EQ(trend.rows.size(), 3u);
  EXPECT_THAT(Texts(trend.rows[0]),
              ElementsAre("玉都街道", "乡镇街道", "98.40", "100.00", "3.00", "1.00", "1.60", "2.00"));
  EXPECT_THAT(Texts(trend.rows[1]),
              ElementsAre("涅阳街道", "乡镇街道", "100.00", "96.80", "1.00", "2.00", "-3.20", "-1.00"));
  EXPECT_THAT(Texts(trend.rows[2]), ElementsAre("公安局", "县政府部门", "100.00", "", "1.00", "", "", ""));
  EXPECT_EQ(trend.columns[6].kind, ColumnKind::kChange);
  // A line chart per category: townships (rows 1–2), departments (row 3); labels from the header row.
  ASSERT_EQ(trend.charts.size(), 2u);
  EXPECT_EQ(trend.charts[0].kind, LayoutChart::Kind::kLine);
  ASSERT_EQ(trend.charts[0].series.size(), 2u);
  EXPECT_EQ(trend.charts[0].series[0].name, "玉都街道");
  EXPECT_EQ(trend.charts[0].series[1].values.first_row, 2u);
  EXPECT_EQ(trend.charts[0].series[0].categories.first_row, 0u);
  EXPECT_EQ(trend.charts[0].series[0].categories.first_column, 2u);
  EXPECT_EQ(trend.charts[0].series[0].categories.last_column, 3u);
  EXPECT_EQ(trend.charts[1].series[0].name, "公安局");

  // 说明: each row's explanation, with its rule set and digest (first 12 hex digits).
  const LayoutSheet& notes = layout.sheets[4];
  ASSERT_EQ(notes.rows.size(), 5u);
  EXPECT_EQ(notes.rows[0][4].text, "zhenping-2021");
  EXPECT_EQ(notes.rows[0][5].text.size(), 12u);
  EXPECT_THAT(notes.rows[1][6].text, HasSubstr("办结率"));
  EXPECT_EQ(notes.columns[6].kind, ColumnKind::kLongText);
}

TEST(ReportLayout, EnglishAndBadRowsAndCategoryColours) {
  // --keep-going's bad row (closed 7 > filed 5) goes to the Errors sheet; a township and a department in one
  // period colour the bars by category.
  auto table = Score(std::string(kHeader) +
                     "涅阳街道,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
                     "公安局,2021,100,100,90,0,0,90,0,100,0,0,100,0,0\n"
                     "玉都街道,2021,5,5,7,0,0,5,0,5,0,0,5,0,0\n");
  ReportLayout layout = BuildReportLayout(ReportInputFromTable(*table, Language::kEn, false), Language::kEn);
  EXPECT_THAT(SheetNames(layout), ElementsAre("Summary", "Townships", "County departments", "Errors"));
  EXPECT_EQ(layout.sheets[0].columns[4].header, "filing rate");  // the rule set's name_en
  EXPECT_EQ(layout.sheets[0].columns[5].header, "filing rate points");
  const ChartSeries& s = layout.sheets[0].charts[0].series[0];
  // 涅阳街道 100.00 (rank 1, township), 公安局 98.40 (rank 2, department).
  EXPECT_THAT(s.point_colors, ElementsAre(CategoryColor("township"), CategoryColor("department")));
  EXPECT_EQ(layout.sheets[0].charts[0].key.size(), 2u);
  const LayoutSheet& errors = layout.sheets[3];
  ASSERT_EQ(errors.rows.size(), 1u);
  EXPECT_EQ(errors.rows[0][0].number, 4);  // the fourth line of the file
  EXPECT_EQ(errors.rows[0][1].text, "玉都街道");
  EXPECT_THAT(errors.rows[0][3].text, HasSubstr("closed"));
}

TEST(ReportLayout, FindingsSheetsGetValidUniqueNames) {
  ReportInput in;
  Finding f{.row = 3,
            .id = "A-1",
            .unit = "",
            .rule = "criminal_transfer",
            .clause = "3.2.5",
            .message = "<b>未移送</b>",
            .message_en = "not transferred"};
  in.findings.push_back({"检查/复核:[2021]", "", "案件编号", "case_id", {f}, {"row-a"}});
  in.findings.push_back({"检查/复核:[2021]", "", "案件编号", "case_id", {f}});
  in.findings.push_back({std::string(40, 'x'), "", "编号", "id", {}});
  in.findings.push_back({"'引号'", "", "编号", "id", {}});
  in.findings.push_back({"history", "", "编号", "id", {}});
  in.findings.push_back({"a\tb", "", "编号", "id", {}});
  std::string emoji;
  for (int i = 0; i < 20; ++i) emoji += "\xF0\x9F\x98\x80";  // U+1F600: two UTF-16 units each
  in.findings.push_back({emoji, "", "编号", "id", {}});
  ReportLayout layout = BuildReportLayout(in, Language::kZh);
  // 总表 stays, empty. Excel forbids []:*?/\ and control characters in a sheet name, an apostrophe first or last,
  // "History" (its own) and more than 31 UTF-16 units; names must differ ignoring case.
  std::string fifteen_emoji;
  for (int i = 0; i < 15; ++i) fifteen_emoji += "\xF0\x9F\x98\x80";
  EXPECT_THAT(SheetNames(layout), ElementsAre("总表", "检查_复核__2021_", "检查_复核__2021_ (2)", std::string(31, 'x'),
                                              "_引号_", "history (2)", "a_b", fifteen_emoji));
  // A label given for a finding is shown instead of its row: a frame's index label.
  EXPECT_EQ(layout.sheets[1].rows[0][0].text, "row-a");
  EXPECT_EQ(layout.sheets[2].rows[0][0].number, 3);
  EXPECT_EQ(layout.sheets[1].rows[0][5].text, "<b>未移送</b>");
  EXPECT_EQ(layout.sheets[1].title, "检查/复核:[2021]：共 1 项");
}

TEST(ReportLayout, NotesSayWhatTheNumbersDoNot) {
  // 2019 scored by zhenping-2021 on purpose (outside its dates); 卢医镇 did nothing at all (zero_activity: every
  // denominator 0, so every indicator "not applicable" at full points, 100.00).
  RuleSet set = **RuleSet::Builtin("zhenping-2021");
  ScoredTable table(RuleBook::Builtin(), Registry::Builtin(), {.all_periods = &set});
  std::istringstream in(std::string(kHeader) +
                        "涅阳街道,2019,100,100,100,0,0,100,0,100,0,0,100,1,1\n"
                        "卢医镇,2019,0,0,0,0,0,0,0,0,0,0,0,0,0\n");
  ASSERT_TRUE(ReadCountsCsv(in, Registry::Builtin(), {}, [&](CountsRow&& r) { table.Add(std::move(r)); }).ok());
  ASSERT_TRUE(table.Finish().ok());
  ReportLayout layout = BuildReportLayout(ReportInputFromTable(table, Language::kZh, false), Language::kZh);
  const LayoutSheet& summary = layout.sheets[0];
  EXPECT_EQ(summary.columns.back().header, "备注");
  EXPECT_EQ(summary.rows[0].back().text, "按规则集 zhenping-2021 评分，该规则集不适用于本期间");
  EXPECT_EQ(summary.rows[1][1].text, "卢医镇");
  EXPECT_EQ(summary.rows[1].back().text,
            "无任何执法活动（各项分母为0）；按规则集 zhenping-2021 评分，该规则集不适用于本期间");
}

TEST(ReportLayout, NoGoodRowStillNamesTheIndicators) {
  auto table = Score(std::string(kHeader));
  ReportLayout layout = BuildReportLayout(ReportInputFromTable(*table, Language::kZh), Language::kZh);
  ASSERT_EQ(layout.sheets.size(), 1u);
  EXPECT_EQ(layout.sheets[0].columns[4].header, "立案率");
  EXPECT_TRUE(layout.sheets[0].charts.empty());
}

TEST(ReportLayout, ChartsStayWithinWhatExcelDraws) {
  // 300 townships in two periods: the trend's township lines go to two charts, 255 and 45.
  ReportInput in;
  in.indicators = {{"filing", "立案率", "filing rate"}};
  for (int p = 0; p < 2; ++p) {
    for (int u = 0; u < 300; ++u) {
      ReportRow r;
      r.unit_code = "u" + std::to_string(u);
      r.unit = "=单位" + std::to_string(u);  // a name that Excel would take for a formula
      r.category = "township";
      r.period = p == 0 ? "2021" : "2022";
      r.rates = {50};
      r.points = {10};
      r.total = 10;
      r.rank = 1;
      r.category_rank = 1;
      in.rows.push_back(std::move(r));
    }
  }
  ReportLayout layout = BuildReportLayout(in, Language::kZh);
  const LayoutSheet& trend = layout.sheets[2];
  ASSERT_EQ(trend.name, "趋势");
  ASSERT_EQ(trend.charts.size(), 2u);
  EXPECT_EQ(trend.charts[0].title, "乡镇街道 总分趋势 (1/2)");
  EXPECT_EQ(trend.charts[0].series.size(), 255u);
  EXPECT_EQ(trend.charts[1].series.size(), 45u);
  // Each line's name is read from its unit's cell (row r, column 0), never written as text.
  EXPECT_EQ(trend.charts[1].series[0].name_cell, (std::pair<size_t, size_t>{256, 0}));
  // More than kMaxBars rows in the latest period: no bar chart, and the title says why.
  for (int u = 300; u < 10001; ++u) {
    ReportRow r = in.rows.front();
    r.unit_code = "u" + std::to_string(u);
    r.period = "2022";
    in.rows.push_back(std::move(r));
  }
  layout = BuildReportLayout(in, Language::kZh);
  EXPECT_TRUE(layout.sheets[0].charts.empty());
  EXPECT_THAT(layout.sheets[0].title, HasSubstr("2022 有 10001 个单位，多于 10000，不绘制总分图"));
}

TEST(ReportLayout, HtmlIsSelfContainedEscapedAndPrintsOnA4Landscape) {
  auto table = Score(std::string(kHeader) + std::string(kRows));
  ReportInput in = ReportInputFromTable(*table, Language::kZh);
  Finding f{.row = 3, .id = "A-1", .rule = "criminal_transfer", .clause = "3.2.5", .message = "<script>x</script>"};
  in.findings.push_back({"案件检查", "Case checks", "案件编号", "case_id", {f}});
  std::ostringstream out;
  WriteHtml(out, BuildReportLayout(in, Language::kZh));
  std::string html = out.str();
  EXPECT_THAT(html, HasSubstr("<html lang=\"zh-CN\">"));
  EXPECT_THAT(html, HasSubstr("@page{size:A4 landscape"));
  EXPECT_THAT(html, HasSubstr("thead{display:table-header-group}"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;x&lt;/script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  // Nothing fetched: no scripts, links, images or url(); the only address is SVG's namespace name.
  for (const char* fetch : {"src=", "<link", "url(", "@import", "https:"}) EXPECT_THAT(html, Not(HasSubstr(fetch)));
  // One bar chart and two line charts (townships, departments); cells formatted as their columns say.
  size_t svgs = 0;
  for (size_t p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 1)) ++svgs;
  EXPECT_EQ(svgs, 3u);
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">14.40</td>"));   // 玉都街道 2021-H1 办结率得分
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">90.00%</td>"));  // its 办结率
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">+1.60</td>"));   // its change of total
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">-3.20</td>"));   // 涅阳街道's
  EXPECT_THAT(html, HasSubstr(">96.80</text>"));                // the bar's label
}

}  // namespace
}  // namespace zhifa
