#include "util/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zwgk {
namespace {

using Strings = std::vector<std::string>;

constexpr const char* k_ideographic_space = "\xE3\x80\x80";
constexpr const char* k_bom = "\xEF\xBB\xBF";

TEST(Trim, StripsAsciiWhitespaceIdeographicSpaceAndBom) {
  EXPECT_EQ(trim("  区文旅局\t\r\n"), "区文旅局");
  EXPECT_EQ(trim(std::string(k_ideographic_space) + "区文旅局" + k_ideographic_space),
            "区文旅局");
  EXPECT_EQ(trim(std::string(k_bom) + "单位名称"), "单位名称");
  EXPECT_EQ(trim(std::string(k_bom) + " " + k_ideographic_space + "单位 " + k_ideographic_space +
                 "\t" + k_ideographic_space + " "),
            "单位");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(std::string(" ") + k_ideographic_space + "\t"), "");
}

TEST(Trim, KeepsInnerSpacesAndOtherCharacters) {
  EXPECT_EQ(trim(" 区 文旅局 "), "区 文旅局");
  EXPECT_EQ(trim(std::string("区") + k_ideographic_space + "局"),
            std::string("区") + k_ideographic_space + "局");
  // The last character of 区 is three bytes too, but not a space.
  EXPECT_EQ(trim("临淄区"), "临淄区");
  EXPECT_EQ(trim("a"), "a");
  EXPECT_EQ(trim("、"), "、");
}

TEST(FoldName, FullWidthBracketsAndLettersBecomeAscii) {
  EXPECT_EQ(fold_name("区（文旅）局"), "区(文旅)局");
  EXPECT_EQ(fold_name("区（文旅）局"), fold_name("区(文旅)局"));
  EXPECT_EQ(fold_name("ＡＢＣ１２３"), "ABC123");
  EXPECT_EQ(fold_name("ｅ政务"), "e政务");
}

TEST(FoldName, RemovesAllWhitespace) {
  EXPECT_EQ(fold_name(" 区 文旅  局 "), "区文旅局");
  EXPECT_EQ(fold_name(std::string("区") + k_ideographic_space + "文旅局"), "区文旅局");
  EXPECT_EQ(fold_name("区\t文旅局\n"), "区文旅局");
  EXPECT_EQ(fold_name(std::string(k_bom) + "区文旅局"), "区文旅局");
  EXPECT_EQ(fold_name("   "), "");
}

// Issue 19: names of printable ASCII and common ideographs are folded without ICU; anything
// else (full-width forms, compatibility ideographs, Kangxi radicals, combining marks, other
// spaces) still goes through NFKC.
TEST(FoldName, PlainNamesFoldToThemselvesAndTheRestThroughNfkc) {
  EXPECT_EQ(fold_name("临淄区人民政府办公室"), "临淄区人民政府办公室");
  EXPECT_EQ(fold_name(" 区(文旅)局-2\t"), "区(文旅)局-2");
  EXPECT_EQ(fold_name("\xE4\xB8\x80\xE9\xBF\xBF"), "\xE4\xB8\x80\xE9\xBF\xBF");  // U+4E00, U+9FFF
  EXPECT_EQ(fold_name("区\xEF\xA4\x80局"), "区\xE8\xB1\x88局");  // U+F900 → U+8C48
  EXPECT_EQ(fold_name("\xE2\xBC\x80区"), "一区");                   // Kangxi radical one → U+4E00
  EXPECT_EQ(fold_name("区\xC2\xA0局"), "区局");                      // no-break space
  EXPECT_EQ(fold_name("e\xCC\x81区"), "\xC3\xA9区");               // e + combining acute → é
  EXPECT_EQ(fold_name("㈠区"), "(一)区");
}

TEST(FoldName, DoesNotMergeDifferentNames) {
  EXPECT_NE(fold_name("区文旅局"), fold_name("区文化和旅游局"));
  EXPECT_NE(fold_name("区(文旅)局"), fold_name("区文旅局"));
}

