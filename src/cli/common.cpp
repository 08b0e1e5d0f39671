#include "cli/common.h"

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/progress_display.h"
#include "engine/assess.h"
#include "util/text.h"

#include <fmt/format.h>

#include <iostream>
#include <unistd.h>

namespace zwgk::cli {

const app::Clock& cli_clock() { return environment().clock; }

std::int64_t unix_now() { return cli_clock()(); }

int exit_code(const app::Error& error) {
  switch (error.kind) {
  case app::ErrorKind::BadInput:
  case app::ErrorKind::NotFound:
  case app::ErrorKind::Forbidden:
  case app::ErrorKind::Conflict:
  case app::ErrorKind::Internal: break;
  }
  return k_exit_input;
}

void print_error(const app::Error& error) {
  std::cerr << "错误：" << error.message << '\n';
  print_diagnostics(error.problems);
}

std::expected<std::optional<Period>, std::string> parse_period_option(std::string_view text) {
  if (trim(text).empty()) return std::nullopt;
  if (auto period = Period::parse(trim(text))) return period;
  return std::unexpected(fmt::format("--period “{}”无法识别，应写成 2020Q3 这样的格式", text));
}

std::unique_ptr<app::Workspace> open_workspace(const std::string& data_dir, const std::string& sheet,
                                               app::Create create) {
  auto db = environment().open_database(data_dir, create);
  if (!db) {
    print_error(app::Error::internal(db.error()));
    return nullptr;
  }
  auto ws = app::Workspace::adopt(data_dir, app::OpenedStores{std::move(*db)}, cli_clock(), sheet);
  // Issue 18: with --store postgresql://…, the data files are the database's (app/file_sync.cpp).
  if (auto synced = ws->sync_files(); !synced) {
    print_error(synced.error());
    return nullptr;
  }
  return ws;
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

// Files smaller than this are read before anyone looks: no progress for them
// (so quick runs and the golden tests' outputs stay free of progress lines).
constexpr std::uintmax_t k_progress_min_bytes = 64u << 20;

// 读取数据: how far the reading of each large file has come (cli/progress_display.h).
ingest::ProgressFn reading_progress() {
  return [](std::string_view file, std::uintmax_t done, std::uintmax_t total) {
    if (total < k_progress_min_bytes) return;
    ProgressDisplay& display = stderr_progress();
    if (!display.active()) display.start("读取数据", total, ProgressUnit::Bytes);
    display.update(done, file);
    if (done >= total) display.finish();
  };
}

} // namespace

std::optional<ingest::Workspace> load_workspace(const DataOptions& options, Outputs outputs) {
  auto period = parse_period_option(options.period);
  if (!period) {
    std::cerr << "错误：" << period.error() << '\n';
    return std::nullopt;
  }
  auto workspace = open_workspace(options.data_dir, options.sheet);
  if (!workspace) return std::nullopt;
  Diagnostics notes;
  auto ws = workspace->load(*period, notes, reading_progress());
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
  auto result = problems.has_errors() ? std::unexpected(problems) : run_stage("计算", [&] {
    return assess(ws->registry, ws->scheme, ws->data, ws->period);
  });
  if (!result) {
    print_diagnostics(result.error());
    std::cerr << fmt::format("共发现 {} 个错误，未生成任何文件。\n", result.error().error_count());
    return std::nullopt;
  }
  print_diagnostics(problems);  // warnings only
  return Assessed{std::move(*ws), std::move(*result)};
}

} // namespace zwgk::cli
