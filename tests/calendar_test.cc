#include "zhifa/calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace zhifa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Date D(int y, int m, int d) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
}

TEST(Plan, PhaseBoundaries) {
  const Plan& plan = Plan::Builtin();
  // 四(一) 自查自纠阶段 runs to 4月30日; 四(二) 督查检查 to 5月15日; 四(三) 整治问责 to 5月31日.
  EXPECT_EQ(plan.PhaseOn(D(2021, 4, 12)).key, "before");
  EXPECT_EQ(plan.PhaseOn(D(2021, 4, 13)).key, "self_inspection");  // issued 2021-04-13
  EXPECT_EQ(plan.PhaseOn(D(2021, 4, 30)).key, "self_inspection");  // last day of phase 1
  EXPECT_EQ(plan.PhaseOn(D(2021, 5, 1)).key, "inspection");        // phase 2 starts
  EXPECT_EQ(plan.PhaseOn(D(2021, 5, 15)).key, "inspection");
  EXPECT_EQ(plan.PhaseOn(D(2021, 5, 16)).key, "accountability");
  EXPECT_EQ(plan.PhaseOn(D(2021, 5, 31)).key, "accountability");  // still phase 3
  Phase after = plan.PhaseOn(D(2021, 6, 1));
  EXPECT_EQ(after.key, "after");
  EXPECT_EQ(*after.start, D(2021, 6, 1));
  EXPECT_FALSE(after.end.has_value());
  EXPECT_EQ(plan.PhaseOn(D(2021, 5, 1)).name, "督查检查阶段");
}

TEST(Plan, MilestonesAreThoseOfSpec) {
  const Plan& plan = Plan::Builtin();
  std::map<std::string, Date> dates;
  for (const Milestone& m : plan.milestones()) dates[m.key] = m.date;
  EXPECT_EQ(dates["issued"], D(2021, 4, 13));
  EXPECT_EQ(dates["materials_due"], D(2021, 4, 25));
  EXPECT_EQ(dates["self_inspection_end"], D(2021, 4, 30));
  EXPECT_EQ(dates["township_training_end"], D(2021, 4, 30));
  EXPECT_EQ(dates["county_training_start"], D(2021, 5, 1));
  EXPECT_EQ(dates["inspection_end"], D(2021, 5, 15));
  EXPECT_EQ(dates["accountability_end"], D(2021, 5, 31));
  EXPECT_EQ(plan.materials().size(), 5u);  // 四(一): five materials due 04-25
}

TEST(Plan, DaysToDeadlines) {
  const Plan& plan = Plan::Builtin();
  // On 2021-04-20: materials due 04-25 is 5 days away; 04-30 is 10; 05-15 is 25; 05-31 is 41.
  std::optional<DeadlineStatus> next = plan.NextDeadline(D(2021, 4, 20));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->milestone->key, "materials_due");
  EXPECT_EQ(next->days, 5);
  std::vector<DeadlineStatus> all = plan.Deadlines(D(2021, 5, 20));
  // On 05-20: 04-25 was 25 days ago; 05-31 is 11 days away.
  EXPECT_EQ(all.front().milestone->key, "materials_due");
  EXPECT_EQ(all.front().days, -25);
  EXPECT_EQ(all.back().days, 11);
  EXPECT_EQ(plan.NextDeadline(D(2021, 5, 31))->days, 0);  // due today
  EXPECT_FALSE(plan.NextDeadline(D(2021, 6, 1)).has_value());
}

TEST(Plan, SubmissionOnTimeOrLate) {
  const Plan& plan = Plan::Builtin();
  SubmissionCheck on_time = *plan.CheckSubmission("township_liaisons", D(2021, 4, 25));
  EXPECT_TRUE(on_time.on_time);
  SubmissionCheck late = *plan.CheckSubmission("self_inspection_report", D(2021, 4, 27));
  EXPECT_FALSE(late.on_time);
  EXPECT_EQ(late.days_late, 2);  // 04-27 is two days after 04-25
  EXPECT_THAT(late.message, HasSubstr("2 days after the 2021-04-25 deadline (4(1))"));
  absl::StatusOr<SubmissionCheck> unknown = plan.CheckSubmission("budget", D(2021, 4, 1));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("self_inspection_report"));
}

