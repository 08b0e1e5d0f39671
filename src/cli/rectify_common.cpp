// zwgk rectify: loading, times, item ids and the words shared by its
// subcommands and by `zwgk report --year`.
#include "cli/rectify_cli.h"
#include "store/database.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace zwgk::cli {

namespace {

// What a command says after its errors.
std::string_view after_errors(Intent intent) {
  switch (intent) {
  case Intent::Record: return "，未记录任何内容。";
  case Intent::Files: return "，未生成任何文件。";
  case Intent::Read: break;
  }
  return "。";
}

} // namespace

std::string rectify_user(const RectifyOptions& options) {
  return trim(options.by).empty() ? std::string(k_cli_user) : std::string(trim(options.by));
}

std::optional<DateTime> time_option(const std::string& text, std::string_view option, DayEnd date_only) {
  if (trim(text).empty()) return app::now_cst(cli_clock());
  auto when = parse_date_time(trim(text));
  if (!when) {
    std::cerr << fmt::format("错误：{} “{}”无法识别，应写成 2020-10-15 10:00 或 2020-10-15 这样的格式\n", option,
                             text);
    return std::nullopt;
  }
  // A date alone: its first minute for an event, its last for "as of".
  if (text.find(':') == std::string::npos && date_only == DayEnd::End) when->minute_of_day = 23 * 60 + 59;
  return when;
}

std::optional<FollowupInputs> load_followup_inputs(const std::string& data_dir, Intent intent,
                                                   const std::string& sheet) {
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec)) {
    std::cerr << fmt::format("错误：数据目录“{}”不存在\n", data_dir);
    return std::nullopt;
  }
  FollowupInputs inputs;
  inputs.workspace = open_workspace(data_dir, sheet);
  if (!inputs.workspace) return std::nullopt;
  Diagnostics problems;
  inputs.calendar = inputs.workspace->calendar(problems);
  print_diagnostics(problems);
  if (problems.has_errors()) {
    std::cerr << fmt::format("共发现 {} 个错误（工作日历）{}\n", problems.error_count(),
                             after_errors(intent));
    return std::nullopt;
  }
  inputs.events = inputs.workspace->events();
  return inputs;
}

std::optional<app::AssessedPeriod> load_followup_period(std::optional<Period> period, const FollowupInputs& inputs,
                                                        DateTime as_of, Intent intent) {
  Diagnostics notes;
  auto assessed = inputs.workspace->assess_period(period, inputs.calendar, as_of, notes, &inputs.events);
  print_diagnostics(notes);
  if (!assessed) {
    print_diagnostics(assessed.error());
    std::cerr << fmt::format("共发现 {} 个错误{}\n", assessed.error().error_count(),
                             after_errors(intent));
    return std::nullopt;
  }
  return std::move(*assessed);
}

std::optional<Period> item_period(const std::string& id) {
  auto slash = id.find('/');
  if (auto period = Period::parse(trim(std::string_view(id).substr(0, slash))); period) return period;
  std::cerr << fmt::format("错误：整改事项编号“{}”应写成 季度/单位/问题类型，如 2020Q3/齐都镇/目录未上传"
                           "（用 zwgk rectify list 查看编号）\n",
                           id);
  return std::nullopt;
}

namespace {

// "2020Q3/区文旅局/目录未上传" → unit part and code part (the code is after
// the last slash: unit names may hold one).
struct IdParts {
  std::string unit;
  std::string code;
};

std::optional<IdParts> split_id(std::string_view id) {
  auto first = id.find('/');
  auto last = id.rfind('/');
  if (first == std::string_view::npos) return std::nullopt;
  if (last == first) return IdParts{std::string(trim(id.substr(first + 1))), {}};  // "2020Q3/齐都镇"
  return IdParts{std::string(trim(id.substr(first + 1, last - first - 1))), std::string(trim(id.substr(last + 1)))};
}

} // namespace

const annual::RectificationItem* find_item(const app::AssessedPeriod& period, const std::string& id) {
  const auto& state = period.followup;
  if (const auto* item = state.find(trim(id))) return item;
  const auto& registry = period.workspace.registry;
  auto parts = split_id(trim(id));
  // A flag rather than an optional: GCC 12's -O3 misreads an optional UnitId as maybe uninitialized.
  bool known = false;
  UnitId unit = 0;
  if (parts)
    if (auto resolved = registry.resolve(parts->unit)) {
      known = true;
      unit = *resolved;
    }
  if (known) {
    if (const auto* item = state.find(annual::item_id(state.period, registry.at(unit), parts->code))) return item;
  }
  // The nearest ids: the unit's own items when the unit is known, else the
  // items of units spelled within a third of the name (as Registry::suggest).
  struct Candidate {
    std::size_t distance;
    const std::string* id;
  };
  std::vector<Candidate> candidates;
  std::string query(trim(id));
  for (const auto& item : state.items) {
    if (known) {
      if (item.unit == unit) candidates.push_back({edit_distance(parts->code, item.code), &item.id});
      continue;
    }
    if (!parts) {
      if (std::size_t d = edit_distance(query, item.id); d <= std::max<std::size_t>(1, code_point_count(query) / 4))
        candidates.push_back({d, &item.id});
      continue;
    }
    const auto& u = registry.at(item.unit);
    std::size_t d = std::min(edit_distance(parts->unit, u.name),
                             edit_distance(parts->unit, u.display_name(NameStyle::Short)));
    if (d <= std::max<std::size_t>(1, code_point_count(parts->unit) / 3))
      candidates.push_back({d * 100 + edit_distance(parts->code, item.code), &item.id});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
  std::string message = fmt::format("错误：{}没有整改事项“{}”", state.period.to_string(), query);
  if (candidates.empty()) {
    if (known)
      message += fmt::format("；{}在该季度没有整改事项", registry.at(unit).display_name(NameStyle::Short));
    std::cerr << message << fmt::format("（用 zwgk rectify list --period {} 查看编号）\n", state.period.to_string());
    return nullptr;
  }
  for (std::size_t i = 0; i < candidates.size() && i < 3; ++i) message += (i == 0 ? "；是否指：" : "、") + *candidates[i].id;
  std::cerr << message << "？\n";
  return nullptr;
}

std::string deadline_text(const std::optional<Date>& deadline) {
  return deadline ? deadline->to_string() : std::string("未定");
}

std::string status_text(const annual::RectificationItem& item) {
  std::string text(annual::item_status_name(item.status));
  if (item.awaiting_check && item.status != annual::ItemStatus::Replied) text += "·待核实";
  return text;
}

std::string item_unit_name(const Registry& registry, const annual::RectificationItem& item) {
  return registry.at(item.unit).display_name(NameStyle::Short);
}

} // namespace zwgk::cli
