#include "zhifa/csv.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/cells.h"
#include "lib/csv_reader.h"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/table_reader.h"

namespace zhifa {
namespace {

// Length of the longest prefix of `s` that is valid UTF-8 ending on a character boundary; sets `incomplete`
// when what follows it is a truncated (but so far valid) character at the very end of `s`.
size_t ValidUtf8Prefix(std::string_view s, bool* incomplete) {
  *incomplete = false;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      if (i + k >= n) {
        *incomplete = true;
        return i;
      }
      unsigned char b = static_cast<unsigned char>(s[i + k]);
      unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
      if (b < min || b > max) return i;
    }
    i += len;
  }
  return i;
}

// Turns input bytes (UTF-8 or GB18030) into UTF-8, chunk by chunk, keeping a truncated character for the
// next chunk.
//
// With Encoding::kAuto the file's encoding is decided on evidence that cannot mislead (issue 16, defect 8):
// text is held back from its first non-ASCII byte until either kUtf8Evidence characters of valid multi-byte
// UTF-8 are seen (GB18030 text forms valid UTF-8 by chance for a character or two, never for eight in a row),
// the input ends, or kMaxUndecided bytes are held, all valid UTF-8: the file is then UTF-8, and a byte that is
// not UTF-8 later on is an error naming its line ("the file mixes encodings"), never a reason to decode the
// whole file again as GB18030. A byte that is not UTF-8 before that evidence makes the file GB18030 (a note
// says so); a later line whose non-ASCII text is long, valid UTF-8 is then the same error the other way round.
class Decoder {
 public:
  Decoder(Encoding encoding, std::string_view source, const NoteSink& on_note)
      : mode_(encoding), source_(source), on_note_(on_note) {}
  ~Decoder() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  static constexpr int kUtf8Evidence = 8;
  static constexpr size_t kMaxUndecided = size_t{1} << 20;
  // A line of a file read as GB18030 by detection is reported as UTF-8 when its non-ASCII bytes are valid
  // UTF-8 holding this many 3-byte characters (Chinese text in UTF-8).
  static constexpr int kUtf8LineEvidence = 6;

  // Appends the decoded text of `chunk` to `out`.
  absl::Status Feed(std::string_view chunk, std::string& out) {
    pending_.append(chunk);
    return Decode(out, /*at_end=*/false);
  }

