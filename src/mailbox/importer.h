// Adding messages to the mail ledger: parse, key, store in batches.
//
// Contracts:
// - A message is keyed by its Message-ID ("<id>"), or by the SHA-256 of its
//   bytes when it has none; the ledger keeps one message per key, so the
//   same mailbox imported twice, through any source (file or IMAP), adds
//   nothing the second time.
// - Messages are stored in batches, each in one transaction; a run killed
//   half-way keeps the batches already committed, and running it again adds
//   exactly the rest. Nothing is counted twice: counts are always worked out
//   from the ledger (review.h), never accumulated.
// - The received time is the office server's (the topmost Received header),
//   else IMAP's INTERNALDATE, else the Date header — recorded in
//   received_from, since the last two need a person's look.
// - A message that cannot be parsed at all is not stored: it is reported
//   with its origin ("收件箱.mbox 第17封") and the run goes on.
#pragma once

#include "store/mail_store.h"
#include "util/calendar.h"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::mailbox {

struct RawMessage {
  std::string bytes;
  std::string origin;                     // where it was read, for messages and the ledger
  std::optional<DateTime> internaldate;   // IMAP's, when fetched
};

struct ImportTally {
  std::size_t read = 0;
  std::size_t added = 0;
  std::size_t existing = 0;               // already in the ledger
  std::vector<std::string> problems;      // messages not stored, each with its origin
};

class Importer {
public:
  Importer(store::MailStore& store, std::string user, std::int64_t now, std::size_t batch_size = 100);

  // Parses the message and queues it; stores the queue when it is full.
  // Fails only when the ledger cannot be written.
  std::expected<void, std::string> add(RawMessage message);
  // Stores what is queued.
  std::expected<void, std::string> flush();

  const ImportTally& tally() const { return m_tally; }

private:
  store::MailStore& m_store;
  std::string m_user;
  std::int64_t m_now;
  std::size_t m_batch_size;
  std::vector<store::MailMessage> m_queue;
  ImportTally m_tally;
};

} // namespace zwgk::mailbox
