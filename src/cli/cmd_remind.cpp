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
// server of DIR/邮件发送.toml:
//
//   [smtp]
//   url = "smtps://smtp.example.gov.cn"          # or smtp://host:587 with security = "starttls"
//   from = "临淄区人民政府办公室 <gk@example.gov.cn>"
//   user = "gk@example.gov.cn"                   # optional: no login without it
//   password_env = "ZWGK_SMTP_PASSWORD"          # or password_file = "/etc/zwgk/smtp-password"
//   ca_file = "/etc/zwgk/ca.pem"                 # optional
//   security = "tls"                             # tls | starttls | none (loopback relay only)
//   timeout = 60                                 # seconds, optional
//
// The password is never in the file itself, nor on the command line.
// Relative paths are relative to DIR. Nothing is sent without --send; every
// sending (and every failure) is written to the audit log.
#include "annual/reminders.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "followup/load.h"
#include "fs/files.h"
#include "fs/output_set.h"
#include "smtp/client.h"
#include "store/database.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>
#include <sys/stat.h>

namespace zwgk::cli {
namespace {

namespace stdfs = std::filesystem;

inline constexpr std::string_view k_smtp_file = "邮件发送.toml";
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

struct SmtpConfig {
  smtp::Options options;
  std::string from;
};

// --- DIR/邮件发送.toml ---

class ConfigReader {
public:
  ConfigReader(std::string file, Diagnostics& problems) : m_file(std::move(file)), m_problems(problems) {}

  void error(const toml::node* node, std::string message) {
    Location where{m_file, {}, 0, 0, {}};
    if (node) {
      where.line = node->source().begin.line;
      where.column = node->source().begin.column;
    }
    m_problems.error(std::move(where), std::move(message));
  }

  std::string text(const toml::table& t, std::string_view key, bool required) {
    const toml::node* node = t.get(key);
    if (!node) {
      if (required) error(&t, fmt::format("[smtp] 缺少“{}”", key));
      return {};
    }
    auto value = node->value<std::string>();
    if (!value) {
      error(node, fmt::format("“{}”应为文本（加英文双引号）", key));
      return {};
    }
    return *value;
  }

