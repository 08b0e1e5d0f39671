// Finding a table's header and feeding its data rows to an importer
// (internal to ingest/): shared by the CSV path (table.cpp) and the
// worksheet path (sheet_import.cpp).
#pragma once

#include "ingest/chunks.h"
#include "ingest/csv.h"
#include "ingest/table.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace zwgk::ingest {

inline constexpr std::size_t k_header_search_rows = 8;
inline constexpr std::size_t k_max_header_rows = 3;
inline constexpr std::size_t k_parallel_min_bytes = 1u << 20;

// How much of a block the calling thread parses when two threads read it.
// Both parse at the same pace, but the caller also merges what both read and
// the worker also counts the head's lines and does the reading's work aside
// (Chunk::aside), so an even split leaves one of them waiting. Each side's
// pace (seconds a byte) is kept over the last blocks, each block weighing
// less as it ages, so that one block slowed by the machine does not swing
// the split; the share is where both would finish together. Only the split
// moves: rows, records and messages are the same whatever it is.
class ParseBalance {
public:
  double head_share() const { return m_share; }
  // The caller took head_seconds for head_bytes, the worker tail_seconds for tail_bytes.
  void observe(std::size_t head_bytes, double head_seconds, std::size_t tail_bytes, double tail_seconds) {
    if (head_bytes == 0 || tail_bytes == 0 || !(head_seconds > 0) || !(tail_seconds > 0)) return;
    m_head.add(head_bytes, head_seconds);
    m_tail.add(tail_bytes, tail_seconds);
    const double head_pace = m_head.pace(), tail_pace = m_tail.pace();
    m_share = std::clamp(tail_pace / (head_pace + tail_pace), k_min_share, k_max_share);
  }

private:
  struct Pace {
    double bytes = 0, seconds = 0;
    void add(std::size_t b, double s) {
      bytes = bytes * k_keep + static_cast<double>(b);
      seconds = seconds * k_keep + s;
    }
    double pace() const { return seconds / bytes; }
  };
  static constexpr double k_keep = 0.8;  // a block's weight after each later one
  static constexpr double k_min_share = 0.2, k_max_share = 0.8;
  Pace m_head, m_tail;
  double m_share = 0.5;
};

// A header cell longer than this is no column name (they are a few words):
// only its start is folded and kept, so a header row of 16,384 cells of
// 32,767 characters each is not gigabytes of labels.
inline constexpr std::size_t k_max_label_bytes = 256;

// A header cell as a label: folded (no spaces, NFKC); a long one cut, with
// "…" so that it matches no column name.
inline std::string header_label(std::string_view cell) {
  if (cell.size() <= k_max_label_bytes) return fold_name(cell);
  std::size_t n = k_max_label_bytes;
  while (n > 0 && (static_cast<unsigned char>(cell[n]) & 0xC0) == 0x80) --n;
  return fold_name(cell.substr(0, n)) + "…";
}

// Finds the header in the first rows and feeds data rows to the importer.
class TableReader {
public:
  TableReader(const Location& file, Diagnostics& out, TableImporter& importer, std::uintmax_t size)
      : m_file(file), m_out(out), m_importer(importer), m_keys(importer.key_column_names()),
        m_size(size) {}

  // Ends the header before a row that is not part of it, so that reads() is
  // known when the row's problems are weighed. False if the importer refused
  // the header (or none was found in time).
  bool settle(std::span<const std::string_view> cells) {
    if (m_state == State::Header && !continues_header(cells)) return end_header();
    return m_ok;
  }
  // Whether data rows are being imported, and whether the importer reads a column of them.
  bool in_data() const { return m_state == State::Data && m_ok; }
  bool reads(std::size_t column) const { return m_importer.reads(column); }

  // One row of a worksheet (already split into cells); `blank` as is_blank_row(cells).
  bool row(std::size_t line, std::span<const std::string_view> cells, bool blank) {
    if (m_state != State::Data) return header_row(line, cells) && m_ok;
    if (!blank) m_importer.on_row(line, cells);
    return true;
  }

  // Cells a data row needs: those under a labelled column (no importer reads
  // another). Before the header is known, every column.
  std::size_t width() const {
    if (m_state != State::Data) return std::numeric_limits<std::size_t>::max();
    std::size_t n = m_header.labels.size();
    while (n > 0 && m_header.labels[n - 1].empty()) --n;
    return n;
  }

  bool header_found() const { return m_state != State::Searching; }

  // The label of a column (0-based) once the header is known.
  std::string_view label(std::size_t column) const {
    return m_state != State::Searching && column < m_header.labels.size() ? m_header.labels[column] : std::string_view{};
  }

