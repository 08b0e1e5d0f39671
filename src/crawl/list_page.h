// Issue 17: reading the list pages of government CMSs into items — title, link and
// date — without per-site code. Pure: bytes in, items out; the crawler that fetches
// pages (politeness, state, resumption) is crawl/crawler.h.
//
// Recognised forms, tried in this order:
//   - a JSON list API: the first array of objects that have a title, a link and a date
//     under the usual keys (title/docTitle/name, url/link/href/docUrl, date/pubDate/
//     publishDate/time/createTime …);
//   - an XML data island (`<datastore><recordset><record><![CDATA[<li>…</li>]]></record>`)
//     with its paging proxy's totalrecord/perpage: each record is read as HTML;
//   - plain HTML lists (`<ul><li><a>…</a><span>2020-09-15</span></li>`, tables, <dl>):
//     an item is a link whose container (li, tr, dd, p, div) also holds a date.
// Pages may be UTF-8 or GBK/GB18030 with or without a charset (util/encoding.h);
// broken markup is recovered by libxml2. Relative links are resolved against the
// page's URL. Dates may be written 2020-09-15, 2020/09/15, 2020.9.15, 2020年9月15日 or,
// without a year, [09-15] / 09-15 (the year is then the caller's `default_year`).
#pragma once

#include "util/calendar.h"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::crawl {

struct ListItem {
  std::string title;
  std::string url;  // absolute
  Date date;
};

enum class PageForm { Json, DataIsland, Html };

struct ListPage {
  PageForm form = PageForm::Html;
  std::string url;  // where the page was read (after redirects): its later pages follow it
  std::vector<ListItem> items;
  // How many list pages the column has, when the page says: a static list's
  // createPageHTML(12, …) or "共12页", a data island's totalrecord ÷ perpage.
  std::optional<int> page_count;
  // Where the next page is when the page links to it (下一页, 下页, next) instead of
  // counting its pages; absolute, empty when there is no such link.
  std::string next_url;
  // A data island's paging proxy (absolute) and its records per page: the later pages
  // are proxy?startrecord=…&endrecord=…&perpage=… (crawl/paging.h).
  std::string proxy_url;
  int per_page = 0;
};

// A date as list pages write it; nullopt when `text` holds none. The first date
// in `text` is taken.
std::optional<Date> find_list_date(std::string_view text, int default_year);

// `href` resolved against the page's absolute URL `base` (RFC 3986's common cases:
// absolute, scheme-relative, root-relative, relative with ./ and ../, query only).
std::string resolve_url(std::string_view base, std::string_view href);

// Where a page that fits none of the forms keeps its items, as XPath expressions given
// in the site file: `item` selects each item's node; `title`, `link` and `date` are
// evaluated relative to it (empty: the item's first <a> text, its @href, the first date
// in the item's text).
struct Selectors {
  std::string item, title, link, date;
};

// The items of one list page; an error only for bytes that are no text at all, or (with
// `selectors`) for an XPath expression libxml2 cannot evaluate.
std::expected<ListPage, std::string> parse_list_page(std::string_view bytes, std::string_view page_url,
                                                     int default_year, const Selectors* selectors = nullptr);

} // namespace zwgk::crawl
