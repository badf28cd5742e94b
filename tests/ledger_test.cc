// The problem ledger (四, 五(二)) evaluated as of dates either side of the campaign's deadlines: 04-25 (materials),
// 04-30 (self-inspection ends), 05-15 (inspection ends), 05-31 (accountability ends). Each expected finding is
// worked out from the plan's text in a comment.
#include "zhifa/ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "lib/text_table.h"

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kLedger =
    "problem_id,unit,area,kind,source,found_on,class,discipline_clue,responsible,due_on,rectified_on,transferred_on,"
    "supervised_on,disposition,disposed_on,disclosed\n"
    // P1 general, self-inspection, rectified 05-20, criticized 05-25, disclosed.
    "P1,涅阳街道,conduct,no_action,self_inspection,2021-04-20,general,0,张三,,2021-05-20,,,criticism,2021-05-25,1\n"
    // P2 hard, without a due date or a responsible person.
    "P2,涅阳街道,conduct,overdue_case,self_inspection,2021-04-21,hard,0,,,,,,,,1\n"
    // P3 serious, found in the inspection phase with a discipline clue; transferred 05-12, supervised 05-20.
    "P3,玉都街道,team,人员转隶不到位,inspection,2021-05-05,serious,1,李四,,,2021-05-12,2021-05-20,,,\n"
    // P4 general, reported by the public, due 04-28, rectified 05-03, disposed 06-02.
    "P4,玉都街道,conduct,selective,public,2021-04-22,general,0,王五,2021-04-28,2021-05-03,,,written_review|exposure,"
    "2021-06-02,\n"
    // P5 systemic, of a sub-unit (交警大队 counts for 公安局), criticized (it needs a mechanism).
    "P5,交警大队,conduct,no_procedure,self_inspection,2021-04-15,systemic,0,赵六,2021-06-30,,,,criticism,2021-05-30,1\n"
    // P6 general, self-inspection, not disclosed.
    "P6,卢医镇,guarantee,装备不足,self_inspection,2021-04-16,general,0,钱七,2021-04-25,2021-04-24,,,,,0\n"
    // P7 found only on 06-10: unknown before then.
    "P7,卢医镇,conduct,wrong_law,covert,2021-06-10,general,0,孙八,,,,,,,\n"
    // P8-P10: three problems of 税务局 reported by the public.
    "P8,税务局,conduct,arbitrary,public,2021-05-02,general,0,周九,,2021-05-10,,,criticism,2021-05-11,\n"
    "P9,税务局,conduct,arbitrary,public,2021-05-03,general,0,周九,,2021-05-10,,,criticism,2021-05-11,\n"
    "P10,税务局,conduct,arbitrary,public,2021-05-04,general,0,周九,,2021-05-10,,,criticism,2021-05-11,\n";

constexpr const char* kSubmissions =
    "unit,material,submitted_on\n"
    "涅阳街道,self_inspection_report,2021-04-24\n"
    "涅阳街道,各乡镇(街道)对接县直执法部门联络员姓名、职务及联系电话,2021-04-26\n"
    "派出所,自查自纠及整改情况,2021-04-25\n";

