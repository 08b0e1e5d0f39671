// mail/mbox.h: separators (envelope lines), Content-Length, leading bytes,
// BOM, CRLF, mboxrd unquoting, the end of the file, line numbers, the
// message size limit (reading in bounded memory: mbox_stream_test.cpp).
#include "mail/message.h"
#include "mbox_helpers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace zwgk::mail {
namespace {

using test::env;
using test::k_env;
using test::lines;
using test::messages;

TEST(Mbox, EmptyFileHasNoMessages) {
  EXPECT_TRUE(split_mbox("").empty());
  EXPECT_TRUE(split_mbox("\n\n").empty());
  EXPECT_TRUE(split_mbox(" \r\n\t\n").empty());
  EXPECT_TRUE(split_mbox("\xEF\xBB\xBF\n").empty());
}

TEST(Mbox, OneMessage) {
  std::string mbox = env() + "Subject: s\n\nbody\n";
  auto all = split_mbox(mbox);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].line, 1u);
  EXPECT_TRUE(all[0].from_line);
  EXPECT_EQ(all[0].size, mbox.size());
  EXPECT_FALSE(all[0].too_large);
  EXPECT_EQ(all[0].bytes, "Subject: s\n\nbody\n");
}

TEST(Mbox, ManyMessagesWithoutTheFramingEmptyLine) {
  std::string mbox = env("a@x") + "Subject: 1\n\none\n\n" + env("b@x") + "Subject: 2\n\ntwo\n\n\n" +  // a blank line of its own
                     env("c@x") + "Subject: 3\n\nthree\n\n";
  EXPECT_EQ(messages(mbox), (std::vector<std::string>{"Subject: 1\n\none\n", "Subject: 2\n\ntwo\n\n",
                                                      "Subject: 3\n\nthree\n"}));
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 6, 12}));
}

TEST(Mbox, Crlf) {
  std::string mbox =
      "From a@x Mon Aug 31 10:00:00 2020\r\nSubject: 1\r\n\r\none\r\n\r\n"
      "From b@x Mon Aug 31 10:00:00 2020\r\nSubject: 2\r\n\r\n>From here\r\n\r\n";
  EXPECT_EQ(messages(mbox), (std::vector<std::string>{"Subject: 1\r\n\r\none\r\n", "Subject: 2\r\n\r\nFrom here\r\n"}));
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 6}));
}

TEST(Mbox, FromLinesThatAreNotEnvelopeLinesAreText) {
  std::string mbox = env() + "Subject: 1\n\nline\nFrom the office\nFrom: x\n\nFrom: not a separator either\n\n" + env("b@x") +
                     "Subject: 2\n\ntwo\n";
  auto m = messages(mbox);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], "Subject: 1\n\nline\nFrom the office\nFrom: x\n\nFrom: not a separator either\n");
  EXPECT_EQ(m[1], "Subject: 2\n\ntwo\n");
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 10}));
}

TEST(Mbox, MboxrdQuotingUndoneByOneLevel) {
  std::string mbox = env() +
                     "Subject: 1\n\n>From the start\n\n>>From quoted\n"
                     "a >From in a line\n>>>From deep\n> From with a space\n>From";  // the last: no space, no newline
  auto m = messages(mbox);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0],
            "Subject: 1\n\nFrom the start\n\n>From quoted\na >From in a line\n>>From deep\n"
            "> From with a space\n>From");
}

TEST(Mbox, QuotedFromAtTheVeryStartOfTheMessage) {
  EXPECT_EQ(messages(env() + ">From x\nSubject: 1\n"), std::vector<std::string>{"From x\nSubject: 1\n"});
}

