#include "util/decimal.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

TEST(Decimal, ParsesAndPrintsWithoutTrailingZeros) {
  EXPECT_EQ(d("5").to_string(), "5");
  EXPECT_EQ(d("0.5").to_string(), "0.5");
  EXPECT_EQ(d("14.50").to_string(), "14.5");
  EXPECT_EQ(d("-2").to_string(), "-2");
  EXPECT_EQ(d(".25").to_string(), "0.25");
  EXPECT_EQ(d("+3.000001").to_string(), "3.000001");
}

TEST(Decimal, RejectsWhatIsNotAPlainDecimal) {
  for (const char* bad : {"", ".", "-", "1e3", "1,5", "0.1234567", "abc", "1.2.3", " 1"})
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
}

TEST(Decimal, ArithmeticIsExact) {
  // 0.1 + 0.2 is exactly 0.3, unlike binary floating point.
  EXPECT_EQ(d("0.1") + d("0.2"), d("0.3"));
  EXPECT_EQ((d("15") - d("7") + d("0.5")).to_string(), "8.5");
  EXPECT_EQ(d("0.5").multiply(27)->to_string(), "13.5");
  EXPECT_EQ(min(d("13.5"), d("5")), d("5"));
  EXPECT_EQ(max(d("-1"), d("0")), d("0"));
}

TEST(Decimal, MultiplyReportsOverflow) {
  EXPECT_FALSE(d("1000000").multiply(INT64_MAX / 1000).has_value());
}

TEST(Decimal, ScaledRoundsHalfUpAtTheGivenPlaces) {
  // 20 × 2/3 = 13.333… → 13.33; 20 × 5/6 = 16.666… → 16.67 (two places).
  EXPECT_EQ(d("20").scaled(2, 3, 2)->to_string(), "13.33");
  EXPECT_EQ(d("20").scaled(5, 6, 2)->to_string(), "16.67");
  // Exactly half rounds up: 10 × 1/8 = 1.25 → 1.3 at one place; 0.5 → 1 at none.
  EXPECT_EQ(d("10").scaled(1, 8, 1)->to_string(), "1.3");
  EXPECT_EQ(d("0.5").rounded(0)->to_string(), "1");
  EXPECT_EQ(d("0.49").rounded(0)->to_string(), "0");
  EXPECT_EQ(d("-0.5").rounded(0)->to_string(), "-1");  // half away from zero
  EXPECT_EQ(d("-2.345").rounded(2)->to_string(), "-2.35");
  EXPECT_EQ(d("15").scaled(12, 15, 2)->to_string(), "12");
  EXPECT_EQ(d("15").scaled(1, 3)->to_string(), "5");
  EXPECT_EQ(d("1").scaled(1, 3)->to_string(), "0.333333");
  EXPECT_EQ(d("1").scaled(2, 3)->to_string(), "0.666667");
  EXPECT_EQ(d("7").scaled(-1, 2, 0)->to_string(), "-4");
}

TEST(Decimal, TimesIsExactToSixPlacesAndRoundsHalfUpBeyond) {
  EXPECT_EQ(d("0.6").times(d("40"))->to_string(), "24");
  EXPECT_EQ(d("0.25").times(d("-13.5"))->to_string(), "-3.375");
  EXPECT_EQ(d("0.000001").times(d("0.5"))->to_string(), "0.000001");  // 0.0000005 → up
  EXPECT_EQ(d("0.000001").times(d("0.4"))->to_string(), "0");
}

TEST(Decimal, ScaledRefusesZeroDenominatorBadPlacesAndOverflow) {
  EXPECT_FALSE(d("1").scaled(1, 0).has_value());
  EXPECT_FALSE(d("1").scaled(1, 1, 7).has_value());
  EXPECT_FALSE(d("1").scaled(1, 1, -1).has_value());
  EXPECT_FALSE(d("1000000").scaled(INT64_MAX / 1000, 1).has_value());
  EXPECT_FALSE(d("1000000").times(d("1000000000")).has_value());
}

} // namespace
} // namespace zwgk
