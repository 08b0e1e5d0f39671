// The large blocks behind BulkAllocator (bulk_allocator.h): mapped on their own and
// advised for transparent huge pages, and — issue 19 — the largest block freed is kept
// for the next request of a similar size (within a factor of two) instead of unmapped.
// A year is assessed quarter after quarter, and each quarter's biggest vector (its
// published items) is about as large as the last one's; a fresh mapping's pages are
// zeroed by the kernel when first touched, which was a tenth of the province year's
// time. The kept block is resized to the request with mremap (growing maps only the
// difference; shrinking unmaps the tail). Only one block is kept, and only the largest
// freed so far since the last reuse: between two quarters nothing else that large is
// alive, so the peak of memory in use stays what it was.
//
// Reused blocks hold old bytes (as operator new's do). A server, which wants freed memory
// back at once (server/memory.h), turns keeping off. Safe from many threads.
#pragma once

#include <cstddef>

namespace zwgk::bulk {

enum class Keeping { On, Off };

// A block of at least `bytes` (page-rounded); nullptr when the system refuses.
void* take(std::size_t bytes);
// Gives back a block of take(bytes): kept while keeping is on and it is the largest
// freed since the kept one was last reused, else unmapped.
void give_back(void* block, std::size_t bytes);
// Turns keeping on or off (off also unmaps the kept block).
void set_keeping(Keeping keeping);
// Bytes kept now (tests).
std::size_t kept_bytes();

} // namespace zwgk::bulk
