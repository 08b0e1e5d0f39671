// The server's temporary folders (server/scratch.h; issue 12, item 11):
// a server killed during an upload's preview left its trial copy of the
// data directory in the temporary folder for ever. Now the next server
// removes the folders of processes that no longer run, and only those.
#include "fs/process.h"
#include "server/scratch.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

namespace zwgk::server {
namespace {

class ScratchTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_base = std::filesystem::temp_directory_path() / ("zwgk-scratch-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(m_base);
    std::filesystem::create_directories(m_base);
    if (const char* tmpdir = std::getenv("TMPDIR")) m_tmpdir = tmpdir;
  }
  void TearDown() override {
    std::filesystem::remove_all(m_base);
    if (m_tmpdir.empty()) ::unsetenv("TMPDIR");
    else ::setenv("TMPDIR", m_tmpdir.c_str(), 1);
  }

  std::filesystem::path m_base;
  std::string m_tmpdir;
};

TEST_F(ScratchTest, TrialCopiesLeftByAKilledServerAreRemovedAtTheNextStart) {
  // A server process that makes a trial copy and is killed before it removes it.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto root = ScratchRoot::claim(m_base);
    if (!root) ::_exit(1);
    auto trial = fs::TempDir::create();  // as data_entry.cpp does for a preview
    if (!trial || trial->path().parent_path() != root->path()) ::_exit(2);
    std::ofstream(trial->path() / "网站发布.csv") << std::string(1 << 20, 'x');
    ::_exit(0);  // no destructor runs: as after kill -9
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  std::vector<std::filesystem::path> left;
  for (const auto& entry : std::filesystem::directory_iterator(m_base)) left.push_back(entry.path());
  ASSERT_EQ(left.size(), 1u);
  EXPECT_TRUE(left[0].filename().string().starts_with("zwgk-serve-" + std::to_string(child) + "-"));

  // A running server's folder (pid 1 runs, with this start time) and other files stay.
  const auto init_start = process_start_time(1);
  ASSERT_TRUE(init_start);
  const auto running = m_base / ("zwgk-serve-1-" + std::to_string(*init_start) + "-0");
  const auto reused = m_base / ("zwgk-serve-1-" + std::to_string(*init_start + 1) + "-0");  // pid 1, other start
  const auto other = m_base / "zwgk-serve-notes";
  for (const auto& dir : {running, reused, other}) std::filesystem::create_directories(dir);

  {
    auto root = ScratchRoot::claim(m_base);
    ASSERT_TRUE(root) << root.error();
    EXPECT_EQ(root->removed(), 2u);
    EXPECT_FALSE(std::filesystem::exists(left[0]));
    EXPECT_FALSE(std::filesystem::exists(reused));
    EXPECT_TRUE(std::filesystem::exists(running));
    EXPECT_TRUE(std::filesystem::exists(other));
    EXPECT_EQ(std::filesystem::temp_directory_path(), root->path());
    auto trial = fs::TempDir::create();
    ASSERT_TRUE(trial);
    EXPECT_EQ(trial->path().parent_path(), root->path());
  }
  // Stopped normally: the folder is gone and TMPDIR is what it was.
  std::size_t ours = 0;
  for (const auto& entry : std::filesystem::directory_iterator(m_base))
    ours += entry.path().filename().string().starts_with("zwgk-serve-" + std::to_string(::getpid()) + "-");
  EXPECT_EQ(ours, 0u);
  EXPECT_EQ(std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : std::string(), m_tmpdir);
}

} // namespace
} // namespace zwgk::server
