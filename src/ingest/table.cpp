#include "ingest/table.h"

#include "ingest/chunks.h"
#include "ingest/csv.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <thread>

namespace zwgk::ingest {
namespace {

constexpr std::size_t k_header_search_rows = 8;
constexpr std::size_t k_max_header_rows = 3;
constexpr std::size_t k_parallel_min_bytes = 4u << 20;

// Finds the header in the first rows and feeds data rows to the importer.
class TableReader {
public:
  TableReader(const Location& file, Diagnostics& out, TableImporter& importer, std::uintmax_t size)
      : m_file(file), m_out(out), m_importer(importer), m_keys(importer.key_column_names()),
        m_size(size) {}

  // One row of a worksheet (already split into cells).
  bool row(std::size_t line, std::span<const std::string_view> cells) {
    if (m_state != State::Data) return header_row(line, cells) && m_ok;
    if (!is_blank_row(cells)) m_importer.on_row(line, cells);
    return true;
  }

  bool chunk(std::string_view text, std::size_t line, char delimiter) {
    m_read += text.size();
    bool ok = read_chunk(text, line, delimiter);
    if (ok && !m_reserved && m_read > 0 && m_read < m_size) {
      m_importer.expect_growth(static_cast<double>(m_size) / static_cast<double>(m_read));
      m_reserved = true;
    }
    return ok;
  }

private:
  bool read_chunk(std::string_view text, std::size_t line, char delimiter) {
    if (m_state != State::Data) {
      auto consumed = parse(text, line, delimiter, [&](std::size_t l, auto cells) {
        return header_row(l, cells) && m_state != State::Data;
      });
      if (!consumed || !m_ok) return false;
      line += count_char(text.substr(0, *consumed), '\n');
      text = text.substr(*consumed);
    }
    return text.empty() || data(text, line, delimiter);
  }

public:
  void finish(bool read_ok) {
    if (!read_ok || !m_ok) return;
    if (m_state == State::Searching)
      m_out.error(location_in(m_file, 0), fmt::format("文件中没有表头：应有一列名为“{}”", m_keys.front()));
    else if (m_state == State::Header)
      end_header();  // header only, no data rows
  }

private:
  enum class State { Searching, Header, Data };

  template <typename Fn>
  std::optional<std::size_t> parse(std::string_view text, std::size_t line, char delimiter, Fn&& fn) {
    return report(parse_csv(text, line, delimiter, fn), m_out);
  }
  std::optional<std::size_t> report(std::expected<std::size_t, CsvError> r, Diagnostics& out) {
    if (r) return *r;
    out.error(location_in(m_file, r.error().line, r.error().column), r.error().message);
    return std::nullopt;
  }

  bool header_row(std::size_t line, std::span<const std::string_view> cells) {
    if (m_state == State::Searching) return search(line, cells);
    // A continuation row of a multi-level header has an empty unit cell.
    // (A data row whose unit cell was left blank has numbers in it.)
    bool continuation = (m_key_column >= cells.size() || trim(cells[m_key_column]).empty()) &&
                        std::none_of(cells.begin(), cells.end(), [](std::string_view c) {
                          auto t = trim(c);
                          return !t.empty() && t.find_first_not_of("0123456789.-") == std::string_view::npos;
                        });
    if (continuation && m_header_rows < k_max_header_rows && !is_blank_row(cells)) {
      if (m_header.labels.size() < cells.size()) m_header.labels.resize(cells.size());
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (auto label = fold_name(cells[i]); !label.empty()) m_header.labels[i] = label;
      ++m_header_rows;
      return true;
    }
    if (!end_header()) return false;
    if (!is_blank_row(cells)) m_importer.on_row(line, cells);
    return true;
  }

  bool search(std::size_t line, std::span<const std::string_view> cells) {
    for (std::size_t i = 0; i < cells.size(); ++i)
      for (auto k : m_keys)
        if (fold_name(cells[i]) == fold_name(k)) {
          m_key_column = i;
          m_state = State::Header;
          m_header.line = line;
          m_header.key_column = i;
          for (auto c : cells) m_header.labels.push_back(fold_name(c));
          m_header_rows = 1;
          return true;
        }
    if (++m_rows_searched >= k_header_search_rows) {
      m_out.error(location_in(m_file, 1),
                  fmt::format("前{}行中找不到表头：应有一列名为“{}”", k_header_search_rows, m_keys.front()));
      m_ok = false;
    }
    return m_ok;
  }

