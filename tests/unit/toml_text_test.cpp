// The TOML front of the scheme and the calendar (issue 12): nesting and
// size bounded before toml++ parses, and every toml++ error in Chinese with
// its line and column.
#include "scheme/calendar_file.h"
#include "scheme/parse.h"
#include "scheme/toml_text.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace zwgk {
namespace {

using scheme_detail::k_max_toml_depth;
using scheme_detail::k_max_toml_entries;
using scheme_detail::parse_toml;

Diagnostic only_error(const std::expected<toml::table, Diagnostics>& r) {
  EXPECT_FALSE(r.has_value());
  if (r) return {};
  EXPECT_EQ(r.error().error_count(), 1u);
  return r.error().entries().front();
}

// No English word reaches staff: nothing of three or more ASCII letters but
// the few names a message may quote.
::testing::AssertionResult chinese(const std::string& message) {
  static const std::regex k_word("[A-Za-z]{3,}");
  std::string rest = message;
  for (const char* allowed : {"TOML", "UTF", "true", "false"})
    for (auto at = rest.find(allowed); at != std::string::npos; at = rest.find(allowed)) rest.erase(at, std::strlen(allowed));
  if (std::regex_search(rest, k_word)) return ::testing::AssertionFailure() << "English in: " << message;
  return ::testing::AssertionSuccess();
}

std::string dotted_key(std::size_t parts) {
  std::string key = "x";
  for (std::size_t i = 1; i < parts; ++i) key += ".x";
  return key;
}

TEST(TomlText, FiftyThousandLevelDottedKeyIsAnErrorNotAStackOverflow) {
  // toml++ built and freed the 50,000 nested tables recursively: stack overflow (scheme and calendar).
  const std::string key = dotted_key(50'000);
  for (const std::string& text : {key + " = 1\n", "[" + key + "]\n", "[[" + key + "]]\n"}) {
    const Diagnostic e = only_error(parse_toml("year = 2020\n" + text, "日历/2020.toml"));
    EXPECT_EQ(e.where.file, "日历/2020.toml");
    EXPECT_EQ(e.where.line, 2u);
    // A key at the dot that is one level too many; a table header at its start.
    EXPECT_EQ(e.where.column, text.front() == '[' ? 1 : k_max_toml_depth * 2 + 2);
    EXPECT_NE(e.message.find("嵌套层数超过 32 层"), std::string::npos) << e.message;
  }
  auto scheme = parse_scheme(key + " = 1\n", "考核方案.toml");
  ASSERT_FALSE(scheme);
  EXPECT_NE(scheme.error().entries().front().message.find("嵌套层数"), std::string::npos);
  auto calendar = parse_calendar_file("year = 2020\n" + key + " = 1\n", "日历/2020.toml");
  ASSERT_FALSE(calendar);
  EXPECT_NE(calendar.error().entries().front().message.find("嵌套层数"), std::string::npos);
}

TEST(TomlText, NestingCountsKeysTablesArraysAndInlineTablesTogether) {
  // 32 levels are fine however they are made up; 33 are not.
  EXPECT_TRUE(parse_toml(dotted_key(32) + " = 1\n", "t.toml"));
  EXPECT_FALSE(parse_toml(dotted_key(33) + " = 1\n", "t.toml"));
  EXPECT_TRUE(parse_toml("[" + dotted_key(16) + "]\n" + dotted_key(16) + " = 1\n", "t.toml"));
  EXPECT_FALSE(parse_toml("[" + dotted_key(16) + "]\n" + dotted_key(17) + " = 1\n", "t.toml"));
  std::string inline_tables = "a = " + std::string(31, '{');
  for (int i = 0; i < 31; ++i) inline_tables += "b = ";
  EXPECT_FALSE(parse_toml(inline_tables + "{c.d = 1" + std::string(32, '}') + "\n", "t.toml"));
  EXPECT_FALSE(parse_toml("a = " + std::string(40, '[') + std::string(40, ']') + "\n", "t.toml"));
  EXPECT_TRUE(parse_toml("a = " + std::string(31, '[') + std::string(31, ']') + "\n", "t.toml"));
  // Dots inside strings, numbers and dates are not levels; neither are closed arrays.
  EXPECT_TRUE(parse_toml("\"" + dotted_key(40) + "\" = 1.5\nb = [" + std::string(20, '[') + std::string(20, ']') +
                             ",\n  [[1.5], [2.5]], {x.y = '" + dotted_key(40) + "'}]\n" + "[c.\"d.e.f\"]\nt = 12:00:00.5\n",
                         "t.toml"));
}

TEST(TomlText, TooManyEntriesAreRefusedBeforeParsing) {
  std::string text;
  for (std::size_t i = 0; i <= k_max_toml_entries; ++i) text += "k" + std::to_string(i) + " = 1\n";
  const Diagnostic e = only_error(parse_toml(text, "考核方案.toml"));
  EXPECT_EQ(e.where.line, k_max_toml_entries + 1);
  EXPECT_NE(e.message.find("超过 20000 个"), std::string::npos) << e.message;
  std::string array = "a = [1";
  for (std::size_t i = 0; i < k_max_toml_entries; ++i) array += ",1";
  EXPECT_FALSE(parse_toml(array + "]\n", "t.toml"));
}

struct Case {
  const char* text;
  std::size_t line, column;
  const char* chinese;
};

TEST(TomlText, EveryTomlErrorIsInChineseWithLineAndColumn) {
  // These came out in toml++'s English ("Error while parsing …").
  const Case k_cases[] = {
      {"a = \"x\nb = 1\n", 1, 7, "字符串缺少结束的引号"},
      {"a = 'x", 1, 7, "字符串缺少结束的引号"},
      {"a = 1\na = 2\n", 2, 5, "键或表“a”重复定义"},
      {"[t]\n[t]\n", 2, 1, "键或表“t”重复定义"},
      {"a = 1e309\n", 1, 10, "数值“1e309”超出范围"},
      {"a = 99999999999999999999\n", 1, 25, "数值“99999999999999999999”超出范围"},
      {"a = 2020-02-30\n", 1, 15, "日期不存在：这个月只有 29 天"},
      {"a = 2020-13-01\n", 1, 12, "月份应在 1 到 12 之间"},
      {"a = 12:61:00\n", 1, 10, "分钟应在 0 到 59 之间"},
      {"a = 2020-1-01\n", 1, 11, "日期或时间的写法不正确"},
      {"[a\nb = 1\n", 1, 3, "表头的写法不正确"},
      {"a b = 1\n", 1, 3, "应为“键 = 值”的形式"},
      {"a = [1, 2\n", 1, 10, "数组缺少结束的 ]"},
      {"a = [1,,2]\n", 1, 8, "数组中多了一个逗号"},
      {"a = {b = 1,}\n", 1, 12, "内联表的最后一项后面不能有逗号"},
      {"a = {b = 1\n", 1, 11, "内联表"},
      {"a = tru\n", 1, 8, "布尔值应为 true 或 false"},
      {"a = \"\\q\"\n", 1, 7, "“\\q”不是有效的转义"},
      {"a = 08\n", 1, 7, "数字不能以 0 开头"},
      {"a = 1__0\n", 1, 7, "下划线"},
      {"部门 = 1\n", 1, 1, "却是“部”；键名只能含英文字母、数字、_ 和 -，其他键名须用引号括起"},
      {"a =\n", 1, 4, "“=”后面缺少值"},
      {"a = 1 2\n", 1, 7, "此处多了“2”"},
      {"a = \"x\x01y\"\n", 1, 7, "控制字符"},
      {"a = 1 # x\x01\n", 1, 10, "注释中有不允许的控制字符"},
      {"a = \"\xff\"\n", 1, 5, "UTF-8"},
      {"a = 部门\n", 1, 5, "字符串须用英文双引号括起"},
      {"a = \"\\u12\"\n", 1, 10, "\\u"},
      {"[[a] ]\n", 1, 5, "表头的写法不正确"},
      {"[]\n", 1, 2, "表名不能为空"},
      {"a.b = 1\na = 2\n", 2, 5, "重复定义"},
      // Found by calendar_fuzzer and scheme_fuzzer (issue 12's 10-minute
      // run): toml++ placed these one past the end of the line.
      {"\"\n", 1, 2, "字符串缺少结束的引号"},
      {"a = \"部门\n", 1, 8, "字符串缺少结束的引号"},
  };
  for (const auto& c : k_cases) {
    auto r = parse_toml(c.text, "日历/2020.toml");
    ASSERT_FALSE(r) << c.text;
    const auto& e = r.error().entries().front();
    EXPECT_EQ(e.where.line, c.line) << c.text << " → " << e.message;
    EXPECT_EQ(e.where.column, c.column) << c.text << " → " << e.message;
    EXPECT_TRUE(e.message.starts_with("TOML 语法错误：")) << e.message;
    EXPECT_NE(e.message.find(c.chinese), std::string::npos) << c.text << " → " << e.message;
    EXPECT_TRUE(chinese(e.message));
  }
}

TEST(TomlText, UnknownTomlErrorsGetAGeneralChineseMessage) {
  using scheme_detail::toml_error_in_chinese;
  for (const char* description : {"Error while parsing something new: a reason never seen", "Something else entirely",
                                  "Error while parsing key-value pair: a new reason"}) {
    std::string message = toml_error_in_chinese(description, "x");
    EXPECT_TRUE(chinese(message)) << message;
    EXPECT_NE(message.find("格式不正确"), std::string::npos) << message;
  }
}

TEST(TomlText, CalendarSyntaxErrorsAreChinese) {
  auto r = parse_calendar_file("year = 2020\n[[holidays]\nname = \"国庆\"\n", "日历/2020.toml");
  ASSERT_FALSE(r);
  const auto& e = r.error().entries().front();
  EXPECT_EQ(e.to_string(), "错误：读取“日历/2020.toml” 第2行第12列时：TOML 语法错误：表头的写法不正确，应为 [表名] 或 [[表名]]");
}

} // namespace
} // namespace zwgk
