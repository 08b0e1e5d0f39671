#include "mail/body_text.h"

#include "util/text.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <vector>

namespace zwgk::mail {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

void append_code_point(std::string& out, char32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

std::optional<std::string> icu_convert(std::string_view bytes, const std::string& name, bool strict) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status) || !cnv) return std::nullopt;
  if (strict) {
    ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return std::nullopt;
  }
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return std::nullopt;
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), cnv.get(), status);
  if (U_FAILURE(status)) return std::nullopt;
  std::string out;
  text.toUTF8String(out);
  return out;
}

bool is_single_byte_latin(const std::string& charset) {
  return charset == "us-ascii" || charset == "ascii" || charset == "iso-8859-1" || charset == "latin1" ||
         charset == "windows-1252" || charset == "cp1252";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode_base64(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else continue;  // padding and stray characters
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decode_q(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out += ' ';
    } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// Raw header bytes outside encoded words: UTF-8 if valid, else GB18030.
std::string decode_raw_text(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  if (auto s = icu_convert(bytes, "gb18030", true)) return *s;
  return decode_body(bytes, "utf-8").text;
}

}  // namespace

std::string normalize_charset(std::string_view label) {
  std::string s = lower_ascii(trim(label));
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  if (auto star = s.find('*'); star != std::string::npos) s.resize(star);  // RFC 2231 language
  if (s == "gb2312" || s == "gbk" || s == "cp936" || s == "x-gbk" || s == "euc-cn" || s == "gb_2312-80" ||
      s == "x-euc-cn" || s == "windows-936" || s == "csgb2312" || s == "gb18030")
    return "gb18030";
  if (s == "utf8") return "utf-8";
  if (s == "big5-hkscs" || s == "x-big5" || s == "cn-big5" || s == "cp950") return "big5";
  return s;
}

std::optional<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset) {
  std::string name = normalize_charset(charset);
  if (name.empty()) return std::nullopt;
  if (name == "utf-8" || name == "us-ascii" || name == "ascii") {
    if (name != "utf-8" && has_non_ascii(bytes)) return std::nullopt;
    if (!is_valid_utf8(bytes)) return std::nullopt;
    return std::string(bytes);
  }
  return icu_convert(bytes, name, true);
}

DecodedBody decode_body(std::string_view bytes, std::string_view label) {
  std::string name = normalize_charset(label);
  bool utf8_valid = is_valid_utf8(bytes);
  if (!has_non_ascii(bytes)) return {std::string(bytes), false, false};
  // A Latin-1 label on bytes that are valid UTF-8 is a mislabel (a Latin-1
  // text would almost never form valid multi-byte UTF-8 sequences).
  if (!(is_single_byte_latin(name) && utf8_valid)) {
    if (auto s = convert_to_utf8(bytes, name)) return {std::move(*s), false, false};
  }
  bool labelled = !name.empty();
  if (utf8_valid) return {std::string(bytes), labelled && name != "utf-8", false};
  if (auto s = icu_convert(bytes, "gb18030", true)) return {std::move(*s), labelled && name != "gb18030", false};
  std::string fallback = name.empty() ? std::string("utf-8") : name;
  if (auto s = icu_convert(bytes, fallback, false)) return {std::move(*s), true, true};
  return {*icu_convert(bytes, "utf-8", false), true, true};
}

std::string decode_header_value(std::string_view raw) {
  // Unfold.
  std::string value;
  value.reserve(raw.size());
  for (char c : raw)
    if (c != '\r' && c != '\n') value += c;

  std::string out;
  std::string pending_charset;  // of the encoded-word bytes not yet converted
  std::string pending_bytes;
  auto flush = [&] {
    if (pending_bytes.empty() && pending_charset.empty()) return;
    out += decode_body(pending_bytes, pending_charset).text;
    pending_bytes.clear();
    pending_charset.clear();
  };
  std::size_t i = 0;
  std::size_t plain_start = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    std::size_t start = value.find("=?", i);
    if (start == std::string::npos) break;
    std::size_t q1 = value.find('?', start + 2);
    std::size_t q2 = q1 == std::string::npos ? q1 : value.find('?', q1 + 1);
    std::size_t end = q2 == std::string::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string::npos || q2 != q1 + 2) {
      i = start + 2;
      continue;
    }
    std::string_view between(value.data() + plain_start, start - plain_start);
    bool only_space = std::all_of(between.begin(), between.end(), [](char c) { return c == ' ' || c == '\t'; });
    if (!(last_was_word && only_space)) {
      flush();
      out += decode_raw_text(between);
    }
    std::string charset = normalize_charset(std::string_view(value).substr(start + 2, q1 - start - 2));
    char encoding = static_cast<char>(std::tolower(static_cast<unsigned char>(value[q1 + 1])));
    std::string_view payload = std::string_view(value).substr(q2 + 1, end - q2 - 1);
    std::string bytes = encoding == 'b' ? decode_base64(payload) : decode_q(payload);
    if (charset != pending_charset) flush();
    pending_charset = charset;
    pending_bytes += bytes;
    last_was_word = true;
    i = end + 2;
    plain_start = i;
  }
  flush();
  out += decode_raw_text(std::string_view(value).substr(plain_start));
  return std::string(trim(out));
}

