#include "net/curl.h"

#include <fmt/format.h>

#include <mutex>

namespace zwgk::net {

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string_view curl_detail(CURLcode rc, const char* error_buffer) {
  return error_buffer != nullptr && *error_buffer != '\0' ? error_buffer : curl_easy_strerror(rc);
}

std::optional<std::string> connection_error(CURLcode rc, std::string_view detail, const Peer& peer) {
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("找不到{} {}（域名无法解析，请检查服务器地址和网络）", peer.noun, peer.host);
    case CURLE_COULDNT_CONNECT:
      return fmt::format("无法连接{} {}（{}），请检查服务器地址、端口和网络", peer.noun, peer.address, detail);
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("{} {} 超过 {} 秒没有答复（超时）", peer.noun, peer.address, peer.timeout.count());
    case CURLE_PEER_FAILED_VERIFICATION:
      return fmt::format("{} {} 的证书未通过验证（{}）：证书不是受信任的机构签发，或与服务器地址不符；"
                         "单位自建证书请{}指定其 CA 证书文件",
                         peer.noun, peer.address, detail, peer.ca_where);
    case CURLE_SSL_CACERT_BADFILE:
      return fmt::format("无法读取 CA 证书文件 {}（{}）", peer.ca_file, detail);
    case CURLE_USE_SSL_FAILED:
      return fmt::format("{} {} 不支持 STARTTLS 加密，{}", peer.noun, peer.address, peer.kept_safe);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return fmt::format("与{} {} 建立 TLS 加密连接失败（{}）。请确认加密方式与端口相符：{}", peer.noun, peer.address,
                         detail, peer.tls_ports);
    default:
      return std::nullopt;
  }
}

} // namespace zwgk::net
