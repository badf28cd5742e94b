// The plan's calendar (四、整治步骤; 3.1.2 training; 3.2.6 monthly meetings; 3.3.4 case-file reviews) and work
// calendars (weekends, holidays, adjusted working days).
//
// A Plan holds milestones, phases, the five materials due on 04-25 and the recurring duties, as data
// (data/plan/zhenping-2021.toml is built in; another year's plan loads from a file). It answers which phase a
// date falls in, how many days are left to (or past) each deadline, whether a submission was on time, and
// exports every date as an RFC 5545 iCalendar file. A WorkCalendar says which days are working days
// (data/calendar/china-2021.toml: the State Council's 2021 holiday notice). The plan's deadlines are calendar
// dates; working days are for the user's own rules.
//
// Example:
//   const zhifa::Plan& plan = zhifa::Plan::Builtin();
//   plan.PhaseOn(boost::gregorian::date(2021, 5, 1)).key;        // "inspection"
//   absl::StatusOr<zhifa::WorkCalendar> work = zhifa::WorkCalendar::China(2021);
//   work->IsWorkingDay(boost::gregorian::date(2021, 4, 25));     // true: a Sunday worked (调休)
//   std::string ics = plan.ToIcs(2021, *work);
#ifndef ZHIFA_CALENDAR_H_
#define ZHIFA_CALENDAR_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"

namespace zhifa {

using Date = boost::gregorian::date;

// Parses "2021-04-25" (ISO, strictly YYYY-MM-DD). kInvalidArgument naming the text otherwise.
absl::StatusOr<Date> ParseDate(std::string_view text);
// "2021-04-25".
std::string FormatDate(Date d);

class WorkCalendar {
 public:
  struct Holiday {
    std::string name;
    Date from;
    Date until;  // inclusive
  };
  struct WorkingDay {
    Date date;
    std::string reason;
  };

  // Parses a work calendar (schema in data/calendar/china-2021.toml). kInvalidArgument naming source, line and
  // key for a bad file (unknown weekday, a holiday out of order or outside [first_day, last_day], a working day
  // that is not a weekend day or falls in a holiday).
  static absl::StatusOr<WorkCalendar> FromToml(std::string_view text, std::string_view source = "<calendar>");
  static absl::StatusOr<WorkCalendar> FromFile(const std::string& path);
  // The built-in calendar of mainland China for `year`; kNotFound for a year zhifa has no data for.
  static absl::StatusOr<WorkCalendar> China(int year);

  const std::string& id() const { return id_; }
  const std::string& source() const { return source_; }
  Date first_day() const { return first_day_; }
  Date last_day() const { return last_day_; }
  std::span<const Holiday> holidays() const { return holidays_; }
  std::span<const WorkingDay> working_days() const { return working_days_; }

  // Whether the calendar has holiday data for `d`. Outside it only the weekend rule applies.
  bool Covers(Date d) const { return first_day_ <= d && d <= last_day_; }
  bool IsWorkingDay(Date d) const;
  // The holiday `d` falls in, or nullopt.
  std::optional<std::string> HolidayOn(Date d) const;
  // The day `n` working days after `d` (n > 0; `d` itself does not count), before it (n < 0), or `d` (n = 0).
  Date AddWorkingDays(Date d, int n) const;
  // The number of working days w with a < w <= b; negative (the count for b < w <= a) when b < a.
  int WorkingDaysBetween(Date a, Date b) const;