TEST(EditDistance, CountsCodePointsNotBytes) {
  EXPECT_EQ(edit_distance("区", "局"), 1u);  // same length in bytes, one code point apart
  EXPECT_EQ(edit_distance("临淄区", "临淄区"), 0u);
  EXPECT_EQ(edit_distance("区文旅局", "区文化和旅游局"), 3u);
  EXPECT_EQ(edit_distance("区文旅", "区文旅局"), 1u);
  EXPECT_EQ(edit_distance("区文旅", "区残联"), 2u);
  EXPECT_EQ(edit_distance("", "区残联"), 3u);
  EXPECT_EQ(edit_distance("区残联", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("朱台镇", "朱台"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 2u);
}

TEST(CodePointCount, CountsCharacters) {
  EXPECT_EQ(code_point_count(""), 0u);
  EXPECT_EQ(code_point_count("abc"), 3u);
  EXPECT_EQ(code_point_count("临淄区a"), 4u);
  EXPECT_EQ(code_point_count("\xF0\xA0\x80\x80"), 1u);  // U+20000, four bytes
}

TEST(CountArticleCharacters, PunctuationAndSpacesAreNotCounted) {
  EXPECT_EQ(count_article_characters("临淄区，政务公开！"), 7u);
  EXPECT_EQ(count_article_characters("“政务公开”：《通知》。"), 6u);
  EXPECT_EQ(count_article_characters(std::string("一") + k_ideographic_space + "二 三\n"), 3u);
  EXPECT_EQ(count_article_characters(""), 0u);
  EXPECT_EQ(count_article_characters("，。、；！？…… —— "), 0u);
}

TEST(CountArticleCharacters, LettersDigitsAndIdeographsAreCounted) {
  EXPECT_EQ(count_article_characters("Hello, world 2020"), 14u);
  EXPECT_EQ(count_article_characters("ＡＢ１２"), 4u);       // full-width letters and digits
  EXPECT_EQ(count_article_characters("二〇二〇年"), 5u);    // 〇 is an ideograph, not a letter
  EXPECT_EQ(count_article_characters("8月31日发布了3条"), 10u);
  EXPECT_EQ(count_article_characters("\xF0\xA0\x80\x80"), 1u);  // CJK extension B
}

TEST(CountArticleCharacters, CombiningSequencesCountOnce) {
  EXPECT_EQ(count_article_characters("e\xCC\x81"), 1u);              // e + U+0301
  EXPECT_EQ(count_article_characters("e\xCC\x81" "e\xCC\x81" "a"), 3u);
  EXPECT_EQ(count_article_characters("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"), 1u);  // 한 as jamo
  EXPECT_EQ(count_article_characters("\xF0\x9F\x91\x8D"), 0u);       // 👍 is not a letter
}

// Issue 19: text whose code points each stand alone is counted without the
// break iterator. A space with a combining mark (a cluster of two, counted by
// neither way) sends the same text down ICU's path: both ways must agree.
TEST(CountArticleCharacters, TheQuickPathAgreesWithTheBreakIterator) {
  const std::string text = "临淄区政务公开2020年第三季度，ＡＢ１２《通知》二〇二〇\r\n"
                           "Hello world\t\xF0\xA0\x80\x80 \xFF\xFE 稿件：8月31日";
  const std::string quick = text + " ";
  const std::string with_mark = text + " \xCC\x81";  // U+0301 after the space
  EXPECT_EQ(count_article_characters(quick), 44u);
  EXPECT_EQ(count_article_characters(with_mark), count_article_characters(quick));
  EXPECT_EQ(article_fingerprint(with_mark), article_fingerprint(quick));
  EXPECT_NE(article_fingerprint(quick), article_fingerprint(quick + "一"));
}

TEST(SplitList, SplitsOnEverySeparator) {
  EXPECT_EQ(split_list("区文旅局、区残联，区人社局；区财政局/区教体局"),
            (Strings{"区文旅局", "区残联", "区人社局", "区财政局", "区教体局"}));
  EXPECT_EQ(split_list(std::string("a,b;c／d|e f") + k_ideographic_space + "g"),
            (Strings{"a", "b", "c", "d", "e", "f", "g"}));
  EXPECT_EQ(split_list("示范点"), (Strings{"示范点"}));
}

TEST(SplitList, DropsEmptyItemsAndTrims) {
  EXPECT_EQ(split_list("、、示范点、，"), (Strings{"示范点"}));
  EXPECT_EQ(split_list(" 示范点 ， 投稿 "), (Strings{"示范点", "投稿"}));
  EXPECT_EQ(split_list("\t投稿\t"), (Strings{"投稿"}));
  EXPECT_TRUE(split_list("").empty());
  EXPECT_TRUE(split_list("、，；/ ").empty());
}

TEST(Substitute, ReplacesKnownKeysOnly) {
  EXPECT_EQ(substitute("{months}月份未投稿", {{"months", "7、8"}}), "7、8月份未投稿");
  EXPECT_EQ(substitute("{year}年{quarter}", {{"quarter", "第三季度"}, {"year", "2020"}}),
            "2020年第三季度");
  EXPECT_EQ(substitute("{a}{a}", {{"a", "x"}}), "xx");
  EXPECT_EQ(substitute("{unknown}月", {{"months", "7"}}), "{unknown}月");
  EXPECT_EQ(substitute("{months", {{"months", "7"}}), "{months");
  EXPECT_EQ(substitute("{month}", {{"months", "7"}}), "{month}");
  EXPECT_EQ(substitute("{", {{"months", "7"}}), "{");
  EXPECT_EQ(substitute("无占位符", {}), "无占位符");
}

TEST(Substitute, DoesNotExpandReplacementsAgain) {
  EXPECT_EQ(substitute("{a}", {{"a", "{b}"}, {"b", "X"}}), "{b}");
}

TEST(Utf8ValidPrefix, StopsAtTheFirstInvalidByte) {
  EXPECT_EQ(utf8_valid_prefix(""), 0u);
  EXPECT_EQ(utf8_valid_prefix("abc"), 3u);
  EXPECT_EQ(utf8_valid_prefix("临淄区"), 9u);
  EXPECT_EQ(utf8_valid_prefix("abc\xFF" "def"), 3u);
  EXPECT_EQ(utf8_valid_prefix("abcdefgh\x80"), 8u);            // right after an 8-byte ASCII run
  EXPECT_EQ(utf8_valid_prefix("abcdefghijklmnopqrst\xC1\xD9"), 20u);  // GBK after ASCII runs
  EXPECT_EQ(utf8_valid_prefix("abcdefgh临淄区"), 17u);
  EXPECT_EQ(utf8_valid_prefix("临\xE6\xB7"), 3u);              // 淄 cut short at the end
  EXPECT_EQ(utf8_valid_prefix("abcdefg\xF0\xA0\x80"), 7u);     // four-byte sequence cut short
  EXPECT_EQ(utf8_valid_prefix("\xC0\xAF"), 0u);                 // overlong '/'
  EXPECT_EQ(utf8_valid_prefix("\xED\xA0\x80"), 0u);             // surrogate
  EXPECT_EQ(utf8_valid_prefix("\xF4\x90\x80\x80"), 0u);         // above U+10FFFF
  EXPECT_EQ(utf8_valid_prefix("a\xF0\xA0\x80\x80" "b"), 6u);    // U+20000 is valid
  EXPECT_EQ(utf8_valid_prefix("\xC1\xD9\xD7\xCD\xC7\xF8"), 0u);  // 临淄区 in GBK
}

TEST(Utf8ValidPrefix, AgreesWithIsValidUtf8) {
  EXPECT_TRUE(is_valid_utf8("临淄区政务公开 2020"));
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_FALSE(is_valid_utf8("临淄区\xFF"));
  EXPECT_FALSE(is_valid_utf8(std::string(100, 'a') + "\x80"));
}

std::string csv_row(const Strings& cells, CsvCells mode = CsvCells::Neutralised) {
  std::string out;
  append_csv_row(out, cells, mode);
  return out;
}

// OWASP's CSV injection list: a cell starting with = + - @ tab or CR is a
// formula to Excel; an apostrophe before it makes it text.
TEST(AppendCsvRow, CsvFormulaInjectionNeutralised) {
  EXPECT_EQ(csv_row({"=HYPERLINK(\"http://x.example\",\"看\")"}), "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"看\"\")\"\r\n");
  EXPECT_EQ(csv_row({"=1+1", "+cmd", "-2分", "@SUM(A1)", "\tx", "\r=1"}),
            "'=1+1,'+cmd,'-2分,'@SUM(A1),'\tx,\"'\r=1\"\r\n");
  EXPECT_EQ(csv_row({"-", "+", "-.5", "--1", "-1-1"}), "'-,'+,'-.5,'--1,'-1-1\r\n");
}

TEST(AppendCsvRow, NumbersAndOrdinaryTextStayAsTheyAre) {
  EXPECT_EQ(csv_row({"-0.5", "-2", "+3", "15", "10.5", "区文旅局", "a=b", " =1", ""}),
            "-0.5,-2,+3,15,10.5,区文旅局,a=b, =1,\r\n");
}

TEST(AppendCsvRow, ExactWritesEveryCellAsGiven) {
  EXPECT_EQ(csv_row({"=1+1", "-2分", "@x", "a,b"}, CsvCells::Exact), "=1+1,-2分,@x,\"a,b\"\r\n");
}

TEST(StartsLikeFormula, OwaspCharactersButNotNumbers) {
  for (const char* cell : {"=", "+x", "-x", "@x", "\t", "\r", "-1e5", "+1.", "-.5"}) EXPECT_TRUE(starts_like_formula(cell)) << cell;
  for (const char* cell : {"", "1", "-1", "+1", "-0.5", "x=1", " -1", "＝1"}) EXPECT_FALSE(starts_like_formula(cell)) << cell;
}

// Issue 12: a control character in a unit's name reached 通报.docx as "&#1;"
// (forbidden in XML 1.0: Word refuses the file), and invalid UTF-8 made it
// ill-formed. Both become U+FFFD; tab, LF, CR and all other text stay.
TEST(XmlSafeText, ControlCharactersAndInvalidUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(xml_safe_text("区\x01文旅局"), "区\xEF\xBF\xBD文旅局");
  EXPECT_EQ(xml_safe_text(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(xml_safe_text("\x1F\x0B\x0C"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(xml_safe_text("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(xml_safe_text("\xE5\x8C"), "\xEF\xBF\xBD");                    // a cut-off 区
  EXPECT_EQ(xml_safe_text("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(xml_safe_text("\xEF\xBF\xBE|\xEF\xBF\xBF"), "\xEF\xBF\xBD|\xEF\xBF\xBD");  // U+FFFE, U+FFFF
  const std::string fine = "区文旅局\t一\n二\r三 <&> \xF0\x9F\x98\x80 \x7F";
  EXPECT_EQ(xml_safe_text(fine), fine);
  EXPECT_EQ(xml_safe_text(""), "");
}

TEST(FileNameKey, WindowsComparesNamesWithoutCaseAndTrailingDots) {
  EXPECT_EQ(file_name_key("附件1-A.CSV"), file_name_key("附件1-a.csv"));
  EXPECT_EQ(file_name_key("Ärger.txt"), file_name_key("äRGER.TXT"));
  EXPECT_EQ(file_name_key("通报.docx. "), file_name_key("通报.docx"));
  EXPECT_NE(file_name_key("附件1.csv"), file_name_key("附件2.csv"));
  EXPECT_NE(file_name_key("区文旅局"), file_name_key("区文旅"));
}

} // namespace
} // namespace zwgk
