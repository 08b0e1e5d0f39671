#include "util/words.h"

#include "util/text.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace zwgk {
namespace {

UChar32 first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  UChar32 c = 0;
  int32_t i = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

UChar32 last_code_point(std::string_view s) {
  if (s.empty()) return 0;
  UChar32 c = 0;
  auto i = static_cast<int32_t>(s.size());
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  return c;
}

bool is_closing(UChar32 c) {
  const auto type = u_charType(c);
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
         (type == U_OTHER_PUNCTUATION && c != u'#' && c != u'＃' && c != u'@') || c == u'%' || c == u'％';
}

// Opening marks, and the multiplication sign that reads with the number after it ("×0.1").
bool is_opening(UChar32 c) {
  const auto type = u_charType(c);
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION || c == 0x00D7;
}

bool is_alnum_piece(std::string_view s) { return !s.empty() && u_isalnum(last_code_point(s)) && last_code_point(s) < 0x3000; }

bool is_space_piece(std::string_view s) { return !s.empty() && u_isUWhiteSpace(first_code_point(s)); }

std::size_t code_points(std::string_view s) { return code_point_count(s); }

// ICU's word boundaries of `text` (dictionary segmentation for Han).
std::vector<std::string> icu_words(std::string_view text) {
  static std::mutex lock;  // one iterator, built once; BreakIterator is not thread-safe
  static std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    return U_SUCCESS(status) ? std::move(it) : nullptr;
  }();
  const icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::vector<std::string> out;
  std::lock_guard guard(lock);
  if (!iterator) {
    out.emplace_back(text);
    return out;
  }
  iterator->setText(unicode);
  for (int32_t start = iterator->first(), end = iterator->next(); end != icu::BreakIterator::DONE;
       start = end, end = iterator->next()) {
    std::string piece;
    unicode.tempSubStringBetween(start, end).toUTF8String(piece);
    out.push_back(std::move(piece));
  }
  return out;
}

} // namespace

std::vector<std::string> word_pieces(std::string_view text) {
  enum class Kind { Word, Lone, Number, Space, Opening, Closing };
  auto kind_of = [](std::string_view w) {
    const UChar32 first = first_code_point(w);
    if (is_space_piece(w)) return Kind::Space;
    if (is_alnum_piece(w)) return Kind::Number;
    if (code_points(w) == 1 && is_closing(first)) return Kind::Closing;
    if (code_points(w) == 1 && is_opening(first)) return Kind::Opening;
    return code_points(w) == 1 ? Kind::Lone : Kind::Word;
  };
  struct Piece {
    std::string text;
    Kind kind;
  };
  // Runs of single characters the dictionary did not know are one word ("临|淄|区" → "临淄区").
  std::vector<Piece> merged;
  for (auto& w : icu_words(text)) {
    const Kind kind = kind_of(w);
    if (kind == Kind::Lone && !merged.empty() && merged.back().kind == Kind::Lone) merged.back().text += w;
    else merged.push_back({std::move(w), kind});
  }
  for (auto& p : merged)
    if (p.kind == Kind::Lone && code_points(p.text) > 1) p.kind = Kind::Word;
  std::vector<Piece> out;
  bool glue_next = false;  // the last piece waits for the next one (opening punctuation, a lone character)
  for (std::size_t i = 0; i < merged.size(); ++i) {
    Piece& p = merged[i];
    const bool has_previous = !out.empty() && out.back().kind != Kind::Space && p.kind != Kind::Space;
    const bool last = i + 1 == merged.size() || merged[i + 1].kind == Kind::Space;
    const bool joins = has_previous && (glue_next || p.kind == Kind::Closing ||
                                        (p.kind == Kind::Lone && (out.back().kind == Kind::Number || last)));
    if (joins) {
      out.back().text += p.text;
      if (p.kind == Kind::Number) out.back().kind = Kind::Number;  // "减1" takes its unit: "减1分"
      glue_next = p.kind == Kind::Opening;
    } else {
      glue_next = p.kind == Kind::Opening || p.kind == Kind::Lone;
      out.push_back(std::move(p));
    }
  }
  std::vector<std::string> pieces;
  for (auto& p : out) pieces.push_back(std::move(p.text));
  return pieces;
}

std::vector<std::string> wrap_pieces(const std::vector<std::string>& pieces, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t used = 0;
  for (const auto& piece : pieces) {
    const std::size_t w = display_width(piece);
    if (lines.empty() || used + w > width) {
      if (!lines.empty() && is_space_piece(piece)) continue;  // no line starts with a space
      lines.push_back(piece);
      used = w;
    } else {
      lines.back() += piece;
      used += w;
    }
  }
  return lines;
}

std::size_t widest_piece(const std::vector<std::string>& pieces) {
  std::size_t widest = 0;
  for (const auto& piece : pieces) widest = std::max(widest, display_width(piece));
  return widest;
}

std::vector<std::string> balance_lines(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return {std::string(text)};
  const std::vector<std::string> pieces = word_pieces(text);
  std::vector<std::string> lines = wrap_pieces(pieces, width);
  // The narrowest measure that still needs no more lines: the lines come out even, and the
  // greedy fill keeps the upper ones no shorter than the lower.
  for (std::size_t narrower = width; narrower > widest_piece(pieces);) {
    --narrower;
    auto candidate = wrap_pieces(pieces, narrower);
    if (candidate.size() > lines.size()) break;
    lines = std::move(candidate);
  }
  return lines;
}

} // namespace zwgk
