#include "zhifa/calendar.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "boost/date_time/gregorian/gregorian.hpp"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/toml_util.h"

namespace zhifa {
namespace {

using internal::TomlTable;

constexpr std::string_view kWeekdays[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                           "thursday", "friday", "saturday"};

absl::StatusOr<std::string> ReadFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open ", what, " file"));
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Reads the listed string keys of a table (all required) into the fields.
absl::Status ReadStrings(const TomlTable& t, std::initializer_list<std::pair<const char*, std::string*>> fields) {
  for (auto [key, field] : fields) {
    auto v = t.String(key, true);
    if (!v.ok()) return v.status();
    *field = **v;
  }
  return absl::OkStatus();
}

bool ValidKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// RFC 5545 TEXT: backslash, semicolon, comma and newline escaped.
std::string IcsText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// Appends a content line, folded so that no line is longer than 75 octets (RFC 5545 3.1), never inside a
// UTF-8 character; lines end in CRLF.
void IcsLine(std::string& out, std::string_view line) {
  size_t limit = 75;
  while (line.size() > limit) {
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not mid-character
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;  // continuation lines start with a space
  }
  out.append(line);
  out += "\r\n";
}

std::string Compact(Date d) { return absl::StrFormat("%04d%02d%02d", d.year(), d.month().as_number(), d.day()); }

}  // namespace

absl::StatusOr<Date> ParseDate(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(internal::Cat("\"", text, "\" is not a date; expected YYYY-MM-DD"));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return bad();
  }
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  try {
    return Date(static_cast<unsigned short>(num(0, 4)), static_cast<unsigned short>(num(5, 2)),
                static_cast<unsigned short>(num(8, 2)));
  } catch (const std::out_of_range&) {
    return bad();
  }
}

std::string FormatDate(Date d) { return boost::gregorian::to_iso_extended_string(d); }

// --- WorkCalendar ------------------------------------------------------------------------------------------

absl::StatusOr<WorkCalendar> WorkCalendar::FromToml(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable t(*doc, source, "");
  if (absl::Status s = t.OnlyKeys({"id", "first_day", "last_day", "weekend", "source", "holiday", "working_day"});
      !s.ok()) {
    return s;
  }
  WorkCalendar w;
  if (absl::Status s = ReadStrings(t, {{"id", &w.id_}}); !s.ok()) return s;
  auto src = t.String("source", false);
  if (!src.ok()) return src.status();
  w.source_ = src->value_or("");
  auto first = t.Date("first_day", true);
  if (!first.ok()) return first.status();
  auto last = t.Date("last_day", true);
  if (!last.ok()) return last.status();
  w.first_day_ = **first;
  w.last_day_ = **last;
  if (w.last_day_ < w.first_day_) return t.Error("last_day", "is before first_day; dates out of order");
  auto weekend = t.StringArray("weekend");
  if (!weekend.ok()) return weekend.status();
  if (doc->contains("weekend")) {  // given: replaces the default Saturday and Sunday
    std::fill(std::begin(w.weekend_), std::end(w.weekend_), false);
    for (const std::string& day : *weekend) {
      auto it = std::find(std::begin(kWeekdays), std::end(kWeekdays), internal::Lower(day));
      if (it == std::end(kWeekdays)) {
        return t.Error("weekend", internal::Cat("\"", day, "\" is not a weekday; expected monday ... sunday"));
      }
      w.weekend_[it - std::begin(kWeekdays)] = true;
    }
  }
  auto holidays = t.Tables("holiday");
  if (!holidays.ok()) return holidays.status();
  for (size_t i = 0; i < holidays->size(); ++i) {
    TomlTable h(*(*holidays)[i], source, internal::Cat("holiday[", i + 1, "]"));
    if (absl::Status s = h.OnlyKeys({"name", "from", "until"}); !s.ok()) return s;
    Holiday x;
    if (absl::Status s = ReadStrings(h, {{"name", &x.name}}); !s.ok()) return s;
    auto from = h.Date("from", true);
    if (!from.ok()) return from.status();
    auto until = h.Date("until", true);
    if (!until.ok()) return until.status();
    x.from = **from;
    x.until = **until;
    if (x.until < x.from) return h.Error("until", "is before from; dates out of order");
    if (x.from < w.first_day_ || w.last_day_ < x.until) {
      return h.Error("from", "lies outside [first_day, last_day]");
    }
    w.holidays_.push_back(std::move(x));
  }
  auto working = t.Tables("working_day");
  if (!working.ok()) return working.status();
  for (size_t i = 0; i < working->size(); ++i) {
    TomlTable d(*(*working)[i], source, internal::Cat("working_day[", i + 1, "]"));
    if (absl::Status s = d.OnlyKeys({"date", "reason"}); !s.ok()) return s;
    auto date = d.Date("date", true);
    if (!date.ok()) return date.status();
    auto reason = d.String("reason", false);
    if (!reason.ok()) return reason.status();
    WorkingDay x{**date, reason->value_or("")};
    if (!w.weekend_[x.date.day_of_week().as_number()]) {
      return d.Error("date", internal::Cat(FormatDate(x.date), " is a weekday already; list only weekend days worked"));
    }
    if (w.HolidayOn(x.date)) return d.Error("date", internal::Cat(FormatDate(x.date), " falls in a holiday"));
    w.working_days_.push_back(std::move(x));
  }
  return w;
}

