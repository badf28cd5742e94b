// End-to-end runs of `zhifa ledger`: the example ledger (examples/ledger.csv, synthetic) checked either side of
// the campaign's deadlines, bad input, and the store (import, set, history, export, verify, a killed import).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "tests/cli_util.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kExample = std::string(ZHIFA_SOURCE_DIR) + "/examples/ledger.csv";
const std::string kSubmissions = std::string(ZHIFA_SOURCE_DIR) + "/examples/submissions.csv";

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(CliLedger, CheckTheExampleAfterTheCampaign) {
  CliRun r = Zhifa("ledger check " + kExample + " --submissions " + kSubmissions + " --as-of 2021-06-01 --format csv");
  EXPECT_EQ(r.status, 1) << r.err;  // findings
  EXPECT_THAT(r.out, StartsWith("row,problem_id,unit,rule,clause,message\n"));
  // The title row above the header is skipped, and said so.
  EXPECT_THAT(r.err, HasSubstr("the header is line 2"));
  // 示例-12 (line 14): 市场监管局, general, due 2021-05-10, not rectified: on 06-01 it is 22 days late
  // (05-10 -> 05-31 is 21 days, -> 06-01 is 22).
  EXPECT_THAT(r.out, HasSubstr("14,示例-12,市场监管局,rectification_overdue,\"4(1), 4(3)\",问题 示例-12 整改时限为 "
                               "2021-05-10，截至 2021-06-01 仍未整改，已逾期 22 天\n"));
  // 示例-14 (line 16): serious with a discipline clue, found 05-08 in the inspection phase (05-01 – 05-15):
  // neither transferred nor supervised by 05-15; after 05-31 with no disposition.
  EXPECT_THAT(r.out, HasSubstr("16,示例-14,市场监管局,discipline_not_transferred,4(1),"));
  EXPECT_THAT(r.out, HasSubstr("16,示例-14,市场监管局,not_supervised,4(2),"));
  EXPECT_THAT(r.out, HasSubstr("16,示例-14,市场监管局,no_disposition,4(3),"));
  // 示例-06 (line 8) is 交警大队's: it counts for 公安局. Systemic, criticized: it needs a mechanism (4(3)).
  EXPECT_THAT(r.out, HasSubstr("8,示例-06,公安局,wrong_disposition,4(3),"));
  // 示例-07 (line 9): self-inspection, 是否公开 否, after 04-30.
  EXPECT_THAT(r.out, HasSubstr("9,示例-07,卢医镇,not_disclosed,4(1),"));
  // 示例-02 (line 4): hard, no due date, no one responsible.
  EXPECT_THAT(r.out,
              HasSubstr("4,示例-02,涅阳街道,no_timetable,4(1),一时难以整治的问题 示例-02 未列明整改时限和责任人\n"));
  // 示例-05 was disposed of on 06-02: on 06-01 that is not yet true.
  EXPECT_THAT(r.out, HasSubstr("7,示例-05,玉都街道,no_disposition,4(3),"));
  // Unit findings have no row or problem_id. 卢医镇 has one self-inspection problem (示例-07; 示例-08 is covert):
  // fewer than 2, 问题较少. 涅阳街道 sent 联络员 on 04-26, a day late.
  EXPECT_THAT(
      r.out,
      HasSubstr(",,卢医镇,inspection_target,4(2),卢医镇 应列为重点督查对象：自查发现问题较少（1 个，少于 2 个）\n"));
  EXPECT_THAT(r.out, HasSubstr(",,涅阳街道,material_late,4(1),"));
  // 税务局 has three public problems (示例-09..11) and no self-inspection problem: both reasons, in one finding.
  EXPECT_THAT(r.out, HasSubstr(",,税务局,inspection_target,4(2),税务局 "
                               "应列为重点督查对象：问题零报告；群众反映较为强烈（3 个群众反映问题）\n"));
  // English messages and Chinese headers on request.
  CliRun en = Zhifa("ledger check " + kExample + " --as-of 2021-06-01 --format csv --lang en --headers zh");
  EXPECT_THAT(en.out, StartsWith("行,编号,单位,规则,条款,说明\n"));
  EXPECT_THAT(en.out, HasSubstr("problem 示例-12 was due to be rectified by 2021-05-10 and is not rectified on "
                                "2021-06-01, 22 days late"));
}

