// zwgk check: validates a data directory and lists every problem at once;
// then assesses the period and builds its bulletin without writing it
// (publish/check.h), so that a check that passes means `zwgk report` succeeds.
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/assess.h"
#include "publish/check.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

int run_check(const DataOptions& options) {
  auto ws = load_workspace(options, Outputs::None);
  if (!ws) return k_exit_input;
  auto problems = ingest::all_problems(*ws);
  if (!problems.has_errors()) {
    auto result = assess(ws->registry, ws->scheme, ws->data, ws->period);
    problems.append(result ? publish::check_report(*ws, *result) : result.error());
  }
  print_diagnostics(problems);
  if (problems.has_errors()) {
    std::cerr << fmt::format("共发现 {} 个错误。\n", problems.error_count());
    return k_exit_input;
  }
  const auto& d = ws->data;
  std::cout << fmt::format(
      "检查通过：{} {}个单位；网站发布 {} 项按月汇总、{} 条逐条记录；投稿 {} 项按月汇总、{} 篇逐篇记录；"
      "上级采用 {} 项汇总、{} 篇逐篇记录；检查发现 {} 条。\n",
      ws->period.to_string(), ws->registry.size(), d.published_counts.size(),
      d.published_items.size(), d.submission_counts.size(), d.submissions.size(),
      d.adoption_counts.size(), d.adoptions.size(), d.findings.size());
  return k_exit_ok;
}

} // namespace

Command check_command() {
  return {"check", "检查数据目录，一次列出所有问题（有错误时退出码非0）", [](CLI::App& app) {
            auto options = std::make_shared<DataOptions>();
            add_data_options(app, *options);
            return std::function<int()>([options] { return run_check(*options); });
          }};
}

} // namespace zwgk::cli
