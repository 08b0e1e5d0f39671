#include "mailbox/sources.h"

#include "fs/files.h"
#include "mail/mbox.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::mailbox {
namespace {

namespace stdfs = std::filesystem;

bool has_extension(const stdfs::path& path, std::string_view ext) {
  return ascii_lower(path.extension().string()) == ext;
}

std::expected<void, std::string> read_one(const stdfs::path& path, std::string origin, const MessageSink& sink) {
  auto bytes = fs::read_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  return sink({std::move(*bytes), std::move(origin), std::nullopt});
}

std::expected<void, std::string> read_mbox(const stdfs::path& path, std::string bytes, const MessageSink& sink) {
  const std::string name = fs::display_name(path.filename());
  std::string storage;
  std::size_t number = 0;
  for (const auto& entry : mail::split_mbox(bytes)) {
    ++number;
    std::string origin = fmt::format("“{}” 第{}封（第{}行）", name, number, entry.line);
    auto message = mail::mbox_message(bytes, entry, storage);
    if (auto ok = sink({std::string(message), std::move(origin), std::nullopt}); !ok) return ok;
  }
  return {};
}

std::expected<void, std::string> read_maildir(const stdfs::path& dir, const MessageSink& sink) {
  const std::string name = fs::display_name(dir.filename().empty() ? dir.parent_path().filename() : dir.filename());
  for (std::string_view sub : {"cur", "new"}) {
    for (const auto& file : fs::list_files(dir / sub)) {
      std::string origin = fmt::format("“{}” {}/{}", name, sub, fs::display_name(file.filename()));
      if (auto ok = read_one(file, std::move(origin), sink); !ok) return ok;
    }
  }
  return {};
}

std::expected<void, std::string> read_eml_folder(const stdfs::path& dir, const MessageSink& sink) {
  for (const auto& file : fs::list_files(dir)) {
    if (!has_extension(file, ".eml")) continue;
    if (auto ok = read_one(file, fmt::format("“{}”", fs::display_name(file.filename())), sink); !ok) return ok;
  }
  return {};
}

} // namespace

std::expected<void, std::string> read_source(const stdfs::path& path, const MessageSink& sink) {
  std::error_code ec;
  if (stdfs::is_directory(path, ec)) {
    if (stdfs::is_directory(path / "cur", ec) || stdfs::is_directory(path / "new", ec)) return read_maildir(path, sink);
    return read_eml_folder(path, sink);
  }
  if (!stdfs::exists(path, ec))
    return std::unexpected(fmt::format("“{}”不存在（应为 Maildir 文件夹、mbox 文件、.eml 文件或存放 .eml 的文件夹）",
                                       fs::display_name(path)));
  if (has_extension(path, ".eml")) return read_one(path, fmt::format("“{}”", fs::display_name(path.filename())), sink);
  auto bytes = fs::read_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  if (bytes->starts_with("From ")) return read_mbox(path, std::move(*bytes), sink);
  return sink({std::move(*bytes), fmt::format("“{}”", fs::display_name(path.filename())), std::nullopt});
}

} // namespace zwgk::mailbox
