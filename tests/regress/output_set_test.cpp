// Issue 12, item 19: outputs as a set. `zwgk report` renamed its files into
// place one by one, so a kill after rename k left some files old and some
// new (7 of 7 trials), and with `--out/通报.html` a directory six files were
// replaced, the JSON stayed old and zwgk said "未生成任何文件". These tests
// kill a child process before every single change that installing a set
// makes (fs::set_write_step_hook) and read the folder as a user would.
#include "fs/files.h"
#include "fs/output_set.h"
#include "fs/process.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <map>
#include <set>

namespace zwgk::fs {
namespace {

namespace stdfs = std::filesystem;
using Files = std::map<std::string, std::string>;  // name inside the folder → content

constexpr std::string_view k_set = "通报-2020Q3";
constexpr const char* k_user_file = "我的笔记.txt";  // the user's own file in the output folder

const Files k_old{{"通报.docx", "old docx"}, {"考核结果.json", "old json"}, {"通报.pdf", "old pdf"},
                  {"整改提醒/甲.txt", "old 甲"}};
// Drops 通报.pdf and 甲.txt, adds 通报.html and 乙.txt.
const Files k_new{{"通报.docx", "new docx"}, {"考核结果.json", "new json"}, {"通报.html", "new html"},
                  {"整改提醒/乙.txt", "new 乙"}};

std::vector<OutputFile> outputs(const stdfs::path& dir, const Files& files) {
  std::vector<OutputFile> out;
  for (const auto& [name, content] : files) out.push_back({dir / name, content});
  return out;
}

void write_plain(const stdfs::path& path, const std::string& content) {
  stdfs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// What a reader of the folder sees under the names of both sets.
Files view(const stdfs::path& dir) {
  Files out;
  std::set<std::string> names;
  for (const auto* set : {&k_old, &k_new})
    for (const auto& [name, content] : *set) names.insert(name);
  for (const auto& name : names)
    if (auto content = read_file(dir / name)) out[name] = *content;
  return out;
}

// Temporaries anywhere under dir (the hidden folder included).
std::vector<std::string> leftovers(const stdfs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : stdfs::recursive_directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) out.push_back(entry.path().string());
  return out;
}

std::size_t version_count(const stdfs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : stdfs::directory_iterator(dir / k_output_state_dir / std::string(k_set)))
    n += entry.path().filename().string().starts_with("v");
  return n;
}

int g_kill_before = 0;
int g_steps = 0;
int kill_hook(std::string_view) {
  if (++g_steps == g_kill_before) ::_exit(86);
  return 0;
}

// Installs `files` in a child process that dies before change number `step`
// (as kill -9 would: no clean-up); true when it finished first.
bool install_killed_before(int step, const stdfs::path& dir, const Files& files) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    g_kill_before = step;
    set_write_step_hook(kill_hook);
    ::_exit(install_output_set(dir, k_set, outputs(dir, files)) ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 1) << "the install failed at step " << step;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

class OutputSet : public ::testing::Test {
protected:
  void SetUp() override { m_dir = m_temp.path() / "out"; }
  void reset() {
    stdfs::remove_all(m_dir);
    stdfs::create_directories(m_dir);
    write_plain(m_dir / k_user_file, "mine");
  }
  void install(const Files& files) {
    auto installed = install_output_set(m_dir, k_set, outputs(m_dir, files));
    ASSERT_TRUE(installed) << installed.error();
  }
  // Kills an install of k_new before each of its changes in turn, on the
  // folder `prepare` makes: the folder shows `old_view` or `new_view` in
  // full, keeps the user's file, and the next run cleans up after the kill.
  void kill_at_every_step(const std::function<void()>& prepare, const Files& old_view, const Files& new_view) {
    int step = 1;
    for (;; ++step) {
      prepare();
      const bool user_file = stdfs::exists(m_dir / k_user_file);
      const bool finished = install_killed_before(step, m_dir, k_new);
      const Files seen = view(m_dir);
      EXPECT_TRUE(seen == old_view || seen == new_view) << "a mix after a kill before change " << step;
      if (user_file) {
        EXPECT_EQ(read_file(m_dir / k_user_file).value_or(""), "mine");
      }
      install(k_new);
      EXPECT_EQ(view(m_dir), new_view) << "after a kill before change " << step;
      EXPECT_EQ(leftovers(m_dir), std::vector<std::string>{}) << "after a kill before change " << step;
      EXPECT_LE(version_count(m_dir), 2u);
      if (finished || HasFailure()) break;
    }
    EXPECT_GT(step, 10) << "the hook saw too few changes";
  }

