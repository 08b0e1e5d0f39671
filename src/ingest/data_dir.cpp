#include "ingest/data_dir.h"

#include "engine/completeness.h"

#include "engine/assess.h"
#include "engine/indicators.h"
#include "fs/files.h"
#include "ingest/calendar_dir.h"
#include "ingest/chunks.h"
#include "ingest/importers.h"
#include "ingest/registry_cache.h"
#include "util/encoding.h"
#include "scheme/checks.h"
#include "scheme/parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace zwgk::ingest {
namespace {

struct KindPrefix {
  std::string_view prefix;
  RecordKind kind;
};
constexpr std::array<KindPrefix, 5> k_kinds = {{{"网站发布", RecordKind::Published},
                                               {"投稿", RecordKind::Submissions},
                                               {"采用", RecordKind::Adoptions},
                                               {"检查", RecordKind::Findings},
                                               {"指标", RecordKind::Indicators}}};

std::string relative_name(const std::filesystem::path& dir, const std::filesystem::path& file) {
  return std::filesystem::relative(file, dir).generic_string();
}

// A scheme is a few kilobytes (Linzi's: 5 KB); anything near this is not one,
// and reading it whole must not cost much memory.
constexpr std::uintmax_t k_max_scheme_bytes = 16u << 20;


std::optional<Period> choose_period(const std::filesystem::path& dir, std::optional<Period> wanted,
                                    Diagnostics& out) {
  auto periods = list_periods(dir);
  if (wanted) {
    if (std::find(periods.begin(), periods.end(), *wanted) != periods.end()) return wanted;
    out.error({}, fmt::format("数据目录“{}”中没有 {} 的文件夹", dir.string(), wanted->to_string()));
    return std::nullopt;
  }
  if (std::adjacent_find(periods.begin(), periods.end()) != periods.end()) {
    out.error({}, fmt::format("数据目录“{}”中同一季度有两个文件夹（如“2020Q3”和“2020年第三季度”），请合并为一个",
                              dir.string()));
    return std::nullopt;
  }
  if (periods.empty()) {
    out.error({}, fmt::format("数据目录“{}”中没有季度文件夹（如 2020Q3）", dir.string()));
    return std::nullopt;
  }
  return default_period(dir);
}

// The kind of a quarter file by its name's prefix and extension (.csv or .xlsx in any case).
const KindPrefix* kind_of(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  auto ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext != ".csv" && ext != ".xlsx") return k_kinds.end();
  return std::find_if(k_kinds.begin(), k_kinds.end(), [&](const auto& k) { return name.starts_with(k.prefix); });
}

void import_period(Workspace& ws, const std::filesystem::path& period_dir, Diagnostics& out,
                   Diagnostics& notes, const ProgressFn& progress) {
  ImportContext ctx{ws.registry, ws.scheme, ws.period, ws.data, out, progress};
  for (const auto& file : fs::list_files(period_dir)) {
    auto name = file.filename().string();
    if (name == k_template_file) continue;  // the bulletin's text, read by `report`
    if (name == k_window_file) continue;    // the period's window, read by load_data_dir
    auto it = kind_of(file);
    if (it == k_kinds.end()) {
      // 指标 files are named only where the scheme has indicators (else the words stay as they were).
      notes.warning({relative_name(ws.dir, file), {}, 0, 0, {}},
                    fmt::format("未识别的文件，已忽略（文件名应以“网站发布”“投稿”“采用”“检查”{}开头，扩展名为 .csv 或 .xlsx）",
                                ws.scheme.indicators.empty() ? "" : "“指标”"));
      continue;
    }
    import_records(it->kind, file, relative_name(ws.dir, file), ws.sheet, ctx);
  }
}

// The registry's file name: 单位名录.csv or 单位名录.xlsx, exactly one of them.
std::optional<std::string_view> find_registry(const std::filesystem::path& dir, Diagnostics& out) {
  std::error_code ec;
  bool csv = std::filesystem::exists(dir / k_registry_file, ec);
  bool xlsx = std::filesystem::exists(dir / k_registry_workbook, ec);
  if (csv && xlsx) {
    out.error({}, fmt::format("数据目录中同时有“{}”和“{}”，不知道该读哪一个；请只保留正在维护的那一个，"
                              "把另一个删除或移出数据目录",
                              k_registry_file, k_registry_workbook));
    return std::nullopt;
  }
  if (!csv && !xlsx) {
    out.error({}, fmt::format("数据目录中没有单位名录（{} 或 {}）", k_registry_file, k_registry_workbook));
    return std::nullopt;
  }
  return csv ? k_registry_file : k_registry_workbook;
}

} // namespace

std::optional<Scheme> load_scheme(const std::filesystem::path& dir, Diagnostics& out) {
  Location where{std::string(k_scheme_file), {}, 0, 0, {}};
  std::error_code ec;
  if (!std::filesystem::exists(dir / k_scheme_file, ec) && !ec) {
    out.error(where, "数据目录中没有考核方案文件（写法见 docs/scheme.md）");
    return std::nullopt;
  }
  auto bytes = fs::read_file(dir / k_scheme_file, k_max_scheme_bytes);
  if (!bytes) {
    out.error(where, bytes.error());
    return std::nullopt;
  }
  auto text = decode_text(*bytes);  // staff may save it from Notepad as GB18030
  if (!text) {
    out.error(location_in(where, text.error().line, text.error().column), text.error().message);
    return std::nullopt;
  }
  auto scheme = parse_scheme(text->utf8, k_scheme_file);
  if (!scheme) {
    out.append(scheme.error());
    return std::nullopt;
  }
  return std::move(*scheme);
}