  // Decodes what is held back at the end of the input.
  absl::Status Finish(std::string& out) {
    if (absl::Status s = Decode(out, /*at_end=*/true); !s.ok()) return s;
    if (!pending_.empty()) {
      return absl::InvalidArgumentError(internal::Cat(
          source_, ": line ", line_, ": the input ends in the middle of a character (byte ", consumed_ + 1, ")"));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Decode(std::string& out, bool at_end) {
    if (mode_ == Encoding::kAuto) {
      Detect(out, at_end);
      if (mode_ == Encoding::kAuto) return absl::OkStatus();  // undecided: the bytes stay in pending_
    }
    std::string_view data = pending_;
    size_t used = 0;
    if (mode_ == Encoding::kUtf8) {
      bool incomplete = false;
      used = ValidUtf8Prefix(data, &incomplete);
      // A character cut short at the very end stays pending: Finish() reports it.
      if (used < data.size() && !incomplete) return NotUtf8(data, used);
      out.append(data.substr(0, used));
    } else {
      if (detected_) {
        // Whole lines only, so that each is checked whole (the last one at the end of the input); a line
        // longer than kMaxUndecided is converted in parts, unchecked.
        if (!at_end) {
          const size_t end = data.rfind('\n');
          if (end != std::string_view::npos) {
            data = data.substr(0, end + 1);
          } else if (data.size() < kMaxUndecided) {
            return absl::OkStatus();
          }
        }
        if (absl::Status s = CheckNoUtf8Line(data, at_end); !s.ok()) return s;
      }
      absl::StatusOr<size_t> n = Convert(data, out);
      if (!n.ok()) return n.status();
      used = *n;
    }
    Consume(used);
    return absl::OkStatus();
  }

  // Kind auto: passes ASCII through and decides, or holds the bytes from the first non-ASCII one.
  void Detect(std::string& out, bool at_end) {
    std::string_view data = pending_;
    if (!held_) {
      size_t first = 0;
      while (first < data.size() && static_cast<unsigned char>(data[first]) < 0x80) ++first;
      out.append(data.substr(0, first));
      Consume(first);
      if (pending_.empty()) return;
      held_ = true;
      data = pending_;
    }
    bool incomplete = false;
    size_t valid = ValidUtf8Prefix(data, &incomplete);
    int characters = 0;
    for (size_t k = 0; k < valid; ++k) characters += (static_cast<unsigned char>(data[k]) & 0xC0) == 0xC0;
    // A character cut short at the end is no evidence against UTF-8: Finish() reports it as such.
    const bool all_valid = valid == data.size() || incomplete;
    if (characters >= kUtf8Evidence || (all_valid && (at_end || data.size() >= kMaxUndecided))) {
      mode_ = Encoding::kUtf8;  // a byte that is not UTF-8 further on is reported by NotUtf8
      detected_ = true;
    } else if (!all_valid) {
      mode_ = Encoding::kGb18030;
      detected_ = true;
      if (on_note_) on_note_(internal::Cat(source_, ": input is not UTF-8; reading it as GB18030"));
    }
  }

  absl::Status NotUtf8(std::string_view data, size_t at) const {
    int64_t line = LineAt(data, at);
    std::string byte = absl::StrFormat("0x%02X", static_cast<unsigned char>(data[at]));
    if (detected_) {
      return absl::InvalidArgumentError(internal::Cat(
          source_, ": line ", line, ": byte ", consumed_ + at + 1, " (", byte,
          ") is not UTF-8, yet the text before it is: the file mixes encodings (a row pasted from a GB18030 "
          "file?); save it in one encoding, or read it all as GB18030 with encoding gb18030"));
    }
    return absl::InvalidArgumentError(internal::Cat(source_, ": line ", line, ": byte ", consumed_ + at + 1, " (", byte,
                                                    ") is not valid UTF-8; if the file is GBK/GB18030, read it with "
                                                    "encoding gb18030"));
  }

  // A file read as GB18030 by detection: each complete line of `data` whose non-ASCII bytes are long, valid
  // UTF-8 is an error (decoded as GB18030 it would be garbled text such as 娑呴槼琛楅亾).
  absl::Status CheckNoUtf8Line(std::string_view data, bool with_last) const {
    size_t start = 0;
    while (start < data.size()) {
      size_t end = data.find('\n', start);
      if (end == std::string_view::npos) {
        if (!with_last) break;
        end = data.size();
      }
      std::string_view line = data.substr(start, end - start);
      int three_byte = 0;
      bool utf8 = true;
      for (size_t k = 0; k < line.size() && utf8;) {
        unsigned char c = static_cast<unsigned char>(line[k]);
        if (c < 0x80) {
          ++k;
          continue;
        }
        bool incomplete = false;
        size_t n = ValidUtf8Prefix(line.substr(k, 4), &incomplete);
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n < len) {
          utf8 = false;
        } else {
          three_byte += len == 3;
          k += len;
        }
      }
      if (utf8 && three_byte >= kUtf8LineEvidence) {
        return absl::InvalidArgumentError(internal::Cat(
            source_, ": line ", LineAt(data, start),
            " is UTF-8 text, yet the file was read as GB18030 from an earlier line: the file mixes encodings; save "
            "it in one encoding, or name it with encoding utf-8 or gb18030"));
      }
      start = end + 1;
    }
    return absl::OkStatus();
  }

  // The line (1-based, of the whole input) of byte `at` of `data` (the unconsumed input).
  int64_t LineAt(std::string_view data, size_t at) const {
    return line_ + static_cast<int64_t>(std::count(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  }

  void Consume(size_t n) {
    line_ +=
        static_cast<int64_t>(std::count(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n), '\n'));
    pending_.erase(0, n);
    consumed_ += n;
  }

  absl::StatusOr<size_t> Convert(std::string_view data, std::string& out) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      cd_ = iconv_open("UTF-8", "GB18030");
      if (cd_ == reinterpret_cast<iconv_t>(-1)) {
        return absl::InternalError("iconv cannot convert GB18030 to UTF-8 on this system");
      }
    }
    char* in = const_cast<char*>(data.data());
    size_t in_left = data.size();
    std::array<char, 16384> buf;
    while (in_left > 0) {
      char* o = buf.data();
      size_t o_left = buf.size();
      size_t rc = iconv(cd_, &in, &in_left, &o, &o_left);
      out.append(buf.data(), buf.size() - o_left);
      if (rc != static_cast<size_t>(-1)) continue;
      if (errno == E2BIG) continue;
      if (errno == EINVAL) break;  // truncated character: keep it for the next chunk
      size_t at = static_cast<size_t>(in - data.data());
      return absl::InvalidArgumentError(
          internal::Cat(source_, ": line ", LineAt(data, at), ": byte ", consumed_ + at + 1, " is not valid GB18030"));
    }
    return static_cast<size_t>(in - data.data());
  }

