#include "util/radix_sort.h"

#include <algorithm>
#include <array>
#include <functional>
#include <future>
#include <memory>

namespace zwgk {
namespace {

// Below this many keys the buckets are sorted on the calling thread alone.
constexpr std::size_t k_parallel_keys = std::size_t{1} << 16;

// LSD radix sort of [first, last) on its low `bytes` bytes, with scratch of the same
// length; the sorted keys end in `first`'s range.
void lsd_sort(std::uint64_t* first, std::uint64_t* last, std::uint64_t* scratch, int bytes) {
  const std::size_t n = static_cast<std::size_t>(last - first);
  if (n < 2) return;
  std::array<std::array<std::size_t, 256>, 8> counts{};
  for (const std::uint64_t* k = first; k != last; ++k)
    for (int b = 0; b < bytes; ++b) ++counts[static_cast<std::size_t>(b)][(*k >> (8 * b)) & 0xFF];
  std::uint64_t* from = first;
  std::uint64_t* to = scratch;
  for (int b = 0; b < bytes; ++b) {
    auto& count = counts[static_cast<std::size_t>(b)];
    if (count[(from[0] >> (8 * b)) & 0xFF] == n) continue;  // one value: nothing to do
    std::size_t offset = 0;
    for (auto& c : count) {
      const std::size_t here = c;
      c = offset;
      offset += here;
    }
    for (const std::uint64_t* k = from; k != from + n; ++k) to[count[(*k >> (8 * b)) & 0xFF]++] = *k;
    std::swap(from, to);
  }
  if (from != first) std::copy(from, from + n, first);
}

} // namespace

// One most-significant-byte pass spreads the keys into 256 buckets; each bucket is then
// sorted on its other seven bytes while it fits in the cache, the buckets in two halves
// on two threads for large inputs (eight passes over the whole array were a tenth of the
// province year's assessment).
void radix_sort(BulkVector<std::uint64_t>& keys) {
  const std::size_t n = keys.size();
  if (n < 2) return;
  // The bucketed keys, in a block of their own that nobody fills first (a vector would
  // write it all once for nothing).
  BulkAllocator<std::uint64_t> allocator;
  std::unique_ptr<std::uint64_t, std::function<void(std::uint64_t*)>> bucketed(
      allocator.allocate(n), [&allocator, n](std::uint64_t* p) { allocator.deallocate(p, n); });
  std::array<std::size_t, 257> start{};
  for (std::uint64_t k : keys) ++start[(k >> 56) + 1];
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::array<std::size_t, 256> next{};
  std::copy(start.begin(), start.end() - 1, next.begin());
  for (std::uint64_t k : keys) bucketed.get()[next[k >> 56]++] = k;
  // Each bucket is sorted with its stretch of `keys` as scratch, then copied back there
  // while it is still in the cache.
  auto sort_buckets = [&](std::size_t from, std::size_t to) {
    for (std::size_t b = from; b < to; ++b) {
      std::uint64_t* first = bucketed.get() + start[b];
      std::uint64_t* last = bucketed.get() + start[b + 1];
      lsd_sort(first, last, keys.data() + start[b], 7);
      std::copy(first, last, keys.data() + start[b]);
    }
  };
  if (n < k_parallel_keys) return sort_buckets(0, 256);
  std::size_t split = 0;
  while (split < 256 && start[split + 1] <= n / 2) ++split;
  split = std::max<std::size_t>(split, 1);
  auto other = std::async(std::launch::async, sort_buckets, split, 256);
  sort_buckets(0, split);
  other.get();
}

} // namespace zwgk
