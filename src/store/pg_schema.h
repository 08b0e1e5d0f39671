// Issue 18: the PostgreSQL schema, as the SQLite one (sqlite_store_schema.h): ordered
// migrations recorded in schema_version, the missing ones applied in one transaction
// under the writers' advisory lock (so two server instances starting at once migrate
// once), a database newer than this program refused. Append-only tables are guarded by
// triggers that raise the same Chinese words as SQLite's.
//
// Every store's tables (the same as SQLite's at its latest migration, in PostgreSQL's
// types: BIGINT, BIGSERIAL, BYTEA). Migration 1 was written with the whole back end;
// from its release on, as SQLite's, migrations are only appended.
#pragma once

#include <array>
#include <cstdint>

namespace zwgk::store::pg {

struct Migration {
  std::int64_t version;
  const char* sql;  // one or more statements (run as a script)
};

inline constexpr const char* k_schema_version_table =
    "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";

inline constexpr std::array<Migration, 1> k_migrations = {{
    {1, R"sql(
CREATE FUNCTION zwgk_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;

CREATE TABLE audit (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('审计日志只能追加，不能修改');
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('审计日志只能追加，不能删除');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
FOR EACH STATEMENT EXECUTE FUNCTION zwgk_refuse('审计日志只能追加，不能删除');

CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'unit', 'viewer')),
  unit TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  must_change_password BIGINT NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1))
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_failures (
  attempt BIGINT NOT NULL,
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
CREATE INDEX login_failures_by_time ON login_failures (at);
CREATE INDEX login_failures_by_attempt ON login_failures (attempt);

CREATE TABLE login_devices (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX login_devices_by_user ON login_devices (user_id);
CREATE INDEX login_devices_by_expiry ON login_devices (expires_at);

CREATE TABLE file_versions (
  id BIGSERIAL PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at BIGINT NOT NULL,
  content BYTEA NOT NULL
);
CREATE INDEX file_versions_by_path ON file_versions (path, id);
CREATE TRIGGER file_versions_no_update BEFORE UPDATE ON file_versions
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('文件的历史版本不能修改');
CREATE TRIGGER file_versions_no_delete BEFORE DELETE ON file_versions
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('文件的历史版本不能删除');
CREATE TRIGGER file_versions_no_truncate BEFORE TRUNCATE ON file_versions
FOR EACH STATEMENT EXECUTE FUNCTION zwgk_refuse('文件的历史版本不能删除');

CREATE TABLE mail_messages (
  id BIGSERIAL PRIMARY KEY,
  key TEXT NOT NULL UNIQUE CHECK (key <> ''),
  sha256 TEXT NOT NULL,
  message_id TEXT NOT NULL,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  received TEXT NOT NULL,
  received_from TEXT NOT NULL,
  characters BIGINT NOT NULL,
  pictures BIGINT NOT NULL,
  fingerprint TEXT NOT NULL,
  attachments TEXT NOT NULL,
  notes TEXT NOT NULL,
  text TEXT NOT NULL,
  origin TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at BIGINT NOT NULL,
  raw BYTEA NOT NULL
);
CREATE TRIGGER mail_messages_no_update BEFORE UPDATE ON mail_messages
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('导入的邮件不能修改');
CREATE TRIGGER mail_messages_no_delete BEFORE DELETE ON mail_messages
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('导入的邮件不能删除');
CREATE TRIGGER mail_messages_no_truncate BEFORE TRUNCATE ON mail_messages
FOR EACH STATEMENT EXECUTE FUNCTION zwgk_refuse('导入的邮件不能删除');

CREATE TABLE mail_decisions (
  id BIGSERIAL PRIMARY KEY,
  message BIGINT NOT NULL REFERENCES mail_messages (id),
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  user_name TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE TRIGGER mail_decisions_no_update BEFORE UPDATE ON mail_decisions
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('审核记录只能追加，不能修改');
CREATE TRIGGER mail_decisions_no_delete BEFORE DELETE ON mail_decisions
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('审核记录只能追加，不能删除');
CREATE TRIGGER mail_decisions_no_truncate BEFORE TRUNCATE ON mail_decisions
FOR EACH STATEMENT EXECUTE FUNCTION zwgk_refuse('审核记录只能追加，不能删除');

CREATE TABLE followup_events (
  id BIGSERIAL PRIMARY KEY,
  item TEXT NOT NULL CHECK (item <> ''),
  kind TEXT NOT NULL
    CHECK (kind IN ('reply', 'verify', 'reject', 'contest', 'uphold', 'withdraw', 'draft', 'final',
                    'withdraw_draft')),
  text TEXT NOT NULL,
  link TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  happened TEXT NOT NULL CHECK (happened ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$'),
  user_name TEXT NOT NULL CHECK (user_name <> ''),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX followup_events_by_item ON followup_events (item, id);
CREATE TRIGGER followup_events_no_update BEFORE UPDATE ON followup_events
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('整改记录只能追加，不能修改');
CREATE TRIGGER followup_events_no_delete BEFORE DELETE ON followup_events
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('整改记录只能追加，不能删除');
CREATE TRIGGER followup_events_no_truncate BEFORE TRUNCATE ON followup_events
FOR EACH STATEMENT EXECUTE FUNCTION zwgk_refuse('整改记录只能追加，不能删除');

CREATE TABLE followup_files (
  event BIGINT PRIMARY KEY REFERENCES followup_events (id),
  name TEXT NOT NULL CHECK (name <> ''),
  sha256 TEXT NOT NULL,
  bytes BYTEA NOT NULL
);
CREATE TRIGGER followup_files_no_update BEFORE UPDATE ON followup_files
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('整改附件不能修改');
CREATE TRIGGER followup_files_no_delete BEFORE DELETE ON followup_files
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('整改附件不能删除');
CREATE TRIGGER followup_files_no_truncate BEFORE TRUNCATE ON followup_files
FOR EACH STATEMENT EXECUTE FUNCTION zwgk_refuse('整改附件不能删除');

CREATE TABLE crawl_runs (
  id BIGSERIAL PRIMARY KEY,
  period TEXT NOT NULL CHECK (period <> ''),
  user_name TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX crawl_runs_by_period ON crawl_runs (period, id);
CREATE FUNCTION crawl_runs_finished_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.finished_at <> 0 OR NEW.id <> OLD.id OR NEW.period <> OLD.period OR NEW.started_at <> OLD.started_at THEN
    RAISE EXCEPTION '抓取记录已结束，不能修改';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER crawl_runs_finished_once BEFORE UPDATE ON crawl_runs
FOR EACH ROW EXECUTE FUNCTION crawl_runs_finished_once();
CREATE TRIGGER crawl_runs_no_delete BEFORE DELETE ON crawl_runs
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('抓取记录不能删除');

CREATE TABLE crawl_pages (
  url TEXT PRIMARY KEY,
  run BIGINT NOT NULL,
  fetched_at BIGINT NOT NULL,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  content TEXT NOT NULL
);

CREATE TABLE crawl_proposals (
  id BIGSERIAL PRIMARY KEY,
  period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('stale', 'adoption')),
  key TEXT NOT NULL,
  unit TEXT NOT NULL,
  detail TEXT NOT NULL,
  run BIGINT NOT NULL,
  decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'confirmed', 'dismissed')),
  reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (period, kind, key)
);
CREATE FUNCTION crawl_proposals_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.decision <> '' OR NEW.decision = '' OR NEW.key <> OLD.key OR NEW.unit <> OLD.unit
     OR NEW.detail <> OLD.detail OR NEW.period <> OLD.period OR NEW.kind <> OLD.kind THEN
    RAISE EXCEPTION '抓取建议只能处理一次';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER crawl_proposals_decided_once BEFORE UPDATE ON crawl_proposals
FOR EACH ROW EXECUTE FUNCTION crawl_proposals_decided_once();
CREATE TRIGGER crawl_proposals_no_delete BEFORE DELETE ON crawl_proposals
FOR EACH ROW EXECUTE FUNCTION zwgk_refuse('抓取建议不能删除');
)sql"},
}};

inline constexpr std::int64_t k_schema_version = k_migrations.back().version;

} // namespace zwgk::store::pg
