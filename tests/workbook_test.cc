#include "zhifa/workbook.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace zhifa {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class Workbook : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("zhifa_workbook_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Files in the folder: a failed write leaves no temporary file behind.
  size_t Files() const { return std::distance(fs::directory_iterator(dir_), fs::directory_iterator()); }
  fs::path dir_;
};

ReportLayout OneSheet(std::string text) {
  ReportLayout layout;
  LayoutSheet s;
  s.name = "总表";
  s.columns = {{"单位", ColumnKind::kText, 0}, {"总分", ColumnKind::kDecimal, 2}};
  s.rows.push_back({LayoutCell::Text(std::move(text)), LayoutCell::Number(92.01)});
  layout.sheets.push_back(std::move(s));
  return layout;
}

TEST_F(Workbook, WritesAZipWithTheSheet) {
  fs::path path = dir_ / "r.xlsx";
  ASSERT_TRUE(WriteWorkbook(OneSheet("涅阳街道"), path.string()).ok());
  std::string bytes = Slurp(path);
  EXPECT_EQ(bytes.substr(0, 2), "PK");  // a zip, as every .xlsx
  EXPECT_THAT(bytes, HasSubstr("xl/worksheets/sheet1.xml"));
  EXPECT_EQ(Files(), 1u);
}

TEST_F(Workbook, AFolderThatCannotHoldItIsAnErrorNamingThePath) {
  fs::path path = dir_ / "missing" / "r.xlsx";
  absl::Status s = WriteWorkbook(OneSheet("涅阳街道"), path.string());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr(path.string()));
  EXPECT_THAT(s.message(), HasSubstr("No such file or directory"));
}

TEST_F(Workbook, ACellExcelCannotHoldLeavesTheOldFileAsItWas) {
  fs::path path = dir_ / "r.xlsx";
  { std::ofstream(path) << "old"; }
  // 32,768 characters: one more than an Excel cell holds.
  absl::Status s = WriteWorkbook(OneSheet(std::string(32768, 'x')), path.string());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("sheet 总表, row 2, column 单位: a text of 32768 characters"));
  EXPECT_EQ(Slurp(path), "old");
  EXPECT_EQ(Files(), 1u);
  // Excel counts UTF-16 units: 16,384 emoji (U+1F600, 4 bytes and 2 units each) are 32,768 of them.
  std::string emoji;
  for (int i = 0; i < 16384; ++i) emoji += "\xF0\x9F\x98\x80";
  s = WriteWorkbook(OneSheet(emoji), path.string());
  EXPECT_THAT(s.message(), HasSubstr("a text of 32768 characters"));
  // 12,000 Chinese characters are 36,000 bytes but 12,000 characters: they fit.
  std::string chinese;
  for (int i = 0; i < 12000; ++i) chinese += "中";
  EXPECT_TRUE(WriteWorkbook(OneSheet(chinese), path.string()).ok());
  EXPECT_EQ(Files(), 1u);
}

TEST_F(Workbook, AFolderIsNotAWorkbook) {
  absl::Status s = WriteWorkbook(OneSheet("涅阳街道"), dir_.string());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("is a folder"));
}

TEST_F(Workbook, TheFileIsMadeAsOpenWouldMakeIt) {
  // 0666 less the umask (here 027: 0640), as every output of the command line.
  const mode_t old = umask(027);
  fs::path path = dir_ / "r.xlsx";
  absl::Status s = WriteWorkbook(OneSheet("涅阳街道"), path.string());
  umask(old);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST_F(Workbook, TheReportOfATableHasItsChart) {
  std::istringstream in(
      "unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
      "missed_penalty,sued,enforcement_cases,judgments,judgments_won\n"
      "涅阳街道,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
      "公安局,2021,100,100,90,0,0,90,0,100,0,0,100,0,0\n");
  ScoredTable table(RuleBook::Builtin(), Registry::Builtin());
  ASSERT_TRUE(ReadCountsCsv(in, Registry::Builtin(), {}, [&](CountsRow&& r) { table.Add(std::move(r)); }).ok());
  ASSERT_TRUE(table.Finish().ok());
  fs::path path = dir_ / "r.xlsx";
  ReportLayout layout = BuildReportLayout(ReportInputFromTable(table, Language::kZh), Language::kZh);
  ASSERT_TRUE(WriteWorkbook(layout, path.string()).ok());
  std::string bytes = Slurp(path);
  EXPECT_THAT(bytes, HasSubstr("xl/charts/chart1.xml"));      // the file names are stored uncompressed in the zip
  EXPECT_THAT(bytes, HasSubstr("xl/worksheets/sheet4.xml"));  // 总表, 乡镇街道, 县政府部门, 说明
}

}  // namespace
}  // namespace zhifa
