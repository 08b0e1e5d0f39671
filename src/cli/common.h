// Pieces shared by the commands: loading a data directory for a period and
// printing diagnostics.
#pragma once

#include "app/clock.h"
#include "app/error.h"
#include "app/workspace.h"
#include "engine/result.h"
#include "ingest/data_dir.h"

#include <CLI/CLI.hpp>

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk::cli {

struct DataOptions {
  std::string data_dir;
  std::string period;  // empty: the latest quarter folder
  std::string sheet;   // empty: the first worksheet of every .xlsx input
};

// Who the audit log names for a change made at the command line.
inline constexpr std::string_view k_cli_user = "命令行";

// The command's one clock: environment()'s (cli/environment.h).
const app::Clock& cli_clock();
// Its reading in Unix seconds, for the store's records.
std::int64_t unix_now();

// The one mapping of an application error to an exit code (README): every
// kind is 1 (data problems; a failure of zwgk.db or of a temporary folder
// too), as usage errors are 2 and a missing LibreOffice 3 before it.
int exit_code(const app::Error& error);
// Prints "错误：…" and the error's problems to stderr.
void print_error(const app::Error& error);

// --period as typed: empty is nullopt (the latest quarter folder); text
// that is not a quarter is the Chinese message saying how to write one.
std::expected<std::optional<Period>, std::string> parse_period_option(std::string_view text);

// The command's app::Workspace on --data with cli_clock() and --sheet: the
// data directory's ledgers are read where they exist (Create::No creates
// nothing). nullptr after printing why.
std::unique_ptr<app::Workspace> open_workspace(const std::string& data_dir, const std::string& sheet,
                                               app::Create create = app::Create::No);

// Adds --data, --period and --sheet to a command.
void add_data_options(CLI::App& app, DataOptions& options);

// Prints every diagnostic to stderr, one per line.
void print_diagnostics(const Diagnostics& diagnostics);

// Loads the data directory and prints any problems; nullopt on failure.
// What a command says after its errors: report writes files, check does not.
enum class Outputs { Files, None };
std::optional<ingest::Workspace> load_workspace(const DataOptions& options, Outputs outputs = Outputs::Files);


// Loads and assesses; prints problems; nullopt on failure.
struct Assessed {
  ingest::Workspace workspace;
  Result result;
};
std::optional<Assessed> load_and_assess(const DataOptions& options);

} // namespace zwgk::cli
