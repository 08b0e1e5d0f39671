// Decimal: exact fixed-point numbers for assessment points.
//
// Points in a scheme are decimal quantities such as 0.5, 0.25 or 14.5. Binary
// floating point cannot hold most of them exactly and would let sums such as
// 0.1 + 0.2 drift, so scores are kept as integers counting millionths. Six
// fractional digits is far beyond any published scheme; parse() refuses
// inputs with more rather than rounding them silently. int64 holds ±9.2e12
// points: the scheme's values are bounded far below, but data can multiply
// them (a count of 10^9 items), so multiply(), plus() and minus() report
// overflow instead of wrapping; the operators are for sums known to fit.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk {

class Decimal {
public:
  static constexpr int k_fraction_digits = 6;
  static constexpr std::int64_t k_scale = 1'000'000;

  constexpr Decimal() = default;
  // Callers keep |whole| within ±9.2e12 (the range of millionths in int64).
  static constexpr Decimal from_int(std::int64_t whole) { return Decimal(whole * k_scale); }
  static constexpr Decimal from_millionths(std::int64_t units) { return Decimal(units); }

  // Accepts "5", "-0.5", "+14.50", ".5"; rejects exponents, separators and
  // more than six fractional digits.
  static std::optional<Decimal> parse(std::string_view text);

  // Shortest exact form without trailing zeros: "5", "0.5", "14.5", "-2".
  std::string to_string() const;

  constexpr std::int64_t millionths() const { return m_units; }
  constexpr bool is_zero() const { return m_units == 0; }
  constexpr bool is_negative() const { return m_units < 0; }

  // this × count, exact. Returns nullopt on overflow.
  std::optional<Decimal> multiply(std::int64_t count) const;
  // this + o and this − o, exact. Return nullopt on overflow.
  std::optional<Decimal> plus(Decimal o) const;
  std::optional<Decimal> minus(Decimal o) const;
  // this × numerator / denominator, rounded half away from zero (half up for
  // the non-negative points of scores) to `places` fractional digits (0–6).
  // Exact before the one rounding. nullopt: denominator 0, places out of
  // range, or a result beyond int64 millionths.
  std::optional<Decimal> scaled(std::int64_t numerator, std::int64_t denominator,
                                int places = k_fraction_digits) const;
  // this × o (a weight times points), rounded half away from zero to six places.
  std::optional<Decimal> times(Decimal o) const { return scaled(o.m_units, k_scale); }
  // Rounded half away from zero to `places` fractional digits (0–6).
  std::optional<Decimal> rounded(int places) const { return scaled(1, 1, places); }

  constexpr Decimal operator+(Decimal o) const { return Decimal(m_units + o.m_units); }
  constexpr Decimal operator-(Decimal o) const { return Decimal(m_units - o.m_units); }
  constexpr Decimal operator-() const { return Decimal(-m_units); }
  constexpr Decimal& operator+=(Decimal o) { m_units += o.m_units; return *this; }
  constexpr Decimal& operator-=(Decimal o) { m_units -= o.m_units; return *this; }
  constexpr auto operator<=>(const Decimal&) const = default;

private:
  constexpr explicit Decimal(std::int64_t units) : m_units(units) {}
  std::int64_t m_units = 0;
};

constexpr Decimal min(Decimal a, Decimal b) { return a < b ? a : b; }
constexpr Decimal max(Decimal a, Decimal b) { return a < b ? b : a; }

} // namespace zwgk
