#include "engine/explain.h"

#include "engine/completeness.h"
#include "engine/narrative.h"

#include <fmt/format.h>

namespace zwgk {
namespace {

class Explainer {
public:
  Explainer(const Result& result, const Registry& registry, const Scheme& scheme, const Dataset& data,
            UnitId unit)
      : m_result(result), m_registry(registry), m_scheme(scheme), m_data(data), m_sources(data.sources),
        m_unit(registry.at(unit)), m_score(result.units[unit]) {}

  std::vector<std::string> run() {
    header();
    gaps();
    publication();
    submissions();
    adoptions();
    deductions();
    total();
    return std::move(m_lines);
  }

private:
  template <typename... Args>
  void line(fmt::format_string<Args...> f, Args&&... args) {
    m_lines.push_back(fmt::format(f, std::forward<Args>(args)...));
  }

  void header() {
    line("{}（{}{}）", m_unit.display_name(NameStyle::Short), m_unit.section,
         m_unit.tags.empty() ? "" : "，" + fmt::format("{}", fmt::join(m_unit.tags, "、")));
    if (m_unit.short_name.size() && m_unit.short_name != m_unit.name)
      line("正式名称：{}", m_unit.name);
    for (const auto& table : m_result.tables) {
      const auto& spec = m_scheme.tables[table.spec];
      if (spec.kind != TableKind::Scores) continue;
      for (const auto& row : table.rows)
        if (row.unit == m_unit.id)
          line("{}：第{}位（名次{}），共{}个单位", spec.id, row.seq, row.rank, table.rows.size());
    }
    line("");
  }

  // What the files left out for the unit, before the arithmetic it changes.
  void gaps() {
    auto notes = completeness_notes(m_registry, m_data, m_unit.id);
    if (notes.empty()) return;
    line("数据提示：");
    for (const auto& note : notes) line("  {}", note);
    line("");
  }

  void publication() {
    const auto& rule = m_scheme.publication;
    line("一、政府网站信息公开发布（每条{}分{}）", rule.points_per_item.to_string(),
         rule.monthly_cap ? "，每月最多" + rule.monthly_cap->to_string() + "分" : "");
    for (const auto& m : m_score.months) {
      if (!m.publication_applies) {
        line("  {}月：发布{}条，本月不计分", m.month.month, m.published);
        continue;
      }
      std::string s = fmt::format("  {}月：发布{}条，{} × {} = {}分", m.month.month, m.published,
                                  m.published, rule.points_per_item.to_string(),
                                  m.uncapped_points.to_string());
      if (m.publication_points != m.uncapped_points)
        s += fmt::format("，超过每月上限，计{}分", m.publication_points.to_string());
      m_lines.push_back(s);
    }
    line("  累计得分：{}分", m_score.publication.to_string());
    for (const auto& item : m_data.published_items)
      if (item.unit == m_unit.id) outside_window(item.date, item.date.to_string(), "发布日期", item.source);
  }

  // Issue 16: an item of the unit dated outside the period's window, said where it came from.
  void outside_window(Date date, const std::string& shown, std::string_view what, SourceRef source) {
    const DateWindow& w = m_result.window;
    if (w.contains(date)) return;
    line("  不计入：{} {} 不在考核期（{}）内（{}）", what, shown, w.to_string(), m_sources.locate(source).describe());
  }

  void submissions() {
    line("二、投稿");
    bool any = false;
    for (const auto& m : m_score.months) {
      if (!m.quota && m.submissions == 0 && m.rejected == 0) continue;
      any = true;
      std::string s = fmt::format("  {}月：有效投稿{}篇", m.month.month, m.submissions);
      if (m.rejected) s += fmt::format("，不合格{}篇", m.rejected);
      if (m.quota)
        s += m.shortfall ? fmt::format("，应不少于{}篇，未完成", *m.quota)
                         : fmt::format("，应不少于{}篇，已完成", *m.quota);
      else
        s += "，本月无投稿任务";
      m_lines.push_back(s);
    }
    if (!any) line("  本{}无投稿任务，也无投稿", m_result.period.noun());
    for (const auto& r : m_score.rejected)
      line("  不计入：《{}》（{}）：{}", r.title, m_sources.locate(r.source).describe(), r.reason);
    for (const auto& s : m_data.submissions)
      if (s.unit == m_unit.id) outside_window(s.received.date, s.received.to_string(), "收到时间", s.source);
  }

