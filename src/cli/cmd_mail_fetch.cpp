// zwgk mail fetch: the office's mailbox over IMAP, into the mail ledger.
//
//   zwgk mail fetch --data DIR --host HOST [--port N] [--security tls|starttls]
//                   --user USER (--password-env NAME | --password-file FILE)
//                   [--folder 收件箱] [--since 2020-08-01] [--before 2020-10-01] [--ca-file PEM] [--by 姓名]
//
// The password never appears on the command line (ps and the shell history
// would show it): it comes from the named environment variable or the
// first line of a file (which should be readable by its owner only).
// Messages are added exactly as `mail import` adds files, so fetching the
// same folder again, or after an interrupted run, adds only what is missing;
// a message's month is still its topmost Received header's date, IMAP's
// INTERNALDATE only when it has none.
#include "cli/commands.h"
#include "cli/mail_cli.h"
#include "cli/progress_display.h"
#include "fs/files.h"
#include "imap/client.h"
#include "mailbox/ledger.h"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <new>
#include <unistd.h>

namespace zwgk::cli {
namespace {

struct FetchOptions {
  std::string host;
  int port = 0;
  std::string security = "tls";
  std::string user;
  std::string password_env;
  std::string password_file;
  std::string folder = "INBOX";
  std::string since;
  std::string before;
  std::string ca_file;
};

std::optional<std::string> read_password(const FetchOptions& o) {
  if (!o.password_env.empty()) {
    const char* value = std::getenv(o.password_env.c_str());
    if (!value || !*value) {
      std::cerr << fmt::format("错误：环境变量 {} 没有设置或为空\n", o.password_env);
      return std::nullopt;
    }
    return std::string(value);
  }
  auto content = fs::read_file(o.password_file, 64 * 1024);
  if (!content) {
    std::cerr << "错误：" << content.error() << '\n';
    return std::nullopt;
  }
  std::string line = content->substr(0, content->find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    std::cerr << fmt::format("错误：密码文件“{}”的第一行为空\n", o.password_file);
    return std::nullopt;
  }
  return line;
}

std::optional<Date> date_option(const std::string& text, std::string_view name, bool& ok) {
  if (text.empty()) return std::nullopt;
  auto date = parse_date(text);
  if (!date) {
    std::cerr << fmt::format("错误：{} “{}”无法识别，应写成 2020-08-01\n", name, text);
    ok = false;
  }
  return date;
}

std::optional<imap::Options> imap_options(const FetchOptions& o) {
  imap::Options out;
  out.host = o.host;
  out.port = o.port;
  out.security = o.security == "starttls" ? imap::Security::StartTls : imap::Security::Tls;
  out.user = o.user;
  out.folder = o.folder;
  out.ca_file = o.ca_file;
  bool ok = true;
  out.since = date_option(o.since, "--since", ok);
  out.before = date_option(o.before, "--before", ok);
  if (!ok) return std::nullopt;
  auto password = read_password(o);
  if (!password) return std::nullopt;
  out.password = std::move(*password);
  return out;
}

int fetch_messages(const MailOptions& options, const FetchOptions& fetch) {
  auto imap_opts = imap_options(fetch);
  if (!imap_opts) return k_exit_usage;
  auto db = open_mail_ledger(options.data.data_dir, true);
  if (!db) return k_exit_input;
  const std::string source = fmt::format("imap://{}@{}/{}", fetch.user, fetch.host, fetch.folder);
  mailbox::Importer importer(db->mail(), acting_user(options), unix_now(), mailbox::k_batch_messages,
                             {source, unix_now});
  auto& display = stderr_progress();
  std::string store_error;
  auto sink = [&](imap::FetchedMessage&& m) {
    std::string origin = fmt::format("imap://{}/{} UID {}", fetch.host, fetch.folder, m.uid);
    auto ok = importer.add({std::move(m.bytes), std::move(origin), m.internaldate});
    if (!ok) store_error = ok.error();
    return ok.has_value();
  };
  auto progress = [&](const imap::Progress& p) {
    if (!display.active()) display.start("邮件收取", p.total);
    display.update(p.done);
  };
  auto fetched = imap::fetch(*imap_opts, sink, progress);
  if (fetched && store_error.empty()) display.finish();
  else display.stop();
  // Nothing came: no tally, no summary entry.
  auto flushed = fetched || importer.tally().read > 0 ? importer.finish() : importer.flush();
  if (!store_error.empty() || !flushed) {
    std::cerr << "错误：" << (store_error.empty() ? flushed.error() : store_error) << '\n';
    return k_exit_input;
  }
  if (!fetched && importer.tally().read == 0) {
    std::cerr << "错误：" << fetched.error() << '\n';
    return k_exit_input;
  }
  int code = finish_import(options, db->mail(), importer.tally());
  if (!fetched) {
    std::cerr << "错误：" << fetched.error() << "（已收取的邮件已保存，再次运行会接着收取）\n";
    return k_exit_input;
  }
  return code;
}

int run_fetch(const MailOptions& options, const FetchOptions& fetch) {
  try {
    return fetch_messages(options, fetch);
  } catch (const std::bad_alloc&) {
    std::cerr << k_out_of_memory << '\n';
    return k_exit_input;
  }
}

} // namespace

void add_fetch_subcommand(CLI::App& mail, MailOptions& options, std::function<int()>& action) {
  auto fetch = std::make_shared<FetchOptions>();
  auto* sub = mail.add_subcommand("fetch", "从 IMAP 邮件服务器收取（TLS 或 STARTTLS），不会把邮件标为已读");
  sub->add_option("--data", options.data.data_dir, "数据目录")->required();
  sub->add_option("--host", fetch->host, "邮件服务器，如 imap.example.gov.cn")->required();
  sub->add_option("--port", fetch->port, "端口（默认：TLS 993，STARTTLS 143）");
  sub->add_option("--security", fetch->security, "tls（默认）或 starttls")->check(CLI::IsMember({"tls", "starttls"}));
  sub->add_option("--user", fetch->user, "邮箱账号")->required();
  auto* env = sub->add_option("--password-env", fetch->password_env, "从这个环境变量读取密码");
  auto* file = sub->add_option("--password-file", fetch->password_file, "从这个文件的第一行读取密码");
  env->excludes(file);
  sub->add_option("--folder", fetch->folder, "文件夹（默认 INBOX，可写中文名）");
  sub->add_option("--since", fetch->since, "只收取这一天及以后收到的邮件，如 2020-08-01");
  sub->add_option("--before", fetch->before, "只收取这一天以前收到的邮件（不含当天），如 2020-10-01");
  sub->add_option("--ca-file", fetch->ca_file, "信任这个 CA 证书文件（PEM；内网自签名证书时使用）");
  sub->add_option("--by", options.by, "操作人姓名（记入审计日志；默认“命令行”）");
  MailOptions* opts = &options;
  sub->callback([opts, fetch, &action] {
    if (fetch->password_env.empty() && fetch->password_file.empty())
      throw CLI::ValidationError("--password-env/--password-file", "请用 --password-env 或 --password-file 提供密码（不能写在命令行上）");
    action = [opts, fetch] { return run_fetch(*opts, *fetch); };
  });
}

} // namespace zwgk::cli
