// Issue 17: what keeps the crawler polite to each host (crawler.h): the robots.txt
// book and the gate that spaces requests. Internal to crawl/.
#pragma once

#include "crawl/fetcher.h"
#include "crawl/robots.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk::crawl {

// scheme://host[:port] and the path with its query, of an absolute http(s) URL.
struct UrlParts {
  std::string origin;
  std::string host;
  std::string path;
};
std::optional<UrlParts> split_url(std::string_view url);
// Whether the URL's host is this machine (localhost, 127.0.0.0/8, [::1]): the only
// hosts a crawl without politeness limits may go to.
bool is_loopback_url(std::string_view url);

// Each host's robots.txt, fetched once per crawl: a 4xx (none) allows everything; no
// answer or a 5xx means the webmaster's rules are unknown, so nothing of the host is
// fetched (the reason is kept for the report).
class RobotsBook {
public:
  using Fetch = std::function<FetchResponse(const FetchRequest&)>;  // the crawler's, with its retries
  RobotsBook(Fetch fetch, std::string user_agent) : m_fetch(std::move(fetch)), m_agent(std::move(user_agent)) {}
  struct Verdict {
    bool allowed = true;
    std::string reason;           // why not, in Chinese
    std::optional<double> delay;  // the host's Crawl-delay
  };
  Verdict check(const UrlParts& url);

private:
  struct Entry {
    std::optional<Robots> robots;  // none: unknown (reason says why)
    std::string reason;
  };
  Fetch m_fetch;
  std::string m_agent;
  std::mutex m_mutex;
  std::map<std::string, Entry> m_hosts;
};

// Spaces the starts of requests to one host by 1/rate seconds (or its Crawl-delay when
// longer); with `rate` 0 it never waits.
class HostGate {
public:
  explicit HostGate(double rate) : m_rate(rate) {}
  void wait_turn(const std::string& origin, std::optional<double> crawl_delay);

private:
  double m_rate;
  std::mutex m_mutex;
  std::map<std::string, std::chrono::steady_clock::time_point> m_next;
};

} // namespace zwgk::crawl
