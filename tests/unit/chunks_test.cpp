// read_chunks() on files larger than one block: blocks end at row boundaries
// even where a quoted field with a newline straddles the block's edge.
#include "ingest/chunks.h"
#include "ingest/csv.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

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
  // A name of this process's own: parallel test runs (other checkouts, ctest -j) must not share it.
  auto path = std::filesystem::temp_directory_path() / ("zwgk-chunks-test-" + std::to_string(::getpid()) + ".csv");
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

std::vector<std::vector<std::string>> read_rows(const std::string& bytes) {
  auto path = std::filesystem::temp_directory_path() / "zwgk-chunks-cr-test.csv";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  std::vector<std::vector<std::string>> rows;
  Diagnostics out;
  read_chunks(path, {"x.csv"}, out, [&](std::string_view text, std::size_t line, char delimiter) {
    auto r = parse_csv(text, line, delimiter, [&](std::size_t l, std::span<const std::string_view> cells) {
      rows.emplace_back(cells.begin(), cells.end());
      rows.back().push_back(std::to_string(l));
      return true;
    });
    EXPECT_TRUE(r.has_value());
    return true;
  });
  std::filesystem::remove(path);
  EXPECT_FALSE(out.has_errors());
  return rows;
}

// Issue 12 (17): a file with CR alone as line end (old Mac OS, Excel for
// Mac's "CSV (Macintosh)") was one header row, and every unit scored 0.
TEST(ReadChunksRegress, CrLineEndsAreLineEnds) {
  using Table = std::vector<std::vector<std::string>>;
  Table want{{"单位", "数量", "1"}, {"区财政局", "3", "2"}, {"齐都镇", "多行\n说明", "3"}, {"辛店街道", "1", "5"}};
  EXPECT_EQ(read_rows("单位,数量\r区财政局,3\r齐都镇,\"多行\r说明\"\r辛店街道,1"), want);
  EXPECT_EQ(read_rows("\xEF\xBB\xBF单位,数量\r区财政局,3\r齐都镇,\"多行\r说明\"\r辛店街道,1\r"), want);
  // GB18030 (decoded whole), tab-separated.
  EXPECT_EQ(read_rows("\xB5\xA5\xCE\xBB\t\xCA\xFD\r1\t2\r"), (Table{{"单位", "数", "1"}, {"1", "2", "2"}}));
  // A lone CR inside a CR LF file is not a line end.
  EXPECT_EQ(read_rows("a,b\r\nc\rd,e\r\n"), (Table{{"a", "b", "1"}, {"c\rd", "e", "2"}}));
}

// UTF-16, GB18030 and CR-only files are decoded whole: at most 256 MB (a
// sparse file: nothing is written to disk).
TEST(ReadChunks, FilesDecodedWholeAreBounded) {
  auto path = std::filesystem::temp_directory_path() / "zwgk-chunks-utf16-test.csv";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite("\xFF\xFE", 1, 2, f);
  std::fclose(f);
  std::filesystem::resize_file(path, (std::uintmax_t{256} << 20) + 2);
  Diagnostics out;
  bool called = false;
  bool ok = read_chunks(path, {"x.csv"}, out, [&](std::string_view, std::size_t, char) { return called = true; });
  std::filesystem::remove(path);
  EXPECT_FALSE(ok);
  EXPECT_FALSE(called);
  ASSERT_EQ(out.entries().size(), 1u);
  EXPECT_EQ(out.entries()[0].message,
            "文件超过 256 MB，且不是 UTF-8 编码或只用 CR 换行，无法读取；请另存为 UTF-8 编码（换行为 LF 或 CRLF）");
}

} // namespace
} // namespace zwgk::ingest
