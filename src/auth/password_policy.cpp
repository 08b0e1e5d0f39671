// password_problem(): the password policy of password.h. Checks are on code
// points, with ASCII letters compared ignoring case.
#include "auth/common_passwords.h"
#include "auth/password.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::auth {
namespace {

using CodePoints = std::u32string;

// Decodes valid UTF-8 (checked by the caller), lowering ASCII letters.
CodePoints lowered_code_points(std::string_view text) {
  CodePoints out;
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? byte : byte & (0x7F >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c);
    i += length;
  }
  return out;
}

bool is_blank(char32_t c) {
  return c == U' ' || (c >= U'\t' && c <= U'\r') || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) ||
         c == 0x202F || c == 0x205F || c == 0xFEFF;
}

bool is_ascii_letter(char32_t c) { return c >= U'a' && c <= U'z'; }

// Lines along which neighbouring characters make an easy run: the digits,
// the alphabet, the rows and columns of a QWERTY keyboard.
constexpr auto k_lines = std::to_array<std::u32string_view>({
    U"0123456789", U"abcdefghijklmnopqrstuvwxyz", U"`1234567890-=", U"qwertyuiop[]\\", U"asdfghjkl;'",
    U"zxcvbnm,./", U"~!@#$%^&*()_+", U"1qaz", U"2wsx", U"3edc", U"4rfv", U"5tgb", U"6yhn", U"7ujm", U"8ik,",
    U"9ol.", U"0p;/",
});

// Length of the straight run starting at `from`: each character the
// previous one again, or its neighbour in one direction along one line.
std::size_t run_length(const CodePoints& p, std::size_t from) {
  std::size_t same = 1;
  while (from + same < p.size() && p[from + same] == p[from]) ++same;
  std::size_t best = same;
  for (auto line : k_lines)
    for (int step : {1, -1}) {
      std::size_t length = 1;
      for (std::size_t i = from; i + 1 < p.size(); ++i) {
        auto at = line.find(p[i]);
        if (at == std::u32string_view::npos) break;
        auto next = static_cast<std::ptrdiff_t>(at) + step;
        if (next < 0 || next >= static_cast<std::ptrdiff_t>(line.size()) ||
            line[static_cast<std::size_t>(next)] != p[i + 1])
          break;
        ++length;
      }
      best = std::max(best, length);
    }
  return best;
}

// At most three straight runs of at least two characters: 12345678,
// 87654321, abcdefgh, qwertyui, 1qaz2wsx, abcd1234, aaaa1111.
bool is_keyboard_run(const CodePoints& p) {
  constexpr int k_max_runs = 3;
  int runs = 0;
  for (std::size_t i = 0; i < p.size(); ++runs) {
    std::size_t length = run_length(p, i);
    if (length < 2 || runs == k_max_runs) return false;
    i += length;
  }
  return true;
}

// A shorter piece over and over: 12121212, passpass, xyz!xyz!.
bool is_repetition(const CodePoints& p) {
  for (std::size_t period = 1; period <= p.size() / 2; ++period) {
    bool repeats = true;
    for (std::size_t i = period; i < p.size() && repeats; ++i) repeats = p[i] == p[i - period];
    if (repeats) return true;
  }
  return false;
}

bool contains(const CodePoints& text, const CodePoints& part) {
  return !part.empty() && text.find(part) != CodePoints::npos;
}

// Whether a name is long enough that containing it means something: three
// ASCII characters, or two Chinese ones.
bool is_meaningful_part(const CodePoints& part) {
  const bool ascii = std::all_of(part.begin(), part.end(), [](char32_t c) { return c < 0x80; });
  return part.size() >= (ascii ? 3u : 2u);
}

// The entry of the common passwords (common_passwords.h) that text is, if any.
std::optional<std::string_view> common_entry(const CodePoints& text) {
  static const std::map<CodePoints, std::string_view> k_decoded = [] {
    std::map<CodePoints, std::string_view> out;
    for (auto entry : common_passwords()) out.emplace(lowered_code_points(entry), entry);
    return out;
  }();
  auto it = k_decoded.find(text);
  if (it == k_decoded.end()) return std::nullopt;
  return it->second;
}

