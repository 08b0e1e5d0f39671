// The crawler's store in SQLite (crawl_store.h), on the database's shared
// connections, values only as bound parameters. The schema's triggers refuse a
// second decision on a proposal and a change to a finished run.
#include "store/crawl_store.h"
#include "store/memory_crawl_store.h"  // proposal_refusal: the words both stores use
#include "store/sqlite_db.h"

#include <memory>
#include <utility>

namespace zwgk::store {
namespace {

using namespace sqlite;

CrawlRun read_run(const Statement& row) {
  return {row.int64(0), row.text(1), row.text(2), row.int64(3), row.int64(4), row.text(5)};
}

ProposalDecision parse_decision(const std::string& code) {
  if (code == "confirmed") return ProposalDecision::Confirmed;
  if (code == "dismissed") return ProposalDecision::Dismissed;
  return ProposalDecision::Open;
}

class SqliteCrawlStore final : public CrawlStore {
public:
  explicit SqliteCrawlStore(std::shared_ptr<Connections> connections) : m_connections(std::move(connections)) {}

  std::expected<CrawlRun, std::string> begin_crawl_run(const std::string& period, const std::string& user,
                                                       std::int64_t at) override {
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    auto last = bound(db, "SELECT id, period, user_name, started_at, finished_at, summary FROM crawl_runs "
                          "WHERE period = ?1 ORDER BY id DESC LIMIT 1", period);
    if (!last) return std::unexpected(last.error());
    if (last->step() == SQLITE_ROW && last->int64(4) == 0) return read_run(*last);
    auto added = execute(db, "记录抓取", "INSERT INTO crawl_runs (period, user_name, started_at) VALUES (?1, ?2, ?3)",
                         period, user, at);
    if (!added) return std::unexpected(added.error());
    CrawlRun run{sqlite3_last_insert_rowid(db), period, user, at, 0, {}};
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return run;
  }

  Status finish_crawl_run(std::int64_t run, std::int64_t at, const std::string& summary) override {
    auto lease = m_connections->write();
    auto done = execute(lease.db(), "结束抓取记录",
                        "UPDATE crawl_runs SET finished_at = ?2, summary = ?3 WHERE id = ?1", run, at, summary);
    if (!done) return done;
    if (sqlite3_changes(lease.db()) == 0) return std::unexpected("抓取记录 " + std::to_string(run) + " 不存在");
    return {};
  }

  std::vector<CrawlRun> crawl_runs(const std::string& period) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(), "SELECT id, period, user_name, started_at, finished_at, summary FROM crawl_runs "
                                  "WHERE period = ?1 ORDER BY id DESC", period);
    std::vector<CrawlRun> out;
    while (stmt && stmt->step() == SQLITE_ROW) out.push_back(read_run(*stmt));
    return out;
  }

  std::optional<CrawlPage> crawl_page(const std::string& url) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(), "SELECT url, run, fetched_at, etag, last_modified, content FROM crawl_pages "
                                  "WHERE url = ?1", url);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return CrawlPage{stmt->text(0), stmt->int64(1), stmt->int64(2), stmt->text(3), stmt->text(4), stmt->text(5)};
  }

  Status save_crawl_page(const CrawlPage& p) override {
    auto lease = m_connections->write();
    return execute(lease.db(), "保存抓取的页面",
                   "INSERT OR REPLACE INTO crawl_pages (url, run, fetched_at, etag, last_modified, content) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", p.url, p.run, p.fetched_at, p.etag, p.last_modified, p.content);
  }

  std::expected<std::size_t, std::string> add_proposals(const std::vector<CrawlProposal>& proposals) override {
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    std::size_t added = 0;
    for (const auto& p : proposals) {
      auto ok = execute(db, "保存抓取建议",
                        "INSERT OR IGNORE INTO crawl_proposals (period, kind, key, unit, detail, run) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", p.period, p.kind, p.key, p.unit, p.detail, p.run);
      if (!ok) return std::unexpected(ok.error());
      added += static_cast<std::size_t>(sqlite3_changes(db));
    }
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return added;
  }

  std::vector<CrawlProposal> proposals(const std::string& period) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(), "SELECT id, period, kind, key, unit, detail, run, decision, reason, decided_by, "
                                  "decided_at FROM crawl_proposals WHERE period = ?1 ORDER BY id", period);
    std::vector<CrawlProposal> out;
    while (stmt && stmt->step() == SQLITE_ROW)
      out.push_back({stmt->int64(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4), stmt->text(5),
                     stmt->int64(6), parse_decision(stmt->text(7)), stmt->text(8), stmt->text(9), stmt->int64(10)});
    return out;
  }

  Status decide_proposal(std::int64_t id, ProposalDecision decision, const std::string& reason,
                         const AuditEntry& audit) override {
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);
    if (auto ok = transaction.begin(); !ok) return ok;
    auto found = bound(db, "SELECT decision FROM crawl_proposals WHERE id = ?1", id);
    if (!found) return std::unexpected(found.error());
    const bool known = found->step() == SQLITE_ROW;
    const bool open = known && found->text(0).empty();
    if (!known || !open || decision == ProposalDecision::Open) return std::unexpected(proposal_refusal(id, known, open));
    auto ok = execute(db, "处理抓取建议",
                      "UPDATE crawl_proposals SET decision = ?2, reason = ?3, decided_by = ?4, decided_at = ?5 "
                      "WHERE id = ?1", id, proposal_decision_code(decision), reason, audit.user, audit.at);
    if (!ok) return ok;
    if (auto audited = insert_audit(db, audit); !audited) return audited;
    return transaction.commit();
  }

private:
  std::shared_ptr<Connections> m_connections;
};

} // namespace

std::unique_ptr<CrawlStore> sqlite::make_crawl_store(std::shared_ptr<Connections> connections) {
  return std::make_unique<SqliteCrawlStore>(std::move(connections));
}

} // namespace zwgk::store
