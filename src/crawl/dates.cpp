// Dates and links as list pages write them (list_page.h).
#include "crawl/list_page.h"

#include <cctype>

namespace zwgk::crawl {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// The number of up to `max` digits at `pos`, moving past it.
std::optional<int> number(std::string_view s, std::size_t& pos, std::size_t max) {
  std::size_t start = pos;
  int value = 0;
  while (pos < s.size() && pos - start < max && digit(s[pos])) value = value * 10 + (s[pos++] - '0');
  if (pos == start || (pos < s.size() && digit(s[pos]))) return std::nullopt;
  return value;
}

// One of the separators between a date's parts at `pos`, moving past it.
bool separator(std::string_view s, std::size_t& pos) {
  for (std::string_view sep : {"-", "/", ".", "年", "月"})
    if (s.substr(pos, sep.size()) == sep) {
      pos += sep.size();
      return true;
    }
  return false;
}

std::optional<Date> date_at(std::string_view s, std::size_t pos, int default_year) {
  std::size_t p = pos;
  auto first = number(s, p, 4);
  const std::size_t first_digits = p - pos;
  if (!first || !separator(s, p)) return std::nullopt;
  auto second = number(s, p, 2);
  if (!second) return std::nullopt;
  if (first_digits == 4) {  // year, month, day
    if (!separator(s, p)) return std::nullopt;
    auto day = number(s, p, 2);
    if (!day || !is_valid_date(*first, *second, *day)) return std::nullopt;
    return Date{*first, *second, *day};
  }
  if (first_digits > 2 || !is_valid_date(default_year, *first, *second)) return std::nullopt;  // [09-15]
  return Date{default_year, *first, *second};
}

} // namespace

std::optional<Date> find_list_date(std::string_view text, int default_year) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!digit(text[i]) || (i > 0 && digit(text[i - 1]))) continue;
    if (auto d = date_at(text, i, default_year)) return d;
  }
  return std::nullopt;
}

namespace {

// "https://host:port" of an absolute URL; empty when it has none.
std::string_view origin(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto path = url.find_first_of("/?#", scheme + 3);
  return url.substr(0, path);
}

// The path's segments with "." and ".." applied.
std::string normalised(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (part != "." && !(part.empty() && end != path.size())) {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (auto part : parts) out += "/" + std::string(part);
  return out.empty() ? "/" : out;
}

} // namespace

std::string resolve_url(std::string_view base, std::string_view href) {
  while (!href.empty() && std::isspace(static_cast<unsigned char>(href.front()))) href.remove_prefix(1);
  while (!href.empty() && std::isspace(static_cast<unsigned char>(href.back()))) href.remove_suffix(1);
  if (href.find("://") != std::string_view::npos) return std::string(href);
  const std::string_view root = origin(base);
  if (href.starts_with("//")) return std::string(base.substr(0, base.find(':') + 1)) + std::string(href);
  if (href.starts_with("/")) return std::string(root) + normalised(href.substr(0, href.find_first_of("?#"))) +
                                    std::string(href.substr(std::min(href.find_first_of("?#"), href.size())));
  std::string_view base_path = base.substr(root.size());
  base_path = base_path.substr(0, base_path.find_first_of("?#"));
  if (href.empty()) return std::string(base);
  if (href.starts_with("?") || href.starts_with("#")) return std::string(root) + std::string(base_path) + std::string(href);
  const std::string dir(base_path.substr(0, base_path.rfind('/') + 1));
  const auto query = href.find_first_of("?#");
  return std::string(root) + normalised((dir.empty() ? "/" : dir) + std::string(href.substr(0, query))) +
         std::string(query == std::string_view::npos ? "" : href.substr(query));
}

} // namespace zwgk::crawl
