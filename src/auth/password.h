// Passwords and tokens, on libsodium.
//
// Passwords are stored as argon2id strings (crypto_pwhash_str: algorithm,
// parameters and salt are in the string, so verification needs nothing
// else and old hashes keep verifying if the parameters change). Hashing at
// the interactive limits costs about 170 ms and 64 MiB; at most
// k_max_concurrent_hashes hashes or verifications run at once, so a burst of
// logins queues instead of exhausting the server's memory.
//
// Tokens are 32 random bytes, base64url without padding (43 characters), for
// session cookies and CSRF tokens; the store keeps only token_hash(), so a
// copy of the database does not let anyone in.
//
// libsodium is initialized on first use (thread-safe); if it cannot be
// (no randomness source), the program stops rather than issue weak tokens.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk::auth {

inline constexpr int k_max_concurrent_hashes = 2;
inline constexpr std::size_t k_min_password_chars = 8;
// Longer passwords are refused: argon2 takes any length, but a megabyte
// "password" is an attack, not a secret.
inline constexpr std::size_t k_max_password_bytes = 1024;

// Production always uses Interactive. MinimumForTests (libsodium's minimum
// limits: a few KiB, well under a millisecond) exists only so that test
// suites under sanitizers stay fast; verify_password() accepts both, since
// the parameters are part of the hash string.
//
// HighEntropy (the same minimum limits) is for one-time passwords only:
// key stretching makes guessing a password a person chose expensive, but a
// one_time_password() has about 69 random bits, which no number of guesses
// per second finds (2^68 argon2 computations at a microsecond each take
// millions of years); so 67 of them hash in milliseconds instead of 15 s.
// The password the user then chooses is hashed at Interactive.
enum class HashCost { Interactive, MinimumForTests, HighEntropy };

// The argon2id string for password; fails (Chinese message) only when the
// memory cannot be allocated.
std::expected<std::string, std::string> hash_password(std::string_view password,
                                                      HashCost cost = HashCost::Interactive);

// True when password matches hash (any argon2 string from hash_password).
// A malformed hash verifies nothing.
bool verify_password(std::string_view password, std::string_view hash);

// Why password may not be used by the user `login_name` of `unit` ("" for
// users without a unit), in Chinese, or nullopt when it may. It must have
// k_min_password_chars characters (code points) to k_max_password_bytes
// bytes of valid UTF-8 and be none of what is guessed first (ASCII letters
// compared ignoring case): only spaces; one character repeated; the login
// name, or containing it forwards or backwards (a name of at least three
// ASCII or two other characters); containing the unit's name; at most three
// runs of repeated, consecutive or neighbouring characters (12345678,
// abcdefgh, qwertyui, 1qaz2wsx, abcd1234); a shorter piece repeated
// (12121212); or one of the most common passwords (a built-in list) or an
// obvious variant of one: reversed, with digits or symbols around it,
// letters written as look-alike digits or symbols (p@ssw0rd), separators
// inside. The message says which.
std::optional<std::string> password_problem(std::string_view password, std::string_view login_name,
                                            std::string_view unit);

// 32 random bytes, base64url without padding.
std::string random_token();

// A password handed out on paper or in a file, to be changed at the first
// login: k_one_time_password_chars characters drawn uniformly (libsodium's
// randombytes_uniform) from k_one_time_alphabet, the digits and letters
// without those read one for another (0 O o, 1 l I), so it can be typed
// from a printout. 12 of 54 characters: about 69 bits.
inline constexpr std::size_t k_one_time_password_chars = 12;
inline constexpr std::string_view k_one_time_alphabet = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
std::string one_time_password();

// Hex of the BLAKE2b-256 hash (crypto_generichash) of token: what the store keeps.
std::string token_hash(std::string_view token);

} // namespace zwgk::auth
