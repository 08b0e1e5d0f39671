// Importer for a period's 指标 file (issue 16): the facts behind Ratio, Check
// and Manual indicators. One row per unit, indicator and (optionally) 事项;
// the value in the columns the indicator's rule reads: 分子 + 分母, 结果
// (是/否) or 得分. A file may hold several rules' columns; each row fills
// only its own indicator's. Every problem is reported at its cell.
#include "ingest/record_importer.h"

#include "engine/indicators.h"
#include "engine/source_fields.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::ingest {
namespace {

class IndicatorImporter : public RecordImporter {
public:
  using RecordImporter::RecordImporter;
  std::unique_ptr<RecordImporter> clone() const override {
    return std::unique_ptr<RecordImporter>(new IndicatorImporter(*this));
  }

  bool setup(const Header& h, const Location& file, Diagnostics& out) override {
    if (scheme().indicators.empty()) {
      out.error(file, "考核方案中没有指标体系（[[indicators]]），指标文件无从计分；请在方案中写明指标，或把这个文件移出季度文件夹");
      return false;
    }
    m_code = h.find({"指标", "指标代码", "考核指标"});
    m_numerator = h.find({"分子"});
    m_denominator = h.find({"分母"});
    m_result = h.find({"结果", "是否符合", "是否达标"});
    m_points = h.find({"得分", "分数"});
    m_item = h.find({"事项", "检查事项", "内容"});
    for (auto [field, index] : {std::pair{source_field::k_indicator, m_code}, {source_field::k_numerator, m_numerator},
                                {source_field::k_denominator, m_denominator}, {source_field::k_result, m_result},
                                {source_field::k_points, m_points}})
      name_column(field, index);
    mark_read(m_item);
    mark_read(h.find({"备注", "说明"}));
    bool ok = true;
    if (!m_code) ok = refuse(file, out, "缺少“指标”列（填写考核方案中指标的代码）");
    if (m_numerator.has_value() != m_denominator.has_value())
      ok = refuse(file, out, m_numerator ? "有“分子”列而缺少“分母”列" : "有“分母”列而缺少“分子”列");
    if (!m_numerator && !m_result && !m_points)
      ok = refuse(file, out, "应有“分子”和“分母”两列（按比例计分）、“结果”列（是/否）或“得分”列（录入得分）");
    return ok;
  }

  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    auto id = unit(line, cells);
    const Indicator* indicator = read_indicator(line, cells);
    if (!indicator) return;
    IndicatorEntry e;
    e.indicator = indicator->code;
    e.item = std::string(trim(cell(cells, m_item)));
    e.source = source(line);
    const IndicatorRule rule = indicator->rule;
    bool ok = refuse_others(line, cells, *indicator);
    if (rule == IndicatorRule::Ratio) ok = read_ratio(line, cells, e) && ok;
    if (rule == IndicatorRule::Check) ok = read_check(line, cells, e) && ok;
    if (rule == IndicatorRule::Manual) ok = read_points(line, cells, e) && ok;
    if (!id || !ok) return;
    e.unit = *id;
    data().indicator_entries.push_back(std::move(e));
  }

private:
  static bool refuse(const Location& file, Diagnostics& out, std::string message) {
    out.error(file, std::move(message));
    return false;
  }

  // The row's indicator, if it is in the scheme and scored from this file.
  const Indicator* read_indicator(std::size_t line, std::span<const std::string_view> cells) {
    auto text = trim(cell(cells, m_code));
    auto index = scheme().find_indicator(text);
    if (!index) {
      m_cells.error(line, *m_code + 1, label(*m_code),
                    fmt::format("指标{}不在考核方案中，应为：{}", quoted_name(text), indicator_codes(scheme())));
      return nullptr;
    }
    const Indicator& ind = scheme().indicators[*index];
    if (ind.rule != IndicatorRule::Ratio && ind.rule != IndicatorRule::Check && ind.rule != IndicatorRule::Manual) {
      m_cells.error(line, *m_code + 1, label(*m_code),
                    fmt::format("指标“{}”不按指标文件中的数据计分（只有按比例、是否检查和录入得分计分的指标填在这里）",
                                ind.code));
      return nullptr;
    }
    return &ind;
  }

