// A period's lifecycle: its status (未开始 until its folder holds data), the
// default period, creating a period with its bulletin fields (成文日期, 整改期限
// proposed from the working-day calendar by the scheme's rectification rule),
// editing those fields, and whether the bulletin may be published or
// downloaded (readiness). Every write goes through write_and_record (the
// disk first, then the file's version) and is audited.
#include "app/workspace.h"

#include "fs/files.h"
#include "ingest/calendar_dir.h"
#include "publish/check.h"
#include "scheme/calendar_file.h"
#include "util/encoding.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace zwgk::app {
namespace {

// A template is a few hundred bytes; a larger file is not one.
constexpr std::uintmax_t k_max_template_bytes = 1u << 20;

struct StatusNames {
  PeriodStatus status;
  std::string_view name, code;
};

constexpr std::array<StatusNames, 4> k_status_names = {{
    {PeriodStatus::NotStarted, "未开始", "not_started"},
    {PeriodStatus::Open, "进行中", "open"},
    {PeriodStatus::Draft, "已公示", "draft"},
    {PeriodStatus::Final, "已定稿", "final"},
}};

std::string chinese_date(Date d) { return fmt::format("{}年{}月{}日", d.year, d.month, d.day); }

Error bad_input(std::string message) {
  Diagnostics d;
  d.error({}, message);
  return Error::bad_input(std::move(message), std::move(d));
}

// Whether a template line states `name` ("成文日期：…", either colon).
bool states_field(std::string_view line, std::string_view name) {
  line = trim(line);
  if (!line.starts_with(name)) return false;
  line = trim(line.substr(name.size()));
  return line.starts_with("：") || line.starts_with(":");
}

// `text` with its 成文日期 and 整改期限 lines (before 正文) replaced by `fields`.
std::string with_fields(std::string_view text, const PeriodFields& fields) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::vector<std::string> out;
  std::optional<std::size_t> at;
  bool body = false;
  for (auto& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!body && states_field(line, "正文")) body = true;
    if (!body && (states_field(line, "成文日期") || states_field(line, "整改期限"))) {
      if (!at) at = out.size();
      continue;
    }
    out.push_back(line);
  }
  if (!at) {  // after the leading comments
    at = 0;
    while (*at < out.size() && out[*at].starts_with('#')) ++*at;
  }
  std::vector<std::string> stated;
  if (fields.published) stated.push_back("成文日期：" + chinese_date(*fields.published));
  if (fields.deadline) stated.push_back("整改期限：" + chinese_date(*fields.deadline));
  out.insert(out.begin() + static_cast<std::ptrdiff_t>(*at), stated.begin(), stated.end());
  while (!out.empty() && out.back().empty()) out.pop_back();
  return join(out, "\n") + "\n";
}

std::string fields_text(const PeriodFields& f, bool proposed) {
  return fmt::format("成文日期 {}，整改期限 {}{}", f.published ? f.published->to_string() : "未填",
                     f.deadline ? f.deadline->to_string() + (proposed ? "（按工作日历推算）" : "") : "未填",
                     f.window ? "，考核期 " + f.window->to_string() : "");
}

} // namespace

std::string_view period_status_name(PeriodStatus status) {
  for (const auto& s : k_status_names)
    if (s.status == status) return s.name;
  return {};
}

std::string_view period_status_code(PeriodStatus status) {
  for (const auto& s : k_status_names)
    if (s.status == status) return s.code;
  return {};
}

std::vector<std::string> bulletin_reasons(const Diagnostics& problems, const std::string& message) {
  std::vector<std::string> out;
  for (const auto& d : problems.entries())
    if (d.severity == Severity::Error) {
      const std::string place = d.where.describe();  // the reason's own prefix, not a second "错误："
      out.push_back("通报不能生成：" + (place.empty() ? "" : place + "：") + d.message);
    }
  if (out.empty()) out.push_back("通报不能生成：" + message);
  return out;
}

