#include "zhifa/calendar.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "boost/date_time/gregorian/gregorian.hpp"
#include "lib/cells.h"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/toml_util.h"
#include "zhifa/period.h"

namespace zhifa {
namespace {

using internal::TomlTable;

constexpr std::string_view kWeekdays[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                           "thursday", "friday", "saturday"};

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
  std::optional<internal::Ymd> d = internal::ParseYmd(text);
  if (!d) {
    return absl::InvalidArgumentError(internal::Cat(
        "\"", internal::EchoValue(text), "\" is not a date; expected YYYY-MM-DD (also 2021/3/19, 2021.3.19, ",
        "2021年3月19日 or 20210319)"));
  }
  if (d->year < kMinDateYear || d->year > kMaxDateYear) {
    return absl::InvalidArgumentError(internal::Cat("\"", internal::EchoValue(text), "\" is out of range; dates from ",
                                                    kMinDateYear, "-01-01 to ", kMaxDateYear, "-12-31 are supported"));
  }
  return Date(static_cast<unsigned short>(d->year), static_cast<unsigned short>(d->month),
              static_cast<unsigned short>(d->day));
}

std::string FormatDate(Date d) {
  if (d.is_special()) return boost::gregorian::to_iso_extended_string(d);  // "not-a-date-time", "+infinity"
  // Boost's writer goes through a locale-aware stream; dates are formatted by the million in findings.
  const Date::ymd_type ymd = d.year_month_day();
  const unsigned y = ymd.year, m = ymd.month, day = ymd.day;
  std::string out(10, '-');
  out[0] = static_cast<char>('0' + y / 1000 % 10);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

// --- WorkCalendar ------------------------------------------------------------------------------------------

absl::StatusOr<WorkCalendar> WorkCalendar::FromText(std::string_view text, std::string_view source) {
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
  for (auto [key, day] : {std::pair{"first_day", w.first_day_}, std::pair{"last_day", w.last_day_}}) {
    if (day.year() < kMinDateYear || day.year() > kMaxDateYear) {
      return t.Error(key, internal::Cat(FormatDate(day), " is out of range; dates from ", kMinDateYear, "-01-01 to ",
                                        kMaxDateYear, "-12-31 are supported"));
    }
  }
  if ((w.last_day_ - w.first_day_).days() > 366 * 200) {
    return t.Error("last_day", "spans more than 200 years; split the calendar");
  }
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
    if (std::all_of(std::begin(w.weekend_), std::end(w.weekend_), [](bool b) { return b; })) {
      return t.Error("weekend", "names all seven days; a week needs a working day");
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
    if (!w.Covers(x.date)) return d.Error("date", "lies outside [first_day, last_day]");
    if (!w.weekend_[x.date.day_of_week().as_number()]) {
      return d.Error("date", internal::Cat(FormatDate(x.date), " is a weekday already; list only weekend days worked"));
    }
    for (const Holiday& h : w.holidays_) {
      if (h.from <= x.date && x.date <= h.until) {
        return d.Error("date", internal::Cat(FormatDate(x.date), " falls in a holiday"));
      }
    }
    w.working_days_.push_back(std::move(x));
  }
  w.texts_ = {std::string(text)};
  w.Index();
  return w;
}

void WorkCalendar::Index() {
  const int64_t n = (last_day_ - first_day_).days() + 1;
  working_.assign(static_cast<size_t>(n), 0);
  const int first_weekday = first_day_.day_of_week().as_number();
  for (int64_t i = 0; i < n; ++i) working_[static_cast<size_t>(i)] = !weekend_[(first_weekday + i) % 7];
  auto offset = [&](Date day) { return (day - first_day_).days(); };
  for (const Holiday& h : holidays_) {
    for (int64_t i = std::max<int64_t>(0, offset(h.from)); i <= std::min(n - 1, offset(h.until)); ++i) {
      working_[static_cast<size_t>(i)] = 0;
    }
  }
  for (const WorkingDay& w : working_days_) {
    if (Covers(w.date)) working_[static_cast<size_t>(offset(w.date))] = 1;
  }
}

absl::StatusOr<WorkCalendar> WorkCalendar::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = internal::ReadTextFile(path, "work calendar");
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

std::vector<int> WorkCalendar::BuiltinYears() {
  std::vector<int> years;
  constexpr std::string_view kPrefix = "data/calendar/china-";
  for (const internal::EmbeddedFile& f : internal::EmbeddedUnder(kPrefix)) {
    int year = 0;
    for (char c : f.path.substr(kPrefix.size(), 4)) year = year * 10 + (c - '0');
    years.push_back(year);
  }
  std::sort(years.begin(), years.end());
  return years;
}

absl::StatusOr<WorkCalendar> WorkCalendar::China(int year) {
  std::string path = internal::Cat("data/calendar/china-", year, ".toml");
  std::string_view text = year >= 1000 && year <= 9999 ? internal::EmbeddedText(path) : std::string_view();
  if (text.empty()) {
    std::vector<int> years = BuiltinYears();
    return absl::NotFoundError(
        internal::Cat("no built-in work calendar for ", year, "; built in: ", years.empty() ? 0 : years.front(), "-",
                      years.empty() ? 0 : years.back(), " (load another year from a work-calendar file)"));
  }
  return FromText(text, path);
}

const WorkCalendar& WorkCalendar::Builtin() {
  static const WorkCalendar* all = [] {
    std::vector<WorkCalendar> years;
    for (int year : BuiltinYears()) years.push_back(*China(year));
    absl::StatusOr<WorkCalendar> combined =
        Combine(years, internal::Cat("china (", years.front().id().substr(6), "-", years.back().id().substr(6), ")"));
    if (!combined.ok()) {
      // The files are validated by the test suite; reaching this is a build defect.
      std::fprintf(stderr, "zhifa: built-in work calendars do not combine: %s\n",
                   std::string(combined.status().message()).c_str());
      std::abort();
    }
    return new WorkCalendar(*std::move(combined));
  }();
  return *all;
}

absl::StatusOr<WorkCalendar> WorkCalendar::Combine(std::span<const WorkCalendar> parts, std::string_view id) {
  if (parts.empty()) return absl::InvalidArgumentError("no work calendars to combine");
  std::vector<const WorkCalendar*> sorted;
  for (const WorkCalendar& p : parts) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const WorkCalendar* a, const WorkCalendar* b) { return a->first_day_ < b->first_day_; });
  WorkCalendar w;
  w.first_day_ = sorted.front()->first_day_;
  w.last_day_ = sorted.front()->last_day_;
  std::copy(std::begin(sorted.front()->weekend_), std::end(sorted.front()->weekend_), std::begin(w.weekend_));
  std::vector<std::string> ids, sources;
  for (const WorkCalendar* p : sorted) {
    if (!std::equal(std::begin(p->weekend_), std::end(p->weekend_), std::begin(w.weekend_))) {
      return absl::InvalidArgumentError(
          internal::Cat("work calendars \"", sorted.front()->id_, "\" and \"", p->id_, "\" have different weekends"));
    }
    if (p->first_day_ > w.last_day_ + boost::gregorian::days(1)) {
      return absl::InvalidArgumentError(
          internal::Cat("work calendars leave ", FormatDate(w.last_day_ + boost::gregorian::days(1)), " to ",
                        FormatDate(p->first_day_ - boost::gregorian::days(1)), " uncovered (before \"", p->id_, "\")"));
    }
    w.last_day_ = std::max(w.last_day_, p->last_day_);
    w.holidays_.insert(w.holidays_.end(), p->holidays_.begin(), p->holidays_.end());
    w.working_days_.insert(w.working_days_.end(), p->working_days_.begin(), p->working_days_.end());
    ids.push_back(p->id_);
    if (!p->source_.empty()) sources.push_back(p->source_);
    w.texts_.insert(w.texts_.end(), p->texts_.begin(), p->texts_.end());
  }
  w.id_ = id.empty() ? internal::Join(ids, "+") : std::string(id);
  w.source_ = internal::Join(sources, "; ");
  w.Index();
  return w;
}