// Undoes the usual disguises: letters for look-alike digits and symbols
// (p@ssw0rd), with '1' read as `one`.
CodePoints unleet(CodePoints p, char32_t one) {
  for (auto& c : p) {
    switch (c) {
    case U'@': case U'4': c = U'a'; break;
    case U'3': c = U'e'; break;
    case U'0': c = U'o'; break;
    case U'$': case U'5': c = U's'; break;
    case U'7': c = U't'; break;
    case U'!': c = U'i'; break;
    case U'1': c = one; break;
    default: break;
    }
  }
  return p;
}

bool is_letter(char32_t c) { return is_ascii_letter(c) || c >= 0x80; }
bool is_letter_or_digit(char32_t c) { return is_letter(c) || (c >= U'0' && c <= U'9'); }

// Without leading and trailing characters that are not `kept` (admin123!,
// 2020password; 5201314! keeping digits).
template <typename Kept>
CodePoints strip(const CodePoints& p, Kept kept) {
  auto first = std::find_if(p.begin(), p.end(), kept);
  auto last = std::find_if(p.rbegin(), p.rend(), kept).base();
  return first < last ? CodePoints(first, last) : CodePoints();
}

// Without separators inside (pass-word, pass word).
CodePoints unseparated(CodePoints p) {
  std::erase_if(p, [](char32_t c) { return c == U'-' || c == U'_' || c == U'.' || is_blank(c); });
  return p;
}

// The common password that p is, or is an obvious variant of: in any case,
// reversed, with digits or symbols around it, letters written as digits or
// symbols, separators inside.
std::optional<std::string_view> common_core(const CodePoints& p) {
  if (auto entry = common_entry(p)) return entry;
  for (char32_t one : {U'i', U'l'})
    for (const CodePoints& base : {p, unseparated(p)})
      for (const CodePoints& variant : {strip(base, is_letter), strip(unleet(base, one), is_letter),
                                         unleet(strip(base, is_letter), one), strip(base, is_letter_or_digit)})
        for (const CodePoints& candidate : {variant, CodePoints(variant.rbegin(), variant.rend())})
          if (auto entry = candidate.size() >= 3 ? common_entry(candidate) : std::nullopt) return entry;
  return std::nullopt;
}

// What is wrong with a password of valid length and encoding, if anything.
std::optional<std::string> weakness(const CodePoints& p, const CodePoints& name, const CodePoints& unit) {
  if (std::all_of(p.begin(), p.end(), is_blank)) return "密码不能全是空格";
  if (std::all_of(p.begin(), p.end(), [&](char32_t c) { return c == p.front(); }))
    return "密码不能是同一个字符的重复（如 aaaaaaaa）";
  if (p == name) return "密码不能与用户名相同";
  if (is_meaningful_part(name) && (contains(p, name) || contains(p, CodePoints(name.rbegin(), name.rend()))))
    return "密码不能包含用户名（正写或倒写）";
  if (is_meaningful_part(unit) && contains(p, unit)) return "密码不能包含所属单位的名称";
  if (is_keyboard_run(p))
    return "密码只是连续、相同或键盘上相邻的字符（如 12345678、abcdefgh、qwertyui、1qaz2wsx），很容易被猜中";
  if (is_repetition(p)) return "密码不能是同一段字符的重复（如 12121212、passpass）";
  if (auto core = common_core(p))
    return fmt::format("密码太常见：它是“{}”或其简单变形（大小写、前后加数字或符号、用 @、0 等代替字母），"
                       "这类密码最先被猜中",
                       *core);
  return std::nullopt;
}

} // namespace

std::optional<std::string> password_problem(std::string_view password, std::string_view login_name,
                                            std::string_view unit) {
  if (password.size() > k_max_password_bytes)
    return fmt::format("密码太长（最多 {} 个字节）", k_max_password_bytes);
  if (!is_valid_utf8(password)) return "密码含有无效的字符编码";
  if (code_point_count(password) < k_min_password_chars)
    return fmt::format("密码太短：至少需要 {} 个字符", k_min_password_chars);
  // A name or unit that is not valid UTF-8 cannot be inside a valid password.
  const CodePoints name = is_valid_utf8(login_name) ? lowered_code_points(login_name) : CodePoints();
  const CodePoints unit_name = is_valid_utf8(unit) ? lowered_code_points(unit) : CodePoints();
  return weakness(lowered_code_points(password), name, unit_name);
}

} // namespace zwgk::auth
