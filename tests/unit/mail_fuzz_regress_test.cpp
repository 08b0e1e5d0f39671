// Regression tests for what the message fuzzer (fuzz/message_fuzzer.cpp,
// docs/fuzzing.md) found in src/mail/, and a replay of its corpus
// (fuzz/corpus/message/) with the fuzzer's invariants, so that CI keeps every
// input the fuzzer once needed without running the fuzzer itself.
#include "mail/message.h"
#include "util/calendar.h"
#include "util/text.h"

#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace zwgk::mail {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

// The fuzzer's invariants: every text shown to people or stored is UTF-8,
// and dates are real.
void expect_invariants(const ParsedMessage& m, const std::string& what) {
  EXPECT_TRUE(is_valid_utf8(m.subject)) << what;
  EXPECT_TRUE(is_valid_utf8(m.text)) << what;
  for (const auto& name : m.attachments) EXPECT_TRUE(is_valid_utf8(name)) << what;
  for (const auto& reason : m.needs_review) EXPECT_TRUE(is_valid_utf8(reason)) << what;
  for (const auto& dt : {m.received, m.date}) {
    if (!dt) continue;
    EXPECT_TRUE(is_valid_date(dt->date.year, dt->date.month, dt->date.day)) << what;
    EXPECT_GE(dt->minute_of_day, 0) << what;
    EXPECT_LT(dt->minute_of_day, 24 * 60) << what;
  }
}

// Found by the fuzzer: the file name of an attached message (message/rfc822)
// was taken from GMime as it was, and GMime passes on the bytes of an RFC 2231
// value without checking them against its charset: "%E7%8i" in UTF-8 gave an
// attachment name that is not UTF-8.
TEST(MailFuzzRegress, AttachedMessageNameIsUtf8) {
  std::string bytes =
      "From: a@b.cn\nSubject: x\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
      "--b\nContent-Type: text/plain\n\nbody\n"
      "--b\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename*=utf-8''%E7%8il.eml\n\n"
      "From: c@d.cn\n\nold\n--b--\n";
  auto m = parse_message(bytes);
  ASSERT_TRUE(m) << m.error();
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_TRUE(is_valid_utf8(m->attachments[0]));
  EXPECT_THAT(m->attachments[0], HasSubstr("%8il.eml"));
  EXPECT_EQ(m->text, "body");
  expect_invariants(*m, "attached message");
}

// The same for a part's own file name (already decoded before), kept here
// with the one above.
TEST(MailFuzzRegress, PartNameIsUtf8) {
  std::string bytes =
      "From: a@b.cn\nSubject: x\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
      "--b\nContent-Type: application/octet-stream\n"
      "Content-Disposition: attachment; filename*=utf-8''%E7%8il.pdf\n\nxx\n--b--\n";
  auto m = parse_message(bytes);
  ASSERT_TRUE(m) << m.error();
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_THAT(m->attachments[0], HasSubstr("%8il.pdf"));
  expect_invariants(*m, "part");
}

// Found with the fuzzer's invariants: a wrong charset label is quoted in a
// review reason, and an RFC 2231 label (charset*=utf-8''gb%FF) reached it
// as bytes that are not UTF-8.
TEST(MailFuzzRegress, MislabelledCharsetReasonIsUtf8) {
  std::string bytes = "From: a@b.cn\nSubject: x\nContent-Type: text/plain; charset*=utf-8''gb%FF\n\n"
                      "\xd6\xd0\xce\xc4 body\n";  // "中文" in GBK
  auto m = parse_message(bytes);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->text, "中文 body");
  EXPECT_THAT(m->needs_review, Contains(HasSubstr("与内容不符")));
  expect_invariants(*m, "charset label");
}

// Every input of the fuzzer's corpus parses (or is refused with a message)
// without crashing, under the same invariants.
TEST(MailFuzzRegress, CorpusReplays) {
  std::filesystem::path dir = std::filesystem::path(ZWGK_SOURCE_DIR) / "fuzz" / "corpus" / "message";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto m = parse_message(ss.str());
    std::string what = entry.path().filename().string();
    if (m)
      expect_invariants(*m, what);
    else
      EXPECT_TRUE(is_valid_utf8(m.error())) << what;
    ++files;
  }
  EXPECT_GT(files, 40u);
}

}  // namespace
}  // namespace zwgk::mail
