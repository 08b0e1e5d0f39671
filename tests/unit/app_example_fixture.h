// A test's own copy of the example data directory, opened as an
// app::Workspace on memory stores at a fixed clock: shared by the tests of
// the application layer's changes (app_period_test, app_uploads_test).
#pragma once

#include "app/workspace.h"
#include "store/memory_followup_store.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace zwgk::test {

class AppExampleTest : public ::testing::Test {
protected:
  explicit AppExampleTest(std::int64_t now) : m_ws{m_dir, {&m_store, &m_mail, &m_followup}, [now] { return now; }} {}
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  // Named after the test, made before the workspace (declared after it) opens it.
  static std::filesystem::path copy_example() {
    auto dir = std::filesystem::temp_directory_path() /
               ("zwgk-app-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", dir,
                          std::filesystem::copy_options::recursive);
    return dir;
  }

  std::filesystem::path m_dir = copy_example();
  store::MemoryStore m_store;
  store::MemoryMailStore m_mail{m_store};
  store::MemoryFollowupStore m_followup{m_store};
  app::Workspace m_ws;
};

} // namespace zwgk::test
