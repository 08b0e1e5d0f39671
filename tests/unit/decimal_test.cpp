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

} // namespace
} // namespace zwgk
