#include "model/name_index.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace zwgk {
namespace {

TEST(NameIndex, FindsWhatWasInsertedAndNothingElse) {
  NameIndex index;
  EXPECT_TRUE(index.insert("区文化和旅游局", 7));
  EXPECT_TRUE(index.insert("区文旅局", 7));
  EXPECT_TRUE(index.insert("", 3));  // the empty spelling is a name like any other here
  EXPECT_EQ(index.find("区文化和旅游局"), 7u);
  EXPECT_EQ(index.find("区文旅局"), 7u);
  EXPECT_EQ(index.find(""), 3u);
  EXPECT_EQ(index.find("区文旅"), std::nullopt);          // a prefix
  EXPECT_EQ(index.find("区文化和旅游局 "), std::nullopt);  // one byte more
  EXPECT_EQ(index.size(), 3u);
}

TEST(NameIndex, RefusesASecondInsertOfTheSameNameAndKeepsTheFirstId) {
  NameIndex index;
  EXPECT_TRUE(index.insert("区残联", 1));
  EXPECT_FALSE(index.insert("区残联", 2));
  EXPECT_EQ(index.find("区残联"), 1u);
  EXPECT_EQ(index.size(), 1u);
}

// Tens of thousands of names through many grows, of every length around the
// hash's eight-byte steps, each found with its own id after the last grow.
TEST(NameIndex, KeepsEveryNameThroughGrowing) {
  NameIndex index;
  std::vector<std::string> names;
  for (std::uint32_t i = 0; i < 40'000; ++i) {
    std::string name = "单位" + std::to_string(i);
    name.append(i % 19, 'x');  // lengths 8..40 bytes, tails of every size
    names.push_back(name);
    ASSERT_TRUE(index.insert(name, i)) << name;
  }
  for (std::uint32_t i = 0; i < names.size(); ++i) ASSERT_EQ(index.find(names[i]), i) << names[i];
  EXPECT_EQ(index.find("单位40000"), std::nullopt);
  EXPECT_EQ(index.size(), names.size());
}

TEST(NameIndex, LongNamesAndBytesBeyondTheFirstEightCount) {
  NameIndex index;
  const std::string a(1000, 'a');
  std::string b = a;
  b[999] = 'b';
  std::string c = a;
  c[3] = 'c';
  EXPECT_TRUE(index.insert(a, 1));
  EXPECT_TRUE(index.insert(b, 2));
  EXPECT_TRUE(index.insert(c, 3));
  EXPECT_EQ(index.find(a), 1u);
  EXPECT_EQ(index.find(b), 2u);
  EXPECT_EQ(index.find(c), 3u);
}

// The low bits choose the slot: names that differ in one byte must not all
// land in a few slots (the table would degrade to a list scan).
TEST(NameIndex, TheHashSpreadsNamesThatDifferInOneByte) {
  std::set<std::uint64_t> low_bits;
  std::set<std::uint32_t> tags;
  for (int i = 0; i < 4096; ++i) {
    std::string name = "临淄区某某镇人民政府";
    name[i % name.size()] = static_cast<char>(i / name.size());
    const std::uint64_t h = NameIndex::hash_of(name);
    low_bits.insert(h & 0xffff);
    tags.insert(static_cast<std::uint32_t>(h >> 32));
  }
  EXPECT_GT(low_bits.size(), 3000u);
  EXPECT_GT(tags.size(), 3000u);
}

} // namespace
} // namespace zwgk
