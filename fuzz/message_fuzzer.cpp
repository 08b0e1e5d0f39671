// libFuzzer target for the e-mail message parser (issue 5).
//
// Each input is the bytes of one message, as in an .eml file, a Maildir file
// or an mbox entry (with or without its "From " line). It is given to
// mail::parse_message(), every field of the result is read (so ASan sees any
// dangling or out-of-bounds string), and the invariants the rest of zwgk
// relies on are checked: the texts shown to people and stored (subject, text,
// attachment names, review reasons) are valid UTF-8, an error is Chinese, and
// dates are real dates with a minute of the day in [0, 1440). The first line
// is also given to mail::parse_received_date().
//
// The first (empty) input, which prepares every target, makes GMime
// initialise itself, so that its process-wide tables are not counted against
// one input. See docs/fuzzing.md.
#include "harness.h"
#include "targets.h"

#include "mail/message.h"
#include "util/calendar.h"

#include <optional>

namespace zwgk::fuzz {
namespace {

void check_date(std::string_view what, const std::optional<DateTime>& dt) {
  if (!dt) return;
  require(is_valid_date(dt->date.year, dt->date.month, dt->date.day) && dt->minute_of_day >= 0 &&
              dt->minute_of_day < 24 * 60,
          what, dt->to_string());
  touch(dt->to_string());
}

} // namespace

void message(std::string_view input) {
  if (input.empty())  // GMime's one-time global initialisation
    (void)mail::parse_received_date("from a by b; Mon, 31 Aug 2020 10:00:00 +0800");

  // A Received header value: the input's first line.
  check_date("parse_received_date", mail::parse_received_date(input.substr(0, input.find('\n'))));

  auto parsed = mail::parse_message(input);
  if (!parsed) return check_message("error", parsed.error());
  const mail::ParsedMessage& m = *parsed;
  touch(m.message_id);  // the header's bytes as they are (see docs/fuzzing.md)
  touch(m.from_address);
  check_text("subject", m.subject);
  check_date("received", m.received);
  check_date("date", m.date);
  check_text("text", m.text);
  for (const auto& name : m.attachments) check_text("attachment name", name);
  for (const auto& reason : m.needs_review) check_message("needs_review", reason);
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::message)
