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

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zwgk::ingest {
namespace {

constexpr std::size_t k_block_size = 32u << 20;
// UTF-16, GB18030 and CR-only files are decoded whole: the bytes and their
// UTF-8 copy are both in memory. Beyond this, the file must be UTF-8 with
// LF or CRLF line ends, which is streamed whatever its size.
constexpr std::size_t k_max_whole_file_bytes = std::size_t{256} << 20;

// A read-only memory map of a whole file. The chunks are views into it, so
// file data is never copied; pages already processed are released so that
// memory use stays at about one block whatever the file's size.
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
  std::size_t pos = bom ? 3 : 0;
  const char delimiter = detect_delimiter(all.substr(pos, k_block_size));
  std::size_t line = 1, quotes_before = 0;
  // UTF-8 is handled in place, a block at a time, cut at row boundaries.
  for (bool first = true; pos < all.size() || first; first = false) {
    std::string_view rest = all.substr(pos);
    std::size_t cut = naive_block_end(rest);
    mapped.prefault(pos, cut);
    Scan seen = scan_in_parallel(rest.substr(0, cut));
    if (cut < rest.size() && (quotes_before + seen.quotes) % 2 != 0) {
      // The cut fell inside a quoted field that spans lines: cut at the last
      // newline outside quotes instead (rare; a row longer than a block may
      // need more than one block).
      std::size_t boundary = 0;
      for (std::size_t end = cut; boundary == 0 && end < rest.size(); end += k_block_size)
        boundary = last_row_boundary(rest.substr(0, std::min(end, rest.size())), quotes_before);
      cut = boundary ? boundary : rest.size();
      seen = scan(rest.substr(0, cut));
    }
    std::string_view complete = rest.substr(0, cut);
    if (seen.valid != complete.size()) {
      auto before = complete.substr(0, seen.valid);
      bool clearly_utf8 = std::any_of(before.begin(), before.end(),
                                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
      if (first && !bom && !clearly_utf8)  // not UTF-8 from the start: decode the whole file (GB18030)
        return decode_whole(all, file, out, on_chunk);
      report_bad_utf8(complete, seen.valid, line, file, out);
      return false;
    }
    if (!on_chunk(complete, line, delimiter)) return false;
    line += seen.newlines;
    quotes_before += seen.quotes;
    mapped.release(pos, cut);
    pos += cut;
    if (progress) progress(file.file, pos, all.size());
  }
  return true;
}

} // namespace zwgk::ingest
