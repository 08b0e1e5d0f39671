#include "util/encoding.h"

#include "util/text.h"

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <memory>

namespace zwgk {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Line and column of the first undecodable byte, counted in the text
// decoded before it (so a line of Chinese characters counts characters, and
// UTF-16 bytes that happen to equal '\n' do not count as lines).
DecodeError locate(const icu::UnicodeString& decoded, std::string message) {
  DecodeError e;
  e.line = 1;
  std::int32_t line_start = decoded.startsWith(u"\uFEFF") ? 1 : 0;  // a BOM is no character
  for (std::int32_t i = line_start; i < decoded.length(); ++i)
    if (decoded.charAt(i) == u'\n') {
      ++e.line;
      line_start = i + 1;
    }
  e.column = static_cast<std::size_t>(decoded.countChar32(line_start, decoded.length() - line_start)) + 1;
  e.message = std::move(message);
  return e;
}

std::expected<std::string, DecodeError> convert(std::string_view bytes, const char* charset,
                                                std::string_view what) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset, &status));
  if (U_FAILURE(status)) return std::unexpected(DecodeError{0, 0, "无法加载字符集转换器"});
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  icu::UnicodeString out;
  const char* source = bytes.data();
  const char* limit = bytes.data() + bytes.size();
  std::vector<UChar> buffer(64 * 1024);
  while (true) {
    UChar* target = buffer.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, buffer.data() + buffer.size(), &source, limit, nullptr,
                   true, &status);
    out.append(buffer.data(), static_cast<std::int32_t>(target - buffer.data()));
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(status)) {
      char bad[32];
      std::int8_t bad_len = sizeof bad;
      UErrorCode s2 = U_ZERO_ERROR;
      ucnv_getInvalidChars(conv.get(), bad, &bad_len, &s2);
      auto offset = static_cast<std::size_t>(source - bytes.data()) -
                    static_cast<std::size_t>(bad_len > 0 ? bad_len : 0);
      return std::unexpected(locate(out, fmt::format("{}（文件第 {} 字节处无法识别）", what, offset + 1)));
    }
    break;
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

} // namespace

std::string_view encoding_name(TextEncoding e) {
  switch (e) {
    case TextEncoding::Utf8: return "UTF-8";
    case TextEncoding::Utf8Bom: return "UTF-8 (BOM)";
    case TextEncoding::Utf16: return "UTF-16";
    case TextEncoding::Gb18030: return "GB18030";
  }
  return "?";
}

std::expected<DecodedText, DecodeError> decode_text(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (!is_valid_utf8(bytes)) {
      auto converted = convert(bytes, "UTF-8", "文件以 UTF-8 的 BOM 开头，但含有无效的 UTF-8 字节");
      if (!converted) return std::unexpected(converted.error());
    }
    return DecodedText{std::string(bytes), TextEncoding::Utf8Bom};
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    auto converted = convert(bytes, bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE",
                             "文件以 UTF-16 的 BOM 开头，但含有无效的 UTF-16 字节");
    if (!converted) return std::unexpected(converted.error());
    std::string text = std::move(*converted);
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    return DecodedText{std::move(text), TextEncoding::Utf16};
  }
  if (is_valid_utf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::Utf8};
  auto converted = convert(bytes, "GB18030", "文件既不是有效的 UTF-8，也不是有效的 GB18030/GBK 编码");
  if (!converted) return std::unexpected(converted.error());
  return DecodedText{std::move(*converted), TextEncoding::Gb18030};
}

} // namespace zwgk
