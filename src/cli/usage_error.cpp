#include "cli/usage_error.h"

#include "cli/help_format.h"
#include "util/text.h"

#include <algorithm>

namespace zwgk::cli {
namespace {

// A mistyped name is seldom more than two keystrokes off; further than that
// a suggestion is more often wrong than right.
constexpr std::size_t k_max_suggestion_distance = 2;

const CLI::App& deepest(const CLI::App& top) {
  const CLI::App* app = &top;
  while (!app->get_subcommands().empty()) app = app->get_subcommands().front();
  return *app;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_disabled(); }))
    if (!sub->get_name().empty()) names.push_back(sub->get_name());
  return names;
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const auto& name : opt->get_lnames()) names.push_back("--" + name);
    for (const auto& name : opt->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// The option named in CLI11's message ("--show: …", "--out is required",
// "Could not convert: --port = x"): the first of app's options whose name
// appears there as a word; nullptr when none does.
const CLI::Option* named_option(const CLI::App& app, std::string_view message) {
  const CLI::Option* found = nullptr;
  std::size_t at = std::string_view::npos;
  for (const CLI::Option* opt : app.get_options()) {
    std::vector<std::string> names;
    for (const auto& name : opt->get_lnames()) names.push_back("--" + name);
    for (const auto& name : opt->get_snames()) names.push_back("-" + name);
    if (opt->get_positional()) names.push_back(opt->get_name(true, false));
    for (const auto& name : names) {
      for (std::size_t pos = message.find(name); pos != std::string_view::npos; pos = message.find(name, pos + 1)) {
        const std::size_t end = pos + name.size();
        const bool word = (pos == 0 || message[pos - 1] == ' ') &&
                          (end == message.size() || message[end] == ' ' || message[end] == ':' || message[end] == ',');
        if (word && pos < at) {
          at = pos;
          found = opt;
        }
      }
    }
  }
  return found;
}

std::string shown_name(const CLI::Option* opt) {
  if (opt->get_positional() && !opt->nonpositional()) return opt->get_name(true, false);
  if (!opt->get_lnames().empty()) return "--" + opt->get_lnames().front();
  return "-" + opt->get_snames().front();
}

std::string type_word(const CLI::Option* opt) {
  std::string type = opt->get_type_name();
  if (type.starts_with("INT") || type.starts_with("UINT")) return "整数";
  if (type.starts_with("FLOAT")) return "数字";
  return "正确的值";
}

std::string after(std::string_view text, std::string_view marker) {
  auto pos = text.find(marker);
  return pos == std::string_view::npos ? std::string() : std::string(text.substr(pos + marker.size()));
}

std::string before(std::string_view text, std::string_view marker) {
  return std::string(text.substr(0, text.find(marker)));
}

bool is_number(std::string_view text) {
  if (text.starts_with('-') || text.starts_with('+')) text.remove_prefix(1);
  return !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::string suggestion(std::string_view typed, const std::vector<std::string>& candidates) {
  auto near = closest_name(typed, candidates);
  return near ? "是否指 " + *near + "？" : std::string();
}

// A word CLI11 could not place in `app`: an option it does not have, a
// subcommand it does not have, or an argument too many.
std::string unplaced(const CLI::App& app, const std::string& word) {
  const std::string where = command_path(app);
  if (word.starts_with('-')) {
    std::string name = word.substr(0, word.find('='));
    return "“" + where + "”没有选项 " + name + "。" + suggestion(name, option_names(app));
  }
  auto subs = subcommand_names(app);
  if (!subs.empty()) {
    auto near = closest_name(word, subs);
    return "“" + where + "”没有子命令“" + word + "”。" +
           (near ? "是否指 " + *near + "？" : "应为以下之一：" + join(subs, "、"));
  }
  return "多余的参数“" + word + "”（“" + where + "”不需要它）";
}

std::string required_text(const CLI::App& app, std::string_view what) {
  if (what.starts_with("A subcommand") || what.starts_with("Requires at least")) {
    auto words = app.remaining();
    if (!words.empty()) return unplaced(app, words.front());
    return "缺少子命令，应为以下之一：" + join(subcommand_names(app), "、");
  }
  if (const CLI::Option* opt = named_option(app, what)) {
    const bool positional = opt->get_positional() && !opt->nonpositional();
    std::string text = std::string(positional ? "缺少必填的参数 " : "缺少必填的选项 ") + shown_name(opt);
    return opt->get_description().empty() ? text : text + "（" + opt->get_description() + "）";
  }
  return "缺少必填的选项或参数（" + std::string(what) + "）";
}

// IsMember's "x not in {a,b}", Range's "Value x not in range a to b",
// conversions' "could not be converted"; a validator of ours says it in Chinese.
std::string validation_text(const CLI::App& app, std::string_view what) {
  const CLI::Option* opt = named_option(app, what);
  const std::string name = opt ? shown_name(opt) : before(what, ":");
  std::string detail = after(what, ": ");
  if (detail.empty()) detail = std::string(what);
  if (auto set = detail.find(" not in {"); set != std::string::npos && detail.ends_with('}')) {
    std::string values = detail.substr(set + 9, detail.size() - set - 10);
    std::string listed;
    for (char c : values) listed += c == ',' ? std::string("、") : std::string(1, c);
    return name + " 的值应为以下之一：" + listed + "（收到：" + detail.substr(0, set) + "）";
  }
  if (detail.starts_with("Value ") && detail.find(" not in range ") != std::string::npos) {
    std::string value = before(detail.substr(6), " not in range ");
    std::string range = after(detail, " not in range ");
    const std::string bounds = before(range, " to ") + " 到 " + after(range, " to ");
    if (!is_number(value)) return name + " 的值“" + value + "”不是数字（应在 " + bounds + " 之间）";
    return name + " 的值应在 " + bounds + " 之间（收到：" + value + "）";
  }
  if (detail.starts_with("Value ") && detail.find(" could not be converted") != std::string::npos)
    return name + " 的值“" + before(detail.substr(6), " could not be converted") + "”不是" +
           (opt ? type_word(opt) : std::string("正确的值"));
  return name + "：" + detail;
}

std::string conversion_text(const CLI::App& app, std::string_view what) {
  const CLI::Option* opt = named_option(app, what);
  if (!opt) return "参数的值不正确（" + std::string(what) + "）";
  std::string value = after(what, " = ");
  if (value.empty()) value = before(after(what, "The value "), " is not");
  return shown_name(opt) + " 的值“" + value + "”不是" + type_word(opt);
}

std::string mismatch_text(const CLI::App& app, std::string_view what) {
  const CLI::Option* opt = named_option(app, what);
  if (!opt) return "参数的个数不对（" + std::string(what) + "）";
  if (opt->get_type_size() == 0) return shown_name(opt) + " 是开关，后面不能写值";
  return shown_name(opt) + " 后面缺少值" + (opt->get_description().empty() ? "" : "（" + opt->get_description() + "）");
}

std::string pair_text(std::string_view what, std::string_view word, std::string_view format_middle,
                      std::string_view format_end) {
  return before(what, word) + std::string(format_middle) + after(what, word) + std::string(format_end);
}

std::string error_text(const CLI::App& top, const CLI::App& app, const CLI::Error& e) {
  std::string what = e.what();
  if (dynamic_cast<const CLI::RequiredError*>(&e)) return required_text(app, what);
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    auto words = app.remaining();
    if (words.empty()) words = top.remaining(true);
    return words.empty() ? "无法识别的参数（" + what + "）" : unplaced(app, words.front());
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e)) return validation_text(app, what);
  if (dynamic_cast<const CLI::ConversionError*>(&e)) return conversion_text(app, what);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) return mismatch_text(app, what);
  if (dynamic_cast<const CLI::ExcludesError*>(&e)) return pair_text(what, " excludes ", " 和 ", " 不能同时使用");
  if (dynamic_cast<const CLI::RequiresError*>(&e)) return pair_text(what, " requires ", " 需要同时写 ", "");
  return "命令行不正确（" + what + "）";
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = k_max_suggestion_distance + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(typed, candidate);
    if (distance < best_distance && distance * 2 < typed.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string usage_failure(const CLI::App& top, const CLI::Error& error) {
  const CLI::App& app = deepest(top);
  return "错误：" + error_text(top, app, error) + "\n用法见：" + command_path(app) + " --help\n";
}

} // namespace zwgk::cli
