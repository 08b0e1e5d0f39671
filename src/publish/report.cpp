#include "publish/report.h"

#include "publish/bulletin_template.h"
#include "publish/pdf.h"
#include "render/bulletin_html.h"
#include "render/csv_tables.h"
#include "render/docx.h"
#include "render/json.h"
#include "render/xlsx.h"

#include <fmt/format.h>

#include <memory>

namespace zwgk::publish {
namespace {

ReportFailure input_failure(Diagnostics problems) { return {ReportFailure::Kind::Input, std::move(problems), {}}; }

} // namespace

std::string report_set_name(Period period) { return fmt::format("通报-{}", period.to_string()); }

std::expected<ReportFiles, ReportFailure> build_report(const ingest::Workspace& ws, const Result& result,
                                                       const std::filesystem::path& out, Pdf pdf,
                                                       const std::function<void(ReportStage)>& on_stage) {
  if (on_stage) on_stage(ReportStage::Files);
  ReportFiles report;
  auto& files = report.files;
  // The XLSX writer runs when the files are written, after this returns: it owns its tables.
  auto tables = std::make_shared<std::vector<LaidOutTable>>();
  for (const auto& table : result.tables) {
    tables->push_back(lay_out(result, table, ws.scheme, ws.registry));
    files.push_back({out / csv_file_name(tables->back()), render_csv(tables->back())});
  }
  auto text = bulletin_text(ws, result, *tables, report.notes);
  if (!text) return std::unexpected(input_failure(std::move(text.error())));
  auto document = render_docx(*text, *tables);
  if (!document) return std::unexpected(ReportFailure{ReportFailure::Kind::Input, {}, document.error()});
  files.push_back({out / k_document_name, *document});
  files.push_back({out / k_workbook_name, {}, [tables](const std::filesystem::path& temp) {
                     return write_xlsx(*tables, temp);
                   }});
  files.push_back({out / k_page_name, render_bulletin_html(*text, *tables)});
  files.push_back({out / k_json_name, render_json(result, ws.scheme, ws.registry, ws.data.sources)});
  // Tables whose file names differ only in case would overwrite each other on a Windows share.
  if (auto same = fs::same_name_error(files))
    return std::unexpected(ReportFailure{ReportFailure::Kind::Input, {}, *same + "：请在考核方案中给这些表格不同的编号或标题"});
  if (pdf == Pdf::Write) {
    if (on_stage) on_stage(ReportStage::Pdf);
    // LibreOffice converts its own copy, stating the layout in the terms it reads right (render/docx.h).
    auto for_libreoffice = render_docx(*text, *tables, DocxReader::LibreOffice);
    if (!for_libreoffice) return std::unexpected(ReportFailure{ReportFailure::Kind::Input, {}, for_libreoffice.error()});
    auto converted = convert_docx_to_pdf(*for_libreoffice);
    if (!converted) return std::unexpected(ReportFailure{ReportFailure::Kind::Tool, {}, converted.error()});
    files.push_back({out / k_pdf_name, std::move(*converted)});
  }
  return report;
}

} // namespace zwgk::publish
