// zwgk mail: submissions counted straight from the office's mailbox.
//
//   zwgk mail import --data DIR [--by 姓名] 路径…      Maildir, mbox, .eml or a folder of .eml
//   zwgk mail fetch  --data DIR --host … (cmd_mail_fetch.cpp)
//   zwgk mail list   --data DIR [--period] [--show 待核实|未归属|不计入|计入|全部] [--unit] [--csv 文件]
//   zwgk mail show   --data DIR 编号
//   zwgk mail decide --data DIR 编号 --set 字段=值 … --reason 理由 [--by 姓名]
//
// Messages go to the ledger in DIR/zwgk.db (store/mail_store.h); what they
// count for is worked out by mailbox/review.h whenever a command loads the
// data directory, so `report`, `check`, `explain` and the workspace all
// count mail without another step. Every import and decision is audited.
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/mail_cli.h"
#include "cli/progress_display.h"
#include "ingest/calendar_dir.h"
#include "mailbox/ledger.h"
#include "mailbox/sources.h"
#include "store/database.h"
#include "util/text.h"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <new>

namespace zwgk::cli {
namespace {

// 邮件导入's progress: messages of the total when every source is files of one
// message each (Maildir, .eml), else bytes of the sources' total (an mbox).
class ImportProgress {
public:
  explicit ImportProgress(const std::vector<std::string>& paths) : m_display(stderr_progress()) {
    std::uint64_t messages = 0, bytes = 0;
    for (const auto& path : paths) {
      auto extent = mailbox::source_extent(path);
      m_counted = m_counted && extent.counted;
      messages += extent.messages;
      bytes += extent.bytes;
    }
    m_display.start("邮件导入", m_counted ? messages : bytes, m_counted ? ProgressUnit::Count : ProgressUnit::Bytes);
  }
  void read(std::size_t messages, std::size_t bytes) {
    m_bytes += bytes;
    if (m_counted) m_display.update(messages);
    else m_display.update(m_bytes, fmt::format("已读取 {} 封", messages));
  }
  void end(std::size_t messages, bool ok) {
    if (!ok) return m_display.stop();
    m_display.finish(m_counted ? std::string() : fmt::format("已读取 {} 封", messages));
  }

private:
  ProgressDisplay& m_display;
  bool m_counted = true;
  std::uint64_t m_bytes = 0;
};

int import_sources(const MailOptions& options) {
  bool missing = false;
  for (const auto& path : options.paths) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) continue;
    std::cerr << fmt::format("错误：“{}”不存在（应为 Maildir 文件夹、mbox 文件、.eml 文件或存放 .eml 的文件夹）\n", path);
    missing = true;
  }
  if (missing) return k_exit_input;  // nothing read, nothing created
  auto db = open_mail_ledger(options.data.data_dir, true);
  if (!db) return k_exit_input;
  const std::string source = join(options.paths, "、");
  mailbox::Importer importer(db->mail(), acting_user(options), unix_now(), mailbox::k_batch_messages,
                             {source, unix_now});
  ImportProgress progress(options.paths);
  auto sink = [&](mailbox::RawMessage&& message) {
    const std::size_t size = message.bytes.size();
    auto ok = importer.add(std::move(message));
    progress.read(importer.tally().read, size);
    return ok;
  };
  auto warn = [&](std::string text) { importer.warn(std::move(text)); };
  std::vector<std::string> errors;
  for (const auto& path : options.paths)
    if (auto ok = mailbox::read_source(path, sink, warn); !ok) errors.push_back(ok.error());
  if (auto ok = importer.finish(); !ok) errors.push_back(ok.error());
  progress.end(importer.tally().read, errors.empty());
  for (const auto& error : errors) std::cerr << "错误：" << error << '\n';
  const bool failed = !errors.empty();
  int code = finish_import(options, db->mail(), importer.tally());
  return failed ? k_exit_input : code;
}

int run_import(const MailOptions& options) {
  try {
    return import_sources(options);
  } catch (const std::bad_alloc&) {
    std::cerr << k_out_of_memory << '\n';
    return k_exit_input;
  }
}

// "字段=值" pairs, each checked against the registry; nullopt after printing.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_sets(const Registry& registry,
                                                                         const std::vector<std::string>& sets) {
  std::vector<std::pair<std::string, std::string>> out;
  bool ok = true;
  for (const auto& set : sets) {
    auto eq = set.find('=');
    if (eq == std::string::npos) eq = set.find("＝");
    if (eq == std::string::npos) {
      std::cerr << fmt::format("错误：--set “{}”应写成 字段=值，如 --set 单位=区人社局\n", set);
      ok = false;
      continue;
    }
    std::string field(trim(std::string_view(set).substr(0, eq)));
    std::size_t skip = set.compare(eq, 3, "＝") == 0 ? 3 : 1;
    auto value = mailbox::decision_value(registry, field, set.substr(eq + skip));
    if (!value) {
      std::cerr << "错误：" << value.error() << '\n';
      ok = false;
      continue;
    }
    out.emplace_back(field, *value);
  }
  if (!ok) return std::nullopt;
  return out;
}

