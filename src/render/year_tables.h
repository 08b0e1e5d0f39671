// Layout of the annual assessment (annual/year.h) as tables, so that the
// bulletin's CSV, XLSX and HTML writers format the year too:
//
//   年度考核-{section}  one annual table per section of the scheme: each
//                       quarter's 合计, the quarters combined, the adoptions
//                       and bonus that accrue to the year, the items not put
//                       right in time and their penalty, the annual total
//                       and rank;
//   整改情况            every rectification item of the year and its status;
//   季度对比            each unit's change in 合计 and rank between
//                       consecutive quarters, or "规则有变化，不作比较" where
//                       the rules changed between them;
//   规则变化            what changed between which quarters (only when
//                       something did).
//
// Blank zeros follow the bulletin: quarter totals, the combined 合计 and the
// annual 得分 always print; adoption counts, the year's 加分, the counts of
// overdue items and their 减分 print blank when zero. Nothing here computes
// a score: every number is read from YearResult / PeriodFollowup; 季度对比's
// differences of two printed totals or ranks are the only arithmetic.
#pragma once

#include "annual/followup.h"
#include "annual/year.h"
#include "render/layout.h"

#include <string>
#include <vector>

namespace zwgk {

inline constexpr std::string_view k_year_rules_changed = "规则有变化，不作比较";

// "年度考核-各部门": the annual table of one section. Its title is the
// scheme's [year] title ("{year}" expanded) after the section's title.
// "各部门2020年度政务公开工作考核情况".
std::string year_section_title(const annual::YearResult& year, const Section& section, const Scheme& scheme);

LaidOutTable lay_out_year_section(const annual::YearResult& year, const annual::YearSection& section,
                                  const Scheme& scheme, const Registry& registry);

// "整改情况": the items of `followups` (the year's quarters), by quarter,
// then as each quarter lists them; the note states the scheme's penalties.
LaidOutTable lay_out_rectification(const annual::YearResult& year,
                                   const std::vector<const annual::PeriodFollowup*>& followups,
                                   const Scheme& scheme, const Registry& registry);

// "季度对比": one row per unit of the year's sections, in the annual tables'
// order; `lines` lists the rule changes. Needs two quarters or more.
LaidOutTable lay_out_quarter_changes(const annual::YearResult& year, const Scheme& scheme,
                                     const Registry& registry);

// "规则变化": one row per change of rules between consecutive quarters.
LaidOutTable lay_out_rule_changes(const annual::YearResult& year);

// Every table of the year, in the order above; 季度对比 only with two
// quarters or more, 规则变化 only when a rule changed.
std::vector<LaidOutTable> lay_out_year(const annual::YearResult& year,
                                       const std::vector<const annual::PeriodFollowup*>& followups,
                                       const Scheme& scheme, const Registry& registry);

// "2020年第一季度没有数据，未计入。": one per quarter of the year without data.
std::vector<std::string> missing_quarter_notes(const annual::YearResult& year);

// "第三季度较第二季度" (same year), else "2021年第一季度较2020年第四季度".
std::string quarter_change_name(const annual::QuarterChange& change);

// "年度考核-各部门.csv": the table's id as a file name.
std::string year_csv_file_name(const LaidOutTable& table);

} // namespace zwgk