TEST(CliLedger, EitherSideOfTheDeadlines) {
  auto check = [](const std::string& as_of) {
    return Zhifa("ledger check " + kExample + " --submissions " + kSubmissions + " --as-of " + as_of + " --format csv")
        .out;
  };
  // 04-25 is the materials' due day: nothing is missing yet; on 04-26 the units that sent nothing are.
  EXPECT_EQ(Count(check("2021-04-25"), "material_missing"), 0);
  EXPECT_GT(Count(check("2021-04-26"), "material_missing"), 0);
  EXPECT_THAT(check("2021-04-26"), HasSubstr(",,雪枫街道,material_missing,4(1),"));
  // Self-inspection ends 04-30: inspection targets and non-disclosure from 05-01.
  EXPECT_EQ(Count(check("2021-04-30"), "inspection_target"), 0);
  EXPECT_EQ(Count(check("2021-04-30"), "not_disclosed"), 0);
  EXPECT_GT(Count(check("2021-05-01"), "inspection_target"), 0);
  EXPECT_EQ(Count(check("2021-05-01"), "not_disclosed"), 1);  // 示例-07
  // Inspection ends 05-15: 示例-14 is not yet late on 05-15, is on 05-16.
  EXPECT_THAT(check("2021-05-15"), Not(HasSubstr("示例-14,市场监管局,not_supervised")));
  EXPECT_THAT(check("2021-05-16"), HasSubstr("示例-14,市场监管局,not_supervised"));
  // Accountability ends 05-31: no disposition is a finding from 06-01 only.
  EXPECT_EQ(Count(check("2021-05-31"), "no_disposition"), 0);
  EXPECT_GT(Count(check("2021-06-01"), "no_disposition"), 0);
  // A clean ledger: exit 0. As of 04-14 the only problems found (none before 04-15) are not known yet.
  CliRun early = Zhifa("ledger check " + kExample + " --as-of 2021-04-14 --format csv");
  EXPECT_EQ(early.status, 0) << early.out;
}

TEST(CliLedger, StatusPerUnit) {
  CliRun r = Zhifa("ledger status " + kExample + " --submissions " + kSubmissions + " --as-of 2021-06-01 --format csv");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("as_of,phase,unit_code,unit,total,general,hard,serious,systemic,open,rectified,"
                                "overdue,transferred,supervised,disposed,self_inspection,public,findings\n"));
  // 涅阳街道 on 06-01: 示例-01 (general; rectified 05-20; criticized 05-25), 示例-02 (hard; open), 示例-03
  // (systemic; due 09-30; mechanism 05-28): 3 problems = 1 general + 1 hard + 1 systemic; open 2 (02, 03),
  // rectified 1; overdue 0 (03 is due in September, 02 has no date); disposed 2 (01, 03); 3 self-inspection;
  // findings 3 = no_timetable and no_disposition of 示例-02, and 联络员 a day late.
  EXPECT_THAT(r.out, HasSubstr("2021-06-01,after,nieyang,涅阳街道,3,1,1,0,1,2,1,0,0,0,2,3,0,3\n"));
  // All units: 16 problems less 示例-08, found on 06-10 = 15.
  EXPECT_THAT(r.out, HasSubstr(",,合计,15,"));
  CliRun table = Zhifa("ledger status " + kExample + " --as-of 2021-04-20");
  EXPECT_THAT(table.out, StartsWith("截至 2021-04-20　阶段：自查自纠阶段 (2021-04-13 – 2021-04-30)\n"
                                    "下一期限：报送材料截止 2021-04-25（还有 5 天）\n"));
}

