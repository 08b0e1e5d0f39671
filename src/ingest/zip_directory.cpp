#include "ingest/zip_directory.h"

#include <algorithm>
#include <string_view>

namespace zwgk::ingest {
namespace {

constexpr std::size_t k_eocd_bytes = 22;          // end of central directory, without its comment
constexpr std::size_t k_max_comment_bytes = 65535;
constexpr std::size_t k_locator_bytes = 20;       // ZIP64 end of central directory locator
constexpr std::size_t k_eocd64_bytes = 56;

std::uint64_t little_endian(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = width; i-- > 0;) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

} // namespace

std::optional<ZipDirectory> zip_directory(std::uint64_t size, const ReadAt& read) {
  const std::size_t tail_size = static_cast<std::size_t>(std::min<std::uint64_t>(size, k_eocd_bytes + k_max_comment_bytes));
  const std::string tail = read(size - tail_size, tail_size);
  if (tail.size() < k_eocd_bytes) return std::nullopt;
  const auto at = std::string_view(tail).rfind(std::string_view("PK\x05\x06", 4), tail.size() - k_eocd_bytes);
  if (at == std::string_view::npos) return std::nullopt;
  ZipDirectory dir{little_endian(tail, at + 10, 2), little_endian(tail, at + 12, 4)};
  if (dir.entries != 0xFFFF && dir.bytes != 0xFFFFFFFF && little_endian(tail, at + 16, 4) != 0xFFFFFFFF) return dir;
  // ZIP64: the locator right before the record says where the ZIP64 record is.
  if (at < k_locator_bytes || std::string_view(tail).substr(at - k_locator_bytes, 4) != std::string_view("PK\x06\x07", 4))
    return dir;
  const std::string record = read(little_endian(tail, at - k_locator_bytes + 8, 8), k_eocd64_bytes);
  if (record.size() < k_eocd64_bytes || std::string_view(record).substr(0, 4) != std::string_view("PK\x06\x06", 4))
    return dir;
  return ZipDirectory{little_endian(record, 32, 8), little_endian(record, 40, 8)};
}

} // namespace zwgk::ingest
