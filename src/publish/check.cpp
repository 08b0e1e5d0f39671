#include "publish/check.h"

#include "fs/process.h"
#include "publish/report.h"

namespace zwgk::publish {

Diagnostics check_report(const ingest::Workspace& ws, const Result& result) {
  Diagnostics problems;
  auto temp = fs::TempDir::create();
  if (!temp) {
    problems.error({}, temp.error());
    return problems;
  }
  auto report = build_report(ws, result, temp->path(), Pdf::Skip);
  if (!report) {
    if (!report.error().problems.empty()) problems.append(report.error().problems);
    else problems.error({}, report.error().message);
    return problems;
  }
  for (const auto& file : report->files)
    if (file.write)
      if (auto written = file.write(file.path); !written) problems.error({file.path.filename().string()}, written.error());
  return problems;
}

} // namespace zwgk::publish