  // A run of complete rows; `aside` (Chunk::aside), if given, is run on the
  // worker when the rows are parsed on two threads.
  bool chunk(std::string_view text, std::size_t line, char delimiter, const std::function<void()>& aside = {}) {
    m_read += text.size();
    bool ok = read_chunk(text, line, delimiter, aside);
    if (ok && !m_reserved && m_read > 0 && m_read < m_size) {
      m_importer.expect_growth(static_cast<double>(m_size) / static_cast<double>(m_read));
      m_reserved = true;
    }
    return ok;
  }

private:
  bool read_chunk(std::string_view text, std::size_t line, char delimiter, const std::function<void()>& aside) {
    if (m_state != State::Data) {
      auto consumed = parse(text, line, delimiter, [&](std::size_t l, auto cells) {
        return header_row(l, cells) && m_state != State::Data;
      });
      if (!consumed || !m_ok) return false;
      line += count_char(text.substr(0, *consumed), '\n');
      text = text.substr(*consumed);
    }
    return text.empty() || data(text, line, delimiter, aside);
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
    if (continues_header(cells)) {
      if (m_header.labels.size() < cells.size()) m_header.labels.resize(cells.size());
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (auto label = header_label(cells[i]); !label.empty()) m_header.labels[i] = label;
      ++m_header_rows;
      return true;
    }
    if (!end_header()) return false;
    if (!is_blank_row(cells)) m_importer.on_row(line, cells);
    return true;
  }

  // A continuation row of a multi-level header has an empty unit cell.
  // (A data row whose unit cell was left blank has numbers in it.)
  bool continues_header(std::span<const std::string_view> cells) const {
    return (m_key_column >= cells.size() || trim(cells[m_key_column]).empty()) &&
           std::none_of(cells.begin(), cells.end(), [](std::string_view c) {
             auto t = trim(c);
             return !t.empty() && t.find_first_not_of("0123456789.-") == std::string_view::npos;
           }) &&
           m_header_rows < k_max_header_rows && !is_blank_row(cells);
  }

  bool search(std::size_t line, std::span<const std::string_view> cells) {
    std::vector<std::string> keys;
    for (auto k : m_keys) keys.push_back(fold_name(k));
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (std::find(keys.begin(), keys.end(), header_label(cells[i])) != keys.end()) {
        m_key_column = i;
        m_state = State::Header;
        m_header.line = line;
        m_header.key_column = i;
        for (auto c : cells) m_header.labels.push_back(header_label(c));
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

  bool data(std::string_view text, std::size_t line, char delimiter, const std::function<void()>& aside) {
    const auto head_target = static_cast<std::size_t>(static_cast<double>(text.size()) * m_balance.head_share());
    std::size_t split = text.size() >= k_parallel_min_bytes ? last_row_boundary(text.substr(0, head_target), 0) : 0;
    if (split && !m_forked) {  // workers live for the whole file, reusing their buffers
      m_forked = true;
      m_first = m_importer.fork();
      m_second = m_first ? m_importer.fork() : nullptr;
    }
    TableImporter* first = m_first.get();
    TableImporter* second = m_second.get();
    if (!split || !second) return parse(text, line, delimiter, row_handler(m_importer)).has_value();
    auto head = text.substr(0, split), tail = text.substr(split);
    Diagnostics head_errors, tail_errors;
    std::optional<std::size_t> head_ok, tail_ok;
    // The worker also counts the head's lines before it parses the tail, and does the
    // reading's work aside: the calling thread has the rest of the import to do on its own.
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    Clock::time_point tail_done;
    std::thread worker([&] {
      const std::size_t tail_line = line + count_char(head, '\n');
      tail_ok = report(parse_csv(tail, tail_line, delimiter, row_handler(*second)), tail_errors);
      if (aside) aside();
      tail_done = Clock::now();
    });
    head_ok = report(parse_csv(head, line, delimiter, row_handler(*first)), head_errors);
    // The head's records go in while the worker still parses (it touches only `second` and
    // tail_errors); then the tail's, so the file's order is kept.
    m_importer.merge(*first);
    m_out.append(head_errors);
    const auto head_done = Clock::now();
    worker.join();
    const auto seconds = [&](Clock::time_point end) { return std::chrono::duration<double>(end - start).count(); };
    m_balance.observe(head.size(), seconds(head_done), tail.size(), seconds(tail_done));
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
  ParseBalance m_balance;
  std::unique_ptr<TableImporter> m_first, m_second;
};

} // namespace zwgk::ingest
