// NameIndex: an exact-spelling lookup from names to unit ids, built for the
// bulk path of imports (millions of rows, each naming a unit).
//
// std::unordered_map chases a node per lookup; with tens of thousands of
// names that is several cache misses a row. This table keeps hashes and ids
// in one flat open-addressed array and the names in one contiguous buffer,
// so a lookup touches about two cache lines. Insert-only; names are unique.
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

private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = 0;
    std::uint32_t offset = 0;  // into m_names
    std::uint32_t length = 0;
    bool used = false;
  };
  static std::uint64_t hash_of(std::string_view name);
  void grow();
  std::size_t probe(std::string_view name, std::uint64_t hash) const;  // slot index: match or empty

  std::vector<Slot> m_slots = std::vector<Slot>(16);
  std::string m_names;
  std::size_t m_count = 0;
};

} // namespace zwgk
