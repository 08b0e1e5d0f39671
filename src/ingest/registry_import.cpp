// Importer for the unit registry (单位名录).
#include "ingest/cells.h"
#include "ingest/importers.h"
#include "ingest/table.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::ingest {
namespace {

class RegistryImporter : public TableImporter {
public:
  RegistryImporter(const Scheme& scheme, Registry& registry, std::uint32_t file,
                   const Location& where, Diagnostics& out)
      : m_scheme(scheme), m_registry(registry), m_file(file), m_cells(where, out) {}

  std::vector<std::string_view> key_column_names() const override {
    return {"单位名称", "单位", "正式名称", "单位全称"};
  }

  bool on_header(const Header& h, const Location& file, Diagnostics& out) override {
    m_labels = h.labels;
    m_name = h.find({"单位名称", "单位", "正式名称", "单位全称"});
    m_short = h.find({"简称", "表格名称"});
    m_aliases = h.find({"别名", "其他名称"});
    m_section = h.find({"类别", "分组", "分类"});
    m_demo = h.find({"示范点", "是否示范点", "基层政务公开示范点"});
    m_tags = h.find({"标签"});
    m_exempt = h.find({"免考核", "免考核项目", "豁免"});
    m_sort = h.find({"排序键", "排序名称"});
    m_order = h.find({"序号", "机构序列", "顺序"});
    m_mail = h.find({"投稿邮箱", "邮箱", "发件邮箱", "电子邮箱"});
    if (!m_section) out.error(file, "单位名录缺少“类别”列（填写考核方案中的分组，如“部门”“镇街”）");
    return m_name && m_section;
  }

  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    auto get = [&](std::optional<std::size_t> i) {
      return i && *i < cells.size() ? trim(cells[*i]) : std::string_view{};
    };
    Unit unit;
    auto name = m_cells.required_text(get(m_name), line, *m_name + 1, m_labels[*m_name]);
    auto section = m_cells.required_text(get(m_section), line, *m_section + 1, m_labels[*m_section]);
    unit.short_name = std::string(get(m_short));
    unit.aliases = split_list(get(m_aliases));
    unit.tags = split_list(get(m_tags));
    unit.exemptions = split_list(get(m_exempt));
    unit.sort_key = std::string(get(m_sort));
    unit.mail_addresses = split_list(get(m_mail));
    ++m_rows;
    std::optional<std::int64_t> order = static_cast<std::int64_t>(m_rows);
    if (m_order) order = m_cells.count(get(m_order), line, *m_order + 1, m_labels[*m_order], order);
    if (m_demo) {
      auto demo = m_cells.yes_no(get(m_demo), line, *m_demo + 1, m_labels[*m_demo], false);
      if (demo && *demo && !unit.has_tag("示范点")) unit.tags.emplace_back("示范点");
    }
    if (section && !m_scheme.find_section(*section)) {
      std::string known;
      for (const auto& s : m_scheme.sections) known += (known.empty() ? "" : "、") + s.code;
      m_cells.error(line, *m_section + 1, m_labels[*m_section],
                    fmt::format("类别“{}”不是考核方案中的分组，应为：{}", *section, known));
      section.reset();
    }
    if (!name || !section || !order) return;
    unit.name = *name;
    unit.section = *section;
    unit.official_order = static_cast<int>(*order);
    unit.source = {m_file, static_cast<std::uint32_t>(line)};
    if (unit.short_name == unit.name) unit.short_name.clear();
    if (auto r = m_registry.add(std::move(unit)); !r)
      report_refused(line, r.error());
  }

private:
  // Registry::add refuses a name or a sender address already taken (or not
  // an address): reported at the column it came from.
  void report_refused(std::size_t line, const std::string& why) {
    if (m_mail && why.find("邮箱") != std::string::npos) {
      m_cells.error(line, *m_mail + 1, m_labels[*m_mail],
                    why.starts_with("邮箱") ? fmt::format("{}；同一邮箱只能属于一个单位", why) : why);
      return;
    }
    m_cells.error(line, *m_name + 1, m_labels[*m_name], fmt::format("{}；同一名称只能属于一个单位", why));
  }

  const Scheme& m_scheme;
  Registry& m_registry;
  std::uint32_t m_file;
  CellReader m_cells;
  std::vector<std::string> m_labels;
  std::optional<std::size_t> m_name, m_short, m_aliases, m_section, m_demo, m_tags, m_exempt, m_sort, m_order, m_mail;
  std::size_t m_rows = 0;
};

} // namespace

void import_registry(const std::filesystem::path& path, const std::string& display_name,
                     std::string_view sheet_name, const Scheme& scheme, Registry& registry,
                     SourceFiles& sources, Diagnostics& out) {
  auto table = open_table(path, display_name, sheet_name, out);
  if (!table) return;
  std::uint32_t file = sources.add(display_name, table->where.sheet);
  RegistryImporter importer(scheme, registry, file, table->where, out);
  import_table(*table, out, importer);
  if (registry.size() == 0 && !out.has_errors()) out.error(table->where, "单位名录中没有任何单位");
}

} // namespace zwgk::ingest
