// zwgk rectify: rectification items after a bulletin, at the command line.
//
//   zwgk rectify list     --data DIR [--period P | --year Y] [--unit U] [--show 状态] [--as-of T] [--csv 文件]
//   zwgk rectify show     --data DIR 编号 [--as-of T]
//   zwgk rectify reply    --data DIR 编号 --text … (--link 网址 | --file 文件) [--at T] [--by 姓名]
//   zwgk rectify verify   --data DIR 编号 [--text …] [--at T] [--by 姓名]
//   zwgk rectify reject   --data DIR 编号 --reason … [--at T] [--by 姓名]
//   zwgk rectify contest  --data DIR 编号 --reason … [--at T] [--by 姓名]
//   zwgk rectify uphold   --data DIR 编号 --reason … [--at T] [--by 姓名]
//   zwgk rectify withdraw --data DIR 编号 --reason … [--at T] [--by 姓名]
//   zwgk rectify draft    --data DIR --period P [--at T] [--by 姓名]     公示
//   zwgk rectify final    --data DIR --period P [--at T] [--by 姓名]     定稿
//
// The command line acts as the office (annual::Actor::Office): it records a
// unit's reply or contest on the unit's behalf. Every event is recorded by
// app::record_event (app/record_event.h), as the workspace records it:
// checked against the period as it stood at --at and added to the follow-up
// ledger in DIR/zwgk.db with its audit entry in one transaction; on any
// error nothing is written.
#include "app/record_event.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/rectify_cli.h"
#include "fs/files.h"
#include "store/database.h"
#include "util/digest.h"
#include "util/text.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

// Evidence files are photos, scans and documents; a larger file is a mistake.
constexpr std::uintmax_t k_max_evidence_bytes = 50ull << 20;

// The kinds whose text is a reason (--reason); a reply's or a verification's is --text.
bool needs_reason(FollowupKind kind) {
  return kind == FollowupKind::Reject || kind == FollowupKind::Contest || kind == FollowupKind::Uphold ||
         kind == FollowupKind::Withdraw || kind == FollowupKind::WithdrawDraft;
}


// The arguments that can be checked before anything is loaded; the exit
// code on failure.
std::optional<int> check_arguments(const RectifyOptions& o, FollowupKind kind) {
  if (kind == FollowupKind::Reply) {
    if (trim(o.text).empty()) {
      std::cerr << "错误：请用 --text 写明整改了什么\n";
      return k_exit_usage;
    }
    if (trim(o.link).empty() && trim(o.file).empty()) {
      std::cerr << "错误：整改回复须附上可查看整改结果的网址（--link）或文件（--file）\n";
      return k_exit_usage;
    }
    auto link = trim(o.link);
    if (!link.empty() && !link.starts_with("http://") && !link.starts_with("https://")) {
      std::cerr << fmt::format("错误：--link “{}”应为以 http:// 或 https:// 开头的网址\n", o.link);
      return k_exit_usage;
    }
  }
  if (needs_reason(kind) && trim(o.reason).empty()) {
    std::cerr << "错误：请用 --reason 写明理由（记入整改记录和审计日志）\n";
    return k_exit_usage;
  }
  return std::nullopt;
}

std::optional<store::FollowupFile> read_evidence(const std::string& path, bool& failed) {
  if (trim(path).empty()) return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << fmt::format("错误：文件“{}”不存在\n", path);
    failed = true;
    return std::nullopt;
  }
  auto bytes = fs::read_file(path, k_max_evidence_bytes);
  if (!bytes) {
    std::cerr << "错误：" << bytes.error() << '\n';
    failed = true;
    return std::nullopt;
  }
  store::FollowupFile file;
  file.name = fs::display_name(std::filesystem::path(path).filename());
  file.sha256 = sha256_hex(*bytes);
  file.bytes = std::move(*bytes);
  return file;
}

