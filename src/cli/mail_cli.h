// Pieces of `zwgk mail` shared by its subcommands (cmd_mail.cpp,
// mail_list.cpp, cmd_mail_fetch.cpp).
#pragma once

#include "cli/common.h"
#include "mailbox/importer.h"
#include "mailbox/review.h"
#include "store/database.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::cli {

struct MailOptions {
  DataOptions data;
  std::string by;                    // who acts, for the ledger and the audit log
  std::vector<std::string> paths;    // import: sources
  std::string show = "全部";         // list: which rows
  std::string unit;                  // list: one unit only
  std::string csv;                   // list: write a CSV file instead of a table
  std::int64_t id = 0;               // show, decide
  std::vector<std::string> sets;     // decide: "字段=值"
  std::string reason;                // decide
};

// The user name recorded for this run: --by, else "命令行".
std::string acting_user(const MailOptions& options);

// The database of the data directory (its mail() is the ledger), or nullptr
// after printing why.
std::unique_ptr<store::Database> open_mail_ledger(const std::string& data_dir, bool create);

// What an import says when memory runs out (std::bad_alloc is caught where
// an import command starts, so it ends with this message, never an abort).
inline constexpr std::string_view k_out_of_memory =
    "错误：内存不足，导入中止。已保存的邮件不受影响（审计日志记有已保存的批次），再次运行会接着导入；"
    "请关闭其他程序后重试，或在内存更多的电脑上导入";

// After messages were added (and audited with them: mailbox/importer.h):
// prints the warnings, the problems and the tally, and tells of quarters
// without a folder. Returns the exit code.
int finish_import(const MailOptions& options, store::MailStore& ledger, const mailbox::ImportTally& tally);

// One line of a row for terminals: "#12 2020-08-31 23:30 区人社局 计入 …".
std::string row_line(const Registry& registry, const mailbox::ReviewRow& row);

int run_mail_list(const MailOptions& options);
int run_mail_show(const MailOptions& options);

// Registers `zwgk mail fetch` on the mail command (cmd_mail_fetch.cpp).
void add_fetch_subcommand(CLI::App& mail, MailOptions& options, std::function<int()>& action);

} // namespace zwgk::cli
