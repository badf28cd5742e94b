// libFuzzer target: the case CSV reader, checks and aggregation; quota CSV; case settings TOML.
#include <cstdint>
#include <sstream>
#include <string>

#include "zhifa/cases.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  {
    std::istringstream in(text);
    int64_t last_line = 0;
    zhifa::CaseAggregator agg(zhifa::Registry::Builtin(), zhifa::CaseSettings::Builtin(), {});
    absl::Status s = zhifa::ReadCasesCsv(in, zhifa::Registry::Builtin(), {}, [&](zhifa::CaseRecord&& c) {
      if (c.row <= last_line) __builtin_trap();  // every row has its own, later line
      last_line = c.row;
      (void)zhifa::CheckCase(c, zhifa::CaseSettings::Builtin());
      (void)agg.Add(c);
    });
    (void)s;
    (void)agg.Finish(zhifa::QuotaSource::History());
  }
  std::istringstream quota(text);
  (void)zhifa::QuotaSource::FromCsv(quota, zhifa::Registry::Builtin(), {});
  (void)zhifa::CaseSettings::FromText(text);
  return 0;
}
