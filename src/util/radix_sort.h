// radix_sort(): sorts 64-bit keys in linear time.
//
// Finding duplicates among millions of hashed identities (a province's year
// of published items) by std::sort costs a quarter of a second; counting
// passes over bytes cost a fraction of that. Large inputs use a second thread.
#pragma once

#include "util/bulk_allocator.h"

#include <cstdint>

namespace zwgk {

void radix_sort(BulkVector<std::uint64_t>& keys);

} // namespace zwgk
