#include "app/year_report.h"

#include "render/csv_tables.h"
#include "render/html.h"
#include "render/xlsx.h"
#include "render/year_json.h"
#include "render/year_tables.h"
#include "util/text.h"

#include <fmt/format.h>

#include <memory>

namespace zwgk::app {

std::expected<YearReportFiles, std::string> build_year_report(const AssessedYear& year,
                                                              const std::filesystem::path& out_dir) {
  if (year.quarters.empty())
    return std::unexpected(fmt::format("{}年没有任何季度的数据，无法生成年度考核", year.year.year));
  const Scheme& scheme = year.scheme();
  const Registry& registry = year.registry();
  std::vector<const annual::PeriodFollowup*> followups;
  for (const auto& q : year.quarters) followups.push_back(&q.followup);

  YearReportFiles report;
  report.notes = missing_quarter_notes(year.year);
  if (year.year.quarters.size() < 2) report.notes.push_back("只有一个季度的数据，没有季度对比。");
  // The XLSX writer runs when the files are written, after this returns: it owns its tables.
  auto tables = std::make_shared<std::vector<LaidOutTable>>(lay_out_year(year.year, followups, scheme, registry));
  auto& files = report.files;
  for (const auto& table : *tables) files.push_back({out_dir / year_csv_file_name(table), render_csv(table)});
  files.push_back({out_dir / k_year_workbook_name, {}, [tables](const std::filesystem::path& temp) {
                     return write_xlsx(*tables, temp);
                   }});
  const std::string heading =
      scheme.district + substitute(scheme.year.title, {{"year", std::to_string(year.year.year)}});
  files.push_back({out_dir / k_year_page_name, render_html(*tables, heading, scheme.issuer)});
  files.push_back({out_dir / k_year_json_name, render_year_json(year.year, followups, scheme, registry)});
  return report;
}

} // namespace zwgk::app
