// The connection failures IMAP and SMTP share are worded once (net/curl.h):
// the same code gives the same sentence with each client's server noun,
// hints and settings; protocol failures are left to the clients.
#include "net/curl.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zwgk::net {
namespace {

using ::testing::HasSubstr;

Peer imap_peer() {
  return Peer{.noun = "邮件服务器",
              .host = "imap.example.gov.cn",
              .address = "imap.example.gov.cn:993",
              .ca_file = "/etc/zwgk/ca.pem",
              .ca_where = "",
              .tls_ports = "TLS 通常用 993 端口，STARTTLS 用 143 端口",
              .kept_safe = "为保护密码，未以明文登录",
              .timeout = std::chrono::seconds(30)};
}

Peer smtp_peer() {
  Peer p = imap_peer();
  p.noun = "邮件发送服务器";
  p.host = "smtp.example.gov.cn";
  p.address = "smtp.example.gov.cn:465";
  p.ca_where = "在 ca_file 中";
  return p;
}

TEST(NetConnectionError, SharedFailuresNameTheServer) {
  EXPECT_EQ(connection_error(CURLE_COULDNT_RESOLVE_HOST, "x", imap_peer()),
            "找不到邮件服务器 imap.example.gov.cn（域名无法解析，请检查服务器地址和网络）");
  EXPECT_EQ(connection_error(CURLE_COULDNT_RESOLVE_HOST, "x", smtp_peer()),
            "找不到邮件发送服务器 smtp.example.gov.cn（域名无法解析，请检查服务器地址和网络）");
  EXPECT_EQ(connection_error(CURLE_COULDNT_CONNECT, "Connection refused", smtp_peer()),
            "无法连接邮件发送服务器 smtp.example.gov.cn:465（Connection refused），请检查服务器地址、端口和网络");
  EXPECT_EQ(connection_error(CURLE_OPERATION_TIMEDOUT, "x", imap_peer()),
            "邮件服务器 imap.example.gov.cn:993 超过 30 秒没有答复（超时）");
  EXPECT_EQ(connection_error(CURLE_SSL_CACERT_BADFILE, "bad", imap_peer()),
            "无法读取 CA 证书文件 /etc/zwgk/ca.pem（bad）");
}

TEST(NetConnectionError, TlsFailuresCarryEachClientsHints) {
  auto smtp_cert = connection_error(CURLE_PEER_FAILED_VERIFICATION, "self-signed", smtp_peer());
  ASSERT_TRUE(smtp_cert);
  EXPECT_THAT(*smtp_cert, HasSubstr("邮件发送服务器 smtp.example.gov.cn:465 的证书未通过验证（self-signed）"));
  EXPECT_THAT(*smtp_cert, HasSubstr("单位自建证书请在 ca_file 中指定其 CA 证书文件"));
  EXPECT_THAT(*connection_error(CURLE_PEER_FAILED_VERIFICATION, "x", imap_peer()),
              HasSubstr("单位自建证书请指定其 CA 证书文件"));
  EXPECT_EQ(connection_error(CURLE_USE_SSL_FAILED, "x", imap_peer()),
            "邮件服务器 imap.example.gov.cn:993 不支持 STARTTLS 加密，为保护密码，未以明文登录");
  for (CURLcode tls : {CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR}) {
    auto text = connection_error(tls, "alert", imap_peer());
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, "与邮件服务器 imap.example.gov.cn:993 建立 TLS 加密连接失败（alert）。"
                     "请确认加密方式与端口相符：TLS 通常用 993 端口，STARTTLS 用 143 端口");
  }
}

TEST(NetConnectionError, ProtocolFailuresAreTheClients) {
  EXPECT_FALSE(connection_error(CURLE_LOGIN_DENIED, "x", imap_peer()));
  EXPECT_FALSE(connection_error(CURLE_WEIRD_SERVER_REPLY, "x", smtp_peer()));
  EXPECT_FALSE(connection_error(CURLE_SEND_ERROR, "x", smtp_peer()));
}

TEST(NetConnectionError, DetailPrefersCurlsBuffer) {
  EXPECT_EQ(curl_detail(CURLE_COULDNT_CONNECT, "Failed to connect to 127.0.0.1 port 1"),
            "Failed to connect to 127.0.0.1 port 1");
  EXPECT_EQ(curl_detail(CURLE_COULDNT_CONNECT, ""), curl_easy_strerror(CURLE_COULDNT_CONNECT));
  EXPECT_EQ(curl_detail(CURLE_COULDNT_CONNECT, nullptr), curl_easy_strerror(CURLE_COULDNT_CONNECT));
}

} // namespace
} // namespace zwgk::net
