// Issue 17: how the crawler gets a page — one narrow interface, so that the crawl's
// logic (politeness, pagination, resumption) is tested against an in-memory site and
// the real thing is libcurl (http_fetcher()).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace zwgk::crawl {

struct FetchRequest {
  std::string url;
  // The validators the site gave last time: sent as If-None-Match / If-Modified-Since,
  // so that an unchanged page costs a 304 and no body.
  std::string etag, last_modified;
};

struct FetchResponse {
  long status = 0;            // the HTTP status of the last response; 0: none (see error)
  std::string body;
  std::string url;            // where it was found, after redirects
  std::string etag, last_modified;
  std::string error;          // why there was no answer, in Chinese (timeout, refused, certificate, too large)
};

class Fetcher {
public:
  virtual ~Fetcher() = default;
  // Safe to call from several threads at once.
  virtual FetchResponse fetch(const FetchRequest& request) = 0;
};

// A page larger than this is not read (the crawl bounds the memory of every page).
inline constexpr std::size_t k_max_page_bytes = 16u << 20;

struct HttpSettings {
  std::string user_agent;
  std::chrono::seconds timeout{30};
  std::size_t max_bytes = k_max_page_bytes;
  long max_redirects = 5;
};

// GET over http/https through libcurl: redirects followed (http and https only, at
// most max_redirects), TLS certificates verified against the system's CA store,
// gzip/deflate accepted, the whole request bounded by `timeout`.
std::unique_ptr<Fetcher> http_fetcher(HttpSettings settings);

} // namespace zwgk::crawl
