#include "server/request_head.h"

#include <gtest/gtest.h>

namespace zwgk::server {
namespace {

int refused_with(std::string_view bytes, const HttpLimits& limits = {}) {
  auto verdict = read_request_head(bytes, limits);
  auto* refusal = std::get_if<Refusal>(&verdict);
  return refusal ? refusal->status : 0;
}

TEST(RequestHead, ACompleteHeadWithItsBodyLength) {
  auto verdict = read_request_head("POST /api/v1/login HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n{\"name\":\"\"}", {});
  auto* head = std::get_if<RequestHead>(&verdict);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->method, "POST");
  EXPECT_EQ(head->content_length, 12u);
  EXPECT_EQ(head->size, 60u);
  EXPECT_EQ(head->forwarded, "POST /api/v1/login HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n");
}

TEST(RequestHead, IncompleteUntilTheBlankLine) {
  EXPECT_TRUE(std::holds_alternative<HeadIncomplete>(read_request_head("GET / HTTP/1.1\r\nHost: a\r\n", {})));
  EXPECT_TRUE(std::holds_alternative<HeadIncomplete>(read_request_head("", {})));
}

TEST(RequestHead, RangesAreNotForwarded) {
  auto verdict = read_request_head("GET /x HTTP/1.1\r\nRange: bytes=0-,0-,0-\r\nIf-Range: x\r\nHost: a\r\n\r\n", {});
  ASSERT_TRUE(std::holds_alternative<RequestHead>(verdict));
  EXPECT_EQ(std::get<RequestHead>(verdict).forwarded, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
}

TEST(RequestHead, BodiesThatCannotBeBoundedAreRefused) {
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nHost: a\r\n\r\n"), 411);
  EXPECT_EQ(refused_with("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n"), 411);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), 411);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Encoding: gzip\r\n\r\n"), 415);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Encoding: BR\r\n\r\n"), 415);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Encoding: identity\r\n\r\n"), 0);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n"), 413);
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
}

TEST(RequestHead, AmbiguousHeadsAreRefused) {
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"), 0);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length: 5x\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\n folded\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("GET /\r\n\r\n"), 400);
  EXPECT_EQ(refused_with("GET / HTTP/2.0\r\n\r\n"), 505);
}

TEST(RequestHead, SizesAndCountsAreLimited) {
  HttpLimits limits;
  limits.max_header_fields = 3;
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits), 0);
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits), 431);
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n", limits), 431);  // not complete yet
  EXPECT_EQ(refused_with("GET /" + std::string(9000, 'a')), 414);
  EXPECT_EQ(refused_with("GET / HTTP/1.1\r\nX: " + std::string(9000, 'a')), 431);
  EXPECT_EQ(refused_with(std::string(k_max_head_bytes, 'a')), 414);
  std::string big = "GET / HTTP/1.1\r\n";
  while (big.size() < k_max_head_bytes) big += "X-A: " + std::string(1000, 'a') + "\r\n";
  EXPECT_EQ(refused_with(big + "\r\n"), 431);
}

} // namespace
} // namespace zwgk::server
