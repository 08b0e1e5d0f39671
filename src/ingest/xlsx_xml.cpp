#include "ingest/xlsx_xml.h"

#include "util/text.h"

#include <expat.h>
#include <fmt/format.h>

#include <array>
#include <cstring>

namespace zwgk::ingest::xlsx {
namespace {

// Inflated bytes handed to expat at a time.
constexpr std::size_t k_block_bytes = 64u << 10;

std::string_view local_name(const char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

struct ParserCloser {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

// Expat's callbacks, forwarding to the handler and enforcing the depth limit.
struct Glue {
  XML_Parser parser;
  XmlHandler& handler;
  std::size_t depth = 0;

  void check() {
    if (handler.stopped()) XML_StopParser(parser, XML_FALSE);
  }
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attrs) {
    auto& g = *static_cast<Glue*>(self);
    if (++g.depth > k_max_xml_depth)
      g.handler.stop(fmt::format("元素嵌套超过 {} 层", k_max_xml_depth));
    else
      g.handler.start(local_name(name), Attributes(attrs));
    g.check();
  }
  static void XMLCALL on_end(void* self, const XML_Char* name) {
    auto& g = *static_cast<Glue*>(self);
    --g.depth;
    g.handler.end(local_name(name));
    g.check();
  }
  static void XMLCALL on_text(void* self, const XML_Char* s, int len) {
    auto& g = *static_cast<Glue*>(self);
    g.handler.text(std::string_view(s, static_cast<std::size_t>(len)));
    g.check();
  }
  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto& g = *static_cast<Glue*>(self);
    g.handler.stop("含有 DOCTYPE 声明（Excel 的文件从不含有），已拒绝");
    g.check();
  }
};

// Why expat refused the part, in Chinese; `at` is the refused bytes when
// they are in the block just given.
std::string xml_error(XML_Error code, std::string_view at) {
  switch (code) {
    case XML_ERROR_INVALID_TOKEN:
      if (!at.empty() && utf8_valid_prefix(at.substr(0, 4)) == 0) return "含有无效的 UTF-8 字节";
      return "含有不合法的字符或标记";
    case XML_ERROR_NO_ELEMENTS:
    case XML_ERROR_UNCLOSED_TOKEN:
    case XML_ERROR_UNCLOSED_CDATA_SECTION:
      return "内容不完整（被截断）";
    case XML_ERROR_TAG_MISMATCH: return "开始标记和结束标记不匹配";
    case XML_ERROR_BAD_CHAR_REF: return "含有 XML 不允许的字符（如控制字符）";
    case XML_ERROR_UNDEFINED_ENTITY: return "使用了未定义的实体";
    case XML_ERROR_UNKNOWN_ENCODING:
    case XML_ERROR_INCORRECT_ENCODING: return "使用了不支持的字符编码";
    default: return "格式错误";
  }
}

} // namespace

std::optional<std::string_view> Attributes::get(std::string_view name) const {
  for (const char** a = m_attrs; a && a[0]; a += 2)
    if (local_name(a[0]) == name) return std::string_view(a[1]);
  return std::nullopt;
}

bool has_part(zip_t* zip, const std::string& name) { return zip_name_locate(zip, name.c_str(), 0) >= 0; }

std::optional<PartError> parse_part(zip_t* zip, const std::string& name, std::uint64_t max_bytes,
                                    XmlHandler& handler) {
  auto refused = [](std::string message) { return PartError{PartFailure::Refused, std::move(message)}; };
  zip_int64_t index = zip_name_locate(zip, name.c_str(), 0);
  if (index < 0) return refused(fmt::format("工作簿中缺少“{}”", name));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return refused(fmt::format("无法读取工作簿中的“{}”", name));
  auto too_large = [&] {
    return refused(max_bytes >= (1u << 20) ? fmt::format("工作簿中的“{}”解压后超过 {} MB，已拒绝", name, max_bytes >> 20)
                                           : fmt::format("工作簿中的“{}”解压后超过 {} 字节，已拒绝", name, max_bytes));
  };
  auto bomb = [&] {
    return refused(fmt::format("工作簿中的“{}”压缩比超过 {} 倍，疑似压缩炸弹，已拒绝", name, k_max_zip_ratio));
  };
  // The declared sizes may lie: what is actually inflated is counted below too.
  const zip_uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0 ? st.comp_size : 1;
  if (st.size > max_bytes) return too_large();
  if (st.size / compressed > k_max_zip_ratio) return bomb();
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0),
                                                         zip_fclose);
  if (!file) return refused(fmt::format("无法读取工作簿中的“{}”（压缩方式不支持或已加密）", name));
  std::unique_ptr<XML_ParserStruct, ParserCloser> parser(XML_ParserCreate(nullptr));
  if (!parser) return refused(fmt::format("无法读取工作簿中的“{}”（内存不足）", name));
  Glue glue{parser.get(), handler};
  XML_SetUserData(parser.get(), &glue);
  XML_SetElementHandler(parser.get(), Glue::on_start, Glue::on_end);
  XML_SetCharacterDataHandler(parser.get(), Glue::on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), Glue::on_doctype);
  std::array<char, k_block_bytes> block;
  std::uint64_t total = 0;
  std::size_t since_tag_end = 0;  // bytes since the last '>'
  XML_Index block_start = 0;
  for (bool last = false; !last;) {
    zip_int64_t got = zip_fread(file.get(), block.data(), block.size());
    if (got < 0) return refused(fmt::format("工作簿中的“{}”已损坏（无法解压）", name));
    total += static_cast<std::uint64_t>(got);
    if (total > max_bytes) return too_large();
    if (total / compressed > k_max_zip_ratio) return bomb();
    const void* gt = memrchr(block.data(), '>', static_cast<std::size_t>(got));
    since_tag_end = gt ? static_cast<std::size_t>(block.data() + got - static_cast<const char*>(gt) - 1)
                       : since_tag_end + static_cast<std::size_t>(got);
    if (since_tag_end > k_max_markup_bytes)
      return PartError{PartFailure::Stopped, fmt::format("工作簿中的“{}”含有超过 {} MB 的标记或文本，已拒绝", name,
                                                         k_max_markup_bytes >> 20)};
    last = got == 0;
    if (XML_Parse(parser.get(), block.data(), static_cast<int>(got), last) == XML_STATUS_OK) {
      block_start += got;
      continue;
    }
    if (handler.stopped())
      return PartError{PartFailure::Stopped, fmt::format("工作簿中的“{}”{}", name, *handler.stopped())};
    XML_Index at = XML_GetCurrentByteIndex(parser.get()) - block_start;
    std::string_view bytes(block.data(), static_cast<std::size_t>(got));
    return PartError{PartFailure::Invalid, fmt::format("工作簿中的“{}”不是有效的 XML（第{}行第{}列：{}）", name,
                       XML_GetCurrentLineNumber(parser.get()), XML_GetCurrentColumnNumber(parser.get()) + 1,
                       xml_error(XML_GetErrorCode(parser.get()),
                                 at >= 0 && static_cast<std::size_t>(at) < bytes.size()
                                     ? bytes.substr(static_cast<std::size_t>(at))
                                     : std::string_view{}))};
  }
  return std::nullopt;
}

} // namespace zwgk::ingest::xlsx
