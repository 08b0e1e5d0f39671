// Scheme: a district's assessment rules, entirely as data.
//
// Every number and word that differs between districts or periods lives
// here: points per published item and the monthly cap, submission quotas per
// unit tag and month range with their quality gates and penalty, the bonus
// per adoption level and whether it enters the quarter or only the year, the
// catalogue of inspection findings, the sections of the registry, and the
// tables of the bulletin with their ranking keys. The engine holds no
// district's numbers; docs/scheme.md documents every key of the TOML form.
#pragma once

#include "model/registry.h"
#include "util/calendar.h"
#include "util/decimal.h"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// Where a value was written in the scheme file (1-based; 0: not written),
// for messages about what it means with a period's data (scheme/checks.h).
struct SchemePlace {
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Section {
  std::string code;   // what the registry's 类别 column says, e.g. "部门"
  std::string title;  // how the bulletin names the group, e.g. "各部门"
};

struct PublicationRule {
  Decimal points_per_item;
  std::optional<Decimal> monthly_cap;
  MonthRange months;  // months in which publications score
  SchemePlace cap_at, months_at;
};

// Minimum valid submissions per month for units with `tag` (empty: every
// unit no tagged rule covers), within `months`.
struct QuotaRule {
  std::string tag;
  MonthRange months;
  std::int64_t count = 0;
  SchemePlace at, tag_at;  // the [[submission.quota]] and its tag
};

enum class PenaltyBasis { PerMonth, PerMissingItem };

struct SubmissionRule {
  std::vector<QuotaRule> quotas;
  Decimal penalty;
  PenaltyBasis basis = PenaltyBasis::PerMonth;
  std::int64_t min_characters = 0;
  std::int64_t min_pictures = 0;
  bool require_on_topic = false;
  std::string missed_text;  // "{months}月份未投稿": months with no valid submission
  std::string short_text;   // "{months}月份投稿不足": some, but fewer than the quota
  std::string exemption;    // registry exemption word, e.g. "投稿"
  // Words that suggest an article is about the openness work. Only a hint
  // shown to the person who decides whether it is on-topic: a message
  // without any of them is marked for review, never rejected.
  std::vector<std::string> topic_keywords;

