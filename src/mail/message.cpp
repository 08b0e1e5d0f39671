#include "mail/message.h"

#include "mail/body_text.h"
#include "mail/docx.h"
#include "util/text.h"

#include <fmt/format.h>
#include <gmime/gmime.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <memory>
#include <mutex>

namespace zwgk::mail {
namespace {

constexpr int k_max_depth = 32;
constexpr std::size_t k_max_skipped = 4096;  // damaged bytes skipped before the headers

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct OptionsFree {
  void operator()(GMimeParserOptions* o) const { g_mime_parser_options_free(o); }
};

// glibc's iconv loads a charset's gconv module (GBK.so, GB18030.so, ...) on
// iconv_open and unloads it again soon after the last iconv_close. GMime
// opens and closes a converter for every encoded word and 8-bit header, so
// every message in a Chinese charset would dlopen and dlclose the module
// (about a fifth of the parsing time). One converter per charset here, opened
// once and never closed, keeps those modules loaded; conversions are unchanged.
void pin_iconv_modules() {
  static constexpr const char* k_charsets[] = {"GB18030", "GBK", "GB2312", "BIG5", "BIG5-HKSCS", "WINDOWS-1252"};
  [[maybe_unused]] static iconv_t pinned[std::size(k_charsets)];  // never closed
  for (std::size_t i = 0; i < std::size(k_charsets); ++i) pinned[i] = iconv_open("UTF-8", k_charsets[i]);
}

void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_mime_init();
    pin_iconv_modules();
  });
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void add_reason(std::vector<std::string>& reasons, std::string reason) {
  if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) reasons.push_back(std::move(reason));
}

// Parser warnings that mean a person should look at the message.
void on_parser_warning(gint64 /*offset*/, GMimeParserWarning code, const gchar* /*item*/, gpointer user_data) {
  auto& reasons = *static_cast<std::vector<std::string>*>(user_data);
  const char* reason = nullptr;
  switch (code) {
    case GMIME_WARN_MALFORMED_MULTIPART: reason = "邮件结构有误：多部分内容中找不到任何部分（分隔线不符），正文或附件可能缺失"; break;
    case GMIME_WARN_TRUNCATED_MESSAGE: reason = "邮件结构有误：邮件不完整（被截断）"; break;
    case GMIME_WARN_MALFORMED_MESSAGE: reason = "邮件结构有误：邮件格式错误"; break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: reason = "邮件结构有误：多部分内容缺少分隔线参数（boundary）"; break;
    case GMIME_CRIT_NESTING_OVERFLOW: reason = "邮件结构有误：MIME 嵌套层数过多"; break;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: reason = "邮件结构有误：有既无头部也无内容的部分"; break;
    case GMIME_CRIT_INVALID_HEADER_NAME: reason = "邮件结构有误：有无效的头部，部分内容可能被跳过"; break;
    default: break;
  }
  if (reason) add_reason(reasons, reason);
}

std::string unfolded(const char* raw) {
  std::string out;
  if (!raw) return out;
  for (const char* p = raw; *p; ++p)
    if (*p != '\r' && *p != '\n') out += *p;
  return std::string(trim(out));
}

std::string part_bytes(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (!wrapper) return {};
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(wrapper, stream.get());
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  if (!array || !array->data) return {};
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

void collect_addresses(InternetAddressList* list, std::string& first) {
  if (!list) return;
  int n = internet_address_list_length(list);
  for (int i = 0; i < n && first.empty(); ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
      if (addr && *addr) first = lower_ascii(addr);
    } else if (INTERNET_ADDRESS_IS_GROUP(address)) {
      collect_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), first);
    }
  }
}

// A parameter value (file name, charset) as UTF-8, trimmed: GMime passes on
// the bytes of an RFC 2231 value (filename*=utf-8''%E7%8i) without checking
// them against the charset it names.
std::string utf8_parameter(const char* raw) {
  std::string value = raw ? std::string(trim(raw)) : std::string();
  if (!value.empty() && !is_valid_utf8(value)) value = decode_header_value(value);
  return value;
}

class Walker {
 public:
  explicit Walker(ParsedMessage& out) : m_out(out) {}

