// The ledger store (SQLite): imports in one transaction, one event per change, the ledger rebuilt as it was
// recorded at any moment, and nothing written by a change that fails.
#include "zhifa/ledger_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kLedger =
    "problem_id,unit,area,kind,source,found_on,class,discipline_clue,responsible,due_on,rectified_on,transferred_on,"
    "supervised_on,disposition,disposed_on,disclosed\n"
    "P1,涅阳街道,conduct,no_action,self_inspection,2021-04-20,general,0,张三,,,,,,,1\n"
    "P2,涅阳街道,conduct,overdue_case,self_inspection,2021-04-21,hard,0,,,,,,,,1\n"
    "P3,玉都街道,team,人员转隶不到位,inspection,2021-05-05,serious,1,李四,,,2021-05-12,,,,0\n";

std::vector<Problem> Read(const std::string& text) {
  std::vector<Problem> out;
  std::istringstream in(text);
  absl::Status s = ReadLedgerCsv(in, Registry::Builtin(), {.source = "ledger.csv"}, [&](Problem&& p) {
    EXPECT_TRUE(p.ok()) << p.problem_id << ": " << p.errors[0].message;
    out.push_back(std::move(p));
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

// "2026-11-28T01:02:03.456Z" -> "2026-11-28T09:02:03.456+08:00".
std::string InBeijing(const std::string& utc) {
  std::tm tm{};
  tm.tm_year = std::stoi(utc.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(utc.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(utc.substr(8, 2));
  tm.tm_hour = std::stoi(utc.substr(11, 2));
  tm.tm_min = std::stoi(utc.substr(14, 2));
  tm.tm_sec = std::stoi(utc.substr(17, 2));
  const std::time_t t = timegm(&tm) + 8 * 3600;
  std::tm local{};
  gmtime_r(&t, &local);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
  return std::string(buf) + utc.substr(19, 4) + "+08:00";
}

std::string Csv(const std::vector<Problem>& problems) {
  std::ostringstream out;
  WriteLedgerCsv(out, problems);
  return out.str();
}

class LedgerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("zhifa_store_test_" + std::to_string(getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path() const { return (dir_ / "ledger.db").string(); }
  LedgerStore Open() {
    absl::StatusOr<LedgerStore> s = LedgerStore::Open(Path());
    EXPECT_TRUE(s.ok()) << s.status();
    return *std::move(s);
  }
  std::filesystem::path dir_;
};

TEST_F(LedgerStoreTest, ImportsOnceThenOnlyWhatChanged) {
  LedgerStore store = Open();
  absl::StatusOr<ImportResult> first = store.Import(Read(kLedger), "张三", true);
  ASSERT_TRUE(first.ok()) << first.status();
  // Three new problems: three "*" events.
  EXPECT_EQ(first->added, 3);
  EXPECT_EQ(first->events, 3);
  // The same file again changes nothing.
  absl::StatusOr<ImportResult> again = store.Import(Read(kLedger), "张三", true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(again->events, 0);
  // P1 rectified on 05-20 and criticized on 05-25: one problem changed, three fields (rectified_on, disposition,
  // disposed_on), three events.
  std::string edited = kLedger;
  edited.replace(edited.find("张三,,,,,,,1"), std::string("张三,,,,,,,1").size(),
                 "张三,,2021-05-20,,,criticism,2021-05-25,1");
  absl::StatusOr<ImportResult> third = store.Import(Read(edited), "李四", true);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->changed, 1);
  EXPECT_EQ(third->unchanged, 2);
  EXPECT_EQ(third->events, 3);
  absl::StatusOr<std::vector<LedgerEvent>> history = store.History("P1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[0].field, "*");
  EXPECT_EQ((*history)[0].by, "张三");
  EXPECT_EQ((*history)[1].field, "rectified_on");
  EXPECT_EQ((*history)[1].old_value, std::nullopt);
  EXPECT_EQ((*history)[1].new_value, "2021-05-20");
  EXPECT_EQ((*history)[1].by, "李四");
  // What the store holds is what was imported last, written out unchanged.
  absl::StatusOr<std::vector<Problem>> now = store.Problems();
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(Csv(*now), Csv(Read(edited)));
}

TEST_F(LedgerStoreTest, SetRecordsEachFieldAndCanonicalText) {
  LedgerStore store = Open();
  ASSERT_TRUE(store.Import(Read(kLedger), "张三", true).ok());
  // 2021/5/20 is stored as 2021-05-20; 批评教育 as criticism.
  absl::StatusOr<int> changed = store.Set(
      "P1", {{"rectified_on", "2021/5/20"}, {"disposition", "批评教育"}, {"disposed_on", "2021-05-25"}}, "王五");
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(*changed, 3);
  absl::StatusOr<std::vector<LedgerEvent>> history = store.History("P1");
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[2].field, "disposition");
  EXPECT_EQ((*history)[2].new_value, "criticism");
  EXPECT_EQ((*history)[3].by, "王五");
  // Setting a field to what it already is changes nothing and records nothing.
  EXPECT_EQ(*store.Set("P1", {{"rectified_on", "2021-05-20"}}, "王五"), 0);
  EXPECT_EQ(store.History("P1")->size(), 4u);
  // Clearing a field: "" -> the event's new value is none.
  EXPECT_EQ(*store.Set("P1", {{"responsible", ""}}, "王五"), 1);
  EXPECT_EQ(store.History("P1")->back().new_value, std::nullopt);
  EXPECT_EQ(store.History("P1")->back().old_value, "张三");
}

TEST_F(LedgerStoreTest, FailedChangesLeaveTheStoreAsItWas) {
  LedgerStore store = Open();
  ASSERT_TRUE(store.Import(Read(kLedger), "张三", true).ok());
  const std::string before = Csv(*store.Problems());
  const size_t events = store.History()->size();
  absl::StatusOr<int> unknown_id = store.Set("P99", {{"rectified_on", "2021-05-20"}}, "x");
  EXPECT_EQ(unknown_id.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown_id.status().message(), HasSubstr("P99"));
  absl::StatusOr<int> unknown_field = store.Set("P1", {{"rectified", "2021-05-20"}}, "x");
  EXPECT_EQ(unknown_field.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown_field.status().message(), HasSubstr("rectified_on"));
  // Rectified 04-19, the day before P1 was found (04-20): invalid; the first field valid changes nothing either.
  absl::StatusOr<int> before_found = store.Set("P1", {{"responsible", "新人"}, {"rectified_on", "2021-04-19"}}, "x");
  EXPECT_EQ(before_found.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(before_found.status().message(), HasSubstr("rectified_on"));
  EXPECT_FALSE(store.Set("P1", {{"class", "minor"}}, "x").ok());
  EXPECT_FALSE(store.Set("P1", {{"problem_id", "P100"}}, "x").ok());
  EXPECT_FALSE(store.Set("P1", {{"unit", "不存在的单位"}}, "x").ok());
  // An import with one bad problem writes none.
  std::vector<Problem> problems = Read(kLedger);
  problems.push_back(problems[0]);
  problems.back().problem_id = "P4";
  problems.back().errors.push_back({"found_on", "missing"});
  EXPECT_EQ(store.Import(problems, "x", true).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Csv(*store.Problems()), before);
  EXPECT_EQ(store.History()->size(), events);
}

TEST_F(LedgerStoreTest, RebuildsTheLedgerAsRecordedAtAnyMoment) {
  LedgerStore store = Open();
  ASSERT_TRUE(store.Import(Read(kLedger), "张三", true).ok());
  const std::string imported = Csv(*store.Problems());
  const std::string t1 = store.History()->back().at;  // "2026-...T...Z": the import's moment
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(store.Set("P1", {{"rectified_on", "2021-05-20"}}, "李四").ok());
  const std::string t2 = store.History()->back().at;
  ASSERT_LT(t1, t2);
  // At t1 (to the millisecond) the ledger was as imported; at t2 it has the rectification; before t1, empty.
  EXPECT_EQ(Csv(*store.Problems(t1.substr(0, 23))), imported);
  EXPECT_EQ(Csv(*store.Problems(t2.substr(0, 23))), Csv(*store.Problems()));
  EXPECT_TRUE(store.Problems("2021-01-01")->empty());
  // A whole day: "2100-01-01" is after everything.
  EXPECT_EQ(Csv(*store.Problems("2100-01-01")), Csv(*store.Problems()));
  // An offset: t1 on a Beijing clock (UTC+08:00) reads eight hours later, and names the same moment.
  EXPECT_EQ(Csv(*store.Problems(InBeijing(t1))), imported);
  for (const char* bad : {"yesterday", "2021-13-01", "2021-05-10T25:00", "2021-05-10T08:30:00.5", "2021-05-10X"}) {
    absl::StatusOr<std::vector<Problem>> r = store.Problems(bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST_F(LedgerStoreTest, ReopensWithItsHistoryAndRefusesOtherFiles) {
  {
    LedgerStore store = Open();
    ASSERT_TRUE(store.Import(Read(kLedger), "张三", true).ok());
  }
  LedgerStore again = Open();
  EXPECT_TRUE(again.has_disclosed());
  EXPECT_EQ(again.Problems()->size(), 3u);
  EXPECT_EQ(again.History()->size(), 3u);
  // A text file is not a ledger store.
  const std::string text = (dir_ / "notes.txt").string();
  std::ofstream(text) << "这不是数据库\n";
  absl::StatusOr<LedgerStore> bad = LedgerStore::Open(text);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("notes.txt"));
  // A folder that does not exist.
  EXPECT_FALSE(LedgerStore::Open((dir_ / "no" / "such" / "ledger.db").string()).ok());
}

TEST_F(LedgerStoreTest, EachProblemKeepsWhetherItsDisclosureIsKnown) {
  // P1-P3 come with 是否公开 (1, 1, 0); P4 comes later from a file without the column: unknown, so never
  // not_disclosed; the others keep theirs. Replayed before P4 came, P3 is still the only "no".
  LedgerStore store = Open();
  ASSERT_TRUE(store.Import(Read(kLedger), "张三", true).ok());
  const std::string t1 = store.History()->back().at.substr(0, 23);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string p4 =
      "problem_id,unit,area,kind,source,found_on,class\n"
      "P4,涅阳街道,conduct,no_action,self_inspection,2021-04-22,general\n";
  ASSERT_TRUE(store.Import(Read(p4), "李四", false).ok());
  absl::StatusOr<std::vector<Problem>> now = store.Problems();
  ASSERT_TRUE(now.ok());
  ASSERT_EQ(now->size(), 4u);
  EXPECT_EQ((*now)[0].disclosed, true);
  EXPECT_EQ((*now)[2].disclosed, false);
  EXPECT_EQ((*now)[3].disclosed, std::nullopt);
  absl::StatusOr<std::vector<Problem>> then = store.Problems(t1);
  ASSERT_TRUE(then.ok());
  ASSERT_EQ(then->size(), 3u);
  EXPECT_EQ((*then)[2].disclosed, false);
  // Setting P4's 是否公开 makes it known; clearing it makes it unknown again.
  EXPECT_EQ(*store.Set("P4", {{"disclosed", "是"}}, "王五"), 1);
  EXPECT_EQ((*store.Problems())[3].disclosed, true);
  EXPECT_EQ(*store.Set("P4", {{"是否公开", ""}}, "王五"), 1);
  EXPECT_EQ((*store.Problems())[3].disclosed, std::nullopt);
}

TEST_F(LedgerStoreTest, WithoutTheDisclosedColumnTheLedgerHasNone) {
  std::string text = kLedger;
  // Drop the disclosed column: the header's last name and each row's last cell.
  std::string without;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) without += line.substr(0, line.rfind(',')) + "\n";
  LedgerStore store = Open();
  ASSERT_TRUE(store.Import(Read(without), "张三", false).ok());
  EXPECT_FALSE(store.has_disclosed());
  absl::StatusOr<std::vector<Problem>> problems = store.Problems();
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 3u);
  for (const Problem& p : *problems) EXPECT_EQ(p.disclosed, std::nullopt) << p.problem_id;
}

// A ledger of n problems P1..Pn across the 53 units (all valid).
std::vector<Problem> Many(int n) {
  std::string text =
      "problem_id,unit,area,kind,source,found_on,class,discipline_clue,responsible,due_on,rectified_on,transferred_on,"
      "supervised_on,disposition,disposed_on\n";
  const auto& units = Registry::Builtin().units();
  for (int i = 1; i <= n; ++i) {
    text += "P" + std::to_string(i) + "," + units[static_cast<size_t>(i) % units.size()].name +
            ",conduct,no_action,self_inspection,2021-04-20,general,0,张三,,2021-05-20,,,,\n";
  }
  return Read(text);
}

TEST_F(LedgerStoreTest, AProcessKilledMidImportLeavesTheStoreAsItWas) {
  const std::vector<Problem> first = Many(10);
  const std::vector<Problem> big = Many(100000);
  {
    LedgerStore store = Open();
    ASSERT_TRUE(store.Import(first, "张三", false).ok());
  }
  // A child process imports 100 000 problems and is killed (SIGKILL: no cleanup of any kind) after writing
  // 50 000 of them inside the import's transaction.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    absl::StatusOr<LedgerStore> store = LedgerStore::Open(Path());
    if (!store.ok()) _exit(3);
    store->set_progress([](int64_t done) {
      if (done == 50000) raise(SIGKILL);
    });
    (void)store->Import(big, "李四", false);
    _exit(4);  // not reached: the import is killed half-way
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  // Reopened, the store is whole and as it was before the import: 10 problems and 10 events, none of the 50 000.
  LedgerStore store = Open();
  EXPECT_TRUE(store.Verify().ok()) << store.Verify();
  EXPECT_EQ(store.Problems()->size(), 10u);
  EXPECT_EQ(store.History()->size(), 10u);
  // And the import, run again to the end, is there whole: 100 000 problems (10 already there, unchanged).
  absl::StatusOr<ImportResult> again = store.Import(big, "李四", false);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->added, 99990);
  EXPECT_EQ(again->unchanged, 10);
  EXPECT_EQ(store.Problems()->size(), 100000u);
  EXPECT_TRUE(store.Verify().ok());
}

TEST_F(LedgerStoreTest, VerifyFindsALedgerThatDisagreesWithItsHistory) {
  {
    LedgerStore store = Open();
    ASSERT_TRUE(store.Import(Read(kLedger), "张三", true).ok());
    EXPECT_TRUE(store.Verify().ok());
  }
  // Someone edits the table with another tool, leaving no event.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE problems SET responsible = '无名' WHERE problem_id = 'P2'", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  LedgerStore store = Open();
  absl::Status v = store.Verify();
  EXPECT_EQ(v.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(v.message(), HasSubstr("P2"));
}

TEST_F(LedgerStoreTest, NeverTouchesAnotherProgramsDatabase) {
  const std::string other = (dir_ / "other.db").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE people(name TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  absl::StatusOr<LedgerStore> s = LedgerStore::Open(other);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("not a zhifa ledger store"));
  // Its tables are as they were, only `people`, and it was not switched to WAL (a mode kept in the file).
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT group_concat(name) FROM sqlite_master", -1, &q, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "people");
  sqlite3_finalize(q);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "delete");
  sqlite3_finalize(q);
  sqlite3_close(db);
  // kExisting does not create a file.
  EXPECT_EQ(LedgerStore::Open((dir_ / "absent.db").string(), Registry::Builtin(), LedgerStore::OpenMode::kExisting)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "absent.db"));
}

}  // namespace
}  // namespace zhifa
