// Issue 17: what a crawl proposes for a person to confirm — pure, from the crawl's
// outcome and the rules (thresholds are data: the scheme's [[stale_columns]], the site
// file's [match]).
//
// A stale column: a unit's column whose newest item is more than its kind's `days` old
// at the end of the window (or that lists no item at all). Columns whose pages could
// not all be read are not judged.
//
// An adoption: an item of a higher-level portal, dated in the window, whose normalised
// title (letters and digits only, full-width folded) shares at least `similarity` per
// cent of its character bigrams with a district item's (Dice's coefficient), published
// by the district at most `days` days before. Each portal item is matched to its most
// similar district item (the earlier one on a tie).
#pragma once

#include "crawl/crawler.h"
#include "scheme/scheme.h"

#include <optional>
#include <string>
#include <vector>

namespace zwgk::crawl {

struct StaleColumn {
  std::size_t column = 0;     // index into the outcome's columns
  std::string unit, kind, url;
  std::optional<ListItem> newest;  // none: the column lists nothing
  std::int64_t days = 0;      // since the newest item, at `as_of`
  std::int64_t limit = 0;     // the rule's days
  std::string finding;        // the rule's finding code
};

std::vector<StaleColumn> stale_columns(const CrawlOutcome& outcome, const std::vector<StaleRule>& rules, Date as_of);

// An item of the district that a portal may have adopted: a crawled publication or a
// submitted article.
struct DistrictItem {
  std::string unit;     // official name
  std::string title;
  std::string url;      // a publication's link; empty for a submission
  Date date;
  std::string source;   // "网站发布" or "投稿"
};

struct PortalItem {
  std::string level;    // the adoption level of the portal's column
  ListItem item;
};

struct AdoptionMatch {
  std::string unit, level;
  ListItem adopted;     // the portal's item
  DistrictItem original;
  int similarity = 0;   // per cent
};

// Titles as compared: letters and digits only, ASCII letters lower-cased, full-width
// forms folded to ASCII.
std::string normalised_title(std::string_view title);
// Dice's coefficient of the normalised titles' character bigrams, in per cent (0–100).
int title_similarity(std::string_view a, std::string_view b);

std::vector<AdoptionMatch> match_adoptions(const std::vector<PortalItem>& portal, const std::vector<DistrictItem>& district,
                                           const DateWindow& window, int similarity, int days);

} // namespace zwgk::crawl
