// split_mbox() and mbox_message(): separators, leading bytes, CRLF, mboxrd
// unquoting, the end of the file, line numbers.
#include "mail/mbox.h"
#include "mail/message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zwgk::mail {
namespace {

// The message bytes of every entry.
std::vector<std::string> messages(std::string_view mbox) {
  std::vector<std::string> out;
  std::string storage;
  for (const auto& e : split_mbox(mbox)) out.emplace_back(mbox_message(mbox, e, storage));
  return out;
}

std::vector<std::size_t> lines(std::string_view mbox) {
  std::vector<std::size_t> out;
  for (const auto& e : split_mbox(mbox)) out.push_back(e.line);
  return out;
}

TEST(Mbox, EmptyFileHasNoEntries) {
  EXPECT_TRUE(split_mbox("").empty());
  EXPECT_TRUE(split_mbox("\n\n").empty());
  EXPECT_TRUE(split_mbox(" \r\n\t\n").empty());
}

TEST(Mbox, OneMessage) {
  std::string mbox = "From a@x Mon Aug 31 10:00:00 2020\nSubject: s\n\nbody\n";
  auto entries = split_mbox(mbox);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].offset, 0u);
  EXPECT_EQ(entries[0].length, mbox.size());
  EXPECT_EQ(entries[0].line, 1u);
  EXPECT_TRUE(entries[0].from_line);
  std::string storage;
  std::string_view message = mbox_message(mbox, entries[0], storage);
  EXPECT_EQ(message, "Subject: s\n\nbody\n");
  // Nothing to undo: a view into the file, storage untouched.
  EXPECT_EQ(message.data(), mbox.data() + mbox.find("Subject"));
  EXPECT_TRUE(storage.empty());
}

TEST(Mbox, ManyMessagesWithoutTheFramingEmptyLine) {
  std::string mbox =
      "From a Mon Aug 31 10:00:00 2020\nSubject: 1\n\none\n\n"
      "From b Mon Aug 31 10:00:00 2020\nSubject: 2\n\ntwo\n\n\n"  // a blank line of its own
      "From c Mon Aug 31 10:00:00 2020\nSubject: 3\n\nthree\n\n";
  EXPECT_EQ(messages(mbox), (std::vector<std::string>{"Subject: 1\n\none\n", "Subject: 2\n\ntwo\n\n",
                                                      "Subject: 3\n\nthree\n"}));
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 6, 12}));
}

TEST(Mbox, Crlf) {
  std::string mbox =
      "From a Mon Aug 31 10:00:00 2020\r\nSubject: 1\r\n\r\none\r\n\r\n"
      "From b Mon Aug 31 10:00:00 2020\r\nSubject: 2\r\n\r\n>From here\r\n\r\n";
  EXPECT_EQ(messages(mbox), (std::vector<std::string>{"Subject: 1\r\n\r\none\r\n",
                                                      "Subject: 2\r\n\r\nFrom here\r\n"}));
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 6}));
}

TEST(Mbox, FromAfterANonEmptyLineIsText) {
  std::string mbox =
      "From a Mon Aug 31 10:00:00 2020\nSubject: 1\n\nline\nFrom the office\nFrom: x\n\n"
      "From: not a separator either\n\nFrom b Mon Aug 31 10:00:00 2020\nSubject: 2\n\ntwo\n";
  auto m = messages(mbox);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], "Subject: 1\n\nline\nFrom the office\nFrom: x\n\nFrom: not a separator either\n");
  EXPECT_EQ(m[1], "Subject: 2\n\ntwo\n");
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 10}));
}

TEST(Mbox, MboxrdQuotingUndoneByOneLevel) {
  std::string mbox =
      "From a Mon Aug 31 10:00:00 2020\nSubject: 1\n\n>From the start\n\n>>From quoted\n"
      "a >From in a line\n>>>From deep\n> From with a space\n>From";  // the last: no space, no newline
  std::string storage;
  auto entries = split_mbox(mbox);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(mbox_message(mbox, entries[0], storage),
            "Subject: 1\n\nFrom the start\n\n>From quoted\na >From in a line\n>>From deep\n"
            "> From with a space\n>From");
}

TEST(Mbox, QuotedFromAtTheVeryStartOfTheMessage) {
  std::string mbox = "From a Mon Aug 31 10:00:00 2020\n>From x\nSubject: 1\n";
  std::string storage;
  auto entries = split_mbox(mbox);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(mbox_message(mbox, entries[0], storage), "From x\nSubject: 1\n");
}

