#include "cli/run.h"

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/help_format.h"
#include "cli/usage_error.h"
#include "cli/version.h"

#include <iostream>

namespace zwgk::cli {
namespace {

constexpr const char* k_store_help =
    "数据库：默认是数据目录里的 zwgk.db；多个服务实例共用时写 PostgreSQL 地址 "
    "postgresql://用户@主机:端口/数据库（也可用环境变量 ZWGK_STORE）";

// `zwgk serve --store URL` as well as `zwgk --store URL serve`: every command and
// subcommand takes the one option.
void add_store_option(CLI::App& app, std::string& location) {
  app.add_option("--store", location, k_store_help)->envname("ZWGK_STORE");
  for (CLI::App* sub : app.get_subcommands({})) add_store_option(*sub, location);
}

} // namespace

int run(int argc, char** argv) {
  CLI::App app{"zwgk —— 政务公开工作考核：从原始数据计算得分、排名并生成通报"};
  app.name("zwgk");
  use_chinese_help(app, version_text);
  app.failure_message([&app](const CLI::App*, const CLI::Error& e) { return usage_failure(app, e); });
  app.require_subcommand(1);
  std::string store_location;
  std::function<int()> chosen;
  for (const auto& command : command_table()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.summary));
    auto runner = command.setup(*sub);
    sub->callback([&chosen, runner] { chosen = runner; });
  }
  add_store_option(app, store_location);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  choose_store(store_location);
  return chosen ? chosen() : k_exit_usage;
}

} // namespace zwgk::cli
