// The workspace's store: user accounts, sessions, login throttling, the
// append-only audit log, and every version of every data file the office
// has saved (so periods keep their history).
//
// The data directory's files stay the inputs the engine reads — the CLI and
// the server share them and the same engine; the store keeps who changed
// what and all earlier versions. Store is an interface so that a PostgreSQL
// back end can follow without touching the rest; SQLite (store/database.h)
// is the embedded default (one file, WAL, foreign keys, versioned migrations) and
// MemoryStore (memory_store.h) the fake for tests.
//
// Times are Unix seconds, supplied by the caller (the server's clock), so
// tests control them. Text is UTF-8. Methods do not throw; failures of the
// underlying database come back as a Chinese message. Reads that return
// optional/vector/int have no error channel: a failing database reads as
// "nothing found" (the next write reports the failure).
//
// Thread safety: every implementation may be called from many threads at
// once (the server's workers); each method is atomic.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zwgk::store {

enum class Role { Admin, Unit, Viewer };

std::string_view role_code(Role role);                   // "admin", "unit", "viewer"
std::optional<Role> parse_role(std::string_view code);   // also accepts 管理员/单位/只读
std::string_view role_title(Role role);                  // 管理员, 单位用户, 只读用户

inline constexpr std::size_t k_max_user_name_chars = 64;

struct User {
  std::int64_t id = 0;          // assigned by the store
  std::string name;             // login name, unique
  Role role = Role::Viewer;
  std::string unit;             // official unit name, for Role::Unit only
  std::string password_hash;    // argon2id string (auth/password.h)
  std::int64_t created_at = 0;
  bool disabled = false;
  // Set when someone else chose the password (a unit account created with a
  // one-time password, a reset by an administrator): until the user sets
  // their own, the server answers only the account routes (docs/api.md).
  bool must_change_password = false;
};

struct Session {
  std::string token_hash;       // hash of the cookie's token; the token itself is never stored
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

// A browser in which a user has logged in (auth/authenticator.h: its login
// attempts for that user are throttled apart from strangers').
struct LoginDevice {
  std::string token_hash;       // hash of the device cookie's token
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

// What admit_login_attempt() decided: admitted (attempt > 0, to withdraw
// with forget_login_attempt) or refused for retry_after seconds.
struct LoginAdmission {
  std::int64_t attempt = 0;
  std::int64_t retry_after = 0;
};

// Given each key's failure times (newest first, in the order of the keys),
// the seconds the attempt must wait, or nullopt to admit it. Called with the
// store locked: it must be quick and must not call the store.
using LoginRule = std::function<std::optional<std::int64_t>(const std::vector<std::vector<std::int64_t>>& times)>;

struct AuditEntry {
  std::int64_t id = 0;          // assigned by the store, increasing
  std::int64_t at = 0;
  std::string user;             // login name, or "命令行" for CLI changes
  std::string action;           // e.g. "上传文件", "录入检查问题", "登录", "登录失败"
  std::string target;           // what it touched, e.g. "2020Q3/网站发布.csv"
  std::string detail;           // free text, Chinese
};

struct FileVersion {
  std::int64_t id = 0;          // assigned by the store
  std::string path;             // relative to the data directory, "/" separated: "2020Q3/网站发布.csv"
  std::string sha256;           // hex of content
  std::int64_t size = 0;
  std::string saved_by;
  std::int64_t saved_at = 0;
  std::string content;          // empty in listings (file_history), filled by file_version()

  // A deletion is a version too (the history shows who deleted the file and
  // when, and keeps every earlier version): its sha256 is k_deleted, which no
  // hex digest is, and it has no content. Both back ends store it as any
  // other version, so no schema change was needed.
  static constexpr std::string_view k_deleted = "deleted";
  bool deleted() const { return sha256 == k_deleted; }
};

using Status = std::expected<void, std::string>;

// While it lives, no other holder of the database's change hold — in this or another
// process or server instance — gets one (Store::hold_changes). Movable; released when
// destroyed (and by the database when the process holding it dies).
class ChangeHold {
public:
  ChangeHold() = default;
  explicit ChangeHold(std::function<void()> release) : m_release(std::move(release)) {}
  ChangeHold(ChangeHold&& other) noexcept : m_release(std::exchange(other.m_release, nullptr)) {}
  ChangeHold& operator=(ChangeHold&&) = delete;
  ChangeHold(const ChangeHold&) = delete;
  ~ChangeHold() {
    if (m_release) m_release();
  }

private:
  std::function<void()> m_release;
};

// The rules every store applies to a user before adding or updating it
// (both implementations call this, so they refuse the same things): a name
// of 1..k_max_user_name_chars code points of valid UTF-8 without control
// characters or surrounding spaces; a unit for Role::Unit and only for it;
// a non-empty password_hash.
Status check_user(const User& user);

// Whether update_user() changing `before` into `after` ends the user's
// sessions and forgets the user's login devices (both implementations call
// this): a new password, or the account disabled or enabled (sessions made
// before it was disabled never come back).
bool ends_sessions(const User& before, const User& after);

class Store {
public:
  virtual ~Store() = default;

