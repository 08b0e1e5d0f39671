// [[tables]]: the bulletin's attachments, their sections and ranking keys.
#include "scheme/scheme.h"
#include "scheme/toml_reader.h"
#include "util/text.h"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace zwgk::scheme_detail {
namespace {

constexpr std::string_view k_path = "tables.";

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
  return std::nullopt;
}

void read_table(TomlReader& r, const toml::table& t, Scheme& s) {
  r.check_keys(t, k_path, {"id", "title", "kind", "sections", "names", "order", "note"});
  TableSpec spec;
  spec.id = r.string(t, "id", k_path, Need::Required).value_or("");
  spec.title = r.string(t, "title", k_path, Need::Required).value_or("");
  spec.note = r.string(t, "note", k_path, Need::Optional).value_or("");
  if (auto kind = r.string(t, "kind", k_path, Need::Required)) {
    if (auto k = parse_kind(*kind)) spec.kind = *k;
    else r.error(t.get("kind"), "“tables.kind”应为 \"scores\"、\"submissions\" 或 \"deductions\"");
  }
  spec.sections = r.strings(t, "sections", k_path, Need::Required);
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
  for (const auto& other : s.tables)
    if (other.id == spec.id) r.error(&t, fmt::format("表“{}”重复定义", spec.id));
  s.tables.push_back(std::move(spec));
}

} // namespace

void read_tables(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::array* arr = r.array(root, "tables", "", Need::Required);
  if (!arr) return;
  for (const auto& item : *arr) {
    if (const toml::table* t = item.as_table()) read_table(r, *t, s);
    else r.error(&item, "“tables”的每一项应为表（[[tables]]）");
  }
  if (s.tables.empty()) r.error(&root, "至少需要定义一张表（[[tables]]）");
}

} // namespace zwgk::scheme_detail
