// The crawler's store (crawl_store.h) over store/sql.h: one implementation for the SQLite
// file and for PostgreSQL. The schemas' triggers refuse a second decision on a proposal
// and a change to a finished run (sqlite_store_schema.h, pg_schema.h).
#include "store/memory_crawl_store.h"  // proposal_refusal: the words both stores use
#include "store/sql_stores.h"

namespace zwgk::store {
namespace {

using sql::run;

constexpr std::string_view k_run_columns = "id, period, user_name, started_at, finished_at, summary";

CrawlRun read_run(const sql::Rows& rows, std::size_t r) {
  return {rows.int64(r, 0), rows.text(r, 1), rows.text(r, 2), rows.int64(r, 3), rows.int64(r, 4), rows.text(r, 5)};
}

ProposalDecision parse_decision(const std::string& code) {
  if (code == "confirmed") return ProposalDecision::Confirmed;
  if (code == "dismissed") return ProposalDecision::Dismissed;
  return ProposalDecision::Open;
}

class SqlCrawlStore final : public CrawlStore {
public:
  explicit SqlCrawlStore(std::shared_ptr<sql::Pool> pool) : m_pool(std::move(pool)) {}

  std::expected<CrawlRun, std::string> begin_crawl_run(const std::string& period, const std::string& user,
                                                       std::int64_t at) override {
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return std::unexpected(ok.error());
    auto last = run(*c, "读取抓取记录",
                    "SELECT " + std::string(k_run_columns) + " FROM crawl_runs WHERE period = ?1 ORDER BY id DESC LIMIT 1",
                    std::string_view(period));
    if (!last) return std::unexpected(last.error());
    if (!last->empty() && last->int64(0, 4) == 0) return read_run(*last, 0);
    auto added = run(*c, "记录抓取", "INSERT INTO crawl_runs (period, user_name, started_at) VALUES (?1, ?2, ?3) RETURNING id",
                     std::string_view(period), std::string_view(user), at);
    if (!added) return std::unexpected(added.error());
    CrawlRun made{added->int64(0, 0), period, user, at, 0, {}};
    if (auto ok = t.commit(); !ok) return std::unexpected(ok.error());
    return made;
  }

  Status finish_crawl_run(std::int64_t id, std::int64_t at, const std::string& summary) override {
    auto c = m_pool->write();
    auto done = run(*c, "结束抓取记录", "UPDATE crawl_runs SET finished_at = ?2, summary = ?3 WHERE id = ?1", id, at,
                    std::string_view(summary));
    if (!done) return std::unexpected(done.error());
    if (c->changes() == 0) return std::unexpected("抓取记录 " + std::to_string(id) + " 不存在");
    return {};
  }

  std::vector<CrawlRun> crawl_runs(const std::string& period) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取抓取记录",
                    "SELECT " + std::string(k_run_columns) + " FROM crawl_runs WHERE period = ?1 ORDER BY id DESC",
                    std::string_view(period));
    std::vector<CrawlRun> out;
    for (std::size_t r = 0; rows && r < rows->size(); ++r) out.push_back(read_run(*rows, r));
    return out;
  }

  std::optional<CrawlPage> crawl_page(const std::string& url) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取抓取的页面",
                    "SELECT url, run, fetched_at, etag, last_modified, content FROM crawl_pages WHERE url = ?1",
                    std::string_view(url));
    if (!rows || rows->empty()) return std::nullopt;
    return CrawlPage{rows->text(0, 0), rows->int64(0, 1), rows->int64(0, 2), rows->text(0, 3), rows->text(0, 4),
                     rows->text(0, 5)};
  }

  Status save_crawl_page(const CrawlPage& p) override {
    auto c = m_pool->write();
    auto saved = run(*c, "保存抓取的页面",
                     "INSERT INTO crawl_pages (url, run, fetched_at, etag, last_modified, content) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (url) DO UPDATE SET run = excluded.run, "
                     "fetched_at = excluded.fetched_at, etag = excluded.etag, "
                     "last_modified = excluded.last_modified, content = excluded.content",
                     std::string_view(p.url), p.run, p.fetched_at, std::string_view(p.etag),
                     std::string_view(p.last_modified), std::string_view(p.content));
    if (!saved) return std::unexpected(saved.error());
    return {};
  }

  std::expected<std::size_t, std::string> add_proposals(const std::vector<CrawlProposal>& proposals) override {
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return std::unexpected(ok.error());
    std::size_t added = 0;
    for (const auto& p : proposals) {
      auto ok = run(*c, "保存抓取建议",
                    "INSERT INTO crawl_proposals (period, kind, key, unit, detail, run) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                    "ON CONFLICT (period, kind, key) DO NOTHING",
                    std::string_view(p.period), std::string_view(p.kind), std::string_view(p.key),
                    std::string_view(p.unit), std::string_view(p.detail), p.run);
      if (!ok) return std::unexpected(ok.error());
      added += static_cast<std::size_t>(c->changes());
    }
    if (auto ok = t.commit(); !ok) return std::unexpected(ok.error());
    return added;
  }

  std::vector<CrawlProposal> proposals(const std::string& period) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取抓取建议",
                    "SELECT id, period, kind, key, unit, detail, run, decision, reason, decided_by, decided_at "
                    "FROM crawl_proposals WHERE period = ?1 ORDER BY id",
                    std::string_view(period));
    std::vector<CrawlProposal> out;
    for (std::size_t r = 0; rows && r < rows->size(); ++r)
      out.push_back({rows->int64(r, 0), rows->text(r, 1), rows->text(r, 2), rows->text(r, 3), rows->text(r, 4),
                     rows->text(r, 5), rows->int64(r, 6), parse_decision(rows->text(r, 7)), rows->text(r, 8),
                     rows->text(r, 9), rows->int64(r, 10)});
    return out;
  }

  Status decide_proposal(std::int64_t id, ProposalDecision decision, const std::string& reason,
                         const AuditEntry& audit) override {
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return ok;
    auto found = run(*c, "读取抓取建议", "SELECT decision FROM crawl_proposals WHERE id = ?1", id);
    if (!found) return std::unexpected(found.error());
    const bool known = !found->empty();
    const bool open = known && found->text(0, 0).empty();
    if (!known || !open || decision == ProposalDecision::Open) return std::unexpected(proposal_refusal(id, known, open));
    auto ok = run(*c, "处理抓取建议",
                  "UPDATE crawl_proposals SET decision = ?2, reason = ?3, decided_by = ?4, decided_at = ?5 WHERE id = ?1",
                  id, proposal_decision_code(decision), std::string_view(reason), std::string_view(audit.user),
                  audit.at);
    if (!ok) return std::unexpected(ok.error());
    if (auto audited = insert_audit(*c, audit); !audited) return audited;
    return t.commit();
  }

private:
  std::shared_ptr<sql::Pool> m_pool;
};

} // namespace

Status insert_audit(sql::Connection& c, const AuditEntry& entry) {
  auto ok = run(c, "写审计日志", "INSERT INTO audit (at, user_name, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                entry.at, std::string_view(entry.user), std::string_view(entry.action), std::string_view(entry.target),
                std::string_view(entry.detail));
  if (!ok) return std::unexpected(ok.error());
  return {};
}

std::unique_ptr<CrawlStore> make_crawl_store(std::shared_ptr<sql::Pool> pool) {
  return std::make_unique<SqlCrawlStore>(std::move(pool));
}

} // namespace zwgk::store