  void adoptions() {
    line("三、被上级采用");
    bool any = false;
    for (std::size_t l = 0; l < m_score.adoptions.size(); ++l) {
      const auto& tally = m_score.adoptions[l];
      if (tally.count == 0) continue;
      any = true;
      const auto& level = m_scheme.adoption_levels[l];
      line("  {}采用{}篇，每篇{}分，计{}分，{}", level.code, tally.count, level.points.to_string(),
           tally.points.to_string(),
           level.accrual == Accrual::Quarter ? fmt::format("计入本{}加分", m_result.period.noun())
                                             : fmt::format("计入年终考核，不计入本{}合计", m_result.period.noun()));
    }
    if (!any) line("  无");
    for (const auto& a : m_data.adoptions)
      if (a.unit == m_unit.id) outside_window(a.date, a.date.to_string(), "采用日期", a.source);
  }

  void deductions() {
    line("四、减分");
    for (const auto& d : m_score.deductions) {
      std::string where;
      for (const auto& src : d.sources) where += "（" + m_sources.locate(src).describe() + "）";
      line("  {}，减{}分{}", d.reason, d.points.to_string(), where);
    }
    if (m_score.deductions.empty()) line("  无");
    else line("  共减{}分", m_score.deduction.to_string());
  }

  // Issue 16: with an indicator tree the total is the tree's, each indicator on its line
  // (children indented under their parent), then the rating and what forced it.
  void indicators() {
    line("");
    line("指标得分：");
    for (std::size_t i = 0; i < m_scheme.indicators.size() && i < m_score.indicators.size(); ++i) {
      const auto& ind = m_scheme.indicators[i];
      std::size_t depth = 1;
      for (auto p = ind.parent; p; p = m_scheme.indicators[*p].parent) ++depth;
      line("{}{}：{}分{}（{}）", std::string(depth * 2, ' '), ind.name.empty() ? ind.code : ind.name,
           m_score.indicators[i].points.to_string(),
           ind.full_marks ? "/" + ind.full_marks->to_string() + "分" : std::string(), m_score.indicators[i].detail);
    }
    line("合计：{}分", m_score.total.to_string());
  }

  void rating() {
    if (m_scheme.ratings.empty()) return;
    line("等次：{}", m_score.rating.empty() ? "无" : m_score.rating);
    for (const auto& veto : m_score.vetoes) line("  一票否决：{}", veto);
  }

  void total() {
    if (!m_scheme.indicators.empty()) {
      indicators();
      rating();
      return;
    }
    line("");
    line("合计：{}（累计得分）+ {}（加分）− {}（减分）= {}分", m_score.publication.to_string(),
         m_score.bonus.to_string(), m_score.deduction.to_string(), m_score.total.to_string());
    if (!m_score.year_bonus.is_zero())
      line("另有{}分采用加分计入年终考核。", m_score.year_bonus.to_string());
    rating();
  }

  const Result& m_result;
  const Registry& m_registry;
  const Scheme& m_scheme;
  const Dataset& m_data;
  const SourceFiles& m_sources;
  const Unit& m_unit;
  const UnitScore& m_score;
  std::vector<std::string> m_lines;
};

} // namespace

std::vector<std::string> explain_unit(const Result& result, const Registry& registry,
                                      const Scheme& scheme, const Dataset& data, UnitId unit) {
  return Explainer(result, registry, scheme, data, unit).run();
}

} // namespace zwgk
