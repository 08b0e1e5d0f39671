// toml++'s syntax errors in Chinese. toml++ (3.3) words every error as
// "Error while parsing <scope>: <reason>" (its UTF-8 reader's without the
// prefix); each reason it can give is matched here by its opening words,
// then by its scope, and anything else gets a general Chinese message: the
// line and column are given by the caller either way, and no English
// reaches staff.
#include "scheme/toml_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace zwgk::scheme_detail {
namespace {

constexpr std::string_view k_prefix = "Error while parsing ";

struct Parsed {
  std::string_view scope;   // "string", "key-value pair", … (empty: the UTF-8 reader)
  std::string_view reason;  // the words after "scope: "
};

Parsed split(std::string_view description) {
  if (!description.starts_with(k_prefix)) return {{}, description};
  description.remove_prefix(k_prefix.size());
  auto colon = description.find(": ");
  if (colon == std::string_view::npos) return {description, {}};
  return {description.substr(0, colon), description.substr(colon + 2)};
}

// The text between the first pair of single quotes after `after` in reason
// ("saw 'x'", "existing table 'a.b'"), or empty.
std::string quoted(std::string_view reason, std::string_view after = {}) {
  auto from = after.empty() ? 0 : reason.find(after);
  if (from == std::string_view::npos) return {};
  auto open = reason.find('\'', from);
  if (open == std::string_view::npos) return {};
  auto close = reason.rfind('\'');
  if (close == std::string_view::npos || close <= open) return {};
  return std::string(reason.substr(open + 1, close - open - 1));
}

// The first whole number after `after` in reason ("between 1 and 29" → 29 for "and ").
std::string number_after(std::string_view reason, std::string_view after) {
  auto at = reason.find(after);
  if (at == std::string_view::npos) return {};
  at += after.size();
  auto end = at;
  while (end < reason.size() && reason[end] >= '0' && reason[end] <= '9') ++end;
  return std::string(reason.substr(at, end - at));
}

// “x” for a character toml++ saw, with invisible ones named.
std::string shown(std::string_view saw) {
  if (saw.empty()) return "（行尾）";
  if (saw == "\\n" || saw == "\n") return "（换行）";
  if (saw == " ") return "（空格）";
  return fmt::format("“{}”", saw);
}

bool is_number_scope(std::string_view scope) {
  return scope.ends_with("integer") || scope.ends_with("floating-point");
}

bool is_date_scope(std::string_view scope) { return scope.starts_with("date") || scope == "time"; }

std::string string_error(std::string_view reason, std::string_view at) {
  if (reason.find("control characters") != std::string_view::npos) {
    if (!at.empty() && (at.front() == '\n' || at.front() == '\r')) return "字符串缺少结束的引号（字符串须在同一行内结束）";
    return "字符串中有不允许的控制字符（制表符以外的不可见字符）";
  }
  if (reason.starts_with("encountered end-of-file")) return "字符串缺少结束的引号";
  if (reason.starts_with("line-ending backslashes")) return "多行字符串中，行尾的反斜杠（\\）后面不能再有文字";
  if (reason.find("escape sequence") != std::string_view::npos)
    return fmt::format("字符串中的“{}”不是有效的转义；反斜杠本身要写成 \\\\，或改用单引号括起字符串",
                       quoted(reason, "sequence"));
  return "字符串中有无效的字符";
}

// A number toml++ read whole but could not hold: "1e309".
bool looks_like_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789+-._eE") == std::string_view::npos;
}

std::string number_error(std::string_view reason) {
  if (reason.find("not representable") != std::string_view::npos ||
      (reason.find("could not be interpreted") != std::string_view::npos && looks_like_number(quoted(reason))))
    return fmt::format("数值“{}”超出范围", quoted(reason));
  if (reason.find("length limit") != std::string_view::npos || reason.find("maximum length") != std::string_view::npos)
    return "数字的位数过多";
  if (reason.starts_with("leading zeroes")) return "数字不能以 0 开头（如 08 应写作 8）";
  if (reason.starts_with("underscores")) return "数字中的下划线只能写在两个数字之间";
  return "数字的写法不正确，应如 5、0.5 或 -1";
}

std::string date_error(std::string_view reason) {
  if (reason.starts_with("expected month between")) return "日期中的月份应在 1 到 12 之间";
  if (reason.starts_with("expected day between"))
    return fmt::format("日期不存在：这个月只有 {} 天", number_after(reason, "and "));
  if (reason.starts_with("expected hour between")) return "时间中的小时应在 0 到 23 之间";
  if (reason.starts_with("expected minute between")) return "时间中的分钟应在 0 到 59 之间";
  if (reason.starts_with("expected second between")) return "时间中的秒应在 0 到 59 之间";
  if (reason.starts_with("expected value-terminator"))
    return fmt::format("日期或时间后面多了{}", shown(quoted(reason, "saw")));
  return "日期或时间的写法不正确，日期应写作 2020-10-01，时间写作 08:30:00";
}

