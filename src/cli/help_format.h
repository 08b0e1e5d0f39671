// The command line's help in Chinese: CLI11's frame (Usage, Options,
// Subcommands, REQUIRED, value types) replaced by 用法、选项、子命令、必填 …
//
// Contracts:
// - use_chinese_help(app) is called on the top-level app before any
//   subcommand is added: CLI11 copies the formatter, the help flag and the
//   option defaults into each subcommand when it is created, so every level
//   (`zwgk --help`, `zwgk mail --help`, `zwgk mail import --help`) prints the
//   same Chinese frame.
// - The usage line names the whole command path ("zwgk mail import"), so it
//   can be copied as it is.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace zwgk::cli {

class ChineseFormatter : public CLI::Formatter {
public:
  ChineseFormatter();
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
  std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override;
  std::string make_positionals(const CLI::App* app) const override;
  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_footer(const CLI::App* app) const override;
  std::string make_option_opts(const CLI::Option* opt) const override;
  std::string make_option_usage(const CLI::Option* opt) const override;

private:
  std::string option_groups(const CLI::App* app, CLI::AppFormatMode mode) const;
};

// "zwgk mail import": the app's names from the top level down.
std::string command_path(const CLI::App& app);

// Sets the Chinese formatter, help flag, version flag and option group on the
// top-level app (see the contract above).
void use_chinese_help(CLI::App& app, std::function<std::string()> version);

} // namespace zwgk::cli
