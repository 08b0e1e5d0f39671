// What list_page.cpp reads from a page's scripts and text besides its items — the page
// count, a data island's paging numbers, its proxy and the CMS's ids — by plain scanning
// (std::regex over whole pages once took a third of the parsing time). Internal to crawl/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zwgk::crawl::scan {

// The value after the first `key` (lower-case ASCII, matched case-insensitively, not inside a longer
// word) written as `key: value`, `key = "value"` …: letters, digits and _ up to 40 of
// them; nullopt when there is none.
std::optional<std::string> value_after(std::string_view text, std::string_view key);
// The same, as a number of at most `digits` digits.
std::optional<int> number_after(std::string_view text, std::string_view key, int digits);
// A static list's page count: createPageHTML(12, …) or 共 12 页.
std::optional<int> static_page_count(std::string_view html);
// The first quoted string that contains "dataproxy" (a hanweb paging proxy's address).
std::optional<std::string> proxy_address(std::string_view html);

} // namespace zwgk::crawl::scan
