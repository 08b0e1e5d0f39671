// zwgk rectify list / show: the rectification items of a quarter or a year
// as they stand on a day, for a terminal or as a CSV file for Excel/WPS.
#include "cli/commands.h"
#include "cli/rectify_cli.h"
#include "fs/files.h"
#include "render/csv_tables.h"
#include "util/text.h"

#include <fmt/format.h>

#include <array>
#include <iostream>

namespace zwgk::cli {
namespace {

constexpr std::array k_statuses = {annual::ItemStatus::Open,      annual::ItemStatus::Replied,
                                   annual::ItemStatus::Returned,  annual::ItemStatus::Contested,
                                   annual::ItemStatus::Done,      annual::ItemStatus::DoneLate,
                                   annual::ItemStatus::Overdue,   annual::ItemStatus::Withdrawn};

std::string pad(std::string_view text, std::size_t width) {
  std::size_t used = display_width(text);
  return std::string(text) + std::string(used < width ? width - used : 0, ' ');
}

std::string time_text(const std::optional<DateTime>& when) { return when ? when->to_string() : std::string(); }

// "成文日期 2020-10-14，整改期限 2020-10-16；公示 …，申诉截止 …；定稿 …"
std::string dates_line(const annual::PeriodFollowup& f) {
  std::string line = fmt::format("{}：成文日期 {}，整改期限 {}", f.period.to_string(),
                                 f.published ? f.published->to_string() : std::string("未定"),
                                 deadline_text(f.deadline));
  if (f.draft) {
    line += fmt::format("；公示 {}", f.draft->to_string());
    if (f.contest_closes) line += fmt::format("，申诉截止 {}", f.contest_closes->to_string());
  }
  if (f.final_at) line += fmt::format("；定稿 {}", f.final_at->to_string());
  return line;
}

std::string contest_text(const annual::RectificationItem& item) {
  if (!item.contested) return {};
  if (!item.contest_outcome) return "申诉待决定";
  return fmt::format("申诉后{}", followup_kind_name(*item.contest_outcome));
}

struct Row {
  const annual::RectificationItem* item;
  const Registry* registry;
};

std::string csv_of(const std::vector<Row>& rows) {
  std::vector<std::vector<std::string>> table = {
      {"编号", "季度", "单位", "问题", "减分", "整改期限", "状态", "整改完成时间", "申诉", "年度考核扣分"}};
  for (const auto& [item, registry] : rows)
    table.push_back({item->id, item->period.to_string(), item_unit_name(*registry, *item), item->reason,
                     item->points.to_string(), deadline_text(item->deadline), status_text(*item),
                     time_text(item->fixed_at), contest_text(*item),
                     item->annual_penalty.is_zero() ? std::string() : item->annual_penalty.to_string()});
  return csv_document(table);
}

void print_table(const std::vector<Row>& rows) {
  std::array<std::size_t, 3> widths = {display_width("编号"), display_width("单位"), display_width("问题")};
  for (const auto& [item, registry] : rows) {
    widths[0] = std::max(widths[0], display_width(item->id));
    widths[1] = std::max(widths[1], display_width(item_unit_name(*registry, *item)));
    widths[2] = std::max(widths[2], display_width(item->reason));
  }
  std::cout << pad("编号", widths[0] + 2) << pad("单位", widths[1] + 2) << pad("问题", widths[2] + 2)
            << pad("减分", 6) << pad("整改期限", 12) << "状态\n";
  for (const auto& [item, registry] : rows) {
    std::cout << pad(item->id, widths[0] + 2) << pad(item_unit_name(*registry, *item), widths[1] + 2)
              << pad(item->reason, widths[2] + 2) << pad(item->points.to_string(), 6)
              << pad(deadline_text(item->deadline), 12) << status_text(*item);
    if (auto contest = contest_text(*item); !contest.empty()) std::cout << "（" << contest << "）";
    std::cout << '\n';
  }
}

// "共 13 项：待整改 2，已整改 9，逾期未整改 2。"
std::string counts_line(const std::vector<Row>& rows) {
  std::array<std::size_t, k_statuses.size()> counts{};
  Decimal penalty;
  for (const auto& row : rows) {
    for (std::size_t s = 0; s < k_statuses.size(); ++s)
      if (row.item->status == k_statuses[s]) ++counts[s];
    penalty += row.item->annual_penalty;
  }
  std::string line = fmt::format("共 {} 项", rows.size());
  std::string sep = "：";
  for (std::size_t s = 0; s < k_statuses.size(); ++s) {
    if (counts[s] == 0) continue;
    line += fmt::format("{}{} {}", sep, annual::item_status_name(k_statuses[s]), counts[s]);
    sep = "，";
  }
  line += "。";
  if (!penalty.is_zero()) line += fmt::format("按截至当时的状态，年度考核共扣 {} 分。", penalty.to_string());
  return line;
}

std::optional<UnitId> unit_filter(const Registry& registry, const std::string& name, bool& bad) {
  if (trim(name).empty()) return std::nullopt;
  auto id = registry.resolve(trim(name));
  if (id) return id;
  std::string msg = fmt::format("错误：未知单位“{}”", name);
  auto suggestions = registry.suggest(name);
  for (std::size_t i = 0; i < suggestions.size(); ++i) msg += (i == 0 ? "；是否指：" : "、") + suggestions[i];
  std::cerr << msg << (suggestions.empty() ? "\n" : "？\n");
  bad = true;
  return std::nullopt;
}

} // namespace

int run_rectify_list(const RectifyOptions& options) {
  if (options.year != 0 && !options.period.empty()) {
    std::cerr << "错误：--period（一个季度）和 --year（全年）只能选一个\n";
    return k_exit_usage;
  }
  std::optional<annual::ItemStatus> show;
  if (!trim(options.show).empty()) {
    show = annual::parse_item_status(trim(options.show));
    if (!show) {
      std::vector<std::string> names;
      for (auto s : k_statuses) names.emplace_back(annual::item_status_name(s));
      std::cerr << fmt::format("错误：--show “{}”不是整改状态，可写：{}\n", options.show, join(names, "、"));
      return k_exit_usage;
    }
  }
  auto period = parse_period_option(options.period);
  if (!period) {
    std::cerr << "错误：" << period.error() << '\n';
    return k_exit_usage;
  }
  auto as_of = time_option(options.as_of, "--as-of", DayEnd::End);
  if (!as_of) return k_exit_usage;
  auto inputs = load_followup_inputs(options.data_dir, Intent::Read, options.sheet);
  if (!inputs) return k_exit_input;

  // One quarter, or every quarter of the year.
  std::vector<app::AssessedPeriod> quarters;
  std::string title;
  if (options.year != 0) {
    Diagnostics notes;
    auto year = inputs->workspace->assess_year(options.year, inputs->calendar, *as_of, notes);
    print_diagnostics(notes);
    if (!year) {
      print_diagnostics(year.error());
      std::cerr << fmt::format("共发现 {} 个错误。\n", year.error().error_count());
      return k_exit_input;
    }
    quarters = std::move(year->quarters);
    title = fmt::format("{}年", options.year);
  } else {
    auto one = load_followup_period(*period, *inputs, *as_of, Intent::Read);
    if (!one) return k_exit_input;
    title = one->followup.period.to_string();
    quarters.push_back(std::move(*one));
  }
  const auto& registry = quarters.back().workspace.registry;
  bool bad_unit = false;
  auto unit = unit_filter(registry, options.unit, bad_unit);
  if (bad_unit) return k_exit_input;

  std::vector<Row> all, shown;
  for (const auto& q : quarters) {
    for (const auto& item : q.followup.items) {
      if (unit && item.unit != *unit) continue;
      all.push_back({&item, &q.workspace.registry});
      if (!show || item.status == *show) shown.push_back({&item, &q.workspace.registry});
    }
  }
  if (!options.csv.empty()) {
    if (auto ok = fs::write_files_atomically({{options.csv, csv_of(shown)}}); !ok) {
      std::cerr << "错误：" << ok.error() << '\n';
      return k_exit_input;
    }
    std::cout << fmt::format("已写出 {}（{} 项整改事项）。\n", options.csv, shown.size());
    return k_exit_ok;
  }
  std::cout << fmt::format("{} 整改事项（截至 {}）\n", title, as_of->to_string());
  for (const auto& q : quarters) {
    if (!q.workspace.scheme.rectification.enabled)
      std::cout << fmt::format("{}：考核方案没有 [rectification]，不设整改事项\n", q.followup.period.to_string());
    else
      std::cout << dates_line(q.followup) << '\n';
  }
  if (!shown.empty()) print_table(shown);
  std::cout << counts_line(all) << '\n';
  return k_exit_ok;
}

int run_rectify_show(const RectifyOptions& options) {
  auto period = item_period(options.id);
  if (!period) return k_exit_input;
  auto as_of = time_option(options.as_of, "--as-of", DayEnd::End);
  if (!as_of) return k_exit_usage;
  auto inputs = load_followup_inputs(options.data_dir, Intent::Read, options.sheet);
  if (!inputs) return k_exit_input;
  auto assessed = load_followup_period(period, *inputs, *as_of, Intent::Read);
  if (!assessed) return k_exit_input;
  const auto* item = find_item(*assessed, options.id);
  if (!item) return k_exit_input;
  const auto& registry = assessed->workspace.registry;
  std::cout << fmt::format("整改事项 {}（截至 {}）\n", item->id, as_of->to_string());
  std::cout << fmt::format("单位：{}\n问题：{}\n减分：{}\n整改期限：{}\n状态：{}\n", registry.at(item->unit).name,
                           item->reason, item->points.to_string(), deadline_text(item->deadline), status_text(*item));
  if (auto contest = contest_text(*item); !contest.empty()) std::cout << "申诉：" << contest << '\n';
  if (item->fixed_at) std::cout << "整改完成：" << item->fixed_at->to_string() << '\n';
  if (!item->annual_penalty.is_zero()) std::cout << "年度考核扣分：" << item->annual_penalty.to_string() << '\n';
  if (item->history.empty()) {
    std::cout << "经过：（尚无记录）\n";
    return k_exit_ok;
  }
  std::cout << "经过：\n";
  for (const auto& e : item->history) {
    std::string line = fmt::format("  {} {}（{}）", e.when.to_string(), followup_kind_name(e.kind), e.user);
    std::string sep = "：";
    for (const auto& [label, value] : {std::pair<std::string_view, const std::string&>{"", e.text},
                                       {"链接 ", e.link}, {"附件 ", e.file_name}}) {
      if (value.empty()) continue;
      line += fmt::format("{}{}{}", sep, label, value);
      sep = "；";
    }
    std::cout << line << '\n';
  }
  return k_exit_ok;
}

} // namespace zwgk::cli
