// Reading 通报模板.txt into its fields and body (bulletin_text.h), and laying a
// period's template over the shared one.
#include "render/bulletin_text.h"

#include "util/text.h"

#include <fmt/format.h>

namespace zwgk {
namespace {

constexpr std::string_view k_body_field = "正文";

std::optional<TemplateLine>* field_slot(BulletinTemplate& t, std::string_view name) {
  if (name == "标题") return &t.title;
  if (name == "主送") return &t.addressees;
  if (name == "发文机关") return &t.issuer;
  if (name == "成文日期") return &t.date;
  if (name == "整改期限") return &t.deadline;
  if (name == "发文字号") return &t.document_number;
  if (name == "落款") return &t.signature;
  if (name == "抄送") return &t.copy_to;
  if (name == "印发机关") return &t.printed_by;
  if (name == "印发日期") return &t.printed_on;
  return nullptr;
}

class TemplateParser {
public:
  TemplateParser(std::string file, Diagnostics& problems) : m_file(std::move(file)), m_problems(problems) {}

  void line(std::string_view text, std::size_t number) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.starts_with('#')) return;
    if (m_out.has_body) return body_line(text, number);
    if (trim(text).empty()) return;
    auto field = split_template_field(text);
    if (field && field->first == k_body_field) {
      m_out.has_body = true;
      if (!field->second.empty()) body_line(field->second, number);
      return;
    }
    auto* slot = field ? field_slot(m_out, field->first) : nullptr;
    if (!slot) {
      m_problems.error({m_file, {}, number},
                       "应为“名称：值”，名称是 标题、主送、发文机关、成文日期、整改期限、发文字号、落款、抄送、印发机关、印发日期 之一，"
                       "或者一行“正文：”后接正文各段");
      return;
    }
    if (*slot) m_problems.error({m_file, {}, number}, fmt::format("“{}”重复出现", field->first));
    *slot = TemplateLine{std::string(field->second), m_file, number};
  }

  BulletinTemplate finish() { return std::move(m_out); }

private:
  // Each line of the body is one paragraph, as in Notepad; blank lines only separate.
  void body_line(std::string_view text, std::size_t number) {
    std::string_view content = trim(text);
    if (!content.empty()) m_out.paragraphs.push_back({std::string(content), m_file, number});
  }

  std::string m_file;
  BulletinTemplate m_out;
  Diagnostics& m_problems;
};

} // namespace

BulletinTemplate parse_bulletin_template(std::string_view text, const std::string& file, Diagnostics& problems) {
  TemplateParser parser(file, problems);
  std::size_t number = 1;
  while (true) {
    std::size_t end = text.find('\n');
    parser.line(text.substr(0, end), number++);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return parser.finish();
}

BulletinTemplate overlay_template(BulletinTemplate shared, const BulletinTemplate& quarter) {
  for (auto field : {&BulletinTemplate::title, &BulletinTemplate::addressees, &BulletinTemplate::issuer,
                     &BulletinTemplate::date, &BulletinTemplate::deadline, &BulletinTemplate::document_number,
                     &BulletinTemplate::signature, &BulletinTemplate::copy_to, &BulletinTemplate::printed_by,
                     &BulletinTemplate::printed_on})
    if (quarter.*field) shared.*field = quarter.*field;
  if (quarter.has_body) {
    shared.paragraphs = quarter.paragraphs;
    shared.has_body = true;
  }
  return shared;
}

} // namespace zwgk
