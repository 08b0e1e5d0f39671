#include "imap/protocol.h"

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include <array>
#include <cctype>
#include <charconv>
#include <memory>
#include <utility>

namespace zwgk::imap {
namespace {

constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::size_t k_max_literal_digits = 12;

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterClose>;

// ICU's converter for modified UTF-7, stopping at the first bad sequence
// instead of substituting.
Converter open_mailbox_converter() {
  UErrorCode status = U_ZERO_ERROR;
  Converter c(ucnv_open("IMAP-mailbox-name", &status));
  if (U_FAILURE(status)) return nullptr;
  ucnv_setToUCallBack(c.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  ucnv_setFromUCallBack(c.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return nullptr;
  return c;
}

bool equals_ascii_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Exactly `count` digits at pos (count 0: one or more, at most 10).
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t count) {
  std::size_t start = pos;
  std::size_t limit = count == 0 ? 10 : count;
  while (pos < s.size() && pos - start < limit && s[pos] >= '0' && s[pos] <= '9') ++pos;
  if (pos == start || (count != 0 && pos - start != count)) return std::nullopt;
  int value = 0;
  std::from_chars(s.data() + start, s.data() + pos, value);
  return value;
}

bool consume(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

struct Parser {
  std::string_view s;
  std::size_t pos = 0;
  int depth = 0;

  std::expected<Value, std::string> value() {
    if (pos >= s.size()) return std::unexpected("服务器答复不完整");
    char c = s[pos];
    if (c == '(') return list();
    if (c == '"') return quoted();
    if (c == '{' || (c == '~' && pos + 1 < s.size() && s[pos + 1] == '{')) return literal();
    if (c == ')') return std::unexpected("服务器答复中的括号不配对");
    return atom();
  }

  std::expected<Value, std::string> list() {
    if (++depth > k_max_depth) return std::unexpected("服务器答复的括号嵌套过深");
    ++pos;
    Value v{Value::Kind::List, {}, {}};
    for (;;) {
      while (pos < s.size() && s[pos] == ' ') ++pos;
      if (pos >= s.size()) return std::unexpected("服务器答复中的括号未闭合");
      if (s[pos] == ')') {
        ++pos;
        break;
      }
      auto item = value();
      if (!item) return item;
      v.items.push_back(std::move(*item));
    }
    --depth;
    return v;
  }

  std::expected<Value, std::string> quoted() {
    ++pos;
    Value v{Value::Kind::String, {}, {}};
    for (;;) {
      if (pos >= s.size()) return std::unexpected("服务器答复中的引号未闭合");
      char c = s[pos++];
      if (c == '"') break;
      if (c == '\\') {
        if (pos >= s.size()) return std::unexpected("服务器答复中的引号未闭合");
        c = s[pos++];
      }
      v.text.push_back(c);
    }
    return v;
  }

  std::expected<Value, std::string> literal() {
    if (s[pos] == '~') ++pos;
    ++pos;  // '{'
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    std::size_t digits = pos - start;
    std::uint64_t size = 0;
    if (digits == 0 || digits > k_max_literal_digits) return std::unexpected("服务器答复中的字面量长度有误");
    std::from_chars(s.data() + start, s.data() + pos, size);
    consume(s, pos, '+');
    if (!consume(s, pos, '}')) return std::unexpected("服务器答复中的字面量长度有误");
    consume(s, pos, '\r');
    if (!consume(s, pos, '\n')) return std::unexpected("服务器答复中的字面量格式有误");
    if (size > s.size() - pos) return std::unexpected("服务器答复中的字面量不完整");
    Value v{Value::Kind::String, std::string(s.substr(pos, size)), {}};
    pos += size;
    return v;
  }

  std::expected<Value, std::string> atom() {
    std::size_t start = pos;
    while (pos < s.size() && s[pos] != ' ' && s[pos] != '(' && s[pos] != ')' && s[pos] != '"') {
      if (s[pos] == '[') {  // a section such as BODY[HEADER.FIELDS (DATE)]: spaces and parentheses inside
        auto close = s.find(']', pos);
        if (close == std::string_view::npos) return std::unexpected("服务器答复中的方括号未闭合");
        pos = close;
      }
      ++pos;
    }
    if (pos == start) return std::unexpected("服务器答复中有无法识别的内容");
    return Value{Value::Kind::Atom, std::string(s.substr(start, pos - start)), {}};
  }
};

} // namespace

std::optional<std::string> encode_mailbox_name(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length16 = 0;
  auto length8 = static_cast<int32_t>(utf8.size());
  if (utf8.size() > 100000) return std::nullopt;
  u_strFromUTF8(nullptr, 0, &length16, utf8.data(), length8, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
  std::u16string utf16(static_cast<std::size_t>(length16), u'\0');
  status = U_ZERO_ERROR;
  u_strFromUTF8(utf16.data(), length16, nullptr, utf8.data(), length8, &status);
  if (U_FAILURE(status)) return std::nullopt;

  Converter converter = open_mailbox_converter();
  if (!converter) return std::nullopt;
  status = U_ZERO_ERROR;
  int32_t length = ucnv_fromUChars(converter.get(), nullptr, 0, utf16.data(), length16, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
  std::string out(static_cast<std::size_t>(length), '\0');
  status = U_ZERO_ERROR;
  ucnv_resetFromUnicode(converter.get());
  ucnv_fromUChars(converter.get(), out.data(), length, utf16.data(), length16, &status);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

std::optional<std::string> decode_mailbox_name(std::string_view mutf7) {
  Converter converter = open_mailbox_converter();
  if (!converter || mutf7.size() > 100000) return std::nullopt;
  auto length7 = static_cast<int32_t>(mutf7.size());
  UErrorCode status = U_ZERO_ERROR;
  int32_t length16 = ucnv_toUChars(converter.get(), nullptr, 0, mutf7.data(), length7, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
  std::u16string utf16(static_cast<std::size_t>(length16), u'\0');
  status = U_ZERO_ERROR;
  ucnv_resetToUnicode(converter.get());
  ucnv_toUChars(converter.get(), utf16.data(), length16, mutf7.data(), length7, &status);
  if (U_FAILURE(status)) return std::nullopt;

  int32_t length8 = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &length8, utf16.data(), length16, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
  std::string out(static_cast<std::size_t>(length8), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), length8, nullptr, utf16.data(), length16, &status);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string search_date(Date date) {
  return fmt::format("{}-{}-{:04}", date.day, k_months[static_cast<std::size_t>(date.month - 1)], date.year);
}

std::optional<DateTime> parse_internal_date(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  auto day = read_digits(s, pos, 0);
  if (!day || !consume(s, pos, '-') || pos + 3 > s.size()) return std::nullopt;
  int month = 0;
  for (std::size_t i = 0; i < k_months.size(); ++i)
    if (equals_ascii_ci(s.substr(pos, 3), k_months[i])) month = static_cast<int>(i) + 1;
  pos += 3;
  if (month == 0 || !consume(s, pos, '-')) return std::nullopt;
  auto year = read_digits(s, pos, 4);
  if (!year || !consume(s, pos, ' ')) return std::nullopt;
  auto hour = read_digits(s, pos, 2);
  if (!hour || !consume(s, pos, ':')) return std::nullopt;
  auto minute = read_digits(s, pos, 2);
  if (!minute || !consume(s, pos, ':')) return std::nullopt;
  auto second = read_digits(s, pos, 2);
  if (!second || !consume(s, pos, ' ') || pos >= s.size()) return std::nullopt;
  char sign = s[pos++];
  if (sign != '+' && sign != '-') return std::nullopt;
  auto zone = read_digits(s, pos, 4);
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (!zone || pos != s.size()) return std::nullopt;
  if (!is_valid_date(*year, month, *day) || *hour > 23 || *minute > 59 || *second > 60 || *zone / 100 > 23 ||
      *zone % 100 > 59)
    return std::nullopt;

  std::int64_t zone_seconds = (*zone / 100 * 3600 + *zone % 100 * 60) * (sign == '-' ? -1 : 1);
  return cst_from_unix(Date{*year, month, *day}.days_since_epoch() * 86400 + *hour * 3600 + *minute * 60 + *second -
                       zone_seconds);
}

std::vector<std::string> uid_sets(const std::vector<std::uint32_t>& uids, std::size_t max_chars) {
  std::vector<std::string> sets;
  std::string current;
  for (std::size_t i = 0; i < uids.size();) {
    std::size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    std::string range = i == j ? fmt::format("{}", uids[i]) : fmt::format("{}:{}", uids[i], uids[j]);
    if (!current.empty() && current.size() + 1 + range.size() > max_chars) sets.push_back(std::exchange(current, {}));
    if (!current.empty()) current.push_back(',');
    current += range;
    i = j + 1;
  }
  if (!current.empty()) sets.push_back(std::move(current));
  return sets;
}

bool Value::is_atom(std::string_view name) const { return kind == Kind::Atom && equals_ascii_ci(text, name); }

std::optional<std::uint32_t> Value::number() const {
  if (kind != Kind::Atom || text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n > UINT32_MAX) return std::nullopt;
  return static_cast<std::uint32_t>(n);
}

std::expected<std::vector<Value>, std::string> parse_values(std::string_view text) {
  Parser p{text};
  std::vector<Value> values;
  for (;;) {
    while (p.pos < text.size() && text[p.pos] == ' ') ++p.pos;
    if (p.pos >= text.size()) break;
    auto v = p.value();
    if (!v) return std::unexpected(v.error());
    values.push_back(std::move(*v));
  }
  return values;
}

std::expected<std::optional<std::string>, std::string> ResponseSplitter::next() {
  for (;;) {
    if (m_literal_end != 0) {
      if (m_buffer.size() < m_literal_end) return std::nullopt;
      m_segment = m_scan = m_literal_end;
      m_literal_end = 0;
    }
    auto lf = m_buffer.find('\n', m_scan);
    if (lf == std::string::npos) {
      if (m_buffer.size() - m_segment > m_max_line)
        return std::unexpected(fmt::format("服务器答复的一行超过 {} 字节", m_max_line));
      m_scan = m_buffer.size();
      return std::nullopt;
    }
    if (lf - m_segment > m_max_line) return std::unexpected(fmt::format("服务器答复的一行超过 {} 字节", m_max_line));
    std::size_t end = lf;
    if (end > m_segment && m_buffer[end - 1] == '\r') --end;

    // A line ending in {N} (or {N+}) announces N bytes of literal after the line end.
    if (end > m_segment && m_buffer[end - 1] == '}') {
      auto open = m_buffer.rfind('{', end - 1);
      if (open != std::string::npos && open >= m_segment) {
        std::string_view inside(m_buffer.data() + open + 1, end - 1 - (open + 1));
        if (!inside.empty() && inside.back() == '+') inside.remove_suffix(1);
        bool digits = !inside.empty() && inside.find_first_not_of("0123456789") == std::string_view::npos;
        if (digits) {
          std::uint64_t size = 0;
          if (inside.size() > k_max_literal_digits) return std::unexpected("服务器答复中的字面量长度有误");
          std::from_chars(inside.data(), inside.data() + inside.size(), size);
          if (size > m_max_literal)
            return std::unexpected(fmt::format("服务器发来的数据块有 {} 字节，超过上限 {} 字节", size, m_max_literal));
          m_literal_end = lf + 1 + static_cast<std::size_t>(size);
          if (m_literal_end - m_start > m_max_literal + m_max_line)  // many literals in one response
            return std::unexpected(fmt::format("服务器的一条答复超过 {} 字节", m_max_literal + m_max_line));
          continue;
        }
      }
    }

    std::string response = m_buffer.substr(m_start, end - m_start);
    m_start = m_segment = m_scan = lf + 1;
    // Consumed bytes are dropped when they are most of the buffer, not after
    // every response (many short FETCH lines arrive in one chunk).
    if (m_start == m_buffer.size()) {
      m_buffer.clear();
      m_start = m_segment = m_scan = 0;
    } else if (m_start > (64u << 10) && m_start * 2 > m_buffer.size()) {
      m_buffer.erase(0, m_start);
      m_start = m_segment = m_scan = 0;
    }
    return response;
  }
}

} // namespace zwgk::imap
