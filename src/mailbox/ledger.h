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

namespace zwgk::mailbox {

enum class Create { IfMissing, No };

// DIR/zwgk.db's mail ledger. With Create::No a missing database is not an
// error: the result is nullptr (a data directory without imported mail).
std::expected<std::unique_ptr<store::MailStore>, std::string> open_ledger(const std::filesystem::path& dir,
                                                                          Create create);

// The review of ws's period from the ledger.
MailReview review_period(const ingest::Workspace& ws, store::MailStore& ledger);

// Adds the period's mail submissions (review.h's add_submissions) to
// ws.data, and to `notes` a warning for the messages of the period that no
// rule attributes or that wait for a person's look, so `check` and `report`
// say what is still open.
void add_ledger_submissions(ingest::Workspace& ws, store::MailStore& ledger, Diagnostics& notes);

} // namespace zwgk::mailbox
