// The plan's calendar (四、整治步骤; 3.1.2 training; 3.2.6 monthly meetings; 3.3.4 case-file reviews) and work
// calendars (weekends, holidays, adjusted working days).
//
// A Plan holds milestones, phases, the five materials due on 04-25 and the recurring duties, as data
// (data/plan/zhenping-2021.toml is built in; another year's plan loads from a file). It answers which phase a
// date falls in, how many days are left to (or past) each deadline, whether a submission was on time, and
// exports every date as an RFC 5545 iCalendar file. A WorkCalendar says which days are working days, from the
// State Council's holiday notices (data/calendar/china-2019.toml ... china-2026.toml, built in). A work
// calendar knows the days its data covers: a question about any other day is an error (kOutOfRange), never an
// answer from the weekend rule alone. The plan's deadlines are calendar dates; working days are for the
// monthly meetings and for the user's own rules.
//
// Example:
//   const zhifa::Plan& plan = zhifa::Plan::Builtin();
//   plan.PhaseOn(boost::gregorian::date(2021, 5, 1)).key;        // "inspection"
//   const zhifa::WorkCalendar& work = zhifa::WorkCalendar::Builtin();  // 2019-2026
//   *work.IsWorkingDay(boost::gregorian::date(2021, 4, 25));     // true: a Sunday worked (调休)
//   work.IsWorkingDay(boost::gregorian::date(2030, 1, 1));       // kOutOfRange: no holiday data for 2030
//   absl::StatusOr<std::string> ics = plan.ToIcs(2021, work);
//
// Thread-safety: WorkCalendar and Plan are immutable once made: their const methods may be called from any number
// of threads at once; Builtin() is safe to call from any thread (built once). ParseDate and FormatDate are
// reentrant. The structs (Milestone, Phase, ...) are plain values.
#ifndef ZHIFA_CALENDAR_H_
#define ZHIFA_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"
#include "zhifa/export.h"
#include "zhifa/language.h"

namespace zhifa {

using Date = boost::gregorian::date;

// The dates zhifa works with: 1900-01-01 to 9998-12-31 (a year of room below Boost's limit, so that a day or
// a time limit added never overflows). Every parser rejects dates outside with kInvalidArgument.
inline constexpr int kMinDateYear = 1900;
inline constexpr int kMaxDateYear = 9998;

// Parses a date as spreadsheets write it: 2021-03-19, 2021-3-19, 2021/3/19, 2021.3.19, 2021年3月19日, 20210319,
// any of them followed by a time of day (2021-03-19 00:00:00, which is ignored); full-width digits and spaces
// are read as ASCII. kInvalidArgument naming the text and the accepted forms otherwise, or when the year is
// outside kMinDateYear..kMaxDateYear.
ZHIFA_EXPORT absl::StatusOr<Date> ParseDate(std::string_view text);
// "2021-04-25".
ZHIFA_EXPORT std::string FormatDate(Date d);

class ZHIFA_EXPORT WorkCalendar {
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

  // Parses a work calendar (schema in docs/calendar.md). kInvalidArgument naming source, line and key for a bad
  // file (unknown weekday, a holiday out of order or outside [first_day, last_day], a working day that is not a
  // weekend day or falls in a holiday, every day of the week a weekend day).
  static absl::StatusOr<WorkCalendar> FromText(std::string_view text, std::string_view source = "<calendar>");
  // As FromText on a file's contents; kNotFound naming the path when it cannot be read.
  static absl::StatusOr<WorkCalendar> FromFile(const std::string& path);
  // Mainland China, every year zhifa has the State Council's arrangements for (2019-2026), as one calendar.
  static const WorkCalendar& Builtin();
  // One built-in year; kNotFound naming the years built in otherwise.
  static absl::StatusOr<WorkCalendar> China(int year);
  // The years WorkCalendar::China knows, ascending.
  static std::vector<int> BuiltinYears();
  // Calendars of consecutive spans (a year, then the next) as one, named `id` (default: the parts' ids joined
  // with +). kInvalidArgument when their weekends differ or when days between them are covered by none.
  static absl::StatusOr<WorkCalendar> Combine(std::span<const WorkCalendar> parts, std::string_view id = "");

  [[deprecated("use FromText")]] static absl::StatusOr<WorkCalendar> FromToml(std::string_view text,
                                                                              std::string_view source = "<calendar>") {
    return FromText(text, source);
  }

  const std::string& id() const { return id_; }
  const std::string& source() const { return source_; }
  // The days the data covers, inclusive.
  Date first_day() const { return first_day_; }
  Date last_day() const { return last_day_; }
  std::span<const Holiday> holidays() const { return holidays_; }
  std::span<const WorkingDay> working_days() const { return working_days_; }
  // The documents the calendar was read from (one per part of a combined calendar), so that it can be stored
  // and read again: Combine(FromText(texts()[i])...) gives the same calendar.
  std::span<const std::string> texts() const { return texts_; }

  // Whether the calendar's data covers `d`.
  bool Covers(Date d) const { return first_day_ <= d && d <= last_day_; }
  // OK when Covers(d); else kOutOfRange naming the date, the covered days and how to load data for its year.
  absl::Status CheckCovers(Date d) const;

  // Each of these returns kOutOfRange (CheckCovers) for a day outside the data, never a guess.
  absl::StatusOr<bool> IsWorkingDay(Date d) const;
  // The holiday `d` falls in (nullopt on other days).
  absl::StatusOr<std::optional<std::string>> HolidayOn(Date d) const;
  // The day `n` working days after `d` (n > 0; `d` itself does not count), before it (n < 0), or `d` (n = 0).
  // Every day passed over must be covered.
  absl::StatusOr<Date> AddWorkingDays(Date d, int n) const;
  // The number of working days w with a < w <= b; negative (the count for b < w <= a) when b < a.
  absl::StatusOr<int> WorkingDaysBetween(Date a, Date b) const;

