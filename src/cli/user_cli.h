// Pieces of `zwgk user` shared by its subcommands (cmd_user.cpp for add,
// password and list; cmd_user_units.cpp for create-units).
#pragma once

#include "model/registry.h"
#include "store/store.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk::cli {

// Whether data_dir is a directory; prints why not.
bool check_data_dir(const std::string& data_dir);

// The registry of dir; prints its problems, and when it cannot be read,
// the count and `outcome` (e.g. "未添加用户").
std::optional<Registry> load_user_registry(const std::filesystem::path& dir, std::string_view outcome);

// The data directory's Store (store/database.h); the pointer keeps its
// database open. Prints why not.
std::shared_ptr<store::Store> open_user_store(const std::string& data_dir);

// zwgk user create-units --data DIR --out FILE [--force]
int run_create_units(const std::string& data_dir, const std::filesystem::path& out, bool force);

} // namespace zwgk::cli