  bool end_header() {
    m_state = State::Data;
    m_ok = m_importer.on_header(m_header, location_in(m_file, m_header.line), m_out);
    return m_ok;
  }

  static auto row_handler(TableImporter& importer) {
    return [&importer](std::size_t line, std::span<const std::string_view> cells) {
      if (!is_blank_row(cells)) importer.on_row(line, cells);
      return true;
    };
  }

  bool data(std::string_view text, std::size_t line, char delimiter) {
    std::size_t split = text.size() >= k_parallel_min_bytes ? last_row_boundary(text.substr(0, text.size() / 2), 0) : 0;
    if (split && !m_forked) {  // workers live for the whole file, reusing their buffers
      m_forked = true;
      m_first = m_importer.fork();
      m_second = m_first ? m_importer.fork() : nullptr;
    }
    TableImporter* first = m_first.get();
    TableImporter* second = m_second.get();
    if (!split || !second) return parse(text, line, delimiter, row_handler(m_importer)).has_value();
    auto head = text.substr(0, split), tail = text.substr(split);
    std::size_t tail_line = line + count_char(head, '\n');
    Diagnostics head_errors, tail_errors;
    std::optional<std::size_t> head_ok, tail_ok;
    std::thread worker([&] { head_ok = report(parse_csv(head, line, delimiter, row_handler(*first)), head_errors); });
    tail_ok = report(parse_csv(tail, tail_line, delimiter, row_handler(*second)), tail_errors);
    worker.join();
    m_importer.merge(*first);
    m_out.append(head_errors);
    if (!head_ok) return false;
    m_importer.merge(*second);
    m_out.append(tail_errors);
    return tail_ok.has_value();
  }

  const Location& m_file;
  Diagnostics& m_out;
  TableImporter& m_importer;
  std::vector<std::string_view> m_keys;
  State m_state = State::Searching;
  Header m_header;
  std::size_t m_key_column = 0;
  std::size_t m_header_rows = 0;
  std::size_t m_rows_searched = 0;
  bool m_ok = true;
  std::uintmax_t m_size = 0, m_read = 0;
  bool m_reserved = false;
  bool m_forked = false;
  std::unique_ptr<TableImporter> m_first, m_second;
};

} // namespace

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

void import_rows(const XlsxSheet& sheet, const Location& where, Diagnostics& out,
                 TableImporter& importer) {
  TableReader reader(where, out, importer, 0);
  std::vector<std::string_view> cells;
  for (const auto& row : sheet.rows) {
    cells.assign(row.cells.begin(), row.cells.end());
    if (!reader.row(row.number, cells)) break;
  }
  reader.finish(true);
}

void import_table(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                  TableImporter& importer, const ProgressFn& progress) {
  std::error_code ec;
  TableReader reader(file, out, importer, std::filesystem::file_size(path, ec));
  bool read_ok = read_chunks(path, file, out, [&](std::string_view text, std::size_t line, char delimiter) {
    return reader.chunk(text, line, delimiter);
  }, progress);
  reader.finish(read_ok);
}

bool is_xlsx(const std::filesystem::path& path) {
  auto ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".xlsx";
}

std::optional<TableFile> open_table(const std::filesystem::path& path, const std::string& display_name,
                                    std::string_view sheet_name, Diagnostics& out) {
  TableFile table{path, {display_name, {}, 0, 0, {}}, std::nullopt};
  if (!is_xlsx(path)) return table;
  auto sheet = read_xlsx_sheet(path, sheet_name);
  if (!sheet) {
    out.error(table.where, sheet.error());
    return std::nullopt;
  }
  table.where.sheet = sheet->name;
  table.sheet = std::move(*sheet);
  return table;
}

void import_table(const TableFile& table, Diagnostics& out, TableImporter& importer,
                  const ProgressFn& progress) {
  if (table.sheet) import_rows(*table.sheet, table.where, out, importer);
  else import_table(table.path, table.where, out, importer, progress);
}

} // namespace zwgk::ingest
