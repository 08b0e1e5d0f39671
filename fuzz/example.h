// The example district (examples/linzi-2020q3), loaded once: the context a
// target needs around the one file it fuzzes (the scheme and registry for a
// quarter's files, a result and its tables for the bulletin's template).
#pragma once

#include "engine/result.h"
#include "harness.h"
#include "ingest/data_dir.h"
#include "render/bulletin_text.h"
#include "render/layout.h"

#include <vector>

namespace zwgk::fuzz {

struct Example {
  ingest::Workspace ws;  // scheme, registry, 2020Q3's data
  Result result;
  std::vector<LaidOutTable> tables;
  BulletinTemplate shared_template;  // the data directory's 通报模板.txt
  std::vector<Positions> files;      // every file of the example, named as the loader names them

  // The file called `name` ("通报模板.txt", "2020Q3/投稿.csv"); aborts if the example has none.
  const Positions& file(std::string_view name) const;
};

// Loads on first use; aborts if the example does not load and assess cleanly.
const Example& example();

// The laid-out tables of a result (as `zwgk report` lays them out), each
// checked: UTF-8 everywhere, every row as wide as the table.
std::vector<LaidOutTable> lay_out_checked(const Result& result, const Scheme& scheme, const Registry& registry);

} // namespace zwgk::fuzz
