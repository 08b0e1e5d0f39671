// A data directory: one district's scheme, registry and quarters.
//
//   DIR/考核方案.toml        the scheme (docs/scheme.md)
//   DIR/单位名录.csv         the unit registry (or 单位名录.xlsx, not both)
//   DIR/2020Q3/             one folder per quarter, holding any number of
//       网站发布*.csv        website publications (counts or items)
//       投稿*.csv            submissions (counts or items)
//       采用*.csv            adoptions by higher levels
//       检查*.csv            inspection findings
//       指标*.csv            facts of ratio/check/manual indicators (issue 16; the scheme's [[indicators]])
//
// Any table file may be an .xlsx workbook instead of CSV; its first
// worksheet is read, or the one named by the caller for every workbook.
//
// load_data_dir() reads all of it. Only a problem that stops reading (no
// scheme, an invalid scheme, no registry or two of them) fails the load; every other
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
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

inline constexpr std::string_view k_scheme_file = "考核方案.toml";
inline constexpr std::string_view k_registry_file = "单位名录.csv";
inline constexpr std::string_view k_registry_workbook = "单位名录.xlsx";
// The bulletin's text template (render/bulletin_text.h), in DIR and in a quarter's folder.
inline constexpr std::string_view k_template_file = "通报模板.txt";

struct Workspace {
  std::filesystem::path dir;
  Scheme scheme;
  Registry registry;
  Dataset data;
  Period period;
  std::string sheet;     // the worksheet read from every .xlsx file (empty: the first)
  Diagnostics problems;  // problems in the registry and the quarter's files

  // The dates the period counts (its 考核期): data.window, else the calendar period.
  DateWindow window() const { return data.window.value_or(period.calendar_window()); }
};

// The registry of dir (checked against its scheme) without any quarter:
// users are set up before a quarter's data arrive. Problems go to `out`.
std::optional<Registry> load_registry(const std::filesystem::path& dir, Diagnostics& out);

// dir's 考核方案.toml, or nullopt with its problems in `out`.
std::optional<Scheme> load_scheme(const std::filesystem::path& dir, Diagnostics& out);

// Quarters that have a folder in dir, oldest first.
std::vector<Period> list_periods(const std::filesystem::path& dir);

// Whether the quarter's folder holds a file the loader reads as data
// (input_kind: publications, submissions, adoptions, findings, indicators); its
// 通报模板.txt alone is not data. A period without data has not started.
bool has_data(const std::filesystem::path& dir, Period period);
// The period commands and the workspace use when none is named: the newest
// with data, else the newest folder; nullopt when there is none.
std::optional<Period> default_period(const std::filesystem::path& dir);

// Loads dir for `period` (default: default_period()). Warnings
// (ignored files) are appended to `notes`. Every .xlsx file is read from the
// worksheet called `sheet` (default: its first worksheet).
std::expected<Workspace, Diagnostics> load_data_dir(const std::filesystem::path& dir,
                                                    std::optional<Period> period,
                                                    Diagnostics& notes,
                                                    const ProgressFn& progress = {},
                                                    std::string_view sheet = {});

// The kind of quarter file a name stands for ("网站发布", "投稿", "采用",
// "检查", "指标"), or nullopt if the loader would ignore it.
std::optional<std::string_view> input_kind(const std::filesystem::path& file);

// The quarter folder of `period` in dir, as the directory names it
// ("2020Q3" or "2020年第三季度"); empty if there is none.
std::filesystem::path period_dir(const std::filesystem::path& dir, Period period);

// The workspace's import problems plus the dataset validation's, so that
// one run lists every problem. Nothing may be assessed while it has errors.
Diagnostics all_problems(const Workspace& ws);

} // namespace zwgk::ingest
