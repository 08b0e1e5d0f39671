// zwgk scheme explain: the data directory's 考核方案.toml in words, as a
// 考核办法 states it (scheme/describe.h), so the office can check that the
// file says what the district's rules say before any quarter is scored.
// Reads only the scheme: no registry, no quarter. An invalid scheme prints
// its errors (exit 1); warnings about the indicator tree go to stderr.
#include "cli/commands.h"
#include "cli/common.h"
#include "scheme/checks.h"
#include "scheme/describe.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace zwgk::cli {
namespace {

struct SchemeOptions {
  std::string data_dir;
};

int run_explain_scheme(const SchemeOptions& options) {
  Diagnostics problems;
  auto scheme = ingest::load_scheme(options.data_dir, problems);
  if (!scheme) {
    print_diagnostics(problems);
    std::cerr << fmt::format("共发现 {} 个错误。\n", problems.error_count());
    return k_exit_input;
  }
  print_diagnostics(indicator_warnings(*scheme));
  for (const auto& line : describe_scheme(*scheme)) std::cout << line << '\n';
  return k_exit_ok;
}

} // namespace

Command scheme_command() {
  return {"scheme", "考核方案：用文字说明考核方案的指标、分值、等次和扣分问题", [](CLI::App& app) {
            auto o = std::make_shared<SchemeOptions>();
            auto action = std::make_shared<std::function<int()>>();
            app.require_subcommand(1);
            auto* explain = app.add_subcommand(
                "explain", "按考核办法的格式列出考核方案：各级指标及其分值和计分方法、等次、一票否决、扣分问题");
            explain->add_option("--data", o->data_dir, "数据目录（含 考核方案.toml）")->required();
            explain->callback([action, o] { *action = [o] { return run_explain_scheme(*o); }; });
            return [action] { return *action ? (*action)() : k_exit_usage; };
          }};
}

} // namespace zwgk::cli
