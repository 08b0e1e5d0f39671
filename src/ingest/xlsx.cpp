#include "ingest/xlsx.h"

#include "util/text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pugixml.hpp>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

namespace zwgk::ingest {
namespace {

constexpr zip_int64_t k_max_entries = 10'000;
constexpr zip_uint64_t k_max_part_bytes = zip_uint64_t{256} << 20;
constexpr zip_uint64_t k_max_ratio = 200;  // uncompressed ÷ compressed, beyond which it is a bomb

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

std::expected<std::string, std::string> read_part(zip_t* zip, const std::string& name) {
  zip_int64_t index = zip_name_locate(zip, name.c_str(), 0);
  if (index < 0) return std::unexpected(fmt::format("工作簿中缺少“{}”", name));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return std::unexpected(fmt::format("无法读取工作簿中的“{}”", name));
  if (st.size > k_max_part_bytes ||
      ((st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0 && st.size / st.comp_size > k_max_ratio))
    return std::unexpected(fmt::format("工作簿中的“{}”解压后过大（{} 字节），疑似压缩炸弹，已拒绝", name, st.size));
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0),
                                                         zip_fclose);
  if (!file) return std::unexpected(fmt::format("无法读取工作簿中的“{}”", name));
  std::string data(st.size, '\0');
  zip_int64_t got = zip_fread(file.get(), data.data(), st.size);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
    return std::unexpected(fmt::format("工作簿中的“{}”已损坏", name));
  return data;
}

std::expected<pugi::xml_document, std::string> parse_part(zip_t* zip, const std::string& name) {
  auto text = read_part(zip, name);
  if (!text) return std::unexpected(text.error());
  pugi::xml_document doc;
  if (!doc.load_buffer(text->data(), text->size()))
    return std::unexpected(fmt::format("工作簿中的“{}”不是有效的 XML", name));
  return doc;
}

// Text of a shared or inline string, without phonetic (rPh) runs.
std::string string_item(const pugi::xml_node& si) {
  std::string out;
  for (const auto& node : si.children()) {
    std::string_view tag = node.name();
    if (tag == "t") out += node.text().get();
    else if (tag == "r") out += node.child("t").text().get();
  }
  return out;
}

// "C5" → column index 2.
std::size_t column_of(std::string_view ref) {
  std::size_t col = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
  }
  return col == 0 ? 0 : col - 1;
}

struct SheetEntry {
  std::string name;
  std::string part;  // e.g. "xl/worksheets/sheet1.xml"
};

// The part each relationship of the workbook points to, if it is a worksheet
// (not a chart sheet or another kind of part).
std::expected<std::map<std::string, std::string>, std::string> worksheet_parts(zip_t* zip) {
  auto rels = parse_part(zip, "xl/_rels/workbook.xml.rels");
  if (!rels) return std::unexpected(rels.error());
  std::map<std::string, std::string> parts;
  for (const auto& rel : rels->child("Relationships").children("Relationship")) {
    if (!std::string_view(rel.attribute("Type").value()).ends_with("/worksheet")) continue;
    std::string target = rel.attribute("Target").value();
    if (target.starts_with("/")) target.erase(0, 1);  // an absolute part name
    else target = "xl/" + target;
    parts.emplace(rel.attribute("Id").value(), std::move(target));
  }
  return parts;
}

// The relationship id of a <sheet>: r:id, whatever the namespace's prefix.
std::string_view relationship_id(const pugi::xml_node& sheet) {
  for (const auto& a : sheet.attributes())
    if (std::string_view name = a.name(); name.ends_with(":id")) return a.value();
  return {};
}

