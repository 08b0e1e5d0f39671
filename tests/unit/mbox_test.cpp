// mail/mbox.h: separators (envelope lines), Content-Length, leading bytes,
// BOM, CRLF, mboxrd unquoting, the end of the file, line numbers, the
// message size limit and the bounded read window.
#include "mail/mbox.h"
#include "mail/message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace zwgk::mail {
namespace {

constexpr std::string_view k_env = "From a@x Mon Aug 31 10:00:00 2020\n";

std::vector<std::string> messages(std::string_view mbox) {
  std::vector<std::string> out;
  for (auto& m : split_mbox(mbox)) out.push_back(std::move(m.bytes));
  return out;
}

std::vector<std::size_t> lines(std::string_view mbox) {
  std::vector<std::size_t> out;
  for (const auto& m : split_mbox(mbox)) out.push_back(m.line);
  return out;
}

std::string env(std::string_view sender = "a@x") {
  return "From " + std::string(sender) + " Mon Aug 31 10:00:00 2020\n";
}

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

// ---- issue 14: the file is read a message at a time, in bounded memory

// Bytes made on demand: `count` messages of `body` lines, one of them
// (`huge_at`) with `huge_lines` lines, so a test reads hundreds of
// megabytes' worth of mbox that is never in memory as a whole.
class GeneratedMbox final : public ByteSource {
public:
  GeneratedMbox(std::size_t count, std::size_t lines, std::size_t huge_at, std::size_t huge_lines)
      : m_count(count), m_lines(lines), m_huge_at(huge_at), m_huge_lines(huge_lines) {}
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override {
    std::size_t n = 0;
    while (n < buffer.size()) {
      if (m_pending.empty() && !refill()) break;
      std::size_t take = std::min(buffer.size() - n, m_pending.size());
      std::copy_n(m_pending.data(), take, buffer.data() + n);
      m_pending.erase(0, take);
      n += take;
    }
    return n;
  }

private:
  bool refill() {
    if (m_message >= m_count) return false;
    const std::size_t lines = m_message == m_huge_at ? m_huge_lines : m_lines;
    if (m_line == 0) m_pending = env() + "Subject: " + std::to_string(m_message) + "\n\n";
    m_pending += std::string(76, 'A' + static_cast<char>(m_message % 26)) + "\n";
    if (++m_line >= lines) {
      m_pending += "\n";
      m_line = 0;
      ++m_message;
    }
    return true;
  }
  std::size_t m_count, m_lines, m_huge_at, m_huge_lines;
  std::size_t m_message = 0, m_line = 0;
  std::string m_pending;
};

TEST(Mbox, Issue14_MessageLargerThanTheLimitIsReportedAndSkipped) {
  std::string mbox = env() + "Subject: 1\n\none\n\n" + env("b@x") + "Subject: 2\n\n" + std::string(3000, 'x') + "\n\n" +
                     env("c@x") + "Subject: 3\n\n" + std::string(5000, 'y') /* one long line, no newline */;
  auto all = split_mbox(mbox, 1000);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_FALSE(all[0].too_large);
  EXPECT_TRUE(all[1].too_large);
  EXPECT_TRUE(all[1].bytes.empty());
  EXPECT_EQ(all[1].line, 6u);
  EXPECT_EQ(all[1].size, env("b@x").size() + 12 + 3000 + 2);
  EXPECT_TRUE(all[2].too_large);
  EXPECT_EQ(all[2].line, 11u);
  EXPECT_EQ(split_mbox(mbox, mbox.size()).size(), 3u);
  EXPECT_FALSE(split_mbox(mbox, mbox.size())[2].too_large);
}

// Found by mbox_fuzzer (issue 12's 10-minute run): a message that is only a
// "From " line longer than the limit was not marked too large.
TEST(Mbox, Issue12_MessageOfOnlyAnOverlongFromLineIsTooLarge) {
  std::string mbox = "\n\nFrom a@x.cn Mon Aug 31 10:00:00 2020 " + std::string(200, 'z');
  for (std::size_t chunk : {1u, 7u, 64u << 10}) {
    MemorySource source(mbox);
    MboxReader reader(source, 100, chunk);
    auto next = reader.next();
    ASSERT_TRUE(next && *next);
    EXPECT_GT((*next)->size, 100u);
    EXPECT_TRUE((*next)->too_large) << chunk;
    EXPECT_TRUE((*next)->bytes.empty());
  }
  auto all = split_mbox(mbox, 100);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].too_large);
  EXPECT_FALSE(split_mbox(mbox)[0].too_large);
}

