#include "cli/common.h"

#include "engine/assess.h"
#include "followup/load.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <unistd.h>

namespace zwgk::cli {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void add_data_options(CLI::App& app, DataOptions& options) {
  app.add_option("--data", options.data_dir, "数据目录（含 考核方案.toml、单位名录.csv 或 .xlsx 和季度文件夹）")
      ->required();
  app.add_option("--period", options.period, "考核季度，如 2020Q3（默认：最新的季度文件夹）");
  app.add_option("--sheet", options.sheet, "所有 .xlsx 输入文件都读取这个名称的工作表（默认：第一个工作表）");
}

void print_diagnostics(const Diagnostics& diagnostics) {
  for (const auto& d : diagnostics.entries()) std::cerr << d.to_string() << '\n';
  if (auto note = omitted_note(diagnostics); !note.empty()) std::cerr << note << '\n';
}

namespace {

// Shows how far the reading of a large file has come, on a terminal only
// (so logs and golden outputs stay clean).
ingest::ProgressFn terminal_progress() {
  if (!::isatty(STDERR_FILENO)) return {};
  return [](std::string_view file, std::uintmax_t done, std::uintmax_t total) {
    if (total < (64u << 20)) return;  // small files finish before anyone looks
    std::cerr << fmt::format("\r正在读取 {}：{}%", file, total ? done * 100 / total : 100)
              << (done >= total ? "\n" : "") << std::flush;
  };
}

} // namespace

std::optional<ingest::Workspace> load_workspace(const DataOptions& options, Outputs outputs) {
  std::optional<Period> period;
  if (!options.period.empty()) {
    period = Period::parse(options.period);
    if (!period) {
      std::cerr << fmt::format("错误：--period “{}”无法识别，应写成 2020Q3 这样的格式\n", options.period);
      return std::nullopt;
    }
  }
  Diagnostics notes;
  auto ws = followup::load_workspace(options.data_dir, period, notes, terminal_progress(), options.sheet);
  print_diagnostics(notes);
  if (!ws) {
    print_diagnostics(ws.error());
    std::cerr << fmt::format("共发现 {} 个错误{}\n", ws.error().error_count(),
                             outputs == Outputs::Files ? "，未生成任何文件。" : "。");
    return std::nullopt;
  }
  return std::move(*ws);
}


std::optional<Assessed> load_and_assess(const DataOptions& options) {
  auto ws = load_workspace(options);
  if (!ws) return std::nullopt;
  Diagnostics problems = ingest::all_problems(*ws);
  auto result = problems.has_errors() ? std::unexpected(problems)
                                      : assess(ws->registry, ws->scheme, ws->data, ws->period);
  if (!result) {
    print_diagnostics(result.error());
    std::cerr << fmt::format("共发现 {} 个错误，未生成任何文件。\n", result.error().error_count());
    return std::nullopt;
  }
  print_diagnostics(problems);  // warnings only
  return Assessed{std::move(*ws), std::move(*result)};
}

} // namespace zwgk::cli
