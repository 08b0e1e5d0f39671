// Test support shared by the mail ledger's and the mail sources' tests: a message as
// the office's mailbox holds it, a file written with its folders, text without CRs.
#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace zwgk::mailbox::test {

inline std::string eml(int n, std::string_view received = "Mon, 31 Aug 2020 10:00:00 +0800", bool with_id = true) {
  return fmt::format("Received: from mx by mail.linzi.gov.cn; {}\r\n"
                     "From: rsj@linzi.gov.cn\r\n"
                     "{}Subject: =?UTF-8?B?56i/5Lu2?= {}\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                     "第{}篇稿件正文，政务公开。\r\n",
                     received, with_id ? fmt::format("Message-ID: <m{}@linzi>\r\n", n) : "", n, n);
}

inline void write(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string lf(std::string text) {
  std::string out;
  for (char c : text)
    if (c != '\r') out += c;
  return out;
}

} // namespace zwgk::mailbox::test