// What changed, after the event was added: the item's status, and for a
// withdrawal the unit's quarter figures (`after_result`, assessed anew).
void print_outcome(const FollowupEvent& event, const app::AssessedPeriod& before,
                   const annual::PeriodFollowup& f, const Result* after_result) {
  if (event.kind == FollowupKind::Draft) {
    std::cout << fmt::format("已记录：{} 公示（{}）", event.item, event.when.to_string());
    if (f.contest_closes)
      std::cout << fmt::format("，各单位可在 {} 前（含当日）申诉。\n", f.contest_closes->to_string());
    else if (before.workspace.scheme.rectification.contest_days)
      std::cout << "。申诉截止日期无法推算（缺少工作日历），补上日历文件后才能受理申诉。\n";
    else
      std::cout << "。考核方案未设申诉期（rectification.contest_days），不受理申诉。\n";
    return;
  }
  if (event.kind == FollowupKind::Final) {
    std::cout << fmt::format("已记录：{} 定稿（{}），此后不再受理申诉。\n", event.item, event.when.to_string());
    return;
  }
  if (event.kind == FollowupKind::WithdrawDraft) {
    std::cout << fmt::format("已记录：{} 撤回公示（{}），本季度通报视为未公示，可重新公示。\n", event.item,
                             event.when.to_string());
    return;
  }
  const auto* item = f.find(event.item);
  std::cout << fmt::format("已记录：{} {}，状态：{}\n", event.item, followup_kind_name(event.kind),
                           item ? status_text(*item) : std::string("未知"));
  if (!after_result || !item) return;
  const auto& old_score = before.result.units.at(item->unit);
  const auto& new_score = after_result->units.at(item->unit);
  std::cout << fmt::format("{} {} 减分 {} → {}，合计 {} → {}。重新运行 zwgk report --period {} 更新通报和附件。\n",
                           item_unit_name(before.workspace.registry, *item), f.period.to_string(),
                           old_score.deduction.to_string(), new_score.deduction.to_string(),
                           old_score.total.to_string(), new_score.total.to_string(), f.period.to_string());
}

// --at, which may not be later than now; nullopt after printing why.
std::optional<DateTime> event_time(const RectifyOptions& o) {
  auto when = time_option(o.at, "--at", DayEnd::Start);
  if (when && *when > app::now_cst(cli_clock())) {
    std::cerr << fmt::format("错误：--at {} 晚于现在，只能记录已经发生的事\n", when->to_string());
    return std::nullopt;
  }
  return when;
}

// The period the event concerns: --period for 公示/撤回公示/定稿, else the item id's.
// The exit code after printing why there is none.
std::expected<Period, int> event_period(const RectifyOptions& o, FollowupKind kind) {
  if (!is_period_kind(kind)) {
    if (auto period = item_period(o.id)) return *period;
    return std::unexpected(k_exit_input);
  }
  auto parsed = parse_period_option(o.period);
  if (parsed && *parsed) return **parsed;
  std::cerr << "错误：" << (parsed ? "缺少 --period" : parsed.error()) << '\n';
  return std::unexpected(k_exit_usage);
}

// The event the options describe, on the item as the period names it;
// nullopt after printing why (no such item).
std::optional<FollowupEvent> make_event(const RectifyOptions& o, FollowupKind kind,
                                        const app::AssessedPeriod& before, DateTime when) {
  FollowupEvent event;
  event.kind = kind;
  event.when = when;
  event.user = rectify_user(o);
  event.text = std::string(trim(needs_reason(kind) ? o.reason : o.text));
  event.link = std::string(trim(o.link));
  if (is_period_kind(kind)) {
    event.item = before.followup.period.to_string();
    return event;
  }
  const auto* item = find_item(before, o.id);
  if (!item) return std::nullopt;
  event.item = item->id;
  return event;
}

// What the event changed. Only a withdrawal changes the scores, so only it
// needs the period assessed anew.
void report_outcome(const FollowupEvent& event, const app::AssessedPeriod& before,
                    const FollowupInputs& inputs, const annual::PeriodDates& dates) {
  Diagnostics quiet;
  const auto& ws = before.workspace;
  if (event.kind != FollowupKind::Withdraw) {
    auto state = annual::follow_up(before.result, ws.scheme, ws.registry, inputs.events, dates, inputs.calendar,
                                   event.when);
    return print_outcome(event, before, state, nullptr);
  }
  auto after = inputs.workspace->assess_period(ws.period, inputs.calendar, event.when, quiet, &inputs.events);
  if (!after) {
    std::cout << fmt::format("已记录：{} {}\n", event.item, followup_kind_name(event.kind));
    return;
  }
  print_outcome(event, before, after->followup, &after->result);
}

