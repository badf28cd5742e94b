// The people rules (三(一) 队伍管理, SPEC §5.1) on the synthetic example register (examples/officers.csv) and its
// cases (examples/officer-cases.csv), at as-of dates either side of the townships' training deadline (04-30) and
// of certificates' expiry. Each expected finding is worked out from the plan's text in a comment.
#include "zhifa/people.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "lib/text_table.h"

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<Officer> Example() {
  std::vector<Officer> out;
  absl::Status s = ReadOfficersCsvFile(std::string(ZHIFA_SOURCE_DIR) + "/examples/officers.csv", Registry::Builtin(),
                                       {}, [&](Officer&& o) {
                                         EXPECT_TRUE(o.ok()) << o.officer_id << ": " << o.errors[0].message;
                                         out.push_back(std::move(o));
                                       });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

std::vector<CaseRecord> ExampleCases() {
  std::vector<CaseRecord> out;
  absl::Status s = ReadCasesCsvFile(std::string(ZHIFA_SOURCE_DIR) + "/examples/officer-cases.csv", Registry::Builtin(),
                                    {}, [&](CaseRecord&& c) {
                                      EXPECT_TRUE(c.ok()) << c.case_id << ": " << c.errors[0].message;
                                      out.push_back(std::move(c));
                                    });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

// "rule officer_id" of every finding, as a multiset in order.
std::vector<std::string> Rules(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.rule + " " + f.id);
  return out;
}

PeopleCheck Check(const std::vector<Officer>& officers, Date d, const PeopleSettings& s = PeopleSettings::Builtin()) {
  OfficerRegister reg(officers);
  absl::StatusOr<PeopleCheck> c = CheckOfficers(reg, d, s);
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}

TEST(People, OnTheTownshipsDeadline) {
  // 2021-04-30, the last day of the townships' rotation (4月底前完成乡镇(街道)人员轮训): nobody is late yet.
  // O03 (legal review): no 结业证. O05: certificate withheld, no 结业证 (the exam failed). O06: no 结业证; exam failed
  // while the certificate is valid (不合格人员暂扣执法证件). O07: no certificate, no 结业证. O08, O09, O12, O13, O14:
  // their 结业证 are dated in May, not yet held. O11: certificate revoked, 结业证 dated 05-12. 14 findings.
  const PeopleCheck c = Check(Example(), Date(2021, 4, 30));
  EXPECT_THAT(Rules(c.findings),
              ElementsAre("no_training_certificate O03", "no_certificate O05", "no_training_certificate O05",
                          "no_training_certificate O06", "exam_failed_certificate O06", "no_certificate O07",
                          "no_training_certificate O07", "no_training_certificate O08", "no_training_certificate O09",
                          "no_certificate O11", "no_training_certificate O11", "no_training_certificate O12",
                          "no_training_certificate O13", "no_training_certificate O14"));
}

TEST(People, TheDayAfterTheTownshipsDeadline) {
  // 05-01: O03 and O07, township officers with no rotation done, are late; the county officers never are (the
  // plan gives their rotation a start, 5月开始, not an end). 14 + 2 = 16.
  const PeopleCheck c = Check(Example(), Date(2021, 5, 1));
  EXPECT_EQ(c.findings.size(), 16u);
  std::vector<std::string> late;
  for (const Finding& f : c.findings) {
    if (f.rule == "training_late") late.push_back(f.id + " " + f.message);
  }
  EXPECT_THAT(late, ElementsAre("O03 张三（法制审核岗）截至 2021-05-01 未完成轮训（应于 2021-04-30 前完成）",
                                "O07 李三（执法岗）截至 2021-05-01 未完成轮训（应于 2021-04-30 前完成）"));
}

TEST(People, ARotationDoneLateAndShort) {
  // 05-10: O03 did the rotation on 05-06 — after 04-30 (training_late) and in 3 days with 1 of military
  // training, short of 4 and 2 (public_law_days). 17 findings: 16 of 05-01, less nothing, plus public_law_days.
  const PeopleCheck c = Check(Example(), Date(2021, 5, 10));
  EXPECT_EQ(c.findings.size(), 17u);
  const Finding* late = nullptr;
  const Finding* days = nullptr;
  for (const Finding& f : c.findings) {
    if (f.id == "O03" && f.rule == "training_late") late = &f;
    if (f.id == "O03" && f.rule == "public_law_days") days = &f;
  }
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->message, "张三（法制审核岗）于 2021-05-06 完成轮训，晚于 2021-04-30");
  ASSERT_NE(days, nullptr);
  EXPECT_EQ(days->clause, "3.1.2(2)");
  EXPECT_EQ(days->message_en,
            "O03 (legal_review) the public-law training took 3 days (1 of military training); it "
            "needs 4 (2)");
}

