// Decoding of text files as Chinese offices produce them.
//
// Excel on a Chinese Windows saves CSV in GB18030 (labelled GBK or ANSI);
// newer tools save UTF-8 with or without a byte-order mark. decode_text()
// returns UTF-8 in every case. Detection: a UTF-8 BOM means UTF-8; UTF-16
// BOMs are honoured; otherwise valid UTF-8 is taken as UTF-8 and anything
// else is decoded as GB18030 (a superset of GB2312 and GBK). Bytes that are
// valid in neither are reported with their line and column, never replaced.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace zwgk {

enum class TextEncoding { Utf8, Utf8Bom, Utf16, Gb18030 };

std::string_view encoding_name(TextEncoding e);

struct DecodedText {
  std::string utf8;
  TextEncoding encoding = TextEncoding::Utf8;
};

struct DecodeError {
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, in characters before the bad byte
  std::string message;     // Chinese, for the user
};

std::expected<DecodedText, DecodeError> decode_text(std::string_view bytes);

} // namespace zwgk
