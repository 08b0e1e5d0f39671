// Issue 17: what a crawl found, as the period's publication records. An item listed in
// two columns (the same link, or the same title and date for the same unit) counts once;
// items outside the period's window are left out (the crawl fetches a page past the
// period's first day, so its last page holds older items). Pure: the caller writes the
// rows as 网站发布-网站采集.csv (docs/inputs.md's item form, with the column as provenance).
#pragma once

#include "crawl/list_page.h"

#include <string>
#include <vector>

namespace zwgk::crawl {

struct FoundItem {
  std::string unit;        // as the site file names it
  std::string column_url;  // the list it was found in
  ListItem item;
  std::string column_kind;  // the column's kind (栏目), as the site file names it
};

struct CrawledRecords {
  std::vector<FoundItem> rows;  // by unit (first seen), then date, then title
  std::size_t duplicates = 0;   // found again in another column or page
  std::size_t outside = 0;      // dated outside the window
};

CrawledRecords crawled_records(const std::vector<FoundItem>& found, const DateWindow& window);

} // namespace zwgk::crawl
