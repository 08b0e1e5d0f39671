#include "model/name_index.h"

#include <cstring>
#include <limits>
#include <stdexcept>

namespace zwgk {
namespace {

constexpr std::size_t k_header = 2 * sizeof(std::uint32_t);  // id, length

std::uint64_t load64(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// The final mix of MurmurHash3 (a public-domain, widely used finaliser):
// spreads every input bit over the whole word.
std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }

} // namespace

std::uint64_t NameIndex::hash_of(std::string_view name) {
  // Eight bytes a step: a unit's name is 20–60 bytes of UTF-8, so this is a
  // handful of multiplies where a byte-wise hash would take dozens.
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ name.size();
  const char* p = name.data();
  std::size_t n = name.size();
  for (; n >= 8; p += 8, n -= 8) h = (h ^ load64(p)) * 0x100000001b3ULL + (h >> 29);
  if (n > 0) {
    std::uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    h = (h ^ tail) * 0x100000001b3ULL + (h >> 29);
  }
  return mix(h);
}

std::string_view NameIndex::entry_name(std::uint32_t offset) const {
  std::uint32_t length;
  std::memcpy(&length, m_entries.data() + offset + sizeof(std::uint32_t), sizeof length);
  return {m_entries.data() + offset + k_header, length};
}

std::uint32_t NameIndex::entry_id(std::uint32_t offset) const {
  std::uint32_t id;
  std::memcpy(&id, m_entries.data() + offset, sizeof id);
  return id;
}

std::size_t NameIndex::probe(std::string_view name, std::uint64_t hash) const {
  const std::size_t mask = m_slots.size() - 1;
  const std::uint32_t tag = tag_of(hash);
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t s = m_slots[i];
    if (s == k_empty) return i;
    if (static_cast<std::uint32_t>(s >> 32) == tag &&
        entry_name(static_cast<std::uint32_t>(s) - 1) == name)
      return i;
  }
}

void NameIndex::grow() {
  std::vector<std::uint64_t> old(m_slots.size() * 2, k_empty);
  old.swap(m_slots);
  const std::size_t mask = m_slots.size() - 1;
  for (std::uint64_t s : old) {
    if (s == k_empty) continue;
    std::size_t i = hash_of(entry_name(static_cast<std::uint32_t>(s) - 1)) & mask;
    while (m_slots[i] != k_empty) i = (i + 1) & mask;
    m_slots[i] = s;
  }
}

bool NameIndex::insert(std::string_view name, std::uint32_t id) {
  if ((m_count + 1) * 2 > m_slots.size()) grow();  // load factor ≤ 1/2
  const std::uint64_t hash = hash_of(name);
  const std::size_t i = probe(name, hash);
  if (m_slots[i] != k_empty) return false;
  // Offsets are 32 bits with one value kept for "empty": a registry is a few
  // megabytes at most, so running out means a bug upstream.
  if (m_entries.size() + k_header + name.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("NameIndex: more than 4 GB of names");
  const auto offset = static_cast<std::uint32_t>(m_entries.size());
  const auto length = static_cast<std::uint32_t>(name.size());
  m_entries.append(reinterpret_cast<const char*>(&id), sizeof id);
  m_entries.append(reinterpret_cast<const char*>(&length), sizeof length);
  m_entries.append(name);
  m_slots[i] = static_cast<std::uint64_t>(tag_of(hash)) << 32 | (offset + 1);
  ++m_count;
  return true;
}

std::optional<std::uint32_t> NameIndex::find(std::string_view name) const {
  const std::uint64_t s = m_slots[probe(name, hash_of(name))];
  if (s == k_empty) return std::nullopt;
  return entry_id(static_cast<std::uint32_t>(s) - 1);
}

} // namespace zwgk
