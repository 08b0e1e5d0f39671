// Reading a text table file as UTF-8 chunks cut at row boundaries.
//
// Handles the encodings Chinese offices produce: UTF-8 with or without BOM
// is streamed a block at a time, so a file of millions of rows is never held
// whole in memory; UTF-16 and GB18030 (what Excel's "CSV" saves on a Chinese
// Windows) are decoded whole. Internal to ingest/.
#pragma once

#include "model/diagnostics.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

namespace zwgk::ingest {

// Reports progress through one file: its name, bytes done, bytes in all.
using ProgressFn = std::function<void(std::string_view file, std::uintmax_t done, std::uintmax_t total)>;

// A run of complete rows, and work on the blocks around it.
struct Chunk {
  std::string_view text;       // complete rows
  std::size_t first_line = 1;  // the physical line text starts on
  char delimiter = ',';
  // Releasing the block before this one and mapping in and scanning the one
  // after it: independent of `text`, so a reader that parses text on two
  // threads runs it on the one that would otherwise wait. At most once, and
  // finished before on_chunk returns; read_chunks() runs it itself after
  // on_chunk if on_chunk did not. Never empty.
  std::function<void()> aside;
};

// Return false to stop reading.
using ChunkFn = std::function<bool(const Chunk& chunk)>;

// Returns false if the file could not be read to the end (reported to out).
// progress, if set, is called after each chunk with the bytes read so far.
bool read_chunks(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                 const ChunkFn& on_chunk, const ProgressFn& progress = {});

// Location in file at line and column.
Location location_in(const Location& file, std::size_t line, std::size_t column = 0);

} // namespace zwgk::ingest
