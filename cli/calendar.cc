// zhifa calendar: the plan's phases, deadlines and recurring duties; iCalendar export.
#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "nlohmann/json.hpp"

namespace zhifa::cli {
namespace {

struct CalendarArgs {
  std::string on;
  int year = 0;
  std::string format = "table";
  std::string ics;
  std::string plan;
  std::string work;
};

int RunCalendar(const CalendarArgs& args) {
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
  const int year = args.year != 0 ? args.year
                   : on           ? static_cast<int>(on->year())
                                  : static_cast<int>(plan->milestones().front().date.year());
  absl::StatusOr<WorkCalendar> work = args.work.empty() ? WorkCalendar::China(year) : WorkCalendar::FromFile(args.work);
  if (!work.ok() && args.work.empty()) {
    // No holiday data for that year: weekends only, and say so.
    std::cerr << "zhifa: note: " << work.status().message() << "; meetings use weekends only\n";
    work = WorkCalendar::FromToml("id = \"weekends\"\nfirst_day = " + std::to_string(year) +
                                      "-01-01\nlast_day = " + std::to_string(year) + "-12-31\n",
                                  "<weekends>");
  }
  if (!work.ok()) return Fail(work.status());
  if (!args.ics.empty()) {
    std::ofstream f(args.ics, std::ios::binary);
    f << plan->ToIcs(year, *work);
    if (!f) {
      std::cerr << "zhifa: --ics " << args.ics << ": cannot write\n";
      return kUsage;
    }
    std::cerr << "zhifa: wrote " << args.ics << " (" << plan->Events(year, *work).size() << " events, " << year
              << ")\n";
  }
  static constexpr const char* kWeekday[] = {"日", "一", "二", "三", "四", "五", "六"};
  if (on) {
    Phase phase = plan->PhaseOn(*on);
    std::optional<DeadlineStatus> next = plan->NextDeadline(*on);
    if (args.format == "json") {
      nlohmann::json j = {
          {"date", FormatDate(*on)},
          {"phase", {{"key", phase.key}, {"name", phase.name}, {"name_en", phase.name_en}, {"clause", phase.clause}}},
          {"working_day", work->IsWorkingDay(*on)}};
      j["phase"]["start"] = phase.start ? nlohmann::json(FormatDate(*phase.start)) : nlohmann::json(nullptr);
      j["phase"]["end"] = phase.end ? nlohmann::json(FormatDate(*phase.end)) : nlohmann::json(nullptr);
      nlohmann::json deadlines = nlohmann::json::array();
      for (const DeadlineStatus& d : plan->Deadlines(*on)) {
        deadlines.push_back({{"key", d.milestone->key},
                             {"name", d.milestone->name},
                             {"date", FormatDate(d.milestone->date)},
                             {"days", d.days},
                             {"clause", d.milestone->clause}});
      }
      j["deadlines"] = deadlines;
      j["next_deadline"] = next ? nlohmann::json(next->milestone->key) : nlohmann::json(nullptr);
      std::cout << j.dump(2) << "\n";
      return kOk;
    }
    std::cout << FormatDate(*on) << " (星期" << kWeekday[on->day_of_week().as_number()] << ", "
              << (work->IsWorkingDay(*on) ? "工作日" : "休息日") << "): " << phase.name << " (" << phase.key
              << (phase.clause.empty() ? "" : ", " + phase.clause) << ")\n";
    if (next) {
      std::cout << "下一截止: " << next->milestone->name << " " << FormatDate(next->milestone->date) << " ("
                << next->milestone->clause << "), "
                << (next->days == 0 ? std::string("今天到期") : "还有 " + std::to_string(next->days) + " 天") << "\n";
    } else {
      std::cout << "所有截止日期均已过\n";
    }
    std::vector<std::vector<std::string>> rows = {{"截止", "日期", "条款", "天数"}};
    for (const DeadlineStatus& d : plan->Deadlines(*on)) {
      rows.push_back(
          {d.milestone->name, FormatDate(d.milestone->date), d.milestone->clause,
           d.days >= 0 ? "还有 " + std::to_string(d.days) + " 天" : "已过 " + std::to_string(-d.days) + " 天"});
    }
    PrintTable(std::cout, rows);
    return kOk;
  }
  std::vector<CalendarEvent> events = plan->Events(year, *work);
  if (args.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const CalendarEvent& e : events) {
      j.push_back({{"date", FormatDate(e.date)},
                   {"kind", e.kind},
                   {"name", e.name},
                   {"name_en", e.name_en},
                   {"clause", e.clause},
                   {"uid", e.uid}});
    }
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << plan->title() << " " << year << "\n";
  std::vector<std::vector<std::string>> rows = {{"日期", "星期", "类型", "事项", "条款"}};
  for (const CalendarEvent& e : events) {
    rows.push_back({FormatDate(e.date), kWeekday[e.date.day_of_week().as_number()], e.kind, e.name, e.clause});
  }
  PrintTable(std::cout, rows);
  return kOk;
}

}  // namespace

void AddCalendarCommands(CLI::App& app, Commands& commands) {
  auto args = std::make_shared<CalendarArgs>();
  CLI::App* cal = app.add_subcommand("calendar", "The plan's phases, deadlines and recurring duties");
  cal->add_option("--on", args->on, "A date (YYYY-MM-DD): its phase and the days to each deadline");
  cal->add_option("--year", args->year, "Year of the events listed (default: the plan's year)");
  cal->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"table", "json"}));
  cal->add_option("--ics", args->ics, "Also write the year's events as an iCalendar (RFC 5545) file");
  cal->add_option("--plan", args->plan, "Plan TOML (default: the built-in 2021 Zhenping plan)");
  cal->add_option("--work-calendar", args->work, "Work calendar TOML (default: the built-in one for the year)");
  commands.push_back({cal, [=] { return RunCalendar(*args); }});
}

}  // namespace zhifa::cli
