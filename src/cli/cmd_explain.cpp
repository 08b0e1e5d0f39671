// zwgk explain: how one unit's score came about, line by line.
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/explain.h"

#include <fmt/format.h>

#include <iostream>

namespace zwgk::cli {
namespace {

struct ExplainOptions {
  DataOptions data;
  std::string unit;
};

int run_explain(const ExplainOptions& options) {
  auto assessed = load_and_assess(options.data);
  if (!assessed) return k_exit_input;
  const auto& ws = assessed->workspace;
  auto id = ws.registry.resolve(options.unit);
  if (!id) {
    std::string msg = fmt::format("错误：未知单位“{}”", options.unit);
    auto suggestions = ws.registry.suggest(options.unit);
    for (std::size_t i = 0; i < suggestions.size(); ++i)
      msg += (i == 0 ? "；是否指：" : "、") + suggestions[i];
    std::cerr << msg << (suggestions.empty() ? "\n" : "？\n");
    return k_exit_input;
  }
  for (const auto& line : explain_unit(assessed->result, ws.registry, ws.scheme, ws.data, *id))
    std::cout << line << '\n';
  return k_exit_ok;
}

} // namespace

Command explain_command() {
  return {"explain", "逐项说明某个单位的得分、加分和减分", [](CLI::App& app) {
            auto options = std::make_shared<ExplainOptions>();
            add_data_options(app, options->data);
            app.add_option("单位", options->unit, "单位名称（正式名称、简称或别名）")->required();
            return std::function<int()>([options] { return run_explain(*options); });
          }};
}

} // namespace zwgk::cli