std::string redefinition_error(std::string_view reason) {
  std::string name = quoted(reason);
  if (name.empty()) return "键或表重复定义（同一个键在同一张表中只能写一次）";
  return fmt::format("键或表“{}”重复定义（同一个键在同一张表中只能写一次）", name);
}

struct Rule {
  std::string_view scope;   // empty: any scope
  std::string_view reason;  // the reason starts with this
  std::string_view chinese;
};

// Reasons with a fixed Chinese text, any or one scope.
constexpr std::array k_rules = {
    Rule{{}, "exceeded maximum nested value depth", "数组或内联表的嵌套层数过多"},
    Rule{{}, "unexpected control character", "此处有不允许的控制字符"},
    Rule{{}, "values may not begin with underscores", "值不能以下划线开头"},
    Rule{{}, "numeric value too long", "值过长，无法识别"},
    Rule{{}, "could not determine value type", "无法识别的值；字符串须用英文双引号括起，如 \"部门\""},
    Rule{{}, "expected space or tab", "此处有不允许的空白字符（只能用空格或制表符）"},
    Rule{{}, "vertical tabs", "垂直制表符和换页符不能作为换行"},
    Rule{{}, "expected '\\n' after '\\r'", "单独的回车符（\\r）不是有效的换行"},
    Rule{{}, "multi-line strings are prohibited in", "键名不能是多行字符串"},
    Rule{{}, "expected 'true'", "布尔值应为 true 或 false（小写）"},
    Rule{{}, "expected 'false'", "布尔值应为 true 或 false（小写）"},
    Rule{{}, "expected '=', saw", "应为“键 = 值”的形式（缺少“=”）"},
    Rule{{}, "expected value, saw", "“=”后面缺少值"},
    Rule{{}, "[[array-of-table]] brackets", "[[ 和 ]] 的两个方括号之间不能有空格"},
    Rule{{}, "tables with blank bare keys", "表名不能为空"},
    Rule{"table header", "expected ']'", "表头的写法不正确，应为 [表名] 或 [[表名]]"},
    Rule{"table header", "expected a comment or whitespace", "表头后面只能写注释（#）"},
    Rule{"comment", "control characters", "注释中有不允许的控制字符"},
    Rule{"comment", "unicode surrogates", "注释中有无效的字符"},
    Rule{"array", "expected value or closing ']', saw comma", "数组中多了一个逗号"},
    Rule{"array", "expected comma or closing ']'", "数组的写法不正确：元素之间用逗号分隔，以 ] 结束，如 [\"部门\", \"镇街\"]"},
    Rule{"array", "encountered end-of-file", "数组缺少结束的 ]"},
    Rule{"inline table", "expected key-value pair or closing '}', saw comma", "内联表中多了一个逗号"},
    Rule{"inline table", "expected key-value pair, saw closing '}'", "内联表的最后一项后面不能有逗号"},
    Rule{"inline table", "encountered end-of-file", "内联表缺少结束的 }"},
    Rule{"inline table", "expected", "内联表的写法不正确，应为 {键 = 值, 键 = 值}，并写在同一行内"},
    Rule{"unicode scalar sequence", "", "字符串中的 \\u 或 \\U 转义不正确"},
};

} // namespace

std::string toml_error_in_chinese(std::string_view description, std::string_view at) {
  auto [scope, reason] = split(description);
  if (scope.empty()) {
    if (reason.find("utf-8") != std::string_view::npos) return "文件不是有效的 UTF-8 编码（请用 UTF-8 保存）";
    return "格式不正确，请检查此处的引号、括号和“键 = 值”的写法";
  }
  for (const auto& rule : k_rules)
    if ((rule.scope.empty() || rule.scope == scope) && reason.starts_with(rule.reason)) return std::string(rule.chinese);
  if (reason.starts_with("cannot redefine") || reason.starts_with("cannot insert")) return redefinition_error(reason);
  if (scope == "string" || scope == "literal string") return string_error(reason, at);
  if (is_number_scope(scope)) return number_error(reason);
  if (is_date_scope(scope)) return date_error(reason);
  if (scope == "key") return fmt::format("键名无效（{}）；键名只能含英文字母、数字、_ 和 -，其他键名须用引号括起",
                                         shown(quoted(reason, "saw")));
  if (reason.starts_with("expected value-terminator") || reason.starts_with("expected a comment or whitespace"))
    return fmt::format("此处多了{}；一行只能写一个“键 = 值”，字符串须用引号括起", shown(quoted(reason, "saw")));
  if (reason.starts_with("expected keys, tables, whitespace or comments"))
    return fmt::format("此处应为“键 = 值”、表头 [表名] 或注释 #，却是{}；键名只能含英文字母、数字、_ 和 -，"
                       "其他键名须用引号括起",
                       shown(quoted(reason, "saw")));
  if (reason.starts_with("encountered end-of-file")) return "文件在此处意外结束（可能缺少引号或括号）";
  return "格式不正确，请检查此处的引号、括号和“键 = 值”的写法";
}

} // namespace zwgk::scheme_detail
