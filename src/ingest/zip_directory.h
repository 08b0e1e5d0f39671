// What a ZIP archive's end says about its central directory (internal to
// ingest/), read before libzip reads the whole directory: libzip holds every
// entry, so a 88 MB archive of a million empty entries took 900 MB and 8 s
// before the entries could be counted.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace zwgk::ingest {

struct ZipDirectory {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;  // the central directory's size
};

// Up to `count` bytes of the archive from `offset` (fewer at its end).
using ReadAt = std::function<std::string(std::uint64_t offset, std::size_t count)>;

// The directory declared by the end-of-central-directory record (ZIP64 too)
// of an archive of `size` bytes; nothing if there is none (not a ZIP).
std::optional<ZipDirectory> zip_directory(std::uint64_t size, const ReadAt& read);

} // namespace zwgk::ingest
