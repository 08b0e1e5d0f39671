// Where a line of Chinese text may break without splitting a word.
//
// Word and LibreOffice break Chinese between any two characters, so a table
// header in a narrow column prints "累计得/分" and a long title "政务公/开工作".
// Documents that must not do that place their own breaks: they split text
// into pieces here and break only between pieces.
//
// A piece is a word found by ICU's dictionary-based word segmentation for
// Chinese, with a single character joined to a neighbour (so "减分" and
// "临淄区" stay whole), a number joined to the unit after it ("2020年"),
// closing punctuation kept with what it follows and opening punctuation with
// what it precedes (no line starts with "，" or ends with "（").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// The pieces of `text`, in order; their concatenation is `text`.
std::vector<std::string> word_pieces(std::string_view text);

// `pieces` on as few lines as fit `width` (display_width units, util/text.h),
// filled greedily; a piece wider than `width` gets a line of its own.
std::vector<std::string> wrap_pieces(const std::vector<std::string>& pieces, std::size_t width);

// The display width of the widest piece: the narrowest a column can be
// without breaking a word.
std::size_t widest_piece(const std::vector<std::string>& pieces);

// Text too wide for one line of `width` on as few lines as it needs, split at
// piece boundaries into lines of about equal width, the upper ones no shorter
// (GB/T 9704's 梯形 title: "回行时，要做到词意完整，排列对称，长短适宜"); one line
// when it fits.
std::vector<std::string> balance_lines(std::string_view text, std::size_t width);

} // namespace zwgk
