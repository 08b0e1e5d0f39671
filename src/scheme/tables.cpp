// [[tables]]: the bulletin's attachments, their sections and ranking keys.
#include "scheme/names.h"
#include "scheme/scheme.h"
#include "scheme/toml_reader.h"
#include "util/text.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <map>

namespace zwgk::scheme_detail {
namespace {

constexpr std::string_view k_path = "tables.";

// What Excel refuses in a worksheet name, and its length limit in characters.
constexpr std::string_view k_sheet_forbidden = "[]:*?/\\";
constexpr std::string_view k_sheet_forbidden_shown = "[ ] : * ? / \\";
constexpr std::size_t k_sheet_name_limit = 31;
// What render/csv_tables.cpp replaces with "_" in a file name.
constexpr std::string_view k_file_forbidden = "/\\:*?\"<>|";

const std::map<std::string_view, SortField>& sort_fields() {
  static const std::map<std::string_view, SortField> k_fields = {
      {"total", SortField::Total},
      {"publication", SortField::Publication},
      {"bonus", SortField::Bonus},
      {"deduction", SortField::Deduction},
      {"published_total", SortField::PublishedTotal},
      {"submissions", SortField::Submissions},
      {"adoption_bonus", SortField::AdoptionBonus},
      {"adoptions", SortField::Adoptions},
      {"section", SortField::Section},
      {"name", SortField::Name},
      {"official_order", SortField::OfficialOrder},
  };
  return k_fields;
}

// "total desc", "published:1 desc", "name"; spaces and tabs around and
// between the field and its direction do not matter.
std::optional<SortKey> parse_sort_key(std::string_view text) {
  SortKey key;
  text = trim(text);
  if (auto space = text.find_first_of(" \t"); space != std::string_view::npos) {
    auto direction = trim(text.substr(space));
    text = text.substr(0, space);
    if (direction == "desc") key.descending = true;
    else if (direction != "asc") return std::nullopt;
  }
  if (text.starts_with("published:")) {
    auto digits = text.substr(10);
    int month = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), month);
    if (ec != std::errc{} || end != digits.data() + digits.size() || month < 1 || month > 3)
      return std::nullopt;
    key.field = SortField::PublishedMonth;
    key.month = month;
    return key;
  }
  auto it = sort_fields().find(text);
  if (it == sort_fields().end()) return std::nullopt;
  key.field = it->second;
  return key;
}

std::optional<TableKind> parse_kind(std::string_view text) {
  if (text == "scores") return TableKind::Scores;
  if (text == "submissions") return TableKind::Submissions;
  if (text == "deductions") return TableKind::Deductions;
  if (text == "indicators") return TableKind::Indicators;
  if (text == "counts") return TableKind::Counts;
  return std::nullopt;
}

// 通报.xlsx names each table's worksheet by its id, and libxlsxwriter (like
// Excel) refuses what Excel refuses: so does the scheme, before `report`.
void check_sheet_name(TomlReader& r, const toml::table& t, std::string_view id) {
  const toml::node* where = t.get("id");
  if (!where || id.empty()) {
    if (where) r.error(where, "“tables.id”不能为空（它是 通报.xlsx 中的工作表名称）");
    return;
  }
  std::string why;
  if (id.find_first_of(k_sheet_forbidden) != std::string_view::npos)
    why = fmt::format("不能含有 {} 这些字符", k_sheet_forbidden_shown);
  else if (code_point_count(id) > k_sheet_name_limit)
    why = fmt::format("不能超过 {} 个字符（现有 {} 个）", k_sheet_name_limit, code_point_count(id));
  else if (id.front() == '\'' || id.back() == '\'')
    why = "不能以英文单引号（'）开头或结尾";
  else if (caseless(id) == "history")
    why = "不能是 History（Excel 保留的名称）";
  if (!why.empty())
    r.error(where, fmt::format("表的 id“{}”不能用作 通报.xlsx 的工作表名称：{}", id, why));
}

// The name of a table's file in `period` (none: with "{quarter}" as written):
// render/csv_tables.cpp writes "{id}-{title}.csv" with each of k_file_forbidden as "_".
std::string file_name(const TableSpec& spec, std::optional<Period> period) {
  std::string name = spec.id + "-" + spec.title;
  if (period) name = substitute(name, {{"quarter", period->chinese_name()}});
  for (char& c : name)
    if (k_file_forbidden.find(c) != std::string_view::npos) c = '_';
  return name + ".csv";
}