  // A value in a column the row's indicator does not read is an error at that cell.
  bool refuse_others(std::size_t line, std::span<const std::string_view> cells, const Indicator& ind) {
    static constexpr std::string_view k_needs[] = {"“分子”和“分母”", "“结果”（是/否）", "“得分”"};
    const std::size_t own = ind.rule == IndicatorRule::Ratio ? 0 : ind.rule == IndicatorRule::Check ? 1 : 2;
    const std::pair<std::optional<std::size_t>, std::size_t> columns[] = {
        {m_numerator, 0}, {m_denominator, 0}, {m_result, 1}, {m_points, 2}};
    bool ok = true;
    for (auto [column, rule] : columns) {
      if (!column || rule == own || trim(cell(cells, column)).empty()) continue;
      m_cells.error(line, *column + 1, label(*column),
                    fmt::format("指标“{}”不填“{}”，应填{}", ind.code, label(*column), k_needs[own]));
      ok = false;
    }
    return ok;
  }

  // The file lacks the column(s) the row's indicator needs.
  bool missing(std::size_t line, std::string_view code, std::string_view needs) {
    m_cells.error(line, *m_code + 1, label(*m_code),
                  fmt::format("指标“{}”应填{}，文件中没有这一列", code, needs));
    return false;
  }

  bool read_ratio(std::size_t line, std::span<const std::string_view> cells, IndicatorEntry& e) {
    if (!m_numerator) return missing(line, e.indicator, "“分子”和“分母”");
    e.numerator = m_cells.count(cell(cells, m_numerator), line, *m_numerator + 1, label(*m_numerator), std::nullopt);
    e.denominator =
        m_cells.count(cell(cells, m_denominator), line, *m_denominator + 1, label(*m_denominator), std::nullopt);
    if (!e.numerator || !e.denominator) return false;
    if (*e.numerator <= *e.denominator) return true;
    m_cells.error(line, *m_numerator + 1, label(*m_numerator),
                  fmt::format("分子 {} 大于分母 {}", *e.numerator, *e.denominator));
    return false;
  }

  bool read_check(std::size_t line, std::span<const std::string_view> cells, IndicatorEntry& e) {
    if (!m_result) return missing(line, e.indicator, "“结果”（是/否）");
    if (trim(cell(cells, m_result)).empty()) {
      m_cells.error(line, *m_result + 1, label(*m_result), "为空，应填“是”或“否”");
      return false;
    }
    e.yes = m_cells.yes_no(cell(cells, m_result), line, *m_result + 1, label(*m_result), false);
    return e.yes.has_value();
  }

  bool read_points(std::size_t line, std::span<const std::string_view> cells, IndicatorEntry& e) {
    if (!m_points) return missing(line, e.indicator, "“得分”");
    auto text = trim(cell(cells, m_points));
    e.points = Decimal::parse(text);
    if (e.points && !e.points->is_negative() && *e.points <= Decimal::from_int(k_max_count)) return true;
    m_cells.error(line, *m_points + 1, label(*m_points),
                  text.empty() ? std::string("为空，应填得分")
                               : fmt::format("{}不是得分，应为不小于 0 的数，如 8 或 7.5（最多六位小数）",
                                             quoted_name(text)));
    return false;
  }

  std::optional<std::size_t> m_code, m_numerator, m_denominator, m_result, m_points, m_item;
};

} // namespace

std::unique_ptr<RecordImporter> make_indicator_importer(ImportContext& ctx, std::uint32_t file,
                                                        const Location& where) {
  return std::make_unique<IndicatorImporter>(ctx, file, where);
}

} // namespace zwgk::ingest
