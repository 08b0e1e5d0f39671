// The application layer (src/app/) on in-memory stores at a fixed clock:
// the clock and its test setting, the error mappings of both front ends,
// --period, the SMTP configuration, and the workspace's pipeline.
#include "app/clock.h"
#include "app/mail_config.h"
#include "app/workspace.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "server/api.h"
#include "store/memory_followup_store.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace zwgk {
namespace {

constexpr std::int64_t k_fixed = 1'602'727'200;  // 2020-10-15 10:00 CST

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("zwgk-app-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(AppClock, TestClockStartsAtZwgkClockAndRunsOn) {
  ::setenv("ZWGK_CLOCK", "2020-10-15 10:00", 1);
  std::int64_t real = 5'000;
  auto chosen = app::clock_from_environment([&real] { return real; });
  ::unsetenv("ZWGK_CLOCK");
  EXPECT_EQ(chosen.clock(), k_fixed);
  real += 60;
  EXPECT_EQ(app::now_cst(chosen.clock).to_string(), "2020-10-15 10:01");
  EXPECT_NE(chosen.notice.find("测试时钟"), std::string::npos) << chosen.notice;
}

TEST(AppClock, WithoutZwgkClockTheRealClockAndNoNotice) {
  ::unsetenv("ZWGK_CLOCK");
  auto chosen = app::clock_from_environment([] { return std::int64_t{42}; });
  EXPECT_EQ(chosen.clock(), 42);
  EXPECT_TRUE(chosen.notice.empty());
  ::setenv("ZWGK_CLOCK", "明天", 1);
  chosen = app::clock_from_environment([] { return std::int64_t{42}; });
  ::unsetenv("ZWGK_CLOCK");
  EXPECT_EQ(chosen.clock(), 42);
  EXPECT_NE(chosen.notice.find("已忽略"), std::string::npos) << chosen.notice;
}

TEST(AppErrors, EachKindHasOneHttpStatusAndOneExitCode) {
  EXPECT_EQ(server::http_status(app::Error::bad_input("x")), 400);
  Diagnostics problems;
  problems.error({}, "y");
  EXPECT_EQ(server::http_status(app::Error::bad_input("x", problems)), 422);
  EXPECT_EQ(server::http_status(app::Error::not_found("x")), 404);
  EXPECT_EQ(server::http_status(app::Error::forbidden("x")), 403);
  EXPECT_EQ(server::http_status(app::Error::conflict("x")), 409);
  EXPECT_EQ(server::http_status(app::Error::internal("x")), 500);
  EXPECT_EQ(cli::exit_code(app::Error::bad_input("x")), cli::k_exit_input);
  EXPECT_EQ(cli::exit_code(app::Error::internal("x")), cli::k_exit_input);
}

TEST(PeriodOption, EmptyIsTheLatestAndBadTextSaysHowToWriteIt) {
  EXPECT_EQ(cli::parse_period_option("").value(), std::nullopt);
  EXPECT_EQ(cli::parse_period_option(" 2020Q3 ").value(), (Period{2020, 3}));
  auto bad = cli::parse_period_option("2020Q5");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "--period “2020Q5”无法识别，应写成 2020Q3 这样的格式");
}

TEST(SmtpConfigFile, MissingFileSyntaxErrorAndPasswordInTheFile) {
  const auto dir = scratch("smtp");
  std::vector<std::string> notes;
  auto missing = app::read_smtp_config(dir, notes);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("没有配置邮件发送服务器"), std::string::npos);

  std::ofstream(dir / "邮件发送.toml") << "[smtp]\nurl = \"smtps://x\n";
  auto syntax = app::read_smtp_config(dir, notes);
  ASSERT_FALSE(syntax);
  ASSERT_TRUE(syntax.error().problems.has_errors());
  EXPECT_EQ(syntax.error().problems.entries()[0].where.line, 2u);
  EXPECT_NE(syntax.error().problems.entries()[0].message.find("TOML 语法错误"), std::string::npos);

  std::ofstream(dir / "邮件发送.toml") << "[smtp]\nurl = \"smtps://x\"\nfrom = \"a@b.cn\"\npassword = \"s\"\n";
  auto password = app::read_smtp_config(dir, notes);
  ASSERT_FALSE(password);
  EXPECT_NE(password.error().problems.entries()[0].message.find("密码不能写在配置文件里"), std::string::npos);

  std::ofstream(dir / "邮件发送.toml") << "[smtp]\nurl = \"smtps://x\"\nfrom = \"a@b.cn\"\n";
  auto good = app::read_smtp_config(dir, notes);
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->options.url, "smtps://x");
  EXPECT_EQ(good->options.security, smtp::Security::Tls);
  std::filesystem::remove_all(dir);
}

// The pipeline on memory stores at a fixed clock: the example's 2020Q3
// assessed as of the workspace's now, and a withdrawal in the follow-up
// ledger applied to the scores (the same Workspace the CLI and server use).
TEST(AppWorkspace, AssessesAPeriodOnMemoryStoresAtAFixedClock) {
  const auto dir = scratch("workspace");
  std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", dir,
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  store::MemoryStore accounts;
  store::MemoryMailStore mail{accounts};
  store::MemoryFollowupStore followup{accounts};
  app::Workspace ws(dir, {&accounts, &mail, &followup}, [] { return k_fixed; });
  EXPECT_EQ(ws.now().to_string(), "2020-10-15 10:00");
  Diagnostics problems;
  const auto calendar = ws.calendar(problems);
  EXPECT_FALSE(problems.has_errors());
  Diagnostics notes;
  auto assessed = ws.assess_period(Period{2020, 3}, calendar, ws.now(), notes);
  ASSERT_TRUE(assessed) << (assessed.error().entries().empty() ? "" : assessed.error().entries()[0].to_string());
  EXPECT_EQ(assessed->workspace.period, (Period{2020, 3}));
  EXPECT_FALSE(assessed->followup.items.empty());
  auto loaded = ws.load_period(Period{2020, 3});
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->result);
  EXPECT_EQ(loaded->result->units.size(), assessed->result.units.size());
  // The data version changes with the ledgers.
  const std::string before = ws.data_version(Period{2020, 3});
  FollowupEvent event{0, "2020Q3", FollowupKind::Draft, "", "", "", "", ws.now(), "测试", k_fixed};
  ASSERT_TRUE(followup.add_followup_event(event, std::nullopt));
  EXPECT_NE(ws.data_version(Period{2020, 3}), before);
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace zwgk
