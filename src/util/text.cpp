#include "util/text.h"

#include <simdjson.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>
#include <algorithm>
#include <memory>

namespace zwgk {
namespace {

std::vector<UChar32> code_points(std::string_view s) {
  std::vector<UChar32> out;
  out.reserve(s.size());
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(s.size());
  while (i < n) {
    UChar32 c = 0;
    U8_NEXT(s.data(), i, n, c);
    out.push_back(c);
  }
  return out;
}

bool is_space_at(std::string_view s, std::size_t pos, std::size_t& width) {
  static constexpr std::string_view k_ideographic_space = "\xE3\x80\x80";
  static constexpr std::string_view k_bom = "\xEF\xBB\xBF";
  char c = s[pos];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
    width = 1;
    return true;
  }
  for (auto token : {k_ideographic_space, k_bom}) {
    if (s.substr(pos, token.size()) == token) {
      width = token.size();
      return true;
    }
  }
  return false;
}

} // namespace

std::size_t utf8_valid_prefix(std::string_view s) {
  // simdjson validates gigabytes per second; the scalar loop below only runs
  // to find where invalid input goes wrong.
  if (simdjson::validate_utf8(s.data(), s.size())) return s.size();
  // A hand-written validator (RFC 3629: no overlongs, no surrogates, nothing
  // above U+10FFFF): large imports validate every byte, and ICU's U8_NEXT is
  // several times slower on Chinese text.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  auto cont = [&](std::size_t k) { return i + k < n && (p[i + k] & 0xC0) == 0x80; };
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t word = 0;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (!cont(1)) return i;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      if (!cont(1) || !cont(2)) return i;
      if (b == 0xE0 && p[i + 1] < 0xA0) return i;  // overlong
      if (b == 0xED && p[i + 1] > 0x9F) return i;  // surrogate
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      if (!cont(1) || !cont(2) || !cont(3)) return i;
      if (b == 0xF0 && p[i + 1] < 0x90) return i;  // overlong
      if (b == 0xF4 && p[i + 1] > 0x8F) return i;  // above U+10FFFF
      i += 4;
    } else {
      return i;
    }
  }
  return n;
}

bool is_valid_utf8(std::string_view s) { return utf8_valid_prefix(s) == s.size(); }