  void visit(GMimeObject* object, int depth) {
    if (!object) return;
    if (depth > k_max_depth) {
      add_reason(m_out.needs_review, "邮件结构有误：MIME 嵌套层数过多");
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      int count = g_mime_multipart_get_count(multipart);
      if (count == 0) {
        // No part was found (a boundary that never occurs): keep what text there is.
        add_reason(m_out.needs_review, "邮件结构有误：多部分内容中找不到任何部分（分隔线不符），正文或附件可能缺失");
        if (const char* prologue = g_mime_multipart_get_prologue(multipart); prologue && *prologue)
          recover_parts(prologue, depth);
      }
      for (int i = 0; i < count; ++i) visit(g_mime_multipart_get_part(multipart, i), depth + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      // An attached earlier message: its content is not the article.
      std::string name = utf8_parameter(g_mime_object_get_content_disposition_parameter(object, "filename"));
      m_out.attachments.push_back(name.empty() ? std::string("附带的邮件.eml") : std::move(name));
      return;
    }
    if (GMIME_IS_PART(object)) visit_part(GMIME_PART(object));
  }

  void finish() {
    std::vector<std::string>& bodies = m_plain.empty() ? m_html : m_plain;
    std::string text;
    for (const auto& body : bodies) {
      std::string stripped = strip_quotes_and_signature(body);
      if (stripped.empty()) continue;
      if (!text.empty()) text += '\n';
      text += stripped;
    }
    m_out.text = std::move(text);
    m_out.attachment_text = join(m_docx_texts, "\n");
    std::string counted = m_out.text;
    if (!m_out.attachment_text.empty()) counted += '\n' + m_out.attachment_text;
    m_out.characters = count_article_characters(counted);
    // The article is the .docx when there is one: a resend with another
    // covering note is still the same article.
    m_out.fingerprint = article_fingerprint(m_docx_texts.empty() ? m_out.text : m_out.attachment_text);
  }

  // Bytes that should have been split into parts: if a line "--token" is
  // followed by a Content-Type header, the token is the boundary the sender
  // really used, and the bytes are parsed again as a multipart with it;
  // otherwise they are kept as plain text.
  void recover_parts(std::string_view body, int depth) {
    std::size_t pos = 0;
    while (pos < body.size()) {
      std::size_t nl = body.find('\n', pos);
      if (nl == std::string_view::npos) nl = body.size();
      std::string_view line = body.substr(pos, nl - pos);
      if (line.ends_with('\r')) line.remove_suffix(1);
      std::string_view next = body.substr(std::min(nl + 1, body.size()));
      if (line.size() > 2 && line.starts_with("--") && line.find_first_of(" \t\"") == std::string_view::npos &&
          lower_ascii(next.substr(0, 13)) == "content-type:") {
        std::string boundary(line.substr(2));
        std::string bytes = fmt::format("Content-Type: multipart/mixed; boundary=\"{}\"\n\n{}", boundary, body);
        GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
        GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
        GPtr<GMimeObject> part(g_mime_parser_construct_part(parser.get(), nullptr));
        if (part && GMIME_IS_MULTIPART(part.get()) && g_mime_multipart_get_count(GMIME_MULTIPART(part.get())) > 0) {
          visit(part.get(), depth + 1);
          return;
        }
        break;
      }
      pos = nl + 1;
    }
    m_plain.push_back(decode_body(body, "").text);
  }

 private:
  void visit_part(GMimePart* part) {
    GMimeObject* object = GMIME_OBJECT(part);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    std::string name = utf8_parameter(g_mime_part_get_filename(part));
    std::string lower_name = lower_ascii(name);
    bool attachment = g_mime_part_is_attachment(part) || !name.empty();
    if (!name.empty()) m_out.attachments.push_back(name);

    bool is_image = (type && g_mime_content_type_is_type(type, "image", "*")) || is_picture_file_name(name);
    if (is_image) {
      ++m_out.pictures;
      return;
    }
    if (lower_name.ends_with(".doc") || lower_name.ends_with(".wps") ||
        (name.empty() && type && g_mime_content_type_is_type(type, "application", "msword"))) {
      std::string shown = name.empty() ? std::string("（无名称）") : name;
      std::string ext = lower_name.ends_with(".wps") ? ".wps" : ".doc";
      add_reason(m_out.needs_review, fmt::format("附件“{}”是 {} 格式，需人工查看字数和图片", shown, ext));
      return;
    }
    if (lower_name.ends_with(".docx")) {
      auto docx = read_docx(part_bytes(part));
      if (!docx) {
        add_reason(m_out.needs_review, fmt::format("附件“{}”无法读取：{}，需人工查看", name, docx.error()));
        return;
      }
      m_out.pictures += docx->pictures;
      m_docx_texts.push_back(std::move(docx->text));
      return;
    }
    if (attachment || !type) return;
    bool plain = g_mime_content_type_is_type(type, "text", "plain");
    bool html = g_mime_content_type_is_type(type, "text", "html");
    if (!plain && !html) return;
    const char* charset = g_mime_content_type_get_parameter(type, "charset");
    DecodedBody body = decode_body(part_bytes(part), charset ? charset : "");
    if (body.lossy)
      add_reason(m_out.needs_review, "正文的字符集无法识别，部分文字显示为“�”，字数可能不准");
    else if (body.mislabelled)
      add_reason(m_out.needs_review,
                 fmt::format("正文标注的字符集“{}”与内容不符，已按实际编码读取", utf8_parameter(charset)));
    if (plain)
      m_plain.push_back(std::move(body.text));
    else
      m_html.push_back(html_to_text(body.text));
  }

  ParsedMessage& m_out;
  std::vector<std::string> m_plain;
  std::vector<std::string> m_html;
  std::vector<std::string> m_docx_texts;
};

GMimeMessage* construct_message(std::string_view bytes, GMimeParserOptions* options) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return g_mime_parser_construct_message(parser.get(), options);
}

