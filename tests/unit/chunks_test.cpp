// read_chunks() on files larger than one block: blocks end at row boundaries
// even where a quoted field with a newline straddles the block's edge.
#include "ingest/chunks.h"
#include "ingest/csv.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace zwgk::ingest {
namespace {

constexpr std::size_t k_block = std::size_t{4} << 20;  // chunks.cpp's block size

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
  bool ok = read_chunks(path, {path.filename().string()}, out, [&](const Chunk& chunk) {
    ++rows.blocks;
    auto r = parse_csv(chunk.text, chunk.first_line, chunk.delimiter, [&](std::size_t l, std::span<const std::string_view> cells) {
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

std::filesystem::path write_temp(const std::string& name, const std::string& bytes) {
  auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".csv");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  if (f) {
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  return path;
}

struct Seen {
  std::string text;
  std::size_t first_line;
  friend bool operator==(const Seen&, const Seen&) = default;
};

// The chunks of a file; with Aside::OnAThread each chunk's aside runs on a thread of its own
// while the chunk is copied (as TableReader runs it), else read_chunks() runs it.
enum class Aside { OnAThread, Left };
std::vector<Seen> chunks_of(const std::filesystem::path& path, Aside aside) {
  std::vector<Seen> seen;
  Diagnostics out;
  bool ok = read_chunks(path, {"x.csv"}, out, [&](const Chunk& chunk) {
    std::thread beside;
    if (aside == Aside::OnAThread) beside = std::thread(chunk.aside);
    seen.push_back({std::string(chunk.text), chunk.first_line});
    if (beside.joinable()) beside.join();
    if (aside == Aside::OnAThread) chunk.aside();  // a second call does nothing
    return true;
  });
  EXPECT_TRUE(ok);
  EXPECT_FALSE(out.has_errors());
  return seen;
}

// Issue 19: a quoted field longer than two blocks (an unclosed quote reaches to the end of the
// file the same way) keeps its row whole; the search for the row's end looks at each block once.
TEST(ReadChunks, AQuotedFieldOverSeveralBlocksStaysInOneChunk) {
  std::string text;
  for (std::size_t i = 0; i < (1u << 20) / 6; ++i) text += "ab,cd\n";
  const std::size_t quoted_row = text.size();
  text += "x,\"";
  while (text.size() < quoted_row + 2 * k_block + k_block / 2) text += "line\n";
  text += "\"\n";
  for (int i = 0; i < 100; ++i) text += "ef,gh\n";
  auto path = write_temp("zwgk-chunks-long-quote", text);
  auto seen = chunks_of(path, Aside::Left);
  std::filesystem::remove(path);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].text.size(), quoted_row);
  EXPECT_EQ(seen[1].text, text.substr(quoted_row));
  EXPECT_EQ(seen[1].first_line, (1u << 20) / 6 + 1);
}

// The next block scanned beside the current one (Chunk::aside, on another thread or after the
// chunk) gives chunks that end at row boundaries with their own first lines, also where a
// quoted field spanning lines moves a block's end.
TEST(ReadChunks, WorkAsideChangesNoChunk) {
  std::string text = "单位,说明\n";
  for (std::size_t i = 0; text.size() < 5 * k_block + 12'345; ++i)
    text += i % 2 == 1 ? "区财政局,\"第一行\n第二行，含逗号\"\n" : "区商务局,说明文字说明文字\n";
  auto path = write_temp("zwgk-chunks-aside", text);
  auto beside = chunks_of(path, Aside::OnAThread);
  auto after = chunks_of(path, Aside::Left);
  std::filesystem::remove(path);
  ASSERT_GE(beside.size(), 5u);
  EXPECT_TRUE(beside == after);
  std::string joined;
  std::size_t moved = 0;  // blocks whose end a quoted field moved from their last newline
  for (const auto& c : beside) {
    const std::size_t start = joined.size();
    EXPECT_EQ(c.first_line, 1 + std::count(joined.begin(), joined.end(), '\n'));
    joined += c.text;
    EXPECT_EQ(std::count(joined.begin(), joined.end(), '"') % 2, 0) << "a chunk ends inside a quoted field";
    if (start + k_block < text.size() && text.rfind('\n', start + k_block - 1) + 1 != joined.size()) ++moved;
  }
  EXPECT_EQ(joined, text);
  EXPECT_GE(moved, 1u);
}

std::vector<std::vector<std::string>> read_rows(const std::string& bytes) {
  auto path = std::filesystem::temp_directory_path() / "zwgk-chunks-cr-test.csv";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  std::vector<std::vector<std::string>> rows;
  Diagnostics out;
  read_chunks(path, {"x.csv"}, out, [&](const Chunk& chunk) {
    auto r = parse_csv(chunk.text, chunk.first_line, chunk.delimiter, [&](std::size_t l, std::span<const std::string_view> cells) {
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
  bool ok = read_chunks(path, {"x.csv"}, out, [&](const Chunk&) { return called = true; });
  std::filesystem::remove(path);
  EXPECT_FALSE(ok);
  EXPECT_FALSE(called);
  ASSERT_EQ(out.entries().size(), 1u);
  EXPECT_EQ(out.entries()[0].message,
            "文件超过 256 MB，且不是 UTF-8 编码或只用 CR 换行，无法读取；请另存为 UTF-8 编码（换行为 LF 或 CRLF）");
}

} // namespace
} // namespace zwgk::ingest
