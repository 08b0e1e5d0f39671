// zwgk user: the workspace's accounts, kept in DIR/zwgk.db.
//
//   zwgk user add --data DIR --name NAME --role admin|unit|viewer [--unit 单位]
//   zwgk user password --data DIR --name NAME
//   zwgk user list --data DIR
//   zwgk user create-units --data DIR --out 单位账号.csv [--force]   (cmd_user_units.cpp)
//
// The password never appears on the command line (where `ps` and the shell
// history would show it): it comes from ZWGK_PASSWORD if set, else one line
// of standard input, typed without echo (and twice) on a terminal; it must
// pass auth::password_problem(). A unit user's unit is resolved through the
// data directory's registry, so it is always an official name. `password`
// sets a new password (the way back in for an administrator who forgot
// theirs) and ends every session of the user, also in a running server;
// as a password set by someone else, it must be changed at the next login.
// Every change is in the audit log, by "命令行".
#include "auth/password.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/common.h"
#include "cli/user_cli.h"
#include "ingest/data_dir.h"
#include "store/database.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace zwgk::cli {
namespace {

constexpr std::string_view k_action_add_user = "添加用户";
constexpr std::string_view k_action_set_password = "重设密码";
constexpr const char* k_password_variable = "ZWGK_PASSWORD";

enum class UserAction { None, Add, Password, List, CreateUnits };

} // namespace

struct UserOptions {
  UserAction action = UserAction::None;
  std::string data_dir;
  std::string name;
  std::string role;
  std::string unit;
  std::string out;     // create-units
  bool force = false;  // create-units
};