TEST(People, CertificatesExpire) {
  // O09's certificate runs to 05-31, O02's to 06-30 (有效期至: valid through that day).
  auto no_certificate = [](Date d) {
    std::vector<std::string> ids;
    for (const Finding& f : Check(Example(), d).findings) {
      if (f.rule == "no_certificate") ids.push_back(f.id);
    }
    return ids;
  };
  EXPECT_THAT(no_certificate(Date(2021, 5, 31)), ElementsAre("O05", "O07", "O11"));
  EXPECT_THAT(no_certificate(Date(2021, 6, 1)), ElementsAre("O05", "O07", "O09", "O11"));
  EXPECT_THAT(no_certificate(Date(2021, 6, 30)), ElementsAre("O05", "O07", "O09", "O11"));
  EXPECT_THAT(no_certificate(Date(2021, 7, 1)), ElementsAre("O02", "O05", "O07", "O09", "O11"));
  const std::vector<Officer> o = Example();
  std::vector<Condition> expired = EligibilityOn(o[1], Date(2021, 7, 1));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].message, "执法证 ZF002 已于 2021-06-30 过期");
  // Eligibility names every condition that fails: O07 has neither certificate; O10 is auxiliary staff.
  std::vector<std::string> rules;
  for (const Condition& c : EligibilityOn(o[6], Date(2021, 7, 1))) rules.push_back(c.rule);
  EXPECT_THAT(rules, ElementsAre("no_certificate", "no_training_certificate"));
  EXPECT_EQ(EligibilityOn(o[9], Date(2021, 7, 1))[0].rule, "auxiliary");
  EXPECT_THAT(EligibilityOn(o[0], Date(2021, 7, 1)), IsEmpty());
  // A record made in memory with a valid certificate but no expiry date (ValidateOfficer would refuse it) is not
  // certified, and says why.
  Officer memory = o[0];
  memory.certificate_expires_on.reset();
  EXPECT_EQ(EligibilityOn(memory, Date(2021, 7, 1))[0].message, "执法证 ZF001 无有效期");
}

TEST(People, ProfessionalHoursAreDueAtTheYearsEnd) {
  // 原则上每人不少于30课时, a calendar year's hours: on 2021-12-31 not yet a finding, on 2022-01-01 O03 (20 hours)
  // and O07 (none recorded: 0) are short.
  auto hours = [](Date d) {
    std::vector<std::string> ids;
    for (const Finding& f : Check(Example(), d).findings) {
      if (f.rule == "professional_hours") ids.push_back(f.id);
    }
    return ids;
  };
  EXPECT_THAT(hours(Date(2021, 12, 31)), IsEmpty());
  EXPECT_THAT(hours(Date(2022, 1, 1)), ElementsAre("O03", "O07"));
}

TEST(People, UnitFigures) {
  const PeopleCheck c = Check(Example(), Date(2021, 5, 10));
  std::map<std::string, const UnitPeople*> by;
  for (const UnitPeople& u : c.units) by[u.unit->name] = &u;
  // 涅阳街道: O01, O02 enforcement, O03 legal review, O04 auxiliary; all three certified; trained by the
  // 04-30 deadline: O01 (04-20) and O02 (04-22) — O03 on 05-06 is late; grades 优 O01, 良 O02 O03 O04; O03 has
  // the 法律职业资格; financed posts 10% of its 2 enforcement posts = 0.2, half up 0; findings: O03's three.
  const UnitPeople& n = *by["涅阳街道"];
  EXPECT_EQ(n.enforcement, 2);
  EXPECT_EQ(n.legal_review, 1);
  EXPECT_EQ(n.auxiliary, 1);
  EXPECT_EQ(n.certified, 3);
  EXPECT_EQ(n.must_train, 3);
  EXPECT_EQ(n.trained_by_deadline, 2);
  EXPECT_EQ(n.deadline, Date(2021, 4, 30));
  EXPECT_EQ(n.excellent, 1);
  EXPECT_EQ(n.good, 3);
  EXPECT_EQ(n.legal_qualification, 1);
  EXPECT_EQ(n.financed_posts, 0);
  EXPECT_EQ(n.findings, 3);
  // 公安局: O11 (of its sub-unit 交警大队, revoked) and O12: 2 on enforcement posts, 1 certified.
  EXPECT_EQ(by["公安局"]->enforcement, 2);
  EXPECT_EQ(by["公安局"]->certified, 1);
  // 市场监管局 (county, no deadline): trained by the as-of date 05-10 — nobody (O08 05-20, O09 05-18).
  EXPECT_EQ(by["市场监管局"]->deadline, std::nullopt);
  EXPECT_EQ(by["市场监管局"]->trained_by_deadline, 0);
  EXPECT_EQ(c.overall.enforcement + c.overall.legal_review + c.overall.auxiliary, 15);
  // Financed posts (10% of the unit's enforcement headcount, 执法岗): with share 25%, 涅阳街道's 2 enforcement
  // posts give 0.5 — half up 1, floor 0, ceiling 1.
  for (auto [rounding, want] : {std::pair{"half_up", 1}, std::pair{"floor", 0}, std::pair{"ceiling", 1}}) {
    absl::StatusOr<PeopleSettings> s =
        PeopleSettings::FromText(std::string("[financed]\nshare_percent = 25\nrounding = \"") + rounding + "\"\n");
    ASSERT_TRUE(s.ok()) << s.status();
    for (const UnitPeople& u : Check(Example(), Date(2021, 5, 10), *s).units) {
      if (u.unit->name == "涅阳街道") EXPECT_EQ(u.financed_posts, want) << rounding;
    }
  }
  // The table fits 100 columns in both languages.
  for (Language language : {Language::kZh, Language::kEn}) {
    std::ostringstream out;
    WritePeopleUnits(out, c, FindingsFormat::kTable, language);
    std::istringstream lines(out.str());
    for (std::string line; std::getline(lines, line);) EXPECT_LE(internal::DisplayWidth(line), 100) << line;
  }
  std::ostringstream csv;
  WritePeopleUnits(csv, c, FindingsFormat::kCsv);
  // 2 of 3 trained: 66.67%; 3 of 3 certified: 100.00%.
  EXPECT_THAT(csv.str(), HasSubstr("\nnieyang,涅阳街道,2,1,1,3,100.00,3,2,66.67,2021-04-30,1,3,0,0,1,0,3\n"));
}