TEST(Mbox, Issue14_MemoryStaysBoundedWhateverTheFileSize) {
  // 200 messages of 8 KB and one of 24 MB (over a 1 MB limit): the reader's
  // window never grows with the file or with the huge message.
  GeneratedMbox source(201, 100, 150, 24 * 13'800);
  MboxReader reader(source, 1u << 20);
  std::size_t count = 0, too_large = 0;
  std::uint64_t total = 0;
  for (;;) {
    auto next = reader.next();
    ASSERT_TRUE(next);
    if (!*next) break;
    ++count;
    total += (*next)->size;
    if ((*next)->too_large) {
      ++too_large;
      EXPECT_EQ((*next)->line, 1 + 150 * 104u);
    } else {
      EXPECT_EQ((*next)->bytes.size(), 11 + std::to_string(count - 1).size() + 100 * 77);
    }
  }
  EXPECT_EQ(count, 201u);
  EXPECT_EQ(too_large, 1u);
  EXPECT_GT(total, 24u << 20);
  EXPECT_LE(reader.peak_window(), 4 * k_mbox_read_chunk);
}

TEST(Mbox, Issue14_ReadSizesDoNotChangeTheResult) {
  std::string mbox = "\xEF\xBB\xBF\n" + env() + "Subject: 1\n\n>From x\n\nFrom now on\n" + env("b@x") +
                     "Subject: 2\r\nContent-Length: 34\r\n\r\nFrom c@x Mon Aug 31 10:00:00 2020\n\r\n" + env("d@x") +
                     std::string(3000, 'z') + "\n" + env("e@x") + "Subject: 5";
  auto want = split_mbox(mbox);
  ASSERT_EQ(want.size(), 4u);
  for (std::size_t chunk : {1, 2, 3, 5, 7, 64, 1000, 4096}) {
    MemorySource source(mbox);
    MboxReader reader(source, k_max_message_bytes, chunk);
    for (const auto& w : want) {
      auto got = reader.next();
      ASSERT_TRUE(got && *got) << chunk;
      EXPECT_EQ((*got)->bytes, w.bytes) << chunk;
      EXPECT_EQ((*got)->line, w.line) << chunk;
      EXPECT_EQ((*got)->size, w.size) << chunk;
      EXPECT_EQ((*got)->by_content_length, w.by_content_length) << chunk;
      EXPECT_EQ((*got)->unquoted_from_line, w.unquoted_from_line) << chunk;
    }
    auto end = reader.next();
    ASSERT_TRUE(end);
    EXPECT_FALSE(*end);
  }
}

class FailingSource final : public ByteSource {
public:
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override {
    if (m_calls++ > 0) return std::unexpected(std::string("读取“x”失败"));
    std::string first = env() + "Subject: 1\n\none\n";
    std::copy_n(first.data(), std::min(first.size(), buffer.size()), buffer.data());
    return std::min(first.size(), buffer.size());
  }

private:
  int m_calls = 0;
};

TEST(Mbox, ASourceErrorIsReturned) {
  FailingSource source;
  MboxReader reader(source);
  auto next = reader.next();
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error(), "读取“x”失败");
}

}  // namespace
}  // namespace zwgk::mail
