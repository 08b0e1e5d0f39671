#include "ingest/chunks.h"

#include "ingest/csv.h"
#include "util/encoding.h"
#include "util/text.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

namespace zwgk::ingest {
namespace {

constexpr std::size_t k_block_size = 32u << 20;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class BlockReader {
public:
  explicit BlockReader(std::FILE* f) : m_file(f) {}
  void fill() {
    std::size_t old = m_buffer.size();
    m_buffer.resize_and_overwrite(old + k_block_size, [&](char* data, std::size_t) {
      std::size_t got = std::fread(data + old, 1, k_block_size, m_file);
      m_eof = got < k_block_size;
      return old + got;
    });
  }
  void read_all() {
    while (!m_eof) fill();
  }
  void restart() {
    std::rewind(m_file);
    m_buffer.clear();
    m_eof = false;
  }
  std::string& buffer() { return m_buffer; }
  bool eof() const { return m_eof; }

private:
  std::FILE* m_file;
  std::string m_buffer;
  bool m_eof = false;
};

bool decode_whole(std::string bytes, const Location& file, Diagnostics& out, const ChunkFn& on_chunk) {
  auto decoded = decode_text(bytes);
  if (!decoded) {
    out.error(location_in(file, decoded.error().line, decoded.error().column), decoded.error().message);
    return false;
  }
  std::string_view text = decoded->utf8;
  return on_chunk(text, 1, detect_delimiter(text));
}

void report_bad_utf8(std::string_view text, std::size_t valid, std::size_t first_line,
                     const Location& file, Diagnostics& out) {
  auto before = text.substr(0, valid);
  auto line = first_line + count_char(before, '\n');
  auto line_start = before.rfind('\n');
  auto column = code_point_count(before.substr(line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
  out.error(location_in(file, line, column),
            "文件开头是 UTF-8 编码，但此处出现了无效的 UTF-8 字节；请将整个文件另存为同一种编码");
}

} // namespace

Location location_in(const Location& file, std::size_t line, std::size_t column) {
  Location loc = file;
  loc.line = line;
  loc.column = column;
  return loc;
}

bool read_chunks(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                 const ChunkFn& on_chunk, const ProgressFn& progress) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    out.error(file, "无法打开文件");
    return false;
  }
  BlockReader reader(f.get());
  std::string& pending = reader.buffer();
  reader.fill();
  if (pending.starts_with("\xFF\xFE") || pending.starts_with("\xFE\xFF")) {
    reader.read_all();
    return decode_whole(std::move(pending), file, out, on_chunk);
  }
  bool bom = pending.starts_with("\xEF\xBB\xBF");
  if (bom) pending.erase(0, 3);
  const char delimiter = detect_delimiter(pending);
  std::size_t line = 1, quotes_before = 0;
  std::error_code ec;
  const std::uintmax_t total = std::filesystem::file_size(path, ec);
  std::uintmax_t done = bom ? 3 : 0;
  for (bool first = true;; first = false) {
    std::size_t cut = reader.eof() ? pending.size() : last_row_boundary(pending, quotes_before);
    while (cut == 0 && !reader.eof()) {  // a row longer than a block
      reader.fill();
      cut = reader.eof() ? pending.size() : last_row_boundary(pending, quotes_before);
    }
    std::string_view complete = std::string_view(pending).substr(0, cut);
    if (auto valid = utf8_valid_prefix(complete); valid != complete.size()) {
      auto before = complete.substr(0, valid);
      bool clearly_utf8 = std::any_of(before.begin(), before.end(),
                                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
      if (first && !bom && !clearly_utf8) {  // not UTF-8 from the start: decode the whole file (GB18030)
        reader.restart();
        reader.read_all();
        return decode_whole(std::move(pending), file, out, on_chunk);
      }
      report_bad_utf8(complete, valid, line, file, out);
      return false;
    }
    if (!on_chunk(complete, line, delimiter)) return false;
    done += complete.size();
    if (progress) progress(file.file, done, total);
    line += count_char(complete, '\n');
    quotes_before += count_char(complete, '"');
    pending.erase(0, cut);
    if (reader.eof() && pending.empty()) return true;
    if (!reader.eof()) reader.fill();
  }
}

} // namespace zwgk::ingest