std::vector<std::string> readiness(const LoadedPeriod& loaded, bool has_data, BulletinCheck check) {
  std::vector<std::string> out;
  auto add = [&out](std::string reason) {
    if (std::find(out.begin(), out.end(), reason) == out.end()) out.push_back(std::move(reason));
  };
  const std::string pid = loaded.ws.period.to_string();
  if (!has_data) add(fmt::format("{} 还没有任何数据文件（未开始）：请先在“数据录入”中上传数据文件或录入检查问题", pid));
  if (loaded.problems.has_errors())
    add(fmt::format("{} 的数据有 {} 个错误（zwgk check 不通过）：请先在“数据录入”中改正", pid,
                    loaded.problems.error_count()));
  if (!loaded.dates.published) add(fmt::format("{} 的通报模板没有写成文日期：请在“发布”页点“修改通报日期”填写", pid));
  for (const auto& d : loaded.followup_problems.entries())
    if (d.severity == Severity::Error) add(d.to_string());
  if (!loaded.result || check == BulletinCheck::Skip) return out;
  // The check `zwgk check` runs, so that both refuse the same bulletins.
  if (auto problems = publish::check_report(loaded.ws, *loaded.result); problems.has_errors())
    for (auto& reason : bulletin_reasons(problems, "")) add(std::move(reason));
  return out;
}

PeriodInfo Workspace::period_info(Period period) const {
  PeriodInfo info{period, ingest::has_data(m_dir, period), PeriodStatus::NotStarted};
  const auto stage = annual::publication(period, events());
  if (stage.final_at) info.status = PeriodStatus::Final;
  else if (stage.draft) info.status = PeriodStatus::Draft;
  else if (info.has_data) info.status = PeriodStatus::Open;
  return info;
}

std::optional<Period> Workspace::default_period() const { return ingest::default_period(m_dir); }

std::vector<std::string> Workspace::readiness(Period period) const {
  auto loaded = load_period(period);
  if (!loaded) {
    std::vector<std::string> out;
    for (const auto& d : loaded.error().entries()) out.push_back(d.to_string());
    return out;
  }
  return app::readiness(*loaded, ingest::has_data(m_dir, period));
}

std::expected<Date, Error> Workspace::proposed_deadline(Period period, Date published) const {
  Diagnostics problems;
  auto scheme = ingest::load_scheme(m_dir, problems);
  if (!scheme) return std::unexpected(Error::bad_input("考核方案有错误，无法推算整改期限", std::move(problems)));
  const WorkCalendar calendar = this->calendar(problems);
  if (problems.has_errors()) return std::unexpected(Error::bad_input("工作日历有错误，无法推算整改期限", std::move(problems)));
  std::vector<std::string> why;
  auto deadline = annual::resolve_deadline(*scheme, {published, std::nullopt}, calendar, period, why);
  if (!deadline) return std::unexpected(bad_input(why.empty() ? "无法推算整改期限" : why.front() + "；请手工填写整改期限"));
  return *deadline;
}

std::expected<PeriodFields, Error> Workspace::period_fields(Period period) const {
  if (ingest::period_dir(m_dir, period).empty())
    return std::unexpected(Error::not_found(fmt::format("没有季度 {}", period.to_string())));
  Diagnostics problems;
  auto dates = period_dates(period, problems);
  return PeriodFields{dates.published, dates.deadline};
}

namespace {

// The calendar years a period with these fields needs: its own year and
// the years of its dates. BadInput names the first 日历/YYYY.toml missing.
std::expected<void, Error> check_calendar(const WorkCalendar& calendar, Period period, const PeriodFields& f) {
  std::vector<int> years{period.year};
  if (f.published) years.push_back(f.published->year);
  if (f.deadline) years.push_back(f.deadline->year);
  for (int year : years)
    if (!calendar.covers(year))
      return std::unexpected(bad_input(fmt::format(
          "缺少 {} 年的工作日历（日历/{}.toml），不能确定 {} 的整改期限：请先把日历文件放进数据目录的“日历”文件夹",
          year, year, period.to_string())));
  return {};
}

std::expected<void, Error> check_fields(Period period, const PeriodFields& f) {
  if (!f.published) return std::unexpected(bad_input("请填写成文日期，如 2021-01-14"));
  if (*f.published < Date{period.last_month().year, period.last_month().month, 1})
    return std::unexpected(bad_input(fmt::format("成文日期 {} 早于 {} 的最后一个月：通报应在季度结束前后成文",
                                                 f.published->to_string(), period.to_string())));
  if (f.deadline && *f.deadline < *f.published)
    return std::unexpected(bad_input(fmt::format("整改期限 {} 早于成文日期 {}：期限应在通报成文之后",
                                                 f.deadline->to_string(), f.published->to_string())));
  return {};
}

} // namespace

