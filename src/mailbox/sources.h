// Reading messages from what the office's mail client or server leaves on
// disk: a Maildir (a folder with cur/ and new/), an mbox file, .eml files, or
// a folder of .eml files (as Foxmail and Outlook export them).
//
// Contracts:
// - The kind is recognised from the path: a folder with cur/ or new/ is a
//   Maildir; another folder is read for its *.eml files (name order, not
//   recursive); a file whose name ends .eml is one message; an Outlook .msg
//   file (by its name or its OLE signature) is an error with the hint to
//   save it as .eml or export an mbox; any other file is an mbox when,
//   after a UTF-8 BOM and blank lines, it starts with "From "
//   (mail/mbox.h), else one message.
// - Maildir: cur/ then new/, files in name order (tmp/ is mail being
//   delivered and is not read), then its Maildir++ subfolders (".投稿",
//   named in modified UTF-7 on disk: ".&YpV6Pw-") in name order, each read
//   alike with its decoded name in the messages' origin ("收件箱/投稿").
//   Subfolders for sent, draft, deleted and junk mail (k_special_folders)
//   are not submissions: they are not read, and a warning names them.
// - An mbox is read one message at a time (mail::MboxReader): memory stays
//   bounded whatever the file's size.
// - Each message goes to `sink` with its origin (file and, for an mbox, the
//   message's number and line) in a stable order, so an interrupted import
//   run again meets the same messages in the same order. A message that
//   cannot be read (larger than mail::k_max_message_bytes, a file that
//   cannot be opened) goes to the sink as `unreadable`, so it is reported
//   with its origin and reading goes on.
// - Warnings go to `warn`, each naming its file or folder: files a folder
//   holds that are not read (count and the first names; .msg with the hint),
//   Maildir subfolders not read, a file read as one message in which other
//   lines look like mbox "From " lines (the message gets that note too, so
//   a person looks at it), and an mbox message that has an unquoted body
//   line "From …" where a separator could be (a note on the message).
// - Errors are Chinese and name the path: a missing path, an .msg file, a
//   file that cannot be read. A sink error stops the reading and is
//   returned as it is.
#pragma once

#include "mailbox/importer.h"

#include <expected>
#include <filesystem>
#include <functional>
#include <string>

namespace zwgk::mailbox {

using MessageSink = std::function<std::expected<void, std::string>(RawMessage&&)>;
using WarningSink = std::function<void(std::string)>;

std::expected<void, std::string> read_source(const std::filesystem::path& path, const MessageSink& sink,
                                             const WarningSink& warn);

// What read_source(path) will read, for a progress display, found without
// reading any message: the number of messages when each file is one message
// (Maildir, .eml files; counted), else (an mbox) only its bytes. An .msg file
// or a path that does not exist is 0 messages.
struct SourceExtent {
  std::size_t messages = 0;
  bool counted = true;     // false: an mbox, whose messages are known only once read
  std::uintmax_t bytes = 0;
};
SourceExtent source_extent(const std::filesystem::path& path);

// A Maildir++ folder's name as people read it: ".&YpV6Pw-.2020" -> "投稿/2020".
std::string maildir_folder_name(std::string_view dir_name);

} // namespace zwgk::mailbox