TEST(Mbox, LeadingGarbageIsReturnedAsAMessageWithoutFromLine) {
  std::string mbox = "\n\ngarbage line\nmore\n\n" + env() + "Subject: 1\n\none\n";
  auto all = split_mbox(mbox);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].from_line);
  EXPECT_EQ(all[0].line, 3u);
  EXPECT_EQ(all[0].bytes, "garbage line\nmore\n");
  EXPECT_TRUE(all[1].from_line);
  EXPECT_EQ(all[1].line, 6u);
  EXPECT_EQ(all[1].bytes, "Subject: 1\n\none\n");
  // The garbage is not a message: the caller gets parse_message's error for line 3.
  EXPECT_FALSE(parse_message(all[0].bytes));
}

TEST(Mbox, BlankLinesBeforeTheFirstFromLineAreSkipped) {
  std::string mbox = "\n\r\n\n" + env() + "Subject: 1\n";
  auto all = split_mbox(mbox);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].from_line);
  EXPECT_EQ(all[0].line, 4u);
  EXPECT_EQ(all[0].bytes, "Subject: 1\n");
}

TEST(Mbox, AFileWithoutFromLineIsOneMessage) {
  std::string eml = "Subject: 1\nFrom: a@x\n\nbody\nFrom here on\n";
  auto all = split_mbox(eml);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].from_line);
  EXPECT_EQ(all[0].line, 1u);
  EXPECT_EQ(all[0].bytes, eml);
}

TEST(Mbox, LastMessageWithoutTrailingNewline) {
  EXPECT_EQ(messages(env() + "Subject: 1\n\none\n\n" + env("b@x") + "Subject: 2\n\ntwo"),
            (std::vector<std::string>{"Subject: 1\n\none\n", "Subject: 2\n\ntwo"}));
}

TEST(Mbox, FromLineAtTheEndOfTheFile) {
  std::string mbox = env() + "Subject: 1\n\none\n\n" + env("b@x");
  auto all = split_mbox(mbox);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].line, 6u);
  EXPECT_EQ(all[1].bytes, "");
  // Without its newline as well; the empty message is reported by the parser.
  all = split_mbox(mbox.substr(0, mbox.size() - 1));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].bytes, "");
  EXPECT_FALSE(parse_message(all[1].bytes));
}

TEST(Mbox, AdjacentFromLines) {
  // An envelope line after an empty line: the first message is empty.
  EXPECT_EQ(messages("From a@x\n\nFrom b@x\nSubject: 2\n"), (std::vector<std::string>{"", "Subject: 2\n"}));
  EXPECT_EQ(lines("From a@x\n\nFrom b@x\nSubject: 2\n"), (std::vector<std::size_t>{1, 3}));
  // Right after the first "From " line, too: envelope lines need no empty line before them.
  EXPECT_EQ(messages("From a@x\nFrom b@x\n"), (std::vector<std::string>{"", ""}));
  // A "From " line that is not an envelope line is the first message's text.
  EXPECT_EQ(messages("From a\nFrom b\n"), std::vector<std::string>{"From b\n"});
}

TEST(Mbox, MessagesInOrderWithTheirLines) {
  std::string mbox;
  for (int i = 0; i < 50; ++i)
    mbox += env() + "Subject: " + std::to_string(i) + "\n\n>From body " + std::to_string(i) + "\n\n";
  auto all = split_mbox(mbox);
  ASSERT_EQ(all.size(), 50u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].line, 1 + 5 * i);
    auto parsed = parse_message(all[i].bytes);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->subject, std::to_string(i));
    EXPECT_EQ(parsed->text, "From body " + std::to_string(i));
  }
}

// ---- issue 12: messages merged when no empty line precedes a "From " line

TEST(Mbox, Issue12_EnvelopeLineWithoutEmptyLineBeforeStartsAMessage) {
  std::string mbox = env("a@x") + "Subject: 1\n\none\n" + env("b@x") + "Subject: 2\n\ntwo\n" +
                     "From - Mon Aug 31 11:00:00 2020\r\nSubject: 3\r\n\r\nthree\r\n";
  EXPECT_EQ(messages(mbox), (std::vector<std::string>{"Subject: 1\n\none\n", "Subject: 2\n\ntwo\n",
                                                      "Subject: 3\r\n\r\nthree\r\n"}));
  EXPECT_EQ(lines(mbox), (std::vector<std::size_t>{1, 5, 9}));
}

