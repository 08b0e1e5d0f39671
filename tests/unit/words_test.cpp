#include "util/text.h"
#include "util/words.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

using Pieces = std::vector<std::string>;

TEST(WordPieces, KeepsHeaderWordsWhole) {
  EXPECT_EQ(word_pieces("累计得分"), (Pieces{"累计", "得分"}));
  EXPECT_EQ(word_pieces("减分"), (Pieces{"减分"}));  // ICU gives 减|分: a lone character joins its neighbour
  EXPECT_EQ(word_pieces("被采用稿件"), (Pieces{"被采用", "稿件"}));
}

TEST(WordPieces, UnknownNamesNumbersAndPunctuation) {
  // "临淄" is not in ICU's dictionary: its single characters stay one word; a number keeps its unit.
  EXPECT_EQ(word_pieces("临淄区2020年第三季度"), (Pieces{"临淄区", "2020年", "第三", "季度"}));
  // Closing punctuation stays with what precedes it, opening with what follows.
  EXPECT_EQ(word_pieces("缺失，减1分；内容（表格）混乱"), (Pieces{"缺失，", "减1分；", "内容", "（表格）", "混乱"}));
}

TEST(WordPieces, ConcatenationIsTheText) {
  for (std::string text : {"", "a b  c", "区（文旅）局", "各部门第三季度政务公开工作情况统计", "“应公开尽公开”。"}) {
    std::string joined;
    for (const auto& p : word_pieces(text)) joined += p;
    EXPECT_EQ(joined, text);
  }
}

TEST(WrapPieces, FillsLinesWithoutSplittingAPiece) {
  EXPECT_EQ(wrap_pieces(word_pieces("累计得分"), 4), (Pieces{"累计", "得分"}));
  EXPECT_EQ(wrap_pieces(word_pieces("累计得分"), 8), (Pieces{"累计得分"}));
  EXPECT_EQ(wrap_pieces(word_pieces("政府网站信息公开发布情况"), 10), (Pieces{"政府网站", "信息公开", "发布情况"}));
  // A piece wider than the line gets a line of its own rather than being cut.
  EXPECT_EQ(wrap_pieces({"临淄区", "a"}, 4), (Pieces{"临淄区", "a"}));
  EXPECT_EQ(widest_piece(word_pieces("被采用稿件")), 6u);
}

TEST(BalanceLines, TitleSplitAtAWordUpperLineNoShorter) {
  EXPECT_EQ(balance_lines("临淄区2020年第三季度政务公开工作情况通报", 38),
            (Pieces{"临淄区2020年第三季度", "政务公开工作情况通报"}));
  EXPECT_EQ(balance_lines("短标题", 38), (Pieces{"短标题"}));
  for (const auto& line : balance_lines("某某县人民政府办公室关于2021年上半年全县政务公开工作考核情况的通报", 38))
    EXPECT_LE(display_width(line), 38u) << line;
}

TEST(BalanceLines, ALongTitleOnEvenLinesBrokenBetweenWords) {
  const std::string title = "测试区2020年第三季度通报（7个单位，成文2020年10月14日，整改期限10月16日，"
                            "投稿减1分，400字，每条0.5分，任务数1和2，示范点区人社局，市级采用加1分）";
  auto lines = balance_lines(title, 38);
  ASSERT_EQ(lines.size(), wrap_pieces(word_pieces(title), 38).size());
  std::string joined;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    joined += lines[i];
    EXPECT_LE(display_width(lines[i]), 38u) << lines[i];
    if (i + 1 < lines.size()) {
      EXPECT_GE(display_width(lines[i]) + 8, display_width(lines.back())) << lines[i];
    }
  }
  EXPECT_EQ(joined, title);
}

} // namespace
} // namespace zwgk
