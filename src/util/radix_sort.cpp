#include "util/radix_sort.h"

#include <array>

namespace zwgk {

void radix_sort(BulkVector<std::uint64_t>& keys) {
  BulkVector<std::uint64_t> buffer(keys.size());
  std::array<std::array<std::size_t, 256>, 8> counts{};
  for (std::uint64_t k : keys)
    for (int b = 0; b < 8; ++b) ++counts[static_cast<std::size_t>(b)][(k >> (8 * b)) & 0xFF];
  BulkVector<std::uint64_t>* from = &keys;
  BulkVector<std::uint64_t>* to = &buffer;
  for (int b = 0; b < 8; ++b) {
    auto& count = counts[static_cast<std::size_t>(b)];
    if (count[keys.empty() ? 0 : ((*from)[0] >> (8 * b)) & 0xFF] == keys.size()) continue;  // one value: nothing to do
    std::size_t offset = 0;
    for (auto& c : count) {
      std::size_t n = c;
      c = offset;
      offset += n;
    }
    for (std::uint64_t k : *from) (*to)[count[(k >> (8 * b)) & 0xFF]++] = k;
    std::swap(from, to);
  }
  if (from != &keys) keys.swap(*from);
}

} // namespace zwgk
