#include "mail/docx.h"

#include <pugixml.hpp>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

namespace zwgk::mail {
namespace {

constexpr zip_uint64_t k_max_part_bytes = zip_uint64_t{64} << 20;
constexpr zip_uint64_t k_max_ratio = 200;
constexpr zip_int64_t k_max_entries = 10'000;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

void collect_text(const pugi::xml_node& node, std::string& out) {
  for (const auto& child : node.children()) {
    std::string_view name = child.name();
    if (name == "w:t") {
      out += child.text().get();
    } else if (name == "w:tab") {
      out += '\t';
    } else if (name == "w:br" || name == "w:cr") {
      out += '\n';
    } else {
      collect_text(child, out);
      if (name == "w:p") out += '\n';
    }
  }
}

}  // namespace

bool is_picture_file_name(std::string_view name) {
  static constexpr std::array<std::string_view, 11> k_extensions{
      ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".emf", ".wmf", ".heic"};
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::any_of(k_extensions.begin(), k_extensions.end(),
                     [&](std::string_view ext) { return lower.ends_with(ext); });
}

std::expected<DocxContent, std::string> read_docx(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return std::unexpected(std::string("无法读取 .docx 文件"));
  }
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!zip) {
    zip_source_free(source);
    return std::unexpected(std::string("不是有效的 .docx 文件（ZIP 结构损坏）"));
  }
  zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  if (entries < 0 || entries > k_max_entries) return std::unexpected(std::string(".docx 文件条目过多，已拒绝"));

  DocxContent content;
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(zip.get(), static_cast<zip_uint64_t>(i), 0);
    if (!name) continue;
    std::string_view n(name);
    if (n.starts_with("word/media/") && is_picture_file_name(n)) ++content.pictures;
  }

  zip_int64_t index = zip_name_locate(zip.get(), "word/document.xml", 0);
  if (index < 0) return std::unexpected(std::string(".docx 文件中缺少正文（word/document.xml）"));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip.get(), static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return std::unexpected(std::string("无法读取 .docx 文件的正文"));
  if (st.size > k_max_part_bytes ||
      ((st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0 && st.size / st.comp_size > k_max_ratio))
    return std::unexpected(std::string(".docx 文件的正文解压后过大，疑似压缩炸弹，已拒绝"));
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(
      zip_fopen_index(zip.get(), static_cast<zip_uint64_t>(index), 0), zip_fclose);
  if (!file) return std::unexpected(std::string("无法读取 .docx 文件的正文"));
  std::string xml(st.size, '\0');
  zip_int64_t got = zip_fread(file.get(), xml.data(), st.size);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
    return std::unexpected(std::string(".docx 文件的正文已损坏"));
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return std::unexpected(std::string(".docx 文件的正文不是有效的 XML"));
  collect_text(doc, content.text);
  return content;
}

}  // namespace zwgk::mail