TEST(WorkCalendar, MayDayHolidayAndAdjustedDays) {
  WorkCalendar w = *WorkCalendar::China(2021);
  EXPECT_TRUE(*w.IsWorkingDay(D(2021, 4, 25)));  // a Sunday worked (劳动节调休)
  EXPECT_TRUE(*w.IsWorkingDay(D(2021, 5, 8)));   // a Saturday worked
  EXPECT_FALSE(*w.IsWorkingDay(D(2021, 5, 3)));  // a Monday in the holiday
  EXPECT_FALSE(*w.IsWorkingDay(D(2021, 4, 5)));  // 清明节, a Monday
  EXPECT_FALSE(*w.IsWorkingDay(D(2021, 5, 9)));  // an ordinary Sunday
  EXPECT_TRUE(*w.IsWorkingDay(D(2021, 4, 30)));  // an ordinary Friday
  EXPECT_EQ(**w.HolidayOn(D(2021, 5, 2)), "劳动节");
  EXPECT_FALSE(w.HolidayOn(D(2021, 5, 6))->has_value());
  // From Friday 04-30, the next working day is Thursday 05-06 (05-01..05-05 off).
  EXPECT_EQ(*w.AddWorkingDays(D(2021, 4, 30), 1), D(2021, 5, 6));
  // 3 working days after 04-29: 04-30, 05-06, 05-07.
  EXPECT_EQ(*w.AddWorkingDays(D(2021, 4, 29), 3), D(2021, 5, 7));
  // Backwards: 1 working day before 05-06 is 04-30.
  EXPECT_EQ(*w.AddWorkingDays(D(2021, 5, 6), -1), D(2021, 4, 30));
  EXPECT_EQ(*w.AddWorkingDays(D(2021, 5, 6), 0), D(2021, 5, 6));
  // Working days in (04-23, 05-09]: 04-25 (Sun, worked), 04-26..04-30 (5), 05-06, 05-07, 05-08 (Sat, worked) = 9.
  EXPECT_EQ(*w.WorkingDaysBetween(D(2021, 4, 23), D(2021, 5, 9)), 9);
  EXPECT_EQ(*w.WorkingDaysBetween(D(2021, 5, 9), D(2021, 4, 23)), -9);
}

