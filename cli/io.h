// The zhifa command line: outputs that never end half-written, and error lists that do not flood.
#ifndef ZHIFA_CLI_IO_H_
#define ZHIFA_CLI_IO_H_

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace zhifa::cli {

// How text output is encoded: UTF-8 (the default), UTF-8 with a byte-order mark, or GB18030 (Excel on Chinese
// Windows opens both of the last two correctly).
enum class OutputEncoding { kUtf8, kUtf8Bom, kGb18030 };
// "utf-8" | "utf-8-bom" | "gb18030" (also "utf8", "utf8-bom", "gbk").
absl::StatusOr<OutputEncoding> OutputEncodingFromName(const std::string& name);

// Where a command writes: stdout, or a file written whole or not at all. A file is written to a temporary file
// in the same folder, flushed, checked and renamed over the target only when every byte was written; a failure
// (a full disk, a closed pipe, the process killed) leaves the old file as it was, and is reported with the path
// and the system's reason. (The file is not fsync'ed: a power cut right after may still lose it.) stdout is
// checked when it is closed.
class Output {
 public:
  // `path` empty or "-" is stdout. kInvalidArgument naming the path and the reason when the temporary file
  // cannot be created.
  static absl::StatusOr<std::unique_ptr<Output>> Open(const std::string& path,
                                                      OutputEncoding encoding = OutputEncoding::kUtf8);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  std::ostream& stream() { return *stream_; }
  // Finishes the output: flushes, checks, renames a file into place. kDataLoss naming the path (or stdout) and
  // the reason ("No space left on device") when anything could not be written.
  absl::Status Close();

 private:
  Output() = default;
  std::string path_;  // empty for stdout
  std::string temp_;
  int fd_ = -1;
  std::unique_ptr<std::streambuf> buf_;
  std::unique_ptr<std::ostream> stream_;
  bool closed_ = false;
};

// Writes `text` to `path` (or stdout) through an Output; returns kOk, or prints the error and returns kUsage.
int WriteWhole(const std::string& path, const std::string& text, OutputEncoding encoding = OutputEncoding::kUtf8);

// One bad cell or row of an input file.
struct InputError {
  std::string file;
  int64_t line = 0;     // as a spreadsheet numbers it; 0 for the whole file
  std::string column;   // as the file's header names it; empty for the whole row
  std::string value;    // the cell as written
  std::string message;  // what is wrong
};

// Reports input errors on stderr, at most `limit` lines, then one line with the count and where the full list
// is: the --errors FILE, which gets every error as CSV (file, line, column, value, message).
class ErrorReport {
 public:
  ErrorReport(std::string errors_file, size_t limit = 20) : errors_file_(std::move(errors_file)), limit_(limit) {}
  void Add(InputError error);
  size_t count() const { return count_; }
  // Prints the summary line and writes the --errors file. Returns false when that file cannot be written.
  bool Finish();

 private:
  std::string errors_file_;
  size_t limit_;
  size_t count_ = 0;
  bool any_line_ = false;
  std::vector<InputError> all_;  // kept only when there is an --errors file
};

// How many rows of one input were bad: "5 of 6 problems".
struct BadRows {
  int64_t bad = 0;
  int64_t total = 0;
  std::string_view what;  // "problems", "cases", "rows" ...
};
// Finishes `report` and applies --keep-going to the bad rows of the inputs: false when they stop the command
// (or the --errors file cannot be written; the caller exits kUsage, writing nothing), true when there are none
// or --keep-going leaves them out, which is said on stderr.
bool AcceptBadRows(ErrorReport& report, std::initializer_list<BadRows> inputs, bool keep_going);

}  // namespace zhifa::cli

#endif  // ZHIFA_CLI_IO_H_