absl::Status WorkCalendar::CheckCovers(Date d) const {
  if (Covers(d)) return absl::OkStatus();
  return absl::OutOfRangeError(internal::Cat(
      FormatDate(d), " is outside the work calendar ", id_, " (", FormatDate(first_day_), " to ", FormatDate(last_day_),
      "): zhifa has no holiday data for ", static_cast<int>(d.year()),
      "; load a work-calendar file that covers it (zhifa calendar --work-calendar FILE; schema in docs/calendar.md)"));
}

absl::StatusOr<std::optional<std::string>> WorkCalendar::HolidayOn(Date d) const {
  if (absl::Status s = CheckCovers(d); !s.ok()) return s;
  for (const Holiday& h : holidays_) {
    if (h.from <= d && d <= h.until) return std::optional<std::string>(h.name);
  }
  return std::optional<std::string>();
}

absl::StatusOr<bool> WorkCalendar::IsWorkingDay(Date d) const {
  if (absl::Status s = CheckCovers(d); !s.ok()) return s;
  return Working(d);
}

absl::StatusOr<Date> WorkCalendar::AddWorkingDays(Date d, int n) const {
  if (absl::Status s = CheckCovers(d); !s.ok()) return s;
  const boost::gregorian::days step(n >= 0 ? 1 : -1);
  for (int64_t left = n >= 0 ? int64_t{n} : -int64_t{n}; left > 0;) {
    if ((step.days() > 0 && d == last_day_) || (step.days() < 0 && d == first_day_)) {
      return CheckCovers(d + step);
    }
    d += step;
    if (Working(d)) --left;
  }
  return d;
}

