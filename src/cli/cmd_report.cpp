// zwgk report: the bulletin (DOCX, XLSX, HTML, optionally PDF), its
// attachments as CSV, and the JSON result (publish/report.h).
#include "cli/commands.h"
#include "cli/common.h"
#include "publish/report.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

struct ReportOptions {
  DataOptions data;
  std::string out_dir;
  bool pdf = false;
};

int report_failure(const publish::ReportFailure& failure) {
  if (!failure.problems.empty()) {
    print_diagnostics(failure.problems);
    std::cerr << fmt::format("共发现 {} 个错误，未生成任何文件。\n", failure.problems.error_count());
  } else {
    std::cerr << "错误：" << failure.message << "\n未生成任何文件。\n";
  }
  return failure.kind == publish::ReportFailure::Kind::Tool ? k_exit_tool : k_exit_input;
}

int run_report(const ReportOptions& options) {
  auto assessed = load_and_assess(options.data);
  if (!assessed) return k_exit_input;
  const auto& ws = assessed->workspace;
  const auto& result = assessed->result;
  std::filesystem::path out = options.out_dir;
  auto report = publish::build_report(ws, result, out, options.pdf ? publish::Pdf::Write : publish::Pdf::Skip);
  if (!report) return report_failure(report.error());
  for (const auto& note : report->notes) std::cerr << "提示：" << note << '\n';
  if (auto written = fs::write_files_atomically(report->files); !written) {
    std::cerr << "错误：" << written.error() << "，未生成任何文件。\n";
    return k_exit_input;
  }
  std::cout << fmt::format("已生成 {}年{} 考核通报（{}个单位），位于 {}：\n", result.period.year,
                           result.period.chinese_name(), ws.registry.size(), out.string());
  for (const auto& f : report->files) std::cout << "  " << f.path.filename().string() << '\n';
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
