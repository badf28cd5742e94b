// libFuzzer target: the counts CSV reader (decoder, libcsv, header mapping, cell parsing) in every encoding, and
// its writer: good rows written back as a counts CSV read again to the same counts.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "zhifa/cases.h"
#include "zhifa/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the encoding; the rest is the file.
  zhifa::Encoding encoding = static_cast<zhifa::Encoding>(data[0] % 3);
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  int64_t last_line = 0;
  std::vector<zhifa::AggregatedRow> good;
  zhifa::CsvOptions options;
  options.encoding = encoding;
  options.source = "fuzz";
  absl::Status s = zhifa::ReadCountsCsv(in, zhifa::Registry::Builtin(), options, [&](zhifa::CountsRow&& row) {
    if (row.row <= last_line) __builtin_trap();  // every row has its own, later line
    last_line = row.row;
    if (row.ok() && !row.unit->is_sub_unit()) good.push_back({row.unit, *row.period, row.counts});
  });
  if (!s.ok() || good.empty()) return 0;
  std::ostringstream written;
  zhifa::WriteCountsCsv(written, good);
  std::istringstream again(written.str());
  size_t i = 0;
  absl::Status back = zhifa::ReadCountsCsv(again, zhifa::Registry::Builtin(), {}, [&](zhifa::CountsRow&& row) {
    if (i >= good.size() || !row.ok() || row.unit != good[i].unit || !(row.counts == good[i].counts)) {
      __builtin_trap();  // the writer and the reader disagree
    }
    ++i;
  });
  if (!back.ok() || i != good.size()) __builtin_trap();
  return 0;
}
