#include "cli/io.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"

namespace zhifa::cli {
namespace {

// A stream buffer that writes UTF-8 text to a file descriptor, as UTF-8 (with a byte-order mark first when
// asked) or converted to GB18030, 64 KiB at a time. The first write error is kept with its errno; nothing more
// is written after it.
class FdBuf : public std::streambuf {
 public:
  FdBuf(int fd, OutputEncoding encoding) : fd_(fd), encoding_(encoding), buf_(1 << 16) {
    setp(buf_.data(), buf_.data() + buf_.size());
    if (encoding_ == OutputEncoding::kGb18030) {
      cd_ = iconv_open("GB18030", "UTF-8");
      if (cd_ == reinterpret_cast<iconv_t>(-1)) error_ = errno;
    }
  }
  ~FdBuf() override {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  // 0 when everything so far was written, else the errno of the first failure.
  int error() const { return error_; }
  // Writes what is buffered; `final` converts a truncated character at the end too (as an error).
  bool Drain(bool final) {
    const size_t n = static_cast<size_t>(pptr() - pbase());
    pending_.append(pbase(), n);
    setp(buf_.data(), buf_.data() + buf_.size());
    if (error_ != 0) return false;
    if (!bom_done_) {
      bom_done_ = true;
      if (encoding_ == OutputEncoding::kUtf8Bom && !WriteAll("\xEF\xBB\xBF", 3)) return false;
    }
    if (encoding_ != OutputEncoding::kGb18030) {
      const bool ok = WriteAll(pending_.data(), pending_.size());
      pending_.clear();
      return ok;
    }
    char* in = pending_.data();
    size_t in_left = pending_.size();
    char out[1 << 16];
    while (in_left > 0) {
      char* o = out;
      size_t o_left = sizeof out;
      size_t rc = iconv(cd_, &in, &in_left, &o, &o_left);
      if (!WriteAll(out, sizeof out - o_left)) return false;
      if (rc != static_cast<size_t>(-1) || errno == E2BIG) continue;
      if (errno == EINVAL && !final) break;  // a character cut by the buffer's end: wait for the rest
      error_ = EILSEQ;  // not convertible: GB18030 covers all of Unicode, so the text was not UTF-8
      return false;
    }
    pending_.erase(0, pending_.size() - in_left);
    return true;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain(false)) return traits_type::eof();
    if (c != traits_type::eof()) {
      *pptr() = static_cast<char>(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain(false) ? 0 : -1; }

 private:
  bool WriteAll(const char* data, size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd_, data, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        return false;
      }
      data += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }

  int fd_;
  OutputEncoding encoding_;
  std::vector<char> buf_;
  std::string pending_;
  bool bom_done_ = false;
  int error_ = 0;
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
};

}  // namespace

absl::StatusOr<OutputEncoding> OutputEncodingFromName(const std::string& name) {
  std::string n;
  for (char c : name) n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "utf-8" || n == "utf8") return OutputEncoding::kUtf8;
  if (n == "utf-8-bom" || n == "utf8-bom" || n == "utf-8-sig") return OutputEncoding::kUtf8Bom;
  if (n == "gb18030" || n == "gbk") return OutputEncoding::kGb18030;
  return absl::InvalidArgumentError(
      absl::StrCat("--encoding ", name,
                   ": expected utf-8, utf-8-bom or gb18030 (the input's encoding is found by "
                   "itself, or given with --input-encoding)"));
}

absl::StatusOr<std::unique_ptr<Output>> Output::Open(const std::string& path, OutputEncoding encoding) {
  std::unique_ptr<Output> out(new Output());
  if (path.empty() || path == "-") {
    out->fd_ = STDOUT_FILENO;
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": is a folder; expected a file to write"));
    }
    out->path_ = path;
    std::filesystem::path p(path);
    std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
    out->temp_ = (dir / ("." + p.filename().string() + ".zhifa-XXXXXX")).string();
    out->fd_ = mkstemp(out->temp_.data());
    if (out->fd_ < 0) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": cannot write here: ", std::strerror(errno)));
    }
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(out->fd_, 0666 & ~mask);
  }
  out->buf_ = std::make_unique<FdBuf>(out->fd_, encoding);
  out->stream_ = std::make_unique<std::ostream>(out->buf_.get());
  return out;
}

