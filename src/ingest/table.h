// Reading a table file (CSV today) row by row, with header detection.
//
// read_rows() handles the file's encoding (UTF-8 with or without BOM,
// UTF-16, GB18030) and streams large UTF-8 files in blocks so that a file
// of millions of rows is never held twice in memory. import_table() finds
// the header (the first row naming the unit column, plus up to two rows
// below it when headers are two-level like the bulletin's own tables), gives
// each column its bottom-most label, and hands the data rows to a
// TableImporter. Every problem goes to Diagnostics with its place.
#pragma once

#include "model/diagnostics.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

using RowFn = std::function<bool(std::size_t line, std::span<const std::string_view> cells)>;

// Returns false if the file could not be read to the end (reported).
bool read_rows(const std::filesystem::path& path, const Location& file, Diagnostics& out,
               const RowFn& on_row);

struct Header {
  std::size_t line = 0;             // line of the first header row
  std::vector<std::string> labels;  // per column, folded (no spaces, NFKC)

  std::optional<std::size_t> find(std::initializer_list<std::string_view> names) const;
};

class TableImporter {
public:
  virtual ~TableImporter() = default;
  // Names that identify the header row (the unit column).
  virtual std::vector<std::string_view> key_column_names() const;
  // Inspects the header; returns false (after reporting) if the file cannot
  // be imported.
  virtual bool on_header(const Header& header, const Location& file, Diagnostics& out) = 0;
  virtual void on_row(std::size_t line, std::span<const std::string_view> cells) = 0;
};

// Reads a whole table file into the importer.
void import_table(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                  TableImporter& importer);

bool is_blank_row(std::span<const std::string_view> cells);

} // namespace zwgk::ingest
