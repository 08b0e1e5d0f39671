// What a command takes from outside the program besides its options: the
// clock and the data directory's database. `zwgk` runs on the system's clock
// (or ZWGK_CLOCK's test clock, announced on stderr) and DIR/zwgk.db; a test
// puts a fixed clock and a MemoryDatabase in their place for as long as a
// ScopedEnvironment lives, so that the commands run in-process on the
// in-memory store. Every command reads both only through environment().
#pragma once

#include "app/clock.h"
#include "store/database.h"

#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace zwgk::cli {

using DatabaseOpener = std::function<std::expected<std::unique_ptr<store::Database>, std::string>(
    const std::filesystem::path& data_dir, store::Create create)>;

struct Environment {
  app::Clock clock;
  DatabaseOpener open_database;
};

// Where the program's own environment opens every data directory's database:
// "" (DIR/zwgk.db) or a PostgreSQL URL (`zwgk --store URL …`, else the
// ZWGK_STORE variable; run.cpp). Set once, before a command runs.
void choose_store(std::string location);
const std::string& chosen_store();

// The current environment: a test's, else the program's own.
const Environment& environment();

// Replaces the environment until destroyed (tests; not thread-safe, and
// not nested across threads).
class ScopedEnvironment {
public:
  explicit ScopedEnvironment(Environment environment);
  ~ScopedEnvironment();
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
  const Environment* m_previous;
  Environment m_environment;
};

} // namespace zwgk::cli
