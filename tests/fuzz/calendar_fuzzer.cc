// libFuzzer target: plan and work-calendar TOML, ISO dates.
#include <cstdint>
#include <string_view>

#include "zhifa/calendar.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<zhifa::Plan> plan = zhifa::Plan::FromText(text, "fuzz.toml");
  if (plan.ok()) (void)plan->PhaseOn(boost::gregorian::date(2021, 5, 1));
  absl::StatusOr<zhifa::WorkCalendar> work = zhifa::WorkCalendar::FromText(text, "fuzz.toml");
  if (work.ok()) (void)work->WorkingDaysBetween(boost::gregorian::date(2021, 1, 1), boost::gregorian::date(2021, 3, 1));
  (void)zhifa::ParseDate(text);
  return 0;
}