namespace {

std::filesystem::path store_path(const std::string& data_dir) {
  return std::filesystem::path(data_dir) / std::string(store::k_store_file);
}

// The official name of `unit` in dir's registry; prints why not.
std::optional<std::string> resolve_unit(const std::filesystem::path& dir, const std::string& unit) {
  auto registry = load_user_registry(dir, "未添加用户");
  if (!registry) return std::nullopt;
  if (auto id = registry->resolve(unit)) return registry->at(*id).name;
  std::string msg = fmt::format("错误：未知单位“{}”", unit);
  auto suggestions = registry->suggest(unit);
  for (std::size_t i = 0; i < suggestions.size(); ++i) msg += (i == 0 ? "；是否指：" : "、") + suggestions[i];
  std::cerr << msg << (suggestions.empty() ? "\n" : "？\n");
  return std::nullopt;
}

// One line from standard input; on a terminal, prompted and not echoed.
std::optional<std::string> read_secret_line(std::string_view prompt) {
  bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    if (::tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << '\n';
  }
  if (!got && line.empty()) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();  // typed on Windows, piped here
  return line;
}

// The password for user (from ZWGK_PASSWORD or standard input), if it may
// be used; prints why not, ending with `outcome` (e.g. "未添加用户").
std::optional<std::string> read_password(const std::string& name, std::string_view outcome) {
  if (const char* from_env = std::getenv(k_password_variable)) return std::string(from_env);
  auto password = read_secret_line(fmt::format("请输入用户“{}”的密码：", name));
  if (!password) {
    std::cerr << fmt::format("错误：没有读到密码（请设置环境变量 {}，或从标准输入提供一行）\n", k_password_variable);
    return std::nullopt;
  }
  if (::isatty(STDIN_FILENO)) {
    auto again = read_secret_line("请再输入一次：");
    if (!again || *again != *password) {
      std::cerr << fmt::format("错误：两次输入的密码不一致，{}\n", outcome);
      return std::nullopt;
    }
  }
  return password;
}

// The argon2id hash of a password that passes the policy for user; prints why not.
std::optional<std::string> new_password_hash(const store::User& user, std::string_view outcome) {
  auto password = read_password(user.name, outcome);
  if (!password) return std::nullopt;
  if (auto problem = auth::password_problem(*password, user.name, user.unit)) {
    std::cerr << fmt::format("错误：{}，{}\n", *problem, outcome);
    return std::nullopt;
  }
  auto hash = auth::hash_password(*password, auth::HashCost::Interactive);
  if (!hash) {
    std::cerr << "错误：" << hash.error() << '\n';
    return std::nullopt;
  }
  return std::move(*hash);
}

int run_add(const UserOptions& options) {
  if (!check_data_dir(options.data_dir)) return k_exit_input;
  store::User user;
  user.name = options.name;
  user.role = store::parse_role(options.role).value_or(store::Role::Viewer);  // validated by the option
  user.created_at = unix_now();
  if (user.role == store::Role::Unit) {
    if (options.unit.empty()) {
      std::cerr << "错误：单位用户须用 --unit 指定所属单位\n";
      return k_exit_usage;
    }
    auto unit = resolve_unit(options.data_dir, options.unit);
    if (!unit) return k_exit_input;
    user.unit = *unit;
  } else if (!options.unit.empty()) {
    std::cerr << fmt::format("错误：只有单位用户（--role unit）才能指定 --unit，“{}”是{}\n", user.name,
                             store::role_title(user.role));
    return k_exit_usage;
  }

  // The name is checked before the password is asked for.
  store::User named = user;
  named.password_hash = "-";
  if (auto ok = store::check_user(named); !ok) {
    std::cerr << "错误：" << ok.error() << '\n';
    return k_exit_input;
  }
  auto db = open_user_store(options.data_dir);
  if (!db) return k_exit_input;
  if (db->find_user(user.name)) {
    std::cerr << fmt::format("错误：用户名“{}”已存在\n", user.name);
    return k_exit_input;
  }

  auto hash = new_password_hash(user, "未添加用户");
  if (!hash) return k_exit_input;
  user.password_hash = std::move(*hash);

  auto id = db->add_user(user);
  if (!id) {
    std::cerr << "错误：" << id.error() << '\n';
    return k_exit_input;
  }
  std::string detail = fmt::format("角色：{}", store::role_title(user.role));
  if (!user.unit.empty()) detail += fmt::format("；单位：{}", user.unit);
  auto audited = db->append_audit({0, unix_now(), std::string(k_cli_user), std::string(k_action_add_user), user.name,
                                   detail});
  if (!audited) {
    std::cerr << "错误：用户已添加，但写审计日志失败：" << audited.error() << '\n';
    return k_exit_input;
  }
  std::string unit = user.unit.empty() ? std::string() : "，" + user.unit;
  std::cout << fmt::format("已添加用户“{}”（{}{}）。\n", user.name, store::role_title(user.role), unit);
  return k_exit_ok;
}

int run_password(const UserOptions& options) {
  if (!check_data_dir(options.data_dir)) return k_exit_input;
  if (!std::filesystem::exists(store_path(options.data_dir))) {  // not created by a mistyped directory
    std::cerr << fmt::format("错误：没有用户“{}”（数据目录中还没有用户）\n", options.name);
    return k_exit_input;
  }
  auto db = open_user_store(options.data_dir);
  if (!db) return k_exit_input;
  auto user = db->find_user(options.name);
  if (!user) {
    std::cerr << fmt::format("错误：没有用户“{}”（用 zwgk user list 查看）\n", options.name);
    return k_exit_input;
  }
  auto hash = new_password_hash(*user, "密码未修改");
  if (!hash) return k_exit_input;
  user->password_hash = std::move(*hash);
  user->must_change_password = true;
  if (auto updated = db->update_user(*user, ""); !updated) {
    std::cerr << "错误：" << updated.error() << '\n';
    return k_exit_input;
  }
  auto audited = db->append_audit({0, unix_now(), std::string(k_cli_user), std::string(k_action_set_password),
                                   user->name, "已结束该用户的全部会话；须在下次登录时修改密码"});
  if (!audited) {
    std::cerr << "错误：密码已重设，但写审计日志失败：" << audited.error() << '\n';
    return k_exit_input;
  }
  std::cout << fmt::format("已重设用户“{}”的密码，其已登录的会话均已结束；该用户下次登录时须修改密码。\n", user->name);
  return k_exit_ok;
}

// Pads text to `width` half-width columns (Chinese characters count two).
std::string pad(std::string_view text, std::size_t width) {
  std::size_t used = display_width(text);
  return std::string(text) + std::string(used < width ? width - used : 0, ' ');
}

int run_list(const UserOptions& options) {
  if (!check_data_dir(options.data_dir)) return k_exit_input;
  if (!std::filesystem::exists(store_path(options.data_dir))) {
    std::cout << "还没有用户（用 zwgk user add 添加）。\n";
    return k_exit_ok;
  }
  auto db = open_user_store(options.data_dir);
  if (!db) return k_exit_input;
  auto users = db->users();
  if (users.empty()) {
    std::cout << "还没有用户（用 zwgk user add 添加）。\n";
    return k_exit_ok;
  }
  std::vector<std::array<std::string, 4>> rows{{"用户名", "角色", "状态", "所属单位"}};
  for (const auto& user : users)
    rows.push_back({user.name, std::string(store::role_title(user.role)), user.disabled ? "停用" : "启用", user.unit});
  std::array<std::size_t, 3> widths{};
  for (const auto& row : rows)
    for (std::size_t i = 0; i < widths.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) line += pad(row[i], widths[i] + 2);
    line += row[3];
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << '\n';
  }
  std::cout << fmt::format("共 {} 个用户。\n", users.size());
  return k_exit_ok;
}

} // namespace

