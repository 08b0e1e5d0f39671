// The web front-end's files (web/), compiled into the program by
// cmake/embed_assets.cmake.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace zwgk::server {

struct Asset {
  std::string_view content;
  std::string_view mime_type;
};

// Every embedded file by its URL path ("/index.html", "/pages/ranking.js").
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_assets();

// The asset for a URL path; "/" is "/index.html".
std::optional<Asset> find_asset(std::string_view path);

} // namespace zwgk::server
