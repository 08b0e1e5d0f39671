// zwgk crawl: a period's publications counted from the website (app/crawl.h) — the
// site file's columns crawled politely, the items written as the period's
// 网站发布-网站采集.csv, stale columns and adoptions proposed; `proposals` lists the
// proposals, `confirm` and `dismiss` decide one (as the workspace's 网站采集 page does).
#include "app/crawl.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/progress_display.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

namespace zwgk::cli {
namespace {

struct CrawlOptions {
  std::string data_dir, period, site, reason;
  std::int64_t id = 0;
  bool unthrottled = false;
};

std::optional<Period> period_of(const std::string& text, const app::Workspace& ws) {
  auto parsed = parse_period_option(text);
  if (!parsed) {
    std::cerr << "错误：" << parsed.error() << '\n';
    return std::nullopt;
  }
  if (*parsed) return **parsed;
  if (auto latest = ws.default_period()) return latest;
  auto periods = ws.periods();
  if (!periods.empty()) return periods.back();
  std::cerr << "错误：数据目录中还没有考核期文件夹：请用 --period 指定，或先用 zwgk period new 新建\n";
  return std::nullopt;
}

void print_columns(const crawl::CrawlOutcome& outcome, std::string_view what) {
  bool heading = false;
  for (const auto& c : outcome.columns) {
    if (c.problems.empty()) continue;
    if (!heading) std::cout << fmt::format("{}有问题{}：\n", what, "（列表可能不全，请核对）");
    heading = true;
    std::cout << fmt::format("  {} {} {}{}\n", c.column.unit, c.column.kind, c.column.url,
                             c.complete ? "" : "（未读完）");
    for (const auto& p : c.problems) std::cout << "    " << p << '\n';
  }
}

void print_summary(const app::CrawlSummary& s, Period period) {
  std::size_t pages = 0, unchanged = 0, resumed = 0;
  for (const auto* o : {&s.outcome, &s.portals})
    for (const auto& c : o->columns) pages += c.pages, unchanged += c.unchanged, resumed += c.resumed;
  std::cout << fmt::format("已抓取{} {}：{} 个栏目{}，读取 {} 页（请求 {} 次；未变化 {} 页，续抓沿用 {} 页）\n",
                           s.resumed ? "（接着上次中断的抓取）" : "", period.to_string(), s.outcome.columns.size(),
                           s.portals.columns.empty() ? "" : fmt::format("和上级网站的 {} 个栏目", s.portals.columns.size()),
                           pages, s.outcome.requests + s.portals.requests, unchanged, resumed);
  std::cout << fmt::format("本期发布信息 {} 条，{} {}；重复 {} 条只算一次，考核期以外 {} 条未计入。\n", s.rows,
                           s.written ? "写入" : "与上次相同，未改动", s.file, s.duplicates, s.outside);
  print_columns(s.outcome, "栏目");
  if (s.carried > 0)
    std::cout << fmt::format("未读完的栏目沿用上次抓取到的 {} 条信息（已计入上面的条数）；网站恢复后请再抓取一次。\n", s.carried);
  print_columns(s.portals, "上级网站栏目");
  if (s.outcome.budget_exhausted || s.portals.budget_exhausted)
    std::cout << "已达站点文件规定的页数上限（max_pages），其余页面未抓取。\n";
  if (s.stale + s.adoptions > 0)
    std::cout << fmt::format("建议：栏目长期未更新 {} 个，上级采用 {} 篇（本次新提出 {} 条）；请在工作台“网站采集”中确认或不采纳，"
                             "或用 zwgk crawl proposals 查看。\n", s.stale, s.adoptions, s.new_proposals);
  for (const auto& other : s.other_files)
    std::cout << fmt::format("注意：本期还有 {}，其中的发布信息也会计入；如网站采集已取代这份统计，请删除它。\n", other);
}

int run_crawl(const CrawlOptions& o) {
  if (o.data_dir.empty()) {
    std::cerr << "错误：请用 --data 指定数据目录\n";
    return k_exit_usage;
  }
  auto ws = open_workspace(o.data_dir, {}, app::Create::IfMissing);
  if (!ws) return k_exit_input;
  auto period = period_of(o.period, *ws);
  if (!period) return k_exit_usage;
  app::CrawlRequest request{*period, o.site, o.unthrottled ? crawl::Throttle::None : crawl::Throttle::Polite};
  ProgressDisplay& display = stderr_progress();
  display.start("抓取网站栏目", 0);
  auto summary = app::crawl_period(*ws, request, {std::string(k_cli_user), unix_now()}, nullptr,
                                   [&](const crawl::CrawlProgress& p) {
                                     display.update(p.pages, fmt::format("页；{} 条信息，栏目 {}/{}", p.items,
                                                                         p.columns_done, p.columns));
                                   });
  if (!summary) {
    display.stop();
    print_error(summary.error());
    return exit_code(summary.error());
  }
  display.finish();
  print_summary(*summary, *period);
  bool complete = true;
  for (const auto* o2 : {&summary->outcome, &summary->portals})
    for (const auto& c : o2->columns) complete = complete && c.complete;
  return complete ? k_exit_ok : k_exit_input;
}

std::string proposal_line(const store::CrawlProposal& p) {
  const auto d = nlohmann::json::parse(p.detail, nullptr, false);
  const std::string state = p.decision == store::ProposalDecision::Confirmed   ? "已确认"
                            : p.decision == store::ProposalDecision::Dismissed ? "不采纳"
                                                                                : "待处理";
  if (!d.is_object()) return fmt::format("{:>4}  {}  {}", p.id, state, p.unit);
  if (p.kind == "stale") {
    const std::string newest = d.contains("newest") ? fmt::format("最新 {}，{} 天未更新", d["newest"].value("date", ""),
                                                                  d.value("days", 0))
                                                    : "没有任何信息";
    return fmt::format("{:>4}  {}  栏目未更新  {}  {}（{}；规定 {} 天）  {}", p.id, state, p.unit,
                       d.value("kind", ""), newest, d.value("limit", 0), d.value("url", ""));
  }
  return fmt::format("{:>4}  {}  {}采用  {}  {} {}（相似度 {}%，原文 {} {}）", p.id, state, d.value("level", ""), p.unit,
                     d.value("date", ""), d.value("title", ""), d.value("similarity", 0),
                     d["original"].value("date", ""), d["original"].value("title", ""));
}

int run_proposals(const CrawlOptions& o) {
  auto ws = open_workspace(o.data_dir, {}, app::Create::No);
  if (!ws) return k_exit_input;
  auto period = period_of(o.period, *ws);
  if (!period) return k_exit_usage;
  const auto all = ws->stores().crawl ? ws->stores().crawl->proposals(period->to_string())
                                      : std::vector<store::CrawlProposal>{};
  if (all.empty()) {
    std::cout << fmt::format("{} 没有抓取建议。\n", period->to_string());
    return k_exit_ok;
  }
  for (const auto& p : all) std::cout << proposal_line(p) << '\n';
  return k_exit_ok;
}

int run_decide(const CrawlOptions& o, store::ProposalDecision decision) {
  auto ws = open_workspace(o.data_dir, {}, app::Create::No);
  if (!ws) return k_exit_input;
  auto period = period_of(o.period, *ws);
  if (!period) return k_exit_usage;
  auto done = app::decide_crawl_proposal(*ws, *period, o.id, decision, o.reason, {std::string(k_cli_user), unix_now()});
  if (!done) {
    print_error(done.error());
    return exit_code(done.error());
  }
  std::cout << fmt::format("抓取建议 {} 已{}。\n", o.id,
                           decision == store::ProposalDecision::Confirmed ? "确认并记入本期数据" : "记为不采纳");
  return k_exit_ok;
}

void add_review(CLI::App& app, const std::shared_ptr<CrawlOptions>& o, const std::shared_ptr<std::function<int()>>& action,
                std::string_view name, std::string_view summary, std::optional<store::ProposalDecision> decision) {
  auto* sub = app.add_subcommand(std::string(name), std::string(summary));
  if (decision) sub->add_option("id", o->id, "抓取建议的编号（zwgk crawl proposals 列出）")->required();
  sub->add_option("--data", o->data_dir, "数据目录")->required();
  sub->add_option("--period", o->period, "考核期，如 2020Q3（默认：最新的考核期）");
  if (decision)
    sub->add_option("--reason", o->reason, "理由（记入操作日志）")->required(*decision == store::ProposalDecision::Dismissed);
  sub->callback([action, o, decision] {
    *action = [o, decision] { return decision ? run_decide(*o, *decision) : run_proposals(*o); };
  });
}

} // namespace

Command crawl_command() {
  return {"crawl", "从政府网站抓取各单位栏目的发布信息，写成本期的网站发布记录；提出栏目未更新和上级采用的建议",
          [](CLI::App& app) {
            auto o = std::make_shared<CrawlOptions>();
            auto action = std::make_shared<std::function<int()>>([o] { return run_crawl(*o); });
            app.require_subcommand(0, 1);
            app.add_option("--data", o->data_dir, "数据目录");
            app.add_option("--period", o->period, "考核期，如 2020Q3（默认：最新的考核期）");
            app.add_option("--site", o->site, "站点文件（默认：数据目录中的 站点.toml）");
            app.add_flag("--unthrottled", o->unthrottled, "不限速（只用于本机的测试网站，用于基准测试）");
            add_review(app, o, action, "proposals", "列出本期的抓取建议及其处理情况", std::nullopt);
            add_review(app, o, action, "confirm", "确认一条抓取建议：栏目未更新记为检查问题，上级采用记入采用记录",
                       store::ProposalDecision::Confirmed);
            add_review(app, o, action, "dismiss", "不采纳一条抓取建议（须写理由）", store::ProposalDecision::Dismissed);
            return std::function<int()>([action] { return (*action)(); });
          }};
}

} // namespace zwgk::cli