std::optional<Registry> load_user_registry(const std::filesystem::path& dir, std::string_view outcome) {
  Diagnostics out;
  auto registry = ingest::load_registry(dir, out);
  print_diagnostics(out);
  if (!registry) std::cerr << fmt::format("共发现 {} 个错误，{}。\n", out.error_count(), outcome);
  return registry;
}

std::shared_ptr<store::Store> open_user_store(const std::string& data_dir) {
  auto opened = environment().open_database(data_dir, store::Create::IfMissing);
  if (!opened) {
    std::cerr << "错误：" << opened.error() << '\n';
    return nullptr;
  }
  return store::share(std::move(*opened), &store::Database::store);
}

bool check_data_dir(const std::string& data_dir) {
  if (std::filesystem::is_directory(data_dir)) return true;
  std::cerr << fmt::format("错误：数据目录“{}”不存在\n", data_dir);
  return false;
}

Command user_command() {
  return {"user", "管理工作台的用户账号（添加、重设密码、列出、一键创建单位账号）", [](CLI::App& app) {
            auto options = std::make_shared<UserOptions>();
            app.require_subcommand(1);
            CLI::App* add = app.add_subcommand("add", "添加用户；密码取自环境变量 ZWGK_PASSWORD，否则从标准输入读取一行");
            add->add_option("--data", options->data_dir, "数据目录（用户保存在其中的 zwgk.db）")->required();
            add->add_option("--name", options->name, "登录用户名")->required();
            add->add_option("--role", options->role, "角色：admin（管理员）、unit（单位用户）或 viewer（只读用户）")
                ->required()
                ->check([](const std::string& value) {
                  return store::parse_role(value) ? std::string() : std::string("角色应为 admin、unit 或 viewer");
                });
            add->add_option("--unit", options->unit, "单位用户的所属单位（正式名称、简称或别名）");
            add->callback([options] { options->action = UserAction::Add; });
            CLI::App* password = app.add_subcommand(
                "password", "重设用户的密码并结束其全部会话；密码取自环境变量 ZWGK_PASSWORD，否则从标准输入读取一行");
            password->add_option("--data", options->data_dir, "数据目录（用户保存在其中的 zwgk.db）")->required();
            password->add_option("--name", options->name, "登录用户名")->required();
            password->callback([options] { options->action = UserAction::Password; });
            CLI::App* units = app.add_subcommand(
                "create-units", "为单位名录中还没有账号的每个单位创建账号，初始密码写入 CSV 文件（首次登录须修改）");
            units->add_option("--data", options->data_dir, "数据目录（用户保存在其中的 zwgk.db）")->required();
            units->add_option("--out", options->out, "初始密码文件，如 单位账号.csv")->required();
            units->add_flag("--force", options->force, "文件已存在时覆盖它");
            units->callback([options] { options->action = UserAction::CreateUnits; });
            CLI::App* list = app.add_subcommand("list", "列出用户");
            list->add_option("--data", options->data_dir, "数据目录")->required();
            list->callback([options] { options->action = UserAction::List; });
            return std::function<int()>([options] {
              switch (options->action) {
              case UserAction::Add: return run_add(*options);
              case UserAction::Password: return run_password(*options);
              case UserAction::List: return run_list(*options);
              case UserAction::CreateUnits: return run_create_units(options->data_dir, options->out, options->force);
              case UserAction::None: break;
              }
              return k_exit_usage;
            });
          }};
}

} // namespace zwgk::cli