TEST(WorkCalendar, OutsideItsDataIsAnErrorNeverTheWeekendRule) {
  WorkCalendar w = *WorkCalendar::China(2021);
  EXPECT_FALSE(w.Covers(D(2022, 1, 1)));
  // 2022-10-03 is a Monday: the weekend rule would say "working"; it was 国庆节. Without 2022 data: an error.
  absl::StatusOr<bool> outside = w.IsWorkingDay(D(2022, 10, 3));
  EXPECT_EQ(outside.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(outside.status().message()),
              HasSubstr("2022-10-03 is outside the work calendar china-2021 (2021-01-01 to 2021-12-31)"));
  EXPECT_THAT(std::string(outside.status().message()), HasSubstr("no holiday data for 2022"));
  EXPECT_EQ(w.HolidayOn(D(2020, 12, 31)).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(w.WorkingDaysBetween(D(2021, 12, 1), D(2022, 1, 10)).status().code(), absl::StatusCode::kOutOfRange);
  // 2021-12-30 + 3 working days runs past 2021-12-31 (12-31 is one; two more are in 2022): not covered.
  EXPECT_EQ(w.AddWorkingDays(D(2021, 12, 30), 3).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*w.AddWorkingDays(D(2021, 12, 30), 1), D(2021, 12, 31));
  // The built-in calendar covers 2019-2026: 2022-10-03 was 国庆节, and 3 working days after 2021-12-30 are
  // 12-31, then (01-01..03 off) 2022-01-04 and 01-05.
  const WorkCalendar& all = WorkCalendar::Builtin();
  EXPECT_FALSE(*all.IsWorkingDay(D(2022, 10, 3)));
  EXPECT_EQ(**all.HolidayOn(D(2022, 10, 3)), "国庆节");
  EXPECT_EQ(*all.AddWorkingDays(D(2021, 12, 30), 3), D(2022, 1, 5));
  EXPECT_EQ(all.first_day(), D(2018, 12, 29));  // the 2019 notice's 元旦 block and its 2018-12-29 working Saturday
  EXPECT_EQ(all.last_day(), D(2026, 12, 31));
  EXPECT_EQ(all.IsWorkingDay(D(2027, 1, 4)).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(all.IsWorkingDay(D(2018, 12, 28)).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(WorkCalendar, EveryBuiltInYearMatchesItsNotice) {
  const WorkCalendar& all = WorkCalendar::Builtin();
  EXPECT_EQ(WorkCalendar::BuiltinYears(), (std::vector<int>{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}));
  // 2019: 劳动节 05-01..04 off by the amending notice 国办发明电〔2019〕3号, 04-28 and 05-05 (Sundays) worked.
  EXPECT_FALSE(*all.IsWorkingDay(D(2019, 5, 3)));
  EXPECT_TRUE(*all.IsWorkingDay(D(2019, 5, 5)));
  EXPECT_TRUE(*all.IsWorkingDay(D(2018, 12, 29)));   // a Saturday worked for 元旦 2019
  EXPECT_FALSE(*all.IsWorkingDay(D(2018, 12, 31)));  // a Monday off
  // 2020: the Spring Festival extended to 02-02 (国办发明电〔2020〕1号): Friday 01-31 off, and Saturday 02-01,
  // first announced as a working day, was not worked.
  EXPECT_FALSE(*all.IsWorkingDay(D(2020, 1, 31)));
  EXPECT_FALSE(*all.IsWorkingDay(D(2020, 2, 1)));
  EXPECT_TRUE(*all.IsWorkingDay(D(2020, 2, 3)));
  // 2025 and 2026 under the 2024 revision (13 statutory days): 劳动节 2026 05-01..05 off, Saturday 05-09 worked.
  EXPECT_FALSE(*all.IsWorkingDay(D(2026, 5, 5)));
  EXPECT_TRUE(*all.IsWorkingDay(D(2026, 5, 9)));
  // Days off beyond the weekends, per year, equal the statutory days: 11 (2019, 2021-2024), 13 (2020: 11 and the
  // two days of the extension; 2025, 2026). Count = weekdays off − weekend days worked.
  for (auto [year, expected] : {std::pair{2019, 11}, std::pair{2020, 13}, std::pair{2021, 11}, std::pair{2022, 11},
                                std::pair{2023, 11}, std::pair{2024, 11}, std::pair{2025, 13}, std::pair{2026, 13}}) {
    WorkCalendar w = *WorkCalendar::China(year);
    int extra = 0;
    for (Date d = w.first_day(); d <= w.last_day(); d += boost::gregorian::days(1)) {
      const bool weekend = d.day_of_week() == 0 || d.day_of_week() == 6;
      const bool working = *w.IsWorkingDay(d);
      extra += (!weekend && !working) - (weekend && working);
    }
    EXPECT_EQ(extra, expected) << year;
  }
}

TEST(WorkCalendar, UnknownYearAndBadFiles) {
  absl::StatusOr<WorkCalendar> none = WorkCalendar::China(2018);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(none.status().message()), HasSubstr("built in: 2019-2026"));
  absl::StatusOr<WorkCalendar> bad = WorkCalendar::FromText(
      "id = \"x\"\nfirst_day = 2021-01-01\nlast_day = 2021-12-31\n[[working_day]]\ndate = 2021-04-26\n", "w.toml");
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("w.toml:5: working_day[1].date: 2021-04-26 is a weekday already"));
  bad = WorkCalendar::FromText(
      "id = \"x\"\nfirst_day = 2021-01-01\nlast_day = 2021-12-31\nweekend = [\"sunday\", "
      "\"funday\"]\n",
      "w.toml");
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("\"funday\" is not a weekday"));
  bad = WorkCalendar::FromText(
      "id = \"x\"\nfirst_day = 2021-01-01\nlast_day = 2021-12-31\nweekend = [\"monday\", \"tuesday\", "
      "\"wednesday\", \"thursday\", \"friday\", \"saturday\", \"sunday\"]\n",
      "w.toml");
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("names all seven days"));
  bad = WorkCalendar::FromText("id = \"x\"\nfirst_day = 9999-01-01\nlast_day = 9999-12-31\n", "w.toml");
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("9999-01-01 is out of range"));
  absl::StatusOr<WorkCalendar> folder = WorkCalendar::FromFile("/tmp");
  EXPECT_THAT(std::string(folder.status().message()), HasSubstr("/tmp: is a folder"));
  absl::StatusOr<WorkCalendar> missing = WorkCalendar::FromFile("/no/such/calendar.toml");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("/no/such/calendar.toml"));
  // Combining calendars with a gap between them.
  std::vector<WorkCalendar> gap = {*WorkCalendar::China(2019), *WorkCalendar::China(2021)};
  absl::StatusOr<WorkCalendar> combined = WorkCalendar::Combine(gap);
  EXPECT_THAT(std::string(combined.status().message()), HasSubstr("2020-01-01 to 2020-12-31 uncovered"));
}

