// Internal: an allocator for large working arrays (the bulk paths: score_frame's columns, a whole table's case ids).
//
// Blocks of 2 MiB or more are aligned to 2 MiB and advised as transparent huge pages (madvise MADV_HUGEPAGE, as
// numpy does for its arrays), so that first touching them costs one page fault per 2 MiB instead of one per 4 KiB.
// On a virtual machine a page fault costs microseconds: 40 MB of fresh 4 KiB pages measured 0.1-0.3 s on the
// 2-core VM where the figures of README's Performance section were taken. Where the kernel has transparent huge
// pages off, the advice is ignored and the allocator behaves as std::allocator with an alignment.
#ifndef ZHIFA_LIB_HUGE_PAGES_H_
#define ZHIFA_LIB_HUGE_PAGES_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace zhifa::internal {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHuge = size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding, as std::allocator

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHuge) return static_cast<T*>(::operator new(bytes));
    const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
    void* p = std::aligned_alloc(kHuge, rounded);
    if (p == nullptr) throw std::bad_alloc();
    (void)madvise(p, rounded, MADV_HUGEPAGE);  // advice: failure leaves ordinary pages
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHuge) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

// A block of `bytes` (at least one byte) to be released with std::free: 2 MiB-aligned and advised as huge pages
// when it is at least 2 MiB, as HugePageAllocator's. Throws std::bad_alloc.
inline void* HugeBlock(size_t bytes) {
  constexpr size_t kHuge = size_t{2} << 20;
  if (bytes < kHuge) {
    void* p = std::malloc(bytes == 0 ? 1 : bytes);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
  void* p = std::aligned_alloc(kHuge, rounded);
  if (p == nullptr) throw std::bad_alloc();
  (void)madvise(p, rounded, MADV_HUGEPAGE);  // advice: failure leaves ordinary pages
  return p;
}

// A std::vector whose large buffers sit on huge pages.
template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_HUGE_PAGES_H_
