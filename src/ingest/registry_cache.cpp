#include "ingest/registry_cache.h"

#include "ingest/importers.h"

#include <atomic>
#include <mutex>
#include <optional>

#include <sys/stat.h>

namespace zwgk::ingest {
namespace {

// What says a file is still the one read: nullopt when it cannot be looked at.
struct FileIdentity {
  std::string path;
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t seconds = 0, nanoseconds = 0;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

std::optional<FileIdentity> identity_of(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{path.string(), static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                      static_cast<std::uint64_t>(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
}

struct Key {
  FileIdentity registry, scheme;
  std::string display_name, sheet;
  friend bool operator==(const Key&, const Key&) = default;
};

std::optional<Key> key_of(const std::filesystem::path& registry_path, const std::string& display_name,
                          std::string_view sheet, const std::filesystem::path& scheme_path) {
  auto registry = identity_of(registry_path);
  auto scheme = identity_of(scheme_path);
  if (!registry || !scheme) return std::nullopt;
  return Key{std::move(*registry), std::move(*scheme), display_name, std::string(sheet)};
}

struct Kept {
  Key key;
  Registry registry;
  SourceFiles sources;
  Diagnostics problems;
};

std::mutex g_mutex;
std::optional<Kept> g_kept;  // guarded by g_mutex
std::atomic<std::uint64_t> g_imports{0};

} // namespace

void import_registry_once(const std::filesystem::path& registry_path, const std::string& display_name,
                          std::string_view sheet, const std::filesystem::path& scheme_path, const Scheme& scheme,
                          Registry& registry, SourceFiles& sources, Diagnostics& problems) {
  const bool fresh = sources.size() == 0 && problems.total_count() == 0;
  const auto before = fresh ? key_of(registry_path, display_name, sheet, scheme_path) : std::nullopt;
  if (before) {
    std::lock_guard lock(g_mutex);
    if (g_kept && g_kept->key == *before) {
      registry = g_kept->registry;
      sources = g_kept->sources;
      problems = g_kept->problems;
      return;
    }
  }
  g_imports.fetch_add(1, std::memory_order_relaxed);
  import_registry(registry_path, display_name, sheet, scheme, registry, sources, problems);
  if (!before || key_of(registry_path, display_name, sheet, scheme_path) != before) return;
  std::lock_guard lock(g_mutex);
  g_kept = Kept{*before, registry, sources, problems};
}

std::uint64_t registry_imports() { return g_imports.load(std::memory_order_relaxed); }

} // namespace zwgk::ingest
