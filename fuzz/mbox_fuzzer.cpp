// libFuzzer target: an mbox file, as exported by a mail client or uploaded
// to 投稿审核.
//
// The input is the file's bytes. split_mbox() cuts it into messages; the
// streaming MboxReader must give the same messages whatever its read size
// and, with a small size limit, report the large ones instead of holding
// them. The same bytes, saved as 收件箱.mbox, are then read by
// mailbox::read_source() as `zwgk mail import` and the upload route read a
// file, which decides whether it is an mbox at all and hands each message
// on. The messages themselves are not parsed here (message_fuzzer does).
//
// Invariants: messages come in file order (strictly growing lines); only the
// first may lack a "From " line; their sizes add up to at most the file's;
// a message's bytes are never more than its size, and empty when it is too
// large; reading in chunks of any size gives the same messages;
// read_source() hands on no more bytes than the file holds, with a UTF-8
// origin for each message, and any error is Chinese.
#include "harness.h"
#include "targets.h"

#include "mail/mbox.h"
#include "mailbox/sources.h"

#include <algorithm>
#include <cstdint>

namespace zwgk::fuzz {
namespace {

void check_messages(std::string_view input, const std::vector<mail::MboxMessage>& messages, std::size_t max) {
  std::uint64_t total = 0;
  std::size_t last_line = 0;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    touch(m.bytes);
    require(m.line > last_line, "mbox messages out of order");
    last_line = m.line;
    require(m.from_line || i == 0, "a message after the first without a From line");
    require(m.bytes.size() <= m.size, "mbox message longer than its size in the file");
    require(!m.too_large || m.bytes.empty(), "a message over the limit still holds its bytes");
    require(m.too_large == (m.size > max), "too_large does not match the size and the limit");
    total += m.size;
  }
  require(total <= input.size(), "mbox messages hold more bytes than the file");
}

bool same(const mail::MboxMessage& a, const mail::MboxMessage& b) {
  return a.line == b.line && a.from_line == b.from_line && a.size == b.size && a.too_large == b.too_large &&
         a.by_content_length == b.by_content_length && a.unquoted_from_line == b.unquoted_from_line &&
         a.bytes == b.bytes;
}

void split(std::string_view input) {
  const auto whole = mail::split_mbox(input);
  check_messages(input, whole, mail::k_max_message_bytes);
  // The first byte picks a read size and a small limit: the reader's window
  // edges and the too-large path are then exercised on every input.
  const std::size_t chunk = input.empty() ? 1 : 1 + static_cast<unsigned char>(input[0]) % 97;
  const std::size_t max = input.size() < 2 ? 1 : 1 + static_cast<unsigned char>(input[1]) * 16;
  mail::MemorySource source(input);
  mail::MboxReader reader(source, mail::k_max_message_bytes, chunk);
  std::size_t i = 0;
  for (;;) {
    auto next = reader.next();
    require(next.has_value(), "reading an mbox from memory failed");
    if (!next || !*next) break;
    require(i < whole.size() && same(**next, whole[i]), "chunked reading gives other messages than split_mbox");
    ++i;
  }
  require(i == whole.size(), "chunked reading gives fewer messages than split_mbox");
  check_messages(input, mail::split_mbox(input, max), max);
}

} // namespace

void mbox(std::string_view input) {
  split(input);
  std::size_t total = 0;
  auto read = mailbox::read_source(scratch_file("收件箱.mbox", input),
                                   [&total](mailbox::RawMessage&& m) -> std::expected<void, std::string> {
                                     touch(m.bytes);
                                     check_text("message origin", m.origin);
                                     total += m.bytes.size();
                                     return {};
                                   },
                                   [](std::string warning) { check_message("mbox warning", warning); });
  if (!read) check_message("mbox error", read.error());
  require(total <= input.size(), "messages hold more bytes than the mbox file");
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::mbox)
