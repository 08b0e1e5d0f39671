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

} // namespace
} // namespace zwgk
