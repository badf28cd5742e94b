#include "lib/row_blocks.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lib/strings.h"
#include "zhifa/batch.h"

namespace zhifa::internal {
namespace {

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t u) { return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1); }

char* PutVarint(char* out, uint64_t v) {
  while (v >= 0x80) {
    *out++ = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<char>(v);
  return out;
}

// kNoValue as 0, any other value v as ZigZag(v) + 1.
char* PutScore(char* out, int64_t v) { return PutVarint(out, v == kNoValue ? 0 : ZigZag(v) + 1); }

[[noreturn]] void Fault(const std::string& what) {
  std::fprintf(stderr, "zhifa: %s\n", what.c_str());
  std::abort();
}

// Reads what PutVarint wrote; a file this process wrote that does not decode is a fault.
class VarintReader {
 public:
  explicit VarintReader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  uint64_t Next() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) Fault("the spill file ends inside a block it holds");
      const auto byte = static_cast<uint8_t>(*p_++);
      v |= uint64_t{byte & 0x7Fu} << shift;
      if (byte < 0x80) return v;
    }
    Fault("the spill file holds a malformed number");
  }
  int64_t Score() {
    const uint64_t u = Next();
    return u == 0 ? kNoValue : UnZigZag(u - 1);
  }
  bool done() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace

RowBlocks::RowBlocks(size_t stride, std::string spill_directory, size_t memory_budget)
    : stride_(stride), directory_(std::move(spill_directory)), budget_(memory_budget) {
  if (directory_.empty()) return;
  std::string path = Cat(directory_, "/zhifa-spill-XXXXXX");
  spill_fd_ = ::mkostemp(path.data(), O_CLOEXEC);
  if (spill_fd_ < 0) {
    status_ = absl::UnavailableError(
        Cat("cannot create a temporary file in ", directory_, " to hold rows: ", std::strerror(errno)));
    return;
  }
  ::unlink(path.c_str());
}

RowBlocks::~RowBlocks() {
  if (spill_fd_ >= 0) ::close(spill_fd_);
}

size_t RowBlocks::BlockBytes() const {
  return kBlockRows * (sizeof(int64_t) + sizeof(Counts) + 1 + sizeof(uint32_t) + 2 * stride_ * sizeof(int64_t));
}

void RowBlocks::Allocate(Block& b) const {
  b.line.reset(new int64_t[kBlockRows]);
  b.counts.reset(new Counts[kBlockRows]);
  b.outside.reset(new uint8_t[kBlockRows]);
  b.width.reset(new uint32_t[kBlockRows]);
  b.points.reset(new int64_t[kBlockRows * stride_]);
  b.rates.reset(new int64_t[kBlockRows * stride_]);
}

void RowBlocks::Append(int64_t line, const Counts& counts, bool outside) {
  if (blocks_.empty() || blocks_.size() == sealed_.size()) {
    // A new block: the memory of the last one spilled when there is one (its pages are already mapped).
    Block& b = blocks_.emplace_back(std::move(spare_));
    spare_ = Block{};
    b.rows = 0;
    if (b.line == nullptr) Allocate(b);
  }
  Block& b = blocks_.back();
  const size_t t = b.rows++;
  b.line[t] = line;
  b.counts[t] = counts;
  b.outside[t] = outside ? 1 : 0;
  b.width[t] = 0;
  ++rows_;
}

void RowBlocks::SealTail() {
  if (blocks_.empty() || blocks_.size() == sealed_.size()) return;
  Sealed& where = sealed_.emplace_back();
  Block& b = blocks_.back();
  if (!directory_.empty() && in_memory_ + BlockBytes() > budget_) {
    if (status_.ok()) Spill(b, where);
    if (where.size > 0) return;
    // The file failed (status_ says why): the block goes, so that memory stays bounded.
    where.dropped = true;
    spare_ = std::move(b);
    b = Block{};
    return;
  }
  in_memory_ += BlockBytes();
}

