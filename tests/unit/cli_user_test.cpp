// zwgk user in-process on the in-memory store (cli/environment.h): a reset
// from the command line ends the user's sessions and asks for a new
// password at the next login; create-units writes the one-time passwords to
// a private file, refuses to overwrite one, and creates only what is missing.
#include "auth/password.h"
#include "cli/environment.h"
#include "cli/run.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace zwgk::cli {
namespace {

constexpr std::int64_t k_fixed = 1'602'727'200;  // 2020-10-15 10:00 CST

class CliUserTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-cli-user-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    // The small district of the golden cases: seven units.
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "tests/golden/user-password/data", m_dir,
                          std::filesystem::copy_options::recursive);
  }
  void TearDown() override {
    ::unsetenv("ZWGK_PASSWORD");
    std::filesystem::remove_all(m_dir);
  }

  int zwgk(std::vector<std::string> args, std::string& out) {
    args.insert(args.begin(), "zwgk");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    int code = run(static_cast<int>(argv.size()), argv.data());
    out = ::testing::internal::GetCapturedStdout();
    return code;
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::filesystem::path m_dir;
  store::MemoryDatabase m_db;
  ScopedEnvironment m_environment{
      {[] { return k_fixed; }, [this](const std::filesystem::path&, store::Create) { return store::borrow(m_db); }}};
};

TEST_F(CliUserTest, Issue14_AResetEndsTheSessionsAndTheUserChoosesTheNextPassword) {
  auto& store = m_db.store();
  auto id = store.add_user({0, "zhang", store::Role::Viewer, "", "$argon2id$old", k_fixed, false});
  ASSERT_TRUE(id);
  ASSERT_TRUE(store.put_session({"one", *id, "c", k_fixed, k_fixed + 1000}));
  ASSERT_TRUE(store.put_session({"two", *id, "c", k_fixed, k_fixed + 1000}));
  std::ofstream(m_dir / "zwgk.db").put('\n');  // `user password` wants the data directory's database to exist
  ::setenv("ZWGK_PASSWORD", "Lantern-Moss-58", 1);
  std::string out;
  ASSERT_EQ(zwgk({"user", "password", "--data", m_dir.string(), "--name", "zhang"}, out), 0) << out;
  EXPECT_FALSE(store.find_session("one", k_fixed));
  EXPECT_FALSE(store.find_session("two", k_fixed));
  auto user = store.find_user("zhang");
  EXPECT_TRUE(auth::verify_password("Lantern-Moss-58", user->password_hash));
  EXPECT_TRUE(user->must_change_password);
}

TEST_F(CliUserTest, Issue14_CreateUnitsWritesAPrivateFileOnceAndOnlyWhatIsMissing) {
  const auto file = m_dir / "单位账号.csv";
  std::string out;
  ASSERT_EQ(zwgk({"user", "create-units", "--data", m_dir.string(), "--out", file.string()}, out), 0) << out;
  EXPECT_NE(out.find("已新建 7 个单位账号"), std::string::npos) << out;
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string csv = read(file);
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF单位,用户名,初始密码\r\n")) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 8);
  // 区政府办公室,区政府办公室,<password>
  const std::string first = csv.substr(csv.find("\r\n") + 2, csv.find("\r\n", csv.find("\r\n") + 2) - csv.find("\r\n") - 2);
  const std::string password = first.substr(first.rfind(',') + 1);
  auto user = m_db.store().find_user("区政府办公室");
  ASSERT_TRUE(user);
  EXPECT_TRUE(user->must_change_password);
  EXPECT_TRUE(auth::verify_password(password, user->password_hash));
  ASSERT_EQ(m_db.store().audit(0, 10).size(), 1u);

  // An existing file is not overwritten, and nothing is created.
  EXPECT_EQ(zwgk({"user", "create-units", "--data", m_dir.string(), "--out", file.string()}, out), 1);
  EXPECT_EQ(read(file), csv);
  EXPECT_EQ(m_db.store().users().size(), 7u);
  EXPECT_EQ(m_db.store().audit(0, 10).size(), 1u);

  // Again, to a new file: nothing is missing, no file is written.
  const auto second = m_dir / "again.csv";
  ASSERT_EQ(zwgk({"user", "create-units", "--data", m_dir.string(), "--out", second.string()}, out), 0) << out;
  EXPECT_EQ(out, "单位名录中的 7 个单位都已有账号，没有新建账号，未写文件。\n");
  EXPECT_FALSE(std::filesystem::exists(second));
  EXPECT_EQ(m_db.store().users().size(), 7u);
}

} // namespace
} // namespace zwgk::cli