TEST(Mbox, Issue12_EnvelopeLineShapes) {
  for (std::string_view line : {
           "From a@x Mon Aug 31 10:00:00 2020",              // ctime
           "From a@x  Mon Aug  3 10:00:00 2020",             // padded day
           "From a@x Mon Aug 31 10:00 2020",                 // without seconds
           "From a@x Mon Aug 31 10:00:00 +0800 2020",        // a zone (Gmail)
           "From a@x Mon, 31 Aug 2020 10:00:00 +0800",       // RFC 5322
           "From - Mon Jun  3 12:50:27 1996",                // Netscape, Thunderbird
           "From MAILER-DAEMON Mon Aug 31 10:00:00 2020",    // Python's mailbox
           "From  Mon Aug 31 10:00:00 2020",                 // no sender
           "From a@x Mon August 31 10:00:00 2020",           // a full month name
           "From -", "From - ", "From 1844347792267117879@xxx", "From MAILER-DAEMON",  // a sender alone
       })
    EXPECT_TRUE(is_envelope_line(line)) << line;
  for (std::string_view line : {
           "From", "From ", "From:", "From: a@x Mon Aug 31 10:00:00 2020", ">From a@x Mon Aug 31 10:00:00 2020",
           " From a@x Mon Aug 31 10:00:00 2020", "from a@x Mon Aug 31 10:00:00 2020",
           "From here on, we meet at 10:00 in 2020",      // no month
           "From Russia with love", "From now on，本局每月公开", "From Beijing", "From 8月1日起",
           "From a@x Mon Aug 31 2020",                    // no time
           "From a@x Mon Aug 31 10:00:00",                // no year
           "From a@x Mon Xyz 31 10:00:00 2020",           // no month
       })
    EXPECT_FALSE(is_envelope_line(line)) << line;
  std::string long_line = "From a@x Mon Aug 31 10:00:00 2020 " + std::string(k_max_envelope_line, 'x');
  EXPECT_FALSE(is_envelope_line(long_line));
}

TEST(Mbox, Issue12_UnquotedBodyFromLineStaysTextAndIsNoted) {
  // mboxo written carelessly: "From now on…" after an empty line, not quoted.
  std::string mbox = env() + "Subject: 1\n\nfirst\n\nFrom now on, the office publishes it in English.\nFrom the top\n" +
                     env("b@x") + "Subject: 2\n\ntwo\n";
  auto all = split_mbox(mbox);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].bytes, "Subject: 1\n\nfirst\n\nFrom now on, the office publishes it in English.\nFrom the top\n");
  EXPECT_EQ(all[0].unquoted_from_line, 6u);
  EXPECT_EQ(all[1].unquoted_from_line, 0u);
  // Not after an empty line, or in the headers: not noted.
  EXPECT_EQ(split_mbox(env() + "Subject: 1\n\nfirst\nFrom the top\n")[0].unquoted_from_line, 0u);
}

std::string with_body(std::string_view headers, std::string_view body, bool count = true, long adjust = 0) {
  std::string out(headers);
  if (count) out += "Content-Length: " + std::to_string(static_cast<long>(body.size()) + adjust) + "\n";
  return out + "\n" + std::string(body);
}

