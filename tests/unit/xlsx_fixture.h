// Hand-written .xlsx workbooks for the reader's tests: the XML parts as
// given, zipped in memory, so a test states exactly the bytes it is about;
// and reading them back.
#pragma once

#include "ingest/xlsx.h"
#include "render/zip_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>

#include <string>
#include <string_view>
#include <vector>

namespace zwgk::ingest::testing {

struct WorkbookParts {
  std::string sheet_data;                  // the <sheetData> children
  std::vector<std::string> shared;         // <si><t>…</t></si> each; none: no sharedStrings part
  std::string styles;                      // the whole styles.xml; empty: none
  std::string workbook_pr;                 // e.g. <workbookPr date1904="1"/>
  std::string sheet_xml;                   // replaces the whole worksheet part when set
  std::string sheet_name = "Sheet1";
};

inline constexpr std::string_view k_main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

// A styles.xml whose cell format 1 is a date (built-in 14) and 2 a custom
// date-time format; 0 is General.
inline std::string date_styles() {
  return std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + std::string(k_main_ns) +
         "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\\ h:mm\"/></numFmts>"
         "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
         "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
}

inline std::string make_workbook(const WorkbookParts& p) {
  const std::string rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg_ns = "http://schemas.openxmlformats.org/package/2006/relationships";
  std::string rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"" + pkg_ns + "\">"
                     "<Relationship Id=\"rId1\" Type=\"" + rel_ns + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
  if (!p.styles.empty())
    rels += "<Relationship Id=\"rId2\" Type=\"" + rel_ns + "/styles\" Target=\"styles.xml\"/>";
  if (!p.shared.empty())
    rels += "<Relationship Id=\"rId3\" Type=\"" + rel_ns + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
  rels += "</Relationships>";
  std::vector<ZipEntry> entries{
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"" + std::string(k_main_ns) + "\" xmlns:r=\"" + rel_ns +
                              "\">" + p.workbook_pr + "<sheets><sheet name=\"" + p.sheet_name +
                              "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels", rels},
      {"xl/worksheets/sheet1.xml", !p.sheet_xml.empty() ? p.sheet_xml
                                   : "<?xml version=\"1.0\"?><worksheet xmlns=\"" + std::string(k_main_ns) +
                                         "\"><sheetData>" + p.sheet_data + "</sheetData></worksheet>"}};
  if (!p.styles.empty()) entries.push_back({"xl/styles.xml", p.styles});
  if (!p.shared.empty()) {
    std::string sst = "<?xml version=\"1.0\"?><sst xmlns=\"" + std::string(k_main_ns) + "\">";
    for (const auto& s : p.shared) sst += "<si><t>" + s + "</t></si>";
    entries.push_back({"xl/sharedStrings.xml", sst + "</sst>"});
  }
  auto zip = zip_in_memory(entries);
  return zip ? *zip : std::string();
}

using Cells = std::vector<std::pair<std::uint32_t, std::string>>;
inline Cells cells(const XlsxSheet& sheet, std::size_t i) {
  Cells out;
  for (const auto& c : sheet.cells_of(sheet.rows.at(i))) out.emplace_back(c.column, std::string(sheet.text_of(c)));
  return out;
}

inline XlsxSheet read(const WorkbookParts& parts) {
  auto sheet = read_xlsx_bytes(make_workbook(parts));
  EXPECT_TRUE(sheet) << (sheet ? "" : sheet.error().message);
  return sheet ? std::move(*sheet) : XlsxSheet{};
}

inline XlsxError read_error(const WorkbookParts& parts) {
  auto sheet = read_xlsx_bytes(make_workbook(parts));
  EXPECT_FALSE(sheet);
  return sheet ? XlsxError{} : sheet.error();
}

inline std::string inline_cell(std::string_view ref, std::string_view text) {
  std::string r = ref.empty() ? "" : " r=\"" + std::string(ref) + "\"";
  return "<c" + r + " t=\"inlineStr\"><is><t>" + std::string(text) + "</t></is></c>";
}

inline std::string random_letters(std::size_t n) {  // text that does not compress like a bomb
  std::string out;
  for (std::uint32_t x = 1; out.size() < n;) {
    x = x * 1103515245 + 12345;
    out += static_cast<char>('a' + (x >> 16) % 26);
  }
  return out;
}

} // namespace zwgk::ingest::testing
