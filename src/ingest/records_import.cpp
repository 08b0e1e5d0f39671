// Importers for website publications and submissions.
#include "ingest/record_importer.h"

#include "engine/source_fields.h"

#include "util/text.h"

#include <fmt/format.h>

#include <functional>
#include <optional>

namespace zwgk::ingest {
namespace {

constexpr std::string_view k_layouts_hint =
    "应为以下格式之一：每月一列（如“7月”“8月”“9月”）；“月份”和“{}”两列；或逐条记录（含“{}”列）";

class PublishedImporter : public RecordImporter {
public:
  using RecordImporter::RecordImporter;
  std::unique_ptr<RecordImporter> clone() const override {
    return std::unique_ptr<RecordImporter>(new PublishedImporter(*this));
  }

  bool setup(const Header& h, const Location& file, Diagnostics& out) override {
    m_date = h.find({"发布日期", "发布时间", "日期"});
    if (m_date) {
      m_title = h.find({"标题", "信息标题", "名称"});
      m_url = h.find({"链接", "网址", "URL", "地址"});
      name_column(source_field::k_date, m_date);
      name_column(source_field::k_title, m_title);
      name_column(source_field::k_link, m_url);
      return true;
    }
    if (setup_counts(h, {"数量", "发布数量", "条数", "信息数量"}, "发布数量")) return true;
    out.error(file, fmt::format(fmt::runtime(k_layouts_hint), "数量", "发布日期"));
    return false;
  }

  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    if (!m_date) return read_counts(line, cells, data().published_counts);
    auto id = unit(line, cells);
    auto date = m_cells.date(cell(cells, m_date), line, *m_date + 1, label(*m_date));
    if (!id || !date) return;
    // An item is identified by its link; without one by its title and date
    // (an empty title too: two untitled items of a unit on one day are
    // taken for one item given twice).
    auto url = trim(cell(cells, m_url));
    auto title = trim(cell(cells, m_title));
    std::uint64_t identity = !url.empty() ? std::hash<std::string_view>{}(url)
                                          : std::hash<std::string>{}(std::string(title) + '\x1f' + date->to_string());
    data().published_items.push_back({*id, *date, identity, source(line)});
  }

private:
  std::optional<std::size_t> m_date, m_title, m_url;
};

class SubmissionImporter : public RecordImporter {
public:
  using RecordImporter::RecordImporter;
  std::unique_ptr<RecordImporter> clone() const override {
    return std::unique_ptr<RecordImporter>(new SubmissionImporter(*this));
  }

  bool setup(const Header& h, const Location& file, Diagnostics& out) override {
    m_received = h.find({"收到时间", "收件时间", "收到日期", "投稿时间", "投稿日期"});
    if (!m_received) {
      if (setup_counts(h, {"件数", "投稿件数", "数量", "篇数"}, "投稿件数")) return true;
      out.error(file, fmt::format(fmt::runtime(k_layouts_hint), "件数", "收到时间"));
      return false;
    }
    m_title = h.find({"标题", "稿件标题", "主题"});
    m_chars = h.find({"字数", "正文字数"});
    m_body = h.find({"正文", "内容"});
    m_pictures = h.find({"图片数", "图片", "图片张数"});
    m_on_topic = h.find({"是否切题", "切题", "与政务公开相关"});
    name_column(source_field::k_received, m_received);
    name_column(source_field::k_title, m_title);
    for (auto read : {m_chars, m_body, m_pictures, m_on_topic}) mark_read(read);
    const auto& rule = scheme().submission;
    bool ok = true;
    if (!m_title) ok = missing(file, out, "标题");
    if (rule.min_characters > 0 && !m_chars && !m_body) ok = missing(file, out, "字数”或“正文");
    if (rule.min_pictures > 0 && !m_pictures) ok = missing(file, out, "图片数");
    return ok;
  }

  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    if (!m_received) return read_counts(line, cells, data().submission_counts);
    SubmissionItem s;
    auto id = unit(line, cells);
    auto received = m_cells.date_time(cell(cells, m_received), line, *m_received + 1, label(*m_received));
    auto title = m_title ? m_cells.required_text(cell(cells, m_title), line, *m_title + 1, label(*m_title))
                         : std::optional<std::string>("");
    std::optional<std::int64_t> chars = 0, pictures = 0;
    if (m_chars) chars = m_cells.count(cell(cells, m_chars), line, *m_chars + 1, label(*m_chars), std::nullopt);
    else if (m_body) chars = static_cast<std::int64_t>(count_article_characters(cell(cells, m_body)));
    if (m_pictures) pictures = m_cells.count(cell(cells, m_pictures), line, *m_pictures + 1, label(*m_pictures));
    auto on_topic = m_on_topic ? m_cells.yes_no(cell(cells, m_on_topic), line, *m_on_topic + 1,
                                                label(*m_on_topic), true)
                               : std::optional<bool>(true);
    if (!id || !received || !title || !chars || !pictures || !on_topic) return;
    data().submissions.push_back({*id, *received, std::move(*title), *chars, *pictures,
                                      *on_topic ? OnTopic::Yes : OnTopic::No, source(line)});
  }

private:
  bool missing(const Location& file, Diagnostics& out, std::string_view column) {
    out.error(file, fmt::format("逐条投稿记录缺少“{}”列（考核方案的质量要求需要它）", column));
    return false;
  }
  std::optional<std::size_t> m_received, m_title, m_chars, m_body, m_pictures, m_on_topic;
};

} // namespace

std::unique_ptr<RecordImporter> make_adoption_importer(ImportContext&, std::uint32_t, const Location&);
std::unique_ptr<RecordImporter> make_findings_importer(ImportContext&, std::uint32_t, const Location&);
std::unique_ptr<RecordImporter> make_indicator_importer(ImportContext&, std::uint32_t, const Location&);

void import_records(RecordKind kind, const std::filesystem::path& path, const std::string& display_name,
                    std::string_view sheet_name, ImportContext& ctx) {
  auto table = open_table(path, display_name, sheet_name, ctx.out);
  if (!table) return;
  std::uint32_t file = ctx.data.sources.add(display_name, table->where.sheet);
  const Location& where = table->where;
  std::unique_ptr<RecordImporter> importer;
  switch (kind) {
    case RecordKind::Published: importer = std::make_unique<PublishedImporter>(ctx, file, where); break;
    case RecordKind::Submissions: importer = std::make_unique<SubmissionImporter>(ctx, file, where); break;
    case RecordKind::Adoptions: importer = make_adoption_importer(ctx, file, where); break;
    case RecordKind::Findings: importer = make_findings_importer(ctx, file, where); break;
    case RecordKind::Indicators: importer = make_indicator_importer(ctx, file, where); break;
  }
  const std::size_t errors_before = ctx.out.error_count();
  import_table(*table, ctx.out, *importer, ctx.progress);
  importer->finish();
  // A header and nothing under it (a page saved before its table loaded, a
  // template never filled in) would score every unit as having nothing.
  if (ctx.registry.complete() && importer->header_accepted() && !importer->added_records() && ctx.out.error_count() == errors_before)
    ctx.out.warning(where, "没有数据行（只有表头，或表头下各行都是空的）：这个文件不给任何单位计数，请确认文件是否完整");
}

} // namespace zwgk::ingest