// The workbook's worksheets in tab order.
std::expected<std::vector<SheetEntry>, std::string> list_worksheets(zip_t* zip) {
  auto book = parse_part(zip, "xl/workbook.xml");
  if (!book) return std::unexpected(book.error());
  auto parts = worksheet_parts(zip);
  if (!parts) return std::unexpected(parts.error());
  std::vector<SheetEntry> sheets;
  for (const auto& sheet : book->child("workbook").child("sheets").children("sheet")) {
    auto part = parts->find(std::string(relationship_id(sheet)));
    if (part != parts->end()) sheets.push_back({sheet.attribute("name").value(), part->second});
  }
  if (sheets.empty()) return std::unexpected("工作簿中没有工作表");
  return sheets;
}

std::expected<SheetEntry, std::string> choose_sheet(const std::vector<SheetEntry>& sheets,
                                                    std::string_view wanted) {
  if (wanted.empty()) return sheets.front();
  std::vector<std::string> names;
  for (const auto& s : sheets) names.push_back(s.name);
  if (auto i = find_sheet(names, wanted)) return sheets[*i];
  return std::unexpected(fmt::format("工作簿中没有名为“{}”的工作表，现有的工作表：{}", wanted,
                                     fmt::join(names, "、")));
}

std::expected<std::vector<std::string>, std::string> read_shared_strings(zip_t* zip) {
  std::vector<std::string> shared;
  if (zip_name_locate(zip, "xl/sharedStrings.xml", 0) < 0) return shared;
  auto strings = parse_part(zip, "xl/sharedStrings.xml");
  if (!strings) return std::unexpected(strings.error());
  for (const auto& si : strings->child("sst").children("si")) shared.push_back(string_item(si));
  return shared;
}

std::string cell_text(const pugi::xml_node& c, const std::vector<std::string>& shared) {
  std::string_view type = c.attribute("t").value();
  if (type == "s") {
    std::size_t i = c.child("v").text().as_ullong(SIZE_MAX);
    return i < shared.size() ? shared[i] : std::string();
  }
  if (type == "inlineStr") return string_item(c.child("is"));
  return c.child("v").text().get();
}

std::vector<XlsxRow> read_rows(const pugi::xml_document& doc, const std::vector<std::string>& shared) {
  std::vector<XlsxRow> rows;
  for (const auto& row : doc.child("worksheet").child("sheetData").children("row")) {
    XlsxRow r{static_cast<std::size_t>(row.attribute("r").as_ullong(rows.size() + 1)), {}};
    for (const auto& c : row.children("c")) {
      std::size_t col = column_of(c.attribute("r").value());
      if (col >= 16384) continue;  // beyond Excel's last column
      if (r.cells.size() <= col) r.cells.resize(col + 1);
      r.cells[col] = cell_text(c, shared);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

// Sheet names compare like Excel's: full-width forms, spaces and ASCII case aside.
std::string sheet_key(std::string_view name) {
  std::string key = fold_name(name);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  return key;
}

} // namespace

std::optional<std::size_t> find_sheet(std::span<const std::string> names, std::string_view wanted) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == wanted) return i;
  auto key = sheet_key(wanted);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (sheet_key(names[i]) == key) return i;
  return std::nullopt;
}

std::expected<XlsxSheet, std::string> read_xlsx_sheet(const std::filesystem::path& path,
                                                      std::string_view sheet_name) {
  int error = 0;
  Zip zip(zip_open(path.c_str(), ZIP_RDONLY, &error));
  if (!zip) return std::unexpected("不是有效的 .xlsx 文件（无法作为 ZIP 打开）");
  if (zip_get_num_entries(zip.get(), 0) > k_max_entries) return std::unexpected("工作簿中的文件过多，已拒绝");
  auto sheets = list_worksheets(zip.get());
  if (!sheets) return std::unexpected(sheets.error());
  auto sheet = choose_sheet(*sheets, sheet_name);
  if (!sheet) return std::unexpected(sheet.error());
  auto shared = read_shared_strings(zip.get());
  if (!shared) return std::unexpected(shared.error());
  auto doc = parse_part(zip.get(), sheet->part);
  if (!doc) return std::unexpected(doc.error());
  return XlsxSheet{sheet->name, read_rows(*doc, *shared)};
}

} // namespace zwgk::ingest
