// NameIndex: an exact-spelling lookup from names to unit ids, built for the
// bulk path of imports (millions of rows, each naming a unit).
//
// std::unordered_map chases a node per lookup; with tens of thousands of
// names that is several cache misses a row. This table keeps one 8-byte slot
// per name (a 32-bit hash tag and where the entry is) in a flat
// open-addressed array small enough to stay in a core's cache, and each
// entry (id, length, bytes) in one contiguous buffer, so a lookup reads a
// slot and, on a tag match, one entry: about one cache miss a row.
// Insert-only; names are unique.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

class NameIndex {
public:
  // Adds name → id; returns false (and changes nothing) if name is present.
  bool insert(std::string_view name, std::uint32_t id);
  std::optional<std::uint32_t> find(std::string_view name) const;
  std::size_t size() const { return m_count; }

  // The hash of the table (exposed for its test): every byte counts, and
  // both halves of the result are well mixed (the low bits pick the slot,
  // the high ones are the tag).
  static std::uint64_t hash_of(std::string_view name);

private:
  // Slot: tag << 32 | (offset of the entry in m_entries + 1); 0 = empty.
  static constexpr std::uint64_t k_empty = 0;
  void grow();
  // The slot holding name, or the empty slot where it would go.
  std::size_t probe(std::string_view name, std::uint64_t hash) const;
  std::string_view entry_name(std::uint32_t offset) const;
  std::uint32_t entry_id(std::uint32_t offset) const;

  std::vector<std::uint64_t> m_slots = std::vector<std::uint64_t>(16, k_empty);
  std::string m_entries;  // per name: id (4 bytes), length (4 bytes), bytes
  std::size_t m_count = 0;
};

} // namespace zwgk
