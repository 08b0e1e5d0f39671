// A data directory: one district's scheme, registry and quarters.
//
//   DIR/考核方案.toml        the scheme (docs/scheme.md)
//   DIR/单位名录.csv         the unit registry
//   DIR/2020Q3/             one folder per quarter, holding any number of
//       网站发布*.csv        website publications (counts or items)
//       投稿*.csv            submissions (counts or items)
//       采用*.csv            adoptions by higher levels
//       检查*.csv            inspection findings
//
// load_data_dir() reads all of it. Only a problem that stops reading (no
// scheme, an invalid scheme, no registry) fails the load; every other
// problem is collected in Workspace::problems while the rest is read, so
// that callers can validate what was read and list every problem at once.
// Nothing may be scored while problems has errors.
#pragma once

#include "ingest/chunks.h"
#include "model/diagnostics.h"
#include "model/records.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <expected>
#include <filesystem>
#include <optional>
#include <vector>

namespace zwgk::ingest {

inline constexpr std::string_view k_scheme_file = "考核方案.toml";
inline constexpr std::string_view k_registry_file = "单位名录.csv";

struct Workspace {
  std::filesystem::path dir;
  Scheme scheme;
  Registry registry;
  Dataset data;
  Period period;
  Diagnostics problems;  // problems in the registry and the quarter's files
};

// Quarters that have a folder in dir, oldest first.
std::vector<Period> list_periods(const std::filesystem::path& dir);

// Loads dir for `period` (default: the latest quarter folder). Warnings
// (ignored files) are appended to `notes`.
std::expected<Workspace, Diagnostics> load_data_dir(const std::filesystem::path& dir,
                                                    std::optional<Period> period,
                                                    Diagnostics& notes,
                                                    const ProgressFn& progress = {});

} // namespace zwgk::ingest
