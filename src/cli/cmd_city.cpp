// zwgk city gather | show (issue 18): the city's assessment of its districts — each
// district's published period read from its own workspace, its figures written as the city
// period's 指标-区县结果.csv (app/city.h), which `zwgk report` then scores like any
// indicator facts; `show` lists every district's status and, once published, its ranking.
#include "app/city.h"
#include "cli/commands.h"
#include "cli/common.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <utility>

namespace zwgk::cli {
namespace {

struct CityOptions {
  std::string data_dir;
  std::string period;
};

// The city's workspace and the period named (or its default); the exit code after saying why not.
std::expected<std::pair<std::unique_ptr<app::Workspace>, Period>, int> open_city(const CityOptions& o) {
  auto period = parse_period_option(o.period);
  if (!period) {
    std::cerr << "错误：" << period.error() << '\n';
    return std::unexpected(k_exit_usage);
  }
  auto city = open_workspace(o.data_dir, {}, app::Create::IfMissing);
  if (!city) return std::unexpected(k_exit_input);
  const auto chosen = *period ? *period : city->default_period();
  if (!chosen) {
    std::cerr << "错误：市的数据目录中没有季度文件夹（可用 zwgk period new 新建）\n";
    return std::unexpected(k_exit_input);
  }
  return std::pair{std::move(city), *chosen};
}

// "临淄区（区县/临淄区，已公示）：单位数 67，合计 831，…"
std::string district_line(const app::DistrictResult& d) {
  std::string figures;
  for (std::string_view name : k_district_figures)
    if (auto it = d.figures.find(std::string(name)); it != d.figures.end())
      figures += fmt::format("{}{} {}", figures.empty() ? "" : "，", name, it->second.to_string());
  return fmt::format("{}（{}，{}）{}{}", d.unit, d.source, app::period_status_name(d.status), figures.empty() ? "" : "：",
                     figures);
}

int run_gather(const CityOptions& o) {
  auto city = open_city(o);
  if (!city) return city.error();
  auto gathered = app::gather_districts(*city->first, city->second, {std::string(k_cli_user), unix_now()});
  if (!gathered) {
    print_error(gathered.error());
    return exit_code(gathered.error());
  }
  for (const auto& d : gathered->districts) std::cout << district_line(d) << '\n';
  std::cout << fmt::format("{} {}\n", gathered->changed ? "已写入" : "未变化：", gathered->path);
  return k_exit_ok;
}

int run_show(const CityOptions& o) {
  auto city = open_city(o);
  if (!city) return city.error();
  auto standings = app::district_standings(*city->first, city->second);
  if (!standings) {
    print_error(standings.error());
    return exit_code(standings.error());
  }
  for (const auto& d : *standings) {
    std::cout << district_line(d) << '\n';
    for (const auto& table : d.tables) {
      std::cout << "  " << table.title << '\n';
      for (const auto& row : table.rows)
        std::cout << fmt::format("    {:>3}  {}  {}\n", row.rank, row.unit, row.total.to_string());
    }
  }
  return k_exit_ok;
}

} // namespace

Command city_command() {
  return {"city", "市对区县的考核：汇总各区县已公示的考核结果，作为市考核方案的指标数据；查看各区县的排名", [](CLI::App& app) {
            auto o = std::make_shared<CityOptions>();
            auto action = std::make_shared<std::function<int()>>();
            app.require_subcommand(1);
            auto* gather = app.add_subcommand(
                "gather", "按 区县.toml 读取各区县本期已公示的结果，写入本期的 指标-区县结果.csv（记入文件历史和审计日志）");
            gather->add_option("--data", o->data_dir, "市的数据目录（含 考核方案.toml、单位名录.csv、区县.toml）")->required();
            gather->add_option("--period", o->period, "季度，如 2020Q3（默认：最新的季度文件夹）");
            gather->callback([action, o] { *action = [o] { return run_gather(*o); }; });
            auto* show = app.add_subcommand("show", "列出各区县本期的状态，已公示的列出其汇总数字和通报中的排名");
            show->add_option("--data", o->data_dir, "市的数据目录（含 区县.toml）")->required();
            show->add_option("--period", o->period, "季度，如 2020Q3（默认：最新的季度文件夹）");
            show->callback([action, o] { *action = [o] { return run_show(*o); }; });
            return [action] { return *action ? (*action)() : k_exit_usage; };
          }};
}

} // namespace zwgk::cli
