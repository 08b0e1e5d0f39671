#include "model/registry.h"

#include "util/text.h"

#include <algorithm>
#include <fmt/format.h>

namespace zwgk {
namespace {

std::vector<std::string> all_names(const Unit& u) {
  std::vector<std::string> names{u.name};
  if (!u.short_name.empty()) names.push_back(u.short_name);
  names.insert(names.end(), u.aliases.begin(), u.aliases.end());
  return names;
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
  for (const auto& n : names) {
    auto folded = fold_name(n);
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
  for (const auto& n : names) {
    m_exact.insert(n, id);
    m_folded.emplace(fold_name(n), id);
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
  struct Candidate {
    std::size_t distance;
    std::string name;
  };
  auto query = fold_name(name);
  std::size_t query_len = code_point_count(query);
  if (query.empty()) return {};
  std::vector<Candidate> candidates;
  for (const auto& unit : m_units) {
    std::size_t best = SIZE_MAX;
    for (const auto& n : all_names(unit)) {
      auto folded = fold_name(n);
      std::size_t d = edit_distance(query, folded);
      // A name containing the query (or contained in it) is a strong hint.
      if (query_len >= 2 && (folded.find(query) != std::string::npos || query.find(folded) != std::string::npos))
        d = std::min(d, std::size_t{1});
      best = std::min(best, d);
    }
    // A third of the name may differ: 区文旅 finds 区文旅局, 区气象局 does not find 区发改局.
    std::size_t threshold = std::max<std::size_t>(1, query_len / 3);
    if (best <= threshold) candidates.push_back({best, unit.display_name(NameStyle::Short)});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.distance < b.distance; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < candidates.size() && i < limit; ++i)
    out.push_back(candidates[i].name);
  return out;
}

} // namespace zwgk