// 公示 only of a bulletin that can be made (app::Workspace::readiness, the
// workspace's check): false after printing the reasons.
bool ready_for_draft(const FollowupInputs& inputs, Period period) {
  const auto reasons = inputs.workspace->readiness(period);
  if (reasons.empty()) return true;
  std::cerr << fmt::format("错误：{} 的通报还不能公示（未记录）：\n", period.to_string());
  for (const auto& reason : reasons) std::cerr << "  - " << reason << '\n';
  return false;
}

int run_event(const RectifyOptions& o, FollowupKind kind) {
  if (auto code = check_arguments(o, kind)) return *code;
  auto when = event_time(o);
  if (!when) return k_exit_usage;
  auto period = event_period(o, kind);
  if (!period) return period.error();
  bool bad_file = false;
  auto file = read_evidence(kind == FollowupKind::Reply ? o.file : std::string(), bad_file);
  if (bad_file) return k_exit_input;
  auto inputs = load_followup_inputs(o.data_dir, Intent::Record, o.sheet);
  if (!inputs) return k_exit_input;
  auto before = load_followup_period(*period, *inputs, *when, Intent::Record);
  if (!before) return k_exit_input;
  auto event = make_event(o, kind, *before, *when);
  if (!event) return k_exit_input;
  if (kind == FollowupKind::Draft && !ready_for_draft(*inputs, *period)) return k_exit_input;
  auto db = environment().open_database(o.data_dir, store::Create::IfMissing);
  if (!db) {
    std::cerr << "错误：" << db.error() << '\n';
    return k_exit_input;
  }
  Diagnostics quiet;
  const auto& ws = before->workspace;
  const auto dates = inputs->workspace->period_dates(ws.period, quiet);
  auto recorded = app::record_event((*db)->followup(), {before->result, ws.scheme, ws.registry, dates, inputs->calendar},
                                    {std::move(*event), std::move(file), annual::Actor::Office}, unix_now());
  if (!recorded) {
    std::cerr << "错误：" << recorded.error().message << "（未记录）\n";
    return k_exit_input;
  }
  inputs->events = (*db)->followup().followup_events();
  report_outcome(*recorded, *before, *inputs, dates);
  return k_exit_ok;
}

// --data, --sheet, the item id, --at and --by: every event on an item.
CLI::App* item_subcommand(CLI::App& app, RectifyOptions& o, std::string_view name, std::string_view help) {
  auto* sub = app.add_subcommand(std::string(name), std::string(help));
  sub->add_option("--data", o.data_dir, "数据目录")->required();
  sub->add_option("--sheet", o.sheet, "所有 .xlsx 输入文件都读取这个名称的工作表（默认：第一个工作表）");
  sub->add_option("编号", o.id, "整改事项编号，如 2020Q3/齐都镇/目录未上传（见 zwgk rectify list）")->required();
  sub->add_option("--at", o.at, "发生时间，如 \"2020-10-15 10:00\"（默认：现在）");
  sub->add_option("--by", o.by, "经办人姓名（记入整改记录和审计日志；默认“命令行”）");
  return sub;
}

CLI::App* period_subcommand(CLI::App& app, RectifyOptions& o, std::string_view name, std::string_view help) {
  auto* sub = app.add_subcommand(std::string(name), std::string(help));
  sub->add_option("--data", o.data_dir, "数据目录")->required();
  sub->add_option("--sheet", o.sheet, "所有 .xlsx 输入文件都读取这个名称的工作表（默认：第一个工作表）");
  sub->add_option("--period", o.period, "考核季度，如 2020Q3")->required();
  sub->add_option("--at", o.at, "发生时间，如 \"2020-10-09 09:00\"（默认：现在）");
  sub->add_option("--by", o.by, "经办人姓名（记入整改记录和审计日志；默认“命令行”）");
  return sub;
}

} // namespace

