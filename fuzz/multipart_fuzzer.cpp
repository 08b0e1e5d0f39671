// libFuzzer target: the multipart/form-data body of an upload (a quarter's
// file, mail to import, a rectification reply with its evidence file).
//
// The input is the Content-Type header's parameters on its first line
// ("; boundary=----x"), then the body. The target sends
//   POST /upload HTTP/1.1
//   Content-Type: multipart/form-data<first line>
//   Content-Length: <the body's length>
// and the body through cpp-httplib's request processing
// (Server::process_request(), protected, reached by subclassing, on an
// in-memory stream: no socket), with the payload limit of `zwgk serve`.
// cpp-httplib parses the body into req.files; the route's handler then reads
// them as the upload routes do: has_file/get_file_value("file"), every
// "file" part in order (mail import), and server::submission(), the
// project's own reading of a rectification reply's form.
//
// Debian ships cpp-httplib compiled (libcpp-httplib.so; /usr/include/
// httplib.h only declares the parser): its code is not instrumented, so
// libFuzzer has no coverage inside the multipart parser and ASan sees its
// memory errors only through intercepted calls (memcpy, strlen, ...).
// Coverage comes from zwgk's handling; the dictionary and seeds carry the
// fuzzer into the parser's states. See docs/fuzzing.md.
//
// Invariants: the request is answered (a status line); no part holds more
// than the body (a part's content, name and file name are copied out of it);
// submission() gives an evidence file a non-empty UTF-8 name without a
// path, trimmed texts, and a Chinese error when it refuses.
#include "harness.h"
#include "targets.h"

#include "server/followup_submission.h"
#include "server/server.h"
#include "util/text.h"

#include <httplib.h>

#include <algorithm>

namespace zwgk::fuzz {
namespace {

// The request's bytes in, the response's bytes out.
class MemoryStream : public httplib::Stream {
public:
  explicit MemoryStream(std::string_view request) : m_request(request) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    std::size_t n = std::min(size, m_request.size());
    std::copy_n(m_request.data(), n, ptr);
    m_request.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    m_response.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 50000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  const std::string& response() const { return m_response; }

private:
  std::string_view m_request;
  std::string m_response;
};

void check_trimmed(std::string_view what, const std::string& s) {
  touch(s);
  require(trim(s).size() == s.size(), what, s);
}

void check_submission(const httplib::Request& req, httplib::Response& res) {
  auto s = server::submission(req, res);
  if (!s) {
    require(res.status == 400, "submission refused without 400");
    touch(res.body);
    return;
  }
  check_trimmed("reply text not trimmed", s->text);
  check_trimmed("reply link not trimmed", s->link);
  check_trimmed("reply time not trimmed", s->at);
  if (!s->file) return;
  const std::string& name = s->file->name;
  check_text("evidence file name", name);
  require(!name.empty() && !name.starts_with('.') && name.find_first_of("/\\") == std::string::npos,
          "evidence file name empty, hidden or a path", name);
  touch(s->file->bytes);
}

class UploadServer : public httplib::Server {
public:
  UploadServer() {
    set_payload_max_length(server::k_max_upload_bytes);
    Post("/upload", [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
  }

  // The response's bytes.
  std::string process(std::string_view request, std::size_t body_size) {
    m_body_size = body_size;
    MemoryStream stream(request);
    bool closed = false;
    process_request(stream, true, closed, nullptr);
    return stream.response();
  }

private:
  void handle(const httplib::Request& req, httplib::Response& res) {
    std::size_t total = 0;
    for (const auto& [key, part] : req.files) {
      touch(key);
      touch(part.name);
      touch(part.filename);
      touch(part.content_type);
      touch(part.content);
      total += part.content.size();
    }
    require(total <= m_body_size, "parts hold more than the body");
    if (req.has_file("file")) touch(req.get_file_value("file").content);
    const auto [first, last] = req.files.equal_range("file");
    for (auto it = first; it != last; ++it) touch(it->second.filename);
    check_submission(req, res);
    res.status = 200;
  }

  std::size_t m_body_size = 0;
};

} // namespace

void multipart(std::string_view input) {
  static UploadServer server;
  std::size_t eol = input.find('\n');
  std::string_view parameters = input.substr(0, eol);
  std::string_view body = eol == std::string_view::npos ? std::string_view{} : input.substr(eol + 1);
  std::string request = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data";
  request.append(parameters);
  request += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  request.append(body);
  std::string response = server.process(request, body.size());
  require(response.starts_with("HTTP/1.1 "), "request not answered", response.substr(0, 64));
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::multipart)
