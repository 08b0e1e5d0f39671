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

} // namespace
} // namespace zwgk