// ---------------------------------------------------------------- HTML

namespace {

std::optional<char32_t> named_entity(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, char32_t>, 16> k_entities{{
      {"nbsp", U' '}, {"lt", U'<'}, {"gt", U'>'}, {"amp", U'&'}, {"quot", U'"'}, {"apos", U'\''},
      {"ldquo", U'“'}, {"rdquo", U'”'}, {"lsquo", U'‘'}, {"rsquo", U'’'}, {"mdash", U'—'},
      {"ndash", U'–'}, {"hellip", U'…'}, {"middot", U'·'}, {"copy", U'©'}, {"ensp", U' '},
  }};
  for (const auto& [n, cp] : k_entities)
    if (n == name) return cp;
  return std::nullopt;
}

bool is_block_tag(std::string_view tag) {
  static constexpr std::array<std::string_view, 17> k_blocks{
      "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section", "article",
      "hr"};
  return std::find(k_blocks.begin(), k_blocks.end(), tag) != k_blocks.end();
}

// Position after the closing tag </name> (with nesting for the same name), or the end.
std::size_t skip_element(std::string_view html, std::size_t from, const std::string& name) {
  int depth = 1;
  std::string lower = lower_ascii(html.substr(from));
  std::size_t i = 0;
  while (i < lower.size()) {
    std::size_t lt = lower.find('<', i);
    if (lt == std::string::npos) break;
    bool closing = lt + 1 < lower.size() && lower[lt + 1] == '/';
    std::size_t name_at = lt + (closing ? 2 : 1);
    if (lower.compare(name_at, name.size(), name) == 0) {
      char after = name_at + name.size() < lower.size() ? lower[name_at + name.size()] : '>';
      if (!std::isalnum(static_cast<unsigned char>(after))) {
        depth += closing ? -1 : 1;
        if (depth == 0) {
          std::size_t gt = lower.find('>', name_at);
          return gt == std::string::npos ? html.size() : from + gt + 1;
        }
      }
    }
    i = lt + 1;
  }
  return html.size();
}

// The code point of a character reference's inside ("#233", "#xE9",
// "eacute"); nullopt when it names none.
std::optional<char32_t> character_reference(std::string_view ref) {
  if (ref.size() <= 1 || ref[0] != '#') return named_entity(ref);
  const bool hex = ref[1] == 'x' || ref[1] == 'X';
  if (ref.size() <= (hex ? 2u : 1u)) return std::nullopt;
  char32_t v = 0;
  for (char d : ref.substr(hex ? 2 : 1)) {
    int dv = hex ? hex_value(d) : (std::isdigit(static_cast<unsigned char>(d)) ? d - '0' : -1);
    if (dv < 0 || v > 0x10FFFF) return std::nullopt;
    v = v * (hex ? 16 : 10) + static_cast<char32_t>(dv);
  }
  return v;
}

// Each line trimmed, blank ones dropped.
std::string trimmed_lines(std::string_view text) {
  std::string clean;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim(text.substr(pos, nl - pos));
    if (!line.empty()) {
      if (!clean.empty()) clean += '\n';
      clean += line;
    }
    pos = nl + 1;
  }
  return clean;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  bool pending_space = false;
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        std::size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      std::size_t gt = html.find('>', i);
      if (gt == std::string_view::npos) break;
      std::string_view inside = html.substr(i + 1, gt - i - 1);
      bool closing = !inside.empty() && inside.front() == '/';
      if (closing) inside.remove_prefix(1);
      std::size_t n = 0;
      while (n < inside.size() && std::isalnum(static_cast<unsigned char>(inside[n]))) ++n;
      std::string tag = lower_ascii(inside.substr(0, n));
      i = gt + 1;
      if (!closing && (tag == "script" || tag == "style" || tag == "head" || tag == "title" || tag == "blockquote")) {
        if (!inside.ends_with("/")) i = skip_element(html, i, tag);
        continue;
      }
      if (is_block_tag(tag)) {
        out += '\n';
        pending_space = false;
      } else if (tag == "td" || tag == "th") {
        pending_space = true;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
      pending_space = true;
      ++i;
      continue;
    }
    if (pending_space && !out.empty() && out.back() != '\n') out += ' ';
    pending_space = false;
    if (c == '&') {
      std::size_t semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        if (auto cp = character_reference(html.substr(i + 1, semi - i - 1))) {
          append_code_point(out, *cp);
          i = semi + 1;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return trimmed_lines(out);
}

std::string strip_quotes_and_signature(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line == "-- " || line == "--") break;
    std::string_view t = trim(line);
    if (t.starts_with("-----原始邮件-----") || t.starts_with("-----Original Message-----") ||
        t.starts_with("发件人:") || t.starts_with("发件人：") || t.starts_with("---- 回复的原邮件 ----"))
      break;
    if (t.starts_with(">")) continue;
    out += line;
    out += '\n';
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) out.pop_back();
  return out;
}

}  // namespace zwgk::mail
