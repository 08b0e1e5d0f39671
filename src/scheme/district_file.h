// Issue 18: the city's assessment of its districts. The city's data directory is an
// ordinary one (its scheme, its registry whose units are the districts, its periods);
// DIR/区县.toml says where each district's own workspace is and which figures of a
// district's published results feed which of the city's indicators, so that the same
// engine assesses one level up (app/city.h, `zwgk city gather`, docs/city.md):
//
//   [[districts]]
//   unit = "临淄区"                 # a unit of the city's registry
//   data = "/srv/zwgk/临淄区"       # the district's data directory (relative: to the city's) …
//   # store = "postgresql://zwgk@db/zwgk_linzi"   … or its PostgreSQL database
//
//   [[figures]]
//   indicator = "平均得分"          # a "manual" indicator of the city's scheme: 得分 = the figure
//   points = "平均分"
//   decimals = 2                    # optional: the figure rounded half up to 2 decimals
//
//   [[figures]]
//   indicator = "无扣分单位占比"    # a "ratio" indicator: 分子 ÷ 分母
//   numerator = "无扣分单位数"
//   denominator = "单位数"
//
// The figures a district's period gives are k_district_figures. Every problem is
// reported at file:line:column; names are checked against the city's registry and
// scheme by check_district_file().
#pragma once

#include "model/diagnostics.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <array>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

inline constexpr std::string_view k_district_file = "区县.toml";
// The most decimals a figure may be rounded to: the figures have six (平均分).
inline constexpr std::int64_t k_max_figure_decimals = 6;

// What a district's published period gives (app/city.cpp works them out):
// 单位数 the units it ranked, 合计 the sum of their totals, 平均分 their mean (six decimals,
// half up), 最高分 and 最低分, 无扣分单位数 and 有扣分单位数.
inline constexpr std::array<std::string_view, 7> k_district_figures = {
    "单位数", "合计", "平均分", "最高分", "最低分", "无扣分单位数", "有扣分单位数"};

struct DistrictSource {
  std::string unit;   // as written
  std::string data;   // a directory, as written (relative to the city's data directory)
  std::string store;  // or a PostgreSQL URL
  SchemePlace at;
};

struct DistrictFigure {
  std::string indicator;
  std::string points;                  // manual: the figure entered as 得分
  std::optional<int> decimals;         // points rounded half up to this many decimals; else as it is
  std::string numerator, denominator;  // ratio: the figures entered as 分子 and 分母
  SchemePlace at;
};

struct DistrictFile {
  std::vector<DistrictSource> districts;
  std::vector<DistrictFigure> figures;
};

std::expected<DistrictFile, Diagnostics> parse_district_file(std::string_view toml_text, std::string_view file_name);

// Each district against the city's registry (unknown names with the nearest ones, a unit
// named twice) and each figure against the city's scheme (an indicator that is not
// "manual" for points or "ratio" for a numerator and denominator).
Diagnostics check_district_file(const DistrictFile& file, const Registry& registry, const Scheme& scheme,
                                std::string_view file_name);

} // namespace zwgk
