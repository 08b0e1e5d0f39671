#include "app/mail_config.h"

#include "fs/files.h"
#include "model/diagnostics.h"
#include "scheme/toml_text.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <set>
#include <sys/stat.h>

namespace zwgk::app {
namespace {

namespace stdfs = std::filesystem;

class ConfigReader {
public:
  ConfigReader(std::string file, Diagnostics& problems) : m_file(std::move(file)), m_problems(problems) {}

  void error(const toml::node* node, std::string message) {
    Location where{m_file, {}, 0, 0, {}};
    if (node) {
      where.line = node->source().begin.line;
      where.column = node->source().begin.column;
    }
    m_problems.error(std::move(where), std::move(message));
  }

  std::string text(const toml::table& t, std::string_view key, bool required) {
    const toml::node* node = t.get(key);
    if (!node) {
      if (required) error(&t, fmt::format("[smtp] 缺少“{}”", key));
      return {};
    }
    auto value = node->value<std::string>();
    if (!value) {
      error(node, fmt::format("“{}”应为文本（加英文双引号）", key));
      return {};
    }
    return *value;
  }

  std::optional<std::int64_t> integer(const toml::table& t, std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) return std::nullopt;
    auto value = node->value<std::int64_t>();
    if (!value) error(node, fmt::format("“{}”应为整数", key));
    return value;
  }

private:
  std::string m_file;
  Diagnostics& m_problems;
};

stdfs::path beside(const stdfs::path& dir, const std::string& path) {
  stdfs::path p = stdfs::path(path);
  return p.is_absolute() ? p : dir / p;
}

std::expected<std::string, Error> read_secret(const stdfs::path& dir, const std::string& env, const std::string& file,
                                              std::vector<std::string>& notes) {
  if (!env.empty()) {
    const char* value = std::getenv(env.c_str());
    if (!value || !*value)
      return std::unexpected(Error::bad_input(
          fmt::format("{} 中的 password_env 指定的环境变量 {} 没有设置或为空", k_smtp_file, env)));
    return std::string(value);
  }
  stdfs::path path = beside(dir, file);
  auto content = fs::read_file(path, k_max_password_file_bytes);
  if (!content) return std::unexpected(Error::bad_input(content.error()));
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    notes.push_back(fmt::format("警告：密码文件“{}”其他用户也能读取，建议执行 chmod 600 {}", fs::display_name(path),
                                fs::display_name(path)));
  std::string line = content->substr(0, content->find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty())
    return std::unexpected(Error::bad_input(fmt::format("密码文件“{}”的第一行为空", fs::display_name(path))));
  return line;
}

// The [smtp] table's keys, each checked; problems to `r`.
struct SmtpKeys {
  SmtpConfig config;
  std::string password_env, password_file;
};

SmtpKeys smtp_keys(const stdfs::path& dir, const toml::table* smtp, ConfigReader& r) {
  static const std::set<std::string_view> k_keys = {"url", "from", "user", "password_env", "password_file",
                                                    "ca_file", "security", "timeout"};
  for (const auto& [key, node] : *smtp)
    if (!k_keys.contains(key.str()))
      r.error(&node, fmt::format("[smtp] 中未知的键“{}”{}", key.str(),
                                 key.str() == "password" ? "：密码不能写在配置文件里，请用 password_env 或 password_file"
                                                         : ""));
  SmtpKeys keys;
  SmtpConfig& out = keys.config;
  std::string& password_env = keys.password_env;
  std::string& password_file = keys.password_file;
  out.options.url = r.text(*smtp, "url", true);
  out.from = r.text(*smtp, "from", true);
  out.options.user = r.text(*smtp, "user", false);
  password_env = r.text(*smtp, "password_env", false);
  password_file = r.text(*smtp, "password_file", false);
  std::string ca_file = r.text(*smtp, "ca_file", false);
  if (!ca_file.empty()) out.options.ca_file = beside(dir, ca_file).string();
  std::string security = r.text(*smtp, "security", false);
  if (security.empty()) {
    out.options.security = out.options.url.starts_with("smtps://") ? smtp::Security::Tls : smtp::Security::StartTls;
  } else if (auto s = smtp::parse_security(security)) {
    out.options.security = *s;
  } else {
    r.error(smtp->get("security"), fmt::format("security “{}”无效，应为 tls、starttls 或 none", security));
  }
  if (auto timeout = r.integer(*smtp, "timeout")) {
    if (*timeout < 1 || *timeout > 3600)
      r.error(smtp->get("timeout"), "timeout 应为 1～3600 秒");
    else
      out.options.timeout = std::chrono::seconds(*timeout);
  }
  if (!password_env.empty() && !password_file.empty())
    r.error(smtp->get("password_file"), "password_env 和 password_file 只能设置一个");
  if (!out.options.user.empty() && password_env.empty() && password_file.empty())
    r.error(smtp->get("user"), "设置了 user，还需用 password_env 或 password_file 提供密码");
  if (out.options.user.empty() && (!password_env.empty() || !password_file.empty()))
    r.error(smtp, "设置了密码，还需设置登录用户名 user");
  if (!out.from.empty())
    if (auto from = smtp::address_of(out.from); !from) r.error(smtp->get("from"), "from：" + from.error());
  return keys;
}

} // namespace

std::expected<SmtpConfig, Error> read_smtp_config(const std::filesystem::path& dir, std::vector<std::string>& notes) {
  const stdfs::path path = dir / stdfs::path(std::string(k_smtp_file));
  std::error_code ec;
  if (!stdfs::exists(path, ec))
    return std::unexpected(Error::bad_input(fmt::format(
        "没有配置邮件发送服务器：数据目录中没有 {}（写法见 docs/reminders.md），未发送任何邮件", k_smtp_file)));
  auto text = fs::read_file(path, k_max_smtp_file_bytes);
  if (!text) return std::unexpected(Error::bad_input(text.error()));
  const std::string file(k_smtp_file);
  auto root = scheme_detail::parse_toml(*text, file);
  if (!root) return std::unexpected(Error::bad_input({}, root.error()));
  Diagnostics problems;
  ConfigReader r(file, problems);
  for (const auto& [key, node] : *root)
    if (key.str() != "smtp") r.error(&node, fmt::format("未知的键“{}”（只应有 [smtp]）", key.str()));
  const toml::table* smtp = (*root)["smtp"].as_table();
  if (!smtp) {
    r.error(nullptr, "缺少 [smtp] 表");
    return std::unexpected(Error::bad_input({}, std::move(problems)));
  }
  SmtpKeys keys = smtp_keys(dir, smtp, r);
  if (problems.has_errors()) return std::unexpected(Error::bad_input("未发送任何邮件。", std::move(problems)));
  if (!keys.config.options.user.empty()) {
    auto password = read_secret(dir, keys.password_env, keys.password_file, notes);
    if (!password) return std::unexpected(password.error());
    keys.config.options.password = std::move(*password);
  }
  return std::move(keys.config);
}



} // namespace zwgk::app
