#include "store/memory_crawl_store.h"

#include <algorithm>

namespace zwgk::store {

std::string_view proposal_decision_code(ProposalDecision decision) {
  switch (decision) {
    case ProposalDecision::Confirmed: return "confirmed";
    case ProposalDecision::Dismissed: return "dismissed";
    case ProposalDecision::Open: break;
  }
  return "";
}

std::string proposal_refusal(std::int64_t id, bool known, bool open) {
  if (!known) return "没有编号为 " + std::to_string(id) + " 的抓取建议";
  if (!open) return "抓取建议 " + std::to_string(id) + " 已经处理过，不能再改";
  return "处理抓取建议只能是确认或不采纳";
}

std::expected<CrawlRun, std::string> MemoryCrawlStore::begin_crawl_run(const std::string& period,
                                                                       const std::string& user, std::int64_t at) {
  std::lock_guard lock(m_mutex);
  for (auto it = m_runs.rbegin(); it != m_runs.rend(); ++it)
    if (it->period == period) {
      if (it->finished_at == 0) return *it;
      break;
    }
  m_runs.push_back({static_cast<std::int64_t>(m_runs.size()) + 1, period, user, at, 0, {}});
  return m_runs.back();
}

Status MemoryCrawlStore::finish_crawl_run(std::int64_t run, std::int64_t at, const std::string& summary) {
  std::lock_guard lock(m_mutex);
  if (run < 1 || run > static_cast<std::int64_t>(m_runs.size()) || m_runs[run - 1].finished_at != 0)
    return std::unexpected("抓取记录 " + std::to_string(run) + " 不存在或已结束");
  m_runs[run - 1].finished_at = at;
  m_runs[run - 1].summary = summary;
  return {};
}

std::vector<CrawlRun> MemoryCrawlStore::crawl_runs(const std::string& period) {
  std::lock_guard lock(m_mutex);
  std::vector<CrawlRun> out;
  for (auto it = m_runs.rbegin(); it != m_runs.rend(); ++it)
    if (it->period == period) out.push_back(*it);
  return out;
}

std::optional<CrawlPage> MemoryCrawlStore::crawl_page(const std::string& url) {
  std::lock_guard lock(m_mutex);
  auto it = m_pages.find(url);
  if (it == m_pages.end()) return std::nullopt;
  return it->second;
}

Status MemoryCrawlStore::save_crawl_page(const CrawlPage& page) {
  std::lock_guard lock(m_mutex);
  m_pages[page.url] = page;
  return {};
}

std::expected<std::size_t, std::string> MemoryCrawlStore::add_proposals(const std::vector<CrawlProposal>& proposals) {
  std::lock_guard lock(m_mutex);
  std::size_t added = 0;
  for (const auto& p : proposals) {
    bool known = std::any_of(m_proposals.begin(), m_proposals.end(), [&](const CrawlProposal& q) {
      return q.period == p.period && q.kind == p.kind && q.key == p.key;
    });
    if (known) continue;
    CrawlProposal stored = p;
    stored.id = static_cast<std::int64_t>(m_proposals.size()) + 1;
    stored.decision = ProposalDecision::Open;
    stored.reason.clear();
    stored.decided_by.clear();
    stored.decided_at = 0;
    m_proposals.push_back(std::move(stored));
    ++added;
  }
  return added;
}

std::vector<CrawlProposal> MemoryCrawlStore::proposals(const std::string& period) {
  std::lock_guard lock(m_mutex);
  std::vector<CrawlProposal> out;
  for (const auto& p : m_proposals)
    if (p.period == period) out.push_back(p);
  return out;
}

Status MemoryCrawlStore::decide_proposal(std::int64_t id, ProposalDecision decision, const std::string& reason,
                                         const AuditEntry& audit) {
  std::lock_guard lock(m_mutex);
  const bool known = id >= 1 && id <= static_cast<std::int64_t>(m_proposals.size());
  const bool open = known && m_proposals[id - 1].decision == ProposalDecision::Open;
  if (!known || !open || decision == ProposalDecision::Open) return std::unexpected(proposal_refusal(id, known, open));
  if (auto audited = m_audit.append_audit(audit); !audited) return std::unexpected(audited.error());
  auto& p = m_proposals[id - 1];
  p.decision = decision;
  p.reason = reason;
  p.decided_by = audit.user;
  p.decided_at = audit.at;
  return {};
}

} // namespace zwgk::store
