#include "server/followup_submission.h"

#include "util/text.h"

#include <sodium.h>

namespace zwgk::server {
namespace {

// The name an attached file is kept under: its last path component without
// leading dots or spaces (stripped until neither is left: "\t.x" is not ".x").
std::string evidence_name(const std::string& file_name) {
  const auto slash = file_name.find_last_of("/\\");
  std::string name = file_name.substr(slash == std::string::npos ? 0 : slash + 1);
  for (std::string before; before != name;) {
    before = name;
    name = std::string(trim(name));
    while (name.starts_with('.')) name.erase(0, 1);
  }
  if (name.empty() || !is_valid_utf8(name)) name = "证明材料";
  return name;
}

std::optional<std::string> base64_bytes(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \r\n",
                        &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(length);
  return out;
}

// text (or reason), link, at and file from a multipart form or a JSON body
// ({"file": {"name", "base64"}}); nullopt after sending 400.
} // namespace

std::optional<Submission> submission(const httplib::Request& req, httplib::Response& res) {
  Submission out;
  if (req.is_multipart_form_data()) {
    auto field = [&req](const char* key) {
      return req.has_file(key) ? std::string(trim(req.get_file_value(key).content)) : std::string();
    };
    out.text = field("text");
    if (out.text.empty()) out.text = field("reason");
    out.link = field("link");
    out.at = field("at");
    if (req.has_file("file")) {
      auto f = req.get_file_value("file");
      if (!f.filename.empty() || !f.content.empty()) out.file = store::FollowupFile{evidence_name(f.filename), "", f.content};
    }
    return out;
  }
  if (trim(req.body).empty()) return out;
  auto body = json_body(req, res);
  if (!body) return std::nullopt;
  auto text = [&body](const char* key) {
    auto it = body->find(key);
    return it != body->end() && it->is_string() ? std::string(trim(it->get_ref<const std::string&>())) : std::string();
  };
  out.text = text("text");
  if (out.text.empty()) out.text = text("reason");
  out.link = text("link");
  out.at = text("at");
  if (auto f = body->find("file"); f != body->end() && !f->is_null()) {
    if (!f->is_object() || !f->contains("base64") || !(*f)["base64"].is_string()) {
      send_error(res, 400, "file 应为 {\"name\": \"文件名\", \"base64\": \"文件内容的 Base64\"}");
      return std::nullopt;
    }
    auto bytes = base64_bytes((*f)["base64"].get<std::string>());
    if (!bytes) {
      send_error(res, 400, "file.base64 不是有效的 Base64 编码");
      return std::nullopt;
    }
    out.file = store::FollowupFile{evidence_name(f->value("name", "")), "", std::move(*bytes)};
  }
  return out;
}


} // namespace zwgk::server
