// zwgk user create-units: every registered unit's account in one step
// (auth/unit_accounts.h), the one-time passwords written to a CSV file.
//
// The file is written before the accounts are stored, so a password is
// never stored without its copy on disk; if storing fails the file is
// removed again. It is written atomically (never half a file), readable by
// its owner only (it holds passwords), and an existing file is replaced only
// with --force. When every unit has its account nothing is written.
#include "auth/unit_accounts.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/user_cli.h"
#include "fs/files.h"

#include <fmt/format.h>

#include <cerrno>
#include <fcntl.h>
#include <iostream>
#include <system_error>
#include <unistd.h>

namespace zwgk::cli {
namespace {

// Writes content to path, created readable and writable by its owner only.
std::expected<void, std::string> write_private(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(fs::error_text(std::error_code(errno, std::generic_category())));
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const int error = errno;
      ::close(fd);
      return std::unexpected(fs::error_text(std::error_code(error, std::generic_category())));
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    return std::unexpected(fs::error_text(std::error_code(errno, std::generic_category())));
  return {};
}

} // namespace

int run_create_units(const std::string& data_dir, const std::filesystem::path& out, bool force) {
  if (!check_data_dir(data_dir)) return k_exit_input;
  std::error_code error;
  if (!force && std::filesystem::exists(out, error)) {
    std::cerr << fmt::format("错误：文件“{}”已存在，未创建账号（其中可能是尚未分发的初始密码；确要覆盖请加 --force）\n",
                             out.string());
    return k_exit_input;
  }
  auto registry = load_user_registry(data_dir, "未创建账号");
  if (!registry) return k_exit_input;
  auto db = open_user_store(data_dir);
  if (!db) return k_exit_input;
  std::vector<std::string> units;
  for (const auto& unit : registry->units()) units.push_back(unit.name);
  const std::int64_t now = unix_now();
  auto plan = auth::plan_unit_accounts(*db, units, now);
  if (!plan) {
    std::cerr << "错误：" << plan.error() << '\n';
    return k_exit_input;
  }
  if (plan->accounts.empty()) {
    std::cout << fmt::format("单位名录中的 {} 个单位都已有账号，没有新建账号，未写文件。\n", units.size());
    return k_exit_ok;
  }
  const std::string csv = auth::unit_accounts_csv(plan->accounts);
  fs::OutputFile file{out, {}, [&csv](const std::filesystem::path& temporary) { return write_private(temporary, csv); }};
  if (auto written = fs::write_files_atomically({file}); !written) {
    std::cerr << fmt::format("错误：无法写入“{}”：{}，未创建账号\n", out.string(), written.error());
    return k_exit_input;
  }
  if (auto created = auth::create_unit_accounts(*db, *plan, k_cli_user, now); !created) {
    std::filesystem::remove(out, error);
    std::cerr << fmt::format("错误：{}，未创建账号（已删除“{}”）\n", created.error(), out.string());
    return k_exit_input;
  }
  std::cout << fmt::format("已新建 {} 个单位账号{}，初始密码已写入“{}”。\n", plan->accounts.size(),
                           plan->existing > 0 ? fmt::format("（另有 {} 个单位已有账号，未变）", plan->existing) : "",
                           out.string());
  std::cout << "初始密码只在这个文件中，不能再次查看：请分发给各单位后删除该文件；各单位首次登录时须修改密码。\n";
  return k_exit_ok;
}

} // namespace zwgk::cli
