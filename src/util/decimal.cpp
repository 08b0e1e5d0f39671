#include "util/decimal.h"

#include <limits>

namespace zwgk {

std::optional<Decimal> Decimal::parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    i = 1;
  }
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  int whole_digits = 0;
  int fraction_digits = 0;
  constexpr std::int64_t k_max_whole = std::numeric_limits<std::int64_t>::max() / k_scale - 1;
  for (; i < text.size() && text[i] != '.'; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    whole = whole * 10 + (c - '0');
    if (whole > k_max_whole) return std::nullopt;  // checked before it can overflow
    ++whole_digits;
  }
  if (i < text.size()) {  // at '.'
    ++i;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c < '0' || c > '9') return std::nullopt;
      if (++fraction_digits > k_fraction_digits) return std::nullopt;
      fraction = fraction * 10 + (c - '0');
    }
    if (fraction_digits == 0 && whole_digits == 0) return std::nullopt;
  } else if (whole_digits == 0) {
    return std::nullopt;
  }
  for (int d = fraction_digits; d < k_fraction_digits; ++d) fraction *= 10;
  std::int64_t units = whole * k_scale + fraction;
  return Decimal(negative ? -units : units);
}

std::string Decimal::to_string() const {
  std::uint64_t magnitude = m_units < 0 ? 0 - static_cast<std::uint64_t>(m_units)
                                        : static_cast<std::uint64_t>(m_units);
  std::string out = m_units < 0 ? "-" : "";
  out += std::to_string(magnitude / k_scale);
  std::uint64_t fraction = magnitude % k_scale;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, static_cast<std::size_t>(k_fraction_digits) - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  return out;
}

std::optional<Decimal> Decimal::multiply(std::int64_t count) const {
  std::int64_t result = 0;
  if (__builtin_mul_overflow(m_units, count, &result)) return std::nullopt;
  return Decimal(result);
}

std::optional<Decimal> Decimal::plus(Decimal o) const {
  std::int64_t result = 0;
  if (__builtin_add_overflow(m_units, o.m_units, &result)) return std::nullopt;
  return Decimal(result);
}

std::optional<Decimal> Decimal::minus(Decimal o) const {
  std::int64_t result = 0;
  if (__builtin_sub_overflow(m_units, o.m_units, &result)) return std::nullopt;
  return Decimal(result);
}

namespace {
// 128 bits hold any int64 product exactly (a GCC/Clang extension).
__extension__ typedef __int128 Wide;
} // namespace

std::optional<Decimal> Decimal::scaled(std::int64_t numerator, std::int64_t denominator, int places) const {
  if (denominator == 0 || places < 0 || places > k_fraction_digits) return std::nullopt;
  Wide step = 1;
  for (int p = places; p < k_fraction_digits; ++p) step *= 10;
  // The exact value in millionths is m_units × numerator / denominator; in
  // units of the last kept place it is that over step.
  Wide n = static_cast<Wide>(m_units) * numerator;
  Wide d = static_cast<Wide>(denominator) * step;
  const bool negative = (n < 0) != (d < 0) && n != 0;
  if (n < 0) n = -n;
  if (d < 0) d = -d;
  Wide q = n / d;
  if (2 * (n % d) >= d) ++q;
  Wide units = q * step;
  if (negative) units = -units;
  if (units > std::numeric_limits<std::int64_t>::max() || units < std::numeric_limits<std::int64_t>::min())
    return std::nullopt;
  return Decimal(static_cast<std::int64_t>(units));
}

} // namespace zwgk
