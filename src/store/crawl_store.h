// Issue 17: what the website crawler keeps between runs — each list page it
// fetched (its validators for conditional requests and what it read from it),
// each run (so that a run killed half-way is continued, not started over), and
// the findings and adoptions it proposes with the decision a person made on each.
//
// Pages are a cache: a page fetched again replaces its row. Runs are finished
// once. Proposals are kept by a key per period and kind, so that finding the same
// stale column or adoption again adds nothing and keeps the decision; a decision
// is made once (the database refuses a second) and audited in the same
// transaction. Thread safety and error reporting as for Store (store.h).
#pragma once

#include "store/store.h"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::store {

struct CrawlPage {
  std::string url;              // as requested (before redirects)
  std::int64_t run = 0;         // the run that fetched it last
  std::int64_t fetched_at = 0;  // Unix seconds
  std::string etag, last_modified;  // the site's validators, for If-None-Match / If-Modified-Since
  std::string content;          // what the crawler read from it (crawl/ decides the form)
};

struct CrawlRun {
  std::int64_t id = 0;
  std::string period;           // "2020Q3"
  std::string user;
  std::int64_t started_at = 0;
  std::int64_t finished_at = 0;  // 0: not finished (running, or killed)
  std::string summary;           // the crawler's report (JSON), once finished
};

enum class ProposalDecision { Open, Confirmed, Dismissed };
std::string_view proposal_decision_code(ProposalDecision decision);  // "" "confirmed" "dismissed"

struct CrawlProposal {
  std::int64_t id = 0;
  std::string period;
  std::string kind;             // "stale" (a finding) or "adoption"
  std::string key;              // unique within period and kind
  std::string unit;
  std::string detail;           // the evidence (JSON)
  std::int64_t run = 0;         // the run that proposed it first
  ProposalDecision decision = ProposalDecision::Open;
  std::string reason;           // why, as the person wrote it
  std::string decided_by;
  std::int64_t decided_at = 0;
};

class CrawlStore {
public:
  virtual ~CrawlStore() = default;
  // A new run of `period`, or its last run when that one never finished (the
  // crawl resumes it: pages it fetched are taken as they are).
  virtual std::expected<CrawlRun, std::string> begin_crawl_run(const std::string& period, const std::string& user,
                                                               std::int64_t at) = 0;
  virtual Status finish_crawl_run(std::int64_t run, std::int64_t at, const std::string& summary) = 0;
  // The period's runs, newest first.
  virtual std::vector<CrawlRun> crawl_runs(const std::string& period) = 0;

  virtual std::optional<CrawlPage> crawl_page(const std::string& url) = 0;
  virtual Status save_crawl_page(const CrawlPage& page) = 0;

  // Adds the proposals whose (period, kind, key) is new; returns how many were new.
  virtual std::expected<std::size_t, std::string> add_proposals(const std::vector<CrawlProposal>& proposals) = 0;
  virtual std::vector<CrawlProposal> proposals(const std::string& period) = 0;
  // Decides an open proposal (Confirmed or Dismissed) with its audit entry; an
  // unknown id or one already decided is refused with a Chinese message.
  virtual Status decide_proposal(std::int64_t id, ProposalDecision decision, const std::string& reason,
                                 const AuditEntry& audit) = 0;
};

} // namespace zwgk::store
