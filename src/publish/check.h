// Whether a period's bulletin can be made, without writing it: `zwgk check`
// and the workspace's readiness ask this, so that "check passes" means
// "report succeeds" (PDF conversion aside: LibreOffice is the machine's,
// not the data's).
#pragma once

#include "engine/result.h"
#include "ingest/data_dir.h"

namespace zwgk::publish {

// Builds the report exactly as `zwgk report` does (build_report: the
// template filled, DOCX, HTML, JSON, CSV; the XLSX written into a temporary
// folder that is removed) and returns what would stop it, each problem with
// its place; empty when the report would be made. A failure of the machine
// (no temporary folder) is an error without a place.
Diagnostics check_report(const ingest::Workspace& ws, const Result& result);

} // namespace zwgk::publish
