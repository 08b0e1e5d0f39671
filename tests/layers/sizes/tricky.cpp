// Planted for tests/layers/check_sizes_test.py: braces that are not code.
#include <string>
#define OPEN {
#define LONG_MACRO(x) \
  if (x) {        \
  }

namespace planted {
namespace {

constexpr int k_million = 1'000'000;  // not a character literal
const char* k_text = "}{ \" }";       /* { */
const char k_brace = '{';
const char k_quote = '\'';
const int k_table[] = {1, 2, {3}};

} // namespace

std::string raw() {
  return R"x(}
  ")} {
)x" + std::string(u8R"({)");
}

int with_default(int a = {}, std::string b = std::string{"}"}) {
  return a + static_cast<int>(b.size());
}

template <typename T>
T twice(T value) {
  auto add = [&](T x) {
    return x + value;
  };
  return add(value);
}

class Box {
public:
  Box(int a, int b) : m_a{a}, m_b(b) {
    m_c = m_a + m_b;
  }
  int sum() const { return m_a + m_b + m_c; }
  bool operator==(const Box& other) const {
    return sum() == other.sum();
  }

private:
  struct Inner {
    int get() { return 1; }
  };
  int m_a = 0;
  int m_b{0};
  int m_c = 0;
};

const auto k_square = [](int x) {
  return x * x;
};

enum class Colour { Red, Green };

} // namespace planted

extern "C" {
int planted_c(int x) {
  struct Local {
    int f() { return 2; }
  };
  return x + Local{}.f();
}
}
