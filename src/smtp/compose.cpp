// Composing a message (compose(), declared in smtp/client.h): mailbox
// parsing, RFC 2047 encoded words, the Date header and the base64 body. Pure.
#include "smtp/client.h"

#include "util/text.h"
#include "util/workdays.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace zwgk::smtp {
namespace {

constexpr std::size_t k_encoded_chunk = 42;  // bytes of text per encoded word: 56 base64 characters
constexpr std::size_t k_body_line = 76;

std::string base64(std::string_view data) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  if (i < data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? k_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool needs_encoding(std::string_view text) {
  if (text.size() > 900 || text.find("=?") != std::string_view::npos) return true;
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u >= 0x7F;
  });
}

struct Mailbox {
  std::string display;  // may be empty
  std::string address;
};

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::expected<Mailbox, std::string> parse_mailbox(std::string_view text) {
  Mailbox out;
  std::string whole = trim(text);
  std::string_view address = whole;
  if (auto open = whole.rfind('<'); open != std::string::npos && whole.ends_with('>')) {
    out.display = trim(std::string_view(whole).substr(0, open));
    if (out.display.size() >= 2 && out.display.front() == '"' && out.display.back() == '"')
      out.display = out.display.substr(1, out.display.size() - 2);
    address = std::string_view(whole).substr(open + 1, whole.size() - open - 2);
  }
  auto invalid = [&] { return std::unexpected(fmt::format("邮件地址“{}”无效", quoted_server_text(text))); };
  auto at = address.find('@');
  if (address.empty() || at == 0 || at == std::string_view::npos || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos)
    return invalid();
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == '\\' || c == '[' || c == ']')
      return invalid();
  }
  if (!is_valid_utf8(address)) return invalid();
  for (char c : out.display)
    if (c == '\r' || c == '\n') return invalid();
  if (!is_valid_utf8(out.display)) return invalid();
  out.address = std::string(address);
  return out;
}

std::string format_mailbox(const Mailbox& m) {
  if (m.display.empty()) return m.address;
  // An encoded name can fill a line: the address goes on the next one.
  if (needs_encoding(m.display)) return encode_header_text(m.display) + "\r\n <" + m.address + ">";
  std::string quoted = "\"";
  for (char c : m.display) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + m.address + ">";
}

std::string rfc5322_date(const DateTime& date) {
  static constexpr std::array<std::string_view, 7> k_days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Date& d = date.date;
  return fmt::format("{}, {} {} {:04} {:02}:{:02}:00 +0800", k_days[static_cast<std::size_t>(weekday(d))], d.day,
                     k_months[static_cast<std::size_t>(d.month - 1)], d.year, date.minute_of_day / 60,
                     date.minute_of_day % 60);
}

std::string body_base64(std::string_view body) {
  std::string crlf;
  crlf.reserve(body.size() + body.size() / 40 + 2);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') continue;  // the LF adds it
    if (body[i] == '\n' || body[i] == '\r') {
      crlf += "\r\n";
      continue;
    }
    crlf += body[i];
  }
  if (!crlf.ends_with("\r\n")) crlf += "\r\n";
  std::string encoded = base64(crlf);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += k_body_line) out += encoded.substr(i, k_body_line) + "\r\n";
  return out;
}

} // namespace

std::expected<std::string, std::string> address_of(std::string_view mailbox) {
  auto parsed = parse_mailbox(mailbox);
  if (!parsed) return std::unexpected(parsed.error());
  return parsed->address;
}

std::string encode_header_text(std::string_view text) {
  if (!needs_encoding(text)) return std::string(text);
  std::string out;
  while (!text.empty()) {
    std::size_t n = std::min(text.size(), k_encoded_chunk);
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    if (n == 0) n = std::min(text.size(), k_encoded_chunk);  // not UTF-8: cut anywhere
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(0, n)) + "?=";
    text.remove_prefix(n);
  }
  return out;
}

std::expected<std::string, std::string> compose(const Message& message, const DateTime& date,
                                                std::string_view message_id) {
  auto from = parse_mailbox(message.from);
  if (!from) return std::unexpected("发件人" + from.error());
  if (message.to.empty()) return std::unexpected("没有收件人");
  std::string to;
  for (const auto& recipient : message.to) {
    auto parsed = parse_mailbox(recipient);
    if (!parsed) return std::unexpected("收件人" + parsed.error());
    if (!to.empty()) to += ",\r\n ";
    to += format_mailbox(*parsed);
  }
  if (!is_valid_utf8(message.subject) || !is_valid_utf8(message.body))
    return std::unexpected("邮件主题或正文不是有效的 UTF-8 文本");
  for (char c : message_id)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || static_cast<unsigned char>(c) >= 0x7F)
      return std::unexpected("Message-ID 无效");
  std::string out;
  out += "From: " + format_mailbox(*from) + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + encode_header_text(message.subject) + "\r\n";
  out += "Date: " + rfc5322_date(date) + "\r\n";
  out += fmt::format("Message-ID: <{}>\r\n", message_id);
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  out += body_base64(message.body);
  return out;
}

} // namespace zwgk::smtp
