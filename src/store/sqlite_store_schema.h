// The SQLite store's schema as an ordered list of migrations.
//
// A database records in schema_version every migration applied to it;
// opening it applies the missing ones in order, all in one transaction, so
// an older database is brought up to date and a failure leaves it as it
// was. A released migration is never edited: a change is a new one at the
// end (and k_schema_version follows it). A database whose version is higher
// than k_schema_version was written by a newer zwgk and is refused.
//
// Append-only tables (audit, file_versions, the mail and follow-up
// ledgers) are enforced by triggers, so that no code path and no other
// SQLite client can rewrite history by mistake: UPDATE and DELETE raise,
// and so does an INSERT that reuses an id (INSERT OR REPLACE deletes the
// old row without firing DELETE triggers).
// Someone who can write the file can still drop the triggers: they guard
// against mistakes and ordinary clients, not against the file's owner.
#pragma once

#include <array>
#include <cstdint>

namespace zwgk::store {

struct Migration {
  std::int64_t version;
  const char* sql;
};

inline constexpr const char* k_schema_version_table =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "  version INTEGER PRIMARY KEY,"
    "  applied_at INTEGER NOT NULL)";

inline constexpr std::array<Migration, 7> k_migrations = {{
    {1, R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'unit', 'viewer')),
  unit TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
CREATE INDEX login_failures_by_time ON login_failures (at);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能覆盖'); END;

CREATE TABLE file_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at INTEGER NOT NULL,
  content BLOB NOT NULL
);
CREATE INDEX file_versions_by_path ON file_versions (path, id);
CREATE TRIGGER file_versions_no_update BEFORE UPDATE ON file_versions
BEGIN SELECT RAISE(ABORT, '文件的历史版本不能修改'); END;
CREATE TRIGGER file_versions_no_delete BEFORE DELETE ON file_versions
BEGIN SELECT RAISE(ABORT, '文件的历史版本不能删除'); END;
CREATE TRIGGER file_versions_no_replace BEFORE INSERT ON file_versions
WHEN EXISTS (SELECT 1 FROM file_versions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '文件的历史版本不能覆盖'); END;
)sql"},
    // The mail ledger (mail_store.h): messages and staff decisions, append-only.
    {2, R"sql(
CREATE TABLE mail_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE CHECK (key <> ''),
  sha256 TEXT NOT NULL,
  message_id TEXT NOT NULL,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  received TEXT NOT NULL,
  received_from TEXT NOT NULL,
  characters INTEGER NOT NULL,
  pictures INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  attachments TEXT NOT NULL,
  notes TEXT NOT NULL,
  text TEXT NOT NULL,
  origin TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  raw BLOB NOT NULL
);
CREATE TRIGGER mail_messages_no_update BEFORE UPDATE ON mail_messages
BEGIN SELECT RAISE(ABORT, '导入的邮件不能修改'); END;
CREATE TRIGGER mail_messages_no_delete BEFORE DELETE ON mail_messages
BEGIN SELECT RAISE(ABORT, '导入的邮件不能删除'); END;
CREATE TRIGGER mail_messages_no_replace BEFORE INSERT ON mail_messages
WHEN EXISTS (SELECT 1 FROM mail_messages WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '导入的邮件不能覆盖'); END;