int run_decide(const MailOptions& options) {
  if (trim(options.reason).empty()) {
    std::cerr << "错误：请用 --reason 写明理由（记入审核记录）\n";
    return k_exit_usage;
  }
  auto ws = load_workspace(options.data, Outputs::None);
  if (!ws) return k_exit_input;
  auto sets = parse_sets(ws->registry, options.sets);
  if (!sets) return k_exit_input;
  auto db = open_mail_ledger(options.data.data_dir, false);
  if (!db) return k_exit_input;
  store::MailStore& ledger = db->mail();
  if (!ledger.mail_message(options.id)) {
    std::cerr << fmt::format("错误：没有编号为 {} 的邮件（用 zwgk mail list 查看编号）\n", options.id);
    return k_exit_input;
  }
  const std::string user = acting_user(options);
  const auto now = unix_now();
  for (const auto& [field, value] : *sets) {
    auto added = ledger.add_mail_decision({0, options.id, field, value, options.reason, user, now});
    if (!added) {
      std::cerr << "错误：" << added.error() << '\n';
      return k_exit_input;
    }
    auto audited = db->store().append_audit({0, now, user, "审核邮件", fmt::format("邮件#{}", options.id),
                                             mailbox::decision_audit_detail(field, value, options.reason)});
    if (!audited) {
      std::cerr << "错误：写审计日志失败：" << audited.error() << '\n';
      return k_exit_input;
    }
  }
  auto review = mailbox::build_review(ws->registry, ws->scheme, ledger.mail_messages(), ledger.mail_decisions(),
                                      std::nullopt);
  for (const auto& row : review.rows)
    if (row.id == options.id) std::cout << "已记录。现在：" << row_line(ws->registry, row) << '\n';
  return k_exit_ok;
}

} // namespace

std::string acting_user(const MailOptions& options) {
  return options.by.empty() ? std::string(k_cli_user) : options.by;
}

std::unique_ptr<store::Database> open_mail_ledger(const std::string& data_dir, bool create) {
  if (!std::filesystem::is_directory(data_dir)) {
    std::cerr << fmt::format("错误：数据目录“{}”不存在\n", data_dir);
    return nullptr;
  }
  auto db = environment().open_database(data_dir, create ? store::Create::IfMissing : store::Create::No);
  if (!db) {
    std::cerr << "错误：" << db.error() << '\n';
    return nullptr;
  }
  if (!*db) std::cerr << "错误：数据目录中还没有导入任何邮件（先运行 zwgk mail import 或 zwgk mail fetch）\n";
  return std::move(*db);
}

int finish_import(const MailOptions& options, store::MailStore& ledger, const mailbox::ImportTally& tally) {
  for (const auto& warning : tally.warnings.listed) std::cerr << "警告：" << warning << '\n';
  if (auto note = mailbox::omitted_note(tally.warnings); !note.empty()) std::cerr << "警告：" << note << '\n';
  for (const auto& problem : tally.problems.listed) std::cerr << "错误：" << problem << '\n';
  if (auto note = mailbox::omitted_note(tally.problems); !note.empty()) std::cerr << "错误：" << note << '\n';
  // Mail of a quarter that has no folder yet counts once the folder is made;
  // zwgk does not make it, since the newest folder is every command's default quarter.
  std::vector<Date> received;
  for (const auto& text : ledger.mail_received())
    if (auto dt = parse_date_time(text)) received.push_back(dt->date);
  for (const auto& [period, count] : ingest::dates_without_period(options.data.data_dir, received))
    std::cerr << fmt::format("提示：{}\n", mailbox::waiting_text(period, count));
  const std::string summary = mailbox::import_summary(tally);
  std::cout << summary << "。\n审核结果：zwgk mail list --data " << options.data.data_dir << '\n';
  return tally.problems.empty() ? k_exit_ok : k_exit_input;
}

Command mail_command() {
  return {"mail", "从邮箱导入投稿（Maildir、mbox、.eml、IMAP），审核每封邮件", [](CLI::App& app) {
            auto options = std::make_shared<MailOptions>();
            auto action = std::make_shared<std::function<int()>>();
            app.require_subcommand(1);
            auto* import = app.add_subcommand("import", "从 Maildir 文件夹、mbox 文件、.eml 文件或 .eml 文件夹导入");
            import->add_option("--data", options->data.data_dir, "数据目录")->required();
            import->add_option("--by", options->by, "操作人姓名（记入审计日志；默认“命令行”）");
            import->add_option("路径", options->paths, "邮件来源（可写多个）")->required();
            import->callback([=] { *action = [=] { return run_import(*options); }; });

            auto* list = app.add_subcommand("list", "列出每封邮件的单位、月份、字数、图片和结论");
            add_data_options(*list, options->data);
            list->add_option("--show", options->show, "只列出：待核实、未归属、不计入、计入、全部（默认）")
                ->check(CLI::IsMember({"全部", "待核实", "未归属", "不计入", "计入", "无收到时间"}));
            list->add_option("--unit", options->unit, "只列出这个单位的邮件");
            list->add_option("--csv", options->csv, "写成 CSV 文件（可用 Excel/WPS 打开），不在屏幕列出");
            list->callback([=] { *action = [=] { return run_mail_list(*options); }; });

            auto* show = app.add_subcommand("show", "显示一封邮件的详情、正文和审核记录");
            add_data_options(*show, options->data);
            show->add_option("编号", options->id, "邮件编号（见 zwgk mail list）")->required();
            show->callback([=] { *action = [=] { return run_mail_show(*options); }; });

            auto* decide = app.add_subcommand("decide", "人工审核：指定单位、是否切题、字数、图片数、是否计入、收到时间");
            add_data_options(*decide, options->data);
            decide->add_option("编号", options->id, "邮件编号")->required();
            decide->add_option("--set", options->sets, "字段=值，如 单位=区人社局、切题=否、字数=850、计入=否、核实=是")
                ->required();
            decide->add_option("--reason", options->reason, "理由（必填，记入审核记录）")->required();
            decide->add_option("--by", options->by, "审核人姓名（默认“命令行”）");
            decide->callback([=] { *action = [=] { return run_decide(*options); }; });

            add_fetch_subcommand(app, *options, *action);
            return [action] { return *action ? (*action)() : k_exit_usage; };
          }};
}

} // namespace zwgk::cli