TEST(Plan, MeetingsStartTheMonthAfterThePlanAndFollowTheHolidays) {
  const Plan& plan = Plan::Builtin();
  const WorkCalendar& w = WorkCalendar::Builtin();
  // 3.2.6 instituted the meetings; the plan was issued 2021-04-13, so the first is in May 2021.
  EXPECT_EQ(plan.first_meeting_month(), 2021 * 12 + 4);
  std::vector<CalendarEvent> meetings = *plan.MonthlyMeetings(2021, w);
  ASSERT_EQ(meetings.size(), 8u);               // May to December
  EXPECT_EQ(meetings[0].date, D(2021, 5, 6));   // 05-01..05-05 off; 05-06 is Thursday
  EXPECT_EQ(meetings[1].date, D(2021, 6, 1));   // Tuesday
  EXPECT_EQ(meetings[3].date, D(2021, 8, 2));   // 08-01 is a Sunday
  EXPECT_EQ(meetings[5].date, D(2021, 10, 8));  // 10-01..10-07 off; 10-08 is Friday
  EXPECT_EQ(meetings[0].clause, "3.2.6");
  EXPECT_TRUE(plan.MonthlyMeetings(2020, w)->empty());  // before the plan: none
  // 2022, by the 2022 notice: 01-01..01-03 off (01-04), 04-30..05-04 off (05-05), 10-01..10-07 off and
  // Saturday 10-08 worked (10-08).
  std::vector<CalendarEvent> y2022 = *plan.MonthlyMeetings(2022, w);
  ASSERT_EQ(y2022.size(), 12u);
  EXPECT_EQ(y2022[0].date, D(2022, 1, 4));
  EXPECT_EQ(y2022[4].date, D(2022, 5, 5));
  EXPECT_EQ(y2022[9].date, D(2022, 10, 8));
  // A year no calendar covers is an error, naming the year.
  absl::StatusOr<std::vector<CalendarEvent>> y2030 = plan.MonthlyMeetings(2030, w);
  EXPECT_EQ(y2030.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(y2030.status().message()), HasSubstr("no holiday data for 2030"));
  EXPECT_EQ(plan.MonthlyMeetings(9999, w).status().code(), absl::StatusCode::kInvalidArgument);
  // A plan file can start the meetings elsewhere.
  absl::StatusOr<Plan> other = Plan::FromText(
      "id = \"x\"\ntitle = \"x\"\n[[milestone]]\nkey = \"issued\"\nname = \"a\"\nname_en = \"a\"\n"
      "date = 2021-04-13\nclause = \"\"\nkind = \"event\"\n[[phase]]\nkey = \"a\"\nname = \"a\"\n"
      "name_en = \"a\"\nclause = \"\"\nfrom = 2021-04-13\nuntil = 2021-05-31\n[monthly_meeting]\nname = \"m\"\n"
      "name_en = \"m\"\nclause = \"3.2.6\"\nfirst = \"2021-07\"\n",
      "p.toml");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->MonthlyMeetings(2021, w)->front().date, D(2021, 7, 1));
  std::vector<CalendarEvent> reviews = *plan.CaseFileReviews(2021);
  ASSERT_EQ(reviews.size(), 2u);  // 3.3.4: every half year
  EXPECT_EQ(reviews[0].date, D(2021, 6, 30));
  EXPECT_EQ(reviews[1].date, D(2021, 12, 31));
  EXPECT_TRUE(plan.CaseFileReviews(2020)->empty());
}

// Unfolds RFC 5545 content lines.
std::vector<std::string> Unfold(const std::string& ics) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < ics.size()) {
    size_t end = ics.find("\r\n", at);
    std::string line = ics.substr(at, end - at);
    if (!line.empty() && line[0] == ' ') {
      lines.back() += line.substr(1);
    } else {
      lines.push_back(line);
    }
    at = end + 2;
  }
  return lines;
}

