#include "fs/output_set.h"

#include "fs/write_steps.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <map>
#include <optional>
#include <set>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace zwgk::fs {
namespace {

namespace stdfs = std::filesystem;

constexpr std::string_view k_current = "current";
constexpr std::string_view k_lock_file = "lock";
constexpr auto k_lock_poll = std::chrono::milliseconds(100);

using Names = std::vector<std::string>;  // paths inside DIR, "/"-separated: "整改提醒/区甲局.txt"
using Version = unsigned long;           // v1, v2, …; 0: none

// What one of the set's names is in DIR now.
enum class Kind { Missing, OwnLink, OtherSetLink, PlainFile, Refused };

// The places of one set.
struct Layout {
  stdfs::path dir;    // the folder the user named
  stdfs::path state;  // DIR/.zwgk/<set>
  std::string set;

  stdfs::path at(const std::string& name) const { return dir / stdfs::path(name); }
  stdfs::path version(Version v) const { return state / fmt::format("v{}", v); }
  // "../" for each folder of `name` above DIR: links are relative, so that
  // the folder can be moved, copied or shared.
  static std::string up(const std::string& name) {
    std::string out;
    for (char c : name)
      if (c == '/') out += "../";
    return out;
  }
  std::string link_target(const std::string& name) const {
    return fmt::format("{}{}/{}/{}/{}", up(name), k_output_state_dir, set, k_current, name);
  }
};

std::string read_link(const stdfs::path& path) {
  std::error_code ec;
  auto target = stdfs::read_symlink(path, ec);
  return ec ? std::string() : target.string();
}

Kind kind_of(const Layout& l, const std::string& name) {
  struct stat st {};
  if (::lstat(l.at(name).c_str(), &st) != 0) return errno == ENOENT ? Kind::Missing : Kind::Refused;
  if (S_ISREG(st.st_mode)) return Kind::PlainFile;
  if (!S_ISLNK(st.st_mode)) return Kind::Refused;
  const std::string target = read_link(l.at(name));
  if (target == l.link_target(name)) return Kind::OwnLink;
  const bool ours = target.starts_with(fmt::format("{}{}/", Layout::up(name), k_output_state_dir));
  return ours ? Kind::OtherSetLink : Kind::Refused;
}

std::string refusal(const stdfs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return fmt::format("无法查看“{}”：{}", display_name(path), steps::reason(errno));
  if (S_ISDIR(st.st_mode))
    return fmt::format("“{}”是一个文件夹，不能换成生成的同名文件：请移走或改名后重试", display_name(path));
  if (S_ISLNK(st.st_mode))
    return fmt::format("“{}”是指向别处的链接，zwgk 不替换它：请移走或改名后重试", display_name(path));
  return fmt::format("“{}”不是普通文件，不能换成生成的同名文件：请移走或改名后重试", display_name(path));
}

// The files' paths inside DIR; refuses names that would be one file on Windows.
std::expected<Names, std::string> names_of(const stdfs::path& dir, const std::vector<OutputFile>& files) {
  if (auto same = same_name_error(files)) return std::unexpected(*same);
  Names out;
  for (const auto& file : files) {
    const stdfs::path relative = file.path.lexically_normal().lexically_relative(dir.lexically_normal());
    bool inside = !relative.empty();
    for (const auto& part : relative) {
      const std::string text = part.string();
      inside = inside && !text.empty() && text != ".." && text != "." && text != k_output_state_dir;
    }
    if (!inside) return std::unexpected(fmt::format("“{}”不在输出目录“{}”中", display_name(file.path), display_name(dir)));
    out.push_back(relative.generic_string());
  }
  return out;
}

// Each name's kind, or why one cannot be replaced (a folder, a foreign link,
// a folder on its way that is not one). Changes nothing.
std::expected<std::vector<Kind>, std::string> check_names(const Layout& l, const Names& names) {
  std::vector<Kind> kinds;
  for (const auto& name : names) {
    stdfs::path folder = l.dir;
    const stdfs::path relative(name);
    for (auto part = relative.begin(); std::next(part) != relative.end(); ++part) {
      folder /= *part;
      struct stat st {};
      if (::lstat(folder.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
        return std::unexpected(fmt::format("“{}”不是文件夹，不能在其中生成文件", display_name(folder)));
    }
    kinds.push_back(kind_of(l, name));
    if (kinds.back() == Kind::Refused) return std::unexpected(refusal(l.at(name)));
  }
  return kinds;
}

// The folder's lock, held while a run installs: two runs take turns.
class FolderLock {
public:
  static std::expected<FolderLock, std::string> take(const stdfs::path& file, std::chrono::seconds wait) {
    if (int code = steps::injected_failure("lock " + file.string()))
      return std::unexpected(fmt::format("无法锁定“{}”：{}", display_name(file), steps::reason(code)));
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return std::unexpected(fmt::format("无法锁定“{}”：{}", display_name(file), steps::reason(errno)));
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int code = errno;
      if (code == EINTR) continue;
      if (code == EWOULDBLOCK && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(k_lock_poll);
        continue;
      }
      ::close(fd);
      if (code == EWOULDBLOCK)
        return std::unexpected(fmt::format("另一个 zwgk 正在向“{}”写入文件（已等待 {} 秒），请稍后再试",
                                           display_name(file.parent_path().parent_path()), wait.count()));
      return std::unexpected(fmt::format("无法锁定“{}”：{}", display_name(file), steps::reason(code)));
    }
    return FolderLock(fd);
  }
  FolderLock(FolderLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  FolderLock& operator=(FolderLock&&) = delete;
  ~FolderLock() {
    if (m_fd >= 0) ::close(m_fd);
  }

private:
  explicit FolderLock(int fd) : m_fd(fd) {}
  int m_fd;
};

// "v7" → 7; 0 for any other name.
Version version_number(std::string_view name) {
  if (!name.starts_with('v') || name.size() < 2) return 0;
  Version v = 0;
  auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), v);
  return ec == std::errc() && end == name.data() + name.size() ? v : 0;
}

std::vector<Version> versions(const Layout& l) {
  std::vector<Version> out;
  std::error_code ec;
  for (const auto& entry : stdfs::directory_iterator(l.state, ec))
    if (Version v = version_number(entry.path().filename().string()); v && entry.is_directory(ec)) out.push_back(v);
  std::ranges::sort(out);
  return out;
}

Version current_version(const Layout& l) {
  return version_number(read_link(l.state / k_current));
}

// The regular files under root, as names.
Names files_in(const stdfs::path& root) {
  Names out;
  std::error_code ec;
  for (auto it = stdfs::recursive_directory_iterator(root, ec); !ec && it != stdfs::recursive_directory_iterator();
       it.increment(ec))
    if (it->symlink_status(ec).type() == stdfs::file_type::regular)
      out.push_back(it->path().lexically_relative(root).generic_string());
  std::ranges::sort(out);
  return out;
}

// Creates the folders of `name` under root; each one made is added to `made`.
std::expected<void, std::string> make_folders(const stdfs::path& root, const std::string& name,
                                              std::set<stdfs::path>* made = nullptr) {
  stdfs::path folder = root;
  const stdfs::path relative(name);
  for (auto part = relative.begin(); std::next(part) != relative.end(); ++part) {
    folder /= *part;
    std::error_code ec;
    if (stdfs::is_directory(stdfs::symlink_status(folder, ec))) continue;
    if (auto made_one = steps::make_directory(folder); !made_one) return made_one;
    if (made) made->insert(folder.parent_path());
  }
  return {};
}

// Flushes every folder under root (deepest first) and root.
std::expected<void, std::string> sync_folders(const stdfs::path& root) {
  std::vector<stdfs::path> folders{root};
  std::error_code ec;
  for (auto it = stdfs::recursive_directory_iterator(root, ec); !ec && it != stdfs::recursive_directory_iterator();
       it.increment(ec))
    if (it->symlink_status(ec).type() == stdfs::file_type::directory) folders.push_back(it->path());
  for (auto it = folders.rbegin(); it != folders.rend(); ++it)
    if (auto synced = steps::sync(*it); !synced) return synced;
  return {};
}

// Points `current` at version v: one rename, the moment the folder changes.
std::expected<void, std::string> switch_current(const Layout& l, Version v) {
  const stdfs::path temp = l.state / (std::string(k_current) + steps::temp_suffix());
  if (auto linked = steps::make_symlink(l.version(v).filename().string(), temp); !linked)
    return std::unexpected(linked.error().message);
  if (auto renamed = steps::rename(temp, l.state / k_current); !renamed) {
    (void)steps::remove(temp);
    return renamed;
  }
  return steps::sync(l.state);
}

// A version written whole under a temporary name by `fill`, flushed, then
// given its name: a version folder without ".tmp-" is always complete.
template <class Fill>
std::expected<void, std::string> make_version(const Layout& l, Version v, Fill fill) {
  const stdfs::path temp = l.state / (l.version(v).filename().string() + steps::temp_suffix());
  auto made = steps::make_directory(temp);
  if (made) made = fill(temp);
  if (made) made = sync_folders(temp);
  if (made) made = steps::rename(temp, l.version(v));
  if (made) made = steps::sync(l.state);
  if (!made) (void)steps::remove(temp);
  return made;
}

// Files that DIR shows under the set's names but that are not the set's
// links (plain files, other sets' links) are first taken into a new current
// version beside the current one's files, so that replacing them by links
// changes nothing a reader sees.
std::expected<void, std::string> adopt(const Layout& l, const Names& names, const std::vector<Kind>& kinds,
                                       Version& next) {
  std::map<std::string, stdfs::path> taken;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::error_code ec;
    if (kinds[i] == Kind::PlainFile || (kinds[i] == Kind::OtherSetLink && stdfs::is_regular_file(l.at(names[i]), ec)))
      taken.emplace(names[i], stdfs::canonical(l.at(names[i]), ec));
  }
  if (taken.empty()) return {};
  const Version current = current_version(l);
  auto filled = make_version(l, next, [&](const stdfs::path& temp) -> std::expected<void, std::string> {
    Names old = current ? files_in(l.version(current)) : Names{};
    for (const auto& name : old)
      if (!taken.contains(name)) taken.emplace(name, l.version(current) / stdfs::path(name));
    for (const auto& [name, source] : taken) {
      auto copied = make_folders(temp, name);
      if (copied) copied = steps::link_or_copy(source, temp / stdfs::path(name));
      if (!copied) return copied;
    }
    return {};
  });
  if (!filled) return filled;
  return switch_current(l, next++);
}