  Encoding mode_;
  std::string_view source_;
  NoteSink on_note_;  // a copy: callers pass temporaries
  std::string pending_;
  uint64_t consumed_ = 0;
  int64_t line_ = 1;       // the line of pending_'s first byte
  bool held_ = false;      // kAuto: a non-ASCII byte was seen; pending_ holds the input from it on
  bool detected_ = false;  // the encoding was decided by detection, not given
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
};

// Spec indexes of the counts table (table_reader.cc: unit, period, then the 13 counts in kAllColumns order).
constexpr size_t kUnitSpec = 0, kPeriodSpec = 1, kFirstCountSpec = 2;

// Turns the rows of a counts table into CountsRows.
class CountsHandler : public internal::TableHandler {
 public:
  CountsHandler(const Registry& registry, std::string_view source, const std::function<void(CountsRow&&)>& on_row,
                const NoteSink& on_note)
      : registry_(registry), source_(source), on_row_(on_row), on_note_(on_note) {}

  absl::Status Begin(const internal::TableRow& header) override {
    for (size_t s = 0; s < internal::CountsColumns().size(); ++s) {
      if (header.Has(s)) spec_of_[std::string(internal::CountsColumns()[s].name)] = s;
    }
    return absl::OkStatus();
  }

  void Row(const internal::TableRow& r) override {
    CountsRow row;
    row.row = r.line;
    if (r.extra_cells > 0) {
      row.errors.push_back({"", internal::Cat("has ", r.extra_cells, " cell", r.extra_cells > 1 ? "s" : "",
                                              " beyond the header's columns")});
    }
    row.unit_text = std::string(r.Cell(kUnitSpec));
    row.period_text = std::string(r.Cell(kPeriodSpec));
    uint32_t unparsed = 0;
    for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) {
      if (!ParseCount(r, kFirstCountSpec + c, kAllColumns[c], row)) unparsed |= 1u << c;
    }
    ResolveRow(row, Resolved(units_, row.unit_text, [&] { return registry_.Resolve(row.unit_text); }),
               Resolved(periods_, row.period_text, [&] { return Period::Parse(row.period_text); }), unparsed);
    // Messages name columns as the file's header does (立案数量 rather than filed), with the cell as written.
    for (RowError& e : row.errors) {
      auto it = spec_of_.find(e.column);
      if (it == spec_of_.end()) continue;
      if (e.value.empty()) e.value = std::string(r.Raw(it->second));
      e.column = std::string(r.Header(it->second));
    }
    on_row_(std::move(row));
  }

 private:
  // Sets the count of spec `s`, or adds the cell's error and returns false.
  bool ParseCount(const internal::TableRow& r, size_t s, Column column, CountsRow& row) {
    std::string_view cell = r.Cell(s);
    if (cell.empty()) return true;  // missing: Validate() says whether that is allowed
    std::string why;
    std::optional<int64_t> v = internal::ParseWhole(cell, &why);
    if (v && *v <= kMaxCount) {
      row.counts.Set(column, *v);
      return true;
    }
    const std::string header(ColumnName(column));
    if (!v && why != "is too large") {
      row.errors.push_back(
          {header, internal::Cat("\"", internal::EchoValue(r.Raw(s)), "\" ", why), std::string(r.Raw(s))});
      return false;
    }
    if (!v || *v > kMaxCount) {
      row.errors.push_back(
          {header, internal::Cat(internal::EchoValue(cell), " is more than the largest supported count ", kMaxCount),
           std::string(r.Raw(s))});
      return false;
    }
    row.counts.Set(column, *v);
    return true;
  }

  // A unit's or a period's text resolved once: a file names a few dozen units and periods in millions of rows.
  // The cache holds texts of up to 256 bytes, and starts again empty when it has 4096 of them.
  template <typename T, typename F>
  static absl::StatusOr<T> Resolved(absl::flat_hash_map<std::string, absl::StatusOr<T>>& cache, const std::string& text,
                                    F resolve) {
    if (text.size() > 256) return resolve();
    if (auto it = cache.find(text); it != cache.end()) return it->second;
    if (cache.size() >= 4096) cache.clear();
    return cache.emplace(text, resolve()).first->second;
  }

  const Registry& registry_;
  std::string_view source_;
  const std::function<void(CountsRow&&)>& on_row_;
  const NoteSink& on_note_;
  absl::flat_hash_map<std::string, size_t> spec_of_;  // canonical column name -> spec, for the columns present
  absl::flat_hash_map<std::string, absl::StatusOr<const Unit*>> units_;
  absl::flat_hash_map<std::string, absl::StatusOr<Period>> periods_;
};

