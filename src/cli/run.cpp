#include "cli/run.h"

#include "cli/commands.h"
#include "cli/help_format.h"
#include "cli/usage_error.h"

#include <iostream>

namespace zwgk::cli {

int run(int argc, char** argv) {
  CLI::App app{"zwgk —— 政务公开工作考核：从原始数据计算得分、排名并生成通报"};
  app.name("zwgk");
  use_chinese_help(app, "zwgk 0.1.0");
  app.failure_message([&app](const CLI::App*, const CLI::Error& e) { return usage_failure(app, e); });
  app.require_subcommand(1);
  std::function<int()> chosen;
  for (const auto& command : command_table()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.summary));
    auto runner = command.setup(*sub);
    sub->callback([&chosen, runner] { chosen = runner; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  return chosen ? chosen() : k_exit_usage;
}

} // namespace zwgk::cli
