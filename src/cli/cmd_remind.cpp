// zwgk remind: what each unit still owes, as a notice per unit.
//
//   zwgk remind --data DIR [--period 2020Q3 | --year 2020] [--unit 单位] [--as-of 2020-10-20]
//               [--out 目录] [--send] [--by 姓名]
//
// The rectification items of the period, or of every quarter of the year
// (default: the year of the latest quarter folder), as they stood at the end
// of --as-of (default: now), one digest per unit that still owes something
// (annual/reminders.h). --out writes 整改提醒/<单位简称>.txt per unit and
// 整改提醒.csv, all at once or not at all. --send mails each unit's digest
// to the unit's registered addresses (单位名录's 投稿邮箱) through the SMTP
// server of DIR/邮件发送.toml (app/mail_config.h). Nothing is sent without
// --send; every sending (and every failure) is written to the audit log.
#include "annual/reminders.h"
#include "app/mail_config.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/common.h"
#include "fs/files.h"
#include "fs/output_set.h"
#include "smtp/client.h"
#include "store/database.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <set>

namespace zwgk::cli {
namespace {

namespace stdfs = std::filesystem;

inline constexpr std::string_view k_digest_dir = "整改提醒";
inline constexpr std::string_view k_csv_file = "整改提醒.csv";

struct RemindOptions {
  std::string data_dir;
  std::string period;
  int year = 0;
  std::string unit;
  std::string as_of;
  std::string out;
  bool send = false;
  std::string by;
};

// --- the digests ---

std::optional<DateTime> parse_as_of(const std::string& text) {
  if (text.find(':') != std::string::npos) return parse_date_time(text);
  auto date = parse_date(text);
  if (!date) return std::nullopt;
  return DateTime{*date, 23 * 60 + 59};  // the end of that day
}

// One period, or a year; the rules and units are those of the (latest) quarter.
struct Loaded {
  std::optional<app::AssessedPeriod> period;
  std::optional<app::AssessedYear> year;