absl::StatusOr<WorkCalendar> WorkCalendar::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "work calendar");
  if (!text.ok()) return text.status();
  return FromToml(*text, path);
}

absl::StatusOr<WorkCalendar> WorkCalendar::China(int year) {
  std::string path = internal::Cat("data/calendar/china-", year, ".toml");
  std::string_view text = internal::EmbeddedText(path);
  if (text.empty()) {
    std::vector<std::string> years;
    for (const internal::EmbeddedFile& f : internal::EmbeddedUnder("data/calendar/china-")) {
      years.push_back(std::string(f.path.substr(std::string_view("data/calendar/china-").size(), 4)));
    }
    return absl::NotFoundError(internal::Cat("no built-in work calendar for ", year,
                                             "; built in: ", internal::Join(years, ", "),
                                             " (load others with WorkCalendar::FromFile)"));
  }
  return FromToml(text, path);
}

std::optional<std::string> WorkCalendar::HolidayOn(Date d) const {
  for (const Holiday& h : holidays_) {
    if (h.from <= d && d <= h.until) return h.name;
  }
  return std::nullopt;
}

bool WorkCalendar::IsWorkingDay(Date d) const {
  for (const WorkingDay& w : working_days_) {
    if (w.date == d) return true;
  }
  if (HolidayOn(d)) return false;
  return !weekend_[d.day_of_week().as_number()];
}

Date WorkCalendar::AddWorkingDays(Date d, int n) const {
  const boost::gregorian::days step(n >= 0 ? 1 : -1);
  for (int left = n >= 0 ? n : -n; left > 0;) {
    d += step;
    if (IsWorkingDay(d)) --left;
  }
  return d;
}

int WorkCalendar::WorkingDaysBetween(Date a, Date b) const {
  if (b < a) return -WorkingDaysBetween(b, a);
  int count = 0;
  for (Date d = a + boost::gregorian::days(1); d <= b; d += boost::gregorian::days(1)) count += IsWorkingDay(d);
  return count;
}

// --- Plan --------------------------------------------------------------------------------------------------

