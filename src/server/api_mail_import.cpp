// 导入邮件 in the workspace: .eml and mbox files uploaded by an
// administrator, read into the mail ledger as `zwgk mail import` reads them
// (mailbox/importer.h: batches, each stored with its audit entry in one
// transaction).
#include "server/api.h"

#include "fs/files.h"
#include "fs/process.h"
#include "ingest/calendar_dir.h"
#include "mailbox/importer.h"
#include "mailbox/ledger.h"
#include "mailbox/sources.h"
#include "util/text.h"

#include <fmt/format.h>

#include <map>
#include <new>

namespace zwgk::server {
namespace {

// The name an uploaded file is read under: its last path component, or a
// stand-in when that is empty or a dot name.
std::string upload_name(const std::string& file_name, std::size_t index) {
  std::string name = file_name.substr(file_name.find_last_of("/\\") == std::string::npos ? 0
                                                                                          : file_name.find_last_of("/\\") + 1);
  while (name.starts_with('.')) name.erase(0, 1);
  if (trim(name).empty()) name = fmt::format("邮件{}.eml", index + 1);
  return name;
}

bool importable(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return true;  // Thunderbird's mbox files ("Inbox") have no extension
  const std::string ext = ascii_lower(name.substr(dot));
  return ext == ".eml" || ext == ".mbox" || ext == ".mbx";
}

// The quarters the ledger has mail of but the data directory no folder for,
// with how many messages wait for each: as `zwgk mail import` says, such mail
// counts once the folder is made. The workspace does not make it either (the
// newest folder is every page's default quarter).
Json waiting_quarters(Api& api) {
  std::vector<Date> received;
  for (const auto& m : api.mail.mail_messages())
    if (auto dt = parse_date_time(m.received)) received.push_back(dt->date);
  Json out = Json::array();
  for (const auto& [period, count] : ingest::dates_without_period(api.workspace.dir(), received))
    out.push_back({{"period", period.to_string()}, {"count", count}, {"text", mailbox::waiting_text(period, count)}});
  return out;
}

void import_mail(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  const auto [first, last] = req.files.equal_range("file");  // in the order sent
  if (first == last) return send_error(res, 400, "请选择要导入的邮件文件（.eml 或 .mbox，表单字段 file）");
  auto temp = fs::TempDir::create();
  if (!temp) return send_error(res, 500, temp.error());
  std::vector<std::pair<std::filesystem::path, std::string>> files;  // path, name shown
  std::size_t index = 0;
  for (auto it = first; it != last; ++it) {
    const auto& file = it->second;
    const std::string name = upload_name(file.filename, index);
    if (!importable(name))
      return send_error(res, 400, fmt::format("只能导入 .eml 或 .mbox 文件，而“{}”不是{}", name,
                                              ascii_lower(name).ends_with(".msg")
                                                  ? "（Outlook 的 .msg 文件：请在 Outlook 中另存为 .eml 或导出为 mbox）"
                                                  : ""));
    const auto folder = temp->path() / std::to_string(index++);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (auto ok = fs::write_files_atomically({{folder / name, file.content}}); !ok) return send_error(res, 500, ok.error());
    files.emplace_back(folder / name, name);
  }
  std::string names;
  for (const auto& [path, name] : files) names += (names.empty() ? "" : "、") + name;
  // Each batch is stored with its audit entry: a server stopped half-way has audited what it stored.
  mailbox::Importer importer(api.mail, caller.user.name, api.now(), mailbox::k_batch_messages, {names, api.now});
  std::vector<std::string> problems;  // the sources' own errors (a file that cannot be read)
  auto sink = [&importer](mailbox::RawMessage&& message) { return importer.add(std::move(message)); };
  auto warn = [&importer](std::string text) { importer.warn(std::move(text)); };
  for (const auto& [path, name] : files)
    if (auto ok = mailbox::read_source(path, sink, warn); !ok) problems.push_back(ok.error());
  if (auto ok = importer.finish(); !ok) return send_error(res, 500, ok.error());
  const auto& tally = importer.tally();
  const std::size_t problems_total = tally.problems.total + problems.size();
  problems.insert(problems.begin(), tally.problems.listed.begin(), tally.problems.listed.end());

  const std::string summary = mailbox::import_summary(tally);
  send_json(res, 200, {{"read", tally.read}, {"added", tally.added}, {"existing", tally.existing},
                       {"problems", problems}, {"problems_total", problems_total},
                       {"warnings", tally.warnings.listed}, {"warnings_total", tally.warnings.total},
                       {"waiting", waiting_quarters(api)},
                       {"summary", summary}});
}

} // namespace

void register_mail_import_route(Api& api) {
  api.http.Post("/api/v1/mail/import", [&api](const httplib::Request& req, httplib::Response& res) {
    auto caller = require(api, req, res, Need::Admin, Access::Write);
    if (!caller) return;
    try {
      import_mail(api, *caller, req, res);
    } catch (const std::bad_alloc&) {  // the batches stored so far stay, each audited
      send_error(res, 503, "内存不足，导入中止；已保存的邮件不受影响，再次导入会接着保存其余邮件");
    }
  });
}

} // namespace zwgk::server
