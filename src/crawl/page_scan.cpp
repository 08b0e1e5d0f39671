#include "crawl/page_scan.h"

#include <cctype>

namespace zwgk::crawl::scan {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::size_t skip_spaces(std::string_view s, std::size_t at) {
  while (at < s.size() && (s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r')) ++at;
  return at;
}

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// Where `key` (lower-case ASCII) occurs at or after `from`, case-insensitively, as a whole word.
std::size_t find_word(std::string_view text, std::string_view key, std::size_t from) {
  for (std::size_t at = from; at + key.size() <= text.size(); ++at) {
    if (fold(text[at]) != key[0]) continue;
    std::size_t i = 1;
    while (i < key.size() && fold(text[at + i]) == key[i]) ++i;
    if (i < key.size()) continue;
    const bool before = at > 0 && word_char(text[at - 1]);
    const bool after = at + key.size() < text.size() && word_char(text[at + key.size()]);
    if (!before && !after) return at;
  }
  return std::string_view::npos;
}

std::optional<int> digits_at(std::string_view s, std::size_t at, int digits) {
  int n = 0, count = 0;
  while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at])) && count < digits) {
    n = n * 10 + (s[at++] - '0');
    ++count;
  }
  if (count == 0 || (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at])))) return std::nullopt;
  return n;
}

} // namespace

std::optional<std::string> value_after(std::string_view text, std::string_view key) {
  for (std::size_t at = find_word(text, key, 0); at != std::string_view::npos;
       at = find_word(text, key, at + key.size())) {
    std::size_t i = skip_spaces(text, at + key.size());
    if (i >= text.size() || (text[i] != '=' && text[i] != ':')) continue;
    i = skip_spaces(text, i + 1);
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) ++i;
    std::size_t end = i;
    while (end < text.size() && end - i < 40 && word_char(text[end])) ++end;
    if (end > i) return std::string(text.substr(i, end - i));
  }
  return std::nullopt;
}

std::optional<int> number_after(std::string_view text, std::string_view key, int digits) {
  auto value = value_after(text, key);
  if (!value) return std::nullopt;
  return digits_at(*value, 0, digits);
}

std::optional<int> static_page_count(std::string_view html) {
  constexpr std::string_view k_call = "createPageHTML(";
  if (auto at = html.find(k_call); at != std::string_view::npos)
    if (auto n = digits_at(html, skip_spaces(html, at + k_call.size()), 5)) return n;
  constexpr std::string_view k_total = "共", k_pages = "页";
  for (auto at = html.find(k_total); at != std::string_view::npos; at = html.find(k_total, at + k_total.size())) {
    std::size_t i = skip_spaces(html, at + k_total.size()), start = i;
    while (i < html.size() && std::isdigit(static_cast<unsigned char>(html[i]))) ++i;
    if (i == start || i - start > 5) continue;
    if (html.substr(skip_spaces(html, i)).starts_with(k_pages)) return digits_at(html, start, 5);
  }
  return std::nullopt;
}

std::optional<std::string> proxy_address(std::string_view html) {
  for (auto at = html.find("dataproxy"); at != std::string_view::npos; at = html.find("dataproxy", at + 9)) {
    auto open = html.find_last_of("\"'<> \t\r\n", at);
    if (open == std::string_view::npos || (html[open] != '"' && html[open] != '\'')) continue;
    auto close = html.find_first_of("\"'<> \t\r\n", at);
    if (close == std::string_view::npos || html[close] != html[open]) continue;
    return std::string(html.substr(open + 1, close - open - 1));
  }
  return std::nullopt;
}

} // namespace zwgk::crawl::scan
