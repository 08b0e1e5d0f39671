#include "util/bulk_pool.h"

#include <mutex>
#include <utility>

#include <sys/mman.h>
#include <unistd.h>

namespace zwgk::bulk {
namespace {

struct Block {
  void* start = nullptr;
  std::size_t length = 0;
};

struct Pool {
  std::mutex mutex;
  Block kept;
  bool keeping = true;
};

Pool& pool() {
  static Pool* instance = new Pool;  // never destroyed: blocks are given back during static destruction
  return *instance;
}

std::size_t page_rounded(std::size_t bytes) {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}

// The kept block when it is within a factor of two of `length` (else it stays kept).
Block take_kept(std::size_t length) {
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  if (!p.kept.start || p.kept.length > 2 * length || 2 * p.kept.length < length) return {};
  Block b = p.kept;
  p.kept = {};
  return b;
}

} // namespace

void* take(std::size_t bytes) {
  const std::size_t length = page_rounded(bytes);
  void* p = nullptr;
  if (Block kept = take_kept(length); kept.start) {
    p = kept.length == length ? kept.start : ::mremap(kept.start, kept.length, length, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) {
      ::munmap(kept.start, kept.length);
      p = nullptr;
    }
  }
  if (!p) {
    p = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
  }
  ::madvise(p, length, MADV_HUGEPAGE);
  return p;
}

void give_back(void* block, std::size_t bytes) {
  if (!block) return;
  Block freed{block, page_rounded(bytes)};
  {
    Pool& p = pool();
    std::lock_guard lock(p.mutex);
    if (p.keeping && freed.length > p.kept.length) std::swap(freed, p.kept);
  }
  if (freed.start) ::munmap(freed.start, freed.length);
}

void set_keeping(Keeping keeping) {
  Pool& p = pool();
  Block dropped;
  {
    std::lock_guard lock(p.mutex);
    p.keeping = keeping == Keeping::On;
    if (!p.keeping) std::swap(dropped, p.kept);
  }
  if (dropped.start) ::munmap(dropped.start, dropped.length);
}

std::size_t kept_bytes() {
  std::lock_guard lock(pool().mutex);
  return pool().kept.length;
}

} // namespace zwgk::bulk
