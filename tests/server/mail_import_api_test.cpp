// 投稿审核 over real HTTP on loopback (server/api_mail.cpp): importing mail files
// through the API (idempotent, split and warned as the command line does) and the
// CSV's columns. The server and its messages: mail_api_fixture.h.
#include "mail_api_fixture.h"

namespace zwgk::server {
namespace {

using nlohmann::json;
using test_mail::article;
using test_mail::eml;
using test_mail::MailApiTest;
using test_mail::multipart;
using test_mail::row_with;
using test_mail::unit_in;

TEST_F(MailApiTest, ImportingTheSameFilesTwiceAddsNothingTheSecondTime) {
  auto admin = login("admin");
  const std::string one = eml("new-1@test", "a@qq.com", "【区商务局】夜市开市", "Thu, 20 Aug 2020 19:00:00 +0800",
                              article("区商务局夜市开市"));
  const std::string two = eml("new-2@test", "b@qq.com", "【朱台镇】秋收", "Mon, 21 Sep 2020 08:00:00 +0800",
                              article("朱台镇秋收"));
  const std::string three = eml("new-3@test", "c@qq.com", "【区商务局】十月稿件", "Thu, 08 Oct 2020 08:00:00 +0800",
                                article("区商务局十月稿件"));
  const std::string mbox = "From a@qq.com Mon Sep 21 08:00:00 2020\n" + two + "\nFrom c@qq.com Thu Oct 8 08:00:00 2020\n" +
                           three;
  std::string type;
  const std::string body = multipart({{"夜市.eml", one}, {"收件箱.mbox", mbox}}, type);
  auto res = send("POST", "/api/v1/mail/import", &admin, body, type);
  ASSERT_EQ(res->status, 200) << res->body;
  auto tally = json::parse(res->body);
  EXPECT_EQ(tally["read"], 3);
  EXPECT_EQ(tally["added"], 3);
  EXPECT_EQ(tally["existing"], 0);
  EXPECT_TRUE(tally["problems"].empty());
  // The October message waits for a 2020Q4 folder, which the workspace does not make (as the CLI does not).
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q4"));
  ASSERT_EQ(tally["waiting"].size(), 1u) << res->body;
  EXPECT_EQ(tally["waiting"][0]["period"], "2020Q4");
  EXPECT_EQ(tally["waiting"][0]["count"], 1);

  res = send("POST", "/api/v1/mail/import", &admin, body, type);
  ASSERT_EQ(res->status, 200) << res->body;
  tally = json::parse(res->body);
  EXPECT_EQ(tally["read"], 3);
  EXPECT_EQ(tally["added"], 0);
  EXPECT_EQ(tally["existing"], 3);
  EXPECT_EQ(m_mail.mail_messages().size(), 7u);

  auto list = get_json("/api/v1/periods/2020Q3/mail", admin);
  EXPECT_EQ(list["rows"].size(), 6u);  // the October message belongs to 2020Q4
  EXPECT_TRUE(row_with(list["rows"], "【朱台镇】秋收"));
  auto audit = get_json("/api/v1/audit", admin)["entries"];
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0]["action"], "导入邮件");
  EXPECT_EQ(audit[0]["target"], "夜市.eml、收件箱.mbox");
  EXPECT_NE(audit[0]["detail"].get<std::string>().find("新增 0 封"), std::string::npos);

  EXPECT_EQ(send("POST", "/api/v1/mail/import", &admin, multipart({{"网站发布.csv", "a,b\r\n"}}, type), type)->status, 400);
  EXPECT_EQ(send("POST", "/api/v1/mail/import", &admin, body, type, /*with_csrf=*/false)->status, 403);
  auto unit = login("shangwu");
  EXPECT_EQ(send("POST", "/api/v1/mail/import", &unit, body, type)->status, 403);
}

TEST_F(MailApiTest, Issue12_ImportSplitsAndWarnsAsTheCommandLineDoes) {
  auto admin = login("admin");
  const std::string two = eml("split-2@test", "a@qq.com", "【朱台镇】秋收", "Mon, 21 Sep 2020 08:00:00 +0800",
                              article("朱台镇秋收"));
  const std::string three = eml("split-3@test", "c@qq.com", "【区商务局】九月稿件", "Tue, 22 Sep 2020 08:00:00 +0800",
                                article("区商务局九月稿件"));
  // A BOM, and no empty line before the second "From " line: two messages (issues 12 and 13).
  const std::string mbox = "\xEF\xBB\xBF" "From a@qq.com Mon Sep 21 08:00:00 2020\n" + two +
                           "From c@qq.com Tue Sep 22 08:00:00 2020\n" + three;
  std::string type;
  auto res = send("POST", "/api/v1/mail/import", &admin, multipart({{"收件箱.mbox", mbox}, {"合并.eml", mbox}}, type), type);
  ASSERT_EQ(res->status, 200) << res->body;
  auto tally = json::parse(res->body);
  EXPECT_EQ(tally["read"], 3);
  EXPECT_EQ(tally["added"], 2);
  EXPECT_EQ(tally["existing"], 1);  // the .eml is one message: the first one's Message-ID
  ASSERT_EQ(tally["warnings"].size(), 1u) << res->body;  // the .eml holding both
  EXPECT_TRUE(tally["warnings"][0].get<std::string>().starts_with("“合并.eml”作为一封邮件读取")) << res->body;
  EXPECT_NE(tally["summary"].get<std::string>().find("警告 1 条"), std::string::npos);

  res = send("POST", "/api/v1/mail/import", &admin, multipart({{"区司法局.msg", "\xD0\xCF\x11\xE0"}}, type), type);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("在 Outlook 中另存为 .eml 或导出为 mbox"), std::string::npos) << res->body;
}

TEST_F(MailApiTest, TheCsvHasTheColumnsOfTheCommandLine) {
  auto admin = login("admin");
  auto res = send("GET", "/api/v1/periods/2020Q3/mail.csv?show=计入", &admin);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_NE(res->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  ASSERT_TRUE(res->body.starts_with("\xEF\xBB\xBF编号,收到时间,单位,归属依据,发件人,标题,字数,图片数,切题,结论,原因,提示,待核实,来源\r\n"))
      << res->body.substr(0, 200);
  std::size_t lines = 0;
  for (char c : res->body) lines += c == '\n';
  EXPECT_EQ(lines, 3u);  // header and the two counted messages
  EXPECT_NE(res->body.find("区人社局"), std::string::npos);
}

} // namespace
} // namespace zwgk::server
