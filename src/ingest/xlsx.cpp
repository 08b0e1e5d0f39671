// The workbook around a sheet: the package, its worksheets in tab order, and
// the parts a sheet's values depend on (styles, shared strings).
#include "ingest/xlsx.h"

#include "ingest/xlsx_parts.h"
#include "ingest/zip_directory.h"
#include "util/text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>

namespace zwgk::ingest {
namespace {

using namespace xlsx;

constexpr std::string_view k_workbook = "xl/workbook.xml";
constexpr std::string_view k_workbook_rels = "xl/_rels/workbook.xml.rels";

// A relationship's target as a part name: relative to xl/ (where the
// workbook is) unless absolute; "." and ".." resolved.
std::string part_name(std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1)) : "xl/" + std::string(target);
  std::vector<std::string> segments;
  for (std::size_t start = 0; start <= path.size();) {
    auto slash = std::min(path.find('/', start), path.size());
    auto segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(std::move(segment));
    }
    start = slash + 1;
  }
  return join(segments, "/");
}

// The workbook's relationships: its worksheets (by id), styles and shared strings.
class RelationshipsHandler : public XmlHandler {
public:
  std::map<std::string, std::string> worksheets;  // id → part
  std::string styles, shared_strings;

  void start(std::string_view name, const Attributes& attrs) override {
    if (name != "Relationship" || attrs.get("TargetMode").value_or("") == "External") return;
    auto type = attrs.get("Type").value_or("");
    auto target = part_name(attrs.get("Target").value_or(""));
    if (type.ends_with("/worksheet")) worksheets.emplace(attrs.get("Id").value_or(""), target);
    else if (type.ends_with("/styles")) styles = target;
    else if (type.ends_with("/sharedStrings")) shared_strings = target;
  }
  void end(std::string_view) override {}
};

struct SheetEntry {
  std::string name;
  std::string id;  // the relationship id (r:id)
};

class WorkbookHandler : public XmlHandler {
public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;

  void start(std::string_view name, const Attributes& attrs) override {
    if (name == "workbookPr") {
      auto v = attrs.get("date1904").value_or("");
      date1904 = v == "1" || v == "true";
    } else if (name == "sheet") {
      sheets.push_back({std::string(attrs.get("name").value_or("")), std::string(attrs.get("id").value_or(""))});
    }
  }
  void end(std::string_view) override {}
};

struct Workbook {
  std::vector<std::string> names;  // worksheets in tab order (chart sheets left out)
  std::vector<std::string> parts;
  RelationshipsHandler rels;
  bool date1904 = false;
};

std::expected<Workbook, XlsxError> read_workbook(zip_t* zip, const XlsxLimits& limits) {
  Workbook book;
  if (auto e = parse_part(zip, std::string(k_workbook_rels), limits.small_part_bytes, book.rels))
    return std::unexpected(XlsxError{e->message});
  WorkbookHandler handler;
  if (auto e = parse_part(zip, std::string(k_workbook), limits.small_part_bytes, handler))
    return std::unexpected(XlsxError{e->message});
  book.date1904 = handler.date1904;
  for (auto& sheet : handler.sheets)
    if (auto part = book.rels.worksheets.find(sheet.id); part != book.rels.worksheets.end()) {
      book.names.push_back(std::move(sheet.name));
      book.parts.push_back(part->second);
    }
  if (book.names.empty()) return std::unexpected(XlsxError{"工作簿中没有工作表"});
  return book;
}

std::expected<std::size_t, XlsxError> choose_sheet(const Workbook& book, std::string_view wanted) {
  if (wanted.empty()) return 0;
  if (auto i = find_sheet(book.names, wanted)) return *i;
  return std::unexpected(XlsxError{fmt::format("工作簿中没有名为“{}”的工作表，现有的工作表：{}", wanted,
                                               fmt::join(book.names, "、"))});
}

const XlsxError k_not_a_zip{"不是有效的 .xlsx 文件（无法作为 ZIP 打开）"};
// An OLE2 compound file: a workbook saved with a password, or an old .xls renamed.
const XlsxError k_ole2{"是加密的 Excel 工作簿或旧版 .xls 文件，无法读取；请在 Excel 中取消密码，另存为 .xlsx 工作簿"};
constexpr std::string_view k_ole2_signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

