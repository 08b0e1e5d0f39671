// Issue 19: the replay memo (server/replay.h) answers only under the stamp, within the
// freshness and session its answer was kept with, and stays bounded.
#include "server/replay.h"

#include <gtest/gtest.h>

namespace zwgk::server {
namespace {

using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

ReplayNotes notes_of(Steady::time_point now, std::int64_t session_expires_at) {
  begin_replay_notes(now);
  permit_replay(session_expires_at);
  return end_replay_notes();
}

TEST(ReplayMemo, AnswersOnlyUnderItsStampFreshnessAndSession) {
  ReplayMemo memo;
  const auto now = Steady::now();
  const ReplayStamp stamp{7, 2};
  const std::string key = ReplayMemo::key("127.0.0.1", "127.0.0.1", "GET /a HTTP/1.1\r\n\r\n");
  memo.keep(key, "HTTP/1.1 200 OK\r\n\r\n", stamp, notes_of(now, 1000));
  ASSERT_TRUE(memo.find(key, stamp, now, 999));
  EXPECT_EQ(*memo.find(key, stamp, now, 999), "HTTP/1.1 200 OK\r\n\r\n");
  EXPECT_FALSE(memo.find(key, {8, 2}, now, 999)) << "the database changed";
  EXPECT_FALSE(memo.find(key, {7, 3}, now, 999)) << "the workspace changed";
  EXPECT_FALSE(memo.find(key, stamp, now, 1000)) << "the session expired";
  EXPECT_FALSE(memo.find(key, stamp, now + k_replay_lifetime, 999)) << "no longer than the lifetime";
  EXPECT_FALSE(memo.find(ReplayMemo::key("127.0.0.1", "10.0.0.9", "GET /a HTTP/1.1\r\n\r\n"), stamp, now, 999))
      << "another client";
}

TEST(ReplayMemo, ACacheDueForItsLookEndsTheAnswerSooner) {
  ReplayMemo memo;
  const auto now = Steady::now();
  begin_replay_notes(now);
  permit_replay(1000);
  note_fresh_until(now + 300ms);
  note_fresh_until(now + 600ms);
  const ReplayNotes notes = end_replay_notes();
  EXPECT_TRUE(notes.permitted);
  EXPECT_EQ(notes.fresh_until, now + 300ms);
  memo.keep("k", "x", {1, 1}, notes);
  EXPECT_TRUE(memo.find("k", {1, 1}, now + 299ms, 0));
  EXPECT_FALSE(memo.find("k", {1, 1}, now + 300ms, 0));
}

TEST(ReplayMemo, NotesEndWithTheirRequest) {
  begin_replay_notes(Steady::now());
  permit_replay(5);
  (void)end_replay_notes();
  begin_replay_notes(Steady::now());
  EXPECT_FALSE(end_replay_notes().permitted) << "a permit does not carry over to the next request";
}

TEST(ReplayMemo, StaysBounded) {
  ReplayMemo memo;
  const auto now = Steady::now();
  const auto notes = notes_of(now, 1000);
  memo.keep("big", std::string(k_max_replay_bytes + 1, 'x'), {1, 1}, notes);
  EXPECT_FALSE(memo.find("big", {1, 1}, now, 0)) << "an answer over the size limit is not kept";
  for (std::size_t i = 0; i <= k_max_replays; ++i) memo.keep("k" + std::to_string(i), "x", {1, 1}, notes);
  std::size_t kept = 0;
  for (std::size_t i = 0; i <= k_max_replays; ++i) kept += memo.find("k" + std::to_string(i), {1, 1}, now, 0) != nullptr;
  EXPECT_LE(kept, k_max_replays);
  EXPECT_TRUE(memo.find("k" + std::to_string(k_max_replays), {1, 1}, now, 0)) << "the newest is kept";
}

} // namespace
} // namespace zwgk::server
