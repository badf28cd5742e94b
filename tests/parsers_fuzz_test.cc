// Randomized robustness tests of every parser: mutated and random inputs must give a result or a clear error,
// never a crash, a hang or a lost row. (Coverage-guided fuzzers of the same entry points are in tests/fuzz/.)
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "zhifa/calendar.h"
#include "zhifa/cases.h"
#include "zhifa/csv.h"
#include "zhifa/decimal.h"
#include "zhifa/period.h"
#include "zhifa/rules.h"
#include "zhifa/units.h"

namespace zhifa {
namespace {

// Mutates `seed`: flips, inserts and deletes bytes, biased toward the characters parsers care about.
std::string Mutate(std::string s, std::mt19937_64& rng) {
  static constexpr std::string_view kInteresting = ",\"\r\n=[].-#0123456789 \xE4\xB8\xAD\xEF\xBB\xBF\x80\xFF";
  int edits = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < edits; ++i) {
    size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    char c = (rng() % 2) ? kInteresting[rng() % kInteresting.size()] : static_cast<char>(rng() % 256);
    switch (rng() % 3) {
      case 0:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
        break;
      case 1:
        if (pos < s.size()) s[pos] = c;
        break;
      default:
        if (pos < s.size()) s.erase(pos, 1 + rng() % 4);
    }
  }
  return s;
}

TEST(Fuzz, CountsCsvNeverCrashesAndNumbersRowsByLine) {
  std::mt19937_64 rng(20210413);
  std::string seed(BundledSampleCsv().substr(0, 600));
  for (int i = 0; i < 3000; ++i) {
    std::string input = Mutate(seed, rng);
    for (Encoding e : {Encoding::kAuto, Encoding::kGb18030}) {
      std::istringstream in(input);
      int64_t last_line = 0;  // lines only grow: every row is numbered by its own line
      absl::Status s = ReadCountsCsv(in, Registry::Builtin(), {.encoding = e, .source = "fuzz"}, [&](CountsRow&& row) {
        ASSERT_GT(row.row, last_line);
        last_line = row.row;
      });
      if (!s.ok()) {
        EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
        EXPECT_EQ(std::string(s.message()).rfind("fuzz", 0), 0u) << s;  // the message names the source
      }
    }
  }
}

TEST(Fuzz, RuleSetParserNeverCrashes) {
  std::mt19937_64 rng(2);
  std::string seed(*RuleSet::BuiltinSource("zhenping-2021"));
  for (int i = 0; i < 1500; ++i) {
    absl::StatusOr<RuleSet> r = RuleSet::FromText(Mutate(seed, rng), "fuzz.toml");
    if (r.ok()) {
      // Whatever parses round-trips through its canonical form.
      absl::StatusOr<RuleSet> again = RuleSet::FromText(r->ToToml());
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_EQ(again->digest(), r->digest());
    } else {
      EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(Fuzz, RegistryPeriodAndDecimalParsersNeverCrash) {
  std::mt19937_64 rng(3);
  std::string reg = "id = \"x\"\n[[unit]]\ncode = \"a\"\nname = \"甲\"\ncategory = \"township\"\naliases = [\"乙\"]\n";
  for (int i = 0; i < 1500; ++i) {
    absl::StatusOr<Registry> r = Registry::FromText(Mutate(reg, rng), "fuzz.toml");
    if (!r.ok()) EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    (void)Period::Parse(Mutate("2021-Q2", rng));
    (void)Decimal::Parse(Mutate("-12.345", rng));
    (void)Registry::Builtin().Resolve(Mutate("县市场监督管理局", rng));
  }
}

TEST(Fuzz, PlanWorkCalendarAndDateParsersNeverCrash) {
  std::mt19937_64 rng(4);
  const std::string plan =
      "id = \"x\"\ntitle = \"x\"\n[[milestone]]\nkey = \"due\"\nname = \"截止\"\nname_en = \"d\"\n"
      "date = 2021-04-25\nclause = \"4(1)\"\nkind = \"deadline\"\n[[phase]]\nkey = \"a\"\nname = \"一\"\n"
      "name_en = \"a\"\nclause = \"4(1)\"\nfrom = 2021-04-13\nuntil = 2021-04-30\n[[material]]\nkey = \"m\"\n"
      "name = \"m\"\nname_en = \"m\"\nclause = \"4(1)\"\ndue = \"due\"\n[monthly_meeting]\nname = \"m\"\n"
      "name_en = \"m\"\nclause = \"3.2.6\"\nday = 3\n";
  const std::string work =
      "id = \"w\"\nfirst_day = 2021-01-01\nlast_day = 2021-12-31\nweekend = [\"saturday\", \"sunday\"]\n"
      "[[holiday]]\nname = \"h\"\nfrom = 2021-05-01\nuntil = 2021-05-05\n[[working_day]]\ndate = 2021-04-25\n";
  for (int i = 0; i < 1500; ++i) {
    absl::StatusOr<Plan> p = Plan::FromText(Mutate(plan, rng), "fuzz.toml");
    if (p.ok()) {
      // Whatever parses answers questions without crashing.
      (void)p->PhaseOn(boost::gregorian::date(2021, 4, 20));
      (void)p->Deadlines(boost::gregorian::date(2021, 4, 20));
    } else {
      EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << p.status();
    }
    absl::StatusOr<WorkCalendar> w = WorkCalendar::FromText(Mutate(work, rng), "fuzz.toml");
    if (w.ok()) {
      (void)w->AddWorkingDays(boost::gregorian::date(2021, 4, 30), 3);
    } else {
      EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument) << w.status();
    }
    (void)ParseDate(Mutate("2021-04-25", rng));
  }
}

TEST(Fuzz, CaseQuotaAndSettingsParsersNeverCrashOrLoseARow) {
  std::mt19937_64 rng(5);
  const std::string cases =
      "case_id,unit,filed_on,decided_on,closed_on,outcome,executed_on,court_refused,sued_on,defendant,"
      "judgment_on,judgment_won,fine_yuan,party_type\n"
      "a,涅阳街道,2021-04-01,2021-06-30,2021-07-02,penalty,2021-07-01,0,2021-09-01,county_government,2021-12-01,是,"
      "12000,person\n"
      "b,交警大队,2020-12-30,,,,,,,,,,,\n";
  for (int i = 0; i < 2000; ++i) {
    std::istringstream in(Mutate(cases, rng));
    int64_t last_line = 0;
    CaseAggregator agg(Registry::Builtin(), CaseSettings::Builtin(),
                       {.period = PeriodKind::kMonth, .as_of = std::nullopt});
    absl::Status s = ReadCasesCsv(in, Registry::Builtin(), {.source = "fuzz"}, [&](CaseRecord&& c) {
      ASSERT_GT(c.row, last_line);
      last_line = c.row;
      (void)CheckCase(c, CaseSettings::Builtin());
      if (c.ok()) ASSERT_TRUE(agg.Add(c).ok());  // the reader checks what Add checks
    });
    if (!s.ok()) EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    (void)agg.Finish(QuotaSource::History());
    std::istringstream quota(Mutate("unit,period,should_file\n涅阳街道,2021,12\n", rng));
    (void)QuotaSource::FromCsv(quota, Registry::Builtin(), {.source = "fuzz"});
    (void)CaseSettings::FromText(
        Mutate("[time_limit]\ndefault_days = 90\n[major_penalty]\nperson_yuan = 10000\n", rng));
  }
}

}  // namespace
}  // namespace zhifa
