#include "cli/version.h"

#include "source_version.h"

#include <curl/curl.h>
#include <expat.h>
#include <fmt/format.h>
#include <gmime/gmime.h>
#include <httplib.h>
#include <libpq-fe.h>
#include <libxml/xmlversion.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unicode/uversion.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <string>
#include <utility>
#include <vector>

namespace zwgk::cli {
namespace {

std::string icu_version() {
  UVersionInfo v;
  u_getVersion(v);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(v, text);
  return text;
}

// PQlibVersion(): major * 10000 + minor from PostgreSQL 10 on.
std::string libpq_version() {
  const int v = PQlibVersion();
  return fmt::format("{}.{}", v / 10000, v % 10000);
}

// FMT_VERSION: major * 10000 + minor * 100 + patch (a header library).
std::string fmt_version() { return fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100); }

// XML_ExpatVersion() says "expat_2.5.0".
std::string expat_version() {
  std::string v = XML_ExpatVersion();
  if (v.starts_with("expat_")) v.erase(0, 6);
  return v;
}

std::vector<std::pair<std::string, std::string>> libraries() {
  return {
      {"ICU", icu_version()},
      {"SQLite", sqlite3_libversion()},
      {"libpq", libpq_version()},
      {"libcurl", curl_version_info(CURLVERSION_NOW)->version},
      {"GMime", fmt::format("{}.{}.{}", gmime_major_version, gmime_minor_version, gmime_micro_version)},
      {"libzip", zip_libzip_version()},
      {"libxlsxwriter", LXW_VERSION},
      {"libxml2", LIBXML_DOTTED_VERSION},
      {"Expat", expat_version()},
      {"libsodium", sodium_version_string()},
      {"cpp-httplib", CPPHTTPLIB_VERSION},
      {"fmt", fmt_version()},
  };
}

} // namespace

std::string version_text() {
  std::string text = fmt::format("zwgk {}（源代码提交 {}）\n所用的库：", ZWGK_VERSION, ZWGK_SOURCE_COMMIT);
  for (const auto& [name, version] : libraries()) text += fmt::format("\n  {} {}", name, version);
  return text;
}

} // namespace zwgk::cli
