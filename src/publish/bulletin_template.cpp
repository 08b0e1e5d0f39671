#include "publish/bulletin_template.h"

#include "fs/files.h"
#include "ingest/calendar_dir.h"
#include "util/encoding.h"

#include <fmt/format.h>

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

std::expected<BulletinText, Diagnostics> bulletin_text(const ingest::Workspace& ws, const Result& result,
                                                       const std::vector<LaidOutTable>& tables,
                                                       std::vector<std::string>& notes) {
  Diagnostics problems;
  auto loaded = load_bulletin_template(ws.dir, ws.period, problems);
  if (!loaded.found)
    notes.push_back(fmt::format("数据目录中没有 {}，通报.docx 只有标题、附件说明和附件；正文模板的写法见 docs/bulletin.md。",
                                k_template_file));
  // The calendar matters only for a deadline worked out from it: its own
  // problems are shown when the text cannot be filled (they may be why).
  Diagnostics calendar_problems;
  const WorkCalendar calendar = ingest::load_calendar(ws.dir, calendar_problems);
  auto text = fill_bulletin(loaded.merged, result, ws.scheme, ws.registry, tables, calendar);
  if (!text) {
    problems.append(text.error());
    problems.append(calendar_problems);
  }
  if (problems.has_errors()) return std::unexpected(std::move(problems));
  return std::move(*text);
}

} // namespace zwgk::publish