std::expected<PeriodFields, Error> Workspace::create_period(Period period, PeriodFields fields, const Actor& actor) {
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
  if (auto existing = ingest::period_dir(m_dir, period); !existing.empty())
    return std::unexpected(Error::conflict(fmt::format("季度 {} 已经存在（文件夹“{}”），不能重复新建", period.to_string(),
                                                       fs::display_name(existing.filename()))));
  if (auto ok = check_fields(period, fields); !ok) return std::unexpected(ok.error());
  Diagnostics problems;
  const WorkCalendar calendar = this->calendar(problems);
  if (problems.has_errors()) return std::unexpected(Error::bad_input("工作日历有错误，不能新建季度", std::move(problems)));
  if (auto ok = check_calendar(calendar, period, fields); !ok) return std::unexpected(ok.error());
  const bool proposed = !fields.deadline;
  if (proposed) {
    auto deadline = proposed_deadline(period, *fields.published);
    if (!deadline) return std::unexpected(deadline.error());
    fields.deadline = *deadline;
  }
  std::string window_text;
  if (fields.window) {
    window_text = fmt::format("# {} 的考核期（统计时间），代替考核方案 [period] 的规定（docs/scheme.md）。\nfrom = {}\nto = {}\n",
                              period.to_string(), fields.window->from.to_string(), fields.window->to.to_string());
    if (auto parsed = parse_window_file(window_text, std::string(ingest::k_window_file), period); !parsed)
      return std::unexpected(Error::bad_input(parsed.error().entries().front().message, parsed.error()));
  }
  const std::string text =
      with_fields(fmt::format("# 本{}通报的日期（其余内容见数据目录的 通报模板.txt）。\n", period.noun()), fields);
  std::error_code ec;
  std::filesystem::create_directory(m_dir / period.to_string(), ec);
  if (ec) return std::unexpected(Error::internal(fmt::format("无法创建文件夹 {}：{}", period.to_string(), ec.message())));
  const std::string relative = period.to_string() + "/" + std::string(ingest::k_template_file);
  if (auto written = write_and_record(relative, text, actor, "新建季度"); !written) return std::unexpected(written.error());
  if (fields.window)
    if (auto written = write_and_record(period.to_string() + "/" + std::string(ingest::k_window_file), window_text,
                                        actor, "新建季度");
        !written)
      return std::unexpected(written.error());
  if (auto audited = m_stores.store->append_audit({0, actor.now, actor.user, "新建季度", period.to_string(),
                                                   fields_text(fields, proposed)});
      !audited)
    return std::unexpected(Error::internal(fmt::format("季度已新建，但未能记入操作日志：{}", audited.error())));
  return fields;
}

std::expected<PeriodFields, Error> Workspace::save_period_fields(Period period, PeriodFields fields,
                                                                 const Actor& actor) {
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
  const auto dir = ingest::period_dir(m_dir, period);
  if (dir.empty()) return std::unexpected(Error::not_found(fmt::format("没有季度 {}", period.to_string())));
  if (auto ok = check_fields(period, fields); !ok) return std::unexpected(ok.error());
  Diagnostics problems;
  const WorkCalendar calendar = this->calendar(problems);
  if (auto ok = check_calendar(calendar, period, fields); !ok) return std::unexpected(ok.error());
  const auto path = dir / std::string(ingest::k_template_file);
  std::string old_text;
  if (std::error_code ec; std::filesystem::exists(path, ec)) {
    auto bytes = fs::read_file(path, k_max_template_bytes);
    if (!bytes) return std::unexpected(Error::internal(bytes.error()));
    auto decoded = decode_text(*bytes);
    if (!decoded)
      return std::unexpected(bad_input(fmt::format("{} 无法读取：{}", fs::display_name(path.filename()),
                                                   decoded.error().message)));
    old_text = decoded->utf8;
  }
  if (!fields.deadline) {
    auto deadline = proposed_deadline(period, *fields.published);
    if (!deadline) return std::unexpected(deadline.error());
    fields.deadline = *deadline;
  }
  const std::string text = with_fields(old_text, fields);
  const std::string relative = path.lexically_relative(m_dir).generic_string();
  if (auto written = write_and_record(relative, text, actor, "修改通报日期"); !written)
    return std::unexpected(written.error());
  if (auto audited = m_stores.store->append_audit({0, actor.now, actor.user, "修改通报日期", period.to_string(),
                                                   fields_text(fields, false)});
      !audited)
    return std::unexpected(Error::internal(fmt::format("通报日期已保存，但未能记入操作日志：{}", audited.error())));
  return fields;
}

} // namespace zwgk::app
