// libFuzzer target: registry TOML parsing, name resolution, and period and decimal parsing.
#include <cstdint>
#include <string_view>

#include "zhifa/decimal.h"
#include "zhifa/period.h"
#include "zhifa/units.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)zhifa::Registry::FromText(text, "fuzz.toml");
  (void)zhifa::Registry::Builtin().Resolve(text);
  (void)zhifa::Period::Parse(text);
  (void)zhifa::Decimal::Parse(text);
  return 0;
}
