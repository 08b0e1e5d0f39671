// Issue 17: the Linzi example's site file (examples/linzi-2020q3/站点.toml, shown in
// docs/crawl.md) reads, names only registered units and only the scheme's adoption levels.
#include "fs/files.h"
#include "ingest/data_dir.h"
#include "scheme/site_file.h"

#include <gtest/gtest.h>

#include <set>

namespace zwgk {
namespace {

TEST(CrawlExample, TheLinziSiteFileNamesEveryUnitTwice) {
  const std::filesystem::path dir = std::filesystem::path(ZWGK_SOURCE_DIR) / "examples" / "linzi-2020q3";
  auto text = fs::read_file(dir / "站点.toml");
  ASSERT_TRUE(text) << text.error();
  auto site = parse_site_file(*text, "站点.toml");
  ASSERT_TRUE(site);
  Diagnostics problems;
  auto registry = ingest::load_registry(dir, problems);
  auto scheme = ingest::load_scheme(dir, problems);
  ASSERT_TRUE(registry && scheme);
  EXPECT_EQ(check_site_units(*site, *registry, "站点.toml").error_count(), 0u);
  EXPECT_EQ(check_site_levels(*site, *scheme, "站点.toml").error_count(), 0u);
  std::set<std::string> units;
  for (const auto& c : site->columns) units.insert(c.unit);
  EXPECT_EQ(units.size(), registry->units().size());
  EXPECT_EQ(site->columns.size(), 2 * registry->units().size());
  EXPECT_EQ(site->portals.size(), 2u);
  EXPECT_EQ(site->rate, 2);
}

} // namespace
} // namespace zwgk