std::expected<void, std::string> write_version(const Layout& l, const Names& names,
                                               const std::vector<OutputFile>& files, Version v) {
  return make_version(l, v, [&](const stdfs::path& temp) -> std::expected<void, std::string> {
    for (std::size_t i = 0; i < files.size(); ++i) {
      const stdfs::path path = temp / stdfs::path(names[i]);
      auto written = make_folders(temp, names[i]);
      if (written) written = files[i].write ? files[i].write(path) : steps::write_new_file(path, files[i].content);
      if (written && files[i].write) written = steps::sync(path);
      if (!written) return written;
    }
    return {};
  });
}

// Every name becomes the set's link (a name missing from the current
// version shows nothing until the switch, as before it).
std::expected<void, std::string> link_names(const Layout& l, const Names& names) {
  std::set<stdfs::path> touched;
  for (const auto& name : names) {
    if (kind_of(l, name) == Kind::OwnLink) continue;
    if (auto made = make_folders(l.dir, name, &touched); !made) return made;
    const stdfs::path path = l.at(name);
    const stdfs::path temp = path.string() + steps::temp_suffix();
    if (auto linked = steps::make_symlink(l.link_target(name), temp); !linked)
      return std::unexpected(linked.error().message);
    if (auto renamed = steps::rename(temp, path); !renamed) {
      (void)steps::remove(temp);
      return renamed;
    }
    touched.insert(path.parent_path());
  }
  for (const auto& folder : touched)
    if (auto synced = steps::sync(folder); !synced) return synced;
  return {};
}

