// SHA-256 (libsodium) as lower-case hex: file versions and mail messages are
// identified by their content's digest.
#pragma once

#include <string>
#include <string_view>

namespace zwgk {

std::string sha256_hex(std::string_view bytes);

} // namespace zwgk
