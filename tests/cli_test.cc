// End-to-end runs of the zhifa binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nlohmann/json.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

struct CliRun {
  int status;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("zhifa_cli_test_" + std::to_string(getpid()) + "_" + name))
      .string();
}

CliRun Zhifa(const std::string& args, const std::string& stdin_path = "/dev/null") {
  std::string out = TempPath("out"), err = TempPath("err");
  std::string cmd = std::string(ZHIFA_CLI) + " " + args + " >" + out + " 2>" + err + " <" + stdin_path;
  int rc = std::system(cmd.c_str());
  CliRun r{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, Slurp(out), Slurp(err)};
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

constexpr const char* kHeader =
    "unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
    "missed_penalty,sued,enforcement_cases,judgments,judgments_won\n";

TEST(Cli, ScoresTheBundledSample) {
  CliRun r = Zhifa("score --format csv");
  EXPECT_EQ(r.status, 0) << r.err;
  // Header plus the 53 units.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 54);
  // 涅阳街道 by hand (see report_test): 92.01.
  EXPECT_THAT(r.out, HasSubstr("nieyang,涅阳街道,township,2021,99.13,19.83,90.16,14.43,97.90,12.66,81.97,13.11,"
                               "0.13,15.98,100.00,16.00,92.01,"));
  CliRun table = Zhifa("score");
  EXPECT_EQ(table.status, 0);
  EXPECT_THAT(table.out, StartsWith("排名"));
}

TEST(Cli, BadRowFailsNamingRowAndColumnAndWritesNothing) {
  std::string f = WriteTemp("bad.csv", std::string(kHeader) +
                                           "涅阳街道,2021,10,9,8,0,0,8,0,7,0,0,9,0,0\n"
                                           "玉都街道,2021,10,5,7,0,0,0,0,0,0,0,5,0,0\n");
  CliRun r = Zhifa("score " + f + " --format csv");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr(f + ": row 2, column closed: 7 is more than filed (5)"));
  CliRun k = Zhifa("score " + f + " --format csv --keep-going");
  EXPECT_EQ(k.status, 1);
  // Rows out = rows in: header + 2, the bad one with its error.
  EXPECT_EQ(std::count(k.out.begin(), k.out.end(), '\n'), 3);
  EXPECT_THAT(k.out, HasSubstr("column closed: 7 is more than filed (5)"));
  std::remove(f.c_str());
}

TEST(Cli, EditedRulesFileIsObeyed) {
  std::string rules = Slurp(std::string(ZHIFA_SOURCE_DIR) + "/data/rules/zhenping-2021.toml");
  auto replace = [&](const std::string& from, const std::string& to) {
    ASSERT_NE(rules.find(from), std::string::npos) << from;
    rules.replace(rules.find(from), from.size(), to);
  };
  replace("id = \"zhenping-2021\"", "id = \"strict\"");
  // Overdue cases cost 4 points instead of 2.
  replace("count = \"overdue\"\npoints = 2", "count = \"overdue\"\npoints = 4");
  std::string rf = WriteTemp("strict.toml", rules);
  std::string f = WriteTemp("one.csv", std::string(kHeader) + "涅阳街道,2021,100,100,100,1,0,100,0,100,0,0,100,0,0\n");
  CliRun r = Zhifa("score " + f + " --rules " + rf + " --format csv");
  EXPECT_EQ(r.status, 0) << r.err;
  // closure 16 × 100/100 − 4 × 1 = 12; total 20 + 12 + 16 + 16 + 16 + 16 = 96.
  EXPECT_THAT(r.out, HasSubstr(",100.00,12.00,"));
  EXPECT_THAT(r.out, HasSubstr(",96.00,1,1,strict\n"));
  std::remove(rf.c_str());
  std::remove(f.c_str());
}

TEST(Cli, JsonWithExplanation) {
  CliRun r = Zhifa("score --format json --explain");
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 53u);
  EXPECT_THAT(j[0]["explanation"].get<std::string>(), HasSubstr("办结率"));
  EXPECT_THAT(j[0]["explanation_en"].get<std::string>(), HasSubstr("closure rate"));
}

