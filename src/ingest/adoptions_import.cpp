// Importers for adoptions by higher levels and for inspection findings.
#include "ingest/record_importer.h"

#include "engine/source_fields.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::ingest {
namespace {

std::string level_list(const Scheme& scheme) {
  std::string out;
  for (const auto& l : scheme.adoption_levels) out += (out.empty() ? "" : "、") + l.code;
  return out;
}

class AdoptionImporter : public RecordImporter {
public:
  using RecordImporter::RecordImporter;
  std::unique_ptr<RecordImporter> clone() const override {
    return std::unique_ptr<RecordImporter>(new AdoptionImporter(*this));
  }

  bool setup(const Header& h, const Location& file, Diagnostics& out) override {
    m_level = h.find({"级别", "采用级别", "层级"});
    m_date = h.find({"采用日期", "采用时间", "发布日期", "日期"});
    m_title = h.find({"标题", "稿件标题"});
    m_count = h.find({"件数", "采用件数", "数量", "篇数"});
    m_month = h.find({"月份"});
    if (m_level && (m_date || m_count)) {
      for (auto [field, index] : {std::pair{source_field::k_level, m_level}, {source_field::k_date, m_date},
                                  {source_field::k_title, m_title}, {source_field::k_count, m_count},
                                  {source_field::k_month, m_month}})
        name_column(field, index);
      return true;
    }
    for (std::size_t i = 0; i < h.labels.size(); ++i)
      if (auto level = scheme().find_level(h.labels[i])) {
        m_level_columns.emplace_back(i, *level);
        name_column(source_field::level_count(*level), i);
      }
    if (!m_level_columns.empty()) return true;
    out.error(file, fmt::format("应有“级别”和“件数”两列，或每个级别一列（{}），或逐条记录（“级别”和“采用日期”列）",
                                level_list(scheme())));
    return false;
  }

  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    auto id = unit(line, cells);
    if (!m_level_columns.empty()) {
      for (auto [index, level] : m_level_columns) {
        auto n = m_cells.count(cell(cells, index), line, index + 1, label(index));
        if (id && n && *n > 0) data().adoption_counts.push_back({*id, level, std::nullopt, *n, source(line)});
      }
      return;
    }
    auto level = read_level(line, cells);
    if (m_date) {
      auto date = m_cells.date(cell(cells, m_date), line, *m_date + 1, label(*m_date));
      std::string title(trim(cell(cells, m_title)));
      if (id && level && date) data().adoptions.push_back({*id, *level, *date, title, source(line)});
      return;
    }
    std::optional<YearMonth> month;
    if (m_month && !trim(cell(cells, m_month)).empty()) {
      month = parse_month_label(fold_name(cell(cells, m_month)), period());
      if (!month) m_cells.error(line, *m_month + 1, label(*m_month), "应为月份，如 2020-08 或 8月");
      else if (!within_period(*month, line, *m_month + 1, "采用")) return;
    }
    auto n = m_cells.count(cell(cells, m_count), line, *m_count + 1, label(*m_count));
    if (id && level && n) data().adoption_counts.push_back({*id, *level, month, *n, source(line)});
  }

private:
  std::optional<std::size_t> read_level(std::size_t line, std::span<const std::string_view> cells) {
    auto text = cell(cells, m_level);
    if (auto level = scheme().find_level(text)) return level;
    m_cells.error(line, *m_level + 1, label(*m_level),
                  fmt::format("采用级别{}不在考核方案中，应为：{}", quoted_name(text), level_list(scheme())));
    return std::nullopt;
  }

  std::optional<std::size_t> m_level, m_date, m_title, m_count, m_month;
  std::vector<std::pair<std::size_t, std::size_t>> m_level_columns;
};

class FindingsImporter : public RecordImporter {
public:
  using RecordImporter::RecordImporter;
  std::unique_ptr<RecordImporter> clone() const override {
    return std::unique_ptr<RecordImporter>(new FindingsImporter(*this));
  }

  bool setup(const Header& h, const Location& file, Diagnostics& out) override {
    m_type = h.find({"问题类型", "问题", "类型", "减分项", "扣分项"});
    m_note = h.find({"说明", "备注", "具体问题"});
    m_quantity = h.find({"数量", "次数"});
    name_column(source_field::k_type, m_type);
    name_column(source_field::k_count, m_quantity);
    mark_read(m_note);
    if (m_type) return true;
    out.error(file, "缺少“问题类型”列（填写考核方案中问题类型的代码或原因）");
    return false;
  }

  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    auto id = unit(line, cells);
    auto text = trim(cell(cells, m_type));
    auto type = scheme().find_finding(text);
    if (!type) {
      std::string known;
      for (const auto& t : scheme().finding_types) known += (known.empty() ? "" : "、") + t.code;
      m_cells.error(line, *m_type + 1, label(*m_type),
                    fmt::format("问题类型{}不在考核方案的问题目录中，应为：{}", quoted_name(text), known));
    }
    std::optional<std::int64_t> quantity = 1;
    if (m_quantity)
      quantity = m_cells.count(cell(cells, m_quantity), line, *m_quantity + 1, label(*m_quantity), 1);
    if (quantity && *quantity == 0) {
      m_cells.error(line, *m_quantity + 1, label(*m_quantity), "数量应为正整数");
      quantity.reset();
    }
    if (id && type && quantity)
      data().findings.push_back({*id, *type, std::string(trim(cell(cells, m_note))), *quantity, source(line)});
  }

private:
  std::optional<std::size_t> m_type, m_note, m_quantity;
};

} // namespace

std::unique_ptr<RecordImporter> make_adoption_importer(ImportContext& ctx, std::uint32_t file,
                                                       const Location& where) {
  return std::make_unique<AdoptionImporter>(ctx, file, where);
}

std::unique_ptr<RecordImporter> make_findings_importer(ImportContext& ctx, std::uint32_t file,
                                                       const Location& where) {
  return std::make_unique<FindingsImporter>(ctx, file, where);
}

} // namespace zwgk::ingest
