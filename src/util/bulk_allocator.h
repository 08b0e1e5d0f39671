// BulkAllocator: an allocator for the few vectors that hold millions of
// records (a province's year of published items).
//
// Large blocks are mapped directly and marked for transparent huge pages, so
// filling a few hundred megabytes takes hundreds of page faults instead of
// hundreds of thousands (on the 2-core test machine those faults were a
// sixth of the import); freed, they are kept for the next quarter's vectors
// (bulk_pool.h). Small blocks come from operator new as usual.
#pragma once

#include "util/bulk_pool.h"

#include <cstddef>
#include <new>
#include <vector>


namespace zwgk {

template <typename T>
class BulkAllocator {
public:
  using value_type = T;
  static constexpr std::size_t k_threshold = std::size_t{4} << 20;

  BulkAllocator() = default;
  template <typename U>
  BulkAllocator(const BulkAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    std::size_t bytes = n * sizeof(T);
    if (bytes < k_threshold) return static_cast<T*>(::operator new(bytes));
    void* p = bulk::take(bytes);
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    std::size_t bytes = n * sizeof(T);
    if (bytes < k_threshold) ::operator delete(p);
    else bulk::give_back(p, bytes);
  }
  template <typename U>
  bool operator==(const BulkAllocator<U>&) const noexcept { return true; }
};

template <typename T>
using BulkVector = std::vector<T, BulkAllocator<T>>;

} // namespace zwgk
