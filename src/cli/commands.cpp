#include "cli/commands.h"

namespace zwgk::cli {

const std::vector<Command>& command_table() {
  static const std::vector<Command> k_commands = {report_command(), check_command(),   explain_command(),
                                                  scheme_command(), period_command(),  user_command(),
                                                  serve_command(),  mail_command(),    rectify_command(),
                                                  remind_command(), batch_command(),   crawl_command(),
                                                  store_command(),  city_command()};
  return k_commands;
}

} // namespace zwgk::cli
