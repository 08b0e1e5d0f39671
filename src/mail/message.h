// One e-mail message parsed into what the submission count needs.
//
// parse_message() takes the raw bytes of one message (RFC 5322, as in an
// .eml file, a Maildir file or one mbox entry without its "From " line) and
// returns its model; it does no I/O. MIME is parsed by GMime 3 (initialised
// once, thread-safely, on first use); charsets are converted by ICU.
//
// Contracts:
// - received: the date of the Received header added by the office's own
//   server. Each server a message passes PREPENDS a Received header, so the
//   header chronologically added last — "the last Received header" of the
//   issue — is the FIRST (topmost) Received header in the file. Its date
//   (after the last ';') is converted to China Standard Time, so a message
//   received "Mon, 31 Aug 2020 23:30:00 +0800" is 2020-08-31 23:30 and
//   counts for August, while "31 Aug 2020 16:30:00 +0000" is 2020-09-01
//   00:30 CST. If the topmost Received header has no readable date, the next
//   one down that has one is used (and noted in needs_review); nullopt when
//   none has (the caller falls back to IMAP's INTERNALDATE or `date`).
// - Charsets: gb2312/gbk/cp936 labels are read as GB18030; a text part whose
//   bytes are invalid in its label is read as UTF-8, else GB18030 (noted in
//   needs_review). Raw 8-bit header text is UTF-8 if valid, else GB18030.
// - text: the plain-text body parts (or, when there is none, the HTML ones
//   converted to text), without quoted earlier mail and signature (see
//   strip_quotes_and_signature in body_text.h). Attachments are not in text.
// - characters: count_article_characters() of text plus the text of every
//   .docx attachment.
// - fingerprint: util's article_fingerprint() of the .docx texts when there
//   are any (the article; the body is then a covering note that a resend
//   may change), else of text; a resent article is recognised whatever its
//   spacing, punctuation or quoting.
// - pictures: every image part (image/* or a picture file name), inline or
//   attached, plus every picture under word/media/ of .docx attachments.
// - needs_review: Chinese reasons a person must look (a .doc/.wps
//   attachment, a damaged structure, an unreadable .docx, missing headers,
//   a wrong charset label). The message is still returned.
// - Damaged mail is read as far as it goes, each repair noted in
//   needs_review: a multipart whose declared boundary never occurs is split
//   again by the "--token" line the sender really used (else its bytes are
//   plain text); unreadable bytes before the first header line are skipped;
//   a message cut off inside its headers keeps its complete header lines;
//   an mbox "From " line at the start is skipped.
// - An error (Chinese) only when nothing usable is there: empty input, or
//   no recognisable header and no body at all.
#pragma once

#include "util/calendar.h"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::mail {

struct ParsedMessage {
  std::string message_id;             // without <>, may be empty
  std::string from_address;           // lower-case addr-spec, may be empty
  std::string subject;                // decoded
  std::optional<DateTime> received;   // CST, see above
  std::optional<DateTime> date;       // the Date header, CST
  std::string text;                   // the article's text
  std::string attachment_text;        // the text of the .docx attachments, one after another
  std::size_t characters = 0;         // of text and .docx attachments
  std::uint64_t fingerprint = 0;      // article_fingerprint() of the same text; 0 if none
  std::size_t pictures = 0;
  std::vector<std::string> attachments;   // file names, in message order
  std::vector<std::string> needs_review;  // Chinese reasons
};

std::expected<ParsedMessage, std::string> parse_message(std::string_view bytes);

// The date of one Received header value (after its last ';'), in CST.
std::optional<DateTime> parse_received_date(std::string_view value);

} // namespace zwgk::mail