std::vector<Problem> Problems() {
  std::vector<Problem> out;
  std::istringstream in(kLedger);
  absl::Status s = ReadLedgerCsv(in, Registry::Builtin(), {.source = "ledger.csv"}, [&](Problem&& p) {
    EXPECT_TRUE(p.ok()) << p.problem_id << ": " << p.errors[0].column << ": " << p.errors[0].message;
    out.push_back(std::move(p));
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

std::vector<Submission> Submissions() {
  std::vector<Submission> out;
  std::istringstream in(kSubmissions);
  absl::Status s =
      ReadSubmissionsCsv(in, Registry::Builtin(), Plan::Builtin(), {.source = "s.csv"}, [&](Submission&& x) {
        EXPECT_TRUE(x.ok()) << x.errors[0].message;
        out.push_back(std::move(x));
      });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

LedgerCheck Check(int month, int day) {
  absl::StatusOr<LedgerCheck> c =
      CheckLedger(Problems(), Submissions(), Date(2021, month, day), LedgerSettings::Builtin());
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}

// "rule id" of the problem findings, in ledger order.
std::vector<std::string> ProblemFindings(const LedgerCheck& c) {
  std::vector<std::string> out;
  for (const Finding& f : c.findings) {
    if (!f.id.empty()) out.push_back(f.rule + " " + f.id);
  }
  return out;
}

std::map<std::string, int> UnitRules(const LedgerCheck& c) {
  std::map<std::string, int> out;
  for (const Finding& f : c.findings) {
    if (f.id.empty()) ++out[f.rule];
  }
  return out;
}

const Finding* UnitFinding(const LedgerCheck& c, std::string_view unit, std::string_view rule) {
  for (const Finding& f : c.findings) {
    if (f.id.empty() && f.unit == unit && f.rule == rule) return &f;
  }
  return nullptr;
}

TEST(Ledger, BeforeTheMaterialsAreDue) {
  // 04-25: every material is due today, not yet missing; P2 (found 04-21) is hard and lacks a timetable (4(1):
  // 一时难以整治的列出时间表、责任人); P6 (due 04-25) is rectified 04-24. Self-inspection runs to 04-30: no unit is a
  // target yet.
  LedgerCheck c = Check(4, 25);
  EXPECT_THAT(ProblemFindings(c), ElementsAre("no_timetable P2"));
  EXPECT_THAT(UnitRules(c), IsEmpty());
  EXPECT_EQ(c.phase.key, "self_inspection");
  ASSERT_TRUE(c.next_deadline);
  EXPECT_EQ(c.next_deadline->milestone->key, "materials_due");
  EXPECT_EQ(c.next_deadline->days, 0);
}

TEST(Ledger, TheDayAfterTheMaterialsWereDue) {
  // 04-26: what is still missing. Owed: self_inspection_report by all 53 (涅阳街道 and 公安局, through 派出所,
  // submitted: 51 missing); assigned_staff by the 31 county-level units (27 departments + 4 vertical: 31
  // missing); entrusted_matters by the 27 departments (27 missing); township_liaisons by the 22 townships
  // (涅阳街道 submitted on 04-26, one day late: 21 missing, 1 late); guidance_contacts by the 8 departments of
  // 3.2.4 (8 missing). 51 + 31 + 27 + 21 + 8 = 138 missing.
  LedgerCheck c = Check(4, 26);
  EXPECT_EQ(UnitRules(c), (std::map<std::string, int>{{"material_late", 1}, {"material_missing", 138}}));
  const Finding* late = UnitFinding(c, "涅阳街道", "material_late");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->clause, "4(1)");
  EXPECT_THAT(late->message, HasSubstr("晚于 2021-04-25 1 天"));
  EXPECT_EQ(UnitFinding(c, "公安局", "material_missing")->message.find("自查自纠"), std::string::npos);
  EXPECT_THAT(UnitFinding(c, "税务局", "material_missing")->message, HasSubstr("未报送"));
  // P4 was due 04-28: not yet overdue.
  EXPECT_THAT(ProblemFindings(c), ElementsAre("no_timetable P2"));
}

TEST(Ledger, OverdueRectification) {
  // 04-29: P4 (due 04-28) is not rectified (rectified 05-03): one day late.
  LedgerCheck c = Check(4, 29);
  EXPECT_THAT(ProblemFindings(c), ElementsAre("no_timetable P2", "rectification_overdue P4"));
  const Finding& f = c.findings[1];
  EXPECT_EQ(f.unit, "玉都街道");
  EXPECT_EQ(f.row, 5);  // the ledger's line 5 (header line 1)
  EXPECT_EQ(f.clause, "4(1), 4(3)");
  EXPECT_THAT(f.message_en,
              HasSubstr("due to be rectified by 2021-04-28 and is not rectified on 2021-04-29, 1 day late"));
  EXPECT_EQ(c.overall.overdue, 1);
  // 05-04: rectified on 05-03; no longer overdue (P6 is now undisclosed after self-inspection: see below).
  EXPECT_THAT(ProblemFindings(Check(5, 4)), ElementsAre("no_timetable P2", "not_disclosed P6"));
}

TEST(Ledger, AfterSelfInspectionUnitsToInspectAndDisclosure) {
  // 05-01, the first day of 督查检查 (4(2)): 对自查发现问题较少、问题零报告以及群众反映较为强烈的单位重点督查.
  // Self-inspection problems by unit: 涅阳街道 2 (P1, P2: not "few"), 玉都街道 0, 公安局 1 (P5), 卢医镇 1 (P6),
  // 税务局 0 and the other 48 units 0. Targets: every unit but 涅阳街道 = 52; 税务局's public problems (P8-P10)
  // are found only from 05-02, so on 05-01 it is a target for its zero report alone.
  LedgerCheck c = Check(5, 1);
  EXPECT_EQ(UnitRules(c)["inspection_target"], 52);
  EXPECT_EQ(UnitFinding(c, "涅阳街道", "inspection_target"), nullptr);
  EXPECT_THAT(UnitFinding(c, "公安局", "inspection_target")->message, HasSubstr("自查发现问题较少（1 个，少于 2 个）"));
  EXPECT_THAT(UnitFinding(c, "玉都街道", "inspection_target")->message, HasSubstr("问题零报告"));
  // P6 is a self-inspection problem with 是否公开 = 0: after 04-30 it should have been disclosed (4(1)). P4 (due
  // 04-28) is still not rectified on 05-01 (rectified 05-03).
  EXPECT_THAT(ProblemFindings(c), ElementsAre("no_timetable P2", "rectification_overdue P4", "not_disclosed P6"));
  // 05-05: 税务局 has 3 public problems (P8-P10): 群众反映较为强烈 as well.
  EXPECT_THAT(UnitFinding(Check(5, 5), "税务局", "inspection_target")->message,
              HasSubstr("问题零报告；群众反映较为强烈（3 个群众反映问题）"));
}

TEST(Ledger, SeriousProblemsAndDisciplineClues) {
  // P3 (serious, discipline clue) was found 05-05, in the inspection phase: transfer by the phase's end (05-15),
  // supervision (挂牌督办) by the end of the inspection phase (05-15).
  // 05-15: both deadlines are today: nothing yet.
  EXPECT_THAT(ProblemFindings(Check(5, 15)), ElementsAre("no_timetable P2", "not_disclosed P6"));
  // 05-16: transferred 05-12 (fine); supervised only 05-20: not_supervised.
  LedgerCheck c = Check(5, 16);
  EXPECT_THAT(ProblemFindings(c), ElementsAre("no_timetable P2", "not_supervised P3", "not_disclosed P6"));
  EXPECT_EQ(c.phase.key, "accountability");
  // 05-21: supervised on 05-20 — five days after its 05-15 deadline: still a finding, naming the late date.
  LedgerCheck late = Check(5, 21);
  EXPECT_THAT(ProblemFindings(late), ElementsAre("no_timetable P2", "not_supervised P3", "not_disclosed P6"));
  EXPECT_EQ(late.findings[1].message, "性质严重的问题 P3 应于 2021-05-15 前挂牌督办，2021-05-20 才挂牌督办");
  // A transfer after its deadline is late too: P3 transferred on 05-18 instead of 05-12; on 05-19 a finding.
  std::vector<Problem> late_transfer = Problems();
  late_transfer[2].transferred_on = Date(2021, 5, 18);
  EXPECT_THAT(ProblemFindings(*CheckLedger(late_transfer, {}, Date(2021, 5, 19), LedgerSettings::Builtin())),
              testing::Contains("discipline_not_transferred P3"));
  // A discipline clue never transferred: found 05-05 (inspection), deadline 05-15; on 05-16 a finding.
  std::vector<Problem> problems = Problems();
  problems[2].transferred_on.reset();
  absl::StatusOr<LedgerCheck> untransferred = CheckLedger(problems, {}, Date(2021, 5, 16), LedgerSettings::Builtin());
  ASSERT_TRUE(untransferred.ok());
  EXPECT_THAT(ProblemFindings(*untransferred),
              ElementsAre("no_timetable P2", "discipline_not_transferred P3", "not_supervised P3", "not_disclosed P6"));
  // Settings may tighten it: within 5 working days of 05-05 (Wednesday; 05-08 Saturday was worked in 2021):
  // 05-06, 05-07, 05-08, 05-10, 05-11 — due 05-11; on 05-12 a finding.
  absl::StatusOr<LedgerSettings> tight = LedgerSettings::FromText("[discipline]\ntransfer_working_days = 5\n", "s");
  ASSERT_TRUE(tight.ok()) << tight.status();
  absl::StatusOr<LedgerCheck> soon = CheckLedger(problems, {}, Date(2021, 5, 12), *tight);
  ASSERT_TRUE(soon.ok()) << soon.status();
  EXPECT_THAT(ProblemFindings(*soon), testing::Contains("discipline_not_transferred P3"));
  EXPECT_THAT(soon->findings[1].message, HasSubstr("2021-05-11"));
  absl::StatusOr<LedgerCheck> day_before = CheckLedger(problems, {}, Date(2021, 5, 11), *tight);
  EXPECT_THAT(ProblemFindings(*day_before), ::testing::Not(testing::Contains("discipline_not_transferred P3")));
}

TEST(Ledger, AfterTheCampaignDispositions) {
  // 05-31, the campaign's last day: no disposition is late yet; P5 (systemic) was criticized on 05-30 but 四(三)
  // needs 长效机制 for a 普遍性、倾向性 problem: wrong_disposition, under 公安局 (交警大队 is its sub-unit).
  // (P3's 挂牌督办 came late, on 05-20: not_supervised stays.)
  LedgerCheck on_the_day = Check(5, 31);
  EXPECT_THAT(ProblemFindings(on_the_day),
              ElementsAre("no_timetable P2", "not_supervised P3", "wrong_disposition P5", "not_disclosed P6"));
  EXPECT_EQ(on_the_day.findings[2].unit, "公安局");
  // 06-01: every problem without a disposition by then: P2, P3, P4 (disposed only 06-02), P6. P1 (criticism)
  // and P8-P10 (criticism) are disposed as a general problem needs.
  LedgerCheck after = Check(6, 1);
  EXPECT_THAT(ProblemFindings(after),
              ElementsAre("no_timetable P2", "no_disposition P2", "not_supervised P3", "no_disposition P3",
                          "no_disposition P4", "wrong_disposition P5", "no_disposition P6", "not_disclosed P6"));
  EXPECT_EQ(after.phase.key, "after");
  EXPECT_FALSE(after.next_deadline);
  // 06-03: P4 was disposed on 06-02 by a written review (and exposure): what a general problem needs.
  EXPECT_THAT(ProblemFindings(Check(6, 3)), ::testing::Not(testing::Contains("no_disposition P4")));
  // P7 is found only on 06-10: on 06-01 it is not known.
  EXPECT_EQ(after.problems_ignored, 1);
  EXPECT_EQ(Check(6, 10).problems_ignored, 0);
}

TEST(Ledger, CampaignStatusPerUnit) {
  // As of 06-01: 9 problems known (P7 not yet). Rectified by then: P1, P4, P6, P8-P10 = 6; open: P2, P3, P5 = 3;
  // transferred P3; supervised P3; disposed P1, P5, P8-P10 = 5; overdue none (P4 was rectified, P5 is due 06-30,
  // P2 and P3 have no due date).
  LedgerCheck c = Check(6, 1);
  EXPECT_EQ(c.overall.total, 9);
  EXPECT_EQ(c.overall.rectified, 6);
  EXPECT_EQ(c.overall.open, 3);
  EXPECT_EQ(c.overall.transferred, 1);
  EXPECT_EQ(c.overall.supervised, 1);
  EXPECT_EQ(c.overall.disposed, 5);
  EXPECT_EQ(c.overall.overdue, 0);
  // By class: general P1, P4, P6, P8-P10 = 6; hard P2; serious P3; systemic P5.
  EXPECT_EQ(c.overall.by_class[0], 6);
  EXPECT_EQ(c.overall.by_class[1], 1);
  ASSERT_EQ(c.units.size(), 53u);
  const UnitStatus* police = nullptr;
  for (const UnitStatus& u : c.units) {
    if (u.unit->name == "公安局") police = &u;
  }
  ASSERT_NE(police, nullptr);
  EXPECT_EQ(police->total, 1);  // P5, of its sub-unit 交警大队
}

TEST(Ledger, StatusWrittenAsTableCsvAndJson) {
  LedgerCheck c = Check(6, 1);
  // CSV: 玉都街道 on 06-01 has P3 (serious; transferred 05-12, supervised 05-20; open) and P4 (general, public;
  // rectified 05-03; disposed 06-02, not yet): total 2 = general 1 + serious 1; open 1, rectified 1; overdue 0;
  // transferred 1, supervised 1, disposed 0; self-inspection 0, public 1; findings 6: P3's late 挂牌督办 (05-20,
  // after 05-15), P3 and P4 no_disposition, the unit an inspection target (问题零报告), and, a township that sent
  // nothing, material_missing for the two materials it owes (自查自纠及整改情况 and 联络员).
  std::ostringstream csv;
  WriteLedgerStatus(csv, c, FindingsFormat::kCsv);
  EXPECT_THAT(csv.str(), HasSubstr("\n2021-06-01,after,yudu,玉都街道,2,1,0,1,0,1,1,0,1,1,0,0,1,6\n"));
  EXPECT_THAT(csv.str(), HasSubstr("\n2021-06-01,after,,合计,9,6,1,1,1,3,6,0,1,1,5,"));
  // The table fits 100 columns, in both languages.
  for (Language language : {Language::kZh, Language::kEn}) {
    std::ostringstream table;
    WriteLedgerStatus(table, c, FindingsFormat::kTable, language);
    std::istringstream lines(table.str());
    for (std::string line; std::getline(lines, line);) EXPECT_LE(internal::DisplayWidth(line), 100) << line;
  }
  std::ostringstream json;
  WriteLedgerStatus(json, c, FindingsFormat::kJson);
  EXPECT_THAT(json.str(), HasSubstr("\"phase\": {\n    \"key\": \"after\""));
  EXPECT_THAT(json.str(), HasSubstr("\"next_deadline\": null"));
}

TEST(Ledger, FindingsStreamedAreTheFindingsKept) {
  const std::vector<Problem> problems = Problems();
  const std::vector<Submission> submissions = Submissions();
  for (int day : {20, 26}) {
    for (int month : {4, 5, 6}) {
      const Date as_of(2021, month, day);
      absl::StatusOr<LedgerCheck> kept = CheckLedger(problems, submissions, as_of, LedgerSettings::Builtin());
      std::ostringstream streamed;
      FindingsOptions options{.format = FindingsFormat::kCsv, .id_column = "problem_id"};
      FindingsCsvWriter writer(streamed, options);
      absl::StatusOr<LedgerCheck> none =
          CheckLedger(problems, submissions, as_of, LedgerSettings::Builtin(), [&](Finding&& f) { writer.Write(f); });
      ASSERT_TRUE(kept.ok() && none.ok());
      EXPECT_TRUE(none->findings.empty());
      std::ostringstream written;
      WriteFindings(written, kept->findings, options);
      EXPECT_EQ(streamed.str(), written.str()) << FormatDate(as_of);
      EXPECT_EQ(none->overall.findings, kept->overall.findings);
    }
  }
  // A clause with a comma is quoted: "4(1), 4(3)".
  std::vector<Problem> late = problems;
  late[0].rectified_on.reset();
  late[0].dispositions = 0;
  late[0].disposed_on.reset();
  std::ostringstream out;
  WriteFindings(out, CheckLedger(late, {}, Date(2021, 6, 1), LedgerSettings::Builtin())->findings,
                {.format = FindingsFormat::kCsv, .id_column = "problem_id"});
  EXPECT_THAT(out.str(), HasSubstr(",P1,涅阳街道,rectification_overdue,\"4(1), 4(3)\","));
}

TEST(Ledger, TheLedgerAsItStoodFindsWhatTheCheckFinds) {
  // On 05-10: P7 (found 06-10) is not there yet; P1's rectification (05-20) and disposition (05-25) are not made
  // yet; P4's rectification (05-03) is. Checking that ledger finds what checking the whole one as of 05-10 does.
  const std::vector<Problem> problems = Problems();
  const std::vector<Problem> then = LedgerOn(problems, Date(2021, 5, 10));
  ASSERT_EQ(then.size(), problems.size() - 1);
  EXPECT_EQ(then[0].rectified_on, std::nullopt);
  EXPECT_EQ(then[0].dispositions, 0);
  EXPECT_EQ(then[3].rectified_on, Date(2021, 5, 3));
  for (int month : {4, 5, 6}) {
    const Date d(2021, month, 10);
    std::ostringstream whole, on;
    WriteFindings(whole, CheckLedger(problems, {}, d, LedgerSettings::Builtin())->findings, {});
    WriteFindings(on, CheckLedger(LedgerOn(problems, d), {}, d, LedgerSettings::Builtin())->findings, {});
    EXPECT_EQ(whole.str(), on.str()) << FormatDate(d);
  }
}

TEST(Ledger, GeneralProblemsWithoutADueDate) {
  // A general problem without due_on is due at the campaign's end (立行立改 within the campaign): P1 not yet
  // rectified is overdue on 06-01; with general_days = 15 it is due 05-05 (04-20 + 15) and overdue on 05-06.
  std::vector<Problem> problems = Problems();
  problems[0].rectified_on.reset();
  auto rules = [&](const LedgerSettings& s, Date d) { return ProblemFindings(*CheckLedger(problems, {}, d, s)); };
  EXPECT_THAT(rules(LedgerSettings::Builtin(), Date(2021, 5, 31)),
              ::testing::Not(testing::Contains("rectification_overdue P1")));
  EXPECT_THAT(rules(LedgerSettings::Builtin(), Date(2021, 6, 1)), testing::Contains("rectification_overdue P1"));
  absl::StatusOr<LedgerSettings> fifteen = LedgerSettings::FromText("[rectification]\ngeneral_days = 15\n", "s");
  ASSERT_TRUE(fifteen.ok());
  EXPECT_THAT(rules(*fifteen, Date(2021, 5, 5)), ::testing::Not(testing::Contains("rectification_overdue P1")));
  EXPECT_THAT(rules(*fifteen, Date(2021, 5, 6)), testing::Contains("rectification_overdue P1"));
}

TEST(Ledger, BadRowsNameLineColumnAndValue) {
  std::string csv =
      "问题编号,单位,领域,问题类型,来源,发现日期,性质,整改完成日期,处置方式,处置日期\n"
      "A,涅阳街道,执法不规范,选择性执法,自查,2021/4/20,一般性,2021-04-19,,\n"
      "B,火星局,conduct,selective,self_inspection,2021-04-20,general,,,\n"
      "C,涅阳街道,conduct,selective,rumour,2021-04-20,general,,,\n"
      "D,涅阳街道,conduct,dancing,self_inspection,2021-04-20,general,,,\n"
      "A,涅阳街道,conduct,selective,self_inspection,2021-04-20,mild,,,\n"
      "E,涅阳街道,conduct,selective,self_inspection,2021-13-01,general,,,\n"
      "F,涅阳街道,conduct,selective,self_inspection,2021-04-20,general,,批评教育、通报曝光,2021-05-01\n";
  std::vector<Problem> rows;
  std::istringstream in(csv);
  ASSERT_TRUE(ReadLedgerCsv(in, Registry::Builtin(), {.source = "l.csv"}, [&](Problem&& p) {
                rows.push_back(std::move(p));
              }).ok());
  ASSERT_EQ(rows.size(), 7u);
  auto first = [&](size_t i) { return FormatRowError("l.csv", rows[i].row, rows[i].errors.at(0)); };
  EXPECT_EQ(first(0), "l.csv: line 2, column 整改完成日期: 2021-04-19 is before found_on 2021-04-20");
  EXPECT_EQ(rows[0].errors[0].value, "2021-04-19");
  EXPECT_THAT(first(1), HasSubstr("l.csv: line 3, column 单位: unknown unit \"火星局\""));
  EXPECT_THAT(first(2), HasSubstr("line 4, column 来源: \"rumour\" is not a source; expected self_inspection 自查"));
  EXPECT_THAT(first(3), HasSubstr("line 5, column 问题类型: \"dancing\" is not a kind of 3.3 (conduct)"));
  EXPECT_THAT(first(4), HasSubstr("line 6, column 性质: \"mild\" is not a class"));
  EXPECT_THAT(FormatRowError("l.csv", rows[4].row, rows[4].errors.back()),
              HasSubstr("column 问题编号: problem A is already on line 2; one row per problem"));
  EXPECT_THAT(first(5), HasSubstr("line 7, column 发现日期: \"2021-13-01\" is not a date"));
  // Chinese values and a list written with 、 read as the canonical ones.
  ASSERT_TRUE(rows[6].ok()) << rows[6].errors[0].message;
  EXPECT_EQ(rows[6].dispositions, kCriticism | kExposure);
  EXPECT_EQ(ProblemClassFromName("问题突出"), ProblemClass::kSerious);
  EXPECT_EQ(SourceFromName("群众反映"), Source::kPublic);
}

TEST(Ledger, WrittenOutAndReadBackUnchanged) {
  std::vector<Problem> problems = Problems();
  std::ostringstream out;
  WriteLedgerCsv(out, problems);
  std::istringstream in(out.str());
  std::vector<Problem> again;
  ASSERT_TRUE(ReadLedgerCsv(in, Registry::Builtin(), {.source = "x"}, [&](Problem&& p) {
                again.push_back(std::move(p));
              }).ok());
  ASSERT_EQ(again.size(), problems.size());
  for (size_t i = 0; i < problems.size(); ++i) {
    EXPECT_EQ(ProblemCells(again[i]), ProblemCells(problems[i]));
    ASSERT_TRUE(again[i].ok());
  }
  std::ostringstream twice;
  WriteLedgerCsv(twice, again);
  EXPECT_EQ(twice.str(), out.str());
}

TEST(LedgerSettings, MaterialsKeepTheirOwersUnlessOverridden) {
  // A settings file without [material] keeps the plan's five materials and who owes them; one that names a
  // material overrides only it ("none": nobody owes it); a key that is no material of the plan is an error.
  absl::StatusOr<LedgerSettings> other = LedgerSettings::FromText("[discipline]\ntransfer_working_days = 5\n", "s");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->owed_by("self_inspection_report"), "all");
  EXPECT_EQ(other->owed_by("guidance_contacts"), "guidance");
  absl::StatusOr<LedgerSettings> none = LedgerSettings::FromText("[material]\nassigned_staff = \"none\"\n", "s");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->owed_by("assigned_staff"), "none");
  EXPECT_EQ(none->owed_by("township_liaisons"), "townships");
  absl::StatusOr<LedgerSettings> typo = LedgerSettings::FromText("[material]\nself_report = \"all\"\n", "s");
  EXPECT_THAT(typo.status().message(), HasSubstr("\"self_report\" is not a material of the plan"));
  EXPECT_FALSE(LedgerSettings::FromText("rectification = 15\n", "s").ok());
}

TEST(LedgerSettings, BadFiles) {
  EXPECT_THAT(
      std::string(LedgerSettings::FromText("[disposition]\nserious = [\"firing\"]\n", "s.toml").status().message()),
      HasSubstr("s.toml:2: disposition.serious: \"firing\" is not a disposition"));
  EXPECT_THAT(
      std::string(LedgerSettings::FromText("[material]\nassigned_staff = \"some\"\n", "s.toml").status().message()),
      HasSubstr("\"some\" is not a group"));
  EXPECT_THAT(
      std::string(LedgerSettings::FromText("[rectification]\ngeneral_days = -1\n", "s.toml").status().message()),
      HasSubstr("expected 0..3650"));
}

}  // namespace
}  // namespace zhifa
