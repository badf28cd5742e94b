// libFuzzer target: rule-set TOML parsing and validation; whatever parses must round-trip canonically.
#include <cstdint>
#include <string_view>

#include "zhifa/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<zhifa::RuleSet> r = zhifa::RuleSet::FromText(text, "fuzz.toml");
  if (r.ok()) {
    absl::StatusOr<zhifa::RuleSet> again = zhifa::RuleSet::FromText(r->ToToml(), "canonical");
    if (!again.ok() || again->digest() != r->digest()) __builtin_trap();
  }
  return 0;
}
