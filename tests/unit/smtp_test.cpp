// The SMTP client's message: headers, RFC 2047 subjects, base64 bodies,
// addresses. Sending over the network is tested against a fake server
// (tests/smtp/).
#include "smtp/client.h"

#include <gtest/gtest.h>

#include <string>

namespace zwgk::smtp {
namespace {

std::string unbase64(std::string_view text) {
  static const std::string k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    auto pos = k_alphabet.find(c);
    if (pos == std::string::npos) continue;  // '=', CR, LF
    bits = (bits << 6) | static_cast<unsigned>(pos);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// The text of "=?UTF-8?B?…?=" words, folded or not.
std::string decode_words(std::string_view header) {
  std::string out;
  for (auto start = header.find("=?UTF-8?B?"); start != std::string_view::npos;
       start = header.find("=?UTF-8?B?", start)) {
    start += 10;
    auto end = header.find("?=", start);
    out += unbase64(header.substr(start, end - start));
    start = end;
  }
  return out;
}

std::string header(const std::string& message, std::string_view name) {
  auto start = message.find(std::string(name) + ": ");
  if (start == std::string::npos) return {};
  start += name.size() + 2;
  auto end = start;
  while (true) {  // unfold continuation lines
    end = message.find("\r\n", end);
    if (end == std::string::npos || (message[end + 2] != ' ' && message[end + 2] != '\t')) break;
    end += 2;
  }
  return message.substr(start, end - start);
}

const DateTime k_date{{2020, 10, 20}, 9 * 60 + 5};

TEST(SmtpCompose, HeadersAndBody) {
  Message m{"临淄区人民政府办公室 <gk@example.gov.cn>", {"zjj@example.gov.cn", "\"Ops\" <ops@example.gov.cn>"},
            "临淄区政务公开工作考核整改事项提醒（区住建局，截至2020年10月20日）",
            "区住建局：\n　　截至2020年10月20日，贵单位尚有以下整改事项未完成：\n.\n"};
  auto bytes = compose(m, k_date, "abc@example.gov.cn");
  ASSERT_TRUE(bytes) << bytes.error();
  EXPECT_EQ(header(*bytes, "Date"), "Tue, 20 Oct 2020 09:05:00 +0800");
  EXPECT_EQ(header(*bytes, "Message-ID"), "<abc@example.gov.cn>");
  EXPECT_EQ(header(*bytes, "To"), "zjj@example.gov.cn,\r\n \"Ops\" <ops@example.gov.cn>");
  std::string from = header(*bytes, "From");
  EXPECT_TRUE(from.ends_with("\r\n <gk@example.gov.cn>"));
  EXPECT_EQ(decode_words(from), "临淄区人民政府办公室");
  EXPECT_EQ(decode_words(header(*bytes, "Subject")), m.subject);
  EXPECT_NE(bytes->find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"),
            std::string::npos);
  std::string body = bytes->substr(bytes->find("\r\n\r\n") + 4);
  EXPECT_EQ(unbase64(body), "区住建局：\r\n　　截至2020年10月20日，贵单位尚有以下整改事项未完成：\r\n.\r\n");
  // Every line within limits, every line end CRLF.
  std::size_t start = 0;
  for (auto end = bytes->find("\r\n"); end != std::string::npos; start = end + 2, end = bytes->find("\r\n", start))
    EXPECT_LE(end - start, 78u) << bytes->substr(start, end - start);
  EXPECT_EQ(start, bytes->size());
  for (std::size_t i = 0; i < bytes->size(); ++i)
    if ((*bytes)[i] == '\n') {
      EXPECT_EQ((*bytes)[i - 1], '\r');
    }
}

TEST(SmtpCompose, EncodedWordsNeverSplitACharacter) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "整改";
  std::string encoded = encode_header_text(subject);
  EXPECT_EQ(decode_words(encoded), subject);
  std::size_t start = 0;
  for (auto end = encoded.find("\r\n "); ; start = end + 3, end = encoded.find("\r\n ", start)) {
    std::string_view word = std::string_view(encoded).substr(start, end == std::string::npos ? end : end - start);
    EXPECT_LE(word.size(), 75u);
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?="));
    std::string text = unbase64(word.substr(10, word.size() - 12));
    EXPECT_FALSE(text.empty());
    EXPECT_NE(static_cast<unsigned char>(text[0]) & 0xC0, 0x80u);  // starts on a character
    if (end == std::string::npos) break;
  }
  EXPECT_EQ(encode_header_text("Reminder"), "Reminder");
  EXPECT_EQ(decode_words(encode_header_text("a =?x?= b")), "a =?x?= b");
  EXPECT_EQ(decode_words(encode_header_text("evil\r\nBcc: x@y")), "evil\r\nBcc: x@y");  // no header injection
}

TEST(SmtpCompose, Addresses) {
  EXPECT_EQ(address_of("gk@example.gov.cn"), "gk@example.gov.cn");
  EXPECT_EQ(address_of(" 办公室 <gk@example.gov.cn> "), "gk@example.gov.cn");
  EXPECT_EQ(address_of("\"Office\" <gk@example.gov.cn>"), "gk@example.gov.cn");
  for (const char* bad : {"", "gk", "@example.gov.cn", "gk@", "a@b@c", "g k@example.gov.cn",
                          "gk@example.gov.cn\r\nBcc: x@y", "<gk@example.gov.cn", "办公室 <>"}) {
    auto r = address_of(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_NE(r.error().find("邮件地址"), std::string::npos);
    }
  }
  Message m{"gk@example.gov.cn", {}, "主题", "正文"};
  EXPECT_EQ(compose(m, k_date, "a@b").error(), "没有收件人");
  m.to = {"bad address"};
  EXPECT_FALSE(compose(m, k_date, "a@b"));
  m.to = {"x@example.gov.cn"};
  m.from = "办公室\r\n <gk@example.gov.cn>";
  EXPECT_FALSE(compose(m, k_date, "a@b"));
}

TEST(SmtpSend, RefusesBadSettingsWithoutConnecting) {
  Message m{"gk@example.gov.cn", {"x@example.gov.cn"}, "主题", "正文"};
  Options o;
  o.url = "smtp://smtp.example.gov.cn";
  o.security = Security::None;
  auto r = send(o, m);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("只能用于本机"), std::string::npos) << r.error();
  o.security = Security::Tls;
  r = send(o, m);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("smtps://"), std::string::npos) << r.error();
  o.url = "http://smtp.example.gov.cn";
  o.security = Security::StartTls;
  EXPECT_FALSE(send(o, m));
  o.url = "smtp://user:secret-pw@smtp.example.gov.cn";
  r = send(o, m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().find("secret-pw"), std::string::npos);
  o.url = "smtp://smtp.example.gov.cn";
  o.user = "gk";
  r = send(o, m);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("密码"), std::string::npos);
  EXPECT_EQ(parse_security("starttls"), Security::StartTls);
  EXPECT_FALSE(parse_security("ssl"));
}

} // namespace
} // namespace zwgk::smtp