CREATE TABLE mail_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message INTEGER NOT NULL REFERENCES mail_messages (id),
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  user_name TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TRIGGER mail_decisions_no_update BEFORE UPDATE ON mail_decisions
BEGIN SELECT RAISE(ABORT, '审核记录只能追加，不能修改'); END;
CREATE TRIGGER mail_decisions_no_delete BEFORE DELETE ON mail_decisions
BEGIN SELECT RAISE(ABORT, '审核记录只能追加，不能删除'); END;
CREATE TRIGGER mail_decisions_no_replace BEFORE INSERT ON mail_decisions
WHEN EXISTS (SELECT 1 FROM mail_decisions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '审核记录只能追加，不能覆盖'); END;
)sql"},
    // The follow-up ledger (followup_store.h): rectification and contest
    // events and the evidence files units attach, append-only. `happened` is
    // the CST "YYYY-MM-DD HH:MM" of the event (sortable text), `recorded_at`
    // the Unix seconds of the entry; `kind` is followup_kind_code().
    {3, R"sql(
CREATE TABLE followup_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  item TEXT NOT NULL CHECK (item <> ''),
  kind TEXT NOT NULL
    CHECK (kind IN ('reply', 'verify', 'reject', 'contest', 'uphold', 'withdraw', 'draft', 'final')),
  text TEXT NOT NULL,
  link TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  happened TEXT NOT NULL
    CHECK (happened GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'),
  user_name TEXT NOT NULL CHECK (user_name <> ''),
  recorded_at INTEGER NOT NULL
);
CREATE INDEX followup_events_by_item ON followup_events (item, id);
CREATE TRIGGER followup_events_no_update BEFORE UPDATE ON followup_events
BEGIN SELECT RAISE(ABORT, '整改记录只能追加，不能修改'); END;
CREATE TRIGGER followup_events_no_delete BEFORE DELETE ON followup_events
BEGIN SELECT RAISE(ABORT, '整改记录只能追加，不能删除'); END;
CREATE TRIGGER followup_events_no_replace BEFORE INSERT ON followup_events
WHEN EXISTS (SELECT 1 FROM followup_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '整改记录只能追加，不能覆盖'); END;

CREATE TABLE followup_files (
  event INTEGER PRIMARY KEY REFERENCES followup_events (id),
  name TEXT NOT NULL CHECK (name <> ''),
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL
);
CREATE TRIGGER followup_files_no_update BEFORE UPDATE ON followup_files
BEGIN SELECT RAISE(ABORT, '整改附件不能修改'); END;
CREATE TRIGGER followup_files_no_delete BEFORE DELETE ON followup_files
BEGIN SELECT RAISE(ABORT, '整改附件不能删除'); END;
CREATE TRIGGER followup_files_no_replace BEFORE INSERT ON followup_files
WHEN EXISTS (SELECT 1 FROM followup_files WHERE event = NEW.event)
BEGIN SELECT RAISE(ABORT, '整改附件不能覆盖'); END;
)sql"},
    // Login throttling counts an attempt before its password is checked
    // (auth/authenticator.h): each failure belongs to an attempt, so that a
    // right password withdraws its own. Failures are transient (a day at
    // most), so the old table is simply replaced. Login devices: browsers
    // in which a user has logged in.
    {4, R"sql(
DROP TABLE login_failures;
CREATE TABLE login_failures (
  attempt INTEGER NOT NULL,
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
CREATE INDEX login_failures_by_time ON login_failures (at);
CREATE INDEX login_failures_by_attempt ON login_failures (attempt);

CREATE TABLE login_devices (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX login_devices_by_user ON login_devices (user_id);
CREATE INDEX login_devices_by_expiry ON login_devices (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);
)sql"},
    // Users whose password someone else chose (a one-time password of a
    // unit account, an administrator's reset) must set their own first.
    {5, R"sql(
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
  CHECK (must_change_password IN (0, 1));
)sql"},
    // 撤回公示 (withdraw_draft) joins the follow-up ledger's kinds. SQLite
    // cannot change a CHECK, so the table is rebuilt with the same rows and
    // ids (its triggers and index with it) the way SQLite documents it
    // ("Making Other Kinds Of Table Schema Changes"): migrations run before
    // foreign keys are enabled and end with a foreign_key_check (sqlite_db.cpp),
    // so followup_files' references to followup_events name the rebuilt table
    // and are checked before the commit. The append-only triggers do not fire
    // on DROP TABLE.
    {6, R"sql(
CREATE TABLE followup_events_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  item TEXT NOT NULL CHECK (item <> ''),
  kind TEXT NOT NULL
    CHECK (kind IN ('reply', 'verify', 'reject', 'contest', 'uphold', 'withdraw', 'draft', 'final',
                    'withdraw_draft')),
  text TEXT NOT NULL,
  link TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  happened TEXT NOT NULL
    CHECK (happened GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'),
  user_name TEXT NOT NULL CHECK (user_name <> ''),
  recorded_at INTEGER NOT NULL
);
INSERT INTO followup_events_rebuilt SELECT * FROM followup_events;
DROP TABLE followup_events;
ALTER TABLE followup_events_rebuilt RENAME TO followup_events;
CREATE INDEX followup_events_by_item ON followup_events (item, id);
CREATE TRIGGER followup_events_no_update BEFORE UPDATE ON followup_events
BEGIN SELECT RAISE(ABORT, '整改记录只能追加，不能修改'); END;
CREATE TRIGGER followup_events_no_delete BEFORE DELETE ON followup_events
BEGIN SELECT RAISE(ABORT, '整改记录只能追加，不能删除'); END;
CREATE TRIGGER followup_events_no_replace BEFORE INSERT ON followup_events
WHEN EXISTS (SELECT 1 FROM followup_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '整改记录只能追加，不能覆盖'); END;
)sql"},
    {7, R"sql(
CREATE TABLE crawl_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  period TEXT NOT NULL CHECK (period <> ''),
  user_name TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX crawl_runs_by_period ON crawl_runs (period, id);
CREATE TRIGGER crawl_runs_finished_once BEFORE UPDATE ON crawl_runs
WHEN OLD.finished_at <> 0 OR NEW.id <> OLD.id OR NEW.period <> OLD.period OR NEW.started_at <> OLD.started_at
BEGIN SELECT RAISE(ABORT, '抓取记录已结束，不能修改'); END;
CREATE TRIGGER crawl_runs_no_delete BEFORE DELETE ON crawl_runs
BEGIN SELECT RAISE(ABORT, '抓取记录不能删除'); END;

CREATE TABLE crawl_pages (
  url TEXT PRIMARY KEY,
  run INTEGER NOT NULL,
  fetched_at INTEGER NOT NULL,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  content TEXT NOT NULL
);

CREATE TABLE crawl_proposals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('stale', 'adoption')),
  key TEXT NOT NULL,
  unit TEXT NOT NULL,
  detail TEXT NOT NULL,
  run INTEGER NOT NULL,
  decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'confirmed', 'dismissed')),
  reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (period, kind, key)
);
CREATE TRIGGER crawl_proposals_decided_once BEFORE UPDATE ON crawl_proposals
WHEN OLD.decision <> '' OR NEW.decision = '' OR NEW.key <> OLD.key OR NEW.unit <> OLD.unit
  OR NEW.detail <> OLD.detail OR NEW.period <> OLD.period OR NEW.kind <> OLD.kind
BEGIN SELECT RAISE(ABORT, '抓取建议只能处理一次'); END;
CREATE TRIGGER crawl_proposals_no_delete BEFORE DELETE ON crawl_proposals
BEGIN SELECT RAISE(ABORT, '抓取建议不能删除'); END;
)sql"},
}};

inline constexpr std::int64_t k_schema_version = k_migrations.back().version;

} // namespace zwgk::store