TEST(CliLedger, BadInputNamesLineColumnAndValueAndWritesNothing) {
  const std::string bad =
      WriteTemp("bad_ledger.csv",
                "problem_id,unit,area,kind,source,found_on,class,discipline_clue,responsible,due_on,rectified_on,"
                "transferred_on,supervised_on,disposition,disposed_on\n"
                "A1,涅阳街道,conduct,no_action,self_inspection,2021-04-20,minor,0,张三,,,,,,\n"
                "A2,涅阳街道,conduct,no_action,self_inspection,2021/13/1,general,0,张三,,,,,,\n"
                "A3,涅阳街道,conduct,no_action,self_inspection,2021-04-20,general,0,张三,,2021-04-19,,,,\n"
                "A3,涅阳街道,conduct,no_action,self_inspection,2021-04-20,general,0,张三,,,,,,\n"
                "A5,无此单位,conduct,no_action,self_inspection,2021-04-20,general,0,张三,,,,,,\n"
                "A6,涅阳街道,conduct,no_action,self_inspection,2021-04-20,general,0,张三,,,,,,\n");
  const std::string out = TempPath("findings.csv");
  CliRun r = Zhifa("ledger check " + bad + " --as-of 2021-06-01 --format csv -o " + out);
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_THAT(r.err, HasSubstr(bad + ": line 2, column class: \"minor\""));
  EXPECT_THAT(r.err, HasSubstr(bad + ": line 3, column found_on"));
  EXPECT_THAT(r.err, HasSubstr("2021/13/1"));
  EXPECT_THAT(r.err, HasSubstr(bad + ": line 4, column rectified_on: 2021-04-19 is before found_on 2021-04-20"));
  EXPECT_THAT(r.err, HasSubstr(bad + ": line 5, column problem_id"));
  EXPECT_THAT(r.err, HasSubstr("already on line 4"));
  EXPECT_THAT(r.err, HasSubstr(bad + ": line 6, column unit"));
  EXPECT_THAT(r.err, HasSubstr("5 of 6 problems are bad; nothing done"));
  // --keep-going checks A6 alone: as of 06-01 it has no disposition; exit 1.
  CliRun going = Zhifa("ledger check " + bad + " --as-of 2021-06-01 --format csv --keep-going");
  EXPECT_EQ(going.status, 1);
  EXPECT_THAT(going.out, HasSubstr("7,A6,涅阳街道,no_disposition,4(3),"));
  EXPECT_THAT(going.err, HasSubstr("5 of 6 problems are bad and were left out"));
  // Nothing is imported from a bad file.
  const std::string db = TempPath("bad.db");
  CliRun import = Zhifa("ledger import --db " + db + " " + bad + " --by 张三");
  EXPECT_EQ(import.status, 2);
  EXPECT_EQ(Zhifa("ledger export --db " + db).out.find("A6"), std::string::npos);
  std::filesystem::remove(bad);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

TEST(CliLedger, TheStoreKeepsEveryChange) {
  const std::string db = TempPath("ledger.db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  // The example as a GB18030 export (as Excel on Chinese Windows saves it).
  const std::string gb = TempPath("ledger-gb.csv");
  ASSERT_EQ(std::system(("iconv -f UTF-8 -t GB18030 " + kExample + " > " + gb).c_str()), 0);
  CliRun import = Zhifa("ledger import --db " + db + " " + gb + " --by 张三");
  ASSERT_EQ(import.status, 0) << import.err;
  EXPECT_THAT(import.err, HasSubstr("16 problems added, 0 changed, 0 unchanged (16 changes recorded)"));
  // The store checks as its export does (a stored problem's row is its line in the export: the original file's
  // title row is gone, so each is one less than in examples/ledger.csv).
  const std::string first_export = WriteTemp("first_export.csv", Zhifa("ledger export --db " + db).out);
  const std::string stored = Zhifa("ledger check --db " + db + " --as-of 2021-06-01 --format csv").out;
  EXPECT_EQ(stored, Zhifa("ledger check " + first_export + " --as-of 2021-06-01 --format csv").out);
  EXPECT_THAT(stored, HasSubstr("\n13,示例-12,市场监管局,rectification_overdue,"));
  std::filesystem::remove(first_export);
  // 示例-12 rectified on 06-05 and criticized on 06-06 (Chinese header names are fields too).
  const std::string before_set = Zhifa("ledger history --db " + db + " --format csv").out;
  CliRun set = Zhifa("ledger set --db " + db +
                     " 示例-12 整改完成日期=2021/6/5 disposition=批评教育 "
                     "disposed_on=2021-06-06 --by 李四");
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_THAT(set.err, HasSubstr("示例-12: 3 fields changed"));
  CliRun history = Zhifa("ledger history --db " + db + " 示例-12 --format csv");
  EXPECT_THAT(history.out, HasSubstr(",李四,示例-12,rectified_on,,2021-06-05\n"));
  EXPECT_THAT(history.out, HasSubstr(",李四,示例-12,disposition,,criticism\n"));
  // As of 06-10, 示例-12 is no longer overdue or undisposed.
  const std::string after = Zhifa("ledger check --db " + db + " --as-of 2021-06-10 --format csv").out;
  EXPECT_THAT(after, Not(HasSubstr("示例-12")));
  // Errors leave the store unchanged: an unknown problem, an unknown field, a rectification before finding.
  const std::string exported = Zhifa("ledger export --db " + db).out;
  CliRun unknown = Zhifa("ledger set --db " + db + " 示例-99 rectified_on=2021-06-05");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("no problem \"示例-99\""));
  CliRun field = Zhifa("ledger set --db " + db + " 示例-12 rectified=2021-06-05");
  EXPECT_EQ(field.status, 2);
  EXPECT_THAT(field.err, HasSubstr("unknown field \"rectified\""));
  CliRun early = Zhifa("ledger set --db " + db + " 示例-12 rectified_on=2021-01-01");
  EXPECT_EQ(early.status, 2);
  EXPECT_THAT(early.err, HasSubstr("2021-01-01 is before found_on 2021-04-18; nothing changed"));
  EXPECT_EQ(Zhifa("ledger export --db " + db).out, exported);
  // The export reads back to the same findings, row numbers included.
  const std::string file = WriteTemp("exported.csv", exported);
  EXPECT_EQ(Zhifa("ledger check " + file + " --as-of 2021-06-10 --format csv").out, after);
  // As recorded before the set: 示例-12 still overdue. (The import and the set may share a second, so the
  // moment is taken from the history to the millisecond.)
  const std::string last_import = before_set.substr(before_set.rfind('\n', before_set.size() - 2) + 1);
  const std::string moment = last_import.substr(last_import.find(',') + 1, 23);
  CliRun then = Zhifa("ledger check --db " + db + " --as-of 2021-06-10 --recorded-at " + moment + " --format csv");
  EXPECT_THAT(then.out, HasSubstr("示例-12,市场监管局,rectification_overdue"));
  EXPECT_EQ(Zhifa("ledger verify --db " + db).status, 0);
  // Commands on a store that does not exist say so, and create nothing.
  CliRun none = Zhifa("ledger check --db " + db + ".absent");
  EXPECT_EQ(none.status, 2);
  EXPECT_THAT(none.err, HasSubstr("no ledger store there"));
  EXPECT_FALSE(std::filesystem::exists(db + ".absent"));
  for (const std::string& f : {gb, file}) std::filesystem::remove(f);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

TEST(CliLedger, AKilledImportIsAllThereOrAbsent) {
  // 100 000 problems, imported by a process killed with SIGKILL part-way (at whatever point 150 ms finds it).
  std::string text =
      "problem_id,unit,area,kind,source,found_on,class,discipline_clue,responsible,due_on,rectified_on,"
      "transferred_on,supervised_on,disposition,disposed_on\n";
  for (int i = 1; i <= 100000; ++i) {
    text += "K" + std::to_string(i) + ",涅阳街道,conduct,no_action,self_inspection,2021-04-20,general,0,张三,,,,,,\n";
  }
  const std::string big = WriteTemp("big_ledger.csv", text);
  const std::string db = TempPath("killed.db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  ASSERT_EQ(Zhifa("ledger import --db " + db + " " + kExample + " --by 张三").status, 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    execl(ZHIFA_CLI, ZHIFA_CLI, "ledger", "import", "--db", db.c_str(), big.c_str(), "--by", "李四",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  // Reopened: consistent, with the 16 example problems and either none or all of the 100 000.
  CliRun verify = Zhifa("ledger verify --db " + db);
  EXPECT_EQ(verify.status, 0) << verify.err;
  const bool finished = WIFEXITED(status);
  EXPECT_THAT(verify.out, HasSubstr(finished ? ": ok, 100016 problems" : ": ok, 16 problems")) << verify.out;
  std::filesystem::remove(big);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

}  // namespace
