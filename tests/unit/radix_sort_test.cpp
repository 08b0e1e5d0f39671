// radix_sort (util/radix_sort.h) orders keys exactly as std::sort does, whatever their
// spread: small and large inputs (the latter on two threads), duplicates, keys sharing
// their top bytes, all equal.
#include "util/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace zwgk {
namespace {

void expect_sorted_like_std(BulkVector<std::uint64_t> keys) {
  std::vector<std::uint64_t> expected(keys.begin(), keys.end());
  std::sort(expected.begin(), expected.end());
  radix_sort(keys);
  ASSERT_EQ(keys.size(), expected.size());
  EXPECT_TRUE(std::equal(keys.begin(), keys.end(), expected.begin()));
}

TEST(RadixSort, SortsLikeStdSortWhateverTheSpread) {
  std::mt19937_64 random(20200101);
  for (std::size_t n : {0u, 1u, 2u, 3u, 255u, 1000u, 70'000u, 300'000u}) {
    BulkVector<std::uint64_t> uniform(n), narrow(n), few(n), top_only(n);
    for (std::size_t i = 0; i < n; ++i) {
      uniform[i] = random();
      narrow[i] = random() & 0xFFFF;              // every key in the first bucket
      few[i] = random() % 7 * 0x0101010101010101;  // many duplicates
      top_only[i] = random() << 56;              // only the top byte differs
    }
    SCOPED_TRACE(n);
    expect_sorted_like_std(uniform);
    expect_sorted_like_std(narrow);
    expect_sorted_like_std(few);
    expect_sorted_like_std(top_only);
    expect_sorted_like_std(BulkVector<std::uint64_t>(n, 42));
  }
}

} // namespace
} // namespace zwgk
