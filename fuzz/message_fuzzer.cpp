// libFuzzer target for the e-mail message parser (issue 5).
//
// Each input is the bytes of one message, as in an .eml file, a Maildir file
// or an mbox entry (with or without its "From " line). It is given to
// mail::parse_message(), every field of the result is read (so ASan sees any
// dangling or out-of-bounds string), and the invariants the rest of zwgk
// relies on are checked: the texts shown to people and stored (subject, text,
// attachment names, review reasons) are valid UTF-8, and dates are real
// dates with a minute of the day in [0, 1440). A violated invariant aborts,
// like a crash. The first line is also given to mail::parse_received_date().
//
// Built only with ZWGK_FUZZ=ON (the `fuzz` preset, clang); run with
// scripts/fuzz.sh. See docs/fuzzing.md.
#include "mail/message.h"
#include "util/calendar.h"
#include "util/text.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

// Sums every byte, so that each string is really read.
std::size_t g_sink = 0;

// Reports a violated invariant with the value (non-ASCII bytes as \xNN) and aborts.
[[noreturn]] void fail(const char* what, std::string_view value) {
  std::fprintf(stderr, "message_fuzzer: invariant violated: %s (%zu bytes): \"", what, value.size());
  for (unsigned char c : value.substr(0, 512)) {
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
      std::fputc(c, stderr);
    else
      std::fprintf(stderr, "\\x%02x", c);
  }
  std::fprintf(stderr, "\"\n");
  std::abort();
}

void touch(std::string_view s) {
  std::size_t sum = s.size();
  for (char c : s) sum += static_cast<unsigned char>(c);
  g_sink += sum;
}

void touch_text(const char* what, std::string_view s) {
  touch(s);
  if (!zwgk::is_valid_utf8(s)) fail(what, s);
}

void touch_date(const char* what, const std::optional<zwgk::DateTime>& dt) {
  if (!dt) return;
  if (!zwgk::is_valid_date(dt->date.year, dt->date.month, dt->date.day) || dt->minute_of_day < 0 ||
      dt->minute_of_day >= 24 * 60)
    fail(what, {});
  touch(dt->to_string());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // GMime's one-time global initialisation, outside the first input (its
  // allocations live until exit and are not leaks of one input).
  (void)zwgk::mail::parse_received_date("from a by b; Mon, 31 Aug 2020 10:00:00 +0800");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // A Received header value: the input's first line.
  std::string_view first_line = bytes.substr(0, bytes.find('\n'));
  touch_date("parse_received_date", zwgk::mail::parse_received_date(first_line));

  auto parsed = zwgk::mail::parse_message(bytes);
  if (!parsed) {
    touch_text("error", parsed.error());
    return 0;
  }
  const zwgk::mail::ParsedMessage& m = *parsed;
  touch(m.message_id);
  touch(m.from_address);
  touch_text("subject", m.subject);
  touch_date("received", m.received);
  touch_date("date", m.date);
  touch_text("text", m.text);
  g_sink += m.characters + m.pictures + static_cast<std::size_t>(m.fingerprint);
  for (const auto& name : m.attachments) touch_text("attachment name", name);
  for (const auto& reason : m.needs_review) touch_text("needs_review", reason);
  return 0;
}
