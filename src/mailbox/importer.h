// Adding messages to the mail ledger: parse, key, store in batches.
//
// Contracts:
// - A message is keyed by its Message-ID ("<id>"), or, when it has none, by
//   the SHA-256 of its content: its bytes with CRLF line ends read as LF,
//   without an mbox "From " line at the start and without line ends at the
//   end. So the same message saved as a CRLF .eml, found in a Maildir
//   (LF), in an mbox or fetched over IMAP has one key. A message stored
//   under the key of an earlier version (the digest of its raw bytes) is
//   recognised too. The ledger keeps one message per key, so the same
//   mailbox imported twice, through any source, adds nothing the second time.
// - Messages are stored in batches (k_batch_messages, or fewer when they
//   reach k_batch_bytes), each in one transaction; a run killed half-way
//   keeps the batches already committed, and running it again adds exactly
//   the rest. Nothing is counted twice: counts are always worked out from
//   the ledger (review.h), never accumulated.
// - Every batch is stored together with its audit entry (action 导入邮件,
//   the run's user and target) in one transaction (MailStore::add_mail), so
//   a run killed at any moment has audited exactly what it stored: a batch
//   that added messages says so (progress_summary), and finish() stores the
//   last batch with the run's summary (import_summary) — with nothing left
//   to store, the summary alone.
// - The received time is the office server's (the topmost Received header),
//   else IMAP's INTERNALDATE, else the Date header — recorded in
//   received_from, since the last two need a person's look.
// - A message that cannot be read or parsed at all is not stored: it is
//   reported with its origin ("收件箱.mbox 第17封") and the run goes on.
#pragma once

#include "store/mail_store.h"
#include "util/calendar.h"

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace zwgk::mailbox {

// A batch's size: few transactions (each is a disk sync) while the memory
// held for a batch stays bounded whatever the messages' sizes.
inline constexpr std::size_t k_batch_messages = 100;
inline constexpr std::size_t k_batch_bytes = 32u << 20;

struct RawMessage {
  std::string bytes;
  std::string origin;                     // where it was read, for messages and the ledger
  std::optional<DateTime> internaldate;   // IMAP's, when fetched
  std::vector<std::string> notes = {};    // the source's reasons for a person to look
  std::string unreadable = {};            // why it could not be read (too large, …): reported, not stored
};

// How many problems and warnings an import keeps with their text; the rest
// are only counted. A hostile mbox can hold a million unreadable "messages",
// and no one reads past the first few hundred.
inline constexpr std::size_t k_max_listed_import_notes = 500;

// A list that keeps its first k_max_listed_import_notes texts and counts all.
struct ImportNotes {
  std::vector<std::string> listed;
  std::size_t total = 0;

  void add(std::string text) {
    if (listed.size() < k_max_listed_import_notes) listed.push_back(std::move(text));
    ++total;
  }
  bool empty() const { return total == 0; }
  std::size_t omitted() const { return total - listed.size(); }
};

struct ImportTally {
  std::size_t read = 0;
  std::size_t added = 0;
  std::size_t existing = 0;               // already in the ledger
  ImportNotes problems;                   // messages not stored, each with its origin
  ImportNotes warnings;                   // what the sources skipped or doubt, each with its place
};

// Where a run's audit entries go: their target (the files or the mailbox
// read) and their times (Unix seconds; the run's start time when unset).
// An empty target: no audit entries (tests of the ledger alone).
struct ImportAudit {
  std::string target;
  std::function<std::int64_t()> clock = {};
};

class Importer {
public:
  Importer(store::MailStore& store, std::string user, std::int64_t now, std::size_t batch_size = k_batch_messages,
           ImportAudit audit = {});

  // Parses the message and queues it; stores the queue when it is full.
  // Fails only when the ledger (or its audit entry) cannot be written.
  std::expected<void, std::string> add(RawMessage message);
  // Stores what is queued, audited as a batch (a run that ends without a
  // summary: nothing came).
  std::expected<void, std::string> flush();
  // Stores what is queued with the run's summary entry; call once, at the end.
  std::expected<void, std::string> finish();
  // Notes a source's warning (it goes into the tally).
  void warn(std::string text) { m_tally.warnings.add(std::move(text)); }

  const ImportTally& tally() const { return m_tally; }

private:
  enum class Entry { Progress, Summary };

  bool known_content(const std::string& key);
  std::expected<void, std::string> store_queue(Entry entry);

  store::MailStore& m_store;
  std::string m_user;
  std::int64_t m_now;
  std::size_t m_batch_size;
  ImportAudit m_audit;
  std::vector<store::MailMessage> m_queue;
  std::size_t m_queued_bytes = 0;
  std::optional<std::set<std::string>> m_stored_content;  // content keys of the ledger's messages without Message-ID
  ImportTally m_tally;
};

// The audit log's words for an import: "读取 53 封邮件：新增 25 封，以前已导入
// 28 封", then "，无法读取 N 封" and "，警告 N 条" when there are any.
std::string import_summary(const ImportTally& tally);
// The entry after a stored batch: "导入进行中：已读取 … （已保存）".
std::string progress_summary(const ImportTally& tally);
// "……另有 N 条未列出（只列出前 500 条）", or empty.
std::string omitted_note(const ImportNotes& notes);

// The key of a message without Message-ID (see above): "sha256:<hex>".
std::string content_key(std::string_view bytes);

} // namespace zwgk::mailbox
