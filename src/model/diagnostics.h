// Diagnostics: problems found in the input, each with the place it came from.
//
// Every importer and validator reports into a Diagnostics list instead of
// stopping at the first problem, so one run shows staff everything they must
// fix. A Location names the file and, where they apply, the sheet, line
// (1-based, as an editor shows it) and column (1-based) with its header.
// Messages are Chinese: they are shown to office staff as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

struct Location {
  std::string file;
  std::string sheet;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string column_name;

  // "“投稿.csv” 第17行第3列（单位）" with the parts that are known.
  std::string describe() const;
};

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  Location where;
  std::string message;

  // "错误：读取“投稿.csv” 第17行第3列（单位）时：…"
  std::string to_string() const;
};

// At most this many problems are kept with their text; further ones are only
// counted. A damaged or hostile file can hold millions of problems, and no one
// reads past the first few hundred: keeping them all once took 4.5 GB and
// 6.7 million lines. The counts stay exact, so "共发现 N 个错误" is still true.
inline constexpr std::size_t k_max_listed_diagnostics = 500;

class Diagnostics {
public:
  void error(Location where, std::string message);
  void warning(Location where, std::string message);
  void append(const Diagnostics& other);

  bool has_errors() const { return m_error_count > 0; }
  // Every error reported, listed or not.
  std::size_t error_count() const { return m_error_count; }
  // Every problem reported (errors and warnings), listed or not.
  std::size_t total_count() const { return m_entries.size() + m_omitted; }
  // Problems counted but not kept in entries() (beyond k_max_listed_diagnostics).
  std::size_t omitted_count() const { return m_omitted; }
  // The first k_max_listed_diagnostics problems, in the order reported.
  const std::vector<Diagnostic>& entries() const { return m_entries; }
  bool empty() const { return m_entries.empty(); }

private:
  void add(Diagnostic d);

  std::vector<Diagnostic> m_entries;
  std::size_t m_error_count = 0;
  std::size_t m_omitted = 0;
};

// "……另有 N 个问题未列出（只列出前 500 个）", or empty when nothing was omitted.
std::string omitted_note(const Diagnostics& diagnostics);

// Where an imported record came from: an index into SourceFiles and a line.
// Kept as two integers so that millions of records stay small.
struct SourceRef {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
};

// The files (and sheets) records were read from.
class SourceFiles {
public:
  std::uint32_t add(std::string file, std::string sheet = {});
  Location locate(SourceRef ref, std::size_t column = 0, std::string column_name = {}) const;
  std::size_t size() const { return m_files.size(); }

  // Names the column (1-based) and label that a field of the file's records
  // was read from, so that a check of the records can point at the cell.
  // `field` is the importer's key for it (engine/source_fields.h).
  void set_column(std::uint32_t file, std::string field, std::size_t column, std::string label);
  // The record's place with the column of `field`, when its file named one.
  Location locate_field(SourceRef ref, std::string_view field) const;

private:
  struct Column {
    std::string field;
    std::size_t column = 0;
    std::string label;
  };
  struct Entry {
    std::string file;
    std::string sheet;
    std::vector<Column> columns;
  };
  std::vector<Entry> m_files;
};

} // namespace zwgk
