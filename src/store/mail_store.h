// The mail ledger: every message imported from the office's mailbox, as it
// was read, and every decision staff made about one.
//
// Both are append-only. A message is stored once under its key (its
// Message-ID, or the SHA-256 of its bytes when it has none), so importing
// the same mailbox again, or the rest of a run that was killed, adds only
// what is missing and never counts a message twice. What a message counts
// for (unit, month, verdict) is not stored: it is worked out from these facts
// with the registry and scheme in force (mailbox/review.h), so a sender
// address added to the registry later applies to earlier mail too. A
// decision is never changed either: a later one on the same field wins.
//
// Times are CST text "YYYY-MM-DD HH:MM" (sortable) for when a message was
// received, and Unix seconds for when staff acted. Thread safety and error
// reporting as for Store (store.h).
#pragma once

#include "store/store.h"

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::store {

struct MailMessage {
  std::int64_t id = 0;          // assigned by the store, increasing
  std::string key;              // unique: "<message-id>" or "sha256:<hex>"
  std::string sha256;           // hex of raw
  std::string message_id;
  std::string from_address;
  std::string subject;
  std::string received;         // CST "YYYY-MM-DD HH:MM"; empty if unknown
  std::string received_from;    // which header gave it: "Received", "INTERNALDATE", "Date"
  std::int64_t characters = 0;
  std::int64_t pictures = 0;
  std::string fingerprint;      // hex of the article text's fingerprint; empty if no text
  std::string attachments;      // file names, one per line
  std::string notes;            // the parser's reasons for a person to look, one per line
  std::string text;             // the article text as read
  std::string origin;           // where it was first read: "收件箱.mbox 第17封", "imap://…/INBOX UID 5"
  std::string imported_by;
  std::int64_t imported_at = 0;
  std::string raw;              // the message's bytes: only filled by mail_message()
};

struct MailDecision {
  std::int64_t id = 0;          // assigned by the store, increasing
  std::int64_t message = 0;     // MailMessage::id
  std::string field;            // what it sets, e.g. "单位", "切题" (mailbox/review.h lists them)
  std::string value;
  std::string reason;           // why, as staff wrote it; required
  std::string user;
  std::int64_t at = 0;
};

struct MailAdded {
  std::size_t added = 0;        // new messages stored
  std::size_t existing = 0;     // keys already present: nothing written
};

// The audit entry of a batch, given what it stored; nullopt for none.
// Called inside the batch's transaction: quick, and no call of the store.
using BatchAudit = std::function<std::optional<AuditEntry>(const MailAdded& stored)>;

class MailStore {
public:
  virtual ~MailStore() = default;

  // Stores the new messages of the batch and the audit entry `audit` gives
  // for it (if any) in one transaction: all or none, so a batch is never
  // stored unaudited, even when the process is killed right after it. Ids
  // and a message whose key is present are ignored. Fails on an empty key,
  // and when the audit entry cannot be written.
  virtual std::expected<MailAdded, std::string> add_mail(const std::vector<MailMessage>& batch,
                                                         const BatchAudit& audit) = 0;
  // Every message, oldest id first, without raw.
  virtual std::vector<MailMessage> mail_messages() = 0;
  // One message with raw.
  virtual std::optional<MailMessage> mail_message(std::int64_t id) = 0;
  // Every message's received time (MailMessage::received), oldest id first: for what needs
  // the dates only, without holding every message's text (issue 19: an import's memory).
  virtual std::vector<std::string> mail_received() = 0;
  // Fails if the message does not exist or the reason is empty.
  virtual std::expected<std::int64_t, std::string> add_mail_decision(const MailDecision& decision) = 0;
  // Every decision, oldest first.
  virtual std::vector<MailDecision> mail_decisions() = 0;
  // Grows whenever a message or a decision is added (a cheap change check).
  virtual std::int64_t mail_version() = 0;
};

// The rules both implementations apply to a decision before adding it.
Status check_mail_decision(const MailDecision& decision);

} // namespace zwgk::store