// Collects libcsv's fields into records and hands them to a CsvHandler.
class RecordCollector {
 public:
  explicit RecordCollector(internal::CsvHandler& handler) : handler_(handler) {}
  static void OnField(void* s, size_t len, void* self) {
    auto* c = static_cast<RecordCollector*>(self);
    c->fields_.emplace_back(s == nullptr ? "" : std::string(static_cast<const char*>(s), len));
  }
  static void OnRecord(int, void* self) {
    auto* c = static_cast<RecordCollector*>(self);
    if (c->status_.ok()) {
      ++c->records_;
      c->status_ = c->handler_.Record(c->fields_);
    }
    c->fields_.clear();
  }
  const absl::Status& status() const { return status_; }
  int64_t records() const { return records_; }

 private:
  internal::CsvHandler& handler_;
  std::vector<std::string> fields_;
  absl::Status status_;
  int64_t records_ = 0;
};

}  // namespace

absl::StatusOr<Encoding> EncodingFromName(std::string_view name) {
  std::string n = internal::Lower(name);
  if (n == "auto") return Encoding::kAuto;
  if (n == "utf-8" || n == "utf8") return Encoding::kUtf8;
  if (n == "gb18030" || n == "gbk" || n == "gb2312") return Encoding::kGb18030;
  return absl::InvalidArgumentError(
      internal::Cat("unknown encoding \"", name, "\"; expected auto, utf-8 or gb18030 (gbk)"));
}

std::string FormatRowError(std::string_view source, int64_t row, const RowError& error) {
  if (error.column.empty()) return internal::Cat(source, ": line ", row, ": ", error.message);
  return internal::Cat(source, ": line ", row, ", column ", error.column, ": ", error.message);
}

