// The IMAP client's protocol pieces against hand-made and hostile server bytes
// (ImapProtocol): mailbox names, quoting, dates, UID sets, FETCH parsing and the
// response splitter's bounds. fetch() against a real Dovecot is imap_test.cpp.
#include "imap/protocol.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace zwgk::imap {
namespace {

using ::testing::HasSubstr;

TEST(ImapProtocol, MailboxNamesInModifiedUtf7) {
  EXPECT_EQ(encode_mailbox_name("INBOX"), "INBOX");
  EXPECT_EQ(encode_mailbox_name("已发送"), "&XfJT0ZAB-");
  EXPECT_EQ(encode_mailbox_name("投稿"), "&YpV6Pw-");
  EXPECT_EQ(encode_mailbox_name("Sent Items"), "Sent Items");
  EXPECT_EQ(encode_mailbox_name("A&B"), "A&-B");
  EXPECT_EQ(encode_mailbox_name("投稿/2020 年"), "&YpV6Pw-/2020 &XnQ-");
  EXPECT_EQ(encode_mailbox_name("\xff\xfe"), std::nullopt);
  EXPECT_EQ(decode_mailbox_name("&XfJT0ZAB-"), "已发送");
  EXPECT_EQ(decode_mailbox_name("A&-B"), "A&B");
  EXPECT_EQ(decode_mailbox_name("&\xff-"), std::nullopt);
}

TEST(ImapProtocol, QuoteEscapesBackslashAndQuote) {
  EXPECT_EQ(quote("Sent Items"), "\"Sent Items\"");
  EXPECT_EQ(quote(R"(a"b\c)"), R"("a\"b\\c")");
}

TEST(ImapProtocol, SearchDate) {
  EXPECT_EQ(search_date({2020, 9, 1}), "1-Sep-2020");
  EXPECT_EQ(search_date({2020, 12, 31}), "31-Dec-2020");
}

TEST(ImapProtocol, InternalDateConvertedToCst) {
  EXPECT_EQ(parse_internal_date("31-Aug-2020 23:30:00 +0800"), (DateTime{{2020, 8, 31}, 23 * 60 + 30}));
  EXPECT_EQ(parse_internal_date("31-Aug-2020 16:30:59 +0000"), (DateTime{{2020, 9, 1}, 30}));
  EXPECT_EQ(parse_internal_date(" 1-Sep-2020 00:10:00 -0430"), (DateTime{{2020, 9, 1}, 12 * 60 + 40}));
  EXPECT_EQ(parse_internal_date("31-dec-2020 20:00:00 +0000"), (DateTime{{2021, 1, 1}, 4 * 60}));
  EXPECT_EQ(parse_internal_date("1-Jan-1970 00:00:00 +0900"), (DateTime{{1969, 12, 31}, 23 * 60}));
  for (std::string_view bad : {"", "31-Aug-2020", "31-Aug-2020 23:30:00", "31-Foo-2020 23:30:00 +0800",
                               "30-Feb-2020 10:00:00 +0800", "31-Aug-2020 24:00:00 +0800",
                               "31-Aug-2020 23:30:00 +08", "31-Aug-2020 23:30:00 +0800x", "99999999999-Aug-2020"})
    EXPECT_EQ(parse_internal_date(bad), std::nullopt) << bad;
}

TEST(ImapProtocol, UidSetsAreRangesWithinALength) {
  EXPECT_THAT(uid_sets({}), ::testing::IsEmpty());
  EXPECT_THAT(uid_sets({1, 2, 3, 5, 7, 8, 4294967295u}), ::testing::ElementsAre("1:3,5,7:8,4294967295"));
  std::vector<std::uint32_t> sparse;
  for (std::uint32_t i = 1; i <= 2000; i += 2) sparse.push_back(i);
  auto sets = uid_sets(sparse, 100);
  std::size_t count = 0;
  for (const auto& set : sets) {
    EXPECT_LE(set.size(), 100u);
    count += static_cast<std::size_t>(std::count(set.begin(), set.end(), ',')) + 1;
  }
  EXPECT_EQ(count, sparse.size());
}

TEST(ImapProtocol, ParsesFetchWithLiteralAndSection) {
  std::string body = "From: a\r\n* 3 FETCH (FLAGS)\r\nZ4 OK done\r\n";
  std::string response = "5 FETCH (UID 12 INTERNALDATE \"31-Aug-2020 16:30:00 +0000\" "
                          "BODY[HEADER.FIELDS (DATE FROM)] {" +
                          std::to_string(body.size()) + "}\r\n" + body + " FLAGS (\\Seen $x))";
  auto values = parse_values(response);
  ASSERT_TRUE(values) << values.error();
  ASSERT_EQ(values->size(), 3u);
  EXPECT_EQ((*values)[0].number(), 5u);
  EXPECT_TRUE((*values)[1].is_atom("fetch"));
  const auto& items = (*values)[2].items;
  ASSERT_EQ(items.size(), 8u);
  EXPECT_EQ(items[1].number(), 12u);
  EXPECT_EQ(items[3].text, "31-Aug-2020 16:30:00 +0000");
  EXPECT_EQ(items[4].text, "BODY[HEADER.FIELDS (DATE FROM)]");
  EXPECT_EQ(items[5].kind, Value::Kind::String);
  EXPECT_EQ(items[5].text, body);
  EXPECT_EQ(items[7].items.size(), 2u);
}

TEST(ImapProtocol, QuotedStringsAndNumbers) {
  auto values = parse_values(R"(LIST (\HasNoChildren) "." "a \"b\" \\c" NIL 4294967296)");
  ASSERT_TRUE(values) << values.error();
  ASSERT_EQ(values->size(), 6u);
  EXPECT_EQ((*values)[3].text, R"(a "b" \c)");
  EXPECT_TRUE((*values)[4].is_atom("nil"));
  EXPECT_EQ((*values)[5].number(), std::nullopt);  // past 2^32-1
}

TEST(ImapProtocol, MalformedValuesAreErrors) {
  for (std::string_view bad : {"(", "(a (b)", ")", "\"open", "\"esc\\", "{5}\r\nabc", "{x}\r\n", "{3}abc",
                               "{99999999999999}\r\n", "BODY[unclosed", "~{2}\r\n"})
    EXPECT_FALSE(parse_values(bad)) << bad;
  std::string deep(1000, '(');
  auto nested = parse_values(deep + std::string(1000, ')'));
  ASSERT_FALSE(nested);
  EXPECT_THAT(nested.error(), HasSubstr("嵌套"));
}

std::vector<std::string> split_all(ResponseSplitter& splitter) {
  std::vector<std::string> out;
  for (;;) {
    auto next = splitter.next();
    EXPECT_TRUE(next) << next.error();
    if (!next || !*next) return out;
    out.push_back(std::move(**next));
  }
}

TEST(ImapProtocol, SplitterKeepsLiteralsWhole) {
  // The literal holds lines that look like responses and a bare LF; it is
  // delivered whole even when the bytes arrive one at a time.
  std::string literal = "* 9 EXISTS\r\nZ2 OK fake\r\nbare\nline {5}\r\n";
  std::string stream = "* OK [UIDVALIDITY 7] ok\r\n* 1 FETCH (BODY[] {" + std::to_string(literal.size()) + "}\r\n" +
                       literal + " UID 3)\r\nZ2 OK done\n";
  for (std::size_t chunk : {stream.size(), std::size_t{1}, std::size_t{7}}) {
    ResponseSplitter splitter(1000, 1000);
    std::vector<std::string> responses;
    for (std::size_t i = 0; i < stream.size(); i += chunk) {
      splitter.append(std::string_view(stream).substr(i, chunk));
      for (auto& r : split_all(splitter)) responses.push_back(std::move(r));
    }
    ASSERT_EQ(responses.size(), 3u) << chunk;
    EXPECT_EQ(responses[0], "* OK [UIDVALIDITY 7] ok");
    EXPECT_EQ(responses[1], "* 1 FETCH (BODY[] {" + std::to_string(literal.size()) + "}\r\n" + literal + " UID 3)");
    EXPECT_EQ(responses[2], "Z2 OK done");
  }
}

TEST(ImapProtocol, SplitterManyResponsesInOneChunk) {
  // 200 KB of short responses at once, the last one cut in two: the buffer
  // is compacted on the way without losing or reordering anything.
  ResponseSplitter splitter(1000, 1000);
  std::string chunk;
  for (int i = 1; i <= 8000; ++i) chunk += "* " + std::to_string(i) + " FETCH (UID " + std::to_string(i) + ")\r\n";
  chunk += "* 8001 FETCH (BODY[] {4}\r\nab";
  splitter.append(chunk);
  auto responses = split_all(splitter);
  ASSERT_EQ(responses.size(), 8000u);
  EXPECT_EQ(responses.front(), "* 1 FETCH (UID 1)");
  EXPECT_EQ(responses[4999], "* 5000 FETCH (UID 5000)");
  EXPECT_EQ(responses.back(), "* 8000 FETCH (UID 8000)");
  splitter.append("\r\n)\r\nZ9 OK\r\n");
  EXPECT_THAT(split_all(splitter), ::testing::ElementsAre("* 8001 FETCH (BODY[] {4}\r\nab\r\n)", "Z9 OK"));
}

TEST(ImapProtocol, SplitterBoundsLinesAndLiterals) {
  {
    ResponseSplitter splitter(100, 1000);
    splitter.append(std::string(101, 'x'));
    auto next = splitter.next();
    ASSERT_FALSE(next);
    EXPECT_THAT(next.error(), HasSubstr("100"));
  }
  {
    ResponseSplitter splitter(100, 1000);
    splitter.append("* 1 FETCH (BODY[] {1001}\r\n");
    auto next = splitter.next();
    ASSERT_FALSE(next);
    EXPECT_THAT(next.error(), HasSubstr("1001"));
  }
  {
    ResponseSplitter splitter(100, 1000);
    splitter.append("* 1 FETCH (BODY[] {99999999999999999999}\r\n");
    EXPECT_FALSE(splitter.next());
  }
  {  // many literals in one response
    ResponseSplitter splitter(100, 1000);
    std::string many = "* X";
    for (int i = 0; i < 5; ++i) many += " {900}\r\n" + std::string(900, 'a');
    splitter.append(many);
    bool failed = false;
    for (int i = 0; i < 10 && !failed; ++i) {
      auto next = splitter.next();
      failed = !next;
      if (next && !*next) break;
    }
    EXPECT_TRUE(failed);
  }
}

TEST(ImapProtocol, HostileBytesNeverCrash) {
  // Random pieces of IMAP syntax: every outcome is a value or an error.
  const std::vector<std::string> pieces = {"* ", "(", ")", "{", "}", "{3}\r\n", "{0}\r\n", "\"", "\\", " ", "\r\n",
                                           "\n", "[", "]", "UID", "12", "BODY[]", "~{2}", "+", "NIL", "\xff"};
  std::mt19937 rng(5);
  for (int round = 0; round < 3000; ++round) {
    std::string stream;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) stream += pieces[rng() % pieces.size()];
    ResponseSplitter splitter(64, 64);
    splitter.append(stream);
    for (int i = 0; i < 100; ++i) {
      auto next = splitter.next();
      if (!next || !*next) break;
      auto values = parse_values(**next);
      (void)values;
    }
    (void)parse_values(stream);
    (void)parse_internal_date(stream);
    (void)decode_mailbox_name(stream);
  }
}

} // namespace
} // namespace zwgk::imap
