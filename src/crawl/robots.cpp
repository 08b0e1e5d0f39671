// robots.txt and a static column's pages (robots.h).
#include "crawl/robots.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace zwgk::crawl {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Whether `pattern` (with * and a final $) matches the start of `path`.
bool matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size() || p < pattern.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && s < path.size() && pattern[p] == path[s]) {
      ++p, ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;
    } else if (star != std::string_view::npos && mark < path.size()) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  return true;
}

} // namespace

Robots Robots::parse(std::string_view text, std::string_view user_agent) {
  const std::string agent = lower(user_agent);
  Robots mine, any;
  bool have_mine = false;
  std::vector<std::string> group_agents;
  bool in_rules = false;  // a User-agent line after rules starts a new group
  auto target = [&]() -> Robots* {
    for (const auto& a : group_agents) {
      if (a != "*" && !agent.empty() && agent.find(a) != std::string::npos) return &mine;
    }
    for (const auto& a : group_agents)
      if (a == "*") return &any;
    return nullptr;
  };
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = lower(trimmed(line.substr(0, colon)));
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (key == "user-agent") {
      if (in_rules) group_agents.clear();
      in_rules = false;
      group_agents.push_back(lower(value));
      continue;
    }
    in_rules = true;
    Robots* into = target();
    if (!into) continue;
    if (into == &mine) have_mine = true;
    if ((key == "allow" || key == "disallow") && !value.empty())
      into->m_rules.push_back({std::string(value), key == "allow"});
    else if (key == "crawl-delay") {
      double seconds = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec == std::errc() && seconds >= 0) into->m_delay = seconds;
    }
  }
  return have_mine ? mine : any;
}

bool Robots::allowed(std::string_view path) const {
  const Rule* best = nullptr;
  for (const auto& rule : m_rules) {
    if (!matches(rule.pattern, path)) continue;
    if (!best || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow))
      best = &rule;
  }
  return !best || best->allow;
}

std::vector<std::string> static_page_urls(std::string_view first_page, int page_count) {
  std::string first(first_page);
  if (first.ends_with("/")) first += "index.html";
  std::vector<std::string> out{first};
  const auto slash = first.rfind('/');
  const auto dot = first.rfind('.');
  const bool has_ext = dot != std::string::npos && dot > slash;
  const std::string stem = has_ext ? first.substr(0, dot) : first;
  const std::string ext = has_ext ? first.substr(dot) : "";
  for (int i = 1; i < page_count; ++i) out.push_back(stem + "_" + std::to_string(i) + ext);
  return out;
}

} // namespace zwgk::crawl
