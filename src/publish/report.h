// The bulletin of one period as a set of files: the four attachment CSVs,
// 通报.docx (with its text from the data directory's template), 通报.xlsx,
// 通报.html, 考核结果.json and, on request, 通报.pdf. Shared by `zwgk report`
// and the workspace's 发布 page, so both publish the same files.
#pragma once

#include "engine/result.h"
#include "fs/files.h"
#include "ingest/data_dir.h"

#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace zwgk::publish {

inline constexpr std::string_view k_json_name = "考核结果.json";
inline constexpr std::string_view k_document_name = "通报.docx";
inline constexpr std::string_view k_pdf_name = "通报.pdf";
inline constexpr std::string_view k_workbook_name = "通报.xlsx";
inline constexpr std::string_view k_page_name = "通报.html";

enum class Pdf { Skip, Write };

struct ReportFailure {
  enum class Kind { Input, Tool } kind = Kind::Input;  // bad template/data, or LibreOffice missing/failed
  Diagnostics problems;  // Kind::Input
  std::string message;   // Kind::Tool, or a renderer's failure
};

// Notes for the user that do not stop the report (e.g. no template found).
struct ReportFiles {
  std::vector<fs::OutputFile> files;
  std::vector<std::string> notes;
};

// The files to write into out_dir (not written yet: pass them to
// fs::install_output_set, fs/output_set.h, as the set report_set_name()).
// Refuses a set with two files of one name on Windows (case aside).
// The name under which a period's bulletin is kept in its output folder: "通报-2020Q3".
std::string report_set_name(Period period);

// on_stage (when given) is told when each step starts, for a progress display.
enum class ReportStage { Files, Pdf };
std::expected<ReportFiles, ReportFailure> build_report(const ingest::Workspace& ws, const Result& result,
                                                       const std::filesystem::path& out_dir, Pdf pdf,
                                                       const std::function<void(ReportStage)>& on_stage = {});

} // namespace zwgk::publish
