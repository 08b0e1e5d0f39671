#include "server/memory.h"

#include "util/bulk_pool.h"

#include <malloc.h>

namespace zwgk::server {

void configure_allocator() {
  ::mallopt(M_ARENA_MAX, k_max_arenas);
  ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_mmap_threshold_bytes));  // also stops the threshold from growing
  bulk::set_keeping(bulk::Keeping::Off);  // a period's large vectors go back when freed
}

void return_free_memory() { ::malloc_trim(0); }

} // namespace zwgk::server