  const Scheme& scheme() const { return year ? year->scheme() : period->workspace.scheme; }
  const Registry& registry() const { return year ? year->registry() : period->workspace.registry; }
  std::vector<annual::PeriodFollowup> followups() const {
    std::vector<annual::PeriodFollowup> out;
    if (year)
      for (const auto& q : year->quarters) out.push_back(q.followup);
    else
      out.push_back(period->followup);
    return out;
  }
};

std::optional<Loaded> load(const RemindOptions& o, const app::Workspace& workspace, const WorkCalendar& calendar,
                           DateTime as_of) {
  auto parsed = parse_period_option(o.period);
  if (!parsed) {
    std::cerr << "错误：" << parsed.error() << '\n';
    return std::nullopt;
  }
  const std::optional<Period> period = *parsed;
  int year = o.year;
  if (!period && year == 0) {
    auto periods = workspace.periods();
    if (!periods.empty()) year = periods.back().year;
  }
  Diagnostics notes;
  Loaded out;
  if (period || year == 0) {  // year 0: no quarter folder; the loader says so
    auto assessed = workspace.assess_period(period, calendar, as_of, notes);
    print_diagnostics(notes);
    if (!assessed) {
      print_diagnostics(assessed.error());
      return std::nullopt;
    }
    out.period = std::move(*assessed);
    return out;
  }
  auto assessed = workspace.assess_year(year, calendar, as_of, notes);
  print_diagnostics(notes);
  if (!assessed) {
    print_diagnostics(assessed.error());
    return std::nullopt;
  }
  out.year = std::move(*assessed);
  return out;
}

std::string file_name_of(const std::string& name) {
  std::string out = name;
  for (char& c : out)
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos || static_cast<unsigned char>(c) < 0x20)
      c = '_';
  return out + ".txt";
}

int write_outputs(const RemindOptions& o, const annual::Reminders& reminders) {
  const stdfs::path out(o.out);
  const stdfs::path digest_dir = out / stdfs::path(std::string(k_digest_dir));
  std::vector<fs::OutputFile> files;
  std::set<std::string> names;
  for (const auto& digest : reminders.digests) {
    names.insert(file_name_of(digest.short_name));
    files.push_back({digest_dir / stdfs::path(file_name_of(digest.short_name)), digest.body});
  }
  files.push_back({out / stdfs::path(std::string(k_csv_file)), reminders.csv});
  auto installed = fs::install_output_set(out, k_digest_dir, files);
  if (!installed) {
    std::cerr << "错误：" << installed.error() << '\n';
    return k_exit_input;
  }
  for (const auto& note : installed->notes) std::cerr << "提示：" << note << '\n';
  std::cout << fmt::format("已写入 {} 个单位的提醒（{}/）和清单 {}\n", reminders.digests.size(),
                           fs::display_name(digest_dir), fs::display_name(out / stdfs::path(std::string(k_csv_file))));
  std::vector<std::string> stale;
  for (const auto& file : fs::list_files(digest_dir))
    if (file.extension() == ".txt" && !names.contains(fs::display_name(file.filename())))
      stale.push_back(fs::display_name(file.filename()));
  if (!stale.empty()) {
    std::string listed;
    for (const auto& name : stale) listed += (listed.empty() ? "" : "、") + name;
    std::cerr << fmt::format("提示：{}/ 中还有以前生成的 {}，这些单位本次没有未完成事项，可删除\n",
                             fs::display_name(digest_dir), listed);
  }
  return k_exit_ok;
}

void print_summary(const annual::Reminders& reminders, const RemindOptions& o) {
  std::size_t owed = 0;
  std::size_t overdue = 0;
  for (const auto& d : reminders.digests) {
    owed += d.owed.size();
    overdue += d.overdue_count();
  }
  const std::string as_of = annual::chinese_date(reminders.as_of.date);
  if (reminders.digests.empty()) {
    std::cout << fmt::format("截至{}，{}没有未完成的整改事项。\n", as_of, o.unit.empty() ? "各单位" : o.unit);
    return;
  }
  std::cout << fmt::format("截至{}，{} 个单位尚有 {} 项整改事项未完成", as_of, reminders.digests.size(), owed);
  std::cout << (overdue ? fmt::format("（其中已逾期 {} 项）：\n", overdue) : std::string("：\n"));
  for (const auto& d : reminders.digests) {
    std::string line = fmt::format("  {}：未完成 {} 项", d.short_name, d.owed.size());
    if (auto n = d.overdue_count()) line += fmt::format("（已逾期 {} 项）", n);
    if (!d.waiting.empty()) line += fmt::format("，待核实 {} 项", d.waiting.size());
    std::cout << line << '\n';
  }
}

// --- sending ---

void audit(store::Store* db, const std::string& user, const std::string& target, const std::string& detail) {
  if (db && db->append_audit({0, unix_now(), user, "发送整改提醒", target, detail})) return;
  std::cerr << "警告：写审计日志失败\n";
}

int send_all(const RemindOptions& o, const annual::Reminders& reminders, const Registry& registry,
             const app::SmtpConfig& config) {
  // Opened at the first sending, so a run that sends nothing leaves the directory as it was.
  std::unique_ptr<store::Database> db;
  bool db_tried = false;
  auto audit_log = [&]() -> store::Store* {
    if (!db_tried) {
      db_tried = true;
      auto opened = environment().open_database(o.data_dir, store::Create::IfMissing);
      if (opened)
        db = std::move(*opened);
      else
        std::cerr << "警告：无法打开审计日志：" << opened.error() << '\n';
    }
    return db ? &db->store() : nullptr;
  };
  const std::string user = o.by.empty() ? std::string(k_cli_user) : o.by;
  std::size_t sent = 0, failed = 0, no_address = 0;
  if (!reminders.digests.empty()) std::cout << fmt::format("通过 {} 发送：\n", config.options.url);
  for (const auto& digest : reminders.digests) {
    const Unit& unit = registry.at(digest.unit);
    if (unit.mail_addresses.empty()) {
      std::cout << fmt::format("  {}：单位名录中没有登记邮箱，未发送\n", digest.short_name);
      ++no_address;
      continue;
    }
    std::string to;
    for (const auto& a : unit.mail_addresses) to += (to.empty() ? "" : "、") + a;
    smtp::Message message{config.from, unit.mail_addresses, digest.subject, digest.body};
    auto done = smtp::send(config.options, message);
    std::string items = fmt::format("未完成 {} 项，截至 {}", digest.owed.size(), reminders.as_of.to_string());
    if (done) {
      std::cout << fmt::format("  {}：已发送至 {}\n", digest.short_name, to);
      audit(audit_log(), user, unit.name, fmt::format("已发送至 {}（{}）", to, items));
      ++sent;
    } else {
      std::cout << fmt::format("  {}：发送失败：{}\n", digest.short_name, done.error());
      audit(audit_log(), user, unit.name, fmt::format("发送至 {} 失败（{}）：{}", to, items, done.error()));
      ++failed;
    }
  }
  std::cout << fmt::format("发送结果：已发送 {} 个单位，失败 {} 个，没有邮箱 {} 个\n", sent, failed, no_address);
  if (no_address > 0)
    std::cerr << "提示：在单位名录的“投稿邮箱”列登记这些单位的邮箱后即可发送；也可以用 --out 导出后另行送达\n";
  return failed == 0 ? k_exit_ok : k_exit_input;
}

int run_remind(const RemindOptions& o) {
  if (!stdfs::is_directory(o.data_dir)) {
    std::cerr << fmt::format("错误：数据目录“{}”不存在\n", o.data_dir);
    return k_exit_input;
  }
  DateTime as_of = app::now_cst(cli_clock());
  if (!o.as_of.empty()) {
    auto parsed = parse_as_of(o.as_of);
    if (!parsed) {
      std::cerr << fmt::format("错误：--as-of “{}”无法识别，应写成 2020-10-20 或 \"2020-10-20 17:00\"\n", o.as_of);
      return k_exit_usage;
    }
    as_of = *parsed;
  }
  std::optional<app::SmtpConfig> config;
  if (o.send) {  // a bad configuration stops everything before anything is written
    std::vector<std::string> notes;
    auto read = app::read_smtp_config(o.data_dir, notes);
    for (const auto& note : notes) std::cerr << note << '\n';
    if (!read) {
      print_diagnostics(read.error().problems);
      if (!read.error().message.empty())
        std::cerr << (read.error().problems.entries().empty() ? "错误：" : "") << read.error().message << '\n';
      return exit_code(read.error());
    }
    config = std::move(*read);
  }

  auto workspace = open_workspace(o.data_dir, {});
  if (!workspace) return k_exit_input;
  Diagnostics calendar_problems;
  WorkCalendar calendar = workspace->calendar(calendar_problems);
  print_diagnostics(calendar_problems);
  if (calendar_problems.has_errors()) {
    std::cerr << fmt::format("共发现 {} 个错误（工作日历），未生成任何提醒。\n", calendar_problems.error_count());
    return k_exit_input;
  }
  auto loaded = load(o, *workspace, calendar, as_of);
  if (!loaded) {
    std::cerr << "未生成任何提醒。\n";
    return k_exit_input;
  }
  const std::vector<annual::PeriodFollowup> followups = loaded->followups();
  const Registry& registry = loaded->registry();

  annual::ReminderRequest request{as_of, &calendar, std::nullopt};
  if (!o.unit.empty()) {
    request.unit = registry.resolve(o.unit);
    if (!request.unit) {
      std::string msg = fmt::format("错误：未知单位“{}”", o.unit);
      auto suggestions = registry.suggest(o.unit);
      for (std::size_t i = 0; i < suggestions.size(); ++i) msg += (i == 0 ? "；是否指：" : "、") + suggestions[i];
      std::cerr << msg << (suggestions.empty() ? "\n" : "？\n");
      return k_exit_input;
    }
  }
  auto reminders = annual::build_reminders(followups, registry, loaded->scheme(), request);
  print_summary(reminders, o);
  if (!o.out.empty())
    if (int code = write_outputs(o, reminders); code != k_exit_ok) return code;
  if (o.out.empty() && !o.send && request.unit && !reminders.digests.empty())
    std::cout << '\n' << reminders.digests.front().subject << "\n\n" << reminders.digests.front().body;
  if (o.send) return send_all(o, reminders, registry, *config);
  return k_exit_ok;
}

} // namespace

