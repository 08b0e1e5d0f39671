// zip_directory(): the central directory an archive declares at its end,
// read before libzip reads (and holds) the whole directory.
#include "ingest/zip_directory.h"

#include "ingest/xlsx.h"
#include "render/zip_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace zwgk::ingest {
namespace {

std::string le(std::uint64_t value, int width) {
  std::string out;
  for (int i = 0; i < width; ++i) out += static_cast<char>(value >> (8 * i) & 0xFF);
  return out;
}

// An end-of-central-directory record (with an optional comment).
std::string eocd(std::uint64_t entries, std::uint64_t dir_bytes, std::uint64_t dir_offset, std::string comment = {}) {
  return std::string("PK\x05\x06", 4) + le(0, 2) + le(0, 2) + le(entries, 2) + le(entries, 2) + le(dir_bytes, 4) +
         le(dir_offset, 4) + le(comment.size(), 2) + comment;
}

std::optional<ZipDirectory> directory(const std::string& archive) {
  return zip_directory(archive.size(), [&](std::uint64_t offset, std::size_t count) {
    return offset < archive.size() ? archive.substr(offset, count) : std::string();
  });
}

TEST(ZipDirectory, ReadsTheEndRecord) {
  auto zip = zip_in_memory({{"a.xml", "<a/>"}, {"b.xml", "<b/>"}, {"c/d.xml", "<d/>"}});
  ASSERT_TRUE(zip);
  auto dir = directory(*zip);
  ASSERT_TRUE(dir);
  EXPECT_EQ(dir->entries, 3u);
  EXPECT_GT(dir->bytes, 3u * 46);
  auto commented = directory(std::string(100, 'x') + eocd(7, 500, 0, std::string(65535, 'c')));
  ASSERT_TRUE(commented);
  EXPECT_EQ(commented->entries, 7u);
  EXPECT_FALSE(directory(""));
  EXPECT_FALSE(directory("PK\x05\x06"));
  EXPECT_FALSE(directory(std::string(1000, 'x')));
}

TEST(ZipDirectory, ReadsZip64Records) {
  std::string archive = std::string(64, 'x');
  std::string record = std::string("PK\x06\x06", 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4) +
                       le(5'000'000, 8) + le(5'000'000, 8) + le(300'000'000, 8) + le(0, 8);
  std::string locator = std::string("PK\x06\x07", 4) + le(0, 4) + le(archive.size(), 8) + le(1, 4);
  archive += record + locator + eocd(0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF);
  auto dir = directory(archive);
  ASSERT_TRUE(dir);
  EXPECT_EQ(dir->entries, 5'000'000u);
  EXPECT_EQ(dir->bytes, 300'000'000u);
}

// Issue 12: an archive of a million empty entries (88 MB) took 900 MB and
// 8 s in libzip before its entries were counted; the end record is read first.
TEST(ZipDirectoryRegress, TooManyEntriesAreRefusedBeforeLibzipReadsThem) {
  auto many = read_xlsx_bytes(std::string(64, 'x') + eocd(60'000, 60'000 * 46, 64));
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().message, "工作簿中的文件超过 10000 个，已拒绝");
  auto large = read_xlsx_bytes(std::string(64, 'x') + eocd(100, 0xFFFFFFF0, 64));
  ASSERT_FALSE(large);
  EXPECT_EQ(large.error().message, "工作簿的文件目录超过 4 MB，已拒绝");
}

} // namespace
} // namespace zwgk::ingest
