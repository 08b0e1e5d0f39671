#include "publish/bulletin_template.h"

#include "fs/files.h"
#include "util/encoding.h"

namespace zwgk::publish {
namespace {

constexpr std::uintmax_t k_max_template_bytes = 1u << 20;

std::optional<BulletinTemplate> read_template(const std::filesystem::path& path, const std::filesystem::path& dir,
                                              Diagnostics& problems) {
  const std::string name = path.lexically_relative(dir).string();
  auto bytes = fs::read_file(path, k_max_template_bytes);
  if (!bytes) {
    problems.error({name}, bytes.error());
    return std::nullopt;
  }
  auto text = decode_text(*bytes);
  if (!text) {
    problems.error({name, {}, text.error().line, text.error().column}, text.error().message);
    return std::nullopt;
  }
  return parse_bulletin_template(text->utf8, name, problems);
}

} // namespace

LoadedTemplate load_bulletin_template(const std::filesystem::path& dir, Period period, Diagnostics& problems) {
  LoadedTemplate out;
  const std::filesystem::path quarter = ingest::period_dir(dir, period);
  for (const auto& path : {dir / k_template_file, quarter.empty() ? quarter : quarter / k_template_file}) {
    if (path.empty() || !std::filesystem::is_regular_file(path)) continue;
    out.found = true;
    if (auto read = read_template(path, dir, problems)) out.merged = overlay_template(std::move(out.merged), *read);
  }
  return out;
}

} // namespace zwgk::publish
