// zwgk report: the bulletin (DOCX, XLSX, HTML, optionally PDF), its
// attachments as CSV, and the JSON result.
#include "cli/bulletin_template.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/pdf.h"
#include "fs/files.h"
#include "render/csv_tables.h"
#include "render/docx.h"
#include "render/html.h"
#include "render/json.h"
#include "render/xlsx.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

inline constexpr std::string_view k_json_name = "考核结果.json";
inline constexpr std::string_view k_document_name = "通报.docx";
inline constexpr std::string_view k_pdf_name = "通报.pdf";
inline constexpr std::string_view k_workbook_name = "通报.xlsx";
inline constexpr std::string_view k_page_name = "通报.html";

struct ReportOptions {
  DataOptions data;
  std::string out_dir;
  bool pdf = false;
};

int input_failure(const Diagnostics& problems) {
  print_diagnostics(problems);
  std::cerr << fmt::format("共发现 {} 个错误，未生成任何文件。\n", problems.error_count());
  return k_exit_input;
}

// The bulletin's text from the data directory's template, filled from the results.
std::expected<BulletinText, int> bulletin_text(const Assessed& assessed, const std::vector<LaidOutTable>& tables) {
  const auto& ws = assessed.workspace;
  Diagnostics problems;
  auto loaded = load_bulletin_template(ws.dir, ws.period, problems);
  if (!loaded.found)
    std::cerr << fmt::format("提示：数据目录中没有 {}，通报.docx 只有标题、附件说明和附件；"
                             "正文模板的写法见 docs/bulletin.md。\n",
                             k_template_file);
  auto text = fill_bulletin(loaded.merged, assessed.result, ws.scheme, ws.registry, tables);
  if (!text) problems.append(text.error());
  if (problems.has_errors()) return std::unexpected(input_failure(problems));
  return std::move(*text);
}

int run_report(const ReportOptions& options) {
  auto assessed = load_and_assess(options.data);
  if (!assessed) return k_exit_input;
  const auto& ws = assessed->workspace;
  const auto& result = assessed->result;
  std::filesystem::path out = options.out_dir;
  std::vector<fs::OutputFile> files;
  std::vector<LaidOutTable> tables;
  for (const auto& table : result.tables) {
    tables.push_back(lay_out(result, table, ws.scheme, ws.registry));
    files.push_back({out / csv_file_name(tables.back()), render_csv(tables.back())});
  }
  auto text = bulletin_text(*assessed, tables);
  if (!text) return text.error();
  auto document = render_docx(*text, tables);
  if (!document) {
    std::cerr << "错误：" << document.error() << "，未生成任何文件。\n";
    return k_exit_input;
  }
  files.push_back({out / k_document_name, *document});
  files.push_back({out / k_workbook_name, {}, [&tables](const std::filesystem::path& temp) {
                     return write_xlsx(tables, temp);
                   }});
  files.push_back({out / k_page_name, render_html(tables, text->title, text->issuer)});
  files.push_back({out / k_json_name, render_json(result, ws.scheme, ws.registry, ws.data.sources)});
  if (options.pdf) {
    auto pdf = convert_docx_to_pdf(*document);
    if (!pdf) {
      std::cerr << "错误：" << pdf.error() << "\n未生成任何文件。\n";
      return k_exit_tool;
    }
    files.push_back({out / k_pdf_name, std::move(*pdf)});
  }
  if (auto written = fs::write_files_atomically(files); !written) {
    std::cerr << "错误：" << written.error() << "，未生成任何文件。\n";
    return k_exit_input;
  }
  std::cout << fmt::format("已生成 {}年{} 考核通报（{}个单位），位于 {}：\n", result.period.year,
                           result.period.chinese_name(), ws.registry.size(), out.string());
  for (const auto& f : files) std::cout << "  " << f.path.filename().string() << '\n';
  return k_exit_ok;
}

} // namespace

Command report_command() {
  return {"report", "计算考核结果，生成通报（DOCX、XLSX、HTML，可选 PDF）、附件（CSV）和考核结果（JSON）",
          [](CLI::App& app) {
            auto options = std::make_shared<ReportOptions>();
            add_data_options(app, options->data);
            app.add_option("--out", options->out_dir, "输出目录")->required();
            app.add_flag("--pdf", options->pdf, "同时用 LibreOffice 把 通报.docx 转为 通报.pdf");
            return std::function<int()>([options] { return run_report(*options); });
          }};
}

} // namespace zwgk::cli
