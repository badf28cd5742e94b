// libFuzzer target: the counts CSV reader (decoder, libcsv, header mapping, cell parsing) in every encoding.
#include <cstdint>
#include <sstream>
#include <string>

#include "zhifa/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the encoding; the rest is the file.
  zhifa::Encoding encoding = static_cast<zhifa::Encoding>(data[0] % 3);
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  int64_t expected = 0;
  absl::Status s = zhifa::ReadCountsCsv(in, zhifa::Registry::Builtin(), {.encoding = encoding, .source = "fuzz"},
                                        [&](zhifa::CountsRow&& row) {
                                          if (row.row != ++expected) __builtin_trap();  // a row was lost
                                        });
  (void)s;
  return 0;
}
