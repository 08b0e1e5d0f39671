// The C library's allocator, set up for a server with many threads that
// now and then handles a request of many megabytes (uploads, previews,
// generated files).
//
// glibc gives every thread that allocates its own arena (up to 8 per core)
// and raises its mmap threshold to the largest block freed so far (up to
// 32 MB): after the first large upload every later upload's buffers come
// from some worker's arena, and what an arena frees is kept there. In the
// release build, 64 clients previewing an 8.6 MB CSV at once, three times,
// left the server at 1.2 GB for good; with these settings it is back at
// 36 MB. Large blocks stay in mmap (returned when freed), the arenas are
// bounded, and they are trimmed after large requests; BulkAllocator's blocks
// are not kept for reuse (util/bulk_pool.h). Under
// AddressSanitizer its own allocator is used and these calls change
// nothing.
#pragma once

#include <cstddef>

namespace zwgk::server {

// Blocks at least this large are mapped on their own and unmapped when freed.
inline constexpr std::size_t k_mmap_threshold_bytes = 256u << 10;
// Arenas in all (glibc's default is 8 per core): contention between the
// workers of a 2-core machine costs less than memory held by 16 arenas.
inline constexpr int k_max_arenas = 4;

// Applies the settings above; call before starting threads.
void configure_allocator();
// Gives freed memory of every arena back to the system (after a large request).
void return_free_memory();

} // namespace zwgk::server