// Offset of the first line after `from` that looks like a header ("Name: "), or the size.
std::size_t next_header_line(std::string_view bytes, std::size_t from) {
  std::size_t pos = bytes.find('\n', from);
  while (pos != std::string_view::npos && pos + 1 < bytes.size()) {
    std::size_t start = pos + 1;
    std::size_t i = start;
    while (i < bytes.size() && (std::isalnum(static_cast<unsigned char>(bytes[i])) || bytes[i] == '-')) ++i;
    if (i > start && i < bytes.size() && bytes[i] == ':') return start;
    pos = bytes.find('\n', start);
  }
  return bytes.size();
}

}  // namespace

std::optional<DateTime> parse_received_date(std::string_view value) {
  ensure_gmime();
  std::size_t semi = value.rfind(';');
  if (semi == std::string_view::npos) return std::nullopt;
  std::string date(trim(value.substr(semi + 1)));
  if (date.empty()) return std::nullopt;
  GDateTime* parsed = g_mime_utils_header_decode_date(date.c_str());
  if (!parsed) return std::nullopt;
  std::int64_t seconds = g_date_time_to_unix(parsed);
  g_date_time_unref(parsed);
  if (seconds <= 0) return std::nullopt;  // GMime's "unparseable" is the epoch
  return cst_from_unix(seconds);
}

std::expected<ParsedMessage, std::string> parse_message(std::string_view bytes) {
  ensure_gmime();
  if (trim(bytes).empty()) return std::unexpected(std::string("邮件为空"));
  if (bytes.starts_with("From ")) {  // an mbox separator line
    std::size_t nl = bytes.find('\n');
    bytes.remove_prefix(nl == std::string_view::npos ? bytes.size() : nl + 1);
  }

  ParsedMessage out;
  std::unique_ptr<GMimeParserOptions, OptionsFree> options(g_mime_parser_options_new());
  const char* fallback[] = {"utf-8", "gb18030", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  g_mime_parser_options_set_warning_callback(options.get(), on_parser_warning, &out.needs_review);

  GPtr<GMimeMessage> message(construct_message(bytes, options.get()));
  if (!message) {
    // Damaged lines before the headers: start again at the first line that is a header.
    for (std::size_t skip = next_header_line(bytes, 0); !message && skip < bytes.size() && skip < k_max_skipped;
         skip = next_header_line(bytes, skip)) {
      message.reset(construct_message(bytes.substr(skip), options.get()));
      if (message) add_reason(out.needs_review, "邮件结构有误：开头有无法识别的内容，已跳过");
    }
  }
  if (!message) {
    // Cut off inside the headers: keep the complete header lines.
    if (std::size_t nl = bytes.rfind('\n'); nl != std::string_view::npos) {
      std::string complete = std::string(bytes.substr(0, nl + 1)) + "\n";
      message.reset(construct_message(complete, options.get()));
      if (message) add_reason(out.needs_review, "邮件结构有误：邮件在邮件头中被截断");
    }
  }
  if (!message) return std::unexpected(std::string("无法解析邮件：没有可识别的邮件头和正文"));

  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message.get()));
  int header_count = headers ? g_mime_header_list_get_count(headers) : 0;
  bool have_received = false;
  bool received_fallback = false;
  for (int i = 0; i < header_count; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
    std::string name = lower_ascii(g_mime_header_get_name(header));
    std::string raw = unfolded(g_mime_header_get_raw_value(header));
    if (name == "subject" && out.subject.empty()) {
      out.subject = decode_header_value(raw);
    } else if (name == "received" && !out.received) {
      out.received = parse_received_date(raw);
      if (have_received && out.received) received_fallback = true;
      have_received = true;
    } else if (name == "message-id" && out.message_id.empty()) {
      std::string_view id = trim(raw);
      if (id.starts_with('<')) id.remove_prefix(1);
      if (auto gt = id.find('>'); gt != std::string_view::npos) id = id.substr(0, gt);
      out.message_id = std::string(trim(id));
    }
  }
  if (received_fallback) add_reason(out.needs_review, "最近的 Received 头没有可读的日期，已用下一个 Received 头的日期");
  if (have_received && !out.received) add_reason(out.needs_review, "Received 头中没有可读的收到时间");

  collect_addresses(g_mime_message_get_from(message.get()), out.from_address);
  if (GDateTime* date = g_mime_message_get_date(message.get())) {
    std::int64_t seconds = g_date_time_to_unix(date);
    if (seconds > 0) out.date = cst_from_unix(seconds);
  }

  Walker walker(out);
  walker.visit(g_mime_message_get_mime_part(message.get()), 0);
  walker.finish();

  if (header_count == 0 && out.text.empty() && out.attachments.empty() && out.pictures == 0)
    return std::unexpected(std::string("无法解析邮件：没有可识别的邮件头和正文"));
  if (header_count == 0) add_reason(out.needs_review, "邮件结构有误：没有邮件头");
  if (out.from_address.empty()) add_reason(out.needs_review, "邮件缺少发件人（From），需人工指定单位");
  if (!out.received && !out.date) add_reason(out.needs_review, "邮件没有收到时间（Received）也没有日期（Date），无法确定月份");
  return out;
}

}  // namespace zwgk::mail
