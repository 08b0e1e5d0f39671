#include "cli/version.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>

namespace zwgk::cli {
namespace {

// `zwgk --version`: the version, the source commit, then one line per library
// with a version read from the library (digits, not an empty or "0" string).
TEST(CliVersion, NamesTheCommitAndEveryMainLibraryWithItsVersion) {
  const std::string text = version_text();
  EXPECT_TRUE(std::regex_search(text, std::regex("^zwgk [0-9]+\\.[0-9]+\\.[0-9]+（源代码提交 [^）]+）\n所用的库：")))
      << text;
  for (const char* library : {"ICU", "SQLite", "libpq", "libcurl", "GMime", "libzip", "libxlsxwriter", "libxml2",
                              "Expat", "libsodium", "cpp-httplib", "fmt"}) {
    const std::regex line(std::string("\n  ") + library + " [0-9]+\\.[0-9]+(\\.[0-9]+)?(\n|$)");
    EXPECT_TRUE(std::regex_search(text, line)) << library << " in:\n" << text;
  }
}

} // namespace
} // namespace zwgk::cli
