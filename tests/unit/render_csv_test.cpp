#include "render/csv_tables.h"

#include "ingest/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zwgk {
namespace {

LaidOutTable table() {
  LaidOutTable t;
  t.id = "附件1";
  t.title = "各部门第三季度政务公开工作情况统计";
  t.header_rows = 2;
  t.columns = 4;
  // 单位 spans both rows; 发布数量 spans two columns over 7月 and 8月.
  t.header = {{"单位", 0, 0, 2, 1}, {"发布数量", 0, 1, 1, 2}, {"合计", 0, 3, 2, 1},
              {"7月", 1, 1, 1, 1},  {"8月", 1, 2, 1, 1}};
  t.rows = {{"区文旅局", "3", "10", "6.5"}, {"区政务服务中心(区行政审批服务局)", "0", "1", ""}};
  return t;
}

TEST(RenderCsv, BomHeaderGridAndCrLf) {
  EXPECT_EQ(render_csv(table()),
            "\xEF\xBB\xBF"
            "单位,发布数量,,合计\r\n"
            ",7月,8月,\r\n"
            "区文旅局,3,10,6.5\r\n"
            "区政务服务中心(区行政审批服务局),0,1,\r\n");
}

TEST(RenderCsv, QuotesFieldsThatNeedIt) {
  LaidOutTable t;
  t.header_rows = 1;
  t.columns = 1;
  t.header = {{"说明", 0, 0, 1, 1}};
  t.rows = {{"含,逗号"}, {"说\"引号\""}, {"两\n行"}, {"回车\r"}, {"普通 文字"}, {""}};
  EXPECT_EQ(render_csv(t),
            "\xEF\xBB\xBF"
            "说明\r\n"
            "\"含,逗号\"\r\n"
            "\"说\"\"引号\"\"\"\r\n"
            "\"两\n行\"\r\n"
            "\"回车\r\"\r\n"
            "普通 文字\r\n"
            "\r\n");
}

TEST(RenderCsv, OutputReadsBackWithTheCsvTokenizer) {
  LaidOutTable t = table();
  t.rows.push_back({"a,\"b\"\r\nc", "1", "2", "3"});
  std::string csv = render_csv(t);
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  std::vector<std::vector<std::string>> rows;
  auto r = ingest::parse_csv(std::string_view(csv).substr(3), 1, ',',
                             [&](std::size_t, std::span<const std::string_view> cells) {
                               rows.emplace_back(cells.begin(), cells.end());
                               return true;
                             });
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"", "7月", "8月", ""}));
  EXPECT_EQ(rows[4], t.rows[2]);
}

// The workspace's CSV exports (审计日志, 投稿) pass user text to csv_document:
// a login name or a mail subject must not run as a formula in Excel.
TEST(RenderCsv, CsvFormulaInjectionNeutralised) {
  EXPECT_EQ(csv_document({{"用户", "说明"}, {"=HYPERLINK(\"http://x\")", "-5"}, {"@x", "+y"}}),
            "\xEF\xBB\xBF"
            "用户,说明\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\")\",-5\r\n"
            "'@x,'+y\r\n");
  EXPECT_EQ(csv_document({{"=1", "-2分"}}, CsvCells::Exact), "\xEF\xBB\xBF=1,-2分\r\n");
  LaidOutTable t;
  t.header_rows = 1;
  t.columns = 2;
  t.header = {{"单位", 0, 0, 1, 1}, {"合计", 0, 1, 1, 1}};
  t.rows = {{"=区文旅局", "-1.5"}};
  EXPECT_EQ(render_csv(t), "\xEF\xBB\xBF单位,合计\r\n'=区文旅局,-1.5\r\n");
}

TEST(CsvFileName, IdDashTitleWithoutPathSeparators) {
  EXPECT_EQ(csv_file_name(table()), "附件1-各部门第三季度政务公开工作情况统计.csv");
  LaidOutTable t;
  t.id = "附件3";
  t.title = "投稿/采用\\情况";
  EXPECT_EQ(csv_file_name(t), "附件3-投稿_采用_情况.csv");
}

} // namespace
} // namespace zwgk
