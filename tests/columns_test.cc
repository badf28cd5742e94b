// Every table reader reads a table held as columns (a pandas DataFrame: ColumnarTable, csv.h) exactly as it reads
// the same table written as CSV: the same records, bad rows, line numbers, messages and notes. The tables are the
// synthetic examples (a title row above the header, Chinese headers, 2021/4/20 dates), with bad rows appended.
// What is compared is what a user sees: each record's errors, and the findings the checks make of the good ones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lib/csv_reader.h"
#include "lib/strings.h"
#include "zhifa/cases.h"
#include "zhifa/joint.h"
#include "zhifa/ledger.h"
#include "zhifa/organization.h"
#include "zhifa/people.h"

namespace zhifa {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

std::string FileText(const std::string& name) {
  std::ifstream in(std::string(ZHIFA_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A CSV as a ColumnarTable, the way the Python layer passes a DataFrame: the first record the headers (for a file
// with a title row, the title; the reader finds the header among the rows, as in the CSV), every column by codes
// into its distinct texts, an empty cell as code -1.
struct Columns : internal::CsvHandler {
  absl::Status Record(std::vector<std::string>& fields) override {
    records.push_back(fields);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> records;
  std::vector<std::vector<int64_t>> codes;
  ColumnarTable table;
};
std::unique_ptr<Columns> ColumnsOf(const std::string& csv) {
  auto c = std::make_unique<Columns>();
  std::istringstream in(csv);
  EXPECT_TRUE(internal::ReadCsv(in, {}, nullptr, *c).ok());
  size_t width = 0;
  for (const auto& r : c->records) width = std::max(width, r.size());
  c->table.rows = c->records.size() - 1;
  c->codes.resize(width);
  for (size_t j = 0; j < width; ++j) {
    ColumnarTable::Column col{.header = j < c->records[0].size() ? c->records[0][j] : ""};
    for (size_t i = 1; i < c->records.size(); ++i) {
      const std::string cell = j < c->records[i].size() ? c->records[i][j] : "";
      auto at = std::find(col.values.begin(), col.values.end(), cell);
      if (at == col.values.end()) at = col.values.insert(at, cell);
      c->codes[j].push_back(cell.empty() ? -1 : at - col.values.begin());
    }
    c->table.columns.push_back(std::move(col));
  }
  for (size_t j = 0; j < width; ++j) c->table.columns[j].codes = c->codes[j];
  return c;
}

// What a reader gave: each record's errors (line, column, message, value) and the notes.
struct Read {
  std::vector<std::string> errors, notes;
  bool operator==(const Read&) const = default;
};
template <typename T>
void AddErrors(const T& record, Read& read) {
  for (const RowError& e : record.errors) {
    read.errors.push_back(internal::Cat(record.row, " ", e.column, ": ", e.message, " [", e.value, "]"));
  }
}
std::vector<std::string> Lines(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(internal::Cat(f.row, " ", f.id, " ", f.rule, " ", f.message));
  return out;
}

TEST(Columns, TheLedgerAndItsSubmissionsAsTheirCsv) {
  // The example ledger with a column no ledger has (a note names it), then a problem of an unknown unit, one with
  // a date that does not exist, and a totals row.
  std::string example = FileText("ledger.csv");
  example.replace(example.find("是否公开\n"), 13, "是否公开,备注\n");
  const std::string ledger =
      example + "示例-98,火星局,执法不规范,发现问题不处理,自查,2021/4/20,一般性,否,,,,,,,,\n" +
      "示例-99,涅阳街道,执法不规范,发现问题不处理,自查,2021/2/30,一般性,否,,,,,,,,\n合计,,,,,,,,,,,,,,,\n";
  const std::string submissions = FileText("submissions.csv") + "火星局,自查自纠及整改情况,2021/4/23\n";
  struct Ledger {
    Read read;
    std::vector<std::string> findings;
    std::string canonical;  // the good problems as WriteLedgerCsv writes them
  };
  auto check = [](const std::vector<Problem>& problems, const std::vector<Submission>& subs, Ledger& out) {
    std::ostringstream csv;
    WriteLedgerCsv(csv, problems);
    out.canonical = csv.str();
    absl::StatusOr<LedgerCheck> c = CheckLedger(problems, subs, Date(2021, 7, 1), LedgerSettings::Builtin());
    ASSERT_TRUE(c.ok()) << c.status();
    out.findings = Lines(c->findings);
  };
  Ledger by_csv, by_columns;
  {
    std::vector<Problem> problems;
    std::vector<Submission> subs;
    std::istringstream in(ledger), sin(submissions);
    const auto note = [&](const std::string& n) { by_csv.read.notes.push_back(n); };
    ASSERT_TRUE(ReadLedgerCsv(
                    in, Registry::Builtin(), {.source = "l"},
                    [&](Problem&& p) { p.ok() ? problems.push_back(std::move(p)) : AddErrors(p, by_csv.read); }, note)
                    .ok());
    ASSERT_TRUE(ReadSubmissionsCsv(
                    sin, Registry::Builtin(), Plan::Builtin(), {.source = "s"},
                    [&](Submission&& s) { s.ok() ? subs.push_back(std::move(s)) : AddErrors(s, by_csv.read); }, note)
                    .ok());
    check(problems, subs, by_csv);
  }
  {
    std::vector<Problem> problems;
    std::vector<Submission> subs;
    const auto note = [&](const std::string& n) { by_columns.read.notes.push_back(n); };
    std::unique_ptr<Columns> l = ColumnsOf(ledger), s = ColumnsOf(submissions);
    ASSERT_TRUE(ReadLedgerColumns(
                    l->table, Registry::Builtin(), "l",
                    [&](Problem&& p) { p.ok() ? problems.push_back(std::move(p)) : AddErrors(p, by_columns.read); },
                    note)
                    .ok());
    ASSERT_TRUE(ReadSubmissionsColumns(
                    s->table, Registry::Builtin(), Plan::Builtin(), "s",
                    [&](Submission&& x) { x.ok() ? subs.push_back(std::move(x)) : AddErrors(x, by_columns.read); },
                    note)
                    .ok());
    check(problems, subs, by_columns);
  }
  EXPECT_EQ(by_columns.read, by_csv.read);
  EXPECT_EQ(by_columns.findings, by_csv.findings);
  EXPECT_EQ(by_columns.canonical, by_csv.canonical);
  // Both bad problems and the bad submission are errors; the totals row is a note.
  EXPECT_EQ(by_csv.read.errors.size(), 3u);
  EXPECT_THAT(by_csv.read.notes, Not(IsEmpty()));
  EXPECT_THAT(by_csv.findings, Not(IsEmpty()));
}

TEST(Columns, TheOfficerRegisterAndItsCasesAsTheirCsv) {
  const std::string officers = FileText("officers.csv") + "O98,某甲,火星局,执法岗,,,,,,,,,,,\n";
  const std::string cases = FileText("officer-cases.csv");
  struct People {
    Read read;
    std::vector<std::string> findings;
    bool has_discipline = false;
  };
  auto check = [](const std::vector<Officer>& officers, const std::vector<CaseRecord>& cases, People& out) {
    OfficerRegister reg(officers);
    absl::StatusOr<PeopleCheck> c = CheckOfficers(reg, Date(2021, 5, 10), PeopleSettings::Builtin());
    ASSERT_TRUE(c.ok()) << c.status();
    out.findings = Lines(c->findings);
    for (const CaseRecord& r : cases) {
      CheckCaseOfficers(r, reg, Registry::Builtin(), [&](Finding&& f) { out.findings.push_back(Lines({f})[0]); });
    }
  };
  People by_csv, by_columns;
  {
    std::vector<Officer> officer_rows;
    std::vector<CaseRecord> case_rows;
    std::istringstream in(officers), cin(cases);
    ASSERT_TRUE(ReadOfficersCsv(
                    in, Registry::Builtin(), {.source = "o"},
                    [&](Officer&& o) {
                      AddErrors(o, by_csv.read);
                      officer_rows.push_back(std::move(o));
                    },
                    [&](const std::string& n) { by_csv.read.notes.push_back(n); }, &by_csv.has_discipline)
                    .ok());
    ASSERT_TRUE(ReadCasesCsv(cin, Registry::Builtin(), {.source = "c"}, [&](CaseRecord&& c) {
                  c.ok() ? case_rows.push_back(std::move(c)) : AddErrors(c, by_csv.read);
                }).ok());
    check(officer_rows, case_rows, by_csv);
  }
  {
    std::vector<Officer> officer_rows;
    std::vector<CaseRecord> case_rows;
    std::unique_ptr<Columns> o = ColumnsOf(officers), c = ColumnsOf(cases);
    ASSERT_TRUE(ReadOfficersColumns(
                    o->table, Registry::Builtin(), "o",
                    [&](Officer&& x) {
                      AddErrors(x, by_columns.read);
                      officer_rows.push_back(std::move(x));
                    },
                    [&](const std::string& n) { by_columns.read.notes.push_back(n); }, &by_columns.has_discipline)
                    .ok());
    ASSERT_TRUE(ReadCasesColumns(c->table, Registry::Builtin(), "c", [&](CaseRecord&& x) {
                  x.ok() ? case_rows.push_back(std::move(x)) : AddErrors(x, by_columns.read);
                }).ok());
    check(officer_rows, case_rows, by_columns);
  }
  EXPECT_EQ(by_columns.read, by_csv.read);
  EXPECT_EQ(by_columns.findings, by_csv.findings);
  EXPECT_EQ(by_columns.has_discipline, by_csv.has_discipline);
  EXPECT_EQ(by_csv.read.errors.size(), 1u);  // the officer of an unknown unit
  EXPECT_THAT(by_csv.findings, Not(IsEmpty()));
}

TEST(Columns, TheTownshipsAndJointEnforcementAsTheirCsv) {
  // The checklist with one township filled in and one unknown; joint requests (with a column no request table has:
  // a note names it), responses and distances as organization_test's, with a bad request and a bad response.
  const std::string header =
      "乡镇,中队长,中队长职级,副队长人数,统一服装,办公室,询问室,档案室,电脑,打印机,档案柜,执法记录仪,协调中心,"
      "协调中心主任职级,中队长兼任副主任,司法所长兼任副主任,联络员人数,网格层级\n";
  const std::string townships =
      header + "玉都街道,李某,副股级,1,是,有,有,有,3,1,2,3,是,正科,是,是,0,3\n" + "火星镇,,,,,,,,,,,,,,,,,\n";
  const std::string requests =
      "request_id,initiator,requested,legal_basis,filed_on,lead,action_on,target,staff,channel,reported_on,备注\n"
      "J4,卢医镇,曲屯镇|涅阳街道,,,环境保护法,2021-06-10,某厂,3人,,,\n"
      "J5,火星局,公安局,,,,,,,,,\n";
  const std::string responses = "request_id,unit,answered_on,cooperated\nJ4,曲屯镇,2021-06-09,是\nJ4,火星局,,\n";
  const std::string distances = "from,to,km\n卢医镇,曲屯镇,5\n卢医镇,侯集镇,8\n涅阳街道,卢医镇,20\n";
  struct Organization {
    Read read;
    std::vector<std::string> findings;
  };
  Organization by_csv, by_columns;
  {
    std::vector<TownshipChecklist> t;
    std::vector<JointRequest> rq;
    std::vector<JointResponse> rs;
    std::istringstream tin(townships), qin(requests), sin(responses), din(distances);
    const auto note = [&](const std::string& n) { by_csv.read.notes.push_back(n); };
    ASSERT_TRUE(ReadTownshipsCsv(
                    tin, Registry::Builtin(), {.source = "t"},
                    [&](TownshipChecklist&& x) {
                      AddErrors(x, by_csv.read);
                      t.push_back(std::move(x));
                    },
                    note)
                    .ok());
    ASSERT_TRUE(ReadJointRequestsCsv(
                    qin, Registry::Builtin(), {.source = "q"},
                    [&](JointRequest&& x) {
                      AddErrors(x, by_csv.read);
                      rq.push_back(std::move(x));
                    },
                    note)
                    .ok());
    ASSERT_TRUE(ReadJointResponsesCsv(
                    sin, Registry::Builtin(), {.source = "r"},
                    [&](JointResponse&& x) {
                      AddErrors(x, by_csv.read);
                      rs.push_back(std::move(x));
                    },
                    note)
                    .ok());
    absl::StatusOr<DistanceTable> d = DistanceTable::FromCsv(din, Registry::Builtin(), {.source = "d"});
    ASSERT_TRUE(d.ok()) << d.status();
    by_csv.findings = Lines(CheckTownships(t));
    for (const std::string& f : Lines(CheckJoint(rq, rs, &*d))) by_csv.findings.push_back(f);
  }
  {
    std::vector<TownshipChecklist> t;
    std::vector<JointRequest> rq;
    std::vector<JointResponse> rs;
    std::unique_ptr<Columns> tc = ColumnsOf(townships), qc = ColumnsOf(requests), sc = ColumnsOf(responses),
                             dc = ColumnsOf(distances);
    const auto note = [&](const std::string& n) { by_columns.read.notes.push_back(n); };
    ASSERT_TRUE(ReadTownshipsColumns(
                    tc->table, Registry::Builtin(), "t",
                    [&](TownshipChecklist&& x) {
                      AddErrors(x, by_columns.read);
                      t.push_back(std::move(x));
                    },
                    note)
                    .ok());
    ASSERT_TRUE(ReadJointRequestsColumns(
                    qc->table, Registry::Builtin(), "q",
                    [&](JointRequest&& x) {
                      AddErrors(x, by_columns.read);
                      rq.push_back(std::move(x));
                    },
                    note)
                    .ok());
    ASSERT_TRUE(ReadJointResponsesColumns(
                    sc->table, Registry::Builtin(), "r",
                    [&](JointResponse&& x) {
                      AddErrors(x, by_columns.read);
                      rs.push_back(std::move(x));
                    },
                    note)
                    .ok());
    absl::StatusOr<DistanceTable> d = DistanceTable::FromColumns(dc->table, Registry::Builtin(), "d");
    ASSERT_TRUE(d.ok()) << d.status();
    by_columns.findings = Lines(CheckTownships(t));
    for (const std::string& f : Lines(CheckJoint(rq, rs, &*d))) by_columns.findings.push_back(f);
  }
  EXPECT_EQ(by_columns.read, by_csv.read);
  EXPECT_EQ(by_columns.findings, by_csv.findings);
  EXPECT_THAT(by_csv.read.errors, Not(IsEmpty()));
  EXPECT_THAT(by_csv.read.notes, Not(IsEmpty()));
  // A distance that is not a number fails the table, the same way from either.
  std::istringstream bad("from,to,km\n涅阳街道,玉都街道,三公里\n");
  std::unique_ptr<Columns> bad_columns = ColumnsOf("from,to,km\n涅阳街道,玉都街道,三公里\n");
  EXPECT_EQ(DistanceTable::FromColumns(bad_columns->table, Registry::Builtin(), "d").status(),
            DistanceTable::FromCsv(bad, Registry::Builtin(), {.source = "d"}).status());
}

}  // namespace
}  // namespace zhifa
