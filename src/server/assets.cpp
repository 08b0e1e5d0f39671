#include "server/assets.h"

#include <array>

namespace zwgk::server {
namespace {

std::string_view mime_for(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> k_types = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json; charset=utf-8"},
      {".ico", "image/x-icon"},
  }};
  for (auto [ext, type] : k_types)
    if (path.ends_with(ext)) return type;
  return "application/octet-stream";
}

} // namespace

std::optional<Asset> find_asset(std::string_view path) {
  if (path == "/" || path.empty()) path = "/index.html";
  for (const auto& [name, content] : embedded_assets())
    if (name == path) return Asset{content, mime_for(path)};
  return std::nullopt;
}

} // namespace zwgk::server
