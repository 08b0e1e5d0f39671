// An in-memory ZIP archive (for OOXML packages), written with libzip.
//
// Entries keep the order given (OOXML readers want [Content_Types].xml
// first) and a fixed timestamp, so the same content always gives the same
// bytes: a report run twice writes identical files.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace zwgk {

struct ZipEntry {
  std::string name;     // path inside the archive, "word/document.xml"
  std::string content;
};

std::expected<std::string, std::string> zip_in_memory(const std::vector<ZipEntry>& entries);

// Replaces the entry `name` of the ZIP file at `path` with edit(its content),
// keeping its place and timestamp (for what a library cannot write itself).
std::expected<void, std::string> edit_zip_entry(
    const std::filesystem::path& path, const std::string& name,
    const std::function<std::expected<std::string, std::string>(std::string)>& edit);

} // namespace zwgk
