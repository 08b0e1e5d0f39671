#include "engine/score.h"

#include "engine/assess.h"
#include "engine/narrative.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk {

std::string submission_gate_failure(const SubmissionRule& rule, const SubmissionItem& s) {
  std::vector<std::string> reasons;
  if (s.characters < rule.min_characters)
    reasons.push_back(fmt::format("字数{}少于{}字", s.characters, rule.min_characters));
  if (s.pictures < rule.min_pictures)
    reasons.push_back(s.pictures == 0 ? std::string("没有图片")
                                      : fmt::format("图片{}张少于{}张", s.pictures, rule.min_pictures));
  if (rule.require_on_topic && s.on_topic == OnTopic::No) reasons.push_back("内容与政务公开工作无关");
  return join(reasons, "；");
}

} // namespace zwgk

namespace zwgk::engine_detail {

std::string out_of_range_message(std::string_view unit, std::string_view what) {
  return fmt::format("单位“{}”的{}超出可计算的范围（绝对值不超过 {} 分）；请检查考核方案的分值和数据中的数量",
                     unit, what, k_max_unit_points.to_string());
}

namespace {

class Scorer {
public:
  Scorer(const Registry& registry, const Scheme& scheme, const Dataset& data, Period period)
      : m_registry(registry), m_scheme(scheme), m_data(data), m_period(period),
        m_window(data.window.value_or(period.calendar_window())) {}

  std::expected<std::vector<UnitScore>, std::string> run() {
    init();
    tally_published();
    tally_submissions();
    tally_adoptions();
    for (auto& unit : m_units) {
      score_publication(unit);
      add_findings_and_quota(unit);
      auto gained = unit.publication.plus(unit.bonus);
      unit.total = checked(gained ? gained->minus(unit.deduction) : std::nullopt, unit.unit, "合计");
    }
    if (m_overflow) return std::unexpected(*m_overflow);
    return std::move(m_units);
  }

private:
  // The exact value, or zero with the first overflow remembered for run() to report.
  Decimal checked(std::optional<Decimal> value, UnitId unit, std::string_view what) {
    if (value && *value <= k_max_unit_points && -*value <= k_max_unit_points) return *value;
    if (!m_overflow)
      m_overflow = out_of_range_message(m_registry.at(unit).name, what);
    return Decimal{};
  }
  Decimal times(Decimal points, std::int64_t count, UnitId unit, std::string_view what) {
    return checked(points.multiply(count), unit, what);
  }
  void add(Decimal& sum, Decimal points, UnitId unit, std::string_view what) {
    sum = checked(sum.plus(points), unit, what);
  }

  MonthFigures* month_of(UnitId unit, YearMonth m) {
    if (!m_period.contains(m)) return nullptr;
    return &m_units[unit].months[static_cast<std::size_t>(m.index() - m_period.first_month().index())];
  }

  // The month an item dated `d` counts in (issue 16: the window may reach beyond the months).
  MonthFigures* dated(UnitId unit, Date d) {
    auto m = m_period.month_for(d, m_window);
    return m ? month_of(unit, *m) : nullptr;
  }

  void init() {
    m_units.resize(m_registry.size());
    auto months = m_period.months();
    for (UnitId id = 0; id < m_units.size(); ++id) {
      auto& u = m_units[id];
      u.unit = id;
      for (auto m : months) u.months.push_back(MonthFigures{.month = m});
      u.adoptions.resize(m_scheme.adoption_levels.size());
    }
    m_findings_by_unit.resize(m_registry.size());
    for (std::size_t i = 0; i < m_data.findings.size(); ++i)
      m_findings_by_unit[m_data.findings[i].unit].push_back(i);
  }

  void tally_published() {
    for (const auto& c : m_data.published_counts)
      if (auto* m = month_of(c.unit, c.month)) m->published += c.count;
    // Millions of items, each of a unit picked at random: counted first in one flat table (a
    // unit's months side by side, small enough to stay in cache) rather than in each unit's
    // own figures, which would be two cache misses an item.
    const std::size_t months = static_cast<std::size_t>(m_period.months_long());
    const int first = m_period.first_month().index();
    std::vector<std::int64_t> counts(m_units.size() * months);
    for (const auto& item : m_data.published_items)
      if (auto m = m_period.month_for(item.date, m_window))  // always one of the period's months
        ++counts[item.unit * months + static_cast<std::size_t>(m->index() - first)];
    for (auto& unit : m_units)
      for (std::size_t i = 0; i < months; ++i) unit.months[i].published += counts[unit.unit * months + i];
  }

  void tally_submissions() {
    for (const auto& c : m_data.submission_counts)
      if (auto* m = month_of(c.unit, c.month)) m->submissions += c.count;
    for (const auto& s : m_data.submissions) {
      auto* m = dated(s.unit, s.received.date);
      if (!m) continue;
      const YearMonth ym = m->month;
      if (auto reason = submission_gate_failure(m_scheme.submission, s); !reason.empty()) {
        ++m->rejected;
        m_units[s.unit].rejected.push_back({s.source, s.title, ym, std::move(reason)});
      } else {
        ++m->submissions;
      }
    }
  }

