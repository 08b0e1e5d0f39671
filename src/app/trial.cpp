// The trial copy and the data-file test shared by the office's changes (app/trial.h).
#include "app/trial.h"

#include "fs/files.h"
#include "store/store.h"

#include <fmt/format.h>

namespace zwgk::app::detail {
namespace {

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

bool is_data_file(const std::filesystem::path& path, Level level) {
  const std::string name = path.filename().string();
  if (name == ingest::k_template_file) return true;
  if (level == Level::Top)
    return name == ingest::k_scheme_file || name == ingest::k_registry_file || name == ingest::k_registry_workbook;
  return ingest::input_kind(path).has_value();
}

std::string relative_path(const std::filesystem::path& dir, const std::filesystem::path& path) {
  return path.lexically_relative(dir).generic_string();
}

} // namespace zwgk::app::detail