absl::StatusOr<Plan> Plan::FromToml(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable t(*doc, source, "");
  if (absl::Status s =
          t.OnlyKeys({"id", "title", "milestone", "phase", "material", "monthly_meeting", "case_file_review"});
      !s.ok()) {
    return s;
  }
  Plan p;
  if (absl::Status s = ReadStrings(t, {{"id", &p.id_}, {"title", &p.title_}}); !s.ok()) return s;

  auto milestones = t.Tables("milestone");
  if (!milestones.ok()) return milestones.status();
  for (size_t i = 0; i < milestones->size(); ++i) {
    TomlTable m(*(*milestones)[i], source, internal::Cat("milestone[", i + 1, "]"));
    if (absl::Status s = m.OnlyKeys({"key", "name", "name_en", "date", "clause", "kind"}); !s.ok()) return s;
    Milestone x;
    if (absl::Status s = ReadStrings(
            m, {{"key", &x.key}, {"name", &x.name}, {"name_en", &x.name_en}, {"clause", &x.clause}, {"kind", &x.kind}});
        !s.ok()) {
      return s;
    }
    if (!ValidKey(x.key)) return m.Error("key", internal::Cat("\"", x.key, "\" is not a key; expected [a-z0-9_]+"));
    if (x.kind != "deadline" && x.kind != "start" && x.kind != "event") {
      return m.Error("kind", internal::Cat("\"", x.kind, "\" is not a kind; expected deadline, start or event"));
    }
    if (p.FindMilestone(x.key)) return m.Error("key", internal::Cat("duplicate milestone key \"", x.key, "\""));
    auto date = m.Date("date", true);
    if (!date.ok()) return date.status();
    x.date = **date;
    p.milestones_.push_back(std::move(x));
  }
  std::stable_sort(p.milestones_.begin(), p.milestones_.end(),
                   [](const Milestone& a, const Milestone& b) { return a.date < b.date; });

  auto phases = t.Tables("phase");
  if (!phases.ok()) return phases.status();
  for (size_t i = 0; i < phases->size(); ++i) {
    TomlTable m(*(*phases)[i], source, internal::Cat("phase[", i + 1, "]"));
    if (absl::Status s = m.OnlyKeys({"key", "name", "name_en", "clause", "from", "until"}); !s.ok()) return s;
    Phase x;
    if (absl::Status s =
            ReadStrings(m, {{"key", &x.key}, {"name", &x.name}, {"name_en", &x.name_en}, {"clause", &x.clause}});
        !s.ok()) {
      return s;
    }
    if (!ValidKey(x.key) || x.key == "before" || x.key == "after") {
      return m.Error("key", internal::Cat("\"", x.key, "\" is not a phase key; expected [a-z0-9_]+, not before/after"));
    }
    auto from = m.Date("from", true);
    if (!from.ok()) return from.status();
    auto until = m.Date("until", true);
    if (!until.ok()) return until.status();
    x.start = **from;
    x.end = **until;
    if (*x.end < *x.start) return m.Error("until", "is before from; dates out of order");
    if (!p.phases_.empty() && !(*p.phases_.back().end < *x.start)) {
      return m.Error("from", internal::Cat("phase \"", x.key, "\" starts before phase \"", p.phases_.back().key,
                                           "\" ends; list phases in order without overlap"));
    }
    p.phases_.push_back(std::move(x));
  }
  if (p.phases_.empty()) return t.Error("phase", "no [[phase]] tables; a plan needs at least one phase");

  auto materials = t.Tables("material");
  if (!materials.ok()) return materials.status();
  for (size_t i = 0; i < materials->size(); ++i) {
    TomlTable m(*(*materials)[i], source, internal::Cat("material[", i + 1, "]"));
    if (absl::Status s = m.OnlyKeys({"key", "name", "name_en", "clause", "due"}); !s.ok()) return s;
    Material x;
    if (absl::Status s = ReadStrings(
            m, {{"key", &x.key}, {"name", &x.name}, {"name_en", &x.name_en}, {"clause", &x.clause}, {"due", &x.due}});
        !s.ok()) {
      return s;
    }
    if (p.FindMilestone(x.due) == nullptr) {
      return m.Error("due", internal::Cat("unknown milestone \"", x.due, "\""));
    }
    p.materials_.push_back(std::move(x));
  }

  if (const toml::node* node = doc->get("monthly_meeting"); node != nullptr && node->is_table()) {
    TomlTable m(*node->as_table(), source, "monthly_meeting");
    if (absl::Status s = m.OnlyKeys({"name", "name_en", "clause", "day"}); !s.ok()) return s;
    if (absl::Status s = ReadStrings(
            m, {{"name", &p.meeting_name_}, {"name_en", &p.meeting_name_en_}, {"clause", &p.meeting_clause_}});
        !s.ok()) {
      return s;
    }
    const toml::node* day = node->as_table()->get("day");
    if (day != nullptr && day->is_integer()) {
      int64_t v = day->as_integer()->get();
      if (v < 1 || v > 28) return m.Error("day", internal::Cat(v, " is out of range; expected 1..28"));
      p.meeting_day_ = static_cast<int>(v);
    } else if (day != nullptr && !(day->is_string() && day->as_string()->get() == "first_working_day")) {
      return m.Error("day", "expected \"first_working_day\" or a day of the month 1..28");
    }
  }
  if (const toml::node* node = doc->get("case_file_review"); node != nullptr && node->is_table()) {
    TomlTable m(*node->as_table(), source, "case_file_review");
    if (absl::Status s = m.OnlyKeys({"name", "name_en", "clause", "due"}); !s.ok()) return s;
    if (absl::Status s =
            ReadStrings(m, {{"name", &p.review_name_}, {"name_en", &p.review_name_en_}, {"clause", &p.review_clause_}});
        !s.ok()) {
      return s;
    }
    auto due = m.StringArray("due");
    if (!due.ok()) return due.status();
    p.review_due_.clear();
    for (const std::string& md : *due) {
      absl::StatusOr<Date> d = ParseDate(internal::Cat("2000-", md));  // a leap year: 02-29 is a valid day
      if (!d.ok()) return m.Error("due", internal::Cat("\"", md, "\" is not a day of the year; expected MM-DD"));
      p.review_due_.emplace_back(d->month().as_number(), d->day());
    }
  }
  return p;
}

