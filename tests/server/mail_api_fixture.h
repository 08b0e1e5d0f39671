// Test support for the 投稿审核 API tests (mail_api_test.cpp, mail_import_api_test.cpp):
// a server over a copy of the example without its 投稿.csv, so every submission comes
// from the mail ledger, which a test seeds through the Importer with messages built
// here; the multipart body of an upload; finding a row or a unit in an answer.
#pragma once

#include "auth/password.h"
#include "mailbox/importer.h"
#include "server/server.h"
#include "http_session.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace zwgk::server::test_mail {

using nlohmann::json;

// An article of more than 400 characters, different for every `seed`.
inline std::string article(const std::string& seed) {
  std::string text = seed + "。\n";
  for (int i = 0; i < 12; ++i) text += "本单位认真落实政务公开工作要求，及时主动公开各类政府信息，回应社会关切。\n";
  return text;
}

// One message as an office mail server delivers it: Received header (CST),
// a UTF-8 text part and, when `picture`, a JPEG attachment.
inline std::string eml(const std::string& message_id, const std::string& from, const std::string& subject,
                       const std::string& received, const std::string& text, bool picture = true) {
  const std::string boundary = "zwgk-test-boundary";
  std::string out = "Received: from mx.example.gov.cn by mail.zwgk.example.gov.cn;\r\n " + received + "\r\n";
  out += "From: <" + from + ">\r\nTo: zwgk@linzi.gov.cn\r\nSubject: " + subject + "\r\nDate: " + received +
         "\r\nMessage-ID: <" + message_id + ">\r\nMIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
         text + "\r\n";
  if (picture)
    out += "--" + boundary +
           "\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n"
           "Content-Disposition: attachment; filename=\"photo.jpg\"\r\n\r\n/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==\r\n";
  return out + "--" + boundary + "--\r\n";
}

class MailApiTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-mail-api-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
    std::filesystem::remove(m_dir / "2020Q3/投稿.csv");  // submissions come from the mail ledger only
    add_user("admin", store::Role::Admin, "");
    add_user("shangwu", store::Role::Unit, "区商务局");
    add_user("leader", store::Role::Viewer, "");
    seed();
    ServerOptions options{m_dir, "127.0.0.1", 0, auth::HashCost::MinimumForTests, [this] { return m_now.load(); },
                          ProxyHeaders::Ignore};
    m_server = Server::with_store(options, m_store, m_mail);
    auto port = m_server->bind();
    ASSERT_TRUE(port) << port.error();
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
  }

  void TearDown() override {
    m_server->stop();
    m_thread.join();
    std::filesystem::remove_all(m_dir);
  }

  // Four messages: 区人社局 (counts, August), 区商务局 (counts, September),
  // one nobody can attribute (September) and a short one of 区人社局 (rejected).
  void seed() {
    mailbox::Importer importer(m_mail, "测试", m_now.load());
    const std::vector<std::pair<std::string, std::string>> messages{
        {"1.eml", eml("rsj-1@test", "xinxi@qq.com", "【区人社局】就业服务进社区", "Mon, 10 Aug 2020 09:00:00 +0800",
                      article("区人社局开展就业服务进社区活动"))},
        {"2.eml", eml("swj-1@test", "swj@163.com", "【区商务局】促消费活动", "Sat, 05 Sep 2020 10:00:00 +0800",
                      article("区商务局开展促消费活动"))},
        {"3.eml", eml("who-1@test", "someone@qq.com", "政务公开稿件", "Tue, 08 Sep 2020 15:30:00 +0800",
                      article("区财政局公开部门预算"))},
        {"4.eml", eml("rsj-2@test", "xinxi@qq.com", "【区人社局】简讯", "Wed, 09 Sep 2020 08:00:00 +0800",
                      "社保卡服务网点调整。", false)},
    };
    for (const auto& [origin, bytes] : messages) ASSERT_TRUE(importer.add({bytes, origin, std::nullopt}));
    ASSERT_TRUE(importer.flush());
    ASSERT_EQ(importer.tally().added, 4u);
  }

  void add_user(const std::string& name, store::Role role, const std::string& unit) {
    auto hash = auth::hash_password(password_of(name), auth::HashCost::MinimumForTests);
    ASSERT_TRUE(m_store.add_user({0, name, role, unit, *hash, 0, false}));
  }
  static std::string password_of(const std::string& name) { return test_http::password_of(name); }

  using Session = test_http::Session;
  Session login(const std::string& name) { return test_http::login(m_port, name); }
  httplib::Result send(const std::string& method, const std::string& path, const Session* session,
                       const std::string& body = {}, const std::string& type = "application/json",
                       bool with_csrf = true) {
    return test_http::send(m_port, method, path, session, body, type, with_csrf);
  }

  json get_json(const std::string& path, const Session& session, int status = 200) {
    auto res = send("GET", path, &session);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }

  // The id of the message with this subject, from the ledger.
  std::int64_t id_of(const std::string& subject) {
    for (const auto& m : m_mail.mail_messages())
      if (m.subject == subject) return m.id;
    ADD_FAILURE() << "no message " << subject;
    return 0;
  }

  std::filesystem::path m_dir;
  store::MemoryStore m_store;
  store::MemoryMailStore m_mail{m_store};
  std::atomic<std::int64_t> m_now{1'600'000'000};
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

inline std::string multipart(const std::vector<std::pair<std::string, std::string>>& files, std::string& type) {
  const std::string boundary = "zwgkMailBoundary7MA4YWxkTrZu0gW";
  type = "multipart/form-data; boundary=" + boundary;
  std::string out;
  for (const auto& [name, content] : files)
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name +
           "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
  return out + "--" + boundary + "--\r\n";
}

inline const json* row_with(const json& rows, const std::string& subject) {
  for (const auto& r : rows)
    if (r["subject"] == subject) return &r;
  return nullptr;
}

inline const json* unit_in(const json& units, const std::string& name) {
  for (const auto& u : units)
    if (u["name"] == name || u.value("short_name", "") == name) return &u;
  return nullptr;
}

} // namespace zwgk::server::test_mail
