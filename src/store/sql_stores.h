// The stores written once over store/sql.h, for the SQLite file and for PostgreSQL
// alike, and what they share.
#pragma once

#include "store/crawl_store.h"
#include "store/followup_store.h"
#include "store/mail_store.h"
#include "store/sql.h"
#include "store/store.h"

#include <memory>

namespace zwgk::store {

// Appends an audit entry through `c` (inside the caller's transaction, if any).
Status insert_audit(sql::Connection& c, const AuditEntry& entry);

std::unique_ptr<Store> make_store(std::shared_ptr<sql::Pool> pool);
std::unique_ptr<MailStore> make_mail_store(std::shared_ptr<sql::Pool> pool);
std::unique_ptr<CrawlStore> make_crawl_store(std::shared_ptr<sql::Pool> pool);
std::unique_ptr<FollowupStore> make_followup_store(std::shared_ptr<sql::Pool> pool);

} // namespace zwgk::store
