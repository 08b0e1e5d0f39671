// MemoryCrawlStore: the crawler's store kept in memory, for tests of the layers
// above; it behaves as the SQLite one (tests/unit/crawl_store_test.cpp runs one
// suite against both). A decision's audit entry goes to the Store given.
#pragma once

#include "store/crawl_store.h"

#include <map>
#include <mutex>

namespace zwgk::store {

class MemoryCrawlStore final : public CrawlStore {
public:
  explicit MemoryCrawlStore(Store& audit) : m_audit(audit) {}

  std::expected<CrawlRun, std::string> begin_crawl_run(const std::string& period, const std::string& user,
                                                       std::int64_t at) override;
  Status finish_crawl_run(std::int64_t run, std::int64_t at, const std::string& summary) override;
  std::vector<CrawlRun> crawl_runs(const std::string& period) override;
  std::optional<CrawlPage> crawl_page(const std::string& url) override;
  Status save_crawl_page(const CrawlPage& page) override;
  std::expected<std::size_t, std::string> add_proposals(const std::vector<CrawlProposal>& proposals) override;
  std::vector<CrawlProposal> proposals(const std::string& period) override;
  Status decide_proposal(std::int64_t id, ProposalDecision decision, const std::string& reason,
                         const AuditEntry& audit) override;

private:
  Store& m_audit;
  std::mutex m_mutex;
  std::vector<CrawlRun> m_runs;
  std::map<std::string, CrawlPage> m_pages;
  std::vector<CrawlProposal> m_proposals;
};

// The refusal both stores give when deciding `id` is not possible (unknown, decided,
// or a decision that is no decision).
std::string proposal_refusal(std::int64_t id, bool known, bool open);

} // namespace zwgk::store
