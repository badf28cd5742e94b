// The heavy part of a ScoredTable's rows: each row's line, counts, rule-set flag, points and rates, held in blocks
// of kBlockRows rows. A block is filled, scored by the table, then sealed: kept in memory while the sealed blocks
// in memory stay within a budget, otherwise written to a temporary file (varints, about 40–70 bytes a row against
// about 220 in memory) and read back one block at a time when a row of it is asked for. In input order (the CSV
// and JSON writers) every spilled block is read once; in any other order a block may be read many times.
//
// The file is created in the spill folder, when the store is made, with mkostemp and unlinked at once, so it goes
// when the process does, however it ends. When it cannot be made or written, status() says why from then on, and
// blocks beyond the budget are dropped rather than kept (memory stays bounded; the owner reports the failure):
// a dropped block reads back as rows of no counts and no scores. A failed read of the file this process wrote is
// a fault of the machine: it aborts with the reason.
//
// Thread-safety: used by one thread at a time (reading back a spilled block fills a cache, even through const).
#ifndef ZHIFA_LIB_ROW_BLOCKS_H_
#define ZHIFA_LIB_ROW_BLOCKS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "zhifa/counts.h"

namespace zhifa::internal {

class RowBlocks {
 public:
  static constexpr size_t kBlockRows = size_t{1} << 16;

  // Arrays of kBlockRows rows, allocated once and not cleared: only the first `rows` are meaningful, and of a
  // row's points and rates only the first `width[t]` (the scored ones).
  struct Block {
    size_t rows = 0;
    std::unique_ptr<int64_t[]> line;
    std::unique_ptr<Counts[]> counts;
    std::unique_ptr<uint8_t[]> outside;  // scored by a rule set not in force on the period
    std::unique_ptr<uint32_t[]> width;   // indicators scored for the row (0: not scored)
    std::unique_ptr<int64_t[]> points;   // row t's indicator j at t * stride + j; kNoValue when excluded
    std::unique_ptr<int64_t[]> rates;    // likewise; kNoValue when not applicable
    size_t size() const { return rows; }
  };

  // `stride`: the most indicators of any rule set the rows are scored with. `spill_directory` empty: every block
  // stays in memory. Otherwise sealed blocks beyond `memory_budget` bytes go to a file in that folder.
  RowBlocks(size_t stride, std::string spill_directory, size_t memory_budget);
  ~RowBlocks();
  RowBlocks(const RowBlocks&) = delete;
  RowBlocks& operator=(const RowBlocks&) = delete;

  size_t size() const { return rows_; }
  size_t stride() const { return stride_; }
  // Appends a row to the last block; precondition: !tail_full().
  void Append(int64_t line, const Counts& counts, bool outside);
  bool tail_open() const { return blocks_.size() > sealed_.size(); }
  bool tail_full() const { return !blocks_.empty() && blocks_.back().size() == kBlockRows; }
  // The index of the first row of the last block, being filled and scored.
  size_t tail_start() const { return (blocks_.size() - 1) * kBlockRows; }
  // Seals the last block; the next Append starts a new one. Spills it when the budget is spent (drops it when
  // the file failed).
  void SealTail();
  // Whether any block was written to the file, and the first error in making or writing it (ok when none).
  bool spilled() const { return file_size_ > 0; }
  const absl::Status& status() const { return status_; }

  // The block holding row i, read back from the file when it was spilled.
  const Block& BlockOf(size_t i) const;
  // Row i's block for changes (roll-up): blocks that were never spilled only.
  Block& MutableBlockOf(size_t i);

 private:
  struct Sealed {
    uint64_t offset = 0;  // in the file; size 0: the block is in blocks_ (or dropped)
    uint64_t size = 0;
    bool dropped = false;
  };
  void Allocate(Block& b) const;
  size_t BlockBytes() const;
  void Spill(Block& b, Sealed& where);

  size_t stride_;
  std::string directory_;
  size_t budget_;
  size_t in_memory_ = 0;  // bytes of sealed blocks kept in memory
  size_t rows_ = 0;
  std::vector<Block> blocks_;  // spilled blocks are left empty
  std::vector<Sealed> sealed_;
  int spill_fd_ = -1;
  uint64_t file_size_ = 0;
  absl::Status status_;
  mutable std::vector<char> buffer_;  // a block's bytes, written or read
  Block spare_;                       // a spilled block's memory, for the next one
  mutable Block cache_;
  mutable Block dropped_;  // what a dropped block reads as
  mutable size_t cached_ = SIZE_MAX;
};

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_ROW_BLOCKS_H_
