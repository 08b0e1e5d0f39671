// Issue 16: the 指标 file's importer: each rule's columns, and every problem
// at its file, row and column (unknown unit with suggestions, unknown
// indicator with the scheme's codes, a value the indicator does not read).
#include "engine/assess.h"
#include "ingest/data_dir.h"
#include "ingest/importers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

namespace zwgk {
namespace {

class IngestIndicatorsTest : public ::testing::Test {
protected:
  IngestIndicatorsTest() {
    m_dir = std::filesystem::temp_directory_path() / ("zwgk-indicators-" + std::to_string(::getpid()));
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    for (const char* name : {"区教育和体育局", "区财政局"}) {
      Unit u;
      u.name = name;
      u.section = "部门";
      EXPECT_TRUE(registry.add(u));
    }
    scheme.sections = {{"部门", "各部门"}};
    for (auto [code, rule] : {std::pair{"答复", IndicatorRule::Ratio}, {"解读", IndicatorRule::Check},
                              {"评议", IndicatorRule::Manual}, {"减分", IndicatorRule::Deductions}}) {
      Indicator ind;
      ind.code = code;
      ind.rule = rule;
      ind.full_marks = Decimal::from_int(10);
      scheme.indicators.push_back(ind);
    }
  }
  ~IngestIndicatorsTest() override { std::filesystem::remove_all(m_dir); }

  void import(const std::string& text, const std::string& name = "指标.csv") {
    std::ofstream(m_dir / name, std::ios::binary) << text;
    ingest::ImportContext ctx{registry, scheme, period, data, out};
    ingest::import_records(ingest::RecordKind::Indicators, m_dir / name, name, {}, ctx);
  }
  std::vector<std::string> texts() const {
    std::vector<std::string> all;
    for (const auto& d : out.entries()) all.push_back(d.to_string());
    return all;
  }

