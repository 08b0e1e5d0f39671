// radix_sort(): sorts 64-bit keys in linear time.
//
// Finding duplicates among millions of hashed identities (a province's year
// of published items) by std::sort costs a quarter of a second; eight
// counting passes over bytes cost a fraction of that.
#pragma once

#include <cstdint>
#include <vector>

namespace zwgk {

void radix_sort(std::vector<std::uint64_t>& keys);

} // namespace zwgk
