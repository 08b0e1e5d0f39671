#include "ingest/table.h"

#include "ingest/csv.h"
#include "util/encoding.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace zwgk::ingest {
namespace {

constexpr std::size_t k_block_size = 32u << 20;
constexpr std::size_t k_header_search_rows = 8;
constexpr std::size_t k_max_header_rows = 3;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Location at(const Location& file, std::size_t line, std::size_t column = 0) {
  Location loc = file;
  loc.line = line;
  loc.column = column;
  return loc;
}

bool parse_text(std::string_view text, std::size_t first_line, char delimiter,
                const Location& file, Diagnostics& out, const RowFn& on_row) {
  auto r = parse_csv(text, first_line, delimiter, on_row);
  if (!r) out.error(at(file, r.error().line, r.error().column), r.error().message);
  return r.has_value();
}

// Whole-file path for small files and anything that is not plain UTF-8.
bool read_decoded(std::string bytes, const Location& file, Diagnostics& out, const RowFn& on_row) {
  auto decoded = decode_text(bytes);
  if (!decoded) {
    out.error(at(file, decoded.error().line, decoded.error().column), decoded.error().message);
    return false;
  }
  std::string_view text = decoded->utf8;
  return parse_text(text, 1, detect_delimiter(text), file, out, on_row);
}

} // namespace

bool read_rows(const std::filesystem::path& path, const Location& file, Diagnostics& out,
               const RowFn& on_row) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    out.error(file, "无法打开文件");
    return false;
  }
  std::string buffer(k_block_size, '\0');
  std::size_t got = std::fread(buffer.data(), 1, buffer.size(), f.get());
  buffer.resize(got);
  // A block may end inside a multi-byte character: judge all but its tail.
  std::string_view head = std::string_view(buffer).substr(0, got - std::min<std::size_t>(got, 3));
  bool plain_utf8 = !buffer.starts_with("\xFF\xFE") && !buffer.starts_with("\xFE\xFF") &&
                    utf8_valid_prefix(head) == head.size();
  if (got < k_block_size || !plain_utf8) {
    std::string more(k_block_size, '\0');
    while ((got = std::fread(more.data(), 1, more.size(), f.get())) > 0) buffer.append(more.data(), got);
    return read_decoded(std::move(buffer), file, out, on_row);
  }
  // Streaming path: a large UTF-8 file, parsed a block at a time.
  std::size_t offset = buffer.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  char delimiter = detect_delimiter(std::string_view(buffer).substr(offset));
  std::size_t line = 1, quotes_before = 0;
  std::string pending = buffer.substr(offset);
  while (true) {
    std::string more(k_block_size, '\0');
    got = std::fread(more.data(), 1, more.size(), f.get());
    bool last = got == 0;
    pending.append(more.data(), got);
    std::string_view view = pending;
    std::size_t cut = last ? view.size() : last_row_boundary(view, quotes_before);
    std::string_view complete = view.substr(0, cut);
    if (auto valid = utf8_valid_prefix(complete); valid != complete.size()) {
      auto before = complete.substr(0, valid);
      auto bad_line = line + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
      auto line_start = before.rfind('\n');
      auto column = code_point_count(before.substr(line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
      out.error(at(file, bad_line, column), "文件开头是 UTF-8 编码，但此处出现了无效的 UTF-8 字节；请将整个文件另存为同一种编码");
      return false;
    }
    if (!parse_text(complete, line, delimiter, file, out, on_row)) return false;
    line += static_cast<std::size_t>(std::count(complete.begin(), complete.end(), '\n'));
    quotes_before += static_cast<std::size_t>(std::count(complete.begin(), complete.end(), '"'));
    pending.erase(0, cut);
    if (last) return true;
  }
}

std::optional<std::size_t> Header::find(std::initializer_list<std::string_view> names) const {
  for (auto name : names) {
    auto folded = fold_name(name);
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == folded) return i;
  }
  return std::nullopt;
}

std::vector<std::string_view> TableImporter::key_column_names() const {
  return {"单位", "单位名称", "单位全称", "部门", "部门名称"};
}

bool is_blank_row(std::span<const std::string_view> cells) {
  return std::all_of(cells.begin(), cells.end(), [](auto c) { return trim(c).empty(); });
}

void import_table(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                  TableImporter& importer) {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> early;  // rows before the header
  std::optional<std::size_t> key_column;
  std::size_t header_rows = 0;
  bool ok = true;
  Header header;
  auto keys = importer.key_column_names();

  auto start_header = [&](std::size_t line, std::span<const std::string_view> cells) {
    header.line = line;
    header.labels.clear();
    for (auto c : cells) header.labels.push_back(fold_name(c));
    header_rows = 1;
  };
  auto finish_header = [&] {
    ok = importer.on_header(header, at(file, header.line), out);
    header_rows = k_max_header_rows + 1;  // done
  };

  bool read_ok = read_rows(path, file, out, [&](std::size_t line, std::span<const std::string_view> cells) {
    if (!ok) return false;
    if (header_rows > k_max_header_rows) {  // data
      if (!is_blank_row(cells)) importer.on_row(line, cells);
      return true;
    }
    if (header_rows == 0) {
      for (std::size_t i = 0; i < cells.size() && !key_column; ++i)
        for (auto k : keys)
          if (fold_name(cells[i]) == fold_name(k)) key_column = i;
      if (key_column) {
        start_header(line, cells);
        return true;
      }
      early.emplace_back(line, std::vector<std::string>(cells.begin(), cells.end()));
      if (early.size() >= k_header_search_rows) {
        out.error(at(file, 1), fmt::format("前{}行中找不到表头：应有一列名为“{}”", k_header_search_rows, keys.front()));
        ok = false;
      }
      return ok;
    }
    // A continuation row of a multi-level header has an empty unit cell.
    bool continuation = *key_column >= cells.size() || trim(cells[*key_column]).empty();
    if (continuation && header_rows < k_max_header_rows && !is_blank_row(cells)) {
      if (header.labels.size() < cells.size()) header.labels.resize(cells.size());
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (auto label = fold_name(cells[i]); !label.empty()) header.labels[i] = label;
      ++header_rows;
      return true;
    }
    finish_header();
    if (ok && !is_blank_row(cells)) importer.on_row(line, cells);
    return ok;
  });
  if (read_ok && ok && header_rows == 0)
    out.error(at(file, 0), fmt::format("文件中没有表头：应有一列名为“{}”", keys.front()));
  else if (ok && header_rows >= 1 && header_rows <= k_max_header_rows)
    finish_header();  // header only, no data rows
}

} // namespace zwgk::ingest