// Two tables must differ in their worksheet names (Excel ignores case) and
// in their file names in every quarter (else one file overwrites the other).
void check_distinct(TomlReader& r, const std::vector<const toml::table*>& nodes, const Scheme& s) {
  std::map<std::string, std::size_t> sheets;
  const PeriodLength length = s.period.length;  // [period] is read before [[tables]]
  const int periods = Period::count_in_year(length);
  std::vector<std::map<std::string, std::size_t>> files(static_cast<std::size_t>(periods));  // per period of a year
  for (std::size_t i = 0; i < s.tables.size(); ++i) {
    const TableSpec& spec = s.tables[i];
    auto [sheet, fresh] = sheets.try_emplace(caseless(spec.id), i);
    if (!fresh) {
      r.error(nodes[i]->get("id"), fmt::format("表的 id“{}”与第 {} 行的表“{}”相同（工作表名称不区分大小写）",
                                               spec.id, r.at(nodes[sheet->second]).line,
                                               s.tables[sheet->second].id));
      continue;
    }
    std::optional<std::size_t> other;
    std::vector<Period> colliding;  // the periods in which the names collide
    for (int n = 1; n <= periods; ++n) {
      const Period period{2000, n, length};
      auto [file, first] = files[static_cast<std::size_t>(n - 1)].try_emplace(caseless(file_name(spec, period)), i);
      if (first || (other && *other != file->second)) continue;
      other = file->second;
      colliding.push_back(period);
    }
    if (!other) continue;
    r.error(nodes[i], fmt::format("表“{}”与第 {} 行的表“{}”生成同名的文件“{}”，后写的会覆盖先写的；"
                                  "请改 id 或 title（文件名不区分大小写，{} 都当作 _）",
                                  spec.id, r.at(nodes[*other]).line, s.tables[*other].id,
                                  file_name(spec, static_cast<int>(colliding.size()) == periods ? std::nullopt : std::optional(colliding.front())), k_file_forbidden));
  }
}

// A count table's `figures` (its columns): required there, refused elsewhere.
void read_figure_columns(TomlReader& r, const toml::table& t, const Scheme& s, TableSpec& spec) {
  if (spec.kind != TableKind::Counts) {
    if (t.contains("figures"))
      r.error(t.get("figures"), fmt::format("只有 kind = \"counts\" 的表才写 figures（表“{}”）", spec.id));
    return;
  }
  const auto names = r.strings(t, "figures", k_path, Need::Required);
  if (names.empty() && t.contains("figures")) r.error(t.get("figures"), fmt::format("表“{}”的 figures 为空", spec.id));
  for (const auto& name : names) {
    if (auto figure = s.parse_figure(name)) spec.figures.push_back(*figure);
    else r.error(t.get("figures"), fmt::format("表“{}”的 figures：{}", spec.id, figure.error()));
  }
}

void read_table(TomlReader& r, const toml::table& t, Scheme& s) {
  r.check_keys(t, k_path, {"id", "title", "kind", "sections", "names", "order", "note", "indicators", "totals",
                         "figures"});
  TableSpec spec;
  spec.id = r.string(t, "id", k_path, Need::Required).value_or("");
  spec.title = r.string(t, "title", k_path, Need::Required).value_or("");
  spec.note = r.string(t, "note", k_path, Need::Optional).value_or("");
  if (auto kind = r.string(t, "kind", k_path, Need::Required)) {
    if (auto k = parse_kind(*kind)) spec.kind = *k;
    else r.error(t.get("kind"), "“tables.kind”应为 \"scores\"、\"submissions\"、\"deductions\"、\"indicators\" 或 \"counts\"");
  }
  read_indicator_columns(r, t, s, spec);
  read_figure_columns(r, t, s, spec);
  spec.totals = r.boolean(t, "totals", k_path, Need::Optional).value_or(false);
  if (spec.totals && spec.kind == TableKind::Deductions)
    r.error(t.get("totals"), fmt::format("表“{}”是减分说明（deductions），没有可以合计的数字，不能写 totals", spec.id));
  spec.sections = r.strings(t, "sections", k_path, Need::Required);
  if (const toml::array* listed = t.get_as<toml::array>("sections"); listed && listed->empty())
    r.error(listed, fmt::format("表“{}”的 sections 为空：表中不会有任何单位", spec.id));
  for (auto& code : spec.sections) {
    if (const Section* section = s.find_section(code)) code = section->code;  // a title names it too
    else r.error(t.get("sections"), fmt::format("表“{}”引用了未定义的分组“{}”", spec.id, code));
  }
  auto names = r.string(t, "names", k_path, Need::Optional).value_or("short");
  if (names == "short") spec.names = NameStyle::Short;
  else if (names == "official") spec.names = NameStyle::Official;
  else r.error(t.get("names"), "“tables.names”应为 \"short\"（简称）或 \"official\"（正式名称）");
  for (const auto& text : r.strings(t, "order", k_path, Need::Optional)) {
    if (auto key = parse_sort_key(text)) spec.order.push_back(*key);
    else
      r.error(t.get("order"),
              fmt::format("排序键“{}”无法识别；可用：total、publication、bonus、deduction、"
                          "published:N、published_total、submissions、adoption_bonus、adoptions、"
                          "section、name、official_order，后加 \" desc\" 表示降序、\" asc\"（默认）表示升序",
                          text));
  }
  check_sheet_name(r, t, spec.id);
  s.tables.push_back(std::move(spec));
}

} // namespace

void read_tables(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::array* arr = r.array(root, "tables", "", Need::Required);
  if (!arr || !r.within_items(*arr, "tables")) return;
  std::vector<const toml::table*> nodes;
  for (const auto& item : *arr) {
    if (const toml::table* t = item.as_table()) {
      read_table(r, *t, s);
      nodes.push_back(t);
    } else {
      r.error(&item, "“tables”的每一项应为表（[[tables]]）");
    }
  }
  check_distinct(r, nodes, s);
  if (s.tables.empty()) r.error(&root, "至少需要定义一张表（[[tables]]）");
}

} // namespace zwgk::scheme_detail
