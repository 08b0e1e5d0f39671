// Issue 17: the workspace's 网站采集 — one crawl at a time per server, run on its own
// thread through app::crawl_period (the same crawl as `zwgk crawl`, always polite), its
// progress read by the page while it runs, its outcome kept until the next one.
#pragma once

#include "app/crawl.h"

#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace zwgk::server {

class CrawlJobs {
public:
  struct Status {
    bool running = false;
    std::string period;          // of the running or last crawl
    std::string user;
    std::int64_t started_at = 0;
    crawl::CrawlProgress progress;
    std::string error;           // the last crawl's failure (Chinese), empty when it ran
    Diagnostics problems;        // with its places
  };

  CrawlJobs() = default;
  CrawlJobs(const CrawlJobs&) = delete;
  CrawlJobs& operator=(const CrawlJobs&) = delete;
  ~CrawlJobs();

  // Starts crawling `period` of `workspace` (which must outlive the job); false when a
  // crawl is running already.
  bool start(app::Workspace& workspace, Period period, const app::Actor& actor);
  Status status() const;

private:
  mutable std::mutex m_mutex;
  Status m_status;
  std::jthread m_thread;
};

} // namespace zwgk::server
