// County exports as they really are: each messy file of tests/data/exports (title rows, 序号, 合计/小计 rows,
// GB18030, 300.0, full-width digits, 2021/3/19 and 2021年3月19日 dates, 是/√ booleans, synonyms) reads to exactly
// the records of its clean twin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "zhifa/cases.h"
#include "zhifa/csv.h"

namespace zhifa {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::string Path(const std::string& name) { return std::string(ZHIFA_SOURCE_DIR) + "/tests/data/exports/" + name; }

struct Counted {
  std::vector<CountsRow> rows;
  std::vector<std::string> notes;
};

Counted ReadCounts(const std::string& name) {
  Counted c;
  absl::Status s = ReadCountsCsvFile(
      Path(name), Registry::Builtin(), {}, [&](CountsRow&& r) { c.rows.push_back(std::move(r)); },
      [&](const std::string& n) { c.notes.push_back(n); });
  EXPECT_TRUE(s.ok()) << s;
  return c;
}

TEST(Exports, CountsFromExcelEqualTheirCleanTwin) {
  Counted messy = ReadCounts("counts-excel-gb18030.csv");
  Counted clean = ReadCounts("counts-clean.csv");
  ASSERT_EQ(messy.rows.size(), 4u);  // the title, empty and 合计 rows are not data
  ASSERT_EQ(messy.rows.size(), clean.rows.size());
  for (size_t i = 0; i < clean.rows.size(); ++i) {
    ASSERT_TRUE(messy.rows[i].ok()) << FormatRowError("messy", messy.rows[i].row, messy.rows[i].errors[0]);
    EXPECT_EQ(messy.rows[i].unit, clean.rows[i].unit);
    EXPECT_EQ(messy.rows[i].period, clean.rows[i].period);
    EXPECT_EQ(messy.rows[i].counts, clean.rows[i].counts);
  }
  // Lines as a spreadsheet shows them: title 1, empty 2, header 3, data 4-7.
  EXPECT_EQ(messy.rows[0].row, 4);
  EXPECT_THAT(messy.notes, Contains(HasSubstr("reading it as GB18030")));
  EXPECT_THAT(messy.notes, Contains(HasSubstr("the header is line 3")));
  EXPECT_THAT(messy.notes, Contains(HasSubstr("line 9 (合计/小计 totals) skipped")));
  for (const std::string& n : messy.notes) EXPECT_THAT(n, ::testing::Not(HasSubstr("does not match")));
}

struct Cased {
  std::vector<CaseRecord> cases;
  std::vector<std::string> notes;
};

Cased ReadCases(const std::string& name) {
  Cased c;
  absl::Status s = ReadCasesCsvFile(
      Path(name), Registry::Builtin(), {}, [&](CaseRecord&& r) { c.cases.push_back(std::move(r)); },
      [&](const std::string& n) { c.notes.push_back(n); });
  EXPECT_TRUE(s.ok()) << s;
  return c;
}

TEST(Exports, CasesFromWpsEqualTheirCleanTwin) {
  Cased messy = ReadCases("cases-wps-utf8bom.csv");
  Cased clean = ReadCases("cases-clean.csv");
  ASSERT_EQ(messy.cases.size(), 4u);
  ASSERT_EQ(messy.cases.size(), clean.cases.size());
  for (size_t i = 0; i < clean.cases.size(); ++i) {
    const CaseRecord& m = messy.cases[i];
    const CaseRecord& c = clean.cases[i];
    ASSERT_TRUE(m.ok()) << FormatRowError("messy", m.row, m.errors[0]);
    EXPECT_EQ(m.case_id, c.case_id);
    EXPECT_EQ(m.unit, c.unit);
    for (auto field : {&CaseRecord::filed_on, &CaseRecord::decided_on, &CaseRecord::closed_on, &CaseRecord::executed_on,
                       &CaseRecord::legal_review_on, &CaseRecord::filed_for_record_on}) {
      EXPECT_EQ(m.*field, c.*field) << m.case_id;
    }
    EXPECT_EQ(m.outcome, c.outcome);
    EXPECT_EQ(m.party_type, c.party_type);
    EXPECT_EQ(m.needs_criminal_transfer, c.needs_criminal_transfer);
    EXPECT_EQ(m.entered_platform, c.entered_platform);
    EXPECT_EQ(m.fine_yuan, c.fine_yuan);
  }
  EXPECT_EQ(*messy.cases[1].fine_yuan, 50000);  // "50,000.00"
  EXPECT_THAT(messy.notes, Contains(HasSubstr("1 empty row skipped")));
  EXPECT_THAT(messy.notes, Contains(HasSubstr("lines 6, 9 (合计/小计 totals) skipped")));
}

TEST(Exports, QuotaExportEqualsItsCleanTwin) {
  std::ifstream a(Path("quota-export-gb18030.csv"), std::ios::binary), b(Path("quota-clean.csv"), std::ios::binary);
  absl::StatusOr<QuotaSource> messy = QuotaSource::FromCsv(a, Registry::Builtin(), {.source = "messy"});
  absl::StatusOr<QuotaSource> clean = QuotaSource::FromCsv(b, Registry::Builtin(), {.source = "clean"});
  ASSERT_TRUE(messy.ok()) << messy.status();
  ASSERT_TRUE(clean.ok()) << clean.status();
  const Unit& nieyang = **Registry::Builtin().Resolve("涅阳街道");
  const Unit& luyi = **Registry::Builtin().Resolve("卢医镇");
  EXPECT_EQ(messy->Find(nieyang, Period::Year(2021)), 800);
  EXPECT_EQ(messy->Find(nieyang, Period::Year(2021)), clean->Find(nieyang, Period::Year(2021)));
  EXPECT_EQ(messy->Neighbour(luyi, 2021), 90);
  EXPECT_EQ(messy->Neighbour(luyi, 2021), clean->Neighbour(luyi, 2021));
}

}  // namespace
}  // namespace zhifa
