#include "server/crawl_jobs.h"

namespace zwgk::server {

CrawlJobs::~CrawlJobs() {
  if (m_thread.joinable()) m_thread.join();
}

bool CrawlJobs::start(app::Workspace& workspace, Period period, const app::Actor& actor) {
  std::lock_guard lock(m_mutex);
  if (m_status.running) return false;
  if (m_thread.joinable()) m_thread.join();  // the last one has ended: only its thread is left
  m_status = {true, period.to_string(), actor.user, actor.now, {}, {}, {}};
  m_thread = std::jthread([this, &workspace, period, actor] {
    auto summary = app::crawl_period(workspace, {period}, actor, nullptr, [this](const crawl::CrawlProgress& p) {
      std::lock_guard progress_lock(m_mutex);
      m_status.progress = p;
    });
    std::lock_guard done_lock(m_mutex);
    m_status.running = false;
    if (!summary) {
      m_status.error = summary.error().message;
      m_status.problems = summary.error().problems;
    }
  });
  return true;
}

CrawlJobs::Status CrawlJobs::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

} // namespace zwgk::server