 private:
  void Index();  // fills working_ from the lists
  bool Working(Date d) const { return working_[static_cast<size_t>((d - first_day_).days())] != 0; }

  std::string id_;
  std::string source_;
  Date first_day_;
  Date last_day_;
  bool weekend_[7] = {true, false, false, false, false, false, true};  // by Boost day_of_week: 0 = Sunday
  std::vector<Holiday> holidays_;
  std::vector<WorkingDay> working_days_;
  std::vector<uint8_t> working_;  // one per covered day
  std::vector<std::string> texts_;
};

struct ZHIFA_EXPORT Milestone {
  std::string key;
  std::string name;
  std::string name_en;
  Date date;
  std::string clause;
  std::string kind;  // "deadline", "start" or "event"
};

struct ZHIFA_EXPORT Phase {
  std::string key;  // before, a plan phase (self_inspection, inspection, accountability), between, after
  std::string name;
  std::string name_en;
  std::string clause;
  std::optional<Date> start;  // nullopt: open (the "before" phase)
  std::optional<Date> end;    // inclusive; nullopt: open (the "after" phase)
};

struct ZHIFA_EXPORT Material {
  std::string key;
  std::string name;
  std::string name_en;
  std::string clause;
  std::string due;  // a milestone key
};

// Days to a deadline: positive = days left, 0 = due today, negative = days overdue.
struct ZHIFA_EXPORT DeadlineStatus {
  const Milestone* milestone = nullptr;
  int days = 0;
};

struct ZHIFA_EXPORT SubmissionCheck {
  const Material* material = nullptr;
  Date due;
  Date submitted;
  bool on_time = false;
  int days_late = 0;    // 0 when on time
  std::string message;  // "自查自纠及整改情况: submitted 2021-04-26, 1 day after the 2021-04-25 deadline (4(1))"
};

// A dated duty for a calendar: a milestone, a monthly meeting or a case-file review.
struct ZHIFA_EXPORT CalendarEvent {
  std::string uid;  // stable: "<plan id>-<key>-<yyyymmdd>"
  Date date;
  std::string name;
  std::string name_en;
  std::string clause;
  std::string kind;  // milestone kinds, or "meeting", "review"
};

class ZHIFA_EXPORT Plan {
 public:
  // Parses a plan (schema in data/plan/zhenping-2021.toml). kInvalidArgument naming source, line and key for a
  // bad file: a duplicate key, overlapping or reversed phases, a material due on an unknown milestone.
  static absl::StatusOr<Plan> FromText(std::string_view text, std::string_view source = "<plan>");
  // As FromText on a file's contents; kNotFound naming the path when it cannot be read (or is a folder).
  static absl::StatusOr<Plan> FromFile(const std::string& path);
  [[deprecated("use FromText")]] static absl::StatusOr<Plan> FromToml(std::string_view text,
                                                                      std::string_view source = "<plan>") {
    return FromText(text, source);
  }
  // The built-in plan: the 2021 Zhenping plan.
  static const Plan& Builtin();

  const std::string& id() const { return id_; }
  const std::string& title() const { return title_; }
  // The document the plan was read from: FromText(text()) gives the same plan.
  const std::string& text() const { return text_; }
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

  // The first month with a monthly enforcement meeting (3.2.6): the plan file's monthly_meeting.first, else
  // the month after the plan was issued (milestone "issued": 2021-04-13 gives May 2021), as year × 12 + month − 1.
  int first_meeting_month() const { return first_meeting_month_; }

  // The monthly enforcement meetings of `year` (3.2.6): one per month from first_meeting_month(), on the day
  // the plan's policy gives (default: the month's first working day by `work`). kOutOfRange when `work` does
  // not cover a day needed; kInvalidArgument for a year outside kMinDateYear..kMaxDateYear.
  absl::StatusOr<std::vector<CalendarEvent>> MonthlyMeetings(int year, const WorkCalendar& work) const;
  // The half-yearly case-file review deadlines of `year` (3.3.4), those on or after the plan's issue date.
  absl::StatusOr<std::vector<CalendarEvent>> CaseFileReviews(int year) const;
  // Milestones dated in `year`, meetings and reviews, in date order. Errors as MonthlyMeetings.
  absl::StatusOr<std::vector<CalendarEvent>> Events(int year, const WorkCalendar& work) const;
  // An RFC 5545 iCalendar document (CRLF lines folded at 75 octets) with one all-day VEVENT per event of
  // Events(year, work); summaries and descriptions (with the clause) in `language`. Errors as Events.
  absl::StatusOr<std::string> ToIcs(int year, const WorkCalendar& work, Language language = Language::kZh) const;

 private:
  std::string id_;
  std::string title_;
  std::string text_;
  std::vector<Milestone> milestones_;
  std::vector<Phase> phases_;
  std::vector<Material> materials_;
  std::string meeting_name_ = "执法工作月例会", meeting_name_en_ = "monthly enforcement meeting",
              meeting_clause_ = "3.2.6";
  int meeting_day_ = 0;          // 0: first working day; else a day of the month
  int first_meeting_month_ = 0;  // year × 12 + month − 1
  std::string review_name_ = "执法案卷评查", review_name_en_ = "case-file review", review_clause_ = "3.3.4";
  std::vector<std::pair<int, int>> review_due_ = {{6, 30}, {12, 31}};  // (month, day)
};

}  // namespace zhifa

#endif  // ZHIFA_CALENDAR_H_
