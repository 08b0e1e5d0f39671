// Issue 17: the site file (DIR/站点.toml) that tells the crawler where each unit's
// columns are on the portal and how politely to fetch them. Read and checked here, with
// every problem at file:line:column; the crawl (app/crawl.h) uses it (docs/crawl.md).
//
//   [crawl]                       # all optional: the defaults are polite
//   user_agent = "zwgk（临淄区人民政府办公室政务公开考核）"
//   rate = 2                      # requests per second to one host (1–20)
//   concurrency = 2               # requests at once to one host (1–8)
//   timeout = 30                  # seconds per request (1–300)
//   retries = 3                   # after a failure, with growing pauses (0–10)
//   max_pages = 5000              # list pages one run fetches at most (1–1,000,000)
//
//   [[columns]]
//   unit = "区发改局"             # a registered name, short name or alias
//   kind = "通知公告"             # the column's kind: the scheme's staleness rules name it
//   url = "http://www.linzi.gov.cn/col/col123/index.html"
//   selectors = { item = "//div[@class='row']", title = ".//h4", link = "string(.//a/@href)", date = ".//em" }
//
//   [[portals]]                   # higher-level portals, for adoptions (optional)
//   level = "市级"                # an [[adoption.levels]] code
//   url = "http://www.zibo.gov.cn/col/col2/index.html"
//
//   [match]                       # how a portal's item is matched to a district item
//   similarity = 80               # per cent of the normalised titles' bigrams in common (50–100)
//   days = 30                     # the portal's date at most this many days later (0–366)
#pragma once

#include "model/diagnostics.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

inline constexpr std::string_view k_site_file = "站点.toml";

struct SiteColumn {
  std::string unit;  // as written; check_site_units() resolves it (empty for a portal)
  std::string kind;
  std::string level; // a [[portals]] entry's adoption level (an [[adoption.levels]] code)
  std::string url;   // http:// or https://
  // XPath selectors for a page that fits none of the recognised forms (all empty: none).
  std::string item, title, link, date;
  SchemePlace at;    // its [[columns]] entry
};

struct Site {
  std::string user_agent = "zwgk（政务公开考核；网站发布统计）";
  std::int64_t rate = 2;
  std::int64_t concurrency = 2;
  std::int64_t timeout = 30;
  std::int64_t retries = 3;
  std::int64_t max_pages = 5000;
  // Adoption matching ([match]): a higher-level portal's item is proposed as an adoption
  // of a district item when their normalised titles are at least this similar (per cent)
  // and it appeared within this many days after it.
  std::int64_t match_similarity = 80;
  std::int64_t match_days = 30;
  std::vector<SiteColumn> columns;
  std::vector<SiteColumn> portals;  // [[portals]]: higher-level portals' columns
};

std::expected<Site, Diagnostics> parse_site_file(std::string_view toml_text, std::string_view file_name);

// Each column's unit against the registry: an unknown name is an error at its line with
// the nearest registered names.
Diagnostics check_site_units(const Site& site, const Registry& registry, std::string_view file_name);
// Each portal's level against the scheme's adoption levels.
Diagnostics check_site_levels(const Site& site, const Scheme& scheme, std::string_view file_name);

} // namespace zwgk
