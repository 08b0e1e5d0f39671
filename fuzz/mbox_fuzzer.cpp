// libFuzzer target: an mbox file, as exported by a mail client or uploaded
// to 投稿审核.
//
// The input is the file's bytes. split_mbox() cuts it into entries and
// mbox_message() gives each entry's message (mboxrd quoting undone); the
// same bytes, saved as 收件箱.mbox, are then read by mailbox::read_source()
// as `zwgk mail import` and the upload route read a file, which decides
// whether it is an mbox at all and hands each message on. The messages
// themselves are not parsed here (message_fuzzer does that).
//
// Invariants: entries lie within the file, in order, without overlapping;
// each entry's line is the line its offset is on; only the first entry may
// lack a "From " line, and one with it starts with "From "; a message is
// never longer than its entry and lies within the file unless unquoted;
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

bool within(std::string_view inner, std::string_view outer) {
  auto begin = reinterpret_cast<std::uintptr_t>(inner.data());
  auto outer_begin = reinterpret_cast<std::uintptr_t>(outer.data());
  return inner.empty() || (begin >= outer_begin && begin + inner.size() <= outer_begin + outer.size());
}

void split(std::string_view input) {
  std::size_t end_of_last = 0;
  std::size_t line = 1, line_counted_to = 0;
  std::string storage;
  const auto entries = mail::split_mbox(input);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    require(e.offset >= end_of_last && e.offset <= input.size() && e.length <= input.size() - e.offset,
            "mbox entry outside the file or overlapping the one before");
    if (e.offset < end_of_last || e.offset > input.size() || e.length > input.size() - e.offset) return;
    line += static_cast<std::size_t>(std::count(input.begin() + static_cast<std::ptrdiff_t>(line_counted_to),
                                                input.begin() + static_cast<std::ptrdiff_t>(e.offset), '\n'));
    line_counted_to = e.offset;
    require(e.line == line, "mbox entry line is not the line of its offset");
    require(e.from_line || i == 0, "an entry after the first without a From line");
    std::string_view bytes = input.substr(e.offset, e.length);
    if (e.from_line) require(bytes.starts_with("From "), "mbox entry does not start with From", bytes.substr(0, 40));
    std::string_view message = mail::mbox_message(input, e, storage);
    touch(message);
    require(message.size() <= e.length, "mbox message longer than its entry");
    require(within(message, input) || within(message, storage), "mbox message neither in the file nor unquoted");
    end_of_last = e.offset + e.length;
  }
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
                                   });
  if (!read) check_message("mbox error", read.error());
  require(total <= input.size(), "messages hold more bytes than the mbox file");
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::mbox)
