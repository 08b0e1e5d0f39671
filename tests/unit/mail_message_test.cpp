// parse_message() over tests/corpora/mail/*.eml (written by make_corpus.py
// there) and a few messages built here: charsets, transfer encodings, MIME
// structures, .docx/.doc attachments, Received dates in CST, and broken mail.
#include "mail/body_text.h"
#include "mail/message.h"

#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace zwgk::mail {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string read_corpus(const std::string& name) {
  std::ifstream in(std::string(ZWGK_CORPORA_DIR) + "/mail/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ParsedMessage parse_corpus(const std::string& name) {
  auto parsed = parse_message(read_corpus(name));
  EXPECT_TRUE(parsed) << name << ": " << (parsed ? "" : parsed.error());
  return parsed ? *parsed : ParsedMessage{};
}

bool any_reason_contains(const ParsedMessage& m, std::string_view needle) {
  for (const auto& r : m.needs_review)
    if (r.find(needle) != std::string::npos) return true;
  return false;
}

std::string reasons(const ParsedMessage& m) {
  std::string out;
  for (const auto& r : m.needs_review) out += r + "\n";
  return out;
}

// ---------------------------------------------------------------- charsets and encodings

TEST(MailMessage, PlainUtf8WithoutQuoteAndSignature) {
  auto m = parse_corpus("plain_utf8.eml");
  EXPECT_EQ(m.message_id, "plain@example");
  EXPECT_EQ(m.from_address, "xinxi@rsj.example.gov.cn");
  EXPECT_EQ(m.subject, "测试稿件");
  EXPECT_EQ(m.text, "各位同事：\n区人社局于8月28日召开就业工作推进会。");
  EXPECT_EQ(m.characters, 23u);
  EXPECT_EQ(m.pictures, 0u);
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_TRUE(m.needs_review.empty()) << reasons(m);
  ASSERT_TRUE(m.date);
  EXPECT_EQ(m.date->to_string(), "2020-08-31 09:59");
}

TEST(MailMessage, ReplyWithOriginalMailBlockQuotedPrintable) {
  auto m = parse_corpus("reply_original.eml");
  EXPECT_EQ(m.subject, "回复：补充说明");
  EXPECT_EQ(m.text, "关于稿件的补充说明ABC123。");
  EXPECT_EQ(m.characters, 15u);
}

TEST(MailMessage, GbkBytesUnderGb2312LabelAndSubject) {
  auto m = parse_corpus("gbk_gb2312_label.eml");
  EXPECT_EQ(m.subject, "【区人社局】镕字测试");
  EXPECT_EQ(m.text, "朱镕基同志视察我区。");
  EXPECT_EQ(m.characters, 9u);
  EXPECT_TRUE(m.needs_review.empty()) << reasons(m);
}

TEST(MailMessage, Gb18030QuotedPrintableAndSplitEncodedWords) {
  auto m = parse_corpus("gb18030_qp.eml");
  EXPECT_EQ(m.subject, "【区文旅局】国庆假期旅游情况");
  EXPECT_EQ(m.text, "国庆期间全区接待游客12万人次。");
  EXPECT_EQ(m.characters, 15u);
}

TEST(MailMessage, Big5) {
  auto m = parse_corpus("big5.eml");
  EXPECT_EQ(m.subject, "繁體中文標題");
  EXPECT_EQ(m.text, "臺灣同胞來訪交流。");
  EXPECT_EQ(m.characters, 8u);
}

TEST(MailMessage, RawGbkSubjectAndWrongBodyLabel) {
  auto m = parse_corpus("wrong_charset.eml");
  EXPECT_EQ(m.subject, "原始八位标题");
  EXPECT_EQ(m.from_address, "raw@example.gov.cn");
  EXPECT_EQ(m.text, "标签错误的正文。");
  EXPECT_EQ(m.characters, 7u);
  EXPECT_TRUE(any_reason_contains(m, "字符集")) << reasons(m);
}

// ---------------------------------------------------------------- structures

TEST(MailMessage, AlternativePrefersPlain) {
  auto m = parse_corpus("alternative.eml");
  EXPECT_EQ(m.text, "纯文本版本的稿件。");
  EXPECT_EQ(m.characters, 8u);
}

TEST(MailMessage, RelatedHtmlWithInlineImage) {
  auto m = parse_corpus("related_html_inline.eml");
  EXPECT_EQ(m.text, "网页正文第一段 A1。\n第二段\n换行&结束");
  EXPECT_EQ(m.characters, 16u);
  EXPECT_EQ(m.pictures, 1u);
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MailMessage, MixedWithAttachedPictures) {
  auto m = parse_corpus("mixed_images.eml");
  EXPECT_EQ(m.text, "请见附件中的两张照片。");
  EXPECT_EQ(m.pictures, 2u);
  EXPECT_THAT(m.attachments, ElementsAre("现场照片.jpg", "chart.PNG"));
}

