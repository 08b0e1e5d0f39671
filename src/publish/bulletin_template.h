// Finding and reading the bulletin's template: 通报模板.txt in the data
// directory (shared by every quarter) and in the quarter's folder (this
// bulletin's dates and any text that differs), in any encoding staff save.
#pragma once

#include "ingest/data_dir.h"
#include "render/bulletin_text.h"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace zwgk::publish {

using ingest::k_template_file;

struct LoadedTemplate {
  BulletinTemplate merged;
  bool found = false;  // at least one template file exists
};

// Problems (unreadable files, template errors) go to `problems`; what could be read is returned.
LoadedTemplate load_bulletin_template(const std::filesystem::path& dir, Period period, Diagnostics& problems);

// The bulletin's text of ws's period: its template filled from the results
// (fill_bulletin), with the deadline the follow-up uses when the template
// states none (the calendar is read from ws.dir). Every problem, with its
// file and line, is the error; a missing template is a note, not an error.
// What `zwgk report`, `zwgk check` and the workspace's 发布 all fill.
std::expected<BulletinText, Diagnostics> bulletin_text(const ingest::Workspace& ws, const Result& result,
                                                       const std::vector<LaidOutTable>& tables,
                                                       std::vector<std::string>& notes);

} // namespace zwgk::publish
