// libFuzzer target: the problem ledger CSV (read, then written and read back to the same cells), the
// submissions CSV and the ledger settings TOML.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "zhifa/ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const zhifa::Registry& registry = zhifa::Registry::Builtin();
  std::vector<zhifa::Problem> good;
  int64_t last_line = 0;
  std::istringstream in(text);
  absl::Status s = zhifa::ReadLedgerCsv(in, registry, {}, [&](zhifa::Problem&& p) {
    if (p.row <= last_line) __builtin_trap();  // every row has its own, later line
    last_line = p.row;
    if (p.errors.empty()) good.push_back(std::move(p));
  });
  if (s.ok() && !good.empty()) {
    std::ostringstream written;
    zhifa::WriteLedgerCsv(written, good);
    std::istringstream again(written.str());
    size_t i = 0;
    absl::Status back = zhifa::ReadLedgerCsv(again, registry, {}, [&](zhifa::Problem&& p) {
      if (i >= good.size() || !p.errors.empty() || zhifa::ProblemCells(p) != zhifa::ProblemCells(good[i])) {
        __builtin_trap();  // the writer and the reader disagree
      }
      ++i;
    });
    if (!back.ok() || i != good.size()) __builtin_trap();
  }
  std::istringstream submissions(text);
  (void)zhifa::ReadSubmissionsCsv(submissions, registry, zhifa::Plan::Builtin(), {}, [](zhifa::Submission&&) {});
  (void)zhifa::LedgerSettings::FromText(text, "fuzz.toml");
  return 0;
}
