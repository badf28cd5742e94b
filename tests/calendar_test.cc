#include "zhifa/calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace zhifa {
namespace {

using ::testing::HasSubstr;

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
  EXPECT_TRUE(w.IsWorkingDay(D(2021, 4, 25)));  // a Sunday worked (劳动节调休)
  EXPECT_TRUE(w.IsWorkingDay(D(2021, 5, 8)));   // a Saturday worked
  EXPECT_FALSE(w.IsWorkingDay(D(2021, 5, 3)));  // a Monday in the holiday
  EXPECT_FALSE(w.IsWorkingDay(D(2021, 4, 5)));  // 清明节, a Monday
  EXPECT_FALSE(w.IsWorkingDay(D(2021, 5, 9)));  // an ordinary Sunday
  EXPECT_TRUE(w.IsWorkingDay(D(2021, 4, 30)));  // an ordinary Friday
  EXPECT_EQ(w.HolidayOn(D(2021, 5, 2)), "劳动节");
  // From Friday 04-30, the next working day is Thursday 05-06 (05-01..05-05 off).
  EXPECT_EQ(w.AddWorkingDays(D(2021, 4, 30), 1), D(2021, 5, 6));
  // 3 working days after 04-29: 04-30, 05-06, 05-07.
  EXPECT_EQ(w.AddWorkingDays(D(2021, 4, 29), 3), D(2021, 5, 7));
  // Backwards: 1 working day before 05-06 is 04-30.
  EXPECT_EQ(w.AddWorkingDays(D(2021, 5, 6), -1), D(2021, 4, 30));
  EXPECT_EQ(w.AddWorkingDays(D(2021, 5, 6), 0), D(2021, 5, 6));
  // Working days in (04-23, 05-09]: 04-25 (Sun, worked), 04-26..04-30 (5), 05-06, 05-07, 05-08 (Sat, worked)
  // = 1 + 5 + 3 = 9.
  EXPECT_EQ(w.WorkingDaysBetween(D(2021, 4, 23), D(2021, 5, 9)), 9);
  EXPECT_EQ(w.WorkingDaysBetween(D(2021, 5, 9), D(2021, 4, 23)), -9);
  EXPECT_FALSE(w.Covers(D(2022, 1, 1)));
  EXPECT_FALSE(w.IsWorkingDay(D(2022, 1, 1)));  // a Saturday: the weekend rule still applies outside the data
}

TEST(WorkCalendar, UnknownYearAndBadFiles) {
  absl::StatusOr<WorkCalendar> none = WorkCalendar::China(2019);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(none.status().message()), HasSubstr("built in: 2021"));
  absl::StatusOr<WorkCalendar> bad = WorkCalendar::FromToml(
      "id = \"x\"\nfirst_day = 2021-01-01\nlast_day = 2021-12-31\n[[working_day]]\ndate = 2021-04-26\n", "w.toml");
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("w.toml:5: working_day[1].date: 2021-04-26 is a weekday already"));
  bad = WorkCalendar::FromToml(
      "id = \"x\"\nfirst_day = 2021-01-01\nlast_day = 2021-12-31\nweekend = [\"sunday\", "
      "\"funday\"]\n",
      "w.toml");
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("\"funday\" is not a weekday"));
}

TEST(Plan, MeetingsAndReviews) {
  const Plan& plan = Plan::Builtin();
  WorkCalendar w = *WorkCalendar::China(2021);
  std::vector<CalendarEvent> meetings = plan.MonthlyMeetings(2021, w);
  ASSERT_EQ(meetings.size(), 12u);
  EXPECT_EQ(meetings[0].date, D(2021, 1, 4));   // 01-01..01-03 off (元旦), 01-04 is Monday
  EXPECT_EQ(meetings[1].date, D(2021, 2, 1));   // Monday
  EXPECT_EQ(meetings[4].date, D(2021, 5, 6));   // 05-01..05-05 off
  EXPECT_EQ(meetings[9].date, D(2021, 10, 8));  // 10-01..10-07 off; 10-08 is Friday
  EXPECT_EQ(meetings[0].clause, "3.2.6");
  std::vector<CalendarEvent> reviews = plan.CaseFileReviews(2021);
  ASSERT_EQ(reviews.size(), 2u);  // 3.3.4: every half year
  EXPECT_EQ(reviews[0].date, D(2021, 6, 30));
  EXPECT_EQ(reviews[1].date, D(2021, 12, 31));
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
  std::string ics = plan.ToIcs(2021, w);
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
  // 7 milestones + 12 meetings + 2 reviews = 21 events.
  EXPECT_EQ(events, 21);
  EXPECT_EQ(by_uid_start["zhenping-2021-materials_due-20210425@zhifa"], "20210425");
  EXPECT_EQ(by_uid_start["zhenping-2021-accountability_end-20210531@zhifa"], "20210531");
  EXPECT_THAT(ics, HasSubstr("SUMMARY:报送材料截止"));
  EXPECT_THAT(ics, HasSubstr("DTEND;VALUE=DATE:20210426"));
  // The description carries the clause; commas in text are escaped.
  bool found = false;
  for (const std::string& l : lines)
    found = found || (l.find("DESCRIPTION:materials due") == 0 && l.find("4(1)") != std::string::npos);
  EXPECT_TRUE(found);
}

TEST(Plan, BadPlanFiles) {
  absl::StatusOr<Plan> p = Plan::FromToml(
      "id = \"x\"\ntitle = \"x\"\n[[phase]]\nkey = \"a\"\nname = \"a\"\nname_en = \"a\"\nclause = \"\"\n"
      "from = 2021-05-01\nuntil = 2021-04-01\n",
      "p.toml");
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("p.toml:9: phase[1].until: is before from"));
  p = Plan::FromToml("id = \"x\"\ntitle = \"x\"\n", "p.toml");
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("a plan needs at least one phase"));
}

TEST(ParseDate, StrictIso) {
  EXPECT_EQ(*ParseDate("2021-04-25"), D(2021, 4, 25));
  for (const char* bad : {"2021-4-25", "2021/04/25", "2021-02-30", "", "20210425", "2021-13-01"}) {
    EXPECT_EQ(ParseDate(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace zhifa
