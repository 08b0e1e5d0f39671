// cli::ProgressDisplay with a fake clock and a fake sink: the terminal
// line redrawn in place, the log lines throttled, the last line and the
// percentage (issue 14).
#include "cli/progress_display.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zwgk::cli {
namespace {

using namespace std::chrono_literals;

class ProgressDisplayTest : public ::testing::Test {
protected:
  ProgressDisplay display(ProgressMode mode) {
    return ProgressDisplay(
        mode, [this](std::string_view text) { m_written.emplace_back(text); }, [this] { return m_now; });
  }
  std::chrono::steady_clock::time_point m_now{};
  std::vector<std::string> m_written;
};

TEST_F(ProgressDisplayTest, Issue14_LogModeWritesTheStartThrottledLinesAndTheEnd) {
  auto progress = display(ProgressMode::Log);
  progress.start("邮件导入", 20000);
  for (std::uint64_t done = 1; done <= 19999; ++done) {
    if (done % 1000 == 0) m_now += 1s;  // 20 s in all, 1000 messages a second
    progress.update(done);
  }
  progress.finish();
  // Start, then one line per k_log_interval (5 s) at most, then the end.
  const std::vector<std::string> expected = {"邮件导入：0/20000（0%）\n", "邮件导入：5000/20000（25%）\n",
                                             "邮件导入：10000/20000（50%）\n", "邮件导入：15000/20000（75%）\n",
                                             "邮件导入：20000/20000（100%）\n"};
  EXPECT_EQ(m_written, expected);
}

TEST_F(ProgressDisplayTest, Issue14_LogModeWhenSlowStaysSilentForQuickWork) {
  auto progress = display(ProgressMode::Log);
  progress.start("计算", 10, ProgressUnit::Count, LogStart::WhenSlow);
  m_now += 4s;
  progress.update(5);
  progress.finish();
  EXPECT_TRUE(m_written.empty());
  progress.start("读取数据", 200u << 20, ProgressUnit::Bytes, LogStart::WhenSlow);
  m_now += 6s;
  progress.update(50u << 20, "投稿.csv");
  progress.finish();
  const std::vector<std::string> expected = {"读取数据：50.0/200.0 MB（25%），投稿.csv\n",
                                             "读取数据：200.0/200.0 MB（100%），投稿.csv\n"};
  EXPECT_EQ(m_written, expected);
}

TEST_F(ProgressDisplayTest, Issue14_TerminalModeRedrawsOneLineInPlace) {
  auto progress = display(ProgressMode::Terminal);
  progress.start("邮件导入", 200);
  progress.update(10);  // within k_terminal_redraw of the start: not drawn
  m_now += 150ms;
  progress.update(50, "已读取 50 封");
  progress.finish("已读取 200 封");
  ASSERT_EQ(m_written.size(), 3u);
  EXPECT_EQ(m_written[0], "\r[--------------------] 邮件导入：0/200（0%）\x1b[K");
  EXPECT_EQ(m_written[1], "\r[#####---------------] 邮件导入：50/200（25%），已读取 50 封\x1b[K");
  EXPECT_EQ(m_written[2], "\r[####################] 邮件导入：200/200（100%），已读取 200 封\x1b[K\n");
}

TEST_F(ProgressDisplayTest, Issue14_UnknownTotalShowsTheSecondsSpent) {
  auto progress = display(ProgressMode::Log);
  progress.start("PDF 转换", 0);
  m_now += 5s;
  progress.tick();
  m_now += 2s;
  progress.tick();  // within the interval: no line
  progress.finish();
  const std::vector<std::string> expected = {"PDF 转换：开始\n", "PDF 转换：已用 5 秒\n", "PDF 转换：完成\n"};
  EXPECT_EQ(m_written, expected);
}

TEST_F(ProgressDisplayTest, Issue14_AStoppedStageWritesNoLastLine) {
  auto log = display(ProgressMode::Log);
  log.start("PDF 转换", 0);
  log.stop();
  auto terminal = display(ProgressMode::Terminal);
  terminal.start("PDF 转换", 0);
  terminal.stop();
  const std::vector<std::string> expected = {"PDF 转换：开始\n", "\rPDF 转换：开始\x1b[K", "\n"};
  EXPECT_EQ(m_written, expected);
}

TEST_F(ProgressDisplayTest, Issue14_AQuickStageLeavesNoLineOnATerminal) {
  auto progress = display(ProgressMode::Terminal);
  progress.start("生成各文件", 0, ProgressUnit::Count, LogStart::WhenSlow);
  m_now += 1s;
  progress.finish();
  progress.start("计算", 0, ProgressUnit::Count, LogStart::WhenSlow);
  m_now += 6s;
  progress.finish();
  const std::vector<std::string> expected = {"\r生成各文件：开始\x1b[K", "\r\x1b[K", "\r计算：开始\x1b[K",
                                             "\r计算：完成\x1b[K\n"};
  EXPECT_EQ(m_written, expected);
}

TEST_F(ProgressDisplayTest, Issue14_SilentModeWritesNothing) {
  auto progress = display(ProgressMode::Silent);
  progress.start("邮件导入", 10);
  m_now += 10s;
  progress.update(5);
  progress.finish();
  EXPECT_TRUE(m_written.empty());
}

} // namespace
} // namespace zwgk::cli
