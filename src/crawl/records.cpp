// What a crawl found, as the period's records (records.h).
#include "crawl/records.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace zwgk::crawl {

CrawledRecords crawled_records(const std::vector<FoundItem>& found, const DateWindow& window) {
  CrawledRecords out;
  std::set<std::string> urls;
  std::set<std::tuple<std::string, std::string, Date>> titles;  // unit, title, date
  std::map<std::string, std::size_t> unit_order;
  for (const auto& f : found) {
    if (!window.contains(f.item.date)) {
      ++out.outside;
      continue;
    }
    const bool fresh_url = urls.insert(f.item.url).second;
    const bool fresh_title = titles.insert({f.unit, f.item.title, f.item.date}).second;
    if (!fresh_url || !fresh_title) {
      ++out.duplicates;
      continue;
    }
    unit_order.try_emplace(f.unit, unit_order.size());
    out.rows.push_back(f);
  }
  std::stable_sort(out.rows.begin(), out.rows.end(), [&](const FoundItem& a, const FoundItem& b) {
    return std::tuple(unit_order[a.unit], a.item.date, a.item.title) < std::tuple(unit_order[b.unit], b.item.date, b.item.title);
  });
  return out;
}

} // namespace zwgk::crawl
