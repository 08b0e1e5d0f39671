#include "cli/environment.h"

#include <iostream>

namespace zwgk::cli {
namespace {

const Environment& program_environment() {
  static const Environment environment{[] {
                                         auto chosen = app::clock_from_environment(app::system_clock());
                                         if (!chosen.notice.empty()) std::cerr << chosen.notice << '\n';
                                         return chosen.clock;
                                       }(),
                                       store::open_database};
  return environment;
}

const Environment* g_test_environment = nullptr;

} // namespace

const Environment& environment() { return g_test_environment ? *g_test_environment : program_environment(); }

ScopedEnvironment::ScopedEnvironment(Environment environment)
    : m_previous(g_test_environment), m_environment(std::move(environment)) {
  g_test_environment = &m_environment;
}

ScopedEnvironment::~ScopedEnvironment() { g_test_environment = m_previous; }

} // namespace zwgk::cli