Output::~Output() {
  if (closed_) return;
  if (!path_.empty()) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  } else {
    stream_->flush();
  }
}

absl::Status Output::Close() {
  closed_ = true;
  auto* buf = static_cast<FdBuf*>(buf_.get());
  buf->Drain(true);
  const std::string where = path_.empty() ? std::string("standard output") : path_;
  int error = buf->error();
  if (!path_.empty()) {
    if (::close(fd_) != 0 && error == 0) error = errno;
    if (error == 0 && std::rename(temp_.c_str(), path_.c_str()) != 0) error = errno;
    if (error != 0) ::unlink(temp_.c_str());
  }
  if (error != 0) {
    return absl::DataLossError(absl::StrCat("write error on ", where, ": ", std::strerror(error),
                                            path_.empty() ? "" : " (the file was left as it was)"));
  }
  return absl::OkStatus();
}

int WriteWhole(const std::string& path, const std::string& text, OutputEncoding encoding) {
  absl::StatusOr<std::unique_ptr<Output>> out = Output::Open(path, encoding);
  if (!out.ok()) return Fail(out.status());
  (*out)->stream() << text;
  if (absl::Status s = (*out)->Close(); !s.ok()) return Fail(s);
  return kOk;
}

void ErrorReport::Add(InputError error) {
  if (count_ < limit_) {
    std::string where = error.file;
    if (error.line > 0) absl::StrAppend(&where, ": line ", error.line);
    if (!error.column.empty()) absl::StrAppend(&where, ", column ", error.column);
    std::cerr << where << ": " << error.message << "\n";
  }
  ++count_;
  any_line_ = any_line_ || error.line > 0;
  if (!errors_file_.empty()) all_.push_back(std::move(error));
}

bool ErrorReport::Finish() {
  if (any_line_) {
    std::cerr << "zhifa: note: lines are numbered as a spreadsheet shows them: the file's first row is line 1, "
                 "title and header rows included\n";
  }
  if (count_ > limit_) {
    std::cerr << "zhifa: " << count_ << " errors in all; " << (count_ - limit_) << " more not shown here"
              << (errors_file_.empty() ? " (--errors FILE writes every one as CSV)"
                                       : absl::StrCat(" (every one is in ", errors_file_, ")"))
              << "\n";
  } else if (count_ > 0 && !errors_file_.empty()) {
    std::cerr << "zhifa: the " << count_ << (count_ == 1 ? " error is" : " errors are") << " also in " << errors_file_
              << "\n";
  }
  if (errors_file_.empty()) return true;
  std::string csv = "file,line,column,value,message\n";
  for (const InputError& e : all_) {
    AppendCsvField(csv, e.file);
    absl::StrAppend(&csv, ",", e.line > 0 ? absl::StrCat(e.line) : "", ",");
    AppendCsvField(csv, e.column);
    csv += ",";
    AppendCsvField(csv, e.value);
    csv += ",";
    AppendCsvField(csv, e.message);
    csv += "\n";
  }
  return WriteWhole(errors_file_, csv) == kOk;
}

bool AcceptBadRows(ErrorReport& report, std::initializer_list<BadRows> inputs, bool keep_going) {
  if (!report.Finish()) return false;
  std::string what;
  for (const BadRows& b : inputs) {
    if (b.bad == 0) continue;
    what += (what.empty() ? "" : " and ") + std::to_string(b.bad) + " of " + std::to_string(b.total) + " " +
            std::string(b.what);
  }
  if (what.empty()) return true;
  if (!keep_going) {
    std::cerr << "zhifa: " << what << " are bad; nothing done (--keep-going leaves them out and goes on)\n";
    return false;
  }
  std::cerr << "zhifa: " << what << " are bad and were left out\n";
  return true;
}

}  // namespace zhifa::cli
