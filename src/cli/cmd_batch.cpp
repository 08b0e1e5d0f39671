// zwgk batch: runs a file of zwgk commands in order, one per line, in one
// process — for recording a series of entries (replies received on paper,
// a quarter's decisions) reproducibly, and for tests that build a state
// step by step. Stops at the first command that fails, naming its line.
#include "cli/commands.h"
#include "cli/progress_display.h"
#include "cli/run.h"
#include "fs/files.h"
#include "util/text.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

constexpr std::uintmax_t k_max_batch_bytes = 16u << 20;

// Splits a line into arguments: whitespace separates, "…" and '…' group,
// a backslash inside "…" escapes the next character.
std::expected<std::vector<std::string>, std::string> split_arguments(std::string_view line) {
  std::vector<std::string> args;
  std::string current;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < line.size()) current += line[++i];
      else current += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      if (in_word) args.push_back(std::move(current));
      current.clear();
      in_word = false;
    } else {
      current += c;
      in_word = true;
    }
  }
  if (quote) return std::unexpected("引号没有配对");
  if (in_word) args.push_back(std::move(current));
  return args;
}

// The lines that hold a command (not blank, not a # comment).
std::size_t command_lines(std::string_view text) {
  std::size_t count = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && !line.starts_with('#')) ++count;
  }
  return count;
}

int run_batch(const std::string& file) {
  auto text = fs::read_file(file, k_max_batch_bytes);
  if (!text) {
    std::cerr << "错误：" << text.error() << '\n';
    return k_exit_input;
  }
  // Its own display, into a log only: the commands it runs show their stages
  // on stderr_progress(), and a terminal line of its own would be drawn over
  // theirs and over what they print.
  auto progress = ProgressDisplay::on_stderr(ProgressMode::Silent);
  progress.start("批处理", command_lines(*text), ProgressUnit::Count, LogStart::WhenSlow);
  std::size_t line_number = 0, done = 0;
  std::string_view rest = *text;
  while (!rest.empty()) {
    auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    ++line_number;
    std::string_view trimmed = trim(line);
    if (trimmed.empty() || trimmed.starts_with('#')) continue;
    auto args = split_arguments(trimmed);
    if (!args || args->empty() || args->front() == "batch") {
      progress.stop();
      std::cerr << fmt::format("错误：“{}”第{}行：{}\n", file, line_number,
                               !args ? args.error() : "命令文件里不能再运行 batch");
      return k_exit_usage;
    }
    std::vector<char*> argv{const_cast<char*>("zwgk")};
    for (auto& a : *args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (int code = run(static_cast<int>(argv.size() - 1), argv.data()); code != k_exit_ok) {
      progress.stop();
      std::cerr << fmt::format("“{}”第{}行的命令失败（退出码 {}），已执行前面的 {} 条命令，后面的未执行。\n", file,
                               line_number, code, done);
      return code;
    }
    ++done;
    progress.update(done, fmt::format("第{}行", line_number));
  }
  progress.finish();
  return k_exit_ok;
}

} // namespace

Command batch_command() {
  return {"batch", "按顺序执行命令文件中的 zwgk 命令（每行一条，# 开头为注释），遇到失败即停止",
          [](CLI::App& app) {
            auto file = std::make_shared<std::string>();
            app.add_option("文件", *file, "命令文件，每行一条命令，如：rectify verify --data 数据目录 编号")->required();
            return std::function<int()>([file] { return run_batch(*file); });
          }};
}

} // namespace zwgk::cli
