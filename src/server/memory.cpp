#include "server/memory.h"

#include <fstream>

#include <malloc.h>
#include <unistd.h>

namespace zwgk::server {

void configure_allocator() {
  ::mallopt(M_ARENA_MAX, k_max_arenas);
  ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_mmap_threshold_bytes));  // also stops the threshold from growing
}

void return_free_memory() { ::malloc_trim(0); }

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

} // namespace zwgk::server