// After the switch: links of names the new set lacks go, and versions other
// than the current and the previous one. Failures only leave clutter: notes.
void tidy(const Layout& l, const Names& names, Version previous, Version current, std::vector<std::string>& notes) {
  const std::set<std::string> now(names.begin(), names.end());
  std::set<std::string> before;
  const auto all = versions(l);
  for (Version v : all)
    if (v != current)
      for (auto& name : files_in(l.version(v))) before.insert(std::move(name));
  std::set<stdfs::path> touched;
  for (const auto& name : before) {
    if (now.contains(name) || kind_of(l, name) != Kind::OwnLink) continue;
    if (auto removed = steps::remove(l.at(name)); !removed) notes.push_back(removed.error());
    touched.insert(l.at(name).parent_path());
  }
  for (const auto& folder : touched) (void)steps::sync(folder);
  for (Version v : all)
    if (v != current && v != previous)
      if (auto removed = steps::remove(l.version(v)); !removed) notes.push_back(removed.error());
}

// Removes what killed runs left: temporaries in the set's folder (only runs
// holding the lock make them) and beside the set's names in DIR.
void remove_leftovers(const Layout& l, const Names& names) {
  std::error_code ec;
  for (const auto& entry : stdfs::directory_iterator(l.state, ec))
    if (steps::temp_owner(entry.path().filename().string())) (void)steps::remove(entry.path());
  for (const auto& name : names) steps::remove_dead_temporaries(l.at(name), steps::TempLinks::Remove);
}

