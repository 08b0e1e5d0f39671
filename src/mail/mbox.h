// Splitting an mbox file into its messages.
//
// split_mbox() takes the bytes of a whole mbox file (the caller reads or
// maps it; no I/O here) and returns where each message is; mbox_message()
// gives one entry's message bytes, ready for parse_message().
//
// Contract:
// - Separator: a line that starts with the five bytes "From " (capital F,
//   one space) and either begins the file or follows an empty line ("\n" or
//   "\r\n"). Nothing else on the line is checked. A "From " line after a
//   non-empty line is message text, not a separator; so is "From:" (a
//   header) or ">From ". Both mboxo and mboxrd writers quote a body line
//   starting "From " (as ">From "), so a real mbox has no unquoted "From "
//   line after an empty line inside a message. LF and CRLF files (or a mix)
//   are read alike.
// - Entry: from the start of its "From " line up to the next separator,
//   without the empty line that precedes that separator (it belongs to the
//   mbox framing, not to the message). The last entry runs to the end of
//   the file, likewise without one final empty line if the file ends with
//   one. A "From " line with nothing after it (e.g. at the end of the file)
//   is an entry whose message is empty: the caller reports it, with its line.
// - Leading bytes before the first separator: if they are only whitespace
//   (blank lines) they are skipped. Otherwise they are reported, not
//   dropped: the first entry has from_line == false, starts at the first
//   line that is not blank and runs to the first separator (without the
//   empty line before it). A file with no separator at all but some content
//   (e.g. an .eml given as an mbox) is therefore one such entry; the caller
//   parses it like any other and reports an error with its line if it is
//   not a message.
// - An empty file, or one of whitespace only, has no entries.
// - Line numbers are 1-based and count "\n" bytes; `line` is the line of
//   the entry's "From " line (or, for the leading entry, of its first line).
// - mbox_message(): the entry's bytes without its "From " line, with the
//   mboxrd quoting undone by one level: every line matching ">+From " loses
//   its first '>' (">From " -> "From ", ">>From " -> ">From "). For mboxo
//   files (which quote "From " but not ">From ") this is also right except
//   for a body line that really started with ">From ", which is rare and
//   harmless for counting. The leading entry (from_line == false) is
//   returned as it is.
// - Cost: one pass with memmem/memchr over the file for the split; the
//   unquoting only copies an entry that has a quoted line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::mail {

struct MboxEntry {
  std::size_t offset = 0;  // of its "From " line (of its first line if !from_line)
  std::size_t length = 0;  // bytes from offset, the "From " line included
  std::size_t line = 0;    // 1-based line of offset, for error places
  bool from_line = true;   // false only for leading bytes before the first "From " line
};

std::vector<MboxEntry> split_mbox(std::string_view mbox);

// The message bytes of one entry (see above). Returns a view into `mbox`
// when nothing needs undoing, else fills `storage` and returns a view of it.
std::string_view mbox_message(std::string_view mbox, const MboxEntry& entry, std::string& storage);

} // namespace zwgk::mail
