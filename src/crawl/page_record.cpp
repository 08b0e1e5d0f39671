// A list page as the CrawlStore keeps it (crawler.h): JSON of what was read from it.
#include "crawl/crawler.h"

#include <nlohmann/json.hpp>

namespace zwgk::crawl {

std::string page_record(const ListPage& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back({item.title, item.url, item.date.to_string()});
  nlohmann::json j = {{"form", static_cast<int>(page.form)}, {"items", std::move(items)},
                      {"next", page.next_url}, {"url", page.url},           {"proxy", page.proxy_url},
                      {"per_page", page.per_page}};
  if (page.page_count) j["page_count"] = *page.page_count;
  return j.dump();
}

std::optional<ListPage> read_page_record(const std::string& content) {
  auto j = nlohmann::json::parse(content, nullptr, false);
  if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) return std::nullopt;
  ListPage page;
  try {
    page.form = static_cast<PageForm>(j.value("form", 2));
    for (const auto& item : j["items"]) {
      auto date = parse_date(item.at(2).get<std::string>());
      if (!date) return std::nullopt;
      page.items.push_back({item.at(0).get<std::string>(), item.at(1).get<std::string>(), *date});
    }
    page.next_url = j.value("next", std::string());
    page.url = j.value("url", std::string());
    page.proxy_url = j.value("proxy", std::string());
    page.per_page = j.value("per_page", 0);
    if (j.contains("page_count")) page.page_count = j["page_count"].get<int>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return page;
}

} // namespace zwgk::crawl
