// mail/mbox.h, issue 14: an mbox is read a message at a time from a ByteSource, in
// bounded memory whatever its size; a message over the size limit is reported and
// skipped; read sizes do not change the result; a source's error is returned.
#include "mbox_helpers.h"
#include "mail/message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace zwgk::mail {
namespace {

using test::env;
using test::lines;

// Bytes made on demand: `count` messages of `body` lines, one of them
// (`huge_at`) with `huge_lines` lines, so a test reads hundreds of
// megabytes' worth of mbox that is never in memory as a whole.
class GeneratedMbox final : public ByteSource {
public:
  GeneratedMbox(std::size_t count, std::size_t lines, std::size_t huge_at, std::size_t huge_lines)
      : m_count(count), m_lines(lines), m_huge_at(huge_at), m_huge_lines(huge_lines) {}
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override {
    std::size_t n = 0;
    while (n < buffer.size()) {
      if (m_pending.empty() && !refill()) break;
      std::size_t take = std::min(buffer.size() - n, m_pending.size());
      std::copy_n(m_pending.data(), take, buffer.data() + n);
      m_pending.erase(0, take);
      n += take;
    }
    return n;
  }

private:
  bool refill() {
    if (m_message >= m_count) return false;
    const std::size_t lines = m_message == m_huge_at ? m_huge_lines : m_lines;
    if (m_line == 0) m_pending = env() + "Subject: " + std::to_string(m_message) + "\n\n";
    m_pending += std::string(76, 'A' + static_cast<char>(m_message % 26)) + "\n";
    if (++m_line >= lines) {
      m_pending += "\n";
      m_line = 0;
      ++m_message;
    }
    return true;
  }
  std::size_t m_count, m_lines, m_huge_at, m_huge_lines;
  std::size_t m_message = 0, m_line = 0;
  std::string m_pending;
};

TEST(Mbox, Issue14_MessageLargerThanTheLimitIsReportedAndSkipped) {
  std::string mbox = env() + "Subject: 1\n\none\n\n" + env("b@x") + "Subject: 2\n\n" + std::string(3000, 'x') + "\n\n" +
                     env("c@x") + "Subject: 3\n\n" + std::string(5000, 'y') /* one long line, no newline */;
  auto all = split_mbox(mbox, 1000);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_FALSE(all[0].too_large);
  EXPECT_TRUE(all[1].too_large);
  EXPECT_TRUE(all[1].bytes.empty());
  EXPECT_EQ(all[1].line, 6u);
  EXPECT_EQ(all[1].size, env("b@x").size() + 12 + 3000 + 2);
  EXPECT_TRUE(all[2].too_large);
  EXPECT_EQ(all[2].line, 11u);
  EXPECT_EQ(split_mbox(mbox, mbox.size()).size(), 3u);
  EXPECT_FALSE(split_mbox(mbox, mbox.size())[2].too_large);
}

// Found by mbox_fuzzer (issue 12's 10-minute run): a message that is only a
// "From " line longer than the limit was not marked too large.
TEST(Mbox, Issue12_MessageOfOnlyAnOverlongFromLineIsTooLarge) {
  std::string mbox = "\n\nFrom a@x.cn Mon Aug 31 10:00:00 2020 " + std::string(200, 'z');
  for (std::size_t chunk : {1u, 7u, 64u << 10}) {
    MemorySource source(mbox);
    MboxReader reader(source, 100, chunk);
    auto next = reader.next();
    ASSERT_TRUE(next && *next);
    EXPECT_GT((*next)->size, 100u);
    EXPECT_TRUE((*next)->too_large) << chunk;
    EXPECT_TRUE((*next)->bytes.empty());
  }
  auto all = split_mbox(mbox, 100);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].too_large);
  EXPECT_FALSE(split_mbox(mbox)[0].too_large);
}

TEST(Mbox, Issue14_MemoryStaysBoundedWhateverTheFileSize) {
  // 200 messages of 8 KB and one of 24 MB (over a 1 MB limit): the reader's
  // window never grows with the file or with the huge message.
  GeneratedMbox source(201, 100, 150, 24 * 13'800);
  MboxReader reader(source, 1u << 20);
  std::size_t count = 0, too_large = 0;
  std::uint64_t total = 0;
  for (;;) {
    auto next = reader.next();
    ASSERT_TRUE(next);
    if (!*next) break;
    ++count;
    total += (*next)->size;
    if ((*next)->too_large) {
      ++too_large;
      EXPECT_EQ((*next)->line, 1 + 150 * 104u);
    } else {
      EXPECT_EQ((*next)->bytes.size(), 11 + std::to_string(count - 1).size() + 100 * 77);
    }
  }
  EXPECT_EQ(count, 201u);
  EXPECT_EQ(too_large, 1u);
  EXPECT_GT(total, 24u << 20);
  EXPECT_LE(reader.peak_window(), 4 * k_mbox_read_chunk);
}

TEST(Mbox, Issue14_ReadSizesDoNotChangeTheResult) {
  std::string mbox = "\xEF\xBB\xBF\n" + env() + "Subject: 1\n\n>From x\n\nFrom now on\n" + env("b@x") +
                     "Subject: 2\r\nContent-Length: 34\r\n\r\nFrom c@x Mon Aug 31 10:00:00 2020\n\r\n" + env("d@x") +
                     std::string(3000, 'z') + "\n" + env("e@x") + "Subject: 5";
  auto want = split_mbox(mbox);
  ASSERT_EQ(want.size(), 4u);
  for (std::size_t chunk : {1, 2, 3, 5, 7, 64, 1000, 4096}) {
    MemorySource source(mbox);
    MboxReader reader(source, k_max_message_bytes, chunk);
    for (const auto& w : want) {
      auto got = reader.next();
      ASSERT_TRUE(got && *got) << chunk;
      EXPECT_EQ((*got)->bytes, w.bytes) << chunk;
      EXPECT_EQ((*got)->line, w.line) << chunk;
      EXPECT_EQ((*got)->size, w.size) << chunk;
      EXPECT_EQ((*got)->by_content_length, w.by_content_length) << chunk;
      EXPECT_EQ((*got)->unquoted_from_line, w.unquoted_from_line) << chunk;
    }
    auto end = reader.next();
    ASSERT_TRUE(end);
    EXPECT_FALSE(*end);
  }
}

class FailingSource final : public ByteSource {
public:
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override {
    if (m_calls++ > 0) return std::unexpected(std::string("读取“x”失败"));
    std::string first = env() + "Subject: 1\n\none\n";
    std::copy_n(first.data(), std::min(first.size(), buffer.size()), buffer.data());
    return std::min(first.size(), buffer.size());
  }

private:
  int m_calls = 0;
};

TEST(Mbox, ASourceErrorIsReturned) {
  FailingSource source;
  MboxReader reader(source);
  auto next = reader.next();
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error(), "读取“x”失败");
}

}  // namespace
}  // namespace zwgk::mail