TEST(Cli, ExplainTableInEnglish) {
  CliRun r = Zhifa("score --explain --lang en");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("closure rate (closure, A2.2, weight 16)"));
}

TEST(Cli, Gb18030FileAndStdin) {
  // "涅阳街道" in GB18030 is C4 F9 D1 F4 BD D6 B5 C0.
  std::string row = "\xC4\xF9\xD1\xF4\xBD\xD6\xB5\xC0,2021,10,9,8,0,0,8,0,7,0,0,9,0,0\n";
  std::string f = WriteTemp("gb.csv", std::string(kHeader) + row);
  CliRun r = Zhifa("score " + f + " --format csv");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("nieyang,涅阳街道"));
  EXPECT_THAT(r.err, HasSubstr("reading it as GB18030"));
  CliRun s = Zhifa("score - --encoding gb18030 --format csv", f);
  EXPECT_EQ(s.status, 0) << s.err;
  EXPECT_THAT(s.out, HasSubstr("nieyang,涅阳街道"));
  std::remove(f.c_str());
}

TEST(Cli, RulesShowAndCheck) {
  CliRun show = Zhifa("rules show");
  EXPECT_EQ(show.status, 0);
  EXPECT_EQ(show.out, Slurp(std::string(ZHIFA_SOURCE_DIR) + "/data/rules/zhenping-2021.toml"));
  CliRun canonical = Zhifa("rules show --canonical");
  EXPECT_THAT(canonical.out, StartsWith("# zhenping-2021 sha256:"));
  CliRun ok = Zhifa(std::string("rules check ") + ZHIFA_SOURCE_DIR + "/data/rules/zhenping-2021.toml");
  EXPECT_EQ(ok.status, 0);
  EXPECT_THAT(ok.out, HasSubstr("ok: zhenping-2021, 6 indicators, sha256:"));
  std::string bad = WriteTemp("bad.toml",
                              "id = \"x\"\ntitle = \"x\"\neffective_from = 2021-01-01\n[[indicator]]\n"
                              "key = \"a\"\nname = \"a\"\nweight = 90\nnumerator = \"filed\"\n"
                              "denominator = \"should_file\"\n");
  CliRun r = Zhifa("rules check " + bad);
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("indicator weights sum to 90"));
  std::remove(bad.c_str());
}

TEST(Cli, UnitsListResolveAndCheck) {
  CliRun csv = Zhifa("units --format csv");
  EXPECT_EQ(csv.status, 0) << csv.err;
  EXPECT_THAT(csv.out, StartsWith("code,name,category,parent,official_name,aliases\n"));
  // 53 units + 3 sub-units + the header.
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 57);
  // A sub-unit comes right after its parent.
  EXPECT_THAT(csv.out, HasSubstr("public_security,公安局,department,,公安局,公安\ntraffic_police,交警大队,department,"
                                 "public_security,"));
  CliRun townships = Zhifa("units --category township --format json");
  EXPECT_EQ(nlohmann::json::parse(townships.out).size(), 22u);
  CliRun resolve = Zhifa("units resolve 县市场监督管理局 交警大队");
  EXPECT_EQ(resolve.status, 0);
  EXPECT_THAT(resolve.out, HasSubstr("县市场监督管理局 -> market_regulation 市场监管局"));
  EXPECT_THAT(resolve.out, HasSubstr("scored as public_security 公安局"));
  CliRun unknown = Zhifa("units resolve 市场监督局");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_THAT(unknown.err, HasSubstr("did you mean 市场监管局"));
  CliRun check = Zhifa("units check");
  EXPECT_EQ(check.status, 0);
  EXPECT_THAT(check.out, HasSubstr("8 departments guide 22 townships, each exactly once"));
}