  // The quota in force for a unit in a month; nullopt if none applies.
  std::optional<std::int64_t> quota_for(const Unit& unit, YearMonth month) const;
  // The quota in force in a month for units with `tag` (empty: units with
  // no tagged rule), as the bulletin's text states it.
  std::optional<std::int64_t> quota_for_tag(std::string_view tag, YearMonth month) const;
};

enum class Accrual { Quarter, Year };

struct AdoptionLevel {
  std::string code;  // "市级"
  Decimal points;    // per adopted article
  Accrual accrual = Accrual::Year;
};

struct FindingType {
  std::string code;    // what staff write in the findings file
  std::string reason;  // the words of 附件4
  Decimal points;      // deducted per occurrence
  // Issue 16: the indicator ([[indicators]] code) whose marks it deducts from
  // (empty: the scheme has no indicators, or the finding deducts from the total).
  std::string indicator;
  // A one-vote veto (一票否决): the rating ([[ratings]] name) a unit with this finding gets
  // whatever its score (empty: none).
  std::string veto;
};

// Issue 16: an assessment scheme as an indicator tree ([[indicators]]): 一级/二级/三级指标,
// each with full marks, a parent the sum (or weighted sum) of its children capped at its
// full marks; leaves scored by rule. docs/scheme.md documents each key.
enum class IndicatorRule {
  Sum,          // "sum": Σ weight × child, capped at full_marks, never below 0 (bonus children after the cap)
  Deduct,       // "deduct": full_marks less the findings that name this indicator, never below 0
  Count,        // "count": points per item of `metric`, capped at full_marks
  Ratio,        // "ratio": full_marks × 分子/分母 of the period's 指标 entries
  Check,        // "check": full_marks when every entry says 是, else 0
  Manual,       // "manual": the points an assessor entered, within 0 and full_marks
  Publication,  // "publication": the [publication] rule's 累计得分 (Linzi's form as a leaf)
  Adoption,     // "adoption": the adoption bonus that enters the period
  Deductions,   // "deductions": minus every deduction (findings and quota), as Linzi's 减分
};

// When a Ratio indicator has no entries (分母 0): full marks, or none.
enum class EmptyRatio { Full, Zero };

struct Indicator {
  std::string code;                      // unique; parents, findings and tables name it
  std::string name;                      // how documents name it (default: code)
  std::optional<std::size_t> parent;     // index into Scheme::indicators; none: top level
  IndicatorRule rule = IndicatorRule::Sum;
  std::optional<Decimal> full_marks;     // the cap; Deduct's base
  Decimal weight = Decimal::from_int(1); // in the parent's sum
  bool bonus = false;                    // 加分项: added after the parent's cap, within its own full_marks
  std::string metric;                    // Count: "发布", "投稿", "采用" or "采用:市级"
  Decimal points;                        // Count: per item
  EmptyRatio empty_ratio = EmptyRatio::Full;
  int decimals = 2;                      // Ratio: rounded half up to this many places
  SchemePlace at;                        // its [[indicators]] entry
};

// Issue 16: a rating ([[ratings]], in order): by score band (min) or by share of the units
// (top_share, e.g. 0.2 for the top 20 %); the last entry without either takes everyone else.
struct RatingBand {
  std::string name;                // "优秀"
  std::optional<Decimal> min;      // total ≥ min
  std::optional<Decimal> top_share;
  SchemePlace at;
};

// Issue 16: how long a period is and which dates it counts ([period]). A window
// edge is `months` after the period's first month (from) or last month (to), on
// `day`; a day past that month's end is its last day (31: always the last day).
struct WindowEdge {
  int months = 0;
  int day = 1;
};

struct PeriodRule {
  PeriodLength length = PeriodLength::Quarter;
  std::optional<WindowEdge> from;  // none: the period's first day
  std::optional<WindowEdge> to;    // none: the period's last day
  SchemePlace at;                  // the [period] table

