// Reading messages from what the office's mail client or server leaves on
// disk: a Maildir (a folder with cur/ and new/), an mbox file, .eml files, or
// a folder of .eml files (as Foxmail and Outlook export them).
//
// Contracts:
// - The kind is recognised from the path: a folder with cur/ or new/ is a
//   Maildir (both read, files in name order; tmp/ is mail being delivered and
//   is not read); another folder is read for its *.eml files (name order, not
//   recursive); a file whose name ends .eml is one message; any other file
//   is an mbox when it starts with "From ", else one message.
// - Each message goes to `sink` with its origin (file and, for an mbox, the
//   message's number and line) in a stable order, so an interrupted import
//   run again meets the same messages in the same order.
// - Errors are Chinese and name the path: a missing path, an unreadable
//   file. A sink error stops the reading and is returned as it is.
#pragma once

#include "mailbox/importer.h"

#include <expected>
#include <filesystem>
#include <functional>
#include <string>

namespace zwgk::mailbox {

using MessageSink = std::function<std::expected<void, std::string>(RawMessage&&)>;

std::expected<void, std::string> read_source(const std::filesystem::path& path, const MessageSink& sink);

} // namespace zwgk::mailbox
