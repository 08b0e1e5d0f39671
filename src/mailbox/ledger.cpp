#include "mailbox/ledger.h"

#include <fmt/format.h>

namespace zwgk::mailbox {

std::string decision_audit_detail(std::string_view field, std::string_view value, std::string_view reason) {
  return fmt::format("{}：{}；理由：{}", field, value.empty() ? "（空）" : value, reason);
}

std::string waiting_text(Period period, std::size_t count) {
  const std::string_view noun = period.noun();
  return fmt::format("有 {} 封邮件收到于 {}，数据目录中还没有这个{}的文件夹（{}/），建立后即计入该{}", count,
                     period.to_string(), noun, period.to_string(), noun);
}

MailReview review_period(const ingest::Workspace& ws, store::MailStore& ledger) {
  return build_review(ws.registry, ws.scheme, ledger.mail_messages(), ledger.mail_decisions(), ws.window());
}

void add_ledger_submissions(ingest::Workspace& ws, store::MailStore& ledger, Diagnostics& notes) {
  auto review = review_period(ws, ledger);
  if (review.rows.empty()) return;
  add_submissions(review, ws.window(), ws.data);
  std::size_t unassigned = 0, undated = 0, open = 0;
  for (const auto& r : review.rows) {
    unassigned += r.verdict == Verdict::Unassigned;
    undated += r.verdict == Verdict::Undated;
    open += r.needs_attention();
  }
  const Location where{};
  if (unassigned > 0)
    notes.warning(where, fmt::format("邮箱中有 {} 封邮件未能确定投稿单位，未计入（zwgk mail list --show 未归属）", unassigned));
  if (undated > 0)
    notes.warning(where, fmt::format("邮箱中有 {} 封邮件没有收到时间，未计入（zwgk mail list --show 无收到时间）", undated));
  if (open > 0)
    notes.warning(where, fmt::format("邮箱中有 {} 封邮件待人工核实（zwgk mail list --show 待核实）", open));
}

} // namespace zwgk::mailbox
