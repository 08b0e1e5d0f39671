#include "util/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace zwgk {
namespace {

using namespace std::string_literals;

// 临淄区 in GBK/GB18030.
const std::string k_linzi_gbk = "\xC1\xD9\xD7\xCD\xC7\xF8";
// 镕 (U+9555) is in GBK (0xE946) but not in GB2312.
const std::string k_rong_gbk = "\xE9\x46";

DecodedText decode_ok(std::string_view bytes) {
  auto decoded = decode_text(bytes);
  EXPECT_TRUE(decoded.has_value()) << (decoded ? "" : decoded.error().message);
  return decoded ? *decoded : DecodedText{};
}

TEST(DecodeText, PlainUtf8IsKept) {
  auto d = decode_ok("单位名称,发布数量\n临淄区,3\n");
  EXPECT_EQ(d.utf8, "单位名称,发布数量\n临淄区,3\n");
  EXPECT_EQ(d.encoding, TextEncoding::Utf8);
  EXPECT_EQ(encoding_name(d.encoding), "UTF-8");
}

TEST(DecodeText, PureAsciiIsUtf8) {
  auto d = decode_ok("a,b\r\n1,2\r\n");
  EXPECT_EQ(d.utf8, "a,b\r\n1,2\r\n");
  EXPECT_EQ(d.encoding, TextEncoding::Utf8);
  EXPECT_EQ(decode_ok("").encoding, TextEncoding::Utf8);
}

TEST(DecodeText, Utf8BomIsRemoved) {
  auto d = decode_ok("\xEF\xBB\xBF临淄区,3\r\n");
  EXPECT_EQ(d.utf8, "临淄区,3\r\n");
  EXPECT_EQ(d.encoding, TextEncoding::Utf8Bom);
  EXPECT_EQ(encoding_name(d.encoding), "UTF-8 (BOM)");
}

TEST(DecodeText, Utf16LittleEndianWithBom) {
  // FF FE, then 临 U+4E34, 淄 U+6DC4, 区 U+533A, ',' '3' '\n', each low byte first.
  std::string bytes = "\xFF\xFE\x34\x4E\xC4\x6D\x3A\x53,\0" "3\0\n\0"s;
  auto d = decode_ok(bytes);
  EXPECT_EQ(d.utf8, "临淄区,3\n");
  EXPECT_EQ(d.encoding, TextEncoding::Utf16);
  EXPECT_EQ(encoding_name(d.encoding), "UTF-16");
}

TEST(DecodeText, Utf16BigEndianWithBom) {
  std::string bytes = "\xFE\xFF\x4E\x34\x6D\xC4\x53\x3A"s;
  auto d = decode_ok(bytes);
  EXPECT_EQ(d.utf8, "临淄区");
  EXPECT_EQ(d.encoding, TextEncoding::Utf16);
}

TEST(DecodeText, Utf16SurrogatePairs) {
  // U+20000 is D840 DC00 in UTF-16.
  auto d = decode_ok("\xFF\xFE\x40\xD8\x00\xDC"s);
  EXPECT_EQ(d.utf8, "\xF0\xA0\x80\x80");
}

TEST(DecodeText, GbkBytesAreDecodedAsGb18030) {
  auto d = decode_ok(k_linzi_gbk);
  EXPECT_EQ(d.utf8, "临淄区");
  EXPECT_EQ(d.encoding, TextEncoding::Gb18030);
  EXPECT_EQ(encoding_name(d.encoding), "GB18030");
}

TEST(DecodeText, GbkOnlyCharacterIsDecoded) {
  // A GB2312-only decoder would refuse 镕.
  auto d = decode_ok("\xD6\xEC" + k_rong_gbk + "\xBB\xF9");  // 朱镕基
  EXPECT_EQ(d.utf8, "朱镕基");
  EXPECT_EQ(d.encoding, TextEncoding::Gb18030);
}

TEST(DecodeText, GbkCsvKeepsAsciiAndLineEnds) {
  // 单位 = B5 A5 CE BB
  auto d = decode_ok("\xB5\xA5\xCE\xBB,n\r\n" + k_linzi_gbk + ",3\r\n");
  EXPECT_EQ(d.utf8, "单位,n\r\n临淄区,3\r\n");
  EXPECT_EQ(d.encoding, TextEncoding::Gb18030);
}

TEST(DecodeText, Gb18030FourByteSequence) {
  // U+20000 is 95 32 82 36 in GB18030.
  auto d = decode_ok("a\x95\x32\x82\x36");
  EXPECT_EQ(d.utf8, "a\xF0\xA0\x80\x80");
  EXPECT_EQ(d.encoding, TextEncoding::Gb18030);
}

TEST(DecodeText, BytesValidInNeitherAreReportedWithLineAndColumn) {
  // Line 2, after "abc": 0x81 needs a trail byte, and a space is not one.
  auto r = decode_text("x,y\nabc\x81 z\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 2u);
  EXPECT_EQ(r.error().column, 4u);
  EXPECT_NE(r.error().message.find("GB18030"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("第 8 字节"), std::string::npos) << r.error().message;
}

TEST(DecodeText, BadByteAtTheVeryStart) {
  auto r = decode_text("\xFF" "abc");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 1u);
  EXPECT_EQ(r.error().column, 1u);
}

TEST(DecodeText, BadByteOnThirdLine) {
  auto r = decode_text("a\nb\n\xFF\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 3u);
  EXPECT_EQ(r.error().column, 1u);
}

TEST(DecodeText, BadByteAfterChineseTextColumnCountsCharacters) {
  // encoding.h: "column: 1-based, in characters before the bad byte". Three
  // characters (six GBK bytes) precede the bad byte, so the column is 4.
  auto r = decode_text("x\n" + k_linzi_gbk + "\x81 ");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 2u);
  EXPECT_EQ(r.error().column, 4u);
}

TEST(DecodeText, Utf8BomWithInvalidBytesIsAnError) {
  // A BOM promises UTF-8; invalid bytes after it are not silently decoded as GBK.
  auto r = decode_text("\xEF\xBB\xBF" "ab\n" + k_linzi_gbk);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 2u);
  EXPECT_EQ(r.error().column, 1u);
}

TEST(DecodeText, Utf16WithUnpairedSurrogateIsAnError) {
  auto r = decode_text("\xFF\xFE" "a\0" "\x00\xDC" "b\0"s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 1u);
}

TEST(DecodeText, Utf16ErrorLineIgnoresNewlineBytesInsideCharacters) {
  // 上 (U+4E0A) is 0A 4E in UTF-16LE: its low byte is not a line feed. The
  // unpaired surrogate follows it on line 1, as the second character.
  auto r = decode_text("\xFF\xFE\x0A\x4E\x00\xDC"s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().column, 2u);
}

} // namespace
} // namespace zwgk
