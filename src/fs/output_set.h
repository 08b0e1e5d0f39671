// One command's outputs (a bulletin, a year's report, the reminders)
// installed into the folder the user named as one set: whenever the folder
// is read, it shows all of the previous set or all of the new one, never a
// mix, at whatever moment the program is killed; two runs at once take turns.
//
// The folder keeps the file names that the README promises, as links into a
// hidden folder that holds whole versions of the set:
//
//   DIR/通报.docx -> .zwgk/通报-2020Q3/current/通报.docx   (made once per name)
//   DIR/.zwgk/lock                                        (held while a run installs)
//   DIR/.zwgk/通报-2020Q3/current -> v7
//   DIR/.zwgk/通报-2020Q3/v6/  v7/                        (the previous and the current set)
//
// A run writes and flushes the new set whole into v8, then switches
// `current` to it with one rename: that is the moment the folder changes.
// Names of the previous set that the new one lacks stop showing (their links
// go); older versions are removed, the previous one kept for readers who
// opened it just before the switch. Nothing else in DIR is touched: the
// user's own files stay. A plain file with one of the set's names (a first
// run into a folder of older outputs, or a file saved over a link) is first
// taken into the current version, so that replacing it by its link changes
// nothing a reader sees. A directory or a foreign link with one of the set's
// names is refused before anything changes. Leftovers of killed runs
// (*.tmp-<pid>-*) are removed first. On a file system without symbolic links
// the files are replaced one by one (each atomically) and a note says so.
#pragma once

#include "fs/files.h"

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::fs {

inline constexpr std::string_view k_output_state_dir = ".zwgk";
// How long a run waits for another that installs into the same folder: far
// longer than installing a province's bulletin takes, short enough that a
// hung run is reported.
inline constexpr std::chrono::seconds k_output_lock_wait{120};

struct InstalledSet {
  std::vector<std::string> notes;  // for the user, e.g. that the set was not switched at once
};

// Installs `files` (paths inside dir, subfolders allowed) as the set named
// `set` ("通报-2020Q3": one per kind of output, so that different sets can
// share a folder). Fails, changing nothing that a reader sees, with a
// Chinese message naming the file.
// `lock_wait`: how long to wait for another run (tests shorten it).
std::expected<InstalledSet, std::string> install_output_set(const std::filesystem::path& dir, std::string_view set,
                                                           const std::vector<OutputFile>& files,
                                                           std::chrono::seconds lock_wait = k_output_lock_wait);

} // namespace zwgk::fs