  std::optional<std::int64_t> integer(const toml::table& t, std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) return std::nullopt;
    auto value = node->value<std::int64_t>();
    if (!value) error(node, fmt::format("“{}”应为整数", key));
    return value;
  }

private:
  std::string m_file;
  Diagnostics& m_problems;
};

stdfs::path beside(const stdfs::path& dir, const std::string& path) {
  stdfs::path p = stdfs::path(path);
  return p.is_absolute() ? p : dir / p;
}

std::optional<std::string> read_secret(const stdfs::path& dir, const std::string& env, const std::string& file) {
  if (!env.empty()) {
    const char* value = std::getenv(env.c_str());
    if (!value || !*value) {
      std::cerr << fmt::format("错误：{} 中的 password_env 指定的环境变量 {} 没有设置或为空\n", k_smtp_file, env);
      return std::nullopt;
    }
    return std::string(value);
  }
  stdfs::path path = beside(dir, file);
  auto content = fs::read_file(path, 64 * 1024);
  if (!content) {
    std::cerr << "错误：" << content.error() << '\n';
    return std::nullopt;
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    std::cerr << fmt::format("警告：密码文件“{}”其他用户也能读取，建议执行 chmod 600 {}\n", fs::display_name(path),
                             fs::display_name(path));
  std::string line = content->substr(0, content->find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    std::cerr << fmt::format("错误：密码文件“{}”的第一行为空\n", fs::display_name(path));
    return std::nullopt;
  }
  return line;
}

std::optional<SmtpConfig> read_smtp_config(const stdfs::path& dir) {
  const stdfs::path path = dir / stdfs::path(std::string(k_smtp_file));
  std::error_code ec;
  if (!stdfs::exists(path, ec)) {
    std::cerr << fmt::format("错误：没有配置邮件发送服务器：数据目录中没有 {}（写法见 docs/reminders.md），未发送任何邮件\n",
                             k_smtp_file);
    return std::nullopt;
  }
  auto text = fs::read_file(path, 1 << 20);
  if (!text) {
    std::cerr << "错误：" << text.error() << '\n';
    return std::nullopt;
  }
  Diagnostics problems;
  const std::string file(k_smtp_file);
  ConfigReader r(file, problems);
  toml::table root;
  try {
    root = toml::parse(*text, file);
  } catch (const toml::parse_error& e) {
    problems.error({file, {}, e.source().begin.line, e.source().begin.column, {}},
                   fmt::format("TOML 语法错误：{}", std::string(e.description())));
    print_diagnostics(problems);
    return std::nullopt;
  }
  for (const auto& [key, node] : root)
    if (key.str() != "smtp") r.error(&node, fmt::format("未知的键“{}”（只应有 [smtp]）", key.str()));
  const toml::table* smtp = root["smtp"].as_table();
  if (!smtp) {
    r.error(nullptr, "缺少 [smtp] 表");
    print_diagnostics(problems);
    return std::nullopt;
  }
  static const std::set<std::string_view> k_keys = {"url", "from", "user", "password_env", "password_file",
                                                    "ca_file", "security", "timeout"};
  for (const auto& [key, node] : *smtp)
    if (!k_keys.contains(key.str()))
      r.error(&node, fmt::format("[smtp] 中未知的键“{}”{}", key.str(),
                                 key.str() == "password" ? "：密码不能写在配置文件里，请用 password_env 或 password_file"
                                                         : ""));
  SmtpConfig out;
  out.options.url = r.text(*smtp, "url", true);
  out.from = r.text(*smtp, "from", true);
  out.options.user = r.text(*smtp, "user", false);
  std::string password_env = r.text(*smtp, "password_env", false);
  std::string password_file = r.text(*smtp, "password_file", false);
  std::string ca_file = r.text(*smtp, "ca_file", false);
  if (!ca_file.empty()) out.options.ca_file = beside(dir, ca_file).string();
  std::string security = r.text(*smtp, "security", false);
  if (security.empty()) {
    out.options.security = out.options.url.starts_with("smtps://") ? smtp::Security::Tls : smtp::Security::StartTls;
  } else if (auto s = smtp::parse_security(security)) {
    out.options.security = *s;
  } else {
    r.error(smtp->get("security"), fmt::format("security “{}”无效，应为 tls、starttls 或 none", security));
  }
  if (auto timeout = r.integer(*smtp, "timeout")) {
    if (*timeout < 1 || *timeout > 3600)
      r.error(smtp->get("timeout"), "timeout 应为 1～3600 秒");
    else
      out.options.timeout = std::chrono::seconds(*timeout);
  }
  if (!password_env.empty() && !password_file.empty())
    r.error(smtp->get("password_file"), "password_env 和 password_file 只能设置一个");
  if (!out.options.user.empty() && password_env.empty() && password_file.empty())
    r.error(smtp->get("user"), "设置了 user，还需用 password_env 或 password_file 提供密码");
  if (out.options.user.empty() && (!password_env.empty() || !password_file.empty()))
    r.error(smtp, "设置了密码，还需设置登录用户名 user");
  if (!out.from.empty())
    if (auto from = smtp::address_of(out.from); !from) r.error(smtp->get("from"), "from：" + from.error());
  if (problems.has_errors()) {
    print_diagnostics(problems);
    std::cerr << "未发送任何邮件。\n";
    return std::nullopt;
  }
  if (!out.options.user.empty()) {
    auto password = read_secret(dir, password_env, password_file);
    if (!password) return std::nullopt;
    out.options.password = std::move(*password);
  }
  return out;
}

// --- the digests ---

std::optional<DateTime> parse_as_of(const std::string& text) {
  if (text.find(':') != std::string::npos) return parse_date_time(text);
  auto date = parse_date(text);
  if (!date) return std::nullopt;
  return DateTime{*date, 23 * 60 + 59};  // the end of that day
}

// One period, or a year; the rules and units are those of the (latest) quarter.
struct Loaded {
  std::optional<followup::AssessedPeriod> period;
  std::optional<followup::AssessedYear> year;

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

std::optional<Loaded> load(const RemindOptions& o, const std::vector<FollowupEvent>& events,
                           const WorkCalendar& calendar, DateTime as_of) {
  std::optional<Period> period;
  if (!o.period.empty()) {
    period = Period::parse(o.period);
    if (!period) {
      std::cerr << fmt::format("错误：--period “{}”无法识别，应写成 2020Q3 这样的格式\n", o.period);
      return std::nullopt;
    }
  }
  int year = o.year;
  if (!period && year == 0) {
    auto periods = ingest::list_periods(o.data_dir);
    if (!periods.empty()) year = periods.back().year;
  }
  Diagnostics notes;
  Loaded out;
  if (period || year == 0) {  // year 0: no quarter folder; the loader says so
    auto assessed = followup::assess_period(o.data_dir, period, events, calendar, as_of, notes);
    print_diagnostics(notes);
    if (!assessed) {
      print_diagnostics(assessed.error());
      return std::nullopt;
    }
    out.period = std::move(*assessed);
    return out;
  }
  auto assessed = followup::assess_year(o.data_dir, year, events, calendar, as_of, notes);
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
             const SmtpConfig& config) {
  // Opened at the first sending, so a run that sends nothing leaves the directory as it was.
  std::unique_ptr<store::Database> db;
  bool db_tried = false;
  auto audit_log = [&]() -> store::Store* {
    if (!db_tried) {
      db_tried = true;
      auto opened = store::open_database(o.data_dir, store::Create::IfMissing);
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
  DateTime as_of = followup::now_cst();
  if (!o.as_of.empty()) {
    auto parsed = parse_as_of(o.as_of);
    if (!parsed) {
      std::cerr << fmt::format("错误：--as-of “{}”无法识别，应写成 2020-10-20 或 \"2020-10-20 17:00\"\n", o.as_of);
      return k_exit_usage;
    }
    as_of = *parsed;
  }
  std::optional<SmtpConfig> config;
  if (o.send) {  // a bad configuration stops everything before anything is written
    config = read_smtp_config(o.data_dir);
    if (!config) return k_exit_input;
  }

  Diagnostics calendar_problems;
  WorkCalendar calendar = followup::load_calendar(o.data_dir, calendar_problems);
  print_diagnostics(calendar_problems);
  if (calendar_problems.has_errors()) {
    std::cerr << fmt::format("共发现 {} 个错误（工作日历），未生成任何提醒。\n", calendar_problems.error_count());
    return k_exit_input;
  }
  auto ledger = store::open_database(o.data_dir, store::Create::No);
  if (!ledger) {
    std::cerr << "错误：" << ledger.error() << '\n';
    return k_exit_input;
  }
  std::vector<FollowupEvent> events;
  if (*ledger) events = (*ledger)->followup().followup_events();

  auto loaded = load(o, events, calendar, as_of);
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