TEST(MailMessage, DocxTextAndPictureCounted) {
  auto m = parse_corpus("docx_attachment.eml");
  EXPECT_EQ(m.text, "正文见附件。");
  EXPECT_EQ(m.characters, 23u);  // 5 of the body + 18 of the .docx
  EXPECT_EQ(m.pictures, 1u);
  EXPECT_THAT(m.attachments, ElementsAre("稿件.docx"));
  EXPECT_TRUE(m.needs_review.empty()) << reasons(m);
}

TEST(MailMessage, DocAndWpsFlagged) {
  auto m = parse_corpus("doc_attachment.eml");
  EXPECT_THAT(m.attachments, ElementsAre("稿件.doc", "旧稿.wps"));
  EXPECT_THAT(m.needs_review, Contains("附件“稿件.doc”是 .doc 格式，需人工查看字数和图片"));
  EXPECT_THAT(m.needs_review, Contains("附件“旧稿.wps”是 .wps 格式，需人工查看字数和图片"));
}

// ---------------------------------------------------------------- Received dates

TEST(MailMessage, ReceivedAtAugust31LateEveningIsAugust) {
  auto m = parse_corpus("received_aug31.eml");
  ASSERT_TRUE(m.received);
  EXPECT_EQ(m.received->to_string(), "2020-08-31 23:30");
  EXPECT_EQ(m.received->date.year_month(), (YearMonth{2020, 8}));
}

TEST(MailMessage, TopmostReceivedInUtcConvertedToCst) {
  auto m = parse_corpus("received_utc.eml");
  ASSERT_TRUE(m.received);
  EXPECT_EQ(m.received->to_string(), "2020-09-01 00:30");
  ASSERT_TRUE(m.date);
  EXPECT_EQ(m.date->to_string(), "2020-09-01 00:00");  // 12:00 -0400
}

TEST(MailMessage, ReceivedDateParsing) {
  auto d = parse_received_date("from a by b; Tue, 1 Sep 2020 00:10:00 +0900");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to_string(), "2020-08-31 23:10");
  EXPECT_FALSE(parse_received_date("from a by b"));
  EXPECT_FALSE(parse_received_date("from a by b; not a date"));
}

// ---------------------------------------------------------------- broken mail

TEST(MailMessage, BadBoundaryReported) {
  auto m = parse_corpus("bad_boundary.eml");
  EXPECT_EQ(m.subject, "bad boundary");
  EXPECT_EQ(m.text, "分隔线不符的正文。");  // recovered with the boundary really used
  EXPECT_EQ(m.characters, 8u);
  EXPECT_TRUE(any_reason_contains(m, "邮件结构有误")) << reasons(m);
}

TEST(MailMessage, MissingBoundaryReported) {
  auto m = parse_corpus("no_boundary.eml");
  EXPECT_EQ(m.text, "没有分隔线参数。");
  EXPECT_TRUE(any_reason_contains(m, "邮件结构有误")) << reasons(m);
}

TEST(MailMessage, TruncatedKeepsWhatIsThere) {
  auto m = parse_corpus("truncated.eml");
  EXPECT_EQ(m.text, "截断的邮件。");
  EXPECT_EQ(m.pictures, 1u);
}

TEST(MailMessage, MissingHeadersStillParsed) {
  auto m = parse_corpus("missing_headers.eml");
  EXPECT_EQ(m.subject, "没有发件人");
  EXPECT_EQ(m.text, "只有正文。");
  EXPECT_TRUE(m.from_address.empty());
  EXPECT_TRUE(m.message_id.empty());
  EXPECT_FALSE(m.received);
  EXPECT_TRUE(any_reason_contains(m, "发件人")) << reasons(m);
  EXPECT_TRUE(any_reason_contains(m, "无法确定月份")) << reasons(m);
}

TEST(MailMessage, NoHeadersIsAnError) {
  auto m = parse_message(read_corpus("no_headers.eml"));
  ASSERT_FALSE(m);
  EXPECT_THAT(m.error(), HasSubstr("无法解析邮件"));
}

TEST(MailMessage, DamagedFirstLineSkipped) {
  auto m = parse_message("\x01\x02 \xff garbage\nFrom: a@b.cn\nSubject: s\n\n正文\n");
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->from_address, "a@b.cn");
  EXPECT_EQ(m->text, "正文");
}

TEST(MailMessage, CutOffInsideHeaders) {
  auto m = parse_message("From: a@b.cn\nSubject: truncated\nContent-Ty");
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->subject, "truncated");
  EXPECT_TRUE(any_reason_contains(*m, "邮件结构有误")) << reasons(*m);
}

