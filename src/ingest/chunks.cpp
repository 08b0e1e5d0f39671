#include "ingest/chunks.h"

#include "ingest/csv.h"
#include "util/encoding.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <future>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zwgk::ingest {
namespace {

// Small enough that a block scanned beside the one before it (Chunk::aside)
// is still in the processor's cache when its rows are read: in interleaved
// runs on the province benchmark's data (bench/), 4 MB blocks read the year
// about 13 % faster than 32 MB ones; 2–8 MB were within a few per cent.
constexpr std::size_t k_block_size = 4u << 20;
// UTF-16, GB18030 and CR-only files are decoded whole: the bytes and their
// UTF-8 copy are both in memory. Beyond this, the file must be UTF-8 with
// LF or CRLF line ends, which is streamed whatever its size.
constexpr std::size_t k_max_whole_file_bytes = std::size_t{256} << 20;

// A read-only memory map of a whole file. The chunks are views into it, so
// file data is never copied; pages already processed are released so that
// memory use stays at about two blocks (the one read, the next one mapped
// in) whatever the file's size.
class MappedFile {
public:
  explicit MappedFile(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
      m_size = static_cast<std::size_t>(st.st_size);
      m_ok = true;
      if (m_size > 0) {
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
          m_ok = false;
        } else {
          m_data = static_cast<char*>(p);
          ::madvise(p, m_size, MADV_SEQUENTIAL);
        }
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (m_data) ::munmap(m_data, m_size);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool ok() const { return m_ok; }
  std::string_view view() const { return {m_data ? m_data : "", m_data ? m_size : 0}; }
  // Maps in the pages of [offset, offset + length) in one call, far cheaper
  // in a virtual machine than a page fault for each as the scan first
  // touches them.
  void prefault(std::size_t offset, std::size_t length) {
#ifdef MADV_POPULATE_READ
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t begin = offset / page * page;
    if (m_data && length > 0) ::madvise(m_data + begin, offset + length - begin, MADV_POPULATE_READ);
#else
    (void)offset;
    (void)length;
#endif
  }
  // Drops the pages wholly inside [offset, offset + length) from memory.
  void release(std::size_t offset, std::size_t length) {
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t begin = (offset + page - 1) / page * page;
    std::size_t end = (offset + length) / page * page;
    if (m_data && end > begin) ::madvise(m_data + begin, end - begin, MADV_DONTNEED);
  }

private:
  char* m_data = nullptr;
  std::size_t m_size = 0;
  bool m_ok = false;
};

// Whether the text's line ends are CR alone (old Mac OS, "CSV (Macintosh)"
// of Excel for Mac): its first line break is a CR not followed by LF.
bool cr_line_ends(std::string_view text) {
  auto cr = text.find('\r');
  return cr != std::string_view::npos && cr < text.find('\n') && (cr + 1 == text.size() || text[cr + 1] != '\n');
}

// CR and CRLF line ends as LF.
std::string lf_line_ends(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') out += text[i];
    else if (i + 1 == text.size() || text[i + 1] != '\n') out += '\n';
  }
  return out;
}

bool decode_whole(std::string_view bytes, const Location& file, Diagnostics& out, const ChunkFn& on_chunk) {
  if (bytes.size() > k_max_whole_file_bytes) {
    out.error(file, fmt::format("文件超过 {} MB，且不是 UTF-8 编码或只用 CR 换行，无法读取；"
                                "请另存为 UTF-8 编码（换行为 LF 或 CRLF）",
                                k_max_whole_file_bytes >> 20));
    return false;
  }
  auto decoded = decode_text(bytes);
  if (!decoded) {
    out.error(location_in(file, decoded.error().line, decoded.error().column), decoded.error().message);
    return false;
  }
  if (cr_line_ends(decoded->utf8)) decoded->utf8 = lf_line_ends(decoded->utf8);
  std::string_view text = decoded->utf8;
  return on_chunk(Chunk{text, 1, detect_delimiter(text), [] {}});
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

namespace {

// What one pass over a stretch of text learns: its quotes and newlines, and
// how much of it is valid UTF-8.
struct Scan {
  std::size_t quotes = 0;
  std::size_t newlines = 0;
  std::size_t valid = 0;
};

Scan scan(std::string_view text) {
  return {count_char(text, '"'), count_char(text, '\n'), utf8_valid_prefix(text)};
}

// scan() of a large block, its two halves on two threads. The halves meet at
// a newline, which never falls inside a multi-byte character.
Scan scan_in_parallel(std::string_view text) {
  const void* nl = text.size() < (1u << 20) ? nullptr : std::memchr(text.data() + text.size() / 2, '\n', text.size() / 2);
  if (!nl) return scan(text);
  auto half = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
  auto first = std::async(std::launch::async, scan, text.substr(0, half));
  Scan second = scan(text.substr(half));
  Scan a = first.get();
  return {a.quotes + second.quotes, a.newlines + second.newlines,
          a.valid != half ? a.valid : half + second.valid};
}

// End of the block starting at `rest`: just past the last newline within a
// block's length (the whole rest if it is shorter or has no newline there).
std::size_t naive_block_end(std::string_view rest) {
  for (std::size_t end = k_block_size; end < rest.size(); end += k_block_size)
    if (const void* nl = memrchr(rest.data(), '\n', end))
      return static_cast<std::size_t>(static_cast<const char*>(nl) - rest.data()) + 1;
  return rest.size();
}

// A UTF-8 file read in place a block at a time, each cut at a row boundary.
// While one block is parsed, the block before it is released and the one
// after it mapped in and scanned (Chunk::aside), so that the thread reading
// rows does neither.
class BlockReader {
public:
  BlockReader(MappedFile& mapped, std::size_t start) : m_mapped(mapped), m_all(mapped.view()), m_pos(start) {}

  bool done() const { return m_pos >= m_all.size(); }
  std::size_t position() const { return m_pos; }
  std::size_t line() const { return m_line; }

  // The next block, cut at a row boundary, and what a scan of it found.
  std::pair<std::string_view, Scan> next() {
    std::string_view rest = m_all.substr(m_pos);
    std::size_t cut = naive_block_end(rest);
    Scan seen;
    if (m_ahead && m_ahead->start == m_pos && m_ahead->length == cut) {
      seen = m_ahead->seen;
    } else {
      m_mapped.prefault(m_pos, cut);
      seen = scan_in_parallel(rest.substr(0, cut));
    }
    m_ahead.reset();
    if (cut < rest.size() && (m_quotes_before + seen.quotes) % 2 != 0) {
      // The cut fell inside a quoted field that spans lines: cut at the last
      // newline outside quotes instead (rare).
      cut = row_boundary_from(rest, cut, m_quotes_before + seen.quotes);
      seen = scan(rest.substr(0, cut));
    }
    return {rest.substr(0, cut), seen};
  }

  // What can be done beside the block `current` (just returned by next()).
  std::function<void()> aside(std::string_view current) {
    const std::size_t start = m_pos + current.size();
    return [this, start, previous = m_previous] {
      if (previous.second) m_mapped.release(previous.first, previous.second);
      if (start >= m_all.size()) return;
      const std::size_t length = naive_block_end(m_all.substr(start));
      m_mapped.prefault(start, length);
      m_ahead = Ahead{start, length, scan(m_all.substr(start, length))};
    };
  }

  // Moves past `current` once its rows are read.
  void advance(std::string_view current, const Scan& seen) {
    m_line += seen.newlines;
    m_quotes_before += seen.quotes;
    m_previous = {m_pos, current.size()};
    m_pos += current.size();
  }

private:
  // The last row boundary in rest[0, cut) or, if there is none, in the first
  // block's worth after it that has one (a row longer than a block); the
  // whole rest if none does. Each byte is looked at once or twice, however
  // far an unclosed quote reaches.
  std::size_t row_boundary_from(std::string_view rest, std::size_t cut, std::size_t quotes_to_cut) const {
    if (std::size_t b = last_row_boundary(rest.substr(0, cut), m_quotes_before)) return b;
    std::size_t quotes = quotes_to_cut;
    for (std::size_t from = cut; from < rest.size(); from += k_block_size) {
      const std::string_view piece = rest.substr(from, k_block_size);
      if (std::size_t b = last_row_boundary(piece, quotes)) return from + b;
      quotes += count_char(piece, '"');
    }
    return rest.size();
  }

  struct Ahead {
    std::size_t start = 0, length = 0;
    Scan seen;
  };
  MappedFile& m_mapped;
  std::string_view m_all;
  std::size_t m_pos;
  std::size_t m_line = 1, m_quotes_before = 0;
  std::pair<std::size_t, std::size_t> m_previous{0, 0};  // offset and length of the last block read
  std::optional<Ahead> m_ahead;                            // written by aside(), read by next()
};

// Calls on_chunk, then the chunk's aside if on_chunk did not.
bool hand_over(const ChunkFn& on_chunk, std::string_view text, std::size_t line, char delimiter,
               std::function<void()> aside) {
  bool ran = false;
  Chunk chunk{text, line, delimiter, [&ran, &aside] {
                if (!std::exchange(ran, true)) aside();
              }};
  bool ok = on_chunk(chunk);
  chunk.aside();
  return ok;
}

} // namespace

bool read_chunks(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                 const ChunkFn& on_chunk, const ProgressFn& progress) {
  MappedFile mapped(path);
  if (!mapped.ok()) {
    out.error(file, "无法打开文件");
    return false;
  }
  std::string_view all = mapped.view();
  if (all.starts_with("\xFF\xFE") || all.starts_with("\xFE\xFF") || cr_line_ends(all.substr(0, k_block_size)))
    return decode_whole(all, file, out, on_chunk);
  bool bom = all.starts_with("\xEF\xBB\xBF");
  BlockReader blocks(mapped, bom ? 3 : 0);
  const char delimiter = detect_delimiter(all.substr(blocks.position(), k_block_size));
  // UTF-8 is handled in place, a block at a time, cut at row boundaries.
  for (bool first = true; !blocks.done() || first; first = false) {
    auto [complete, seen] = blocks.next();
    if (seen.valid != complete.size()) {
      auto before = complete.substr(0, seen.valid);
      bool clearly_utf8 = std::any_of(before.begin(), before.end(),
                                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
      if (first && !bom && !clearly_utf8)  // not UTF-8 from the start: decode the whole file (GB18030)
        return decode_whole(all, file, out, on_chunk);
      report_bad_utf8(complete, seen.valid, blocks.line(), file, out);
      return false;
    }
    if (!hand_over(on_chunk, complete, blocks.line(), delimiter, blocks.aside(complete))) return false;
    blocks.advance(complete, seen);
    if (progress) progress(file.file, blocks.position(), all.size());
  }
  return true;
}

} // namespace zwgk::ingest
