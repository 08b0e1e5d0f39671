#include "auth/password.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <semaphore>

namespace zwgk::auth {
namespace {

void ensure_sodium() {
  static const bool k_ready = [] {
    if (sodium_init() < 0) {
      std::fputs("错误：无法初始化密码库 libsodium（系统没有可用的随机数来源）\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)k_ready;
}

// Limits the memory and CPU that password hashing may take at once.
std::counting_semaphore<k_max_concurrent_hashes>& hash_slots() {
  static std::counting_semaphore<k_max_concurrent_hashes> slots(k_max_concurrent_hashes);
  return slots;
}

class HashSlot {
public:
  HashSlot() { hash_slots().acquire(); }
  ~HashSlot() { hash_slots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

} // namespace

std::expected<std::string, std::string> hash_password(std::string_view password, HashCost cost) {
  ensure_sodium();
  unsigned long long ops = cost == HashCost::Interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN;
  std::size_t mem = cost == HashCost::Interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN;
  std::array<char, crypto_pwhash_STRBYTES> out{};
  int rc = 0;
  {
    HashSlot slot;
    rc = crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13);
  }
  if (rc != 0) return std::unexpected("计算密码散列失败（内存不足）");
  return std::string(out.data());
}

bool verify_password(std::string_view password, std::string_view hash) {
  ensure_sodium();
  // crypto_pwhash_str_verify wants a NUL-terminated string that fits its buffer.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);
  HashSlot slot;
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string random_token() {
  ensure_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int k_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::array<char, sodium_base64_ENCODED_LEN(32, k_variant)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), k_variant);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(text.data());
}

std::string one_time_password() {
  ensure_sodium();
  std::string out(k_one_time_password_chars, ' ');
  for (auto& c : out)
    c = k_one_time_alphabet[randombytes_uniform(static_cast<std::uint32_t>(k_one_time_alphabet.size()))];
  return out;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

} // namespace zwgk::auth
