// zwgk report: the bulletin (DOCX, XLSX, HTML, optionally PDF), its
// attachments as CSV, and the JSON result (publish/report.h); with --year,
// the annual assessment of every quarter of the year (app/year_report.h).
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/progress_display.h"
#include "cli/rectify_cli.h"
#include "app/year_report.h"
#include "fs/output_set.h"
#include "publish/report.h"
#include "util/text.h"

#include <fmt/format.h>

#include <iostream>
#include <optional>

namespace zwgk::cli {
namespace {

struct ReportOptions {
  DataOptions data;
  std::string out_dir;
  bool pdf = false;
  int year = 0;        // the annual assessment instead of one quarter
  std::string as_of;   // with year: the day the year is judged on
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

// Installs the files into out as one set (fs/output_set.h); false after
// printing why nothing changed.
bool install(const std::filesystem::path& out, const std::string& set, const std::vector<fs::OutputFile>& files) {
  auto installed = fs::install_output_set(out, set, files);
  if (!installed) {
    std::cerr << "错误：" << installed.error() << "\n未生成任何文件，输出目录保持原样。\n";
    return false;
  }
  for (const auto& note : installed->notes) std::cerr << "提示：" << note << '\n';
  return true;
}

int run_report(const ReportOptions& options) {
  auto assessed = load_and_assess(options.data);
  if (!assessed) return k_exit_input;
  const auto& ws = assessed->workspace;
  const auto& result = assessed->result;
  std::filesystem::path out = options.out_dir;
  ProgressDisplay& display = stderr_progress();
  std::optional<ProgressTicker> ticker;
  auto on_stage = [&](publish::ReportStage stage) {
    ticker.reset();
    if (stage == publish::ReportStage::Files) display.start("生成各文件", 0, ProgressUnit::Count, LogStart::WhenSlow);
    else display.start("PDF 转换", 0);  // seconds: LibreOffice tells no percentage
    ticker.emplace(display);
  };
  auto report = publish::build_report(ws, result, out, options.pdf ? publish::Pdf::Write : publish::Pdf::Skip, on_stage);
  ticker.reset();
  if (!report) {
    display.stop();
    return report_failure(report.error());
  }
  display.finish();
  for (const auto& note : report->notes) std::cerr << "提示：" << note << '\n';
  if (!install(out, publish::report_set_name(result.period), report->files)) return k_exit_input;
  std::cout << fmt::format("已生成 {} 考核通报（{}个单位），位于 {}：\n", result.period.full_name(),
                           ws.registry.size(), out.string());
  for (const auto& f : report->files) std::cout << "  " << f.path.filename().string() << '\n';
  return k_exit_ok;
}

// Options that do not go together with --year (or need it), said in words
// that name both.
std::optional<std::string> year_conflict(const ReportOptions& options) {
  if (options.year == 0)
    return options.as_of.empty() ? std::nullopt
                                 : std::optional<std::string>("--as-of 只用于年度考核（--year）");
  if (!options.data.period.empty()) return "--period（一个季度的通报）和 --year（年度考核）只能选一个";
  if (options.pdf) return "--pdf 只用于季度通报，年度考核不生成 PDF";
  return std::nullopt;
}

int run_year_report(const ReportOptions& options) {
  auto as_of = time_option(options.as_of, "--as-of", DayEnd::End);
  if (!as_of) return k_exit_usage;
  auto inputs = run_stage("读取数据", [&] {
    return load_followup_inputs(options.data.data_dir, Intent::Files, options.data.sheet);
  });
  if (!inputs) return k_exit_input;
  Diagnostics notes;
  auto year = run_stage("计算", [&] { return inputs->workspace->assess_year(options.year, inputs->calendar, *as_of, notes); });
  print_diagnostics(notes);
  if (!year) {
    print_diagnostics(year.error());
    std::cerr << fmt::format("共发现 {} 个错误，未生成任何文件。\n", year.error().error_count());
    return k_exit_input;
  }
  std::filesystem::path out = options.out_dir;
  auto report = run_stage("生成各文件", [&] { return app::build_year_report(*year, out); });
  if (!report) {
    std::cerr << "错误：" << report.error() << "\n未生成任何文件。\n";
    return k_exit_input;
  }
  for (const auto& note : report->notes) std::cerr << "提示：" << note << '\n';
  if (!install(out, fmt::format("年度考核-{}", options.year), report->files)) return k_exit_input;
  std::vector<std::string> quarters;
  for (const auto& q : year->year.quarters) quarters.push_back(q.chinese_name());
  std::cout << fmt::format("已生成 {}年度 考核情况（{}，{}个单位，截至 {}），位于 {}：\n", options.year,
                           join(quarters, "、"), year->registry().size(), as_of->to_string(), out.string());
  for (const auto& f : report->files) std::cout << "  " << f.path.filename().string() << '\n';
  return k_exit_ok;
}

} // namespace

Command report_command() {
  return {"report", "计算考核结果，生成通报（DOCX、XLSX、HTML，可选 PDF）、附件（CSV）和考核结果（JSON）；--year 生成年度考核",
          [](CLI::App& app) {
            auto options = std::make_shared<ReportOptions>();
            add_data_options(app, options->data);
            app.add_option("--out", options->out_dir, "输出目录")->required();
            app.add_flag("--pdf", options->pdf, "同时用 LibreOffice 把 通报.docx 转为 通报.pdf");
            app.add_option("--year", options->year,
                           "生成这一年的年度考核（四个季度、年度加分、整改扣分、年度得分和名次），如 2020")
                ->check(CLI::Range(1900, 2999));
            app.add_option("--as-of", options->as_of,
                           "年度考核按这一时刻的整改情况计算，如 2021-03-31（只写日期指当日结束时；默认：现在）");
            return std::function<int()>([options] {
              if (auto bad = year_conflict(*options)) {
                std::cerr << "错误：" << *bad << '\n';
                return k_exit_usage;
              }
              return options->year != 0 ? run_year_report(*options) : run_report(*options);
            });
          }};
}

} // namespace zwgk::cli
