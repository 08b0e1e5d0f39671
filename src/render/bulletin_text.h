// The bulletin's own text: title, addressees, body, attachment list, issuer
// and date, from a template the district writes (通报模板.txt).
//
// A template is plain text. Lines before a line `正文：` are fields
// `名称：值` (标题, 主送, 发文机关, 成文日期, 整改期限, and for the parts some
// districts print: 发文字号, 落款, 抄送, 印发机关, 印发日期); after it, each
// line is one paragraph of the body (blank lines only separate).
// Lines starting with `#` are comments. A quarter's template overrides the
// shared one field by field, and replaces its body if it has one, so the
// office keeps its text once and sets each quarter's dates beside the data.
//
// Placeholders in braces are filled from the scheme and the results, never
// from code: {年度} {季度} {地区} {发文机关} {成文日期} {整改期限} {单位数}
// {单位:标签} {任务数} {任务数:标签} {投稿减分} {字数} {发布得分}
// {采用加分:级别} {评级:等次} {评级数:等次} {指标满分:指标} {期间} {考核期} {统计时间}
// {共计:数字} {符合:条件} {符合数:条件}. docs/bulletin.md
// lists what each gives. Everything here is pure: the caller reads the files.
#pragma once

#include "engine/result.h"
#include "model/diagnostics.h"
#include "render/layout.h"
#include "scheme/scheme.h"
#include "util/workdays.h"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zwgk {

struct TemplateLine {
  std::string text;
  std::string file;      // for messages: the shared or the quarter's template
  std::size_t line = 0;  // 1-based
};

struct BulletinTemplate {
  std::optional<TemplateLine> title, addressees, issuer, date, deadline;
  std::optional<TemplateLine> document_number, signature, copy_to, printed_by, printed_on;
  std::vector<TemplateLine> paragraphs;  // each with the line it starts on
  bool has_body = false;
};

// Parses a template; every problem is added to `problems` with its line,
// and the rest is still read, so one run lists them all.
BulletinTemplate parse_bulletin_template(std::string_view text, const std::string& file, Diagnostics& problems);

// "名称：值" (full-width or ASCII colon) as its trimmed parts; nullopt without a colon.
std::optional<std::pair<std::string_view, std::string_view>> split_template_field(std::string_view line);

// `quarter` overrides `shared` field by field; its body, if any, replaces the shared one.
BulletinTemplate overlay_template(BulletinTemplate shared, const BulletinTemplate& quarter);

// The template's 成文日期 and 整改期限 as dates. A value that is not a date
// is an error at its line and is left unset; a deadline before the
// bulletin's date is an error at the deadline's line (callers stop on it).
struct TemplateDates {
  std::optional<Date> date, deadline;
};
TemplateDates template_dates(const BulletinTemplate& tmpl, Diagnostics& problems);

// How the issuer and the date are set (GB/T 9704-2012 7.3.5), the template's 落款.
enum class SignatureLayout {
  Unsealed,  // 不加盖印章 (7.3.5.2): issuer two characters from the right, the date's first character two right of the issuer's
  Sealed,    // 加盖印章 (7.3.5.1): the date four characters from the right, the issuer centred over it, room for the seal
};

struct BulletinText {
  std::string title;
  std::string document_number;          // 发文字号 "临政公办〔2020〕5号"; empty: none
  std::string addressees;               // empty: none
  std::vector<std::string> paragraphs;  // the body
  std::vector<std::string> attachments; // titles, in order
  std::string issuer;
  std::string date;                     // "2020年10月14日"; empty: not set
  SignatureLayout signature = SignatureLayout::Unsealed;
  // 版记 (7.4), printed at the end when copy_to or printed_by is set.
  std::string copy_to;                  // 抄送 "市政府办公室，区委办公室" (without "抄送：" and the final "。")
  std::string printed_by;               // 印发机关
  std::string printed_on;               // 印发日期 "2020年10月14日" (the 成文日期 unless the template says)

  bool has_colophon() const { return !copy_to.empty() || !printed_by.empty(); }
};

// Fills the template; an unknown placeholder, a field it needs but lacks or
// a tag no unit has is an error at its line. `tables` are the laid-out
// attachments, in order. Without a 整改期限 line, {整改期限} is the deadline
// the follow-up uses (annual::resolve_deadline: the scheme's
// rectification.working_days after the 成文日期 on `calendar`), or an error
// saying why there is none.
std::expected<BulletinText, Diagnostics> fill_bulletin(const BulletinTemplate& tmpl, const Result& result,
                                                       const Scheme& scheme, const Registry& registry,
                                                       const std::vector<LaidOutTable>& tables,
                                                       const WorkCalendar& calendar);

// The title when no template gives one: "临淄区2020年第三季度政务公开工作情况通报".
std::string default_bulletin_title(const Scheme& scheme, Period period);

} // namespace zwgk