TEST(People, CasesAgainstTheRegisterOnTheirFilingDay) {
  const std::vector<Officer> officers = Example();
  const std::vector<CaseRecord> cases = ExampleCases();
  OfficerRegister reg(officers);
  const std::vector<Finding> f = CheckCaseOfficers(cases, reg);
  // C1 (05-03): O01 and O02 certified, O03 decides and reviews: fine. C2 (07-05): O02's certificate expired on
  // 06-30 — one certified investigator (两人以上) and 无证执法. C3 (05-06): O05's certificate withheld, O06's valid:
  // one; O07 decides without a certificate. C4: O10 is auxiliary staff investigating, so one certified. C5: O99
  // is not in the register. C6 fine. C7 (06-01): O11's certificate revoked. C8 records no officers: not checked.
  EXPECT_THAT(Rules(f),
              ElementsAre("two_officers C2", "uncertified_enforcement C2", "two_officers C3",
                          "uncertified_enforcement C3", "uncertified_enforcement C3", "two_officers C4",
                          "auxiliary_role C4", "unknown_officer C5", "two_officers C7", "uncertified_enforcement C7"));
  EXPECT_EQ(f[0].message, "案件 C2：调查人员中持有效执法证的仅 1 人，应两人以上");
  EXPECT_EQ(f[4].message, "案件 C3：决定人 O07 在立案之日无有效执法证（无证执法）");
  EXPECT_EQ(f[6].message_en, "case C4: auxiliary staff O10 acted as investigator, which auxiliary staff may not do");
  EXPECT_EQ(f[7].message, "案件 C5：审核人 O99 不在执法人员名册中");
  EXPECT_EQ(f[8].unit, "公安局");
  // The columnar path gives the same rules, case by case.
  std::vector<int32_t> filed;
  std::vector<uint32_t> offsets[3] = {{0}, {0}, {0}};
  std::vector<int32_t> index[3];
  for (const CaseRecord& c : cases) {
    filed.push_back(static_cast<int32_t>(c.filed_on->day_number()));
    const std::vector<std::string>* lists[3] = {&c.investigators, &c.decided_by, &c.reviewed_by};
    for (int r = 0; r < 3; ++r) {
      for (const std::string& id : *lists[r]) index[r].push_back(reg.Find(id));
      offsets[r].push_back(static_cast<uint32_t>(index[r].size()));
    }
  }
  std::vector<std::string> columnar;
  absl::StatusOr<int64_t> n = CheckCaseOfficerColumns(
      {filed, offsets[0], offsets[1], offsets[2], index[0], index[1], index[2]}, reg,
      [&](Finding&& x) { columnar.push_back(x.rule + " " + cases[static_cast<size_t>(x.row)].case_id); });
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 10);
  EXPECT_EQ(columnar, Rules(f));
  // A case without a filing day is refused, not taken as filed before every expiry.
  std::vector<int32_t> undated = filed;
  undated[1] = kNoDay;
  EXPECT_FALSE(CheckCaseOfficerColumns({undated, offsets[0], offsets[1], offsets[2], index[0], index[1], index[2]}, reg,
                                       [](Finding&&) {})
                   .ok());
  // Columns that do not fit are refused, not read past their end.
  offsets[0].pop_back();
  EXPECT_FALSE(CheckCaseOfficerColumns({filed, offsets[0], offsets[1], offsets[2], index[0], index[1], index[2]}, reg,
                                       [](Finding&&) {})
                   .ok());
}