  TempDir m_temp = std::move(*TempDir::create());
  stdfs::path m_dir;
};

TEST_F(OutputSet, KillAtEveryStepOfAReplacementShowsAllOldOrAllNew) {
  kill_at_every_step([&] { reset(); install(k_old); }, k_old, k_new);
}

// The first run into a folder of plain files from an older zwgk (and the
// user's): the names the new set lacks are not the set's and stay.
TEST_F(OutputSet, KillAtEveryStepOfAFirstRunIntoAPlainFolder) {
  Files new_view = k_new;
  new_view["通报.pdf"] = "old pdf";
  new_view["整改提醒/甲.txt"] = "old 甲";
  kill_at_every_step(
      [&] {
        reset();
        for (const auto& [name, content] : k_old) write_plain(m_dir / name, content);
      },
      k_old, new_view);
}

TEST_F(OutputSet, KillAtEveryStepOfAFirstRunIntoANewFolder) {
  kill_at_every_step([&] { stdfs::remove_all(m_dir); }, Files{}, k_new);
}

TEST_F(OutputSet, TheReadmePathsAreLinksIntoTheCurrentVersion) {
  reset();
  install(k_old);
  install(k_new);
  EXPECT_EQ(view(m_dir), k_new);
  EXPECT_EQ(stdfs::read_symlink(m_dir / "通报.docx"), ".zwgk/通报-2020Q3/current/通报.docx");
  EXPECT_EQ(stdfs::read_symlink(m_dir / "整改提醒/乙.txt"), "../.zwgk/通报-2020Q3/current/整改提醒/乙.txt");
  EXPECT_EQ(stdfs::read_symlink(m_dir / ".zwgk/通报-2020Q3/current"), "v2");
  EXPECT_FALSE(stdfs::exists(stdfs::symlink_status(m_dir / "通报.pdf")));  // the new set has none
  EXPECT_TRUE(stdfs::is_directory(m_dir / ".zwgk/通报-2020Q3/v1"));        // kept for readers of the old set
  install(k_new);
  EXPECT_FALSE(stdfs::exists(m_dir / ".zwgk/通报-2020Q3/v1"));
}

// 通报.html a directory: before, six files were replaced and the JSON not.
TEST_F(OutputSet, ADirectoryWithAnOutputsNameChangesNothing) {
  reset();
  install(k_old);
  stdfs::create_directories(m_dir / "通报.html");
  auto installed = install_output_set(m_dir, k_set, outputs(m_dir, k_new));
  ASSERT_FALSE(installed);
  EXPECT_NE(installed.error().find("通报.html”是一个文件夹"), std::string::npos) << installed.error();
  EXPECT_EQ(view(m_dir), k_old);
  stdfs::remove_all(m_dir);
  stdfs::create_directories(m_dir / "通报.html");
  EXPECT_FALSE(install_output_set(m_dir, k_set, outputs(m_dir, k_new)));
  EXPECT_FALSE(stdfs::exists(m_dir / k_output_state_dir)) << "a refused run created the hidden folder";
}

TEST_F(OutputSet, AForeignLinkIsNotReplaced) {
  reset();
  stdfs::create_symlink(m_dir / k_user_file, m_dir / "通报.docx");
  auto installed = install_output_set(m_dir, k_set, outputs(m_dir, k_new));
  ASSERT_FALSE(installed);
  EXPECT_NE(installed.error().find("指向别处的链接"), std::string::npos) << installed.error();
  EXPECT_EQ(read_file(m_dir / k_user_file).value_or(""), "mine");
}

// Word saves an edited 通报.docx over the link: the next run replaces it as a whole set.
TEST_F(OutputSet, AFileSavedOverALinkIsReplacedWithTheSet) {
  reset();
  install(k_old);
  stdfs::remove(m_dir / "通报.docx");
  write_plain(m_dir / "通报.docx", "edited");
  install(k_new);
  EXPECT_EQ(view(m_dir), k_new);
  EXPECT_TRUE(stdfs::is_symlink(m_dir / "通报.docx"));
}

TEST_F(OutputSet, TwoRunsAtOnceEachInstallAWholeSet) {
  reset();
  install(k_old);
  Files other = k_new;
  for (auto& [name, content] : other) content = "other " + name;
  std::vector<pid_t> children;
  for (const Files* files : std::vector<const Files*>{&k_new, &other}) {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(install_output_set(m_dir, k_set, outputs(m_dir, *files)) ? 0 : 1);
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const Files seen = view(m_dir);
  EXPECT_TRUE(seen == k_new || seen == other);
  EXPECT_EQ(leftovers(m_dir), std::vector<std::string>{});
}

TEST_F(OutputSet, ARunWaitsForTheLockAndThenGivesUp) {
  reset();
  install(k_old);
  const int fd = ::open((m_dir / ".zwgk/lock").c_str(), O_RDWR);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);  // another run is installing
  const auto start = std::chrono::steady_clock::now();
  auto installed = install_output_set(m_dir, k_set, outputs(m_dir, k_new), std::chrono::seconds(1));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  ::close(fd);
  ASSERT_FALSE(installed);
  EXPECT_NE(installed.error().find("另一个 zwgk 正在向"), std::string::npos) << installed.error();
  EXPECT_NE(installed.error().find("已等待 1 秒"), std::string::npos) << installed.error();
  EXPECT_EQ(view(m_dir), k_old);
}

pid_t gone_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

TEST_F(OutputSet, LeftoversOfKilledRunsAreRemoved) {
  reset();
  install(k_old);
  const std::string dead = std::to_string(gone_pid());
  write_plain(m_dir / ("通报.docx.tmp-" + dead + "-1a2b"), "half");           // an older zwgk's
  stdfs::create_directories(m_dir / ".zwgk/通报-2020Q3" / ("v9.tmp-" + dead + "-3c"));  // a killed install's
  write_plain(m_dir / ("其他.docx.tmp-" + dead + "-1a2b"), "not one of the set's names");
  install(k_new);
  EXPECT_EQ(leftovers(m_dir), std::vector<std::string>{(m_dir / ("其他.docx.tmp-" + dead + "-1a2b")).string()});
  const auto temp_root = stdfs::temp_directory_path();
  stdfs::create_directories(temp_root / ("zwgk-" + dead + "-Ab1234"));
  auto fresh = TempDir::create();
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(stdfs::exists(temp_root / ("zwgk-" + dead + "-Ab1234")));
  EXPECT_TRUE(fresh->path().filename().string().starts_with("zwgk-" + std::to_string(::getpid()) + "-"));
}

int no_space_at_write(std::string_view step) { return step.starts_with("write ") ? ENOSPC : 0; }

TEST_F(OutputSet, AFailedWriteLeavesTheOldSetAndNoTemporaries) {
  reset();
  install(k_old);
  set_write_step_hook(no_space_at_write);
  auto installed = install_output_set(m_dir, k_set, outputs(m_dir, k_new));
  set_write_step_hook(nullptr);
  ASSERT_FALSE(installed);
  EXPECT_NE(installed.error().find("磁盘空间不足"), std::string::npos) << installed.error();
  EXPECT_EQ(view(m_dir), k_old);
  EXPECT_EQ(leftovers(m_dir), std::vector<std::string>{});
}

int no_symlinks(std::string_view step) { return step.starts_with("symlink ") ? EPERM : 0; }

TEST_F(OutputSet, WithoutSymbolicLinksFilesAreReplacedOneByOneAndANoteSaysSo) {
  reset();
  set_write_step_hook(no_symlinks);
  auto installed = install_output_set(m_dir, k_set, outputs(m_dir, k_new));
  set_write_step_hook(nullptr);
  ASSERT_TRUE(installed) << installed.error();
  ASSERT_EQ(installed->notes.size(), 1u);
  EXPECT_NE(installed->notes[0].find("不支持符号链接"), std::string::npos);
  EXPECT_EQ(view(m_dir), k_new);
  EXPECT_FALSE(stdfs::is_symlink(m_dir / "通报.docx"));
}

TEST_F(OutputSet, NamesEqualButForCaseAreRefused) {
  auto installed = install_output_set(m_dir, k_set, {{m_dir / "附件1-A.csv", "1"}, {m_dir / "附件1-a.csv", "2"}});
  ASSERT_FALSE(installed);
  EXPECT_NE(installed.error().find("同一个文件名"), std::string::npos) << installed.error();
  EXPECT_FALSE(stdfs::exists(m_dir));
  EXPECT_TRUE(same_name_error({{"a/通报.docx", ""}, {"a/通报.DOCX.", ""}}));
  EXPECT_TRUE(same_name_error({{"a/x.csv", ""}, {"a/./x.csv", ""}}));
  EXPECT_FALSE(same_name_error({{"a/附件1.csv", ""}, {"a/附件2.csv", ""}}));
}

} // namespace
} // namespace zwgk::fs
