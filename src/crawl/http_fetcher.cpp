// The libcurl Fetcher (fetcher.h). One easy handle per thread, reset per request, so
// that connections to the portal are kept alive between its list pages.
#include "crawl/fetcher.h"

#include "net/curl.h"

#include <fmt/format.h>

#include <cctype>

namespace zwgk::crawl {
namespace {

struct Transfer {
  FetchResponse* response;
  std::size_t max_bytes;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->response->body.size() + n > t->max_bytes) {
    t->too_large = true;
    return 0;  // curl aborts with CURLE_WRITE_ERROR
  }
  t->response->body.append(data, n);
  return n;
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

std::string header_value(std::string_view line, std::size_t name_size) {
  auto v = line.substr(name_size + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
  return std::string(v);
}

// Only the last response's validators count (a redirect's own headers come first).
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<FetchResponse*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    r->etag.clear();
    r->last_modified.clear();
  } else if (header_is(line, "etag")) {
    r->etag = header_value(line, 4);
  } else if (header_is(line, "last-modified")) {
    r->last_modified = header_value(line, 13);
  }
  return size * count;
}

std::string failure(CURLcode rc, const char* buffer, const HttpSettings& s, const Transfer& t) {
  if (t.too_large) return fmt::format("页面超过 {} MB，未读取", s.max_bytes >> 20);
  const auto detail = net::curl_detail(rc, buffer);
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: return fmt::format("超过 {} 秒没有答复（超时）", s.timeout.count());
    case CURLE_COULDNT_RESOLVE_HOST: return fmt::format("找不到网站（域名无法解析：{}）", detail);
    case CURLE_COULDNT_CONNECT: return fmt::format("无法连接网站（{}）", detail);
    case CURLE_TOO_MANY_REDIRECTS: return fmt::format("重定向超过 {} 次", s.max_redirects);
    case CURLE_PEER_FAILED_VERIFICATION:
      return fmt::format("网站的证书未通过验证（{}），未读取", detail);
    case CURLE_UNSUPPORTED_PROTOCOL: return fmt::format("只抓取 http 和 https 地址（{}）", detail);
    default: return fmt::format("读取失败（{}）", detail);
  }
}

class HttpFetcher final : public Fetcher {
public:
  explicit HttpFetcher(HttpSettings settings) : m_settings(std::move(settings)) { net::ensure_curl(); }

  FetchResponse fetch(const FetchRequest& request) override {
    thread_local net::EasyHandle handle(curl_easy_init());
    CURL* c = handle.get();
    FetchResponse response;
    if (c == nullptr) {
      response.error = "无法初始化网络库";
      return response;
    }
    curl_easy_reset(c);
    char buffer[CURL_ERROR_SIZE] = {};
    Transfer transfer{&response, m_settings.max_bytes};
    struct curl_slist* headers = nullptr;
    if (!request.etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + request.etag).c_str());
    if (!request.last_modified.empty())
      headers = curl_slist_append(headers, ("If-Modified-Since: " + request.last_modified).c_str());
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, m_settings.max_redirects);
    curl_easy_setopt(c, CURLOPT_USERAGENT, m_settings.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(m_settings.timeout.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, buffer);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      response.error = failure(rc, buffer, m_settings, transfer);
      response.body.clear();
      return response;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    char* effective = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
    response.url = effective ? effective : request.url;
    return response;
  }

private:
  HttpSettings m_settings;
};

} // namespace

std::unique_ptr<Fetcher> http_fetcher(HttpSettings settings) {
  return std::make_unique<HttpFetcher>(std::move(settings));
}

} // namespace zwgk::crawl