absl::StatusOr<int> WorkCalendar::WorkingDaysBetween(Date a, Date b) const {
  if (b < a) {
    absl::StatusOr<int> n = WorkingDaysBetween(b, a);
    if (!n.ok()) return n.status();
    return -*n;
  }
  if (absl::Status s = CheckCovers(a); !s.ok()) return s;
  if (absl::Status s = CheckCovers(b); !s.ok()) return s;
  int count = 0;
  for (Date d = a + boost::gregorian::days(1); d <= b; d += boost::gregorian::days(1)) count += Working(d);
  return count;
}

// --- Plan --------------------------------------------------------------------------------------------------

absl::StatusOr<Plan> Plan::FromText(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  TomlTable t(*doc, source, "");
  if (absl::Status s =
          t.OnlyKeys({"id", "title", "milestone", "phase", "material", "monthly_meeting", "case_file_review"});
      !s.ok()) {
    return s;
  }
  Plan p;
  p.text_ = std::string(text);
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
  // 3.2.6: the meetings are instituted by the plan, so they start the month after it is issued (or with the
  // first phase when the plan gives no issue date); monthly_meeting.first below may say otherwise.
  const Milestone* issued = p.FindMilestone("issued");
  const Date start = issued != nullptr ? issued->date : *p.phases_.front().start;
  p.first_meeting_month_ = static_cast<int>(start.year()) * 12 + start.month().as_number();

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
    if (absl::Status s = m.OnlyKeys({"name", "name_en", "clause", "day", "first"}); !s.ok()) return s;
    auto first = m.String("first", false);
    if (!first.ok()) return first.status();
    if (first->has_value()) {
      absl::StatusOr<Period> month = Period::Parse(**first);
      if (!month.ok() || month->kind() != PeriodKind::kMonth) {
        return m.Error("first", internal::Cat("\"", **first, "\" is not a month; expected YYYY-MM"));
      }
      p.first_meeting_month_ = month->year() * 12 + month->index() - 1;
    }
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
  absl::StatusOr<std::string> text = internal::ReadTextFile(path, "plan");
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

const Plan& Plan::Builtin() {
  static const Plan& plan = internal::BuiltinFrom<Plan>("data/plan/zhenping-2021.toml", "plan");
  return plan;
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

namespace {

absl::Status CheckYear(int year) {
  if (year < kMinDateYear || year > kMaxDateYear) {
    return absl::InvalidArgumentError(
        internal::Cat("year ", year, " is out of range; expected ", kMinDateYear, "..", kMaxDateYear));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<CalendarEvent>> Plan::MonthlyMeetings(int year, const WorkCalendar& work) const {
  if (absl::Status s = CheckYear(year); !s.ok()) return s;
  std::vector<CalendarEvent> out;
  for (int month = 1; month <= 12; ++month) {
    if (year * 12 + month - 1 < first_meeting_month_) continue;
    Date d(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
    if (meeting_day_ > 0) {
      d = Date(d.year(), d.month(), static_cast<unsigned short>(meeting_day_));
    } else {
      for (;;) {
        absl::StatusOr<bool> working = work.IsWorkingDay(d);
        if (!working.ok()) return working.status();
        if (*working) break;
        d += boost::gregorian::days(1);
      }
    }
    out.push_back({internal::Cat(id_, "-monthly_meeting-", Compact(d)), d, meeting_name_, meeting_name_en_,
                   meeting_clause_, "meeting"});
  }
  return out;
}

absl::StatusOr<std::vector<CalendarEvent>> Plan::CaseFileReviews(int year) const {
  if (absl::Status s = CheckYear(year); !s.ok()) return s;
  const Milestone* issued = FindMilestone("issued");
  std::vector<CalendarEvent> out;
  for (auto [month, day] : review_due_) {
    if (month == 2 && day == 29 && !boost::gregorian::gregorian_calendar::is_leap_year(year)) day = 28;
    Date d(static_cast<unsigned short>(year), static_cast<unsigned short>(month), static_cast<unsigned short>(day));
    if (issued != nullptr && d < issued->date) continue;  // instituted by the plan (3.3.4)
    out.push_back({internal::Cat(id_, "-case_file_review-", Compact(d)), d, review_name_, review_name_en_,
                   review_clause_, "review"});
  }
  return out;
}

absl::StatusOr<std::vector<CalendarEvent>> Plan::Events(int year, const WorkCalendar& work) const {
  absl::StatusOr<std::vector<CalendarEvent>> out = MonthlyMeetings(year, work);
  if (!out.ok()) return out.status();
  for (const Milestone& m : milestones_) {
    if (m.date.year() == year) {
      out->push_back(
          {internal::Cat(id_, "-", m.key, "-", Compact(m.date)), m.date, m.name, m.name_en, m.clause, m.kind});
    }
  }
  absl::StatusOr<std::vector<CalendarEvent>> reviews = CaseFileReviews(year);
  if (!reviews.ok()) return reviews.status();
  for (CalendarEvent& e : *reviews) out->push_back(std::move(e));
  std::stable_sort(out->begin(), out->end(),
                   [](const CalendarEvent& a, const CalendarEvent& b) { return a.date < b.date; });
  return out;
}

absl::StatusOr<std::string> Plan::ToIcs(int year, const WorkCalendar& work, Language language) const {
  absl::StatusOr<std::vector<CalendarEvent>> events = Events(year, work);
  if (!events.ok()) return events.status();
  const bool zh = language == Language::kZh;
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
  for (const CalendarEvent& e : *events) {
    IcsLine(out, "BEGIN:VEVENT");
    IcsLine(out, internal::Cat("UID:", e.uid, "@zhifa"));
    IcsLine(out, internal::Cat("DTSTAMP:", Compact(stamp), "T000000Z"));
    IcsLine(out, internal::Cat("DTSTART;VALUE=DATE:", Compact(e.date)));
    IcsLine(out, internal::Cat("DTEND;VALUE=DATE:", Compact(e.date + boost::gregorian::days(1))));
    IcsLine(out, internal::Cat("SUMMARY:", IcsText(zh ? e.name : e.name_en)));
    IcsLine(out,
            internal::Cat("DESCRIPTION:", IcsText(zh ? internal::Cat(e.name, "（", title_, " ", e.clause, "）")
                                                     : internal::Cat(e.name_en, " (", title_, " ", e.clause, ")"))));
    IcsLine(out, internal::Cat("CATEGORIES:", e.kind));
    IcsLine(out, "TRANSP:TRANSPARENT");
    IcsLine(out, "END:VEVENT");
  }
  IcsLine(out, "END:VCALENDAR");
  return out;
}

}  // namespace zhifa
