// The trial copy and the data-file test shared by the office's changes (app/trial.h).
#include "app/trial.h"

#include "fs/files.h"
#include "ingest/calendar_dir.h"
#include "scheme/site_file.h"
#include "store/store.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::app::detail {
namespace {

std::vector<std::string_view> split_path(std::string_view relative) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t slash = relative.find('/', start);
    parts.push_back(relative.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

bool is_store_file(const std::filesystem::path& path) {
  return path.filename().string().starts_with(store::k_store_file);
}

} // namespace

std::expected<TrialDir, Error> make_trial(const std::filesystem::path& dir, Period period) {
  auto temp = fs::TempDir::create();
  if (!temp) return std::unexpected(Error::internal(fmt::format("无法准备数据的临时副本：{}", temp.error())));
  std::error_code ec;
  for (const auto& f : fs::list_files(dir))
    if (!is_store_file(f)) std::filesystem::copy_file(f, temp->path() / f.filename(), ec);
  const auto source = ingest::period_dir(dir, period);
  const auto target = temp->path() / (source.empty() ? std::filesystem::path(period.to_string()) : source.filename());
  std::filesystem::create_directory(target, ec);
  if (!source.empty())
    for (const auto& f : fs::list_files(source)) std::filesystem::copy_file(f, target / f.filename(), ec);
  if (ec) return std::unexpected(Error::internal(fmt::format("无法准备数据的临时副本：{}", ec.message())));
  return TrialDir{std::move(*temp), target};
}

std::expected<void, Error> write_whole(const std::filesystem::path& path, const std::string& content) {
  if (auto written = fs::write_files_atomically({{path, content}}); !written)
    return std::unexpected(Error::internal(fmt::format("无法写入数据的临时副本：{}", written.error())));
  return {};
}

Diagnostics trial_problems(const std::filesystem::path& dir, Period period, const Ledgers& ledgers,
                           std::string_view sheet) {
  auto loaded = load_period(dir, period, ledgers, sheet);
  return loaded ? loaded->problems : loaded.error();
}

bool is_data_path(std::string_view relative) {
  const auto parts = split_path(relative);
  for (const auto& part : parts)
    if (part.empty() || part == "." || part == ".." || part.find('\\') != std::string_view::npos) return false;
  if (parts.size() == 1)
    return parts[0] == ingest::k_scheme_file || parts[0] == ingest::k_registry_file ||
           parts[0] == ingest::k_registry_workbook || parts[0] == ingest::k_template_file ||
           parts[0] == k_site_file;
  if (parts.size() != 2) return false;
  const std::filesystem::path name{std::string(parts[1])};
  if (parts[0] == ingest::k_calendar_dir)
    return name.extension() == ".toml" && name.stem().string().size() == 4 &&
           std::all_of(parts[1].begin(), parts[1].begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
  if (!Period::parse(std::string(parts[0]))) return false;
  return parts[1] == ingest::k_template_file || parts[1] == ingest::k_window_file || ingest::input_kind(name).has_value();
}

std::vector<std::filesystem::path> data_file_paths(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> candidates = fs::list_files(dir);
  for (auto& f : fs::list_files(dir / ingest::k_calendar_dir)) candidates.push_back(std::move(f));
  for (Period p : ingest::list_periods(dir))
    for (auto& f : fs::list_files(ingest::period_dir(dir, p))) candidates.push_back(std::move(f));
  std::vector<std::filesystem::path> out;
  for (auto& f : candidates)
    if (is_data_path(relative_path(dir, f))) out.push_back(std::move(f));
  return out;
}

std::string relative_path(const std::filesystem::path& dir, const std::filesystem::path& path) {
  return path.lexically_relative(dir).generic_string();
}

} // namespace zwgk::app::detail
