#include "model/name_index.h"

#include <functional>

namespace zwgk {

std::uint64_t NameIndex::hash_of(std::string_view name) {
  return std::hash<std::string_view>{}(name);
}

std::size_t NameIndex::probe(std::string_view name, std::uint64_t hash) const {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = m_slots[i];
    if (!s.used) return i;
    if (s.hash == hash && s.length == name.size() &&
        std::string_view(m_names).substr(s.offset, s.length) == name)
      return i;
  }
}

void NameIndex::grow() {
  std::vector<Slot> old(m_slots.size() * 2);
  old.swap(m_slots);
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& s : old) {
    if (!s.used) continue;
    std::size_t i = s.hash & mask;
    while (m_slots[i].used) i = (i + 1) & mask;
    m_slots[i] = s;
  }
}

bool NameIndex::insert(std::string_view name, std::uint32_t id) {
  if ((m_count + 1) * 2 > m_slots.size()) grow();  // load factor ≤ 1/2
  std::uint64_t hash = hash_of(name);
  std::size_t i = probe(name, hash);
  if (m_slots[i].used) return false;
  m_slots[i] = {hash, id, static_cast<std::uint32_t>(m_names.size()),
                static_cast<std::uint32_t>(name.size()), true};
  m_names.append(name);
  ++m_count;
  return true;
}

std::optional<std::uint32_t> NameIndex::find(std::string_view name) const {
  const Slot& s = m_slots[probe(name, hash_of(name))];
  if (!s.used) return std::nullopt;
  return s.id;
}

} // namespace zwgk