// Whether the archive's directory is small enough to be read.
std::optional<XlsxError> check_directory(std::uint64_t size, const ReadAt& read) {
  if (read(0, k_ole2_signature.size()) == k_ole2_signature) return k_ole2;
  auto dir = zip_directory(size, read);
  if (!dir) return k_not_a_zip;
  if (dir->entries > k_max_entries)
    return XlsxError{fmt::format("工作簿中的文件超过 {} 个，已拒绝", k_max_entries)};
  if (dir->bytes > k_max_directory_bytes)
    return XlsxError{fmt::format("工作簿的文件目录超过 {} MB，已拒绝", k_max_directory_bytes >> 20)};
  return std::nullopt;
}

std::expected<XlsxSheet, XlsxError> read_workbook_sheet(zip_t* zip, std::string_view sheet_name,
                                                        const XlsxLimits& limits) {
  if (static_cast<std::uint64_t>(zip_get_num_entries(zip, 0)) > k_max_entries)  // the directory said otherwise
    return std::unexpected(XlsxError{fmt::format("工作簿中的文件超过 {} 个，已拒绝", k_max_entries)});
  auto book = read_workbook(zip, limits);
  if (!book) return std::unexpected(book.error());
  auto chosen = choose_sheet(*book, sheet_name);
  if (!chosen) return std::unexpected(chosen.error());
  XlsxSheet sheet;
  sheet.name = book->names[*chosen];
  Styles styles;
  styles.date1904 = book->date1904;
  auto in_sheet = [&](PartError e) { return std::unexpected(XlsxError{std::move(e.message), sheet.name}); };
  std::string styles_part = book->rels.styles.empty() ? "xl/styles.xml" : book->rels.styles;
  if (has_part(zip, styles_part))
    if (auto e = read_styles(zip, styles_part, limits, styles)) return in_sheet(std::move(*e));
  SharedStrings shared;
  std::string strings_part = book->rels.shared_strings.empty() ? "xl/sharedStrings.xml" : book->rels.shared_strings;
  if (has_part(zip, strings_part))
    if (auto e = read_shared_strings(zip, strings_part, limits, shared)) return in_sheet(std::move(*e));
  if (auto e = read_sheet(zip, book->parts[*chosen], std::move(shared), styles, limits, sheet)) return std::unexpected(*e);
  return sheet;
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

std::expected<XlsxSheet, XlsxError> read_xlsx_sheet(const std::filesystem::path& path,
                                                    std::string_view sheet_name, const XlsxLimits& limits) {
  {
    std::ifstream file(path, std::ios::binary);
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (!file || ec) return std::unexpected(k_not_a_zip);
    auto error = check_directory(size, [&](std::uint64_t offset, std::size_t count) {
      std::string bytes(count, '\0');
      file.clear();
      file.seekg(static_cast<std::streamoff>(offset));
      file.read(bytes.data(), static_cast<std::streamsize>(count));
      bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(file.gcount(), 0)));
      return bytes;
    });
    if (error) return std::unexpected(*error);
  }
  int error = 0;
  Zip zip(zip_open(path.c_str(), ZIP_RDONLY, &error));
  if (!zip) return std::unexpected(k_not_a_zip);
  return read_workbook_sheet(zip.get(), sheet_name, limits);
}

std::expected<XlsxSheet, XlsxError> read_xlsx_bytes(std::string_view bytes, std::string_view sheet_name,
                                                    const XlsxLimits& limits) {
  if (auto error = check_directory(bytes.size(), [&](std::uint64_t offset, std::size_t count) {
        return offset < bytes.size() ? std::string(bytes.substr(offset, count)) : std::string();
      }))
    return std::unexpected(*error);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_error_fini(&error);
  if (!source) return std::unexpected(k_not_a_zip);
  zip_error_init(&error);
  Zip zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!zip) {
    zip_source_free(source);
    return std::unexpected(k_not_a_zip);
  }
  return read_workbook_sheet(zip.get(), sheet_name, limits);
}

} // namespace zwgk::ingest