TEST(Cli, CalendarOnADateAndIcs) {
  CliRun on = Zhifa("calendar --on 2021-05-01");
  EXPECT_EQ(on.status, 0) << on.err;
  EXPECT_THAT(on.out, HasSubstr("2021-05-01 (星期六, 休息日): 督查检查阶段 (inspection, 4(2))"));
  // 05-01 to 05-15 is 14 days.
  EXPECT_THAT(on.out, HasSubstr("下一截止: 督查检查阶段结束 2021-05-15 (4(2)), 还有 14 天"));
  nlohmann::json j = nlohmann::json::parse(Zhifa("calendar --on 2021-05-31 --format json").out);
  EXPECT_EQ(j["phase"]["key"], "accountability");
  EXPECT_EQ(j["next_deadline"], "accountability_end");
  std::string ics = TempPath("plan.ics");
  CliRun written = Zhifa("calendar --ics " + ics);
  EXPECT_EQ(written.status, 0);
  EXPECT_THAT(written.err, HasSubstr("21 events, 2021"));
  EXPECT_THAT(Slurp(ics), StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  std::remove(ics.c_str());
  EXPECT_EQ(Zhifa("calendar --on 2021-13-01").status, 2);
}

TEST(Cli, CasesAggregateCheckAndScore) {
  const std::string cases = std::string(ZHIFA_SOURCE_DIR) + "/examples/cases.csv";
  CliRun agg = Zhifa("cases aggregate " + cases + " --quota-from-history");
  EXPECT_EQ(agg.status, 0) << agg.err;
  EXPECT_THAT(agg.out, StartsWith("unit,period,should_file,filed,closed,overdue,"));
  EXPECT_THAT(agg.err, HasSubstr("warning: no quota for 涅阳街道 2019"));
  // The counts CSV scores unchanged (the 2019 and 2020 rows have no quota: bad rows, kept with --keep-going).
  std::string counts = WriteTemp("agg.csv", agg.out);
  CliRun scored = Zhifa("score " + counts + " --format csv --keep-going");
  EXPECT_EQ(scored.status, 1);
  EXPECT_THAT(scored.err, HasSubstr("column should_file: missing"));
  CliRun direct = Zhifa("score --cases " + cases + " --quota-from-history --format csv --keep-going");
  EXPECT_EQ(direct.out, scored.out);
  std::remove(counts.c_str());
  CliRun check = Zhifa("cases check " + cases + " --format csv");
  EXPECT_EQ(check.status, 1);  // findings exist
  EXPECT_THAT(check.out, StartsWith("row,case_id,rule,clause,message\n"));
  EXPECT_THAT(check.out, HasSubstr(",criminal_transfer,3.2.5,"));
  std::string bad = WriteTemp("bad_cases.csv",
                              "case_id,unit,filed_on,closed_on\na,涅阳街道,2021-04-01,2021-03-01\n"
                              "b,涅阳街道,2021-04-02,\n");
  CliRun stop = Zhifa("cases aggregate " + bad);
  EXPECT_EQ(stop.status, 1);
  EXPECT_THAT(stop.err, HasSubstr(bad + ": row 1, column closed_on: 2021-03-01 is before filed_on 2021-04-01"));
  EXPECT_EQ(stop.out, "");
  CliRun going = Zhifa("cases aggregate " + bad + " --keep-going");
  EXPECT_EQ(going.status, 0);
  EXPECT_THAT(going.out, HasSubstr("涅阳街道,2021,,1,0,"));  // only b is counted
  EXPECT_THAT(going.err, HasSubstr("1 of 2 cases are bad and were left out"));
  std::remove(bad.c_str());
}

TEST(Cli, UsageErrors) {
  EXPECT_EQ(Zhifa("score --format xml").status, 2);
  EXPECT_EQ(Zhifa("score --format csv --explain").status, 2);
  CliRun missing = Zhifa("score /nonexistent/file.csv");
  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/file.csv: cannot open input file"));
  CliRun rules = Zhifa("score --rules nosuch");
  EXPECT_EQ(rules.status, 2);
  EXPECT_THAT(rules.err, HasSubstr("no built-in rule set \"nosuch\""));
  EXPECT_EQ(Zhifa("--version").out, std::string(ZHIFA_VERSION_FOR_TEST) + "\n");
}

}  // namespace
