// Issue 19: a CSV large enough to be parsed in two halves on two threads (the worker counts
// the head's lines, then parses the tail) keeps every record in file order and says each
// bad row's own line, in either half.
#include "ingest/data_dir.h"
#include "ingest/table_reader.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace zwgk {
namespace {

constexpr std::size_t k_rows = 70'000;  // about 7 MB: over k_parallel_min_bytes
constexpr std::size_t k_bad_in_head = 1'234, k_bad_in_tail = 65'432;

TEST(ParallelParse, RecordsKeepTheirOrderAndErrorsTheirLinesInBothHalves) {
  const auto dir = std::filesystem::temp_directory_path() / ("zwgk-parallel-parse-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", dir,
                        std::filesystem::copy_options::recursive);
  {
    std::ofstream out(dir / "2020Q3/网站发布.csv", std::ios::binary);
    out << "单位,标题,发布日期,链接\n";
    for (std::size_t line = 2; line <= k_rows + 1; ++line) {
      // Two names nobody registered, one in each half (an unknown name is reported once).
      out << (line == k_bad_in_head ? "区商务部" : line == k_bad_in_tail ? "区商业局" : "区商务局") << ",关于政务公开工作的第" << line << "号通知,2020-0" << 7 + line % 3 << "-1"
          << line % 9 << ",http://www.example.gov.cn/art/2020/" << line << ".html\n";
    }
  }
  ASSERT_GT(std::filesystem::file_size(dir / "2020Q3/网站发布.csv"), ingest::k_parallel_min_bytes);
  Diagnostics notes;
  auto ws = ingest::load_data_dir(dir, *Period::parse("2020Q3"), notes);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(ws);
  std::vector<std::size_t> error_lines;
  for (const auto& e : ws->problems.entries()) error_lines.push_back(e.where.line);
  std::sort(error_lines.begin(), error_lines.end());  // unknown names are listed by name
  EXPECT_EQ(error_lines, (std::vector<std::size_t>{k_bad_in_head, k_bad_in_tail})) << ws->problems.entries().size();
  const auto& items = ws->data.published_items;
  ASSERT_EQ(items.size(), k_rows - 2);
  for (std::size_t i = 1; i < items.size(); ++i)
    ASSERT_LT(items[i - 1].source.line, items[i].source.line) << "record " << i << " out of file order";
  EXPECT_EQ(items.front().source.line, 2u);
  EXPECT_EQ(items.back().source.line, k_rows + 1);
}

// The split follows the two threads' paces: a caller twice as slow a byte as the worker (it
// also merges) gets a third of each block; one slow block moves the split only part of the
// way; the share stays within its bounds and ignores timings that say nothing.
TEST(ParseBalance, MovesTheSplitTowardsBothThreadsFinishingTogether) {
  ingest::ParseBalance balance;
  EXPECT_DOUBLE_EQ(balance.head_share(), 0.5);
  balance.observe(1000, 2e-6, 1000, 1e-6);
  EXPECT_NEAR(balance.head_share(), 1.0 / 3, 1e-12);
  for (int i = 0; i < 10; ++i) {
    const auto head = static_cast<std::size_t>(balance.head_share() * 1e6);
    balance.observe(head, 2e-9 * static_cast<double>(head), 1'000'000 - head, 1e-9 * static_cast<double>(1'000'000 - head));
  }
  EXPECT_NEAR(balance.head_share(), 1.0 / 3, 1e-9);
  balance.observe(333'333, 2e-9 * 333'333, 666'667, 4e-9 * 666'667);  // one block where the worker was held up
  EXPECT_GT(balance.head_share(), 0.34);
  EXPECT_LT(balance.head_share(), 0.5);
  for (int i = 0; i < 60; ++i) balance.observe(1000, 1.0, 1000, 1e-9);  // a caller stalled
  EXPECT_DOUBLE_EQ(balance.head_share(), 0.2);
  const double before = balance.head_share();
  balance.observe(0, 0.1, 1000, 0.1);
  balance.observe(1000, 0.0, 1000, 0.1);
  balance.observe(1000, 0.1, 1000, -1.0);
  EXPECT_EQ(balance.head_share(), before);
}

} // namespace
} // namespace zwgk
