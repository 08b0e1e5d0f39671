// The command table. One entry per command, each defined in its own file
// (cmd_<name>.cpp); run.cpp builds the CLI from this table alone.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string_view>
#include <vector>

namespace zwgk::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_input = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_tool = 3;   // a program zwgk needs (LibreOffice) is missing or failed

struct Command {
  std::string_view name;
  std::string_view summary;  // Chinese, shown in --help
  // Registers the command's options on `app` and returns what runs it.
  std::function<std::function<int()>(CLI::App& app)> setup;
};

const std::vector<Command>& command_table();

Command report_command();
Command check_command();
Command explain_command();
Command user_command();
Command serve_command();
Command mail_command();
Command rectify_command();
Command remind_command();
Command batch_command();
Command period_command();
Command scheme_command();
Command crawl_command();
Command store_command();
Command city_command();

} // namespace zwgk::cli
