// The review of the mail ledger: what every message counts for.
//
// build_review() works out, for each stored message, its unit
// (attribution.h, or staff's choice), the month it was received in (CST),
// its counts, and its verdict with the reason, from the facts the importer
// stored, staff's decisions (the latest per field wins) and the registry and
// scheme in force. It does no I/O, so the CLI, the server and the tests get
// the same answer from the same ledger.
//
// Verdicts: a message counts when it has a unit and a date, was not
// excluded by staff, is not a resend, and passes the scheme's quality gates
// (engine's submission_gate_failure(), the same rule the assessment applies).
// A resend — the same article text from the same unit (Message-ID
// duplicates never reach the ledger twice) — counts once: the earliest copy
// that passes the gates counts and the others are duplicates of it.
//
// On-topic is a person's decision: a message counts as on-topic until staff
// say otherwise; when the scheme lists topic_keywords and none occurs in the
// subject or text, a hint asks for a look. Nothing is rejected for that.
#pragma once

#include "mailbox/attribution.h"
#include "model/records.h"
#include "scheme/scheme.h"
#include "store/mail_store.h"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::mailbox {

// The fields a staff decision sets (store::MailDecision::field).
inline constexpr std::string_view k_set_unit = "单位";          // an official name; "" takes the unit away
inline constexpr std::string_view k_set_on_topic = "切题";      // 是 / 否
inline constexpr std::string_view k_set_characters = "字数";    // counted by a person (e.g. a .doc attachment)
inline constexpr std::string_view k_set_pictures = "图片数";
inline constexpr std::string_view k_set_counted = "计入";       // 否: not a submission at all; 是: undoes that
inline constexpr std::string_view k_set_received = "收到时间";  // "2020-08-31 23:30" when the headers have none
inline constexpr std::string_view k_set_checked = "核实";       // 是: looked at, nothing to change

// The value to store for a decision, checked and normalised (official unit
// name, 是/否, a count, "YYYY-MM-DD HH:MM"); a Chinese error otherwise, with
// the nearest registered names for an unknown unit.
std::expected<std::string, std::string> decision_value(const Registry& registry, std::string_view field,
                                                       std::string_view value);

enum class Verdict { Counted, Rejected, Duplicate, Excluded, Unassigned, Undated };
std::string_view verdict_title(Verdict verdict);  // 计入 不合格 重复 已排除 未归属 无收到时间

struct ReviewRow {
  std::int64_t id = 0;
  std::string subject;
  std::string from_address;
  std::string origin;
  std::optional<UnitId> unit;
  AttributedBy attributed_by = AttributedBy::None;
  std::optional<DateTime> received;   // CST
  std::string received_from;          // "Received", "INTERNALDATE", "Date", "人工"
  std::int64_t characters = 0;
  std::int64_t pictures = 0;
  OnTopic on_topic = OnTopic::Yes;
  bool on_topic_decided = false;
  Verdict verdict = Verdict::Counted;
  std::string reason;                 // why it does not count; empty when it counts
  std::vector<std::string> hints;     // what a reviewer should know
  std::optional<std::int64_t> duplicate_of;
  std::vector<store::MailDecision> decisions;  // about this message, oldest first

  // Unreviewed and doubtful: hints, or no unit, or no date.
  bool needs_attention() const;
};

struct MailReview {
  std::vector<ReviewRow> rows;  // by received time (undated last), then id
};

// The rows of messages received in `window` (a period's 考核期) and those with no
// date (they belong to no period until staff give one); all rows without a window.
MailReview build_review(const Registry& registry, const Scheme& scheme,
                        const std::vector<store::MailMessage>& messages,
                        const std::vector<store::MailDecision>& decisions, std::optional<DateWindow> window);

// Adds to `data` one SubmissionItem per row that has a unit and a date in
// `window` and is neither excluded nor a duplicate (rejected rows too: the
// engine applies the same gates and lists them in its explanation). Each
// item's source is a file named "邮件#<id>"; its title ends with the id, so
// two messages with the same subject and minute stay two submissions.
void add_submissions(const MailReview& review, const DateWindow& window, Dataset& data);

} // namespace zwgk::mailbox