// False where the file system has no symbolic links (FAT, some network shares).
std::expected<bool, std::string> links_work(const Layout& l) {
  const stdfs::path probe = l.state / ("probe" + steps::temp_suffix());
  auto linked = steps::make_symlink("v0", probe);
  if (linked) {
    if (auto removed = steps::remove(probe); !removed) return std::unexpected(removed.error());
    return true;
  }
  const int code = linked.error().code;
  if (code == EPERM || code == EOPNOTSUPP || code == ENOSYS) return false;
  return std::unexpected(linked.error().message);
}

std::expected<void, std::string> make_state_folders(const Layout& l) {
  std::error_code ec;
  stdfs::create_directories(l.dir, ec);
  if (ec) return std::unexpected(fmt::format("无法创建目录“{}”：{}", display_name(l.dir), steps::reason(ec.value())));
  auto made = steps::make_directory(l.state.parent_path());
  if (made) made = steps::make_directory(l.state);
  return made;
}

std::expected<InstalledSet, std::string> install_locked(const Layout& l, const Names& names,
                                                       const std::vector<OutputFile>& files) {
  auto kinds = check_names(l, names);  // again: the folder may have changed while we waited
  if (!kinds) return std::unexpected(kinds.error());
  auto links = links_work(l);
  if (!links) return std::unexpected(links.error());
  if (!*links) {
    auto written = write_files_atomically(files);
    if (!written) return std::unexpected(written.error());
    return InstalledSet{{fmt::format("“{}”所在的文件系统不支持符号链接，文件已逐个替换，而不是整套同时替换",
                                     display_name(l.dir))}};
  }
  remove_leftovers(l, names);
  const auto existing = versions(l);
  Version next = existing.empty() ? 1 : existing.back() + 1;
  if (auto adopted = adopt(l, names, *kinds, next); !adopted) return std::unexpected(adopted.error());
  const Version previous = current_version(l);
  const Version v = next;
  if (auto written = write_version(l, names, files, v); !written) return std::unexpected(written.error());
  if (auto linked = link_names(l, names); !linked) return std::unexpected(linked.error());
  if (auto switched = switch_current(l, v); !switched) return std::unexpected(switched.error());
  InstalledSet result;
  tidy(l, names, previous, v, result.notes);
  return result;
}

} // namespace

std::expected<InstalledSet, std::string> install_output_set(const std::filesystem::path& dir, std::string_view set,
                                                           const std::vector<OutputFile>& files,
                                                           std::chrono::seconds lock_wait) {
  if (set.empty() || set.find('/') != std::string_view::npos || set.starts_with('.'))
    return std::unexpected(fmt::format("输出的名称“{}”不能用作文件夹名", set));
  auto names = names_of(dir, files);
  if (!names) return std::unexpected(names.error());
  const Layout l{dir, dir / k_output_state_dir / stdfs::path(std::string(set)), std::string(set)};
  if (auto kinds = check_names(l, *names); !kinds) return std::unexpected(kinds.error());  // before creating anything
  if (auto made = make_state_folders(l); !made) return std::unexpected(made.error());
  auto lock = FolderLock::take(l.state.parent_path() / k_lock_file, lock_wait);
  if (!lock) return std::unexpected(lock.error());
  return install_locked(l, *names, files);
}

} // namespace zwgk::fs
