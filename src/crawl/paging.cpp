#include "crawl/paging.h"

#include "crawl/robots.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace zwgk::crawl {
namespace {

std::string_view query_of(std::string_view url) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return {};
  auto rest = url.substr(q + 1);
  return rest.substr(0, rest.find('#'));
}

std::vector<std::string> island_pages(std::string_view column_url, const ListPage& first, int count) {
  std::vector<std::string> out;
  const auto own_query = query_of(column_url);
  const char joiner = first.proxy_url.find('?') == std::string::npos ? '?' : '&';
  for (int k = 2; k <= count; ++k) {
    std::string url = fmt::format("{}{}startrecord={}&endrecord={}&perpage={}", first.proxy_url, joiner,
                                  (k - 1) * first.per_page + 1, k * first.per_page, first.per_page);
    if (!own_query.empty()) url += "&" + std::string(own_query);
    out.push_back(std::move(url));
  }
  return out;
}

// The column URL with its page parameter counted on from its own value: 2 … count (or,
// for a zero-based parameter, 1 … count − 1).
std::vector<std::string> json_pages(std::string_view column_url, int count) {
  static constexpr std::array<std::string_view, 6> k_names = {"page", "pageNo", "pageNum", "pageIndex", "curPage",
                                                              "currentPage"};
  const auto q = column_url.find('?');
  if (q == std::string_view::npos) return {};
  for (std::size_t at = q + 1; at < column_url.size();) {
    const auto end = std::min(column_url.find('&', at), column_url.size());
    const auto pair = column_url.substr(at, end - at);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos &&
        std::find(k_names.begin(), k_names.end(), pair.substr(0, eq)) != k_names.end()) {
      const auto value = pair.substr(eq + 1);
      if (value != "0" && value != "1") return {};
      const int base = value == "0" ? 0 : 1;
      std::vector<std::string> out;
      const std::string head(column_url.substr(0, at + eq + 1)), tail(column_url.substr(end));
      for (int k = 1; k < count; ++k) out.push_back(head + std::to_string(base + k) + tail);
      return out;
    }
    at = end + 1;
  }
  return {};
}

} // namespace

std::vector<std::string> later_pages(std::string_view column_url, const ListPage& first) {
  if (!first.page_count || *first.page_count < 2) return {};
  const int count = std::min(*first.page_count, k_max_planned_pages);
  switch (first.form) {
    case PageForm::DataIsland:
      if (first.proxy_url.empty() || first.per_page <= 0) return {};
      return island_pages(column_url, first, count);
    case PageForm::Json:
      return json_pages(column_url, count);
    case PageForm::Html: {
      auto urls = static_page_urls(column_url, count);
      if (!urls.empty()) urls.erase(urls.begin());
      return urls;
    }
  }
  return {};
}

} // namespace zwgk::crawl
