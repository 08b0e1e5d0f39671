#include "ingest/xlsx.h"

#include <fmt/format.h>
#include <pugixml.hpp>
#include <zip.h>

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

// Path of the first worksheet, from the workbook and its relationships.
std::expected<std::pair<std::string, std::string>, std::string> first_sheet(zip_t* zip) {
  auto book = parse_part(zip, "xl/workbook.xml");
  if (!book) return std::unexpected(book.error());
  auto sheet = book->child("workbook").child("sheets").child("sheet");
  if (!sheet) return std::unexpected("工作簿中没有工作表");
  std::string id = sheet.attribute("r:id").value();
  auto rels = parse_part(zip, "xl/_rels/workbook.xml.rels");
  if (!rels) return std::unexpected(rels.error());
  for (const auto& rel : rels->child("Relationships").children("Relationship")) {
    if (id != rel.attribute("Id").value()) continue;
    std::string target = rel.attribute("Target").value();
    if (target.starts_with("/")) target.erase(0, 1);  // an absolute part name
    else target = "xl/" + target;
    return std::pair{std::string(sheet.attribute("name").value()), target};
  }
  return std::unexpected("工作簿中找不到第一个工作表的内容");
}

} // namespace

std::expected<XlsxSheet, std::string> read_xlsx_sheet(const std::filesystem::path& path) {
  int error = 0;
  Zip zip(zip_open(path.c_str(), ZIP_RDONLY, &error));
  if (!zip) return std::unexpected("不是有效的 .xlsx 文件（无法作为 ZIP 打开）");
  if (zip_get_num_entries(zip.get(), 0) > k_max_entries) return std::unexpected("工作簿中的文件过多，已拒绝");
  auto sheet_part = first_sheet(zip.get());
  if (!sheet_part) return std::unexpected(sheet_part.error());
  std::vector<std::string> shared;
  if (zip_name_locate(zip.get(), "xl/sharedStrings.xml", 0) >= 0) {
    auto strings = parse_part(zip.get(), "xl/sharedStrings.xml");
    if (!strings) return std::unexpected(strings.error());
    for (const auto& si : strings->child("sst").children("si")) shared.push_back(string_item(si));
  }
  auto doc = parse_part(zip.get(), sheet_part->second);
  if (!doc) return std::unexpected(doc.error());
  XlsxSheet out{sheet_part->first, {}};
  for (const auto& row : doc->child("worksheet").child("sheetData").children("row")) {
    XlsxRow r{static_cast<std::size_t>(row.attribute("r").as_ullong(out.rows.size() + 1)), {}};
    for (const auto& c : row.children("c")) {
      std::size_t col = column_of(c.attribute("r").value());
      if (col >= 16384) continue;  // beyond Excel's last column
      if (r.cells.size() <= col) r.cells.resize(col + 1);
      std::string_view type = c.attribute("t").value();
      if (type == "s") {
        std::size_t i = c.child("v").text().as_ullong(SIZE_MAX);
        r.cells[col] = i < shared.size() ? shared[i] : std::string();
      } else if (type == "inlineStr") {
        r.cells[col] = string_item(c.child("is"));
      } else {
        r.cells[col] = c.child("v").text().get();
      }
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

} // namespace zwgk::ingest
