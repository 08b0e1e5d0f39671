// zwgk mail list / show: the review of the mail ledger, for a terminal or
// as a CSV file for Excel/WPS.
#include "cli/mail_cli.h"
#include "cli/commands.h"
#include "fs/files.h"
#include "mailbox/ledger.h"
#include "mailbox/review_table.h"
#include "render/csv_tables.h"
#include "util/text.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

std::string pad(std::string_view text, std::size_t width) {
  std::size_t used = display_width(text);
  return std::string(text) + std::string(used < width ? width - used : 0, ' ');
}

std::string unit_name(const Registry& registry, const mailbox::ReviewRow& row) {
  return row.unit ? registry.at(*row.unit).display_name(NameStyle::Short) : std::string("（未归属）");
}

std::string received_text(const mailbox::ReviewRow& row) {
  return row.received ? row.received->to_string() : std::string("（无收到时间）");
}

bool selected(const MailOptions& options, const Registry& registry, const mailbox::ReviewRow& row) {
  if (!options.unit.empty()) {
    auto id = registry.resolve(options.unit);
    if (!id || row.unit != id) return false;
  }
  return mailbox::shown(options.show, row);
}

std::string csv_of(const Registry& registry, const std::vector<const mailbox::ReviewRow*>& rows) {
  return csv_document(mailbox::review_table(registry, rows));
}

std::string summary(const std::vector<mailbox::ReviewRow>& rows) {
  std::size_t counts[6] = {};
  std::size_t open = 0;
  for (const auto& r : rows) {
    ++counts[static_cast<int>(r.verdict)];
    open += r.needs_attention();
  }
  std::string out = fmt::format("共 {} 封", rows.size());
  for (int v = 0; v < 6; ++v)
    if (counts[v] > 0) out += fmt::format("，{} {}", mailbox::verdict_title(static_cast<mailbox::Verdict>(v)), counts[v]);
  if (open > 0) out += fmt::format("；待核实 {}", open);
  return out + "。";
}

struct Loaded {
  ingest::Workspace ws;
  std::unique_ptr<store::Database> db;
  store::MailStore& ledger() const { return db->mail(); }
};

std::optional<Loaded> load(const MailOptions& options) {
  auto ws = load_workspace(options.data, Outputs::None);
  if (!ws) return std::nullopt;
  auto ledger = open_mail_ledger(options.data.data_dir, false);
  if (!ledger) return std::nullopt;
  return Loaded{std::move(*ws), std::move(ledger)};
}

} // namespace

std::string row_line(const Registry& registry, const mailbox::ReviewRow& row) {
  std::string line = fmt::format("#{} {} {} 字数{} 图片{} {}", row.id, received_text(row), unit_name(registry, row),
                                 row.characters, row.pictures, mailbox::verdict_title(row.verdict));
  if (!row.reason.empty()) line += "（" + row.reason + "）";
  return line;
}

int run_mail_list(const MailOptions& options) {
  auto loaded = load(options);
  if (!loaded) return k_exit_input;
  const auto& registry = loaded->ws.registry;
  if (!options.unit.empty() && !registry.resolve(options.unit)) {
    std::cerr << fmt::format("错误：未知单位“{}”\n", options.unit);
    return k_exit_input;
  }
  auto review = mailbox::review_period(loaded->ws, loaded->ledger());
  std::vector<const mailbox::ReviewRow*> rows;
  for (const auto& r : review.rows)
    if (selected(options, registry, r)) rows.push_back(&r);
  if (!options.csv.empty()) {
    if (auto ok = fs::write_files_atomically({{options.csv, csv_of(registry, rows)}}); !ok) {
      std::cerr << "错误：" << ok.error() << '\n';
      return k_exit_input;
    }
    std::cout << fmt::format("已写出 {}（{} 封邮件）。\n", options.csv, rows.size());
    return k_exit_ok;
  }
  std::cout << fmt::format("{} 邮件审核（{}）\n", loaded->ws.period.to_string(), options.show);
  std::cout << pad("编号", 6) << pad("收到时间", 18) << pad("单位", 22) << pad("字数", 6) << pad("图片", 6)
            << pad("结论", 16) << "标题\n";
  for (const auto* r : rows) {
    std::cout << pad("#" + std::to_string(r->id), 6) << pad(received_text(*r), 18) << pad(unit_name(registry, *r), 22)
              << pad(std::to_string(r->characters), 6) << pad(std::to_string(r->pictures), 6)
              << pad(std::string(mailbox::verdict_title(r->verdict)) + (r->needs_attention() ? "·待核实" : ""), 16)
              << r->subject << '\n';
    if (!r->reason.empty()) std::cout << "      原因：" << r->reason << '\n';
    for (const auto& hint : r->hints) std::cout << "      提示：" << hint << '\n';
  }
  std::cout << summary(review.rows) << '\n';
  return k_exit_ok;
}

int run_mail_show(const MailOptions& options) {
  auto loaded = load(options);
  if (!loaded) return k_exit_input;
  auto message = loaded->ledger().mail_message(options.id);
  if (!message) {
    std::cerr << fmt::format("错误：没有编号为 {} 的邮件\n", options.id);
    return k_exit_input;
  }
  auto review = mailbox::build_review(loaded->ws.registry, loaded->ws.scheme, loaded->ledger().mail_messages(),
                                      loaded->ledger().mail_decisions(), std::nullopt);
  const auto& registry = loaded->ws.registry;
  for (const auto& r : review.rows) {
    if (r.id != options.id) continue;
    std::cout << fmt::format("邮件 #{}\n标题：{}\n发件人：{}\nMessage-ID：{}\n收到时间：{}（{}）\n单位：{}（依据：{}）\n"
                             "字数：{}　图片：{}　切题：{}\n结论：{}{}\n来源：{}\n",
                             r.id, r.subject, r.from_address, message->message_id, received_text(r), r.received_from,
                             unit_name(registry, r), mailbox::attributed_by_title(r.attributed_by), r.characters,
                             r.pictures, r.on_topic == OnTopic::Yes ? "是" : "否", mailbox::verdict_title(r.verdict),
                             r.reason.empty() ? "" : "（" + r.reason + "）", r.origin);
    if (!message->attachments.empty()) std::cout << "附件：" << message->attachments << '\n';
    for (const auto& hint : r.hints) std::cout << "提示：" << hint << '\n';
    for (const auto& d : r.decisions)
      std::cout << fmt::format("审核：{} 设{}为“{}”，理由：{}\n", d.user, d.field, d.value, d.reason);
    std::cout << "正文：\n" << message->text << '\n';
  }
  return k_exit_ok;
}

} // namespace zwgk::cli