  void add_adoption(UnitId unit, std::size_t level, std::int64_t count) {
    auto& tally = m_units[unit].adoptions[level];
    tally.count += count;
  }

  void tally_adoptions() {
    for (const auto& a : m_data.adoption_counts)
      if (!a.month || m_period.contains(*a.month)) add_adoption(a.unit, a.level, a.count);
    for (const auto& a : m_data.adoptions)
      if (m_window.contains(a.date)) add_adoption(a.unit, a.level, 1);
    for (auto& unit : m_units) {
      for (std::size_t l = 0; l < unit.adoptions.size(); ++l) {
        auto& tally = unit.adoptions[l];
        const auto& level = m_scheme.adoption_levels[l];
        tally.points = times(level.points, tally.count, unit.unit, "采用加分");
        add(unit.adoption_bonus, tally.points, unit.unit, "采用加分");
        add(level.accrual == Accrual::Quarter ? unit.bonus : unit.year_bonus, tally.points, unit.unit, "采用加分");
      }
    }
  }

  void score_publication(UnitScore& unit) {
    const auto& rule = m_scheme.publication;
    for (auto& m : unit.months) {
      unit.published_total += m.published;
      unit.submissions_total += m.submissions;
      m.publication_applies = rule.months.contains(m.month);
      if (!m.publication_applies) continue;
      m.uncapped_points = times(rule.points_per_item, m.published, unit.unit, "网站发布得分");
      m.publication_points =
          rule.monthly_cap ? min(m.uncapped_points, *rule.monthly_cap) : m.uncapped_points;
      add(unit.publication, m.publication_points, unit.unit, "网站发布得分");
    }
  }

  void add_findings_and_quota(UnitScore& unit) {
    for (std::size_t index : m_findings_by_unit[unit.unit]) {
      const auto& f = m_data.findings[index];
      const auto& type = m_scheme.finding_types[f.type];
      Deduction d;
      d.kind = DeductionKind::Finding;
      d.reason = f.note.empty() ? type.reason : type.reason + "，" + f.note;
      d.points = times(type.points, f.quantity, unit.unit, "检查减分");
      d.sources.push_back(f.source);
      d.finding_type = f.type;
      d.quantity = f.quantity;
      unit.deductions.push_back(std::move(d));
    }
    add_quota_deductions(unit);
    apply_waivers(unit);
    for (const auto& d : unit.deductions) add(unit.deduction, d.points, unit.unit, "减分");
  }

  bool waived(UnitId unit, const Deduction& d) const {
    for (const auto& w : m_data.waivers) {
      if (w.unit != unit) continue;
      if (d.kind == DeductionKind::Quota && w.kind == WaivedKind::Quota) return true;
      if (d.kind == DeductionKind::Finding && w.kind == WaivedKind::Finding && w.finding_type == d.finding_type)
        return true;
    }
    return false;
  }

  void apply_waivers(UnitScore& unit) {
    if (m_data.waivers.empty()) return;
    std::vector<Deduction> kept;
    for (auto& d : unit.deductions)
      (waived(unit.unit, d) ? unit.withdrawn : kept).push_back(std::move(d));
    unit.deductions = std::move(kept);
  }

  void add_quota_deductions(UnitScore& unit) {
    const auto& rule = m_scheme.submission;
    const Unit& info = m_registry.at(unit.unit);
    Deduction missed{.kind = DeductionKind::Quota};
    Deduction short_of{.kind = DeductionKind::Quota};
    std::int64_t missed_items = 0, short_items = 0;
    for (auto& m : unit.months) {
      m.quota = rule.quota_for(info, m.month);
      if (!m.quota || m.submissions >= *m.quota) continue;
      m.shortfall = *m.quota - m.submissions;
      (m.submissions == 0 ? missed : short_of).months.push_back(m.month);
      (m.submissions == 0 ? missed_items : short_items) += m.shortfall;
    }
    auto finish = [&](Deduction& d, const std::string& text, std::int64_t items) {
      if (d.months.empty()) return;
      d.reason = substitute(text, {{"months", format_months(d.months)}});
      auto units = rule.basis == PenaltyBasis::PerMonth
                       ? static_cast<std::int64_t>(d.months.size())
                       : items;
      d.points = times(rule.penalty, units, unit.unit, "投稿减分");
      unit.deductions.push_back(std::move(d));
    };
    finish(missed, rule.missed_text, missed_items);
    finish(short_of, rule.short_text, short_items);
  }

  const Registry& m_registry;
  const Scheme& m_scheme;
  const Dataset& m_data;
  Period m_period;
  DateWindow m_window;
  std::vector<UnitScore> m_units;
  std::vector<std::vector<std::size_t>> m_findings_by_unit;
  std::optional<std::string> m_overflow;
};

} // namespace

std::expected<std::vector<UnitScore>, std::string> score_units(const Registry& registry, const Scheme& scheme,
                                                               const Dataset& data, Period period) {
  return Scorer(registry, scheme, data, period).run();
}

} // namespace zwgk::engine_detail
