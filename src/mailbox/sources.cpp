#include "mailbox/sources.h"

#include "fs/files.h"
#include "imap/protocol.h"
#include "mail/mbox.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace zwgk::mailbox {
namespace {

namespace stdfs = std::filesystem;

// Names listed in a warning about skipped files or lines; the rest are counted.
constexpr std::size_t k_listed_names = 5;
// Bytes looked at to tell an mbox from one message (BOM, blank lines, "From ").
constexpr std::size_t k_sniff_bytes = 64u << 10;

constexpr std::string_view k_ole_signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";  // Outlook .msg (OLE2)
constexpr std::string_view k_msg_hint = "Outlook 的 .msg 文件无法直接导入：请在 Outlook 中另存为 .eml 或导出为 mbox 后再导入";

// Maildir++ folders that hold no submissions (lower case for ASCII names).
constexpr std::array<std::string_view, 23> k_special_folders = {
    "sent", "sent messages", "sent items", "sent mail", "drafts", "trash", "deleted messages", "deleted items",
    "junk", "junk e-mail", "junk email", "spam", "outbox", "已发送", "已发送邮件", "发件箱", "草稿", "草稿箱",
    "已删除", "已删除邮件", "垃圾邮件", "垃圾箱", "病毒邮件"};

std::vector<std::string_view> split_on(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0;;) {
    std::size_t end = text.find(separator, at);
    out.push_back(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos) return out;
    at = end + 1;
  }
}

bool has_extension(const stdfs::path& path, std::string_view ext) {
  return ascii_lower(path.extension().string()) == ext;
}

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1u << 20));
}

std::string too_large(std::uint64_t bytes) {
  return fmt::format("邮件大小 {}，超过上限 {}（mail::k_max_message_bytes）", megabytes(bytes),
                     megabytes(mail::k_max_message_bytes));
}

