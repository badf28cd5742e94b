// zhifa calendar: the plan's phases, deadlines and recurring duties; iCalendar export.
#include <iostream>

#include "cli/cli.h"
#include "cli/io.h"
#include "nlohmann/json.hpp"

namespace zhifa::cli {
namespace {

struct CalendarArgs {
  std::string on;
  std::optional<int> year;  // unset: the --on date's year, else the plan's
  std::string format = "table";
  std::string ics;
  std::string plan;
  std::string work;
  std::string lang = "zh";
  std::string output;
};

// The kind of a calendar event in `lang`.
std::string KindName(const std::string& kind, Language lang) {
  if (lang == Language::kEn) return kind;
  if (kind == "deadline") return "截止";
  if (kind == "start") return "开始";
  if (kind == "event") return "事项";
  if (kind == "meeting") return "例会";
  if (kind == "review") return "评查";
  return kind;
}

int RunCalendar(const CalendarArgs& args) {
  std::optional<Language> lang = LanguageFromName(args.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + args.lang + ": expected zh or en"));
  const bool zh = *lang == Language::kZh;
  absl::StatusOr<Plan> custom_plan;
  const Plan* plan = &Plan::Builtin();
  if (!args.plan.empty()) {
    custom_plan = Plan::FromFile(args.plan);
    if (!custom_plan.ok()) return Fail(custom_plan.status());
    plan = &*custom_plan;
  }
  std::optional<Date> on;
  if (!args.on.empty()) {
    absl::StatusOr<Date> d = ParseDate(args.on);
    if (!d.ok()) return Fail(absl::InvalidArgumentError(std::string("--on: ") + std::string(d.status().message())));
    on = *d;
  }
  absl::StatusOr<WorkCalendar> custom_work;
  const WorkCalendar* work = &WorkCalendar::Builtin();
  if (!args.work.empty()) {
    custom_work = WorkCalendar::FromFile(args.work);
    if (!custom_work.ok()) return Fail(custom_work.status());
    work = &*custom_work;
  }
  const int year = args.year ? *args.year
                   : on      ? static_cast<int>(on->year())
                             : static_cast<int>(plan->milestones().front().date.year());
  if (!args.ics.empty()) {
    absl::StatusOr<std::string> ics = plan->ToIcs(year, *work, *lang);
    if (!ics.ok()) return Fail(ics.status());
    if (int rc = WriteWhole(args.ics, *ics); rc != kOk) return rc;
    std::cerr << "zhifa: wrote " << args.ics << " (" << year << ")\n";
  }
  absl::StatusOr<std::unique_ptr<Output>> output = Output::Open(args.output);
  if (!output.ok()) return Fail(output.status());
  std::ostream& out = (*output)->stream();
  static constexpr const char* kWeekday[] = {"日", "一", "二", "三", "四", "五", "六"};
  static constexpr const char* kWeekdayEn[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  auto weekday = [&](Date d) {
    const int w = d.day_of_week().as_number();
    return zh ? std::string("星期") + kWeekday[w] : std::string(kWeekdayEn[w]);
  };
  if (on) {
    Phase phase = plan->PhaseOn(*on);
    std::optional<DeadlineStatus> next = plan->NextDeadline(*on);
    // Whether the day is worked: only from data that covers it, never from the weekend rule alone.
    absl::StatusOr<bool> working = work->IsWorkingDay(*on);
    if (args.format == "json") {
      nlohmann::json j = {
          {"date", FormatDate(*on)},
          {"phase", {{"key", phase.key}, {"name", phase.name}, {"name_en", phase.name_en}, {"clause", phase.clause}}},
          {"working_day", working.ok() ? nlohmann::json(*working) : nlohmann::json(nullptr)}};
      if (!working.ok()) j["working_day_unknown"] = std::string(working.status().message());
      j["phase"]["start"] = phase.start ? nlohmann::json(FormatDate(*phase.start)) : nlohmann::json(nullptr);
      j["phase"]["end"] = phase.end ? nlohmann::json(FormatDate(*phase.end)) : nlohmann::json(nullptr);
      nlohmann::json deadlines = nlohmann::json::array();
      for (const DeadlineStatus& d : plan->Deadlines(*on)) {
        deadlines.push_back({{"key", d.milestone->key},
                             {"name", d.milestone->name},
                             {"name_en", d.milestone->name_en},
                             {"date", FormatDate(d.milestone->date)},
                             {"days", d.days},
                             {"clause", d.milestone->clause}});
      }
      j["deadlines"] = deadlines;
      j["next_deadline"] = next ? nlohmann::json(next->milestone->key) : nlohmann::json(nullptr);
      out << j.dump(2) << "\n";
    } else {
      std::string day_kind = !working.ok() ? (zh ? "无工作日数据" : "no working-day data")
                             : *working    ? (zh ? "工作日" : "working day")
                                           : (zh ? "休息日" : "day off");
      out << FormatDate(*on) << " (" << weekday(*on) << ", " << day_kind << "): " << (zh ? phase.name : phase.name_en)
          << " (" << phase.key << (phase.clause.empty() ? "" : ", " + phase.clause) << ")\n";
      if (!working.ok()) std::cerr << "zhifa: note: " << working.status().message() << "\n";
      if (next) {
        const std::string& name = zh ? next->milestone->name : next->milestone->name_en;
        out << (zh ? "下一截止: " : "next deadline: ") << name << " " << FormatDate(next->milestone->date) << " ("
            << next->milestone->clause << "), "
            << (next->days == 0 ? std::string(zh ? "今天到期" : "due today")
                : zh            ? "还有 " + std::to_string(next->days) + " 天"
                                : std::to_string(next->days) + " days left")
            << "\n";
      } else {
        out << (zh ? "所有截止日期均已过\n" : "every deadline has passed\n");
      }
      std::vector<std::vector<std::string>> rows = {
          {zh ? "截止" : "deadline", zh ? "日期" : "date", zh ? "条款" : "clause", zh ? "天数" : "days"}};
      for (const DeadlineStatus& d : plan->Deadlines(*on)) {
        std::string days =
            d.days >= 0 ? (zh ? "还有 " + std::to_string(d.days) + " 天" : std::to_string(d.days) + " days left")
                        : (zh ? "已过 " + std::to_string(-d.days) + " 天" : std::to_string(-d.days) + " days ago");
        rows.push_back(
            {zh ? d.milestone->name : d.milestone->name_en, FormatDate(d.milestone->date), d.milestone->clause, days});
      }
      PrintTable(out, rows);
    }
  } else {
    absl::StatusOr<std::vector<CalendarEvent>> events = plan->Events(year, *work);
    if (!events.ok()) return Fail(events.status());
    if (args.format == "json") {
      nlohmann::json j = nlohmann::json::array();
      for (const CalendarEvent& e : *events) {
        j.push_back({{"date", FormatDate(e.date)},
                     {"kind", e.kind},
                     {"name", e.name},
                     {"name_en", e.name_en},
                     {"clause", e.clause},
                     {"uid", e.uid}});
      }
      out << j.dump(2) << "\n";
    } else {
      out << plan->title() << " " << year << "\n";
      std::vector<std::vector<std::string>> rows = {{zh ? "日期" : "date", zh ? "星期" : "weekday",
                                                     zh ? "类型" : "kind", zh ? "事项" : "event",
                                                     zh ? "条款" : "clause"}};
      for (const CalendarEvent& e : *events) {
        rows.push_back(
            {FormatDate(e.date), weekday(e.date), KindName(e.kind, *lang), zh ? e.name : e.name_en, e.clause});
      }
      PrintTable(out, rows);
    }
  }
  if (absl::Status s = (*output)->Close(); !s.ok()) return Fail(s);
  return kOk;
}

}  // namespace

void AddCalendarCommands(CLI::App& app, Commands& commands) {
  auto args = std::make_shared<CalendarArgs>();
  CLI::App* cal = app.add_subcommand(
      "calendar", "The plan's phases, deadlines and recurring duties · 方案的阶段、截止日期与例行事项");
  cal->add_option("--on", args->on, "A date: its phase and the days to each deadline");
  cal->add_option("--year", args->year, "Year of the events listed (default: the plan's year)");
  cal->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"table", "json"}));
  cal->add_option("--ics", args->ics, "Also write the year's events as an iCalendar (RFC 5545) file");
  cal->add_option("--plan", args->plan, "Plan TOML (default: the built-in 2021 Zhenping plan)");
  cal->add_option("--work-calendar", args->work,
                  "Work calendar TOML (default: the built-in State Council arrangements, 2019-2026)");
  cal->add_option("--lang", args->lang, "Language of the output and the .ics file: zh or en");
  cal->add_option("-o,--output", args->output, "Write to this file instead of stdout");
  commands.push_back({cal, [=] { return RunCalendar(*args); }});
}

}  // namespace zhifa::cli
