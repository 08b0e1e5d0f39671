// zwgk serve: the web workspace over a data directory (server/server.h).
#include "cli/commands.h"
#include "cli/environment.h"
#include "server/scratch.h"
#include "server/server.h"

#include <fmt/format.h>

#include <csignal>
#include <iostream>
#include <vector>

namespace zwgk::cli {
namespace {

struct ServeOptions {
  std::string data_dir;
  std::string host = "127.0.0.1";
  int port = 8080;
  bool behind_proxy = false;
  std::vector<std::string> server_names;
};

server::Server* g_running = nullptr;

extern "C" void stop_on_signal(int) {
  if (g_running) g_running->stop();
}

int run_serve(const ServeOptions& options) {
  // Before any thread starts: it points TMPDIR at the server's own folder.
  std::error_code ec;
  std::filesystem::path temp = std::filesystem::temp_directory_path(ec);
  if (ec) temp = "/tmp";
  auto scratch = server::ScratchRoot::claim(temp);
  if (!scratch) {
    std::cerr << "错误：" << scratch.error() << '\n';
    return k_exit_input;
  }
  if (scratch->removed())
    std::cerr << fmt::format("提示：已删除以前被强行终止的工作台留下的 {} 个临时目录\n", scratch->removed());
  server::ServerOptions server_options{options.data_dir, options.host, options.port};
  server_options.store = chosen_store();
  if (options.behind_proxy) server_options.proxy = server::ProxyHeaders::TrustFromLoopback;
  server_options.server_names = options.server_names;
  auto server = server::Server::open(std::move(server_options));
  if (!server) {
    std::cerr << "错误：" << server.error() << '\n';
    return k_exit_input;
  }
  auto port = (*server)->bind();
  if (!port) {
    std::cerr << "错误：" << port.error() << '\n';
    return k_exit_input;
  }
  std::cout << fmt::format("政务公开考核工作台已启动：http://{}:{}/  （数据目录：{}；按 Ctrl+C 停止）\n", options.host,
                           *port, options.data_dir)
            << std::flush;
  if (options.host != "127.0.0.1" && options.host != "localhost" && options.host != "::1")
    std::cerr << "提示：正在监听本机以外的地址；正式使用请放在 nginx 之后并启用 HTTPS（见 README）。\n";
  if (options.behind_proxy && options.server_names.empty())
    std::cerr << "提示：在 nginx 之后运行时，请用 --server-name 写明用户访问工作台的域名（nginx 传来的 Host），"
                 "否则以域名访问的请求会被拒绝（421）。\n";
  g_running = server->get();
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  (*server)->run();
  g_running = nullptr;
  std::cout << "工作台已停止。\n";
  return k_exit_ok;
}

} // namespace

Command serve_command() {
  return {"serve", "启动网页工作台（排名总览、单位详情、数据录入、发布、审计日志）", [](CLI::App& app) {
            auto options = std::make_shared<ServeOptions>();
            // Each option may also come from the environment: the installed service reads
            // them from /etc/zwgk/zwgk.conf (packaging/, docs/install.md).
            app.add_option("--data", options->data_dir, "数据目录（也可用环境变量 ZWGK_DATA）")
                ->required()
                ->envname("ZWGK_DATA");
            app.add_option("--host", options->host, "监听地址（默认只允许本机访问：127.0.0.1；也可用环境变量 ZWGK_HOST）")
                ->envname("ZWGK_HOST");
            app.add_option("--port", options->port, "端口（默认 8080；也可用环境变量 ZWGK_PORT）")
                ->check(CLI::Range(1, 65535))
                ->envname("ZWGK_PORT");
            app.add_flag("--behind-proxy", options->behind_proxy,
                         "在本机的 nginx 之后运行：按 nginx 传来的 X-Real-IP 限制登录失败次数"
                         "（也可用环境变量 ZWGK_BEHIND_PROXY=yes 或 no）")
                ->envname("ZWGK_BEHIND_PROXY");
            app.add_option("--server-name", options->server_names,
                           "用户访问工作台所用的域名（可重复，或用逗号分隔；也可用环境变量 ZWGK_SERVER_NAME）；"
                           "其他名称的请求被拒绝，以防 DNS 重绑定。本机地址、localhost 和本机主机名无需写")
                ->allow_extra_args(false)
                ->delimiter(',')
                ->envname("ZWGK_SERVER_NAME");
            return std::function<int()>([options] { return run_serve(*options); });
          }};
}

} // namespace zwgk::cli
