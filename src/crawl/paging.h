// Issue 17: a column's list pages after the first, as the first page gives them —
// without per-site code:
//   - a static list with its page count (createPageHTML(7, …), 共7页): index_1.html …
//     (robots.h's static_page_urls);
//   - a data island with totalrecord/perpage and its paging proxy (a URL naming
//     dataproxy): proxy?startrecord=16&endrecord=30&perpage=15, with the column URL's
//     own query appended (the CMS needs its column and site ids);
//   - a JSON list API with a page count, when the column URL carries a page parameter
//     (page, pageNo, pageNum, pageIndex, curPage, currentPage): that parameter counted on;
// and otherwise none: the crawler then follows each page's 下一页 link (ListPage::next_url).
#pragma once

#include "crawl/list_page.h"

#include <string>
#include <string_view>
#include <vector>

namespace zwgk::crawl {

// At most this many pages are planned from one first page (a page claiming more is
// believed up to here; the crawl's page budget bounds the rest).
inline constexpr int k_max_planned_pages = 10000;

std::vector<std::string> later_pages(std::string_view column_url, const ListPage& first);

} // namespace zwgk::crawl