  // Users. add_user ignores user.id, fails if check_user() does or the name
  // is taken (names compare byte for byte), and returns the new id.
  virtual std::expected<std::int64_t, std::string> add_user(const User& user) = 0;
  // Adds every user and the audit entry in one transaction: all or none
  // (the same checks as add_user; the first failure is returned and
  // nothing is added). For accounts created in bulk (auth/unit_accounts.h).
  virtual Status add_users(const std::vector<User>& users, const AuditEntry& entry) = 0;
  // By id: role, unit, password_hash, disabled, must_change_password (name
  // and created_at stay).
  // Fails if there is no such user. When ends_sessions(stored, user) (a new
  // password_hash, the user disabled or enabled), every session of the user
  // ends but the one whose token hash is keep_session ("" for none: an
  // administrator who sets their own password stays logged in), and the
  // user's login devices are forgotten, in the same transaction: an old
  // password or a disabled account opens nothing, not even after the
  // account is enabled again.
  virtual Status update_user(const User& user, std::string_view keep_session) = 0;
  virtual std::optional<User> find_user(std::string_view name) = 0;
  virtual std::optional<User> user_by_id(std::int64_t id) = 0;
  virtual std::vector<User> users() = 0;  // by name

  // Sessions. A session is expired when now >= expires_at; find_session
  // ignores expired ones. put_session inserts, or replaces the session with
  // the same token_hash; it fails if user_id names no user.
  virtual Status put_session(const Session& session) = 0;
  virtual std::optional<Session> find_session(std::string_view token_hash, std::int64_t now) = 0;
  virtual Status delete_session(std::string_view token_hash) = 0;
  // Deletes expired sessions and expired login devices.
  virtual Status delete_expired_sessions(std::int64_t now) = 0;

  // Login devices, as sessions: expired when now >= expires_at; put fails
  // if user_id names no user.
  virtual Status put_login_device(const LoginDevice& device) = 0;
  virtual std::optional<LoginDevice> find_login_device(std::string_view token_hash, std::int64_t now) = 0;

  // Login throttling. A failure is kept per key (the caller's names for
  // what is throttled: a login name, an address, a device); a login attempt
  // is counted as a failure of each of its keys BEFORE its password is
  // checked, so that concurrent attempts cannot all pass one check.
  //
  // admit_login_attempt() is atomic across threads and processes (one
  // SQLite write transaction): it forgets failures of every key before
  // `since`, reads each key's failures since `since`, asks `rule`, and if
  // the rule admits the attempt records a failure at `at` for each key. A
  // refused attempt records nothing. Fails only when the database does.
  virtual std::expected<LoginAdmission, std::string> admit_login_attempt(const std::vector<std::string>& keys,
                                                                         std::int64_t since, std::int64_t at,
                                                                         const LoginRule& rule) = 0;
  // Withdraws an admitted attempt's failures (its password was right).
  virtual Status forget_login_attempt(std::int64_t attempt) = 0;
  // A key's failure times since `since` (inclusive), newest first.
  virtual std::vector<std::int64_t> login_failure_times(std::string_view key, std::int64_t since) = 0;
  virtual Status clear_login_failures(std::string_view key) = 0;

  // The audit log: entries are only ever appended (the SQLite schema also
  // refuses UPDATE and DELETE). Returns the new entry's id.
  virtual std::expected<std::int64_t, std::string> append_audit(const AuditEntry& entry) = 0;
  // Entries with id < before_id (<= 0: from the newest), newest first, at most `limit`.
  virtual std::vector<AuditEntry> audit(std::int64_t before_id, std::size_t limit) = 0;

  // Saves a file version and its audit entry in one transaction. Returns
  // false (and records nothing) when sha256 equals the path's latest
  // version's, so importing the same file twice changes nothing. sha256 is
  // the caller's hex digest of content; the stored size is content.size();
  // version.id is ignored; an empty path fails. Versions, like the audit
  // log, are never changed.
  virtual std::expected<bool, std::string> save_file_version(const FileVersion& version,
                                                             const AuditEntry& entry) = 0;
  // Versions whose path starts with prefix ("" for all), newest first, without content.
  virtual std::vector<FileVersion> file_history(std::string_view path_prefix) = 0;
  virtual std::optional<FileVersion> file_version(std::int64_t id) = 0;
  // Issue 18: the latest version of every path (deletions included), without content,
  // by path; what a data directory kept in the database consists of (app/file_sync.cpp).
  virtual std::vector<FileVersion> current_files() = 0;
  // The newest version's id, 0 for none: a cheap check whether any process saved a version.
  virtual std::int64_t files_version() = 0;

  // Issue 19: a number that changes whenever anything in this store's database may have
  // changed — every store of the same store::Database (accounts, sessions, ledgers, files),
  // written by this process or another. Read it BEFORE reading what a cache keeps, and keep
  // the cache while it stays the same: no query per request. nullopt: the database cannot
  // tell cheaply (PostgreSQL, the in-memory fakes), so every read asks the database.
  virtual std::optional<std::int64_t> change_counter() { return std::nullopt; }
  // Issue 18: excludes every other change of the data files, in any server instance on
  // the same database, for as long as the hold lives: a change reads the files, checks
  // and writes them, and records the version under it, so that two instances never
  // write versions made from the same old file (a lost update). PostgreSQL: a
  // session-level advisory lock on a connection kept for the hold; SQLite and memory:
  // nothing (one server per data directory; its changes take the workspace's mutex).
  virtual std::expected<ChangeHold, std::string> hold_changes() = 0;
};

// The SQLite store is opened with the rest of the database
// (store/database.h): writes go through one connection, one at a time;
// reads through a few other connections beside it (WAL), so that reading
// never waits for a write in progress nor holds one up. Other processes
// (the CLI beside a running server) wait up to a few seconds for each
// other's writes (busy timeout). A new database file is created readable by
// its owner only (it holds password hashes).

// The database's file name in a data directory.
inline constexpr std::string_view k_store_file = "zwgk.db";

} // namespace zwgk::store
