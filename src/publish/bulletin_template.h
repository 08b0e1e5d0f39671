// Finding and reading the bulletin's template: 通报模板.txt in the data
// directory (shared by every quarter) and in the quarter's folder (this
// bulletin's dates and any text that differs), in any encoding staff save.
#pragma once

#include "ingest/data_dir.h"
#include "render/bulletin_text.h"

#include <filesystem>

namespace zwgk::publish {

using ingest::k_template_file;

struct LoadedTemplate {
  BulletinTemplate merged;
  bool found = false;  // at least one template file exists
};

// Problems (unreadable files, template errors) go to `problems`; what could be read is returned.
LoadedTemplate load_bulletin_template(const std::filesystem::path& dir, Period period, Diagnostics& problems);

} // namespace zwgk::publish