std::optional<Registry> load_registry(const std::filesystem::path& dir, Diagnostics& out) {
  auto scheme = load_scheme(dir, out);
  if (!scheme) return std::nullopt;
  auto file = find_registry(dir, out);
  if (!file) return std::nullopt;
  Registry registry;
  SourceFiles sources;
  import_registry(dir / *file, std::string(*file), {}, *scheme, registry, sources, out);
  if (out.has_errors()) return std::nullopt;
  return registry;
}

std::vector<Period> list_periods(const std::filesystem::path& dir) {
  std::vector<Period> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (std::error_code entry_ec; entry.is_directory(entry_ec))
      if (auto p = Period::parse(entry.path().filename().string())) out.push_back(*p);
  std::sort(out.begin(), out.end());
  return out;
}

bool has_data(const std::filesystem::path& dir, Period period) {
  const auto folder = period_dir(dir, period);
  if (folder.empty()) return false;
  const auto files = fs::list_files(folder);
  return std::any_of(files.begin(), files.end(), [](const auto& f) { return input_kind(f).has_value(); });
}

std::optional<Period> default_period(const std::filesystem::path& dir) {
  const auto periods = list_periods(dir);
  for (auto it = periods.rbegin(); it != periods.rend(); ++it)
    if (has_data(dir, *it)) return *it;
  if (periods.empty()) return std::nullopt;
  return periods.back();
}

std::expected<Workspace, Diagnostics> load_data_dir(const std::filesystem::path& dir,
                                                    std::optional<Period> period,
                                                    Diagnostics& notes,
                                                    const ProgressFn& progress,
                                                    std::string_view sheet) {
  Diagnostics out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    out.error({}, ec ? fmt::format("无法读取数据目录“{}”：{}", dir.string(), fs::error_text(ec))
                     : fmt::format("数据目录“{}”不存在", dir.string()));
    return std::unexpected(out);
  }
  Workspace ws;
  ws.dir = dir;
  auto scheme = load_scheme(dir, out);
  auto chosen = choose_period(dir, period, out);
  if (!scheme || !chosen) return std::unexpected(out);
  ws.scheme = std::move(*scheme);
  ws.period = *chosen;
  ws.sheet = std::string(sheet);
  auto registry = find_registry(dir, out);
  if (!registry) return std::unexpected(out);
  import_registry_once(dir / *registry, std::string(*registry), ws.sheet, dir / k_scheme_file, ws.scheme, ws.registry,
                       ws.data.sources, ws.problems);
  if (ws.registry.size() == 0) {
    out.append(ws.problems);
    return std::unexpected(out);
  }
  if (ws.problems.has_errors()) {
    ws.registry.mark_incomplete();
    ws.problems.warning({std::string(*registry), {}, 0, 0, {}},
                        "单位名录有错误，没有完整读入：改正之前，季度文件中的单位名称不与名录核对"
                        "（名录之外的名称不报“未知单位”）");
  } else {
    ws.problems.append(scheme_warnings(ws.scheme, ws.registry, ws.period));
  }
  ws.data.window = period_window(dir, ws.scheme, ws.period, ws.problems);
  for (const auto& dir_entry : std::filesystem::directory_iterator(dir, ec)) {
    if (std::error_code entry_ec; !dir_entry.is_directory(entry_ec)) continue;
    auto p = Period::parse(dir_entry.path().filename().string());
    if (p && *p == ws.period) import_period(ws, dir_entry.path(), ws.problems, notes, progress);
  }
  if (ec) ws.problems.error({}, fmt::format("无法读取数据目录“{}”：{}", dir.string(), fs::error_text(ec)));
  return ws;
}

std::optional<std::string_view> input_kind(const std::filesystem::path& file) {
  const KindPrefix* kind = kind_of(file);
  if (kind == k_kinds.end()) return std::nullopt;
  return kind->prefix;
}

std::filesystem::path period_dir(const std::filesystem::path& dir, Period period) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (std::error_code entry_ec; entry.is_directory(entry_ec))
      if (auto p = Period::parse(entry.path().filename().string()); p && *p == period) return entry.path();
  return {};
}

Diagnostics all_problems(const Workspace& ws) {
  Diagnostics problems = ws.problems;
  problems.append(validate_dataset(ws.registry, ws.scheme, ws.data, ws.period));
  // Units left out of a file whose rows were not all read are not news.
  if (!problems.has_errors()) problems.append(completeness_warnings(ws.registry, ws.data));
  if (!problems.has_errors() && !ws.scheme.indicators.empty())
    problems.append(indicator_completeness_warnings(ws.registry, ws.scheme, ws.data));
  return problems;
}

} // namespace zwgk::ingest
