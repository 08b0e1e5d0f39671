// Importing a table file (CSV or one worksheet of an .xlsx workbook) row
// by row, with header detection.
//
// import_table() finds the header (the first row naming the unit column,
// plus up to two rows below it when headers are two-level like the
// bulletin's own tables), gives each column its bottom-most label, and
// hands the data rows to a TableImporter. Large files are split at row
// boundaries and imported by two threads, each into a forked importer whose
// results are merged back in file order, so records and messages come out
// exactly as a sequential import would produce them.
#pragma once

#include "ingest/chunks.h"
#include "ingest/xlsx.h"
#include "model/diagnostics.h"

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

struct Header {
  std::size_t line = 0;             // line of the first header row
  std::size_t key_column = 0;       // the unit column that identified the header
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
  // Whether data rows' column `index` (0-based) is read, once on_header()
  // accepted the header: a worksheet's problems in a value of a column that
  // is not read (合计, 备注…) are not reported.
  virtual bool reads(std::size_t /*index*/) const { return true; }

  // Parallel import: a worker with private outputs that can run on another
  // thread, and merge() folding a finished worker's outputs back in. The
  // default (no fork) keeps the import sequential.
  virtual std::unique_ptr<TableImporter> fork() { return nullptr; }
  virtual void merge(TableImporter& /*worker*/) {}
  // The file is about `factor` times what has been read so far: a hint to
  // reserve room for the records still to come.
  virtual void expect_growth(double /*factor*/) {}
};

// A table file opened for import. A workbook's worksheet is read whole when
// the file is opened (its name belongs in every location); a CSV file is
// streamed when it is imported.
struct TableFile {
  std::filesystem::path path;
  Location where;                  // the file and, for a workbook, the sheet
  std::optional<XlsxSheet> sheet;  // set for an .xlsx file
};

// Whether path names an .xlsx workbook (the extension in any case).
bool is_xlsx(const std::filesystem::path& path);

// Opens path, named display_name in messages. An .xlsx file is read from the
// worksheet called sheet_name, or from its first worksheet when sheet_name
// is empty. Reports why and returns nullopt if the workbook cannot be read.
std::optional<TableFile> open_table(const std::filesystem::path& path, const std::string& display_name,
                                    std::string_view sheet_name, Diagnostics& out);

// Reads an opened table file into the importer.
void import_table(const TableFile& table, Diagnostics& out, TableImporter& importer,
                  const ProgressFn& progress = {});

// Feeds the rows of a worksheet to the importer (where names the file and sheet).
void import_rows(const XlsxSheet& sheet, const Location& where, Diagnostics& out,
                 TableImporter& importer);

// Reads a whole table file into the importer.
void import_table(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                  TableImporter& importer, const ProgressFn& progress = {});

bool is_blank_row(std::span<const std::string_view> cells);

} // namespace zwgk::ingest
