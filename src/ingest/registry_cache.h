// Issue 19: the unit registry as last imported, for the next period read from the same
// files. A year is read quarter after quarter (`zwgk report --year`, the server's periods,
// the province benchmark), and each quarter imported the same 单位名录 again — for a
// province, ten thousand units' names folded and indexed each time, on the one thread
// nothing else can overlap.
//
// Contract: the copy is handed out only for the same registry file and scheme file —
// path, size, modification time (nanoseconds), inode and device of both, the display
// name and the sheet — looked at before and after the import, so a file changed while
// it was read is not kept; files edited by staff get a new modification time. The
// import's own problems come with it, so a faulty registry is reported every time. One
// entry; safe from many threads.
#pragma once

#include "model/diagnostics.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace zwgk::ingest {

// import_registry() into the empty `sources` and `problems`, or a copy of the last import
// of the same files. (With anything in `sources` or `problems` already: the import itself.)
void import_registry_once(const std::filesystem::path& registry_path, const std::string& display_name,
                          std::string_view sheet, const std::filesystem::path& scheme_path, const Scheme& scheme,
                          Registry& registry, SourceFiles& sources, Diagnostics& problems);

// Registries imported from their files so far, not copied (tests).
std::uint64_t registry_imports();

} // namespace zwgk::ingest
