// The importers, one per kind of input file. Each reads one table file into
// the Dataset (or the Registry), resolving unit names, adoption levels and
// finding types, and reports every problem with its place. The columns each
// accepts are documented in docs/inputs.md.
#pragma once

#include "ingest/chunks.h"
#include "model/diagnostics.h"
#include "model/records.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace zwgk::ingest {

struct ImportContext {
  const Registry& registry;
  const Scheme& scheme;
  Period period;
  Dataset& data;
  Diagnostics& out;
  ProgressFn progress = {};  // large files report how far they are
};

// Indicators (issue 16): 指标 entries of Ratio, Check and Manual indicators.
enum class RecordKind { Published, Submissions, Adoptions, Findings, Indicators };

// Reads one file of the given kind into ctx.data. An .xlsx file is read
// from the worksheet called sheet_name (empty: the first worksheet).
void import_records(RecordKind kind, const std::filesystem::path& path, const std::string& display_name,
                    std::string_view sheet_name, ImportContext& ctx);

// Reads the unit registry (.csv, or .xlsx as above). Units are added in file
// order; official order is the 序号 column when present, else the row order.
void import_registry(const std::filesystem::path& path, const std::string& display_name,
                     std::string_view sheet_name, const Scheme& scheme, Registry& registry,
                     SourceFiles& sources, Diagnostics& out);

} // namespace zwgk::ingest
