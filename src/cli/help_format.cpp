#include "cli/help_format.h"

#include "util/text.h"

#include <algorithm>
#include <utility>

namespace zwgk::cli {
namespace {

// The column where descriptions start, in half-width units.
constexpr std::size_t k_name_column = 30;

// CLI11's value type names, as the help shows them.
std::string chinese_type(std::string_view type) {
  if (type == "TEXT") return "文本";
  if (type == "INT" || type == "UINT") return "整数";
  if (type == "FLOAT") return "数字";
  if (type == "BOOLEAN") return "是/否";
  return std::string(type);
}

// A validator's description: "{a,b}" (IsMember) lists the values, "INT in
// [1 - 65535]" (Range) gives the range; others are shown as they are.
std::string chinese_check(std::string_view check) {
  if (check.starts_with('{') && check.ends_with('}')) {
    std::string values(check.substr(1, check.size() - 2));
    std::string out = "（可选：";
    for (char c : values) out += c == ',' ? std::string("、") : std::string(1, c);
    return out + "）";
  }
  if (auto in = check.find(" in ["); in != std::string_view::npos && check.ends_with(']')) {
    std::string range(check.substr(in + 5, check.size() - in - 6));
    if (auto dash = range.find(" - "); dash != std::string::npos) range.replace(dash, 3, "～");
    return "（" + range + "）";
  }
  return "（" + std::string(check) + "）";
}

// One line: the name padded to the description column by display width
// (CLI11 pads by bytes, which misaligns Chinese).
std::string help_line(const std::string& name, const std::string& description) {
  std::string out = "  " + name;
  const std::size_t width = display_width(out);
  if (description.empty()) return out + "\n";
  if (width >= k_name_column) out += "\n" + std::string(k_name_column, ' ');
  else out += std::string(k_name_column - width, ' ');
  for (char c : description) {
    out += c;
    if (c == '\n') out += std::string(k_name_column, ' ');
  }
  return out + "\n";
}

std::string group_title(const std::string& group) {
  if (group == "Options" || group == "OPTIONS") return "选项";
  if (group == "Subcommands") return "子命令";
  return group;
}

bool has_subcommands(const CLI::App* app) {
  return !app->get_subcommands([](const CLI::App* sub) { return !sub->get_disabled() && !sub->get_name().empty(); })
              .empty();
}

} // namespace

ChineseFormatter::ChineseFormatter() { column_width(k_name_column); }

std::string ChineseFormatter::make_help(const CLI::App* app, std::string, CLI::AppFormatMode mode) const {
  if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
  std::string out = make_description(app);
  if (!out.empty()) out += "\n";
  out += make_usage(app, command_path(*app));
  out += make_positionals(app);
  out += option_groups(app, mode);
  out += make_subcommands(app, mode);
  return out + make_footer(app);
}

// The options by group, CLI11's "Options" (the help flag's, made before
// the option defaults are copied into a subcommand) and 选项 as one.
std::string ChineseFormatter::option_groups(const CLI::App* app, CLI::AppFormatMode mode) const {
  std::vector<std::pair<std::string, std::vector<const CLI::Option*>>> groups;
  for (const CLI::Option* opt : app->get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
    if (opt->get_group().empty()) continue;
    if (mode == CLI::AppFormatMode::Sub && (opt == app->get_help_ptr() || opt == app->get_help_all_ptr())) continue;
    const std::string title = group_title(opt->get_group());
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == title; });
    if (it == groups.end()) groups.emplace_back(title, std::vector<const CLI::Option*>{opt});
    else it->second.push_back(opt);
  }
  std::string out;
  for (const auto& [title, opts] : groups) out += make_group(title, false, opts);
  return out;
}

std::string ChineseFormatter::make_group(std::string group, bool, std::vector<const CLI::Option*> opts) const {
  std::string out = "\n" + group_title(group) + "：\n";
  for (const CLI::Option* opt : opts) {
    const bool positional = opt->get_positional() && !opt->nonpositional();
    out += help_line(make_option_name(opt, positional) + make_option_opts(opt), make_option_desc(opt));
  }
  return out;
}

std::string ChineseFormatter::make_positionals(const CLI::App* app) const {
  auto opts = app->get_options([](const CLI::Option* opt) { return !opt->get_group().empty() && opt->get_positional(); });
  return opts.empty() ? std::string() : make_group("参数", true, opts);
}

std::string ChineseFormatter::make_subcommands(const CLI::App* app, CLI::AppFormatMode) const {
  auto subs = app->get_subcommands([](const CLI::App* sub) { return !sub->get_disabled() && !sub->get_name().empty(); });
  if (subs.empty()) return {};
  std::string out = "\n子命令：\n";
  for (const CLI::App* sub : subs) out += help_line(sub->get_name(), sub->get_description());
  return out;
}

std::string ChineseFormatter::make_description(const CLI::App* app) const {
  std::string desc = app->get_description();
  return desc.empty() ? std::string() : desc + "\n";
}

std::string ChineseFormatter::make_usage(const CLI::App* app, std::string name) const {
  std::string out = "用法：" + name;
  if (!app->get_options([](const CLI::Option* opt) { return opt->nonpositional(); }).empty()) out += " [选项]";
  for (const CLI::Option* opt : app->get_options([](const CLI::Option* o) { return o->get_positional(); }))
    out += " " + make_option_usage(opt);
  if (has_subcommands(app)) out += app->get_require_subcommand_min() == 0 ? " [子命令]" : " 子命令";
  return out + "\n";
}

std::string ChineseFormatter::make_footer(const CLI::App* app) const {
  std::string out;
  if (!app->get_footer().empty()) out += "\n" + app->get_footer() + "\n";
  if (has_subcommands(app)) {
    const std::string path = command_path(*app);
    const std::string first = app->get_subcommands({}).front()->get_name();
    out += "\n每个子命令的用法：" + path + " 子命令 --help（如 " + path + " " + first + " --help）\n";
  }
  return out;
}

std::string ChineseFormatter::make_option_opts(const CLI::Option* opt) const {
  if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
  std::string out;
  if (opt->get_type_size() != 0) {
    std::string type = opt->get_type_name();
    std::string_view rest = type;
    auto colon = rest.find(':');
    if (opt->nonpositional()) out += " " + chinese_type(rest.substr(0, colon));
    while (colon != std::string_view::npos) {
      rest.remove_prefix(colon + 1);
      colon = rest.find(':');
      out += chinese_check(rest.substr(0, colon));
    }
    if (!opt->get_default_str().empty()) out += "（默认：" + opt->get_default_str() + "）";
    if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += "（可写多个）";
    if (opt->get_required()) out += "（必填）";
  }
  return out;
}

std::string ChineseFormatter::make_option_usage(const CLI::Option* opt) const {
  std::string out = make_option_name(opt, true);
  if (opt->get_expected_max() >= CLI::detail::expected_max_vector_size) out += "…";
  return opt->get_required() ? out : "[" + out + "]";
}

std::string command_path(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* up = app.get_parent(); up; up = up->get_parent()) path = up->get_name() + " " + path;
  return path;
}

void use_chinese_help(CLI::App& app, std::function<std::string()> version) {
  app.formatter(std::make_shared<ChineseFormatter>());
  app.option_defaults()->group("选项");
  app.set_help_flag("-h,--help", "显示本帮助并退出");
  app.set_version_flag("--version", std::move(version), "显示版本号、源代码提交和所用库的版本并退出");
}

} // namespace zwgk::cli