TEST(Plan, IcsIsValidAndParsesBack) {
  const Plan& plan = Plan::Builtin();
  WorkCalendar w = *WorkCalendar::China(2021);
  std::string ics = *plan.ToIcs(2021, w);
  // Every line ends in CRLF and is at most 75 octets.
  size_t at = 0;
  while (at < ics.size()) {
    size_t end = ics.find("\r\n", at);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - at, 75u) << ics.substr(at, end - at);
    at = end + 2;
  }
  std::vector<std::string> lines = Unfold(ics);
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
  std::map<std::string, std::string> by_uid_start;
  std::string uid;
  int events = 0;
  for (const std::string& l : lines) {
    if (l == "BEGIN:VEVENT") ++events;
    if (l.rfind("UID:", 0) == 0) uid = l.substr(4);
    if (l.rfind("DTSTART;VALUE=DATE:", 0) == 0) by_uid_start[uid] = l.substr(19);
  }
  // 7 milestones + 8 meetings (May to December) + 2 reviews = 17 events.
  EXPECT_EQ(events, 17);
  EXPECT_EQ(by_uid_start["zhenping-2021-materials_due-20210425@zhifa"], "20210425");
  EXPECT_EQ(by_uid_start["zhenping-2021-accountability_end-20210531@zhifa"], "20210531");
  EXPECT_THAT(ics, HasSubstr("SUMMARY:报送材料截止"));
  EXPECT_THAT(ics, HasSubstr("DTEND;VALUE=DATE:20210426"));
  // The description carries the clause, in the language asked for.
  bool found = false;
  for (const std::string& l : lines)
    found = found || (l.find("DESCRIPTION:报送材料截止") == 0 && l.find("4(1)") != std::string::npos);
  EXPECT_TRUE(found);
  std::string en = *plan.ToIcs(2021, w, Language::kEn);
  EXPECT_THAT(en, HasSubstr("SUMMARY:materials due to the rectification office"));
  EXPECT_THAT(en, Not(HasSubstr("SUMMARY:报送材料截止")));
  EXPECT_EQ(plan.ToIcs(2022, w).status().code(), absl::StatusCode::kOutOfRange);  // china-2021 lacks 2022
}

TEST(Plan, BadPlanFiles) {
  absl::StatusOr<Plan> p = Plan::FromText(
      "id = \"x\"\ntitle = \"x\"\n[[phase]]\nkey = \"a\"\nname = \"a\"\nname_en = \"a\"\nclause = \"\"\n"
      "from = 2021-05-01\nuntil = 2021-04-01\n",
      "p.toml");
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("p.toml:9: phase[1].until: is before from"));
  p = Plan::FromText("id = \"x\"\ntitle = \"x\"\n", "p.toml");
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("a plan needs at least one phase"));
}

TEST(ParseDate, WhatSpreadsheetsWrite) {
  for (const char* good : {"2021-04-25", "2021-4-25", "2021/4/25", "2021/04/25", "2021.4.25", "2021年4月25日",
                           "2021年04月25日", "20210425", "2021-04-25 00:00:00", "2021/4/25 8:30", "2021-04-25T08:30:00",
                           "  2021-04-25 ", "２０２１－０４－２５", "2021年4月25号"}) {
    absl::StatusOr<Date> d = ParseDate(good);
    ASSERT_TRUE(d.ok()) << good << ": " << d.status();
    EXPECT_EQ(*d, D(2021, 4, 25)) << good;
  }
  for (const char* bad : {"2021-02-30", "", "2021-13-01", "2021/4-25", "25/04/2021", "2021-04-25 25:00", "44311",
                          "2021年4月", "2021-04-25x", "1899-12-31", "9999-01-01"}) {
    EXPECT_EQ(ParseDate(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(*ParseDate("2020-02-29"), D(2020, 2, 29));  // a leap day
  EXPECT_THAT(std::string(ParseDate("2021-02-29").status().message()), HasSubstr("is not a date"));
  EXPECT_THAT(std::string(ParseDate("9999-01-01").status().message()), HasSubstr("out of range"));
}

}  // namespace
}  // namespace zhifa
