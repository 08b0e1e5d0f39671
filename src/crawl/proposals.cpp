#include "crawl/proposals.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>

namespace zwgk::crawl {

std::vector<StaleColumn> stale_columns(const CrawlOutcome& outcome, const std::vector<StaleRule>& rules, Date as_of) {
  std::vector<StaleColumn> out;
  for (std::size_t i = 0; i < outcome.columns.size(); ++i) {
    const auto& c = outcome.columns[i];
    if (!c.complete || c.pages == 0) continue;
    auto rule = std::find_if(rules.begin(), rules.end(), [&](const StaleRule& r) { return r.kind == c.column.kind; });
    if (rule == rules.end()) continue;
    std::optional<ListItem> newest;
    for (const auto& item : c.items)
      if (!newest || newest->date < item.date) newest = item;
    const std::int64_t days = newest ? as_of.days_since_epoch() - newest->date.days_since_epoch() : rule->days + 1;
    if (days <= rule->days) continue;
    out.push_back({i, c.column.unit, c.column.kind, c.column.url, newest, newest ? days : 0, rule->days, rule->finding});
  }
  return out;
}

std::string normalised_title(std::string_view title) {
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(title.data());
  const auto length = static_cast<int32_t>(title.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (!u_isalnum(c)) continue;
    c = u_tolower(c);
    char buffer[4];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buffer), n, 4, c, error);
    if (!error) out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

namespace {

std::vector<std::string> bigrams(const std::string& text) {
  std::vector<std::string> chars;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    chars.emplace_back(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
  std::vector<std::string> out;
  if (chars.size() == 1) out.push_back(chars[0]);
  for (std::size_t k = 1; k < chars.size(); ++k) out.push_back(chars[k - 1] + chars[k]);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

int title_similarity(std::string_view a, std::string_view b) {
  const auto x = bigrams(normalised_title(a)), y = bigrams(normalised_title(b));
  if (x.empty() || y.empty()) return 0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) ++common, ++i, ++j;
    else if (x[i] < y[j]) ++i;
    else ++j;
  }
  return static_cast<int>(200 * common / (x.size() + y.size()));
}

std::vector<AdoptionMatch> match_adoptions(const std::vector<PortalItem>& portal, const std::vector<DistrictItem>& district,
                                           const DateWindow& window, int similarity, int days) {
  std::vector<AdoptionMatch> out;
  for (const auto& p : portal) {
    if (!window.contains(p.item.date)) continue;
    const DistrictItem* best = nullptr;
    int best_score = -1;
    for (const auto& d : district) {
      const auto lag = p.item.date.days_since_epoch() - d.date.days_since_epoch();
      if (lag < 0 || lag > days) continue;
      const int score = title_similarity(p.item.title, d.title);
      if (score < similarity) continue;
      if (score > best_score || (score == best_score && d.date < best->date)) {
        best = &d;
        best_score = score;
      }
    }
    if (best) out.push_back({best->unit, p.level, p.item, *best, best_score});
  }
  return out;
}

} // namespace zwgk::crawl
