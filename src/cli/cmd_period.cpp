// zwgk period: the periods of a data directory and their status (list), and
// a new period's folder with its bulletin fields (new) — the same as the
// workspace's 新建季度 (app/period.cpp), recorded in zwgk.db's file history
// and audit log.
#include "cli/commands.h"
#include "cli/common.h"

#include "ingest/calendar_dir.h"
#include "util/text.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace zwgk::cli {
namespace {

struct PeriodOptions {
  std::string data_dir;
  std::string period;
  std::string date;
  std::string deadline;
  std::string from, to;  // the period's own 考核期
};

std::string chinese_date(Date d) { return fmt::format("{}年{}月{}日", d.year, d.month, d.day); }

// --date / --deadline: nullopt when not given; the exit code after printing why when malformed.
std::expected<std::optional<Date>, int> date_option(const std::string& text, std::string_view option) {
  if (trim(text).empty()) return std::nullopt;
  if (auto d = parse_date(trim(text))) return d;
  std::cerr << fmt::format("错误：{} “{}”应为日期，如 2021-01-14\n", option, text);
  return std::unexpected(k_exit_usage);
}

int run_new(const PeriodOptions& o) {
  auto period = Period::parse(trim(o.period));
  if (!period) {
    std::cerr << fmt::format("错误：季度“{}”写法不对：应写成年份加季度，如 2020Q4"
                             "（按月考核写 2020-08，半年写 2020H1，全年写 2020）\n", o.period);
    return k_exit_usage;
  }
  auto from = date_option(o.from, "--from");
  if (!from) return from.error();
  auto to = date_option(o.to, "--to");
  if (!to) return to.error();
  if (from->has_value() != to->has_value()) {
    std::cerr << "错误：--from 和 --to 要一起写（本期考核期的第一天和最后一天）\n";
    return k_exit_usage;
  }
  auto published = date_option(o.date, "--date");
  if (!published) return published.error();
  auto deadline = date_option(o.deadline, "--deadline");
  if (!deadline) return deadline.error();
  auto workspace = open_workspace(o.data_dir, {}, app::Create::IfMissing);
  if (!workspace) return k_exit_input;
  app::PeriodFields fields{*published ? *published : workspace->now().date, *deadline, std::nullopt};
  if (*from) fields.window = DateWindow{**from, **to};
  auto created = workspace->create_period(*period, fields, {std::string(k_cli_user), unix_now()});
  if (!created) {
    // The refusal's message, then any problem it does not already say.
    const auto& error = created.error();
    std::cerr << "错误：" << error.message << '\n';
    for (const auto& d : error.problems.entries())
      if (d.message != error.message) std::cerr << d.to_string() << '\n';
    return exit_code(error);
  }
  std::cout << fmt::format("已新建{} {}：{}/{}\n", period->noun(), period->to_string(), period->to_string(),
                           ingest::k_template_file);
  if (fields.window)
    std::cout << fmt::format("考核期：{}（{}/{}）\n", fields.window->chinese_text(), period->to_string(),
                             ingest::k_window_file);
  std::cout << fmt::format("成文日期：{}\n", chinese_date(*created->published));
  std::cout << fmt::format("整改期限：{}{}\n", chinese_date(*created->deadline),
                           *deadline ? "" : "（按工作日历推算；可用 --deadline 另定）");
  std::cout << fmt::format("{}文件夹中还没有数据，状态为“未开始”；放入数据文件后才成为默认{}。\n", period->noun(),
                           period->noun());
  return k_exit_ok;
}

int run_list(const PeriodOptions& o) {
  auto workspace = open_workspace(o.data_dir, {});
  if (!workspace) return k_exit_input;
  const auto periods = workspace->periods();
  if (periods.empty()) {
    std::cout << "数据目录中还没有季度文件夹（可用 zwgk period new 新建）\n";
    return k_exit_ok;
  }
  const auto chosen = workspace->default_period();
  for (Period p : periods) {
    const auto info = workspace->period_info(p);
    std::cout << fmt::format("{}  {}  {}{}\n", p.to_string(), p.full_name(),
                             app::period_status_name(info.status), chosen == p ? "（默认）" : "");
  }
  return k_exit_ok;
}

} // namespace

Command period_command() {
  return {"period", "季度：列出各季度及其状态，新建季度（文件夹和通报的成文日期、整改期限）", [](CLI::App& app) {
            auto o = std::make_shared<PeriodOptions>();
            auto action = std::make_shared<std::function<int()>>();
            app.require_subcommand(1);
            auto* list = app.add_subcommand("list", "列出各季度及其状态：未开始、进行中、已公示、已定稿");
            list->add_option("--data", o->data_dir, "数据目录")->required();
            list->callback([action, o] { *action = [o] { return run_list(*o); }; });
            auto* add = app.add_subcommand("new", "新建季度：创建季度文件夹和通报模板（成文日期、整改期限）");
            add->add_option("period", o->period, "季度，如 2020Q4")->required();
            add->add_option("--data", o->data_dir, "数据目录")->required();
            add->add_option("--date", o->date, "通报的成文日期，如 2021-01-14（默认：今天）");
            add->add_option("--deadline", o->deadline, "整改期限（默认：按考核方案的整改工作日数和工作日历推算）");
            add->add_option("--from", o->from, "本期考核期的第一天，如 2020-07-01（与 --to 一起写；默认：按考核方案的 [period]）");
            add->add_option("--to", o->to, "本期考核期的最后一天，如 2020-10-09");
            add->callback([action, o] { *action = [o] { return run_new(*o); }; });
            return [action] { return *action ? (*action)() : k_exit_usage; };
          }};
}

} // namespace zwgk::cli
