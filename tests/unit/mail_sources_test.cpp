// The sources the mail importer reads (mailbox/sources.h): Maildir (with its
// subfolders), mbox, .eml and a folder of .eml, each message named by where it was read,
// and what cannot be read reported rather than read.
#include "fs/process.h"
#include "mail/mbox.h"
#include "mail_test_support.h"
#include "mailbox/sources.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>

namespace zwgk::mailbox {
namespace {

namespace stdfs = std::filesystem;
using test::eml;
using test::lf;
using test::write;

std::vector<std::string> read_all(const stdfs::path& path, std::string* error = nullptr,
                                  std::vector<std::string>* warnings = nullptr, std::vector<RawMessage>* messages = nullptr) {
  std::vector<std::string> origins;
  auto ok = read_source(
      path,
      [&](RawMessage&& m) -> std::expected<void, std::string> {
        origins.push_back(m.origin + "|" + std::to_string(m.bytes.size()));
        if (messages) messages->push_back(std::move(m));
        return {};
      },
      [&](std::string text) {
        if (warnings) warnings->push_back(std::move(text));
      });
  if (!ok && error) *error = ok.error();
  return origins;
}

TEST(MailSources, MaildirReadsCurAndNewButNotTmp) {
  auto dir = std::move(*fs::TempDir::create());
  auto box = dir.path() / "收件箱";
  write(box / "cur" / "2.host:2,S", eml(2));
  write(box / "cur" / "1.host:2,S", eml(1));
  write(box / "new" / "3.host", eml(3));
  write(box / "tmp" / "4.host", eml(4));
  auto origins = read_all(box);
  ASSERT_EQ(origins.size(), 3u);
  EXPECT_TRUE(origins[0].starts_with("“收件箱” cur/1.host:2,S|"));
  EXPECT_TRUE(origins[2].starts_with("“收件箱” new/3.host|"));
}

TEST(MailSources, MboxEmlAndFoldersOfEml) {
  auto dir = std::move(*fs::TempDir::create());
  write(dir.path() / "box.mbox", "From a@b Mon Aug 31 10:00:00 2020\n" + eml(1) + "\nFrom a@b Mon Aug 31 11:00:00 2020\n" + eml(2));
  auto mbox = read_all(dir.path() / "box.mbox");
  ASSERT_EQ(mbox.size(), 2u);
  EXPECT_TRUE(mbox[1].starts_with("“box.mbox” 第2封（第")) << mbox[1];
  write(dir.path() / "eml" / "b.EML", eml(2));
  write(dir.path() / "eml" / "a.eml", eml(1));
  write(dir.path() / "eml" / "说明.txt", "不是邮件");
  auto folder = read_all(dir.path() / "eml");
  ASSERT_EQ(folder.size(), 2u);
  EXPECT_TRUE(folder[0].starts_with("“a.eml”|"));
  std::string error;
  EXPECT_TRUE(read_all(dir.path() / "没有这个", &error).empty());
  EXPECT_NE(error.find("/没有这个”不存在"), std::string::npos) << error;
}

// ---- sources: issues 13, 14, 15

std::string mbox_of(int first, int last) {
  std::string out;
  for (int n = first; n <= last; ++n) out += "From rsj@linzi.gov.cn Mon Aug 31 02:00:00 2020\n" + lf(eml(n)) + "\n";
  return out;
}

TEST(MailSources, Issue13_MboxAfterABomOrABlankLine) {
  auto dir = std::move(*fs::TempDir::create());
  write(dir.path() / "收件箱", "\xEF\xBB\xBF" + mbox_of(1, 3));
  write(dir.path() / "Inbox", "\n" + mbox_of(1, 3));
  for (const char* name : {"收件箱", "Inbox"}) {
    auto origins = read_all(dir.path() / name);
    ASSERT_EQ(origins.size(), 3u) << name;
    EXPECT_TRUE(origins[2].starts_with(fmt::format("“{}” 第3封（第", name))) << origins[2];
  }
}

TEST(MailSources, Issue13_OneMessageWithEnvelopeLinesInsideIsWarnedAbout) {
  auto dir = std::move(*fs::TempDir::create());
  write(dir.path() / "收件箱.eml", mbox_of(1, 3));
  std::vector<std::string> warnings;
  std::vector<RawMessage> messages;
  auto origins = read_all(dir.path() / "收件箱.eml", nullptr, &warnings, &messages);
  ASSERT_EQ(origins.size(), 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(warnings[0].starts_with("“收件箱.eml”作为一封邮件读取，但第 10、19 行像 mbox 的分隔行")) << warnings[0];
  ASSERT_EQ(messages[0].notes.size(), 1u);  // and a person is asked to look
  // A file that is one message with no such line: no warning.
  write(dir.path() / "一封.eml", eml(1));
  warnings.clear();
  read_all(dir.path() / "一封.eml", nullptr, &warnings);
  EXPECT_TRUE(warnings.empty());
}

TEST(MailSources, Issue14_MessagesLargerThanTheLimitAreReportedNotRead) {
  auto dir = std::move(*fs::TempDir::create());
  // Sparse files: the size is there, the disk blocks are not.
  write(dir.path() / "大.eml", eml(1));
  stdfs::resize_file(dir.path() / "大.eml", mail::k_max_message_bytes + 1);
  std::vector<RawMessage> messages;
  read_all(dir.path() / "大.eml", nullptr, nullptr, &messages);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(messages[0].bytes.empty());
  EXPECT_EQ(messages[0].unreadable, "邮件大小 64.0 MB，超过上限 64.0 MB（mail::k_max_message_bytes）");
  // In an mbox: reported with its number and line, and the next message is read.
  const auto path = dir.path() / "收件箱.mbox";
  write(path, mbox_of(1, 1) + "From rsj@linzi.gov.cn Mon Aug 31 03:00:00 2020\nSubject: big\n\n");
  stdfs::resize_file(path, stdfs::file_size(path) + mail::k_max_message_bytes);
  std::ofstream(path, std::ios::binary | std::ios::app) << "\n\n" << mbox_of(2, 2);
  messages.clear();
  auto origins = read_all(path, nullptr, nullptr, &messages);
  ASSERT_EQ(origins.size(), 3u);
  EXPECT_TRUE(messages[1].unreadable.starts_with("邮件大小 64.0 MB，超过上限")) << messages[1].unreadable;
  EXPECT_TRUE(origins[1].starts_with("“收件箱.mbox” 第2封（第10行）|0")) << origins[1];
  EXPECT_TRUE(messages[2].unreadable.empty());
  EXPECT_EQ(messages[2].bytes, lf(eml(2)));
}

TEST(MailSources, Issue15_AFolderWithoutEmlNamesWhatItSkipped) {
  auto dir = std::move(*fs::TempDir::create());
  auto folder = dir.path() / "导出";
  write(folder / "区司法局.msg", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  write(folder / "说明.txt", "说明");
  write(folder / ".DS_Store", "x");
  write(folder / "旧稿" / "a.eml", eml(1));
  std::vector<std::string> warnings;
  EXPECT_TRUE(read_all(folder, nullptr, &warnings).empty());
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0], "文件夹“导出”中有 2 个文件不是 .eml，未读取：区司法局.msg、说明.txt。"
                         "Outlook 的 .msg 文件无法直接导入：请在 Outlook 中另存为 .eml 或导出为 mbox 后再导入");
  EXPECT_EQ(warnings[1], "文件夹“导出”中的 1 个子文件夹未读取（只读取这一层的 .eml 文件）：旧稿");
  for (int n = 1; n <= 7; ++n) write(folder / fmt::format("{}.doc", n), "x");
  warnings.clear();
  read_all(folder, nullptr, &warnings);
  EXPECT_NE(warnings[0].find("有 9 个文件不是 .eml，未读取：1.doc、2.doc、3.doc、4.doc、5.doc 等 9 个。"), std::string::npos)
      << warnings[0];
}

TEST(MailSources, Issue15_AnOutlookMsgFileIsAnErrorWithAHint) {
  auto dir = std::move(*fs::TempDir::create());
  write(dir.path() / "报送.MSG", "anything");
  write(dir.path() / "报送.dat", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more");
  for (const char* name : {"报送.MSG", "报送.dat"}) {
    std::string error;
    EXPECT_TRUE(read_all(dir.path() / name, &error).empty());
    EXPECT_EQ(error, fmt::format("“{}”：Outlook 的 .msg 文件无法直接导入：请在 Outlook 中另存为 .eml 或导出为 mbox 后再导入", name));
  }
}

TEST(MailSources, Issue15_MaildirSubfoldersAreReadUnderTheirNames) {
  auto dir = std::move(*fs::TempDir::create());
  auto box = dir.path() / "收件箱";
  write(box / "cur" / "1.host:2,S", eml(1));
  write(box / ".&YpV6Pw-" / "new" / "2.host", eml(2));          // 投稿
  write(box / ".&YpV6Pw-.2020" / "cur" / "3.host:2,S", eml(3));  // 投稿/2020
  write(box / ".&XfJT0ZAB-" / "cur" / "4.host:2,S", eml(4));     // 已发送
  write(box / ".Sent" / "cur" / "5.host:2,S", eml(5));
  write(box / ".Junk" / "cur" / "6.host:2,S", eml(6));
  write(box / ".no-maildir" / "x", "not a Maildir folder");
  std::vector<std::string> warnings;
  auto origins = read_all(box, nullptr, &warnings);
  ASSERT_EQ(origins.size(), 3u);
  EXPECT_TRUE(origins[0].starts_with("“收件箱” cur/1.host:2,S|"));
  EXPECT_TRUE(origins[1].starts_with("“收件箱/投稿” new/2.host|")) << origins[1];
  EXPECT_TRUE(origins[2].starts_with("“收件箱/投稿/2020” cur/3.host:2,S|")) << origins[2];
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("未读取：已发送（.&XfJT0ZAB-，1 封）、Junk（.Junk，1 封）、Sent（.Sent，1 封）"), std::string::npos)
      << warnings[0];
  // A subfolder given on its own is read, under its decoded name.
  origins = read_all(box / ".&YpV6Pw-");
  ASSERT_EQ(origins.size(), 1u);
  EXPECT_TRUE(origins[0].starts_with("“投稿” new/2.host|")) << origins[0];
  EXPECT_EQ(maildir_folder_name(".&YpV6Pw-.2020"), "投稿/2020");
  EXPECT_EQ(maildir_folder_name(".Drafts"), "Drafts");
  EXPECT_EQ(maildir_folder_name(".旧稿"), "旧稿");  // raw UTF-8, not modified UTF-7: as it is
}

} // namespace
} // namespace zwgk::mailbox
