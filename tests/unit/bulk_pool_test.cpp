// Issue 19: the largest block BulkAllocator frees is kept for the next one of a similar
// size (util/bulk_pool.h) — so a quarter's vectors reuse the last quarter's pages — and
// never for one far smaller or larger; with keeping off nothing is kept.
#include "util/bulk_pool.h"

#include <gtest/gtest.h>

#include <cstring>

namespace zwgk::bulk {
namespace {

constexpr std::size_t k_mb = std::size_t{1} << 20;

class BulkPool : public ::testing::Test {
protected:
  void SetUp() override {
    set_keeping(Keeping::Off);  // starts empty
    set_keeping(Keeping::On);
  }
  void TearDown() override { set_keeping(Keeping::Off); }
};

TEST_F(BulkPool, TheLargestFreedBlockIsKeptAndReusedForASimilarSize) {
  void* small = take(5 * k_mb);
  void* big = take(40 * k_mb);
  ASSERT_TRUE(small && big);
  std::memset(big, 7, 40 * k_mb);
  give_back(small, 5 * k_mb);
  give_back(big, 40 * k_mb);
  EXPECT_EQ(kept_bytes(), 40 * k_mb) << "the larger one is kept, the smaller unmapped";
  void* again = take(45 * k_mb);  // grown in place or moved: the old pages come along
  ASSERT_TRUE(again);
  EXPECT_EQ(kept_bytes(), 0u);
  EXPECT_EQ(static_cast<unsigned char*>(again)[40 * k_mb - 1], 7) << "the kept pages were reused, not fresh";
  std::memset(again, 1, 45 * k_mb);  // all of it is usable
  give_back(again, 45 * k_mb);
}

TEST_F(BulkPool, AFarSmallerOrLargerRequestGetsAFreshBlock) {
  void* big = take(64 * k_mb);
  give_back(big, 64 * k_mb);
  ASSERT_EQ(kept_bytes(), 64 * k_mb);
  void* small = take(8 * k_mb);
  EXPECT_EQ(kept_bytes(), 64 * k_mb) << "an 8 MB request does not take a 64 MB block";
  void* huge = take(200 * k_mb);
  EXPECT_EQ(kept_bytes(), 64 * k_mb) << "nor does a 200 MB one";
  give_back(small, 8 * k_mb);
  give_back(huge, 200 * k_mb);
  EXPECT_EQ(kept_bytes(), 200 * k_mb) << "the largest freed is the one kept";
}

TEST_F(BulkPool, WithKeepingOffNothingIsKept) {
  void* big = take(16 * k_mb);
  give_back(big, 16 * k_mb);
  ASSERT_EQ(kept_bytes(), 16 * k_mb);
  set_keeping(Keeping::Off);
  EXPECT_EQ(kept_bytes(), 0u) << "turning it off unmaps the kept block";
  void* other = take(16 * k_mb);
  give_back(other, 16 * k_mb);
  EXPECT_EQ(kept_bytes(), 0u);
}

} // namespace
} // namespace zwgk::bulk