TEST(Mbox, LeadingGarbageIsReportedAsAnEntryWithoutFromLine) {
  std::string mbox = "\n\ngarbage line\nmore\n\nFrom a Mon Aug 31 10:00:00 2020\nSubject: 1\n\none\n";
  auto entries = split_mbox(mbox);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_FALSE(entries[0].from_line);
  EXPECT_EQ(entries[0].line, 3u);
  EXPECT_EQ(entries[0].offset, 2u);
  std::string storage;
  EXPECT_EQ(mbox_message(mbox, entries[0], storage), "garbage line\nmore\n");
  EXPECT_TRUE(entries[1].from_line);
  EXPECT_EQ(entries[1].line, 6u);
  EXPECT_EQ(mbox_message(mbox, entries[1], storage), "Subject: 1\n\none\n");
  // The garbage is not a message: the caller gets parse_message's error for line 3.
  EXPECT_FALSE(parse_message(mbox_message(mbox, entries[0], storage)));
}

TEST(Mbox, BlankLinesBeforeTheFirstFromLineAreSkipped) {
  std::string mbox = "\n\r\n\nFrom a Mon Aug 31 10:00:00 2020\nSubject: 1\n";
  auto entries = split_mbox(mbox);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].from_line);
  EXPECT_EQ(entries[0].line, 4u);
  EXPECT_EQ(messages(mbox), std::vector<std::string>{"Subject: 1\n"});
}

TEST(Mbox, AFileWithoutFromLineIsOneEntry) {
  std::string eml = "Subject: 1\nFrom: a@x\n\nbody\n\n";
  auto entries = split_mbox(eml);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_FALSE(entries[0].from_line);
  EXPECT_EQ(entries[0].line, 1u);
  EXPECT_EQ(messages(eml), std::vector<std::string>{eml});
}

TEST(Mbox, LastMessageWithoutTrailingNewline) {
  std::string mbox = "From a Mon Aug 31 10:00:00 2020\nSubject: 1\n\none\n\nFrom b Mon Aug 31 10:00:00 2020\nSubject: 2\n\ntwo";
  EXPECT_EQ(messages(mbox), (std::vector<std::string>{"Subject: 1\n\none\n", "Subject: 2\n\ntwo"}));
}

TEST(Mbox, FromLineAtTheEndOfTheFile) {
  std::string mbox = "From a Mon Aug 31 10:00:00 2020\nSubject: 1\n\none\n\nFrom b Mon Aug 31 10:00:00 2020\n";
  auto entries = split_mbox(mbox);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].line, 6u);
  std::string storage;
  EXPECT_EQ(mbox_message(mbox, entries[1], storage), "");
  // Without its newline as well.
  std::string cut = mbox.substr(0, mbox.size() - 1);
  entries = split_mbox(cut);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].offset + entries[1].length, cut.size());
  EXPECT_EQ(mbox_message(cut, entries[1], storage), "");
  // The empty message is reported by the parser.
  EXPECT_FALSE(parse_message(mbox_message(cut, entries[1], storage)));
}

TEST(Mbox, AdjacentFromLines) {
  // "From b" follows an empty line: a separator, so the first message is empty.
  std::string mbox = "From a\n\nFrom b\nSubject: 2\n";
  EXPECT_EQ(messages(mbox), (std::vector<std::string>{"", "Subject: 2\n"}));
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 3}));
  // "From b" right after "From a" is the first message's text.
  EXPECT_EQ(messages("From a\nFrom b\n"), std::vector<std::string>{"From b\n"});
}

TEST(Mbox, EntriesCoverTheFileInOrder) {
  std::string mbox;
  for (int i = 0; i < 50; ++i)
    mbox += "From x@y Mon Aug 31 10:00:00 2020\nSubject: " + std::to_string(i) + "\n\n>From body " +
            std::to_string(i) + "\n\n";
  auto entries = split_mbox(mbox);
  ASSERT_EQ(entries.size(), 50u);
  std::string storage;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].line, 1 + 5 * i);
    if (i > 0) {
      EXPECT_EQ(entries[i - 1].offset + entries[i - 1].length + 1, entries[i].offset);
    }
    auto parsed = parse_message(mbox_message(mbox, entries[i], storage));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->subject, std::to_string(i));
    EXPECT_EQ(parsed->text, "From body " + std::to_string(i));
  }
}

}  // namespace
}  // namespace zwgk::mail
