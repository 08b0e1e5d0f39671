#include "cli/environment.h"

#include <iostream>

namespace zwgk::cli {
namespace {

std::string g_store_location;  // --store, else ZWGK_STORE; empty: DIR/zwgk.db

const Environment& program_environment() {
  static const Environment environment{[] {
                                         auto chosen = app::clock_from_environment(app::system_clock());
                                         if (!chosen.notice.empty()) std::cerr << chosen.notice << '\n';
                                         return chosen.clock;
                                       }(),
                                       [](const std::filesystem::path& data_dir, store::Create create) {
                                         return store::open_database(data_dir, create, g_store_location);
                                       }};
  return environment;
}

const Environment* g_test_environment = nullptr;

} // namespace

void choose_store(std::string location) { g_store_location = std::move(location); }

const std::string& chosen_store() { return g_store_location; }

const Environment& environment() { return g_test_environment ? *g_test_environment : program_environment(); }

ScopedEnvironment::ScopedEnvironment(Environment environment)
    : m_previous(g_test_environment), m_environment(std::move(environment)) {
  g_test_environment = &m_environment;
}

ScopedEnvironment::~ScopedEnvironment() { g_test_environment = m_previous; }

} // namespace zwgk::cli
