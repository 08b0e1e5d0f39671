// zwgk store import | export | migrate (issues 18, 20): moving a workspace between a data directory
// (its files and DIR/zwgk.db) and a PostgreSQL database (--store), without losing a
// version either way (store/copy.h); the data files follow (app/file_sync.cpp).
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/environment.h"

#include "store/copy.h"
#include "store/database.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace zwgk::cli {
namespace {

struct StoreOptions {
  std::string data_dir;
};

// The PostgreSQL URL of --store; prints why not and returns "" when there is none.
std::string postgres_location() {
  if (store::is_postgres_url(chosen_store())) return chosen_store();
  std::cerr << "错误：请用 --store postgresql://用户@主机:端口/数据库 指定 PostgreSQL 数据库"
               "（也可用环境变量 ZWGK_STORE）\n";
  return {};
}

// Each table as it is copied (a large history takes a while).
void print_table(const store::CopiedTable& t) { std::cout << fmt::format("  {}：{} 条", t.table, t.rows) << std::endl; }

std::size_t total_rows(const std::vector<store::CopiedTable>& copied) {
  std::size_t n = 0;
  for (const auto& t : copied) n += t.rows;
  return n;
}

std::unique_ptr<app::Workspace> workspace_on(const std::string& url, const std::string& data_dir) {
  auto db = store::open_postgres_database(url);
  if (!db) {
    print_error(app::Error::internal(db.error()));
    return nullptr;
  }
  return app::Workspace::adopt(data_dir, app::OpenedStores{std::move(*db)}, cli_clock());
}

int run_import(const StoreOptions& o) {
  const std::string url = postgres_location();
  if (url.empty()) return k_exit_usage;
  if (!std::filesystem::is_directory(o.data_dir)) {
    std::cerr << fmt::format("错误：数据目录“{}”不存在\n", o.data_dir);
    return k_exit_input;
  }
  const auto file = std::filesystem::path(o.data_dir) / std::string(store::k_store_file);
  if (std::filesystem::exists(file)) {
    std::cout << fmt::format("复制 {} 中的记录（账号、审计日志、文件的各个版本、邮件和整改台账、网站采集）：\n", file.string());
    auto copied = store::copy_records(file.string(), url, print_table);
    if (!copied) {
      std::cerr << "错误：" << copied.error() << "\n数据库中没有写入任何记录。\n";
      return k_exit_input;
    }
  }
  auto ws = workspace_on(url, o.data_dir);
  if (!ws) return k_exit_input;
  // Files changed since their last recorded version become new versions.
  if (auto recorded = ws->record_current_files({std::string(k_cli_user), unix_now()}); !recorded) {
    print_error(recorded.error());
    return exit_code(recorded.error());
  }
  std::cout << fmt::format("数据目录的数据文件已记入数据库（共 {} 个文件）。此后用 --store 启动各服务实例。\n",
                           ws->stores().store->current_files().size());
  return k_exit_ok;
}

int run_export(const StoreOptions& o) {
  const std::string url = postgres_location();
  if (url.empty()) return k_exit_usage;
  std::error_code ec;
  // A new or empty folder: the working copy's sync would replace or remove files already there.
  if (std::filesystem::exists(o.data_dir, ec) && !std::filesystem::is_empty(o.data_dir, ec)) {
    std::cerr << fmt::format("错误：“{}”不是空目录：请导出到新目录或空目录\n", o.data_dir);
    return k_exit_input;
  }
  std::filesystem::create_directories(o.data_dir, ec);
  const auto file = std::filesystem::path(o.data_dir) / std::string(store::k_store_file);
  std::cout << fmt::format("把数据库中的记录复制到 {}：\n", file.string());
  auto copied = store::copy_records(url, file.string(), print_table);
  if (!copied) {
    std::cerr << "错误：" << copied.error() << '\n';
    return k_exit_input;
  }
  auto ws = workspace_on(url, o.data_dir);
  if (!ws) return k_exit_input;
  if (auto synced = ws->sync_files(); !synced) {
    print_error(synced.error());
    return exit_code(synced.error());
  }
  std::cout << fmt::format("共 {} 条记录；数据文件的最新版本已写入 {}（不用 --store 即可照常使用这个数据目录）。\n",
                           total_rows(*copied), o.data_dir);
  return k_exit_ok;
}

// Opening a database applies the migrations it lacks (store/database.h); the
// package's postinst runs this after an upgrade so the service starts on an
// up-to-date schema, and says so in the upgrade's output.
int run_migrate(const StoreOptions& o) {
  if (!std::filesystem::is_directory(o.data_dir)) {
    std::cerr << fmt::format("错误：数据目录“{}”不存在\n", o.data_dir);
    return k_exit_input;
  }
  auto db = environment().open_database(o.data_dir, store::Create::No);
  if (!db) {
    std::cerr << "错误：" << db.error() << "\n";
    return k_exit_input;
  }
  if (!*db) {
    std::cout << fmt::format("数据目录“{}”中还没有数据库，无需升级。\n", o.data_dir);
    return k_exit_ok;
  }
  std::cout << "数据库的结构已是本版本的（缺少的升级步骤已完成）。\n";
  return k_exit_ok;
}

} // namespace

Command store_command() {
  return {"store", "数据库：把数据目录（文件和 zwgk.db）导入 PostgreSQL，或从 PostgreSQL 导出为数据目录；升级数据库结构", [](CLI::App& app) {
            auto o = std::make_shared<StoreOptions>();
            auto action = std::make_shared<std::function<int()>>();
            app.require_subcommand(1);
            auto* in = app.add_subcommand("import", "导入：数据目录的 zwgk.db 中的全部记录和各数据文件记入 --store 指定的空数据库");
            in->add_option("--data", o->data_dir, "数据目录")->required();
            in->callback([action, o] { *action = [o] { return run_import(*o); }; });
            auto* out = app.add_subcommand("export", "导出：数据库中的全部记录写入数据目录的新 zwgk.db，各数据文件的最新版本写入数据目录");
            out->add_option("--data", o->data_dir, "导出到的数据目录（新目录或空目录）")->required();
            out->callback([action, o] { *action = [o] { return run_export(*o); }; });
            auto* migrate = app.add_subcommand("migrate", "升级：把数据库（数据目录的 zwgk.db 或 --store）的结构升级到本版本；安装新版本后运行");
            migrate->add_option("--data", o->data_dir, "数据目录")->required();
            migrate->callback([action, o] { *action = [o] { return run_migrate(*o); }; });
            return [action] { return *action ? (*action)() : k_exit_usage; };
          }};
}

} // namespace zwgk::cli
