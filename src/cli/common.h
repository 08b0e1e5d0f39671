// Pieces shared by the commands: loading a data directory for a period and
// printing diagnostics.
#pragma once

#include "engine/result.h"
#include "ingest/data_dir.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace zwgk::cli {

struct DataOptions {
  std::string data_dir;
  std::string period;  // empty: the latest quarter folder
  std::string sheet;   // empty: the first worksheet of every .xlsx input
};

// Who the audit log names for a change made at the command line.
inline constexpr std::string_view k_cli_user = "命令行";

// The clock, in Unix seconds, for the store's records.
std::int64_t unix_now();

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