  // The dates `period` counts, unless its folder's 考核期.toml says otherwise.
  DateWindow window(Period period) const;
};

// What follows a bulletin ([rectification]): which deductions must be put
// right, by when, how long units may contest a draft, and what the annual
// assessment deducts for items not put right in time.
struct RectificationRule {
  bool enabled = false;        // the scheme has a [rectification] table
  bool findings = true;        // every finding opens an item
  bool quota = false;          // a unit's months short of quota open one item
  // Deadline: N working days after the bulletin's date (成文日期), unless the
  // quarter's template states 整改期限 itself.
  std::optional<std::int64_t> working_days;
  // Units may contest a finding until N working days after the draft
  // (公示); none: the scheme has no contest window.
  std::optional<std::int64_t> contest_days;
  Decimal unrectified_penalty;  // annual points per item still not put right after its deadline
  Decimal late_penalty;         // annual points per item put right only after its deadline
};

enum class QuarterCombine { Sum, Mean };

// The annual assessment ([year]): how quarters add up. Bonuses of adoption
// levels with accrual "year" and the rectification penalties are added to it.
struct YearRule {
  QuarterCombine combine = QuarterCombine::Sum;
  std::string title = "{year}年度政务公开工作考核情况";  // of each section's annual table
  std::optional<Decimal> bonus_cap;  // issue 16: the year's adoption bonus at most this (none: no cap)
};

// Issue 17: a column of a unit's website is stale when its newest item is more than
// `days` days old at the end of the period's window; the crawl then proposes the finding
// `finding` (a [[findings]] code) for a person to confirm.
struct StaleRule {
  std::string kind;     // the site file's column kind: 动态要闻, 通知公告, 政策文件 …
  std::int64_t days = 0;
  std::string finding;  // code of a FindingType
};

// Indicators (issue 16): one column per indicator in TableSpec::indicators, then 合计 and 评级.
// Counts (issue 16): one column per figure in TableSpec::figures (a count-only bulletin).
enum class TableKind { Scores, Submissions, Deductions, Indicators, Counts };

// Issue 16: a unit's figure by name, as the bulletin's text ({共计:发布}, {符合:发布>20}) and
// count tables name it: 发布 (items published in the period), 投稿 (valid submissions), 采用
// (adopted articles of every level) or 采用:<级别>, 加分, 减分, 合计, 指标:<指标>.
enum class FigureKind { Published, Submissions, Adopted, Bonus, Deduction, Total, Indicator };
struct Figure {
  FigureKind kind = FigureKind::Published;
  std::optional<std::size_t> index;  // Adopted: the level (none: all); Indicator: the indicator
  std::string name;                  // as written, e.g. "采用:市级"
};

enum class SortField {
  Total, Publication, Bonus, Deduction, PublishedMonth, PublishedTotal, Submissions,
  AdoptionBonus, Adoptions, Section, Name, OfficialOrder
};

struct SortKey {
  SortField field = SortField::Name;
  int month = 0;  // 1-based month of the period, for PublishedMonth
  bool descending = false;
};

// Who sees a period's live scores before its bulletin is published as a
// draft (公示) ([workspace] live_scores). The office always sees everything;
// the default keeps other units' scores private until 公示.
enum class LiveScores {
  Office,  // "office": a unit sees only its own scores, a viewer nothing of the period
  All,     // "all": every logged-in user sees the ranking at once
};

struct WorkspaceRule {
  LiveScores live_scores = LiveScores::Office;
};

struct TableSpec {
  std::string id;     // "附件1"
  std::string title;  // may contain {quarter} (第三季度) and {year}
  TableKind kind = TableKind::Scores;
  std::vector<std::string> sections;  // section codes, in the order they appear
  NameStyle names = NameStyle::Short;
  std::vector<SortKey> order;
  std::string note;   // printed under the table
  std::vector<std::string> indicators;  // Indicators: the indicator codes of its columns, in order
  bool totals = false;  // issue 16: a 合计 row under the table, summing each column of figures
  std::vector<Figure> figures;  // Counts: its columns, in order
};

struct Scheme {
  std::string file;  // the file it was read from, for messages
  std::string name;
  std::string district;
  std::string issuer;
  std::string collation_locale = "zh";
  std::string collation_tailoring;
  std::vector<Section> sections;
  PublicationRule publication;
  SubmissionRule submission;
  std::vector<AdoptionLevel> adoption_levels;
  std::vector<FindingType> finding_types;
  std::vector<Indicator> indicators;  // issue 16: parents before their children; empty: Linzi's fixed form
  std::vector<RatingBand> ratings;    // issue 16: empty: no ratings
  std::vector<TableSpec> tables;
  PeriodRule period;
  RectificationRule rectification;
  YearRule year;
  std::vector<StaleRule> stale_columns;  // issue 17; empty: the crawl proposes no findings
  WorkspaceRule workspace;

  const Section* find_section(std::string_view code) const;
  std::optional<std::size_t> find_level(std::string_view code) const;
  // By code, or by the reason text itself.
  std::optional<std::size_t> find_finding(std::string_view code_or_reason) const;
  std::optional<std::size_t> find_indicator(std::string_view code) const;
  // A figure's name read (see Figure); the error says what is wrong and lists the names.
  std::expected<Figure, std::string> parse_figure(std::string_view name) const;
  // How a count table heads a figure's column: "发布信息（条）", "被市级采用（篇）", an indicator's name.
  std::string figure_heading(const Figure& figure) const;
};

} // namespace zwgk