TEST(Mbox, Issue12_ContentLengthEndsTheMessage) {
  // A body line shaped like an envelope line, inside the counted bytes: not a separator.
  const std::string body1 = "forwarded:\n\nFrom b@x Mon Aug 24 09:00:00 2020\nold text\n";
  const std::string body2 = "two\n";
  std::string mbox = "From - Mon Aug 31 10:00:00 2020\n" + with_body("Subject: 1\n", body1) + "\n" +
                     "From - Mon Aug 31 11:00:00 2020\n" + with_body("Subject: 2\n", body2);
  auto all = split_mbox(mbox);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].by_content_length);
  EXPECT_EQ(all[0].bytes, "Subject: 1\nContent-Length: " + std::to_string(body1.size()) + "\n\n" + body1);
  EXPECT_EQ(all[0].unquoted_from_line, 0u);
  EXPECT_TRUE(all[1].by_content_length);  // ends exactly at the end of the file
  EXPECT_EQ(all[1].bytes, "Subject: 2\nContent-Length: 4\n\ntwo\n");
  EXPECT_EQ(all[1].line, 10u);
  // Without the empty line before the next "From " line, and with CRLF.
  std::string crlf = "From - Mon Aug 31 10:00:00 2020\r\nSubject: 1\r\nContent-Length: 8\r\n\r\nFrom x\r\n\r\n"
                     "From - Mon Aug 31 11:00:00 2020\r\nSubject: 2\r\n\r\ntwo\r\n";
  auto dos = split_mbox(crlf);
  ASSERT_EQ(dos.size(), 2u);
  EXPECT_EQ(dos[0].bytes, "Subject: 1\r\nContent-Length: 8\r\n\r\nFrom x\r\n");
  EXPECT_EQ(dos[1].line, 7u);
}

TEST(Mbox, Issue12_WrongContentLengthIsIgnored) {
  const std::string body = "one\n\nFrom b@x Mon Aug 24 09:00:00 2020\nSubject: 2\n\ntwo\n";
  for (long adjust : {-10L, -1L, 1L, 5L, 1000L}) {
    std::string mbox = "From - Mon Aug 31 10:00:00 2020\n" + with_body("Subject: 1\n", body, true, adjust);
    auto all = split_mbox(mbox);
    ASSERT_EQ(all.size(), 2u) << adjust;
    EXPECT_FALSE(all[0].by_content_length);
    EXPECT_EQ(all[1].bytes, "Subject: 2\n\ntwo\n");
  }
  // A count larger than the message limit is not looked ahead for.
  std::string big = "From - Mon Aug 31 10:00:00 2020\nContent-Length: 99999999999\n\nx\n" + env("b@x") + "Subject: 2\n";
  EXPECT_EQ(split_mbox(big, 1000).size(), 2u);
}

// ---- issue 13: a BOM or a blank line before the first "From " line

TEST(Mbox, Issue13_BomOrBlankLinesBeforeTheFirstFromLine) {
  std::string three = env("a@x") + "Subject: 1\n\n" + env("b@x") + "Subject: 2\n\n" + env("c@x") + "Subject: 3\n";
  for (std::string prefix : {"", "\xEF\xBB\xBF", "\n", "\r\n", "\xEF\xBB\xBF\n \n"}) {
    EXPECT_TRUE(looks_like_mbox(prefix + three)) << prefix.size();
    auto all = split_mbox(prefix + three);
    ASSERT_EQ(all.size(), 3u) << prefix.size();
    EXPECT_TRUE(all[0].from_line);
    EXPECT_EQ(all[0].bytes, "Subject: 1\n");
  }
  EXPECT_FALSE(looks_like_mbox("Subject: 1\n\n" + three));
  EXPECT_FALSE(looks_like_mbox("\xEF\xBB\xBFSubject: 1\n"));
  EXPECT_FALSE(looks_like_mbox(""));
  EXPECT_FALSE(looks_like_mbox("From:a@x\n"));
}

TEST(Mbox, Issue13_EnvelopeLinesInsideOneMessage) {
  std::string eml = env("a@x") + "Subject: 1\n\nFrom the office\n" + env("b@x") + "Subject: 2\n\n" + env("c@x");
  EXPECT_EQ(envelope_lines(eml, 10), (std::vector<std::size_t>{5, 8}));
  EXPECT_EQ(envelope_lines(eml, 1), (std::vector<std::size_t>{5}));
  EXPECT_TRUE(envelope_lines("Subject: 1\n\nFrom the office\n>From a@x Mon Aug 31 10:00:00 2020\n", 10).empty());
}

}  // namespace
}  // namespace zwgk::mail
