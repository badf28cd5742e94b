// Process-wide bounds on input that cannot be given per call: the size of a TOML document (rule sets,
// registries, plans, work calendars, settings). The bounds on CSV input are per reader (CsvOptions::max_row_bytes,
// csv.h). docs/limits.md lists every bound and why it is there.
//
// Thread-safety: the setting is an atomic: a load that runs while it changes sees the old value or the new one.
#ifndef ZHIFA_LIMITS_H_
#define ZHIFA_LIMITS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "zhifa/export.h"

namespace zhifa {

// A TOML document of more bytes is refused before it is parsed (a device or an endless stream stops there).
// zhifa's own files are a few KB.
inline constexpr size_t kDefaultMaxTomlBytes = size_t{16} << 20;

// Sets the largest TOML document every loader reads; 0 restores kDefaultMaxTomlBytes. The limit can only be
// raised: a value below the default is kInvalidArgument (zhifa's built-in files load under the same limit).
ZHIFA_EXPORT absl::Status SetMaxTomlBytes(size_t bytes);
ZHIFA_EXPORT size_t MaxTomlBytes();

}  // namespace zhifa

#endif  // ZHIFA_LIMITS_H_