  std::filesystem::path m_dir;
  Registry registry;
  Scheme scheme;
  Period period{2020, 3};
  Dataset data;
  Diagnostics out;
};

TEST_F(IngestIndicatorsTest, ReadsEachRulesValueFromItsColumns) {
  import("单位,指标,事项,分子,分母,结果,得分,备注\n"
         "区财政局,答复,依申请公开,12,15,,,\n"
         "区财政局,解读,文件一,,,是,,\n"
         "区教育和体育局,解读,文件一,,,否,,未同步发布\n"
         "区教育和体育局,评议,,,,,7.5,\n");
  EXPECT_TRUE(out.empty()) << testing::PrintToString(texts());
  ASSERT_EQ(data.indicator_entries.size(), 4u);
  const auto& r = data.indicator_entries[0];
  EXPECT_EQ(r.unit, 1u);
  EXPECT_EQ(r.indicator, "答复");
  EXPECT_EQ(r.item, "依申请公开");
  EXPECT_EQ(r.numerator, 12);
  EXPECT_EQ(r.denominator, 15);
  EXPECT_FALSE(r.yes || r.points);
  EXPECT_EQ(data.indicator_entries[1].yes, true);
  EXPECT_EQ(data.indicator_entries[2].yes, false);
  EXPECT_EQ(data.indicator_entries[3].points, Decimal::parse("7.5"));
  EXPECT_EQ(data.sources.locate(data.indicator_entries[3].source).describe(), "“指标.csv” 第5行");
  // Validation and scoring accept what was read.
  EXPECT_FALSE(validate_dataset(registry, scheme, data, period).has_errors());
}

TEST_F(IngestIndicatorsTest, UnknownUnitIsReportedWithTheNearestNames) {
  import("单位,指标,得分\n区财政,评议,5\n");
  EXPECT_EQ(texts(), std::vector<std::string>{
                         "错误：读取“指标.csv” 第2行第1列（单位）时：未知单位“区财政”；是否指：区财政局？"});
  EXPECT_TRUE(data.indicator_entries.empty());
}

TEST_F(IngestIndicatorsTest, UnknownIndicatorListsTheSchemesCodes) {
  import("单位,指标,得分\n区财政局,主动公开,5\n");
  EXPECT_EQ(texts(), std::vector<std::string>{
                         "错误：读取“指标.csv” 第2行第2列（指标）时：指标“主动公开”不在考核方案中，应为：答复、解读、评议、减分"});
  EXPECT_TRUE(data.indicator_entries.empty());
}

TEST_F(IngestIndicatorsTest, AnIndicatorNotScoredFromTheFileIsAnError) {
  import("单位,指标,得分\n区财政局,减分,5\n");
  EXPECT_EQ(texts(), std::vector<std::string>{
                         "错误：读取“指标.csv” 第2行第2列（指标）时：指标“减分”不按指标文件中的数据计分"
                         "（只有按比例、是否检查和录入得分计分的指标填在这里）"});
}

TEST_F(IngestIndicatorsTest, AValueTheIndicatorDoesNotReadIsAnErrorAtItsCell) {
  import("单位,指标,分子,分母,结果,得分\n"
         "区财政局,答复,,,,8\n"
         "区财政局,评议,1,2,,8\n");
  EXPECT_EQ(texts(), (std::vector<std::string>{
                         "错误：读取“指标.csv” 第2行第6列（得分）时：指标“答复”不填“得分”，应填“分子”和“分母”",
                         "错误：读取“指标.csv” 第2行第3列（分子）时：此处不能为空，应为非负整数",
                         "错误：读取“指标.csv” 第2行第4列（分母）时：此处不能为空，应为非负整数",
                         "错误：读取“指标.csv” 第3行第3列（分子）时：指标“评议”不填“分子”，应填“得分”",
                         "错误：读取“指标.csv” 第3行第4列（分母）时：指标“评议”不填“分母”，应填“得分”"}))
      << testing::PrintToString(texts());
  EXPECT_TRUE(data.indicator_entries.empty());
}

TEST_F(IngestIndicatorsTest, ACellThatDoesNotReadIsAnErrorAtIt) {
  import("单位,指标,分子,分母,结果,得分\n"
         "区财政局,答复,16,15,,\n"
         "区财政局,解读,,,也许,\n"
         "区财政局,解读,,,,\n"
         "区财政局,评议,,,,八分\n"
         "区财政局,评议,,,,-1\n");
  EXPECT_EQ(texts(), (std::vector<std::string>{
                         "错误：读取“指标.csv” 第2行第3列（分子）时：分子 16 大于分母 15",
                         "错误：读取“指标.csv” 第3行第5列（结果）时：“也许”无法识别，应为“是”或“否”",
                         "错误：读取“指标.csv” 第4行第5列（结果）时：为空，应填“是”或“否”",
                         "错误：读取“指标.csv” 第5行第6列（得分）时：“八分”不是得分，应为不小于 0 的数，如 8 或 7.5（最多六位小数）",
                         "错误：读取“指标.csv” 第6行第6列（得分）时：“-1”不是得分，应为不小于 0 的数，如 8 或 7.5（最多六位小数）"}))
      << testing::PrintToString(texts());
  EXPECT_TRUE(data.indicator_entries.empty());
}

TEST_F(IngestIndicatorsTest, TheFileMustHaveTheIndicatorAndAValueLayout) {
  import("单位,事项\n区财政局,文件一\n");
  EXPECT_EQ(texts(), (std::vector<std::string>{
                         "错误：读取“指标.csv” 第1行时：缺少“指标”列（填写考核方案中指标的代码）",
                         "错误：读取“指标.csv” 第1行时：应有“分子”和“分母”两列（按比例计分）、“结果”列（是/否）或“得分”列（录入得分）"}));
}

TEST_F(IngestIndicatorsTest, ARowNeedsItsRulesColumn) {
  import("单位,指标,分子\n区财政局,答复,3\n");
  EXPECT_EQ(texts(), std::vector<std::string>{"错误：读取“指标.csv” 第1行时：有“分子”列而缺少“分母”列"});
  out = {};
  import("单位,指标,得分\n区财政局,解读,3\n", "指标2.csv");
  EXPECT_EQ(texts(), (std::vector<std::string>{
                         "错误：读取“指标2.csv” 第2行第3列（得分）时：指标“解读”不填“得分”，应填“结果”（是/否）",
                         "错误：读取“指标2.csv” 第2行第2列（指标）时：指标“解读”应填“结果”（是/否），文件中没有这一列"}));
}

TEST_F(IngestIndicatorsTest, ASchemeWithoutIndicatorsRefusesTheFile) {
  scheme.indicators.clear();
  import("单位,指标,得分\n区财政局,评议,5\n");
  EXPECT_EQ(texts(), std::vector<std::string>{
                         "错误：读取“指标.csv” 第1行时：考核方案中没有指标体系（[[indicators]]），指标文件无从计分；"
                         "请在方案中写明指标，或把这个文件移出季度文件夹"});
}

TEST_F(IngestIndicatorsTest, GB18030FilesAreRead) {
  // "单位,指标,得分\n区财政局,评议,5\n" in GB18030.
  import("\xb5\xa5\xce\xbb,\xd6\xb8\xb1\xea,\xb5\xc3\xb7\xd6\n\xc7\xf8\xb2\xc6\xd5\xfe\xbe\xd6,"
         "\xc6\xc0\xd2\xe9,5\n");
  EXPECT_TRUE(out.empty()) << testing::PrintToString(texts());
  ASSERT_EQ(data.indicator_entries.size(), 1u);
  EXPECT_EQ(data.indicator_entries[0].indicator, "评议");
}

TEST(IngestIndicatorFiles, TheLoaderReadsFilesNamedIndicator) {
  EXPECT_EQ(ingest::input_kind("指标.csv"), "指标");
  EXPECT_EQ(ingest::input_kind("指标-依申请.xlsx"), "指标");
  EXPECT_FALSE(ingest::input_kind("指标.txt"));
}

} // namespace
} // namespace zwgk
