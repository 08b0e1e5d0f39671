// Hostile or careless schemes (issue 12): crashes, bounds, sheet and file
// names, and contradictions that used to pass without a word.
#include "scheme/parse.h"
#include "scheme_test_support.h"

#include <gtest/gtest.h>

#include <string>

namespace zwgk {
namespace {

using namespace scheme_test;

TEST(SchemeLimits, SortKeyWithTrailingSpaceOrTabIsNotACrash) {
  // parse_sort_key took substr(npos) after the trailing blank: std::out_of_range, abort.
  for (const char* order : {"[\"total \"]", "[\"total\\t\"]", "[\" total desc \"]", "[\"total \\t desc\"]"}) {
    Scheme s = parse_ok(second_table("[\"部门\"]", order));
    ASSERT_EQ(s.tables.size(), 2u) << order;
    ASSERT_EQ(s.tables[1].order.size(), 1u) << order;
    EXPECT_EQ(s.tables[1].order[0].field, SortField::Total) << order;
  }
  EXPECT_TRUE(parse_ok(second_table("[\"部门\"]", "[\"total desc\\t\"]")).tables[1].order[0].descending);
  EXPECT_TRUE(has_error(errors(second_table("[\"部门\"]", "[\" \"]")), 17, {"排序键"}));
}

// A second table (line 12) with `id` on line 13 and `title` on line 15.
std::string table_named(std::string_view id, std::string_view title = "t") {
  return scheme(std::string("[[tables]]\nid = \"") + std::string(id) + "\"\nkind = \"scores\"\ntitle = \"" +
                std::string(title) + "\"\nsections = [\"部门\"]\n");
}

TEST(SchemeLimits, TableIdThatExcelRefusesAsASheetNameIsAnError) {
  // `report` segfaulted after `check` passed: workbook_add_worksheet returned NULL.
  for (const char* id : {"附件:2", "附件[2]", "附件*", "附件?", "附件/2", "附件\\\\2", "'附件2", "附件2'", "history"})
    EXPECT_TRUE(has_error(errors(table_named(id)), 13, {"工作表名称"})) << id;
  EXPECT_TRUE(has_error(errors(table_named("附件二十二三四五六七八九十一二三四五六七八九十一二三四五六七八九")), 13,
                        {"不能超过 31 个字符（现有 32 个）"}));
  EXPECT_TRUE(has_error(errors(table_named("")), 13, {"不能为空"}));
  parse_ok(table_named("附件二十二三四五六七八九十一二三四五六七八九十一二三四五六七八"));  // 31: fine
  parse_ok(table_named("附件：2（全角冒号可以）"));
}

TEST(SchemeLimits, TableIdsEqualButForCaseAreAnError) {
  auto ds = errors(scheme("[[tables]]\nid = \"A\"\nkind = \"scores\"\ntitle = \"x\"\nsections = [\"部门\"]\n"
                          "[[tables]]\nid = \"a\"\nkind = \"scores\"\ntitle = \"y\"\nsections = [\"部门\"]\n"));
  EXPECT_TRUE(has_error(ds, 18, {"“a”", "第 12 行的表“A”相同"}));
  EXPECT_TRUE(has_error(errors(table_named("附件1")), 13, {"“附件1”", "第 5 行"}));
}

// Two more tables: the first (line 12) with `id` on line 13, the second (line 17) with `id` on line 18.
std::string two_tables(std::string_view id1, std::string_view title1, std::string_view id2, std::string_view title2) {
  return table_named(id1, title1) + "[[tables]]\nid = \"" + std::string(id2) + "\"\nkind = \"scores\"\ntitle = \"" +
         std::string(title2) + "\"\nsections = [\"部门\"]\n";
}

TEST(SchemeLimits, TablesWhoseFilesCollideAreAnError) {
  // Both wrote the same "{id}-{title}.csv": the second overwrote the first.
  EXPECT_TRUE(has_error(errors(two_tables("附件2", "甲-{quarter}", "附件2-甲", "{quarter}")), 17,
                        {"“附件2-甲”", "第 12 行的表“附件2”", "附件2-甲-{quarter}.csv"}));
  // Characters a file name cannot hold become "_", and Windows ignores case.
  EXPECT_TRUE(has_error(errors(two_tables("X-a", "b:c", "x", "A-b?C")), 17, {"x-A-b_C.csv"}));
  // Only one quarter's names collide: still an error, named for that quarter.
  EXPECT_TRUE(has_error(errors(two_tables("附件2", "甲-第三季度", "附件2-甲", "{quarter}")), 17,
                        {"附件2-甲-第三季度.csv"}));
  parse_ok(two_tables("附件2", "甲-{quarter}", "附件3", "甲-{quarter}"));
}

TEST(SchemeLimits, UnboundedQuotaCountIsAnError) {
  // count = 2^63−1 overflowed the shortfall sum and the bulletin said "减-2分".
  auto ds = errors(scheme("[submission]\npenalty = 1\nbasis = \"item\"\n[[submission.quota]]\n"
                          "count = 9223372036854775807\n"));
  EXPECT_TRUE(has_error(ds, 16, {"“submission.quota.count”应为 0 到 1000000 之间的整数"}));
  parse_ok(scheme("[submission]\npenalty = 1\n[[submission.quota]]\ncount = 1000000\n"));
}

TEST(SchemeLimits, EveryIntegerAndDecimalIsBounded) {
  EXPECT_TRUE(has_error(errors(scheme("[submission]\npenalty = 1\nmin_characters = 1000001\n")), 14,
                        {"“submission.min_characters”应为 0 到 1000000 之间的整数"}));
  EXPECT_TRUE(has_error(errors(scheme("[submission]\npenalty = 1\nmin_pictures = -1\n")), 14,
                        {"“submission.min_pictures”应为 0 到 1000000 之间的整数"}));
  EXPECT_TRUE(has_error(errors(scheme("[rectification]\nworking_days = 367\n")), 13,
                        {"“rectification.working_days”应为 1 到 366 之间的工作日数"}));
  for (const char* key : {"points_per_item = 10000.000001", "points_per_item = \"10001\"", "points_per_item = 1e10"})
    EXPECT_TRUE(has_error(errors(scheme({}, key)), 11, {"publication.points_per_item", "不超过10000"})) << key;
  EXPECT_TRUE(has_error(errors(scheme("monthly_cap = 20000\n")), 12, {"publication.monthly_cap", "不超过10000"}));
  EXPECT_TRUE(has_error(errors(scheme("[submission]\npenalty = 10001\n")), 13, {"submission.penalty"}));
  EXPECT_TRUE(has_error(errors(scheme("[rectification]\nlate_penalty = 1e6\n")), 13, {"rectification.late_penalty"}));
  parse_ok(scheme({}, "points_per_item = 10000"));
}

TEST(SchemeLimits, ListsAreBounded) {
  std::string findings;
  for (int i = 0; i <= 1000; ++i)
    findings += "[[findings]]\ncode = \"c" + std::to_string(i) + "\"\nreason = \"r" + std::to_string(i) + "\"\npoints = 1\n";
  auto ds = errors(scheme(findings));
  EXPECT_TRUE(has_error(ds, 12, {"“findings”有 1001 项，最多 1000 项"}));
  EXPECT_EQ(ds.error_count(), 1u) << describe(ds);
  std::string keywords = "[submission]\npenalty = 1\ntopic_keywords = [\"a\"";
  for (int i = 0; i < 1000; ++i) keywords += ", \"k\"";
  EXPECT_TRUE(has_error(errors(scheme(keywords + "]\n")), 14, {"“submission.topic_keywords”有 1001 项"}));
}

TEST(SchemeLimits, AFindingCodeEqualToAnEarlierReasonIsADuplicateAmongMany) {
  // Duplicates are found through a set of folded codes and reasons (each new
  // type was compared with every earlier one through ICU folding).
  std::string findings;
  for (int i = 0; i < 999; ++i)
    findings += "[[findings]]\ncode = \"问题" + std::to_string(i) + "\"\nreason = \"原因" + std::to_string(i) +
                "\"\npoints = 1\n";
  EXPECT_EQ(parse_ok(scheme(findings + "[adoption]\n[[adoption.levels]]\ncode = \"市级\"\npoints = 1\n"))
                .finding_types.size(),
            999u);
  auto ds = errors(scheme(findings + "[[findings]]\ncode = \"原因７\"\nreason = \"x\"\npoints = 1\n"));
  EXPECT_TRUE(has_error(ds, 4008, {"问题类型“原因７”重复定义"}));
}

TEST(SchemeLimits, CodesMustNotBeBlank) {
  EXPECT_TRUE(has_error(errors(scheme("[adoption]\n[[adoption.levels]]\ncode = \"\"\npoints = 1\n")), 14,
                        {"“adoption.levels.code”不能为空"}));
  EXPECT_TRUE(has_error(errors(scheme("[[findings]]\ncode = \" \"\nreason = \"r\"\npoints = 1\n")), 13,
                        {"“findings.code”不能为空"}));
  EXPECT_TRUE(has_error(errors(scheme("[[findings]]\ncode = \"c\"\nreason = \"\"\npoints = 1\n")), 14,
                        {"“findings.reason”不能为空"}));
  std::string blank_section = scheme();
  blank_section.replace(blank_section.find("\"部门\""), std::string_view("\"部门\"").size(), "\"\"");
  auto ds = errors(blank_section);
  EXPECT_TRUE(has_error(ds, 4, {"“sections.code”不能为空"}));
}

TEST(SchemeLimits, MonthlyCapOfZeroIsAnError) {
  EXPECT_TRUE(has_error(errors(scheme("monthly_cap = 0\n")), 12, {"“publication.monthly_cap”为 0"}));
  parse_ok(scheme("monthly_cap = 0.25\n"));  // below the points: legal (scheme_warnings says so)
}

TEST(SchemeLimits, OverlappingContradictoryQuotasAreAnError) {
  auto ds = errors(scheme("[submission]\npenalty = 1\n"
                          "[[submission.quota]]\nfrom = \"2020-08\"\ncount = 1\n"             // 14
                          "[[submission.quota]]\nfrom = \"2020-09\"\nto = \"2020-12\"\ncount = 2\n"));  // 17
  EXPECT_TRUE(has_error(ds, 20, {"与第 14 行的任务数规则矛盾", "不带标签的单位在 2020-09 至 2020-12", "分别为 1 和 2"}));
  auto tagged = errors(scheme("[submission]\npenalty = 1\n"
                              "[[submission.quota]]\ntag = \"示范点\"\nto = \"2020-09\"\ncount = 1\n"
                              "[[submission.quota]]\ntag = \"示范点\"\ncount = 3\n"));
  EXPECT_TRUE(has_error(tagged, 20, {"带“示范点”标签的单位在 2020-09 及以前的月份"}));
  // Same count, another tag, or months that do not meet: fine.
  parse_ok(scheme("[submission]\npenalty = 1\n[[submission.quota]]\nfrom = \"2020-08\"\ncount = 1\n"
                  "[[submission.quota]]\nfrom = \"2020-09\"\ncount = 1\n"
                  "[[submission.quota]]\ntag = \"示范点\"\nfrom = \"2020-08\"\ncount = 2\n"
                  "[[submission.quota]]\ntag = \"示范点\"\nto = \"2020-07\"\ncount = 5\n"));
}

TEST(SchemeLimits, ASectionNameThatStandsForTwoSectionsIsAnError) {
  // A title equal to another section's code: 类别 "镇街" could mean either.
  auto ds = errors(scheme("[[sections]]\ncode = \"乡镇\"\ntitle = \"部门\"\n"));
  EXPECT_TRUE(has_error(ds, 12, {"分组“乡镇”（title“部门”）与第 3 行的分组“部门”", "都叫“部门”"}));
  // Written the other way round (the code after the title), and two equal titles.
  std::string titled = scheme();
  titled.insert(titled.find("[[tables]]"), "title = \"镇街\"\n");
  EXPECT_TRUE(has_error(errors(titled + "[[sections]]\ncode = \"镇街\"\n"), 13, {"都叫“镇街”"}));
  EXPECT_TRUE(has_error(errors(titled + "[[sections]]\ncode = \"乡镇\"\ntitle = \"镇街\"\n"), 13,
                        {"都叫“镇街”"}));
  EXPECT_TRUE(has_error(errors(scheme("[[sections]]\ncode = \"部门\"\n")), 12, {"分组“部门”重复定义"}));
}

TEST(SchemeLimits, TableWithoutSectionsIsAnError) {
  EXPECT_TRUE(has_error(errors(second_table("[]", "[\"name\"]")), 16, {"表“附件2”的 sections 为空"}));
}

} // namespace
} // namespace zwgk