absl::Status internal::ReadCsv(std::istream& in, const CsvOptions& options, const NoteSink& on_note,
                               CsvHandler& handler) {
  Decoder decoder(options.encoding, options.source, on_note);
  RecordCollector collector(handler);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) return absl::InternalError("csv_init failed");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&parser, csv_free);

  std::string raw(1 << 16, '\0');
  std::string text;
  bool at_start = true;
  uint64_t bytes = 0, row_bytes = 0;
  auto parse = [&](std::string_view t) -> absl::Status {
    if (csv_parse(&parser, t.data(), t.size(), RecordCollector::OnField, RecordCollector::OnRecord, &collector) !=
        t.size()) {
      return absl::InvalidArgumentError(internal::Cat(options.source, ": CSV syntax error after line ",
                                                      collector.records(), ": ", csv_strerror(csv_error(&parser)),
                                                      " (a quote inside an unquoted field, or an unclosed quote)"));
    }
    return collector.status();
  };
  // Parses decoded text and bounds the row being read: bytes since the last complete row, counted per chunk
  // (libcsv holds an unfinished row in memory).
  auto parse_checked = [&](std::string_view t) -> absl::Status {
    const int64_t records_before = collector.records();
    if (absl::Status s = parse(t); !s.ok()) return s;
    if (collector.records() == records_before) {
      row_bytes += t.size();
    } else {  // a row ended in this chunk: the next one began after (about) its last line end
      const size_t last = t.rfind('\n');
      row_bytes = last == std::string_view::npos ? 0 : t.size() - last - 1;
    }
    if (row_bytes > options.max_row_bytes) {
      return absl::InvalidArgumentError(internal::Cat(
          options.source, ": ",
          collector.records() == 0 ? std::string("the first row")
                                   : internal::Cat("the row after line ", collector.records()),
          " is longer than ", options.max_row_bytes,
          " bytes, the most a row may have (an unclosed quote, or a file that is not CSV?); --max-row-bytes raises "
          "the limit"));
    }
    return absl::OkStatus();
  };
  while (in) {
    in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    bytes += static_cast<uint64_t>(got);
    text.clear();
    if (absl::Status s = decoder.Feed(std::string_view(raw.data(), static_cast<size_t>(got)), text); !s.ok()) {
      return s;
    }
    std::string_view t = text;
    if (at_start && !t.empty()) {
      if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);  // byte-order mark (also GB18030's, decoded)
      at_start = false;
    }
    if (absl::Status s = parse_checked(t); !s.ok()) return s;
    if (options.on_progress) options.on_progress(bytes);
  }
  if (in.bad()) return absl::DataLossError(internal::Cat(options.source, ": read error"));
  text.clear();
  if (absl::Status s = decoder.Finish(text); !s.ok()) return s;
  if (!text.empty()) {
    std::string_view t = text;
    if (at_start && t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
    if (absl::Status s = parse_checked(t); !s.ok()) return s;
  }
  if (csv_fini(&parser, RecordCollector::OnField, RecordCollector::OnRecord, &collector) != 0) {
    return absl::InvalidArgumentError(
        internal::Cat(options.source, ": CSV syntax error at the end of the input: ", "an unclosed quote"));
  }
  return collector.status();
}

absl::Status ReadCountsCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                           const std::function<void(CountsRow&&)>& on_row, const NoteSink& on_note) {
  CountsHandler handler(registry, options.source, on_row, on_note);
  return internal::ReadTable(in, internal::CountsColumns(), "counts", options, on_note, handler);
}

absl::Status ReadCountsCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                               const std::function<void(CountsRow&&)>& on_row, const NoteSink& on_note) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(internal::Cat(path, ": cannot open input file"));
  if (options.source == "<input>") options.source = path;
  return ReadCountsCsv(in, registry, options, on_row, on_note);
}

void ResolveRow(CountsRow& row, const Registry& registry, uint32_t unparsed_columns) {
  ResolveRow(row, registry.Resolve(row.unit_text), Period::Parse(row.period_text), unparsed_columns);
}

void ResolveRow(CountsRow& row, const absl::StatusOr<const Unit*>& u, const absl::StatusOr<Period>& p,
                uint32_t unparsed_columns) {
  // The unit and the period come first, as zhifa.score() checks them first: every path names the same fault.
  std::vector<RowError> first;
  if (u.ok()) {
    row.unit = *u;
  } else {
    first.push_back({"unit", std::string(u.status().message()), row.unit_text, u.status().code()});
  }
  if (p.ok()) {
    row.period = *p;
  } else {
    first.push_back({"period", std::string(p.status().message()), row.period_text});
  }
  row.errors.insert(row.errors.begin(), first.begin(), first.end());
  if (IsValid(row.counts)) return;
  // A cell that did not parse already has its own error; Validate() would only add "missing".
  for (const CountError& e : Validate(row.counts)) {
    if (!row.counts.Has(e.column) && (unparsed_columns & (1u << static_cast<unsigned>(e.column))) != 0) continue;
    row.errors.push_back({std::string(ColumnName(e.column)), e.message});
  }
}

std::string EchoValue(std::string_view value, size_t max) { return internal::EchoValue(value, max); }

std::string_view BundledSampleCsv() { return internal::EmbeddedText(kBundledSampleName); }

void AppendCsvField(std::string& out, std::string_view field) { internal::AppendCsvField(out, field); }

}  // namespace zhifa
