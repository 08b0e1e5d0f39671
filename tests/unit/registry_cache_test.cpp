// Issue 19: reading the periods of one data directory imports its 单位名录 once
// (ingest/registry_cache.h) — and again as soon as the registry or the scheme changes;
// a registry's own problems are reported at every load.
#include "ingest/data_dir.h"
#include "ingest/registry_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace zwgk::ingest {
namespace {

class RegistryCache : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-registry-cache-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  Workspace load() {
    Diagnostics notes;
    auto ws = load_data_dir(m_dir, *Period::parse("2020Q3"), notes);
    EXPECT_TRUE(ws);
    return ws ? std::move(*ws) : Workspace{};
  }
  void append(const char* file, const std::string& text) {
    std::ofstream(m_dir / file, std::ios::app | std::ios::binary) << text;
  }

  std::filesystem::path m_dir;
};

std::vector<std::string> names(const Registry& registry) {
  std::vector<std::string> out;
  for (const auto& u : registry.units()) out.push_back(u.name);
  return out;
}

TEST_F(RegistryCache, TheSameFilesAreImportedOnce) {
  const auto first = load();
  const auto imports = registry_imports();
  const auto second = load();
  EXPECT_EQ(registry_imports(), imports) << "the second period's load copied the first import";
  EXPECT_EQ(names(second.registry), names(first.registry));
  EXPECT_EQ(second.registry.size(), 67u);
  EXPECT_EQ(second.data.sources.locate({0, 3}).describe(), first.data.sources.locate({0, 3}).describe());
  EXPECT_EQ(second.problems.total_count(), first.problems.total_count());
}

TEST_F(RegistryCache, AChangedRegistryIsImportedAgain) {
  (void)load();
  const auto imports = registry_imports();
  append("单位名录.csv", "68,区新设局,,,部门,,\n");
  const auto ws = load();
  EXPECT_EQ(registry_imports(), imports + 1);
  EXPECT_TRUE(ws.registry.resolve("区新设局"));
}

TEST_F(RegistryCache, AChangedSchemeIsImportedAgain) {
  (void)load();
  const auto imports = registry_imports();
  append("考核方案.toml", "\n# 改过的方案\n");
  (void)load();
  EXPECT_EQ(registry_imports(), imports + 1);
}

TEST_F(RegistryCache, ARegistrysProblemsAreReportedAtEveryLoad) {
  append("单位名录.csv", "68,区发改局,,,部门,,\n");  // a name already registered
  for (int i = 0; i < 2; ++i) {
    const auto ws = load();
    bool reported = false;
    for (const auto& e : ws.problems.entries())
      reported |= e.where.file == "单位名录.csv" && e.where.line == 69 && e.severity == Severity::Error;
    EXPECT_TRUE(reported) << "load " << i + 1;
  }
}

} // namespace
} // namespace zwgk::ingest