TEST(MailMessage, EmptyInputIsAnError) {
  auto m = parse_message("");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error(), "邮件为空");
  EXPECT_FALSE(parse_message(" \r\n\r\n"));
}

TEST(MailMessage, HugePartAndUnreadableDocx) {
  std::string b64;
  b64.reserve(7'000'000);
  const std::string line(76, 'Q');
  while (b64.size() < 6'800'000) b64 += line + "\n";  // about 5 MB decoded
  std::string raw =
      "From: big@example.gov.cn\nSubject: huge\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
      "大附件。\n--b\nContent-Type: image/jpeg; name=\"big.jpg\"\nContent-Transfer-Encoding: base64\n\n" +
      b64 +
      "--b\nContent-Type: application/octet-stream; name=\"坏.docx\"\nContent-Transfer-Encoding: base64\n\n"
      "UEsDBAo=\n--b--\n";
  auto m = parse_message(raw);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->text, "大附件。");
  EXPECT_EQ(m->pictures, 1u);
  EXPECT_THAT(m->attachments, ElementsAre("big.jpg", "坏.docx"));
  EXPECT_TRUE(any_reason_contains(*m, "附件“坏.docx”无法读取")) << reasons(*m);
}

TEST(MailMessage, MboxFromLineAndCrlf) {
  std::string raw = "From someone Mon Aug 31 23:30:00 2020\r\nFrom: A@B.cn\r\nSubject: x\r\n\r\n正文一行\r\n> 引用\r\n";
  auto m = parse_message(raw);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->from_address, "a@b.cn");
  EXPECT_EQ(m->text, "正文一行");
  EXPECT_EQ(m->characters, 4u);
}

TEST(MailMessage, ParallelParsing) {
  std::string raw = read_corpus("docx_attachment.eml");
  std::vector<std::thread> threads;
  std::vector<std::size_t> counts(4);
  for (std::size_t t = 0; t < counts.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i)
        if (auto m = parse_message(raw)) counts[t] = m->characters;
    });
  for (auto& t : threads) t.join();
  for (auto c : counts) EXPECT_EQ(c, 23u);
}

// ---------------------------------------------------------------- helpers

TEST(MailBodyText, StripsQuotesForwardsAndSignature) {
  EXPECT_EQ(strip_quotes_and_signature("正文\n> 引用\n正文二\n发件人：张三\n旧信"), "正文\n正文二");
  EXPECT_EQ(strip_quotes_and_signature("正文\n-----Original Message-----\nold"), "正文");
  EXPECT_EQ(strip_quotes_and_signature("正文\n--\n签名"), "正文");
}

TEST(MailBodyText, CharsetFallbacks) {
  EXPECT_EQ(normalize_charset("GB2312"), "gb18030");
  EXPECT_EQ(normalize_charset("\"gbk\""), "gb18030");
  auto d = decode_body("中文", "iso-8859-1");  // UTF-8 mislabelled as Latin-1
  EXPECT_EQ(d.text, "中文");
  EXPECT_TRUE(d.mislabelled);
  EXPECT_FALSE(convert_to_utf8("\xff\xfe\xfd", "utf-8"));
  EXPECT_EQ(decode_header_value("=?utf-8?Q?a_b?= =?utf-8?B?5Lit?= c"), "a b中 c");
  EXPECT_EQ(html_to_text("<p>a&lt;b&#x4e2d;&#25991;</p><script>x</script>"), "a<b中文");
}

}  // namespace
}  // namespace zwgk::mail

namespace zwgk::mail {
namespace {

// Regression (found by the Linzi mailbox tests): a .docx article resent
// with another covering note was not recognised as the same article.
TEST(MailMessageRegress, DocxResendWithAnotherNoteHasTheSameFingerprint) {
  std::string original = read_corpus("docx_attachment.eml");
  std::string resent = original;
  const std::string note = "5q2j5paH6KeB6ZmE5Lu244CC";             // 正文见附件。
  const std::string other = "5pu05q2j56i/77yM6K+35Lul5q2k56i/5Li65YeG";  // 更正稿，请以此稿为准
  auto at = resent.find(note);
  ASSERT_NE(at, std::string::npos);
  resent.replace(at, note.size(), other);
  resent.replace(resent.find("<docx@example>"), 14, "<docx-2@example>");
  auto a = parse_message(original);
  auto b = parse_message(resent);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->text, b->text);
  EXPECT_FALSE(a->attachment_text.empty());
  EXPECT_NE(a->fingerprint, 0u);
  EXPECT_EQ(a->fingerprint, b->fingerprint);
}

} // namespace
} // namespace zwgk::mail
