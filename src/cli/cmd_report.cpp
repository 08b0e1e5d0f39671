// zwgk report: the bulletin's attachments as CSV plus the JSON result.
#include "cli/commands.h"
#include "cli/common.h"
#include "fs/files.h"
#include "render/csv_tables.h"
#include "render/html.h"
#include "render/json.h"
#include "render/xlsx.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

inline constexpr std::string_view k_json_name = "考核结果.json";
inline constexpr std::string_view k_workbook_name = "通报.xlsx";
inline constexpr std::string_view k_page_name = "通报.html";

struct ReportOptions {
  DataOptions data;
  std::string out_dir;
};

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
  files.push_back({out / k_workbook_name, {}, [&tables](const std::filesystem::path& temp) {
                     return write_xlsx(tables, temp);
                   }});
  std::string heading = fmt::format("{}{}年{}政务公开工作情况通报", ws.scheme.district,
                                    result.period.year, result.period.chinese_name());
  files.push_back({out / k_page_name, render_html(tables, heading, ws.scheme.issuer)});
  files.push_back({out / k_json_name, render_json(result, ws.scheme, ws.registry, ws.data.sources)});
  if (auto written = fs::write_files_atomically(files); !written) {
    std::cerr << "错误：" << written.error() << "，未生成任何文件。\n";
    return k_exit_input;
  }
  std::cout << fmt::format("已生成 {}年{} 考核通报附件（{}个单位），位于 {}：\n", result.period.year,
                           result.period.chinese_name(), ws.registry.size(), out.string());
  for (const auto& f : files) std::cout << "  " << f.path.filename().string() << '\n';
  return k_exit_ok;
}

} // namespace

Command report_command() {
  return {"report", "计算考核结果，生成通报附件（CSV、XLSX、HTML）和考核结果（JSON）", [](CLI::App& app) {
            auto options = std::make_shared<ReportOptions>();
            add_data_options(app, options->data);
            app.add_option("--out", options->out_dir, "输出目录")->required();
            return std::function<int()>([options] { return run_report(*options); });
          }};
}

} // namespace zwgk::cli
