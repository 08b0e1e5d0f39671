#include "util/digest.h"

#include <sodium.h>

namespace zwgk {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    out += k_hex[b >> 4];
    out += k_hex[b & 0xF];
  }
  return out;
}

} // namespace zwgk
