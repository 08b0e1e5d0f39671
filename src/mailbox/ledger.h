// The mail ledger as a source of the quarter's submissions, for every
// program that loads a data directory (the CLI commands and the server).
#pragma once

#include "ingest/data_dir.h"
#include "mailbox/review.h"
#include "store/mail_store.h"

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace zwgk::mailbox {

// The audit entry's detail for a decision: "单位：区人社局；理由：电话核实"
// ("（空）" for an empty value); the CLI and the workspace write the same.
std::string decision_audit_detail(std::string_view field, std::string_view value, std::string_view reason);

// The review of ws's period from the ledger.
MailReview review_period(const ingest::Workspace& ws, store::MailStore& ledger);

// Adds the period's mail submissions (review.h's add_submissions) to
// ws.data, and to `notes` a warning for the messages of the period that no
// rule attributes or that wait for a person's look, so `check` and `report`
// say what is still open.
void add_ledger_submissions(ingest::Workspace& ws, store::MailStore& ledger, Diagnostics& notes);

// What `mail import` and the workspace say of `count` messages received in
// `period`, which has no folder yet (ingest::dates_without_period).
std::string waiting_text(Period period, std::size_t count);

} // namespace zwgk::mailbox