 private:
  std::string id_;
  std::string source_;
  Date first_day_;
  Date last_day_;
  bool weekend_[7] = {true, false, false, false, false, false, true};  // by Boost day_of_week: 0 = Sunday
  std::vector<Holiday> holidays_;
  std::vector<WorkingDay> working_days_;
};

struct Milestone {
  std::string key;
  std::string name;
  std::string name_en;
  Date date;
  std::string clause;
  std::string kind;  // "deadline", "start" or "event"
};

struct Phase {
  std::string key;  // before, a plan phase (self_inspection, inspection, accountability), between, after
  std::string name;
  std::string name_en;
  std::string clause;
  std::optional<Date> start;  // nullopt: open (the "before" phase)
  std::optional<Date> end;    // inclusive; nullopt: open (the "after" phase)
};

struct Material {
  std::string key;
  std::string name;
  std::string name_en;
  std::string clause;
  std::string due;  // a milestone key
};

// Days to a deadline: positive = days left, 0 = due today, negative = days overdue.
struct DeadlineStatus {
  const Milestone* milestone = nullptr;
  int days = 0;
};

struct SubmissionCheck {
  const Material* material = nullptr;
  Date due;
  Date submitted;
  bool on_time = false;
  int days_late = 0;    // 0 when on time
  std::string message;  // "自查自纠及整改情况: submitted 2021-04-26, 1 day after the 2021-04-25 deadline (4(1))"
};

// A dated duty for a calendar: a milestone, a monthly meeting or a case-file review.
struct CalendarEvent {
  std::string uid;  // stable: "<plan id>-<key>-<yyyymmdd>"
  Date date;
  std::string name;
  std::string name_en;
  std::string clause;
  std::string kind;  // milestone kinds, or "meeting", "review"
};

class Plan {
 public:
  // Parses a plan (schema in data/plan/zhenping-2021.toml). kInvalidArgument naming source, line and key for a
  // bad file: a duplicate key, overlapping or reversed phases, a material due on an unknown milestone.
  static absl::StatusOr<Plan> FromToml(std::string_view text, std::string_view source = "<plan>");
  static absl::StatusOr<Plan> FromFile(const std::string& path);
  // The built-in plan: the 2021 Zhenping plan.
  static const Plan& Builtin();

  const std::string& id() const { return id_; }
  const std::string& title() const { return title_; }
  std::span<const Milestone> milestones() const { return milestones_; }
  std::span<const Phase> phases() const { return phases_; }
  std::span<const Material> materials() const { return materials_; }
  const Milestone* FindMilestone(std::string_view key) const;

  // The phase `d` falls in: one of the plan's phases, or "before" (方案实施前) / "after" (专项整治结束后).
  Phase PhaseOn(Date d) const;
  // Every deadline milestone with its days left (or overdue) on `on`, in date order.
  std::vector<DeadlineStatus> Deadlines(Date on) const;
  // The first deadline on or after `on`, or nullopt when all have passed.
  std::optional<DeadlineStatus> NextDeadline(Date on) const;
  // Whether material `key` submitted on `submitted` was on time (on or before its due date). kNotFound naming
  // the known materials for an unknown key.
  absl::StatusOr<SubmissionCheck> CheckSubmission(std::string_view material_key, Date submitted) const;

  // The monthly enforcement meetings of `year` (3.2.6), one per month, on the day the plan's policy gives
  // (default: the month's first working day by `work`).
  std::vector<CalendarEvent> MonthlyMeetings(int year, const WorkCalendar& work) const;
  // The half-yearly case-file review deadlines of `year` (3.3.4).
  std::vector<CalendarEvent> CaseFileReviews(int year) const;
  // Milestones dated in `year`, meetings and reviews, in date order.
  std::vector<CalendarEvent> Events(int year, const WorkCalendar& work) const;
  // An RFC 5545 iCalendar document (CRLF lines folded at 75 octets) with one all-day VEVENT per event of
  // Events(year, work); each description gives the clause.
  std::string ToIcs(int year, const WorkCalendar& work) const;

 private:
  std::string id_;
  std::string title_;
  std::vector<Milestone> milestones_;
  std::vector<Phase> phases_;
  std::vector<Material> materials_;
  std::string meeting_name_ = "执法工作月例会", meeting_name_en_ = "monthly enforcement meeting",
              meeting_clause_ = "3.2.6";
  int meeting_day_ = 0;  // 0: first working day; else a day of the month
  std::string review_name_ = "执法案卷评查", review_name_en_ = "case-file review", review_clause_ = "3.3.4";
  std::vector<std::pair<int, int>> review_due_ = {{6, 30}, {12, 31}};  // (month, day)
};

}  // namespace zhifa

#endif  // ZHIFA_CALENDAR_H_
