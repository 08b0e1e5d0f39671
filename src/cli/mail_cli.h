// Pieces of `zwgk mail` shared by its subcommands (cmd_mail.cpp,
// mail_list.cpp, cmd_mail_fetch.cpp).
#pragma once

#include "cli/common.h"
#include "mailbox/importer.h"
#include "mailbox/review.h"
#include "store/mail_store.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
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

// The ledger of the data directory, or nullptr after printing why.
std::unique_ptr<store::MailStore> open_mail_ledger(const std::string& data_dir, bool create);

// After messages were added: creates the quarter folders their received
// dates fall in, prints the tally and its problems, writes the audit entry.
// Returns the exit code.
int finish_import(const MailOptions& options, store::MailStore& ledger, const mailbox::ImportTally& tally,
                  const std::string& source);

// One line of a row for terminals: "#12 2020-08-31 23:30 区人社局 计入 …".
std::string row_line(const Registry& registry, const mailbox::ReviewRow& row);

int run_mail_list(const MailOptions& options);
int run_mail_show(const MailOptions& options);

// Registers `zwgk mail fetch` on the mail command (cmd_mail_fetch.cpp).
void add_fetch_subcommand(CLI::App& mail, MailOptions& options, std::function<int()>& action);

} // namespace zwgk::cli
