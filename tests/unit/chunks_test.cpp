// read_chunks() on files larger than one block: blocks end at row boundaries
// even where a quoted field with a newline straddles the block's edge.
#include "ingest/chunks.h"
#include "ingest/csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace zwgk::ingest {
namespace {

constexpr std::size_t k_block = std::size_t{32} << 20;  // chunks.cpp's block size

struct Rows {
  std::size_t count = 0;
  std::size_t blocks = 0;
  std::string quoted;          // the multi-line cell
  std::size_t quoted_line = 0;
  std::size_t after_line = 0;  // line of the row after it
};

Rows read_all(const std::filesystem::path& path) {
  Rows rows;
  Diagnostics out;
  bool after = false;
  bool ok = read_chunks(path, {path.filename().string()}, out, [&](std::string_view text, std::size_t line, char delimiter) {
    ++rows.blocks;
    auto r = parse_csv(text, line, delimiter, [&](std::size_t l, std::span<const std::string_view> cells) {
      ++rows.count;
      if (after) {
        rows.after_line = l;
        after = false;
      }
      if (cells.size() == 2 && cells[0] == "x") {
        rows.quoted = std::string(cells[1]);
        rows.quoted_line = l;
        after = true;
      }
      return true;
    });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return true;
  });
  EXPECT_TRUE(ok);
  EXPECT_FALSE(out.has_errors());
  return rows;
}

TEST(ReadChunks, QuotedFieldAcrossTheBlockEdgeStaysWhole) {
  auto path = std::filesystem::temp_directory_path() / "zwgk-chunks-test.csv";
  std::string text;
  const std::size_t filler_rows = (k_block - 14) / 6;  // "ab,cd\n" until 14 bytes before the edge
  text.reserve(k_block + 4096);
  for (std::size_t i = 0; i < filler_rows; ++i) text += "ab,cd\n";
  text += "x,\"first\nsecond-long-enough-to-cross\"\n";  // its inner newline is the block's last
  for (int i = 0; i < 100; ++i) text += "ef,gh\n";
  ASSERT_LT(text.find("first\n") + 5, k_block);
  ASSERT_GT(text.find("cross"), k_block);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);

  Rows rows = read_all(path);
  std::filesystem::remove(path);
  EXPECT_EQ(rows.blocks, 2u);
  EXPECT_EQ(rows.count, filler_rows + 1 + 100);
  EXPECT_EQ(rows.quoted, "first\nsecond-long-enough-to-cross");
  EXPECT_EQ(rows.quoted_line, filler_rows + 1);
  EXPECT_EQ(rows.after_line, filler_rows + 3);  // the quoted row spans two physical lines
}

} // namespace
} // namespace zwgk::ingest
