// Issue 18: moving a workspace between its two homes without losing a version — from a
// data directory's zwgk.db to PostgreSQL (`zwgk store import`) and back (`zwgk store
// export`).
#pragma once

#include <cstddef>
#include <expected>
#include <functional>
#include <string>
#include <vector>

namespace zwgk::store {

struct CopiedTable {
  std::string table;
  std::size_t rows = 0;
};

// Copies every record of the database at `from` into the database at `to` (each a
// SQLite file's path or a PostgreSQL URL, opened and migrated as store::open_database
// does): the accounts, the audit log, every version of every data file, the mail and
// follow-up ledgers and the crawler's state, each row with its id, so that the history
// reads the same in both. Sessions and login throttling are not copied (everyone logs in
// again). `to` must hold no records (refused, naming a table that has some); the copy
// is one transaction of `to`, so a failure or a kill leaves it empty. Meant for a
// database no server is writing to meanwhile.
// `on_table` (if any) is told of each table once it is copied, for progress.
std::expected<std::vector<CopiedTable>, std::string> copy_records(
    const std::string& from, const std::string& to,
    const std::function<void(const CopiedTable&)>& on_table = {});

} // namespace zwgk::store
