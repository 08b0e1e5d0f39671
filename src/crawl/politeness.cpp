#include "crawl/politeness.h"

#include "net/curl.h"

#include <fmt/format.h>

#include <thread>

namespace zwgk::crawl {
namespace {

std::string url_part(CURLU* u, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(u, part, &text, 0) != CURLUE_OK || text == nullptr) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

} // namespace

std::optional<UrlParts> split_url(std::string_view url) {
  net::UrlHandle u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) return std::nullopt;
  const std::string scheme = url_part(u.get(), CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  UrlParts parts;
  parts.host = url_part(u.get(), CURLUPART_HOST);
  parts.origin = scheme + "://" + parts.host;
  if (auto port = url_part(u.get(), CURLUPART_PORT); !port.empty()) parts.origin += ":" + port;
  parts.path = url_part(u.get(), CURLUPART_PATH);
  if (auto query = url_part(u.get(), CURLUPART_QUERY); !query.empty()) parts.path += "?" + query;
  if (parts.path.empty()) parts.path = "/";
  return parts;
}

bool is_loopback_url(std::string_view url) {
  const auto parts = split_url(url);
  if (!parts) return false;
  const std::string& host = parts->host;
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

RobotsBook::Verdict RobotsBook::check(const UrlParts& url) {
  std::lock_guard lock(m_mutex);
  auto it = m_hosts.find(url.origin);
  if (it == m_hosts.end()) {
    Entry entry;
    const auto response = m_fetch({url.origin + "/robots.txt", {}, {}});
    if (response.status == 200) entry.robots = Robots::parse(response.body, m_agent);
    else if (response.status >= 400 && response.status < 500) entry.robots = Robots::parse("", m_agent);
    else if (response.status == 0) entry.reason = fmt::format("读不到 {}/robots.txt（{}），为尊重网站的规定未抓取", url.origin, response.error);
    else entry.reason = fmt::format("{}/robots.txt 返回 {}，网站的抓取规定不明，未抓取", url.origin, response.status);
    it = m_hosts.emplace(url.origin, std::move(entry)).first;
  }
  const Entry& e = it->second;
  if (!e.robots) return {false, e.reason, std::nullopt};
  if (!e.robots->allowed(url.path))
    return {false, fmt::format("网站的 robots.txt 不允许抓取 {}", url.path), e.robots->crawl_delay()};
  return {true, {}, e.robots->crawl_delay()};
}

void HostGate::wait_turn(const std::string& origin, std::optional<double> crawl_delay) {
  if (m_rate <= 0) return;
  double seconds = 1.0 / m_rate;
  if (crawl_delay && *crawl_delay > seconds) seconds = *crawl_delay;
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(seconds));
  std::chrono::steady_clock::time_point start;
  {
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    auto& next = m_next[origin];
    start = next > now ? next : now;
    next = start + interval;
  }
  std::this_thread::sleep_until(start);
}

} // namespace zwgk::crawl
