// The few WordprocessingML building blocks that 通报.docx's writers share
// (docx.cpp: the text; docx_table.cpp: the attachments' tables).
#pragma once

#include "util/text.h"

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace zwgk::docx {

inline void set(pugi::xml_node node, const char* attribute, std::string_view value) {
  node.append_attribute(attribute).set_value(std::string(value).c_str());
}

inline void set(pugi::xml_node node, const char* attribute, long long value) {
  node.append_attribute(attribute).set_value(value);
}

inline pugi::xml_node child(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

// An empty paragraph of `style`, its properties node returned for additions.
inline pugi::xml_node styled_paragraph(pugi::xml_node parent, std::string_view style, pugi::xml_node* properties = nullptr) {
  auto p = child(parent, "w:p");
  auto pr = child(p, "w:pPr");
  set(child(pr, "w:pStyle"), "w:val", style);
  if (properties) *properties = pr;
  return p;
}

// The East Asian font of a paragraph style (docx_parts.cpp).
std::string_view east_asian_font(std::string_view style);

// `text` split where quotation marks, dashes and ellipses begin and end:
// Chinese text sets them full width, in the Chinese font, but a reader
// deciding by the character alone takes them for Western ones (LibreOffice
// does; Word unless told by w:hint), and prints them narrow in Times New Roman.
std::vector<std::pair<std::string, bool>> split_full_width_punctuation(std::string_view text);

// The lines as runs of `p`; each line after the first starts a new line
// (w:br). Full-width punctuation gets the paragraph style's Chinese font for
// every script, so that every reader prints it full width.
inline void add_lines(pugi::xml_node p, const std::vector<std::string>& lines) {
  const std::string font(east_asian_font(p.child("w:pPr").child("w:pStyle").attribute("w:val").as_string()));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    bool first = true;
    for (const auto& [text, full_width] : split_full_width_punctuation(xml_safe_text(lines[i]))) {
      auto run = child(p, "w:r");
      if (full_width) {
        auto fonts = child(child(run, "w:rPr"), "w:rFonts");
        for (const char* script : {"w:ascii", "w:hAnsi", "w:eastAsia"}) set(fonts, script, font);
        set(fonts, "w:hint", "eastAsia");
      }
      if (i > 0 && first) child(run, "w:br");
      first = false;
      auto t = child(run, "w:t");
      set(t, "xml:space", "preserve");
      t.text().set(text.c_str());
    }
  }
}

inline pugi::xml_node paragraph_lines(pugi::xml_node parent, std::string_view style, const std::vector<std::string>& lines) {
  auto p = styled_paragraph(parent, style);
  add_lines(p, lines);
  return p;
}

inline pugi::xml_node paragraph(pugi::xml_node parent, std::string_view style, std::string_view text) {
  return paragraph_lines(parent, style, {std::string(text)});
}

} // namespace zwgk::docx
