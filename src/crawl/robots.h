// Issue 17: robots.txt as a government site's webmaster writes it, honoured by the
// crawler: the group for our user agent (or `*`), Allow/Disallow by the longest matching
// path prefix (`*` anywhere, `$` at the end), Allow winning a tie, and Crawl-delay.
// Pure; the crawler fetches the file (a missing one allows everything).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::crawl {

class Robots {
public:
  // `text` is the file; `user_agent` the crawler's product token (matched case-insensitively
  // as a substring of the group's User-agent lines, as crawlers do).
  static Robots parse(std::string_view text, std::string_view user_agent);
  // Whether `path` (with its query) may be fetched.
  bool allowed(std::string_view path) const;
  // Seconds between requests that the group asks for, if any.
  std::optional<double> crawl_delay() const { return m_delay; }

private:
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  std::vector<Rule> m_rules;
  std::optional<double> m_delay;
};

// The list pages of a static column: its first page, then index_1.html … (page_count − 1
// more), following the first page's name ("index.html" → "index_1.html"; a folder URL
// ends in index.html).
std::vector<std::string> static_page_urls(std::string_view first_page, int page_count);

} // namespace zwgk::crawl
