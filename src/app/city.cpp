// The city's assessment of its districts (city.h).
#include "app/city.h"

#include "fs/files.h"
#include "fs/process.h"
#include "render/csv_tables.h"
#include "render/layout.h"
#include "store/database.h"

#include <fmt/format.h>

#include <set>

namespace zwgk::app {
namespace {

// What the error of a call says first.
constexpr std::string_view k_not_gathered = "未汇总区县结果";
constexpr std::string_view k_not_read = "未读取区县结果";

// A problem of the district file, at its entry when there is one.
Error bad(std::string_view title, const std::string& message, const SchemePlace& at = {}) {
  Diagnostics problems;
  problems.error({std::string(k_district_file), {}, at.line, at.column, {}}, message);
  return Error::bad_input(std::string(title), std::move(problems));
}

// The figures of a district's assessed period: over the units its tables rank.
std::expected<std::map<std::string, Decimal>, std::string> figures_of(const Result& result) {
  std::set<UnitId> ranked;
  for (const auto& table : result.tables)
    for (const auto& row : table.rows) ranked.insert(row.unit);
  if (ranked.empty()) return std::unexpected("没有排名的单位");
  Decimal sum, high, low;
  std::int64_t count = 0, clean = 0;
  for (const auto& score : result.units) {
    if (!ranked.contains(score.unit)) continue;
    auto added = sum.plus(score.total);
    if (!added) return std::unexpected("合计超出范围");
    sum = *added;
    high = count == 0 || score.total > high ? score.total : high;
    low = count == 0 || score.total < low ? score.total : low;
    ++count;
    clean += score.deduction.is_zero() ? 1 : 0;
  }
  auto mean = sum.scaled(1, count, 6);
  if (!mean) return std::unexpected("平均分超出范围");
  return std::map<std::string, Decimal>{
      {"单位数", Decimal::from_int(count)},     {"合计", sum},         {"平均分", *mean},
      {"最高分", high},                         {"最低分", low},       {"无扣分单位数", Decimal::from_int(clean)},
      {"有扣分单位数", Decimal::from_int(count - clean)}};
}

// The district's workspace: its data directory, or a working copy of its database's files.
struct OpenedDistrict {
  std::optional<fs::TempDir> copy;
  std::unique_ptr<Workspace> ws;
};

std::expected<OpenedDistrict, std::string> open_district(const Workspace& city, const DistrictSource& d) {
  OpenedDistrict out;
  if (!d.data.empty()) {
    std::filesystem::path dir(d.data);
    if (dir.is_relative()) dir = city.dir() / dir;
    if (!std::filesystem::is_directory(dir)) return std::unexpected(fmt::format("数据目录“{}”不存在", dir.string()));
    auto ws = Workspace::open(dir, city.clock(), Create::No);
    if (!ws) return std::unexpected(ws.error().message);
    out.ws = std::move(*ws);
    return out;
  }
  auto db = store::open_postgres_database(d.store);
  if (!db) return std::unexpected(db.error());
  auto copy = fs::TempDir::create();
  if (!copy) return std::unexpected(copy.error());
  out.ws = Workspace::adopt(copy->path(), OpenedStores{std::move(*db)}, city.clock());
  out.copy.emplace(std::move(*copy));
  if (auto synced = out.ws->sync_files(); !synced) return std::unexpected(synced.error().message);
  return out;
}

// The ranking tables of a district's assessed period, as its bulletin shows them.
std::vector<DistrictTable> tables_of(const AssessedPeriod& assessed) {
  const Scheme& scheme = assessed.workspace.scheme;
  const Registry& registry = assessed.workspace.registry;
  std::vector<DistrictTable> out;
  for (const auto& table : assessed.result.tables) {
    const TableSpec& spec = scheme.tables.at(table.spec);
    if (spec.kind != TableKind::Scores && spec.kind != TableKind::Indicators) continue;
    DistrictTable t{expand_title(spec.title, assessed.result.period), {}};
    for (const auto& row : table.rows)
      t.rows.push_back({row.rank, registry.at(row.unit).display_name(spec.names), assessed.result.units.at(row.unit).total});
    out.push_back(std::move(t));
  }
  return out;
}

enum class Unpublished { Refuse, List };

std::expected<DistrictResult, std::string> read_district(const Workspace& city, const DistrictSource& d,
                                                         const Registry& registry, Period period,
                                                         Unpublished unpublished = Unpublished::Refuse) {
  DistrictResult out;
  out.unit = registry.at(*registry.resolve(d.unit)).name;
  out.source = d.data.empty() ? d.store.substr(d.store.find('@') == std::string::npos ? 0 : d.store.find('@') + 1)
                              : d.data;
  auto opened = open_district(city, d);
  if (!opened) return std::unexpected(opened.error());
  Workspace& ws = *opened->ws;
  out.status = ws.period_info(period).status;
  const bool published = out.status == PeriodStatus::Draft || out.status == PeriodStatus::Final;
  if (!published && unpublished == Unpublished::List) return out;
  if (!published)
    return std::unexpected(fmt::format("{} 尚未公示（{}）：只汇总已公示或已定稿的结果", period.to_string(),
                                       period_status_name(out.status)));
  Diagnostics notes, problems;
  const auto calendar = ws.calendar(problems);
  auto assessed = ws.assess_period(period, calendar, ws.now(), notes);
  if (!assessed) return std::unexpected(fmt::format("{} 无法计算：{}", period.to_string(),
                                                    assessed.error().entries().front().to_string()));
  auto figures = figures_of(assessed->result);
  if (!figures) return std::unexpected(fmt::format("{}：{}", period.to_string(), figures.error()));
  out.figures = std::move(*figures);
  out.tables = tables_of(*assessed);
  return out;
}

// 区县.toml read and checked against the city's registry and scheme as the period loads.
struct CityPlan {
  DistrictFile file;
  ingest::Workspace loaded;
};

std::expected<CityPlan, Error> city_plan(const Workspace& city, Period period, std::string_view title) {
  auto text = fs::read_file(city.dir() / std::string(k_district_file), 1u << 20);
  if (!text) return std::unexpected(bad(title, fmt::format("无法读取 {}：{}", k_district_file, text.error())));
  auto file = parse_district_file(*text, k_district_file);
  if (!file) return std::unexpected(Error::bad_input(std::string(title), file.error()));
  Diagnostics notes;
  auto loaded = city.load(period, notes);
  if (!loaded) return std::unexpected(Error::bad_input(fmt::format("市的数据有错误，{}", title), loaded.error()));
  if (auto problems = check_district_file(*file, loaded->registry, loaded->scheme, k_district_file);
      problems.has_errors())
    return std::unexpected(Error::bad_input(std::string(title), std::move(problems)));
  return CityPlan{std::move(*file), std::move(*loaded)};
}

std::string figure_text(const DistrictResult& d, const std::string& name, std::optional<int> decimals = {}) {
  if (name.empty()) return {};
  const Decimal& value = d.figures.at(name);
  return (decimals ? value.rounded(*decimals).value_or(value) : value).to_string();
}

std::string results_csv(const DistrictFile& file, const std::vector<DistrictResult>& districts) {
  std::vector<std::vector<std::string>> rows{{"单位", "指标", "分子", "分母", "得分"}};
  for (const auto& d : districts)
    for (const auto& f : file.figures)
      rows.push_back({d.unit, f.indicator, figure_text(d, f.numerator), figure_text(d, f.denominator),
                      figure_text(d, f.points, f.decimals)});
  return csv_document(rows, CsvCells::Exact);
}

} // namespace

std::expected<GatheredDistricts, Error> gather_districts(Workspace& city, Period period, const Actor& actor) {
  auto plan = city_plan(city, period, k_not_gathered);
  if (!plan) return std::unexpected(plan.error());
  GatheredDistricts out;
  for (const auto& d : plan->file.districts) {
    auto result = read_district(city, d, plan->loaded.registry, period);
    if (!result) return std::unexpected(bad(k_not_gathered, fmt::format("区县“{}”：{}", d.unit, result.error()), d.at));
    out.districts.push_back(std::move(*result));
  }
  const auto folder = ingest::period_dir(city.dir(), period);
  if (folder.empty())
    return std::unexpected(bad(k_not_gathered, fmt::format("市的数据目录中没有 {} 的文件夹", period.to_string())));
  out.path = folder.filename().generic_string() + "/" + std::string(k_district_results_file);
  auto saved = city.save_generated_file(out.path, results_csv(plan->file, out.districts), actor, "汇总区县结果",
                                        fmt::format("{} 个区县，", out.districts.size()));
  if (!saved) return std::unexpected(saved.error());
  out.changed = *saved;
  return out;
}

std::expected<std::vector<DistrictResult>, Error> district_standings(const Workspace& city, Period period) {
  auto plan = city_plan(city, period, k_not_read);
  if (!plan) return std::unexpected(plan.error());
  std::vector<DistrictResult> out;
  for (const auto& d : plan->file.districts) {
    auto result = read_district(city, d, plan->loaded.registry, period, Unpublished::List);
    if (!result) return std::unexpected(bad(k_not_read, fmt::format("区县“{}”：{}", d.unit, result.error()), d.at));
    out.push_back(std::move(*result));
  }
  return out;
}

} // namespace zwgk::app