// The first names and how many more: "a.msg、b.txt 等 7 个".
std::string listed(const std::vector<std::string>& names) {
  std::vector<std::string> shown(names.begin(), names.begin() + std::min(names.size(), k_listed_names));
  std::string out = join(shown, "、");
  if (names.size() > shown.size()) out += fmt::format(" 等 {} 个", names.size());
  return out;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

class FileSource final : public mail::ByteSource {
public:
  explicit FileSource(const stdfs::path& path) : m_file(std::fopen(path.c_str(), "rb")), m_name(fs::display_name(path)) {}
  std::expected<void, std::string> opened() const {
    if (m_file) return {};
    return std::unexpected(fmt::format("无法打开“{}”：{}", m_name, std::strerror(errno)));
  }
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override {
    std::size_t n = std::fread(buffer.data(), 1, buffer.size(), m_file.get());
    if (n == 0 && std::ferror(m_file.get())) return std::unexpected(fmt::format("读取“{}”失败", m_name));
    return n;
  }

private:
  std::unique_ptr<std::FILE, FileCloser> m_file;
  std::string m_name;
};

std::expected<std::string, std::string> file_head(const stdfs::path& path) {
  FileSource file(path);
  if (auto ok = file.opened(); !ok) return std::unexpected(ok.error());
  std::string head(k_sniff_bytes, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    auto n = file.read(std::span<char>(head.data() + got, head.size() - got));
    if (!n) return std::unexpected(n.error());
    if (*n == 0) break;
    got += *n;
  }
  head.resize(got);
  return head;
}

// One file, one message (an .eml, a Maildir file, a file that is not an mbox).
std::expected<void, std::string> read_one(const stdfs::path& path, std::string origin, const MessageSink& sink,
                                          const WarningSink& warn) {
  RawMessage message{{}, std::move(origin), std::nullopt};
  std::error_code ec;
  auto size = stdfs::file_size(path, ec);
  if (ec) {
    message.unreadable = fmt::format("无法读取：{}", ec.message());
  } else if (size > mail::k_max_message_bytes) {
    message.unreadable = too_large(size);
  } else if (auto bytes = fs::read_file(path, mail::k_max_message_bytes); !bytes) {
    message.unreadable = bytes.error();
  } else {
    message.bytes = std::move(*bytes);
  }
  auto inside = mail::envelope_lines(message.bytes, k_listed_names + 1);
  if (!inside.empty()) {
    std::vector<std::string> lines;
    for (auto line : inside) lines.push_back(std::to_string(line));
    std::string note = fmt::format("作为一封邮件读取，但第 {} 行像 mbox 的分隔行（“From ”行），可能是几封邮件合在一个文件里",
                                   inside.size() > k_listed_names ? listed(lines) : join(lines, "、"));
    warn(fmt::format("{}{}；如果它是 mbox 文件，请确认它以“From ”行开头（不要用 .eml 扩展名）后重新导入", message.origin, note));
    message.notes.push_back(note);
  }
  return sink(std::move(message));
}

std::expected<void, std::string> read_mbox(const stdfs::path& path, const MessageSink& sink) {
  FileSource file(path);
  if (auto ok = file.opened(); !ok) return ok;
  mail::MboxReader reader(file);
  const std::string name = fs::display_name(path.filename());
  for (std::size_t number = 1;; ++number) {
    auto next = reader.next();
    if (!next) return std::unexpected(next.error());
    if (!*next) return {};
    auto& m = **next;
    RawMessage message{std::move(m.bytes), fmt::format("“{}” 第{}封（第{}行）", name, number, m.line), std::nullopt};
    if (m.too_large) message.unreadable = too_large(m.size);
    if (m.unquoted_from_line != 0)
      message.notes.push_back(fmt::format("mbox 第{}行以“From ”开头，但不像分隔行，已作为这封邮件的正文；请核实其中是否混入了另一封邮件",
                                          m.unquoted_from_line));
    if (auto ok = sink(std::move(message)); !ok) return ok;
  }
}

// The folder's cur/ then new/.
std::expected<void, std::string> read_maildir_folder(const stdfs::path& dir, const std::string& name,
                                                     const MessageSink& sink, const WarningSink& warn) {
  for (std::string_view sub : {"cur", "new"}) {
    for (const auto& file : fs::list_files(dir / sub)) {
      std::string origin = fmt::format("“{}” {}/{}", name, sub, fs::display_name(file.filename()));
      if (auto ok = read_one(file, std::move(origin), sink, warn); !ok) return ok;
    }
  }
  return {};
}

bool is_maildir(const stdfs::path& dir) {
  std::error_code ec;
  return stdfs::is_directory(dir / "cur", ec) || stdfs::is_directory(dir / "new", ec);
}

bool is_special_folder(std::string_view name) {
  for (std::string_view part : split_on(name, '/'))
    if (std::find(k_special_folders.begin(), k_special_folders.end(), ascii_lower(part)) != k_special_folders.end())
      return true;
  return false;
}

std::string dir_name(const stdfs::path& dir) {
  return fs::display_name(dir.filename().empty() ? dir.parent_path().filename() : dir.filename());
}

// A Maildir's Maildir++ subfolders in name order: those read, and those of
// sent, draft, deleted and junk mail that are not.
struct Subfolders {
  std::vector<stdfs::path> read, special;
};

Subfolders maildir_subfolders(const stdfs::path& dir) {
  Subfolders out;
  std::error_code ec;
  for (const auto& entry : stdfs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.size() > 1 && file.starts_with('.') && file != ".." && entry.is_directory(ec) && is_maildir(entry.path()))
      (is_special_folder(maildir_folder_name(file)) ? out.special : out.read).push_back(entry.path());
  }
  std::sort(out.read.begin(), out.read.end());
  std::sort(out.special.begin(), out.special.end());
  return out;
}

std::size_t maildir_files(const stdfs::path& folder) {
  return fs::list_files(folder / "cur").size() + fs::list_files(folder / "new").size();
}

std::expected<void, std::string> read_maildir(const stdfs::path& dir, const MessageSink& sink, const WarningSink& warn) {
  std::string name = dir_name(dir);
  if (name.starts_with('.')) name = maildir_folder_name(name);
  if (auto ok = read_maildir_folder(dir, name, sink, warn); !ok) return ok;
  const Subfolders subfolders = maildir_subfolders(dir);
  for (const auto& sub : subfolders.read)
    if (auto ok = read_maildir_folder(sub, name + "/" + maildir_folder_name(sub.filename().string()), sink, warn); !ok)
      return ok;
  std::vector<std::string> skipped;
  for (const auto& sub : subfolders.special) {
    const std::string raw = sub.filename().string();
    skipped.push_back(fmt::format("{}（{}，{} 封）", maildir_folder_name(raw), fs::display_name(raw), maildir_files(sub)));
  }
  if (!skipped.empty())
    warn(fmt::format("Maildir“{}”中已发送、草稿、已删除和垃圾邮件的子文件夹不是投稿，未读取：{}（如确需导入，请把子文件夹的路径写在命令中）",
                     name, join(skipped, "、")));
  return {};
}

