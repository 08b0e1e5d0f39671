// The C library's allocator, set up for a server with many threads that
// now and then handles a request of many megabytes (uploads, previews,
// generated files).
//
// glibc gives every thread that allocates its own arena (up to 8 per core)
// and raises its mmap threshold to the largest block freed so far (up to
// 32 MB): after the first large upload every later upload's buffers come
// from some thread's arena, and what such an arena frees in its middle is
// never given back. With 64 workers the process grew from 22 MB to 4.8 GB
// over a day of tests. The fix keeps large blocks in mmap (returned to the
// system when freed), bounds the arenas, and trims them after large
// requests. Under AddressSanitizer its own allocator is used and these
// calls change nothing.
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
// The process's resident set size, in bytes (/proc/self/statm); 0 if unknown.
std::size_t resident_bytes();

} // namespace zwgk::server