Command rectify_command() {
  return {"rectify", "整改：列出整改事项，记录整改回复、核实、退回、申诉及其决定、公示、撤回公示和定稿", [](CLI::App& app) {
            auto o = std::make_shared<RectifyOptions>();
            auto action = std::make_shared<std::function<int()>>();
            app.require_subcommand(1);
            auto set = [action, o](CLI::App* sub, std::function<int(const RectifyOptions&)> run) {
              sub->callback([action, o, run] { *action = [o, run] { return run(*o); }; });
            };
            auto event = [](FollowupKind kind) {
              return [kind](const RectifyOptions& options) { return run_event(options, kind); };
            };

            auto* list = app.add_subcommand("list", "列出整改事项及其状态（可按季度、年度、单位、状态筛选）");
            list->add_option("--data", o->data_dir, "数据目录")->required();
            list->add_option("--sheet", o->sheet, "所有 .xlsx 输入文件都读取这个名称的工作表（默认：第一个工作表）");
            list->add_option("--period", o->period, "考核季度，如 2020Q3（默认：最新的季度文件夹）");
            list->add_option("--year", o->year, "列出这一年所有季度的整改事项，如 2020")
                ->check(CLI::Range(1900, 2999));
            list->add_option("--unit", o->unit, "只列出这个单位的整改事项");
            list->add_option("--show", o->show, "只列出这个状态：待整改、待核实、已退回、申诉中、已整改、逾期整改、逾期未整改、已撤销");
            list->add_option("--as-of", o->as_of, "按这一时刻的情况列出，如 2020-10-31（只写日期指当日结束时；默认：现在）");
            list->add_option("--csv", o->csv, "写成 CSV 文件（可用 Excel/WPS 打开），不在屏幕列出");
            set(list, run_rectify_list);

            auto* show = app.add_subcommand("show", "显示一个整改事项的详情和全部经过");
            show->add_option("--data", o->data_dir, "数据目录")->required();
            show->add_option("--sheet", o->sheet, "所有 .xlsx 输入文件都读取这个名称的工作表（默认：第一个工作表）");
            show->add_option("编号", o->id, "整改事项编号，如 2020Q3/齐都镇/目录未上传")->required();
            show->add_option("--as-of", o->as_of, "按这一时刻的情况显示（只写日期指当日结束时；默认：现在）");
            set(show, run_rectify_show);

            auto* reply = item_subcommand(app, *o, "reply", "记录单位的整改回复（说明和网址或文件）");
            reply->add_option("--text", o->text, "整改了什么（必填）")->required();
            reply->add_option("--link", o->link, "可查看整改结果的网址");
            reply->add_option("--file", o->file, "整改材料文件（截图、扫描件等）");
            set(reply, event(FollowupKind::Reply));

            auto* verify = item_subcommand(app, *o, "verify", "核实通过：整改到位，事项办结");
            verify->add_option("--text", o->text, "核实情况（可选）");
            set(verify, event(FollowupKind::Verify));

            auto* reject = item_subcommand(app, *o, "reject", "退回整改回复：整改不到位");
            reject->add_option("--reason", o->reason, "退回理由（必填）")->required();
            set(reject, event(FollowupKind::Reject));

            auto* contest = item_subcommand(app, *o, "contest", "记录单位对检查问题的申诉（公示后、申诉期内、定稿前）");
            contest->add_option("--reason", o->reason, "申诉理由（必填）")->required();
            set(contest, event(FollowupKind::Contest));

            auto* uphold = item_subcommand(app, *o, "uphold", "申诉不成立：维持减分");
            uphold->add_option("--reason", o->reason, "理由（必填）")->required();
            set(uphold, event(FollowupKind::Uphold));

            auto* withdraw = item_subcommand(app, *o, "withdraw", "申诉成立：撤销减分，得分、通报和附件4随之改变");
            withdraw->add_option("--reason", o->reason, "理由（必填）")->required();
            set(withdraw, event(FollowupKind::Withdraw));

            set(period_subcommand(app, *o, "draft", "公示本季度通报（征求意见稿），申诉期开始"), event(FollowupKind::Draft));
            auto* unpublish = period_subcommand(app, *o, "withdraw-draft", "撤回本季度通报的公示（申诉期内、定稿前），此后视为未公示");
            unpublish->add_option("--reason", o->reason, "撤回理由（必填）")->required();
            set(unpublish, event(FollowupKind::WithdrawDraft));
            set(period_subcommand(app, *o, "final", "本季度通报定稿，此后不再受理申诉"), event(FollowupKind::Final));
            return [action] { return *action ? (*action)() : k_exit_usage; };
          }};
}

} // namespace zwgk::cli