TEST(People, TrainingRanking) {
  // As of 06-01. 涅阳街道: O01, O02, O03 — rotation done with 4 days by O01 and O02 (O03 had 3): 2; military
  // days met: 2; exams passed: 3. Without a discipline column the weights used are completion 40, military 20,
  // exam 20 (of 80), the exam share being the pass rate of those examined (3 of 3): 100 × (40×2/3 + 20×2/3 +
  // 20×3/3) ÷ 80 = 75.00. 卢医镇: O05, O06 done, O07 not: 2 of 3; military 2 of 3; passed 0 of the 2 examined (O07
  // has no result): 100 × (40×2/3 + 20×2/3 + 0) ÷ 80 = 50.00. 公安局, 城市管理局,
  // 市场监管局: every officer done, military met, passed: 100.00 — one rank shared, in registry order.
  const std::vector<Officer> officers = Example();
  OfficerRegister reg(officers);
  TrainingRanking r = RankTraining(reg, Date(2021, 6, 1), PeopleSettings::Builtin(), /*discipline_known=*/false);
  std::vector<std::string> got;
  for (const TrainingRank& u : r.units) got.push_back(std::to_string(u.rank) + " " + u.unit->name + " " + u.score);
  EXPECT_THAT(got, ElementsAre("1 公安局 100.00", "1 城市管理局 100.00", "1 市场监管局 100.00", "4 涅阳街道 75.00",
                               "5 卢医镇 50.00"));
  // With a discipline column: two violations by O01 make 涅阳街道's discipline 2 of 3; weights 40/20/20/20 of
  // 100: 100 × (80 + 40 + 20×2 + 60) ÷ (3 × 100) = 22000 ÷ 300 = 73.33 (73.333…, half up).
  std::vector<Officer> with = officers;
  for (Officer& o : with) o.discipline_violations = 0;
  with[0].discipline_violations = 2;
  OfficerRegister reg2(with);
  TrainingRanking r2 = RankTraining(reg2, Date(2021, 6, 1), PeopleSettings::Builtin(), /*discipline_known=*/true);
  for (const TrainingRank& u : r2.units) {
    if (u.unit->name == "涅阳街道") EXPECT_EQ(u.score, "73.33");
  }
}

TEST(People, BadRowsNameLineColumnAndValue) {
  std::istringstream in(
      "officer_id,unit,post,certificate_no,certificate_state,certificate_expires_on,public_law_days,military_days,"
      "grade,professional_hours\n"
      "A1,涅阳街道,巡逻岗,,,,,,,\n"
      "A2,涅阳街道,enforcement,ZF1,有效,,,,,\n"
      "A3,涅阳街道,enforcement,,,,3,4,,\n"
      "A4,涅阳街道,enforcement,,,,,,甲,\n"
      "A5,涅阳街道,enforcement,,,,,,,-5\n"
      "A4,涅阳街道,enforcement,,,,,,,\n"
      "A7,涅阳街道,enforcement,ZF7,暂扣,2030/13/1,,,,\n");
  std::vector<std::string> errors;
  ASSERT_TRUE(ReadOfficersCsv(in, Registry::Builtin(), {.source = "o.csv"}, [&](Officer&& o) {
                for (const RowError& e : o.errors) {
                  errors.push_back(std::to_string(o.row) + " " + e.column + " [" + e.value + "] " + e.message);
                }
              }).ok());
  EXPECT_THAT(errors,
              ElementsAre(HasSubstr("2 post [巡逻岗] \"巡逻岗\" is not a post"),
                          HasSubstr("3 certificate_expires_on [] missing; valid certificate ZF1 needs its expiry"),
                          HasSubstr("4 military_days [4] 4 military days are more than the 3 days"),
                          HasSubstr("5 grade [甲] \"甲\" is not a grade"),
                          HasSubstr("6 professional_hours [-5] -5 is negative"),
                          HasSubstr("7 officer_id [A4] officer A4 is already on line 5"),
                          HasSubstr("8 certificate_expires_on [2030/13/1]")));
}

}  // namespace
}  // namespace zhifa
