// An in-memory site for the crawl's tests (crawl/fetcher.h's narrow interface): shared by
// crawl_crawler_test and app_crawl_test.
#pragma once

#include "crawl/fetcher.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace zwgk::crawl::test {

// Pages by URL; a page may fail `failures` times with 503 first. Validators: the ETag is
// the body's length, answered with 304 when sent back.
class FakeSite final : public Fetcher {
public:
  struct Page {
    long status = 200;
    std::string body;
    int failures = 0;
  };
  std::map<std::string, Page> pages;
  std::vector<std::string> requested;
  int not_modified = 0;

  FetchResponse fetch(const FetchRequest& r) override {
    std::lock_guard lock(m_mutex);
    requested.push_back(r.url);
    auto it = pages.find(r.url);
    if (it == pages.end()) return {404, "", r.url, "", "", ""};
    if (it->second.failures > 0) {
      --it->second.failures;
      return {503, "", r.url, "", "", ""};
    }
    const std::string etag = "\"" + std::to_string(it->second.body.size()) + "\"";
    if (!r.etag.empty() && r.etag == etag) {
      ++not_modified;
      return {304, "", r.url, etag, "", ""};
    }
    return {it->second.status, it->second.body, r.url, etag, "", ""};
  }
  std::size_t count(const std::string& url) const {
    return static_cast<std::size_t>(std::count(requested.begin(), requested.end(), url));
  }

private:
  std::mutex m_mutex;
};

} // namespace zwgk::crawl::test
