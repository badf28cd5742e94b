// Internal: the CSV record loop shared by the counts and the case readers (decoding, BOM, libcsv, errors).
#ifndef ZHIFA_LIB_CSV_READER_H_
#define ZHIFA_LIB_CSV_READER_H_

#include <istream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "zhifa/csv.h"

namespace zhifa::internal {

// Receives each record (the header is a record like any other: TableReader finds it); returning an error stops
// the read with it.
class CsvHandler {
 public:
  virtual ~CsvHandler() = default;
  virtual absl::Status Record(std::vector<std::string>& fields) = 0;
};

// Reads `in` (UTF-8 or GB18030 per options, BOM dropped, RFC 4180 quoting) and calls the handler. Returns
// kInvalidArgument naming options.source for a CSV syntax error or bytes that are not text in the encoding.
absl::Status ReadCsv(std::istream& in, const CsvOptions& options, const NoteSink& on_note, CsvHandler& handler);

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_CSV_READER_H_