std::expected<void, std::string> read_eml_folder(const stdfs::path& dir, const MessageSink& sink, const WarningSink& warn) {
  std::vector<std::string> other, subfolders;
  bool msg = false;
  for (const auto& file : fs::list_files(dir)) {
    const std::string name = fs::display_name(file.filename());
    if (has_extension(file, ".eml")) {
      if (auto ok = read_one(file, fmt::format("“{}”", name), sink, warn); !ok) return ok;
    } else if (!name.starts_with('.')) {
      other.push_back(name);
      msg = msg || has_extension(file, ".msg");
    }
  }
  std::error_code ec;
  for (const auto& entry : stdfs::directory_iterator(dir, ec))
    if (entry.is_directory(ec) && !entry.path().filename().string().starts_with('.'))
      subfolders.push_back(fs::display_name(entry.path().filename()));
  std::sort(subfolders.begin(), subfolders.end());
  const std::string name = dir_name(dir);
  if (!other.empty())
    warn(fmt::format("文件夹“{}”中有 {} 个文件不是 .eml，未读取：{}{}", name, other.size(), listed(other),
                     msg ? fmt::format("。{}", k_msg_hint) : std::string()));
  if (!subfolders.empty())
    warn(fmt::format("文件夹“{}”中的 {} 个子文件夹未读取（只读取这一层的 .eml 文件）：{}", name, subfolders.size(),
                     listed(subfolders)));
  return {};
}

} // namespace

std::string maildir_folder_name(std::string_view dir_name) {
  if (dir_name.starts_with('.')) dir_name.remove_prefix(1);
  std::vector<std::string> parts;
  for (std::string_view part : split_on(dir_name, '.')) {
    auto decoded = imap::decode_mailbox_name(part);
    parts.push_back(decoded ? *decoded : std::string(part));
  }
  return join(parts, "/");
}

std::expected<void, std::string> read_source(const stdfs::path& path, const MessageSink& sink, const WarningSink& warn) {
  std::error_code ec;
  if (stdfs::is_directory(path, ec)) return is_maildir(path) ? read_maildir(path, sink, warn) : read_eml_folder(path, sink, warn);
  if (!stdfs::exists(path, ec))
    return std::unexpected(fmt::format("“{}”不存在（应为 Maildir 文件夹、mbox 文件、.eml 文件或存放 .eml 的文件夹）",
                                       fs::display_name(path)));
  const std::string origin = fmt::format("“{}”", fs::display_name(path.filename()));
  if (has_extension(path, ".eml")) return read_one(path, origin, sink, warn);
  if (has_extension(path, ".msg")) return std::unexpected(fmt::format("{}：{}", origin, k_msg_hint));
  auto head = file_head(path);
  if (!head) return std::unexpected(head.error());
  if (head->starts_with(k_ole_signature)) return std::unexpected(fmt::format("{}：{}", origin, k_msg_hint));
  if (mail::looks_like_mbox(*head)) return read_mbox(path, sink);
  return read_one(path, origin, sink, warn);
}

SourceExtent source_extent(const stdfs::path& path) {
  SourceExtent extent;
  std::error_code ec;
  auto add_file = [&](const stdfs::path& file) {
    ++extent.messages;
    auto size = stdfs::file_size(file, ec);
    if (!ec) extent.bytes += size;
  };
  if (stdfs::is_directory(path, ec)) {
    if (!is_maildir(path)) {
      for (const auto& file : fs::list_files(path))
        if (has_extension(file, ".eml")) add_file(file);
      return extent;
    }
    std::vector<stdfs::path> folders{path};
    for (const auto& sub : maildir_subfolders(path).read) folders.push_back(sub);
    for (const auto& folder : folders)
      for (std::string_view sub : {"cur", "new"})
        for (const auto& file : fs::list_files(folder / sub)) add_file(file);
    return extent;
  }
  auto head = file_head(path);
  if (has_extension(path, ".msg") || (head && head->starts_with(k_ole_signature))) return extent;
  if (!has_extension(path, ".eml") && head && mail::looks_like_mbox(*head)) {
    extent.counted = false;
    extent.messages = 0;
    auto size = stdfs::file_size(path, ec);
    if (!ec) extent.bytes = size;
    return extent;
  }
  if (stdfs::exists(path, ec)) add_file(path);
  return extent;
}

} // namespace zwgk::mailbox
