#include "scheme/names.h"

#include <unicode/unistr.h>

namespace zwgk::scheme_detail {

std::string caseless(std::string_view text) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

} // namespace zwgk::scheme_detail
