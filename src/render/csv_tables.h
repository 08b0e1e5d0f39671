// CSV rendering of laid-out tables: UTF-8 with a BOM and CRLF line ends, so
// that Excel and WPS on Windows open the Chinese text correctly, and no cell
// that Excel would run as a formula (util/text.h: append_csv_row).
#pragma once

#include "render/layout.h"
#include "util/text.h"

#include <string>
#include <vector>

namespace zwgk {

std::string render_csv(const LaidOutTable& table);

// Any rows as a CSV document in the same form (BOM, CRLF, quoted as needed);
// cells that start like a formula are neutralised unless `mode` is Exact
// (util/text.h: only for data files that zwgk reads back).
std::string csv_document(const std::vector<std::vector<std::string>>& rows,
                         CsvCells mode = CsvCells::Neutralised);

// "附件1-各部门第三季度政务公开工作情况统计.csv"
std::string csv_file_name(const LaidOutTable& table);

} // namespace zwgk
