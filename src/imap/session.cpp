#include "imap/session.h"

#include "imap/client.h"
#include "util/text.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <cctype>
#include <cerrno>

namespace zwgk::imap {
namespace {

// One line of a response (a SEARCH result of a big folder is one line: 16 MB
// hold about two million UIDs).
constexpr std::size_t k_max_line = 16u << 20;
// Bytes asked of curl per read.
constexpr std::size_t k_read_chunk = 64 * 1024;

} // namespace

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string Completion::quoted() const { return quoted_server_text(text); }

Session::Session(CURL* curl, curl_socket_t socket, std::chrono::seconds timeout)
    : m_curl(curl), m_socket(socket), m_timeout(timeout), m_splitter(k_max_line, k_max_message_bytes) {}

std::expected<Completion, std::string> Session::command(std::string_view text, const Untagged& on_untagged) {
  std::string tag = fmt::format("Z{}", ++m_tag);
  if (auto sent = send_all(fmt::format("{} {}\r\n", tag, text)); !sent) return std::unexpected(sent.error());
  for (;;) {
    auto response = next_response();
    if (!response) return std::unexpected(response.error());
    std::string_view line = *response;
    if (line.starts_with("* ")) {
      line.remove_prefix(2);
      if (starts_with_ci(line, "BYE")) m_bye = quoted_server_text(line.substr(3));
      if (on_untagged)
        if (auto handled = on_untagged(line); !handled) return std::unexpected(handled.error());
      continue;
    }
    if (line.starts_with(tag) && line.size() > tag.size() && line[tag.size()] == ' ') {
      line.remove_prefix(tag.size() + 1);
      auto space = line.find(' ');
      Completion done{std::string(line.substr(0, space)),
                      std::string(space == line.npos ? "" : line.substr(space + 1))};
      for (char& c : done.status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return done;
    }
    if (line.starts_with("+"))
      return std::unexpected("邮件服务器在等待本程序并未发送的数据（答复不符合 IMAP 协议）");
    return std::unexpected(fmt::format("邮件服务器的答复不符合 IMAP 协议：{}", quoted_server_text(line)));
  }
}

void Session::shut_down() { ::shutdown(m_socket, SHUT_RDWR); }

std::expected<void, std::string> Session::wait(short events) {
  pollfd p{m_socket, events, 0};
  for (;;) {
    int ready = ::poll(&p, 1, static_cast<int>(m_timeout.count() * 1000));
    if (ready > 0) return {};
    if (ready == 0) return std::unexpected(fmt::format("邮件服务器 {} 秒没有答复", m_timeout.count()));
    if (errno != EINTR) return std::unexpected("等待邮件服务器答复时出错");
  }
}

std::expected<void, std::string> Session::send_all(std::string_view data) {
  while (!data.empty()) {
    std::size_t sent = 0;
    CURLcode rc = curl_easy_send(m_curl, data.data(), data.size(), &sent);
    if (rc == CURLE_AGAIN) {
      if (auto ready = wait(POLLOUT); !ready) return ready;
      continue;
    }
    if (rc != CURLE_OK) return std::unexpected(fmt::format("向邮件服务器发送命令失败（{}）", curl_easy_strerror(rc)));
    data.remove_prefix(sent);
  }
  return {};
}

std::expected<std::string, std::string> Session::next_response() {
  for (;;) {
    auto next = m_splitter.next();
    if (!next) return std::unexpected(next.error());
    if (*next) return std::move(**next);
    std::size_t received = 0;
    m_chunk.resize(k_read_chunk);
    CURLcode rc = curl_easy_recv(m_curl, m_chunk.data(), m_chunk.size(), &received);
    if (rc == CURLE_AGAIN) {
      if (auto ready = wait(POLLIN); !ready) return std::unexpected(ready.error());
      continue;
    }
    if (rc != CURLE_OK) return std::unexpected(fmt::format("接收邮件服务器的数据失败（{}）", curl_easy_strerror(rc)));
    if (received == 0)
      return std::unexpected(m_bye.empty() ? std::string("邮件服务器断开了连接")
                                           : fmt::format("邮件服务器断开了连接：{}", m_bye));
    m_splitter.append(std::string_view(m_chunk.data(), received));
  }
}

} // namespace zwgk::imap
