// The CLI's commands in-process on the in-memory store at a fixed clock
// (cli/environment.h): what they record goes to the test's MemoryDatabase,
// nothing touches DIR/zwgk.db, and "now" is the test's.
#include "cli/environment.h"
#include "cli/run.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace zwgk::cli {
namespace {

constexpr std::int64_t k_fixed = 1'602'727'200;  // 2020-10-15 10:00 CST

class CliEnvironmentTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-cli-environment-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  // `zwgk ARGS…` in this process; its exit code, stdout in `out`.
  int zwgk(std::vector<std::string> args, std::string& out) {
    args.insert(args.begin(), "zwgk");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    int code = run(static_cast<int>(argv.size()), argv.data());
    out = ::testing::internal::GetCapturedStdout();
    return code;
  }

  std::filesystem::path m_dir;
  store::MemoryDatabase m_db;
  ScopedEnvironment m_environment{
      {[] { return k_fixed; }, [this](const std::filesystem::path&, store::Create) { return store::borrow(m_db); }}};
};

TEST_F(CliEnvironmentTest, Issue13_RectifyRecordsIntoTheMemoryStoreAtTheFixedClock) {
  const std::string item = "2020Q3/齐都镇/目录未上传";
  std::string out;
  ASSERT_EQ(zwgk({"rectify", "reply", "--data", m_dir.string(), item, "--text", "已上传", "--link",
                  "http://www.linzi.gov.cn/gongkai/qdz/mulu.html", "--by", "王敏"},
                 out),
            0)
      << out;
  const auto events = m_db.followup().followup_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].item, item);
  EXPECT_EQ(events[0].when.to_string(), "2020-10-15 10:00");  // the default --at is the clock's now
  const auto audit = m_db.store().audit(0, 10);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].at, k_fixed);
  EXPECT_EQ(audit[0].target, item);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "zwgk.db"));

  ASSERT_EQ(zwgk({"rectify", "show", "--data", m_dir.string(), item}, out), 0);
  EXPECT_NE(out.find("待核实"), std::string::npos) << out;
}

TEST_F(CliEnvironmentTest, Issue13_AFutureAtIsRefusedAgainstTheFixedClock) {
  std::string out;
  EXPECT_EQ(zwgk({"rectify", "reply", "--data", m_dir.string(), "2020Q3/齐都镇/目录未上传", "--text", "已上传",
                  "--link", "http://x.cn/", "--at", "2020-10-15 10:01"},
                 out),
            2);
  EXPECT_TRUE(m_db.followup().followup_events().empty());
}

} // namespace
} // namespace zwgk::cli
