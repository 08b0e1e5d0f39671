#include "model/registry.h"

#include "util/text.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>

namespace zwgk {
namespace {

std::vector<std::string> all_names(const Unit& u) {
  std::vector<std::string> names{u.name};
  if (!u.short_name.empty()) names.push_back(u.short_name);
  names.insert(names.end(), u.aliases.begin(), u.aliases.end());
  return names;
}

// Characters a reader cannot see or tell apart from a space.
bool invisible(UChar32 c) {
  if (c == ' ') return false;
  switch (u_charType(c)) {
  case U_CONTROL_CHAR:
  case U_FORMAT_CHAR:
  case U_SPACE_SEPARATOR:
  case U_LINE_SEPARATOR:
  case U_PARAGRAPH_SEPARATOR:
  case U_PRIVATE_USE_CHAR:
  case U_SURROGATE:
  case U_UNASSIGNED: return true;
  default: return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
  }
}

} // namespace

bool Unit::has_tag(std::string_view tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

bool Unit::is_exempt(std::string_view component) const {
  return std::find(exemptions.begin(), exemptions.end(), component) != exemptions.end();
}

std::expected<UnitId, std::string> Registry::add(Unit unit) {
  auto id = static_cast<UnitId>(m_units.size());
  unit.id = id;
  auto names = all_names(unit);
  std::vector<std::string> folded_names;
  folded_names.reserve(names.size());
  for (const auto& n : names) {
    auto& folded = folded_names.emplace_back(fold_name(n));
    if (folded.empty()) return std::unexpected("单位名称为空");
    if (auto it = m_folded.find(folded); it != m_folded.end() && it->second != id)
      return std::unexpected(
          fmt::format("名称“{}”已属于单位“{}”", n, m_units[it->second].name));
  }
  for (auto& address : unit.mail_addresses) {
    address = ascii_lower(address);
    if (address.find('@') == std::string::npos || address.front() == '@' || address.back() == '@')
      return std::unexpected(fmt::format("“{}”不是电子邮箱地址", address));
    if (auto it = m_mail.find(address); it != m_mail.end() && it->second != id)
      return std::unexpected(fmt::format("邮箱“{}”已属于单位“{}”", address, m_units[it->second].name));
  }
  for (const auto& address : unit.mail_addresses) m_mail.emplace(address, id);
  for (std::size_t i = 0; i < names.size(); ++i) {
    m_exact.insert(names[i], id);
    m_folded.emplace(std::move(folded_names[i]), id);
  }
  m_units.push_back(std::move(unit));
  return id;
}

std::optional<UnitId> Registry::find_by_mail(std::string_view address) const {
  if (auto it = m_mail.find(ascii_lower(address)); it != m_mail.end()) return it->second;
  return std::nullopt;
}

std::optional<UnitId> Registry::resolve(std::string_view name) const {
  if (auto id = m_exact.find(name)) return *id;
  if (auto it = m_folded.find(fold_name(name)); it != m_folded.end()) return it->second;
  return std::nullopt;
}

std::vector<std::string> Registry::suggest(std::string_view name, std::size_t limit) const {
  // Four bytes a character at most: a longer text cannot fold to a short name.
  if (name.size() > 4 * k_max_suggested_length) return {};
  const std::string query = fold_name(name);
  const std::size_t query_len = code_point_count(query);
  if (query.empty() || query_len > k_max_suggested_length) return {};
  // A third of the name may differ: 区文旅 finds 区文旅局, 区气象局 does not find 区发改局.
  const std::size_t threshold = std::max<std::size_t>(1, query_len / 3);
  std::vector<std::size_t> best(m_units.size(), SIZE_MAX);  // per unit, over all its names
  for (const auto& [folded, id] : m_folded) {
    std::size_t d = SIZE_MAX;
    // A name containing the query (or contained in it) is a strong hint.
    if (folded == query)
      d = 0;
    else if (query_len >= 2 && (folded.find(query) != std::string::npos || query.find(folded) != std::string::npos))
      d = 1;
    else if (const std::size_t len = code_point_count(folded); std::max(len, query_len) - std::min(len, query_len) <= threshold)
      d = edit_distance(query, folded);  // never below the difference in length
    best[id] = std::min(best[id], d);
  }
  struct Candidate {
    std::size_t distance;
    UnitId id;
  };
  std::vector<Candidate> candidates;
  for (UnitId id = 0; id < m_units.size(); ++id)
    if (best[id] <= threshold) candidates.push_back({best[id], id});
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.distance < b.distance; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < candidates.size() && i < limit; ++i)
    out.push_back(m_units[candidates[i].id].display_name(NameStyle::Short));
  return out;
}

std::string quoted_name(std::string_view name) {
  std::string out = "“";
  std::size_t count = 0;
  const auto n = static_cast<std::int32_t>(std::min<std::size_t>(name.size(), INT32_MAX));
  for (std::int32_t i = 0; i < n;) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(name.data(), i, n, c);
    if (++count > k_max_shown_name) continue;  // counted, not shown
    if (c < 0)
      for (std::int32_t k = start; k < i; ++k) out += fmt::format("<0x{:02X}>", static_cast<unsigned char>(name[k]));
    else if (invisible(c))
      out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(c));
    else
      out.append(name.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
  if (count > k_max_shown_name) return out + fmt::format("…”（共 {} 个字符）", count);
  return out + "”";
}

std::string Registry::unknown_unit_text(std::string_view name) const {
  const auto near = suggest(name);
  return fmt::format("未知单位“{}”；{}", name,
                     near.empty() ? "单位名录中没有相近的名称，请先在单位名录中登记"
                                  : fmt::format("是否指：{}？", join(near, "、")));
}

} // namespace zwgk