Command remind_command() {
  return {"remind", "整改提醒：列出各单位尚未完成的整改事项，可导出，可通过邮件发送", [](CLI::App& app) {
            auto o = std::make_shared<RemindOptions>();
            app.add_option("--data", o->data_dir, "数据目录")->required();
            auto* period = app.add_option("--period", o->period, "只提醒这个季度的事项，如 2020Q3");
            auto* year = app.add_option("--year", o->year, "提醒这一年各季度的事项，如 2020（默认：最新季度所在的年份）")
                             ->check(CLI::Range(1900, 2999));
            period->excludes(year);
            app.add_option("--unit", o->unit, "只提醒这个单位（正式名称、简称或别名）");
            app.add_option("--as-of", o->as_of, "按这一天结束时的情况提醒，如 2020-10-20（默认：现在）");
            app.add_option("--out", o->out, "把每个单位的提醒（整改提醒/单位简称.txt）和清单（整改提醒.csv）写到这个目录");
            app.add_flag("--send", o->send, "通过数据目录中 邮件发送.toml 配置的服务器，把提醒发到各单位登记的邮箱");
            app.add_option("--by", o->by, "操作人姓名（记入审计日志；默认“命令行”）");
            return std::function<int()>([o] { return run_remind(*o); });
          }};
}

} // namespace zwgk::cli