absl::StatusOr<Plan> Plan::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "plan");
  if (!text.ok()) return text.status();
  return FromToml(*text, path);
}

const Plan& Plan::Builtin() {
  static const Plan* plan = [] {
    absl::StatusOr<Plan> p =
        FromToml(internal::EmbeddedText("data/plan/zhenping-2021.toml"), "data/plan/zhenping-2021.toml");
    if (!p.ok()) {
      // The file is validated by the test suite; reaching this is a build defect.
      std::fprintf(stderr, "zhifa: built-in plan is invalid: %s\n", std::string(p.status().message()).c_str());
      std::abort();
    }
    return new Plan(*std::move(p));
  }();
  return *plan;
}

const Milestone* Plan::FindMilestone(std::string_view key) const {
  for (const Milestone& m : milestones_) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

Phase Plan::PhaseOn(Date d) const {
  for (const Phase& p : phases_) {
    if (*p.start <= d && d <= *p.end) return p;
  }
  if (d < *phases_.front().start) {
    return Phase{"before", "方案实施前", "before the plan",
                 "",       std::nullopt, *phases_.front().start - boost::gregorian::days(1)};
  }
  if (*phases_.back().end < d) {
    return Phase{
        "after",     "专项整治结束后", "after the rectification", "", *phases_.back().end + boost::gregorian::days(1),
        std::nullopt};
  }
  // Between two phases (a gap in another plan's data): report the next one's run-up as "before" it.
  for (size_t i = 1; i < phases_.size(); ++i) {
    if (*phases_[i - 1].end < d && d < *phases_[i].start) {
      return Phase{"between",
                   "阶段之间",
                   "between phases",
                   "",
                   *phases_[i - 1].end + boost::gregorian::days(1),
                   *phases_[i].start - boost::gregorian::days(1)};
    }
  }
  return phases_.back();
}

std::vector<DeadlineStatus> Plan::Deadlines(Date on) const {
  std::vector<DeadlineStatus> out;
  for (const Milestone& m : milestones_) {
    if (m.kind == "deadline") out.push_back({&m, static_cast<int>((m.date - on).days())});
  }
  return out;
}

std::optional<DeadlineStatus> Plan::NextDeadline(Date on) const {
  for (const DeadlineStatus& d : Deadlines(on)) {
    if (d.days >= 0) return d;
  }
  return std::nullopt;
}

absl::StatusOr<SubmissionCheck> Plan::CheckSubmission(std::string_view material_key, Date submitted) const {
  for (const Material& m : materials_) {
    if (m.key != material_key) continue;
    SubmissionCheck c;
    c.material = &m;
    c.due = FindMilestone(m.due)->date;
    c.submitted = submitted;
    const int late = static_cast<int>((submitted - c.due).days());
    c.on_time = late <= 0;
    c.days_late = c.on_time ? 0 : late;
    c.message = c.on_time ? internal::Cat(m.name, ": submitted ", FormatDate(submitted), ", on time (due ",
                                          FormatDate(c.due), ", ", m.clause, ")")
                          : internal::Cat(m.name, ": submitted ", FormatDate(submitted), ", ", late,
                                          late == 1 ? " day" : " days", " after the ", FormatDate(c.due), " deadline (",
                                          m.clause, ")");
    return c;
  }
  std::vector<std::string> keys;
  for (const Material& m : materials_) keys.push_back(m.key);
  return absl::NotFoundError(
      internal::Cat("unknown material \"", material_key, "\"; expected one of ", internal::Join(keys, ", ")));
}

std::vector<CalendarEvent> Plan::MonthlyMeetings(int year, const WorkCalendar& work) const {
  std::vector<CalendarEvent> out;
  for (int month = 1; month <= 12; ++month) {
    Date d(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
    if (meeting_day_ > 0) {
      d = Date(d.year(), d.month(), static_cast<unsigned short>(meeting_day_));
    } else {
      while (!work.IsWorkingDay(d)) d += boost::gregorian::days(1);
    }
    out.push_back({internal::Cat(id_, "-monthly_meeting-", Compact(d)), d, meeting_name_, meeting_name_en_,
                   meeting_clause_, "meeting"});
  }
  return out;
}

std::vector<CalendarEvent> Plan::CaseFileReviews(int year) const {
  std::vector<CalendarEvent> out;
  for (auto [month, day] : review_due_) {
    if (month == 2 && day == 29 && !boost::gregorian::gregorian_calendar::is_leap_year(year)) day = 28;
    Date d(static_cast<unsigned short>(year), static_cast<unsigned short>(month), static_cast<unsigned short>(day));
    out.push_back({internal::Cat(id_, "-case_file_review-", Compact(d)), d, review_name_, review_name_en_,
                   review_clause_, "review"});
  }
  return out;
}

std::vector<CalendarEvent> Plan::Events(int year, const WorkCalendar& work) const {
  std::vector<CalendarEvent> out;
  for (const Milestone& m : milestones_) {
    if (m.date.year() == year) {
      out.push_back(
          {internal::Cat(id_, "-", m.key, "-", Compact(m.date)), m.date, m.name, m.name_en, m.clause, m.kind});
    }
  }
  for (CalendarEvent& e : MonthlyMeetings(year, work)) out.push_back(std::move(e));
  for (CalendarEvent& e : CaseFileReviews(year)) out.push_back(std::move(e));
  std::stable_sort(out.begin(), out.end(),
                   [](const CalendarEvent& a, const CalendarEvent& b) { return a.date < b.date; });
  return out;
}

std::string Plan::ToIcs(int year, const WorkCalendar& work) const {
  std::string out;
  IcsLine(out, "BEGIN:VCALENDAR");
  IcsLine(out, "VERSION:2.0");
  IcsLine(out, "PRODID:-//zhifa//zhifa plan calendar//ZH");
  IcsLine(out, "CALSCALE:GREGORIAN");
  IcsLine(out, "METHOD:PUBLISH");
  IcsLine(out, internal::Cat("X-WR-CALNAME:", IcsText(title_), " ", year));
  // A fixed stamp (the plan's issue date, else the first milestone) keeps the file reproducible.
  const Milestone* issued = FindMilestone("issued");
  Date stamp = issued ? issued->date : (milestones_.empty() ? Date(year, 1, 1) : milestones_.front().date);
  for (const CalendarEvent& e : Events(year, work)) {
    IcsLine(out, "BEGIN:VEVENT");
    IcsLine(out, internal::Cat("UID:", e.uid, "@zhifa"));
    IcsLine(out, internal::Cat("DTSTAMP:", Compact(stamp), "T000000Z"));
    IcsLine(out, internal::Cat("DTSTART;VALUE=DATE:", Compact(e.date)));
    IcsLine(out, internal::Cat("DTEND;VALUE=DATE:", Compact(e.date + boost::gregorian::days(1))));
    IcsLine(out, internal::Cat("SUMMARY:", IcsText(e.name)));
    IcsLine(out, internal::Cat("DESCRIPTION:", IcsText(internal::Cat(e.name_en, " (", title_, " ", e.clause, ")"))));
    IcsLine(out, internal::Cat("CATEGORIES:", e.kind));
    IcsLine(out, "TRANSP:TRANSPARENT");
    IcsLine(out, "END:VEVENT");
  }
  IcsLine(out, "END:VCALENDAR");
  return out;
}

}  // namespace zhifa