std::string_view trim(std::string_view s) {
  auto plain = [](unsigned char c) { return c > ' ' && c != 0xE3 && c != 0xEF; };
  if (s.empty() || (plain(static_cast<unsigned char>(s.front())) &&
                    static_cast<unsigned char>(s.back()) > ' ' &&
                    !(s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80")))
    return s;  // nothing to strip: the common case
  std::size_t width = 0;
  while (!s.empty() && is_space_at(s, 0, width)) s.remove_prefix(width);
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    std::size_t back = s.size() - 1;
    if (is_space_at(s, back, width) && width == 1) {
      s.remove_suffix(1);
      changed = true;
    } else if (s.size() >= 3 && is_space_at(s, s.size() - 3, width) && width == 3) {
      s.remove_suffix(3);
      changed = true;
    }
  }
  return s;
}

namespace {

// Whether text is printable ASCII other than space and CJK Unified
// Ideographs (U+4E00–U+9FFF) alone: NFKC leaves such text as it is (nothing
// in it decomposes or composes) and it holds no whitespace — most unit names,
// folded without ICU.
bool folds_to_itself(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    if (p[i] > 0x20 && p[i] < 0x7F) {
      ++i;
      continue;
    }
    if (i + 2 < text.size() && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
      const unsigned cp = (p[i] & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
      if ((p[i] & 0xF0) == 0xE0 && cp >= 0x4E00 && cp <= 0x9FFF) {
        i += 3;
        continue;
      }
    }
    return false;
  }
  return true;
}

} // namespace

std::string fold_name(std::string_view name) {
  if (const auto trimmed = trim(name); folds_to_itself(trimmed)) return std::string(trimmed);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(trim(name));
  icu::UnicodeString folded = U_SUCCESS(status) ? nfkc->normalize(input, status) : input;
  if (U_FAILURE(status)) folded = input;
  icu::UnicodeString compact;
  for (std::int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    if (!u_isUWhiteSpace(c)) compact.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  compact.toUTF8String(out);
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto x = code_points(a);
  auto y = code_points(b);
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::size_t code_point_count(std::string_view s) { return code_points(s).size(); }

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (unsigned char c : text)
    if (c < 0x80) width += 1;
    else if ((c & 0xC0) != 0x80) width += 2;
  return width;
}

std::vector<std::string> non_empty_lines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = trim(text.substr(0, end));
    if (!line.empty()) out.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

std::vector<std::string> split_list(std::string_view text) {
  static constexpr std::string_view k_separators[] = {"、", "，", ",", "；", ";", "／",
                                                      "/", "|", " ", "\xE3\x80\x80"};
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < text.size();) {
    bool matched = false;
    for (auto sep : k_separators) {
      if (text.substr(i, sep.size()) == sep) {
        if (auto t = trim(current); !t.empty()) out.emplace_back(t);
        current.clear();
        i += sep.size();
        matched = true;
        break;
      }
    }
    if (!matched) current += text[i++];
  }
  if (auto t = trim(current); !t.empty()) out.emplace_back(t);
  return out;
}

std::string substitute(std::string_view text,
                       const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [key, value] : values) {
        if (text.substr(i + 1, key.size()) == key && i + 1 + key.size() < text.size() &&
            text[i + 1 + key.size()] == '}') {
          out += value;
          i += key.size() + 2;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::string quoted_server_text(std::string_view text, std::size_t max_bytes) {
  std::size_t n = std::min(text.size(), max_bytes);
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string out(text.substr(0, n));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  if (!is_valid_utf8(out))
    for (char& c : out)
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (n < text.size()) out += "…";
  return out;
}

std::string scrub_secret(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
    text.replace(pos, secret.size(), "******");
  return text;
}

std::string xml_safe_text(std::string_view text) {
  static constexpr std::string_view k_replacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  const auto n = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < n;) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, n, c);
    const bool allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
    if (allowed) out.append(text.data() + start, static_cast<std::size_t>(i - start));
    else out += k_replacement;
  }
  return out;
}

std::string file_name_key(std::string_view name) {
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.remove_suffix(1);
  std::string out;
  out.reserve(name.size());
  const auto n = static_cast<std::int32_t>(name.size());
  for (std::int32_t i = 0; i < n;) {
    UChar32 c = 0;
    U8_NEXT(name.data(), i, n, c);
    if (c < 0) c = 0xFFFD;
    char buffer[U8_MAX_LENGTH];
    std::int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, u_foldCase(c, U_FOLD_CASE_DEFAULT));  // a code point fits U8_MAX_LENGTH
    out.append(buffer, static_cast<std::size_t>(length));
  }
  return out;
}

namespace {

// "-0.5", "+2", "15": an optional sign, digits, an optional fraction.
bool is_plain_number(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const auto point = text.find('.');
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return point == std::string_view::npos ? digits(text) : digits(text.substr(0, point)) && digits(text.substr(point + 1));
}

} // namespace

bool starts_like_formula(std::string_view cell) {
  if (cell.empty() || std::string_view("=+-@\t\r").find(cell.front()) == std::string_view::npos) return false;
  return !is_plain_number(cell);
}

void append_csv_row(std::string& out, const std::vector<std::string>& cells, CsvCells mode) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    const std::string& field = cells[i];
    const bool apostrophe = mode == CsvCells::Neutralised && starts_like_formula(field);
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      if (apostrophe) out += '\'';
      out += field;
      continue;
    }
    out += '"';
    if (apostrophe) out += '\'';
    for (char c : field) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

} // namespace zwgk
