// Names compared the way Windows compares file names and Excel compares
// worksheet names: letter case does not matter. Internal to scheme/.
#pragma once

#include <string>
#include <string_view>

namespace zwgk::scheme_detail {

// `text` case-folded (Unicode default case folding, so "Ａ" and "ａ" match,
// but "Ａ" and "A" do not, as on NTFS).
std::string caseless(std::string_view text);

} // namespace zwgk::scheme_detail
