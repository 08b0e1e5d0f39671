#include "cli/run.h"

#include "cli/commands.h"

#include <iostream>

namespace zwgk::cli {

namespace {

// Usage errors in Chinese, with the option CLI11 names kept as it is.
std::string chinese_failure(const CLI::App* app, const CLI::Error& e) {
  std::string what = e.what();
  std::string text;
  if (dynamic_cast<const CLI::RequiredError*>(&e))
    text = "缺少必填的选项或参数（" + what + "）";
  else if (dynamic_cast<const CLI::ExtrasError*>(&e))
    text = "无法识别的参数（" + what + "）";
  else if (dynamic_cast<const CLI::ValidationError*>(&e) || dynamic_cast<const CLI::ConversionError*>(&e))
    text = "参数的值不正确（" + what + "）";
  else
    text = what;
  std::string help = app && app->get_parent() ? std::string(app->get_name()) + " --help" : "--help";
  return "错误：" + text + "\n用法见：zwgk " + help + "\n";
}

} // namespace

int run(int argc, char** argv) {
  CLI::App app{"zwgk —— 政务公开工作考核：从原始数据计算得分、排名并生成通报"};
  app.failure_message(chinese_failure);
  app.require_subcommand(1);
  app.set_version_flag("--version", "zwgk 0.1.0");
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
