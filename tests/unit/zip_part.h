// One entry of a ZIP package held in memory (a rendered .docx), for the
// tests that read its XML parts; empty if the package has no such entry.
#pragma once

#include <zip.h>

#include <string>

namespace zwgk::testing {

inline std::string zip_part(const std::string& package, const char* name) {
  zip_error_t error;
  zip_source_t* source = zip_source_buffer_create(package.data(), package.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!zip) return {};
  std::string out;
  zip_stat_t st;
  if (zip_stat(zip, name, 0, &st) == 0) {
    zip_file_t* f = zip_fopen(zip, name, 0);
    out.resize(st.size);
    zip_fread(f, out.data(), st.size);
    zip_fclose(f);
  }
  zip_close(zip);
  return out;
}

} // namespace zwgk::testing
