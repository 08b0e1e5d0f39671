// The annual assessment as a set of files, for `zwgk report --year` and the
// workspace's 年度 page: the annual tables (one per section of the scheme),
// every rectification item of the year with its status, and the
// comparisons between quarters with the rule changes that make them unlike,
// as XLSX, HTML, CSV and JSON (schema in docs/json-schema.md). Nothing
// computes here: render/year_tables.h lays YearResult out.
#pragma once

#include "app/pipeline.h"
#include "fs/files.h"

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::app {

inline constexpr std::string_view k_year_json_name = "年度考核.json";
inline constexpr std::string_view k_year_workbook_name = "年度考核.xlsx";
inline constexpr std::string_view k_year_page_name = "年度考核.html";

struct YearReportFiles {
  std::vector<fs::OutputFile> files;
  std::vector<std::string> notes;  // e.g. quarters of the year without data
};

// The files to write into out_dir (not written yet: pass them to
// fs::install_output_set, as one set). Fails only when a renderer fails.
std::expected<YearReportFiles, std::string> build_year_report(const AssessedYear& year,
                                                              const std::filesystem::path& out_dir);

} // namespace zwgk::app