void RowBlocks::Spill(Block& b, Sealed& where) {
  // At most 10 bytes a number: the line, the mask, 13 counts, the width, then points and rates.
  const size_t most = b.size() * 10 * (3 + kColumnCount + 2 * stride_);
  if (buffer_.size() < most) buffer_.resize(most);
  char* out = buffer_.data();
  int64_t previous = 0;
  for (size_t t = 0; t < b.size(); ++t) {
    out = PutVarint(out, ZigZag(b.line[t] - previous));
    previous = b.line[t];
    const Counts& c = b.counts[t];
    uint64_t mask = b.outside[t] != 0 ? uint64_t{1} << kColumnCount : 0;
    for (Column col : kAllColumns) {
      if (c.Has(col)) mask |= uint64_t{1} << static_cast<int>(col);
    }
    out = PutVarint(out, mask);
    for (Column col : kAllColumns) {
      if (c.Has(col)) out = PutVarint(out, ZigZag(c.Get(col)));
    }
    out = PutVarint(out, b.width[t]);
    for (size_t j = 0; j < b.width[t]; ++j) out = PutScore(out, b.points[t * stride_ + j]);
    for (size_t j = 0; j < b.width[t]; ++j) out = PutScore(out, b.rates[t * stride_ + j]);
  }
  const size_t size = static_cast<size_t>(out - buffer_.data());
  for (size_t done = 0; done < size;) {
    const ssize_t n = ::pwrite(spill_fd_, buffer_.data() + done, size - done, static_cast<off_t>(file_size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      status_ = absl::UnavailableError(Cat("cannot write rows to a temporary file in ", directory_, ": ",
                                           n < 0 ? std::strerror(errno) : "nothing written"));
      return;
    }
    done += static_cast<size_t>(n);
  }
  where.offset = file_size_;
  where.size = size;
  file_size_ += size;
  // The block's memory serves the next block.
  spare_ = std::move(b);
  b = Block{};
}

const RowBlocks::Block& RowBlocks::BlockOf(size_t i) const {
  const size_t k = i / kBlockRows;
  if (k < sealed_.size() && sealed_[k].dropped) {
    if (dropped_.line == nullptr) {
      Allocate(dropped_);
      dropped_.rows = kBlockRows;
      for (size_t t = 0; t < kBlockRows; ++t) {
        dropped_.line[t] = 0;
        dropped_.outside[t] = 0;
        dropped_.width[t] = 0;
      }
      std::fill_n(dropped_.points.get(), kBlockRows * stride_, kNoValue);
      std::fill_n(dropped_.rates.get(), kBlockRows * stride_, kNoValue);
    }
    return dropped_;
  }
  if (k >= sealed_.size() || sealed_[k].size == 0) return blocks_[k];
  if (cached_ == k) return cache_;
  const Sealed& where = sealed_[k];
  if (buffer_.size() < where.size) buffer_.resize(where.size);
  std::string_view bytes(buffer_.data(), where.size);
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n =
        ::pread(spill_fd_, buffer_.data() + done, bytes.size() - done, static_cast<off_t>(where.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Fault(Cat("cannot read back rows from the temporary file: ", n < 0 ? std::strerror(errno) : "EOF"));
    done += static_cast<size_t>(n);
  }
  Block& b = cache_;
  if (b.line == nullptr) Allocate(b);
  VarintReader in(bytes);
  int64_t previous = 0;
  b.rows = std::min(kBlockRows, rows_ - k * kBlockRows);
  for (size_t t = 0; t < b.rows; ++t) {
    previous += UnZigZag(in.Next());
    b.line[t] = previous;
    const uint64_t mask = in.Next();
    Counts& c = b.counts[t];
    c = Counts{};
    for (Column col : kAllColumns) {
      if ((mask >> static_cast<int>(col)) & 1) c.Set(col, UnZigZag(in.Next()));
    }
    b.outside[t] = (mask >> kColumnCount) & 1;
    const uint64_t width = in.Next();
    if (width > stride_) Fault("the spill file holds more indicators than any rule set has");
    b.width[t] = static_cast<uint32_t>(width);
    for (size_t j = 0; j < width; ++j) b.points[t * stride_ + j] = in.Score();
    for (size_t j = 0; j < width; ++j) b.rates[t * stride_ + j] = in.Score();
  }
  if (!in.done()) Fault("the spill file holds more than the rows of its block");
  cached_ = k;
  return cache_;
}

RowBlocks::Block& RowBlocks::MutableBlockOf(size_t i) { return blocks_[i / kBlockRows]; }

}  // namespace zhifa::internal
