// Shared parts of zwgk_gen_province (bench/gen_province.cpp): its random
// numbers, its buffered CSV writer, the unit registry it invents
// (gen_province_units.cpp) and the per-quarter file writers
// (gen_province_quarter.cpp).
//
// Every function draws from the one Rng it is given, in a fixed order, so the
// output stays a function of scale and seed only; callers must keep the
// order of their calls.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::gen_province {

// ---------------------------------------------------------------- randomness
// xoshiro256** seeded by splitmix64: fixed algorithms, so the data set does
// not depend on the standard library's distributions.
class Rng {
public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : m_s) {
      seed += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      s = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }
  // Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;  // Lemire's multiply-shift
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> m_s{};
};

// Picks an index with probability proportional to its weight.
class WeightedPicker {
public:
  explicit WeightedPicker(const std::vector<double>& weights) : m_cumulative(weights.size()) {
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) m_cumulative[i] = sum += weights[i];
  }
  std::size_t pick(Rng& rng) const {
    double x = rng.uniform() * m_cumulative.back();
    auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), x);
    return std::min(static_cast<std::size_t>(it - m_cumulative.begin()), m_cumulative.size() - 1);
  }

private:
  std::vector<double> m_cumulative;
};

// ---------------------------------------------------------------- output
class Writer {
public:
  // CSV files get a UTF-8 BOM, as Excel writes them; the TOML scheme none.
  explicit Writer(const std::filesystem::path& path, bool bom = true) : m_path(path) {
    m_file = std::fopen(path.c_str(), "wb");
    if (!m_file) fail("cannot create");
    m_buffer.reserve(k_flush_at + 4096);
    if (bom) put("\xEF\xBB\xBF");
  }
  ~Writer() { close(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& put(std::string_view s) {
    m_buffer.append(s);
    if (m_buffer.size() >= k_flush_at) flush();
    return *this;
  }
  Writer& put(char c) {
    m_buffer.push_back(c);
    return *this;
  }
  Writer& num(std::int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    m_buffer.append(tmp, static_cast<std::size_t>(r.ptr - tmp));
    return *this;
  }
  Writer& num2(int v) {  // two digits, zero-padded
    char tmp[2] = {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
    m_buffer.append(tmp, 2);
    return *this;
  }
  // A CSV field: quoted (with doubled quotes) when it needs to be.
  Writer& field(std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) return put(s);
    m_buffer.push_back('"');
    for (char c : s) {
      if (c == '"') m_buffer.push_back('"');
      m_buffer.push_back(c);
    }
    m_buffer.push_back('"');
    return *this;
  }
  void close() {
    if (!m_file) return;
    flush();
    if (std::fclose(m_file) != 0) fail("cannot write");
    m_file = nullptr;
  }
  std::uint64_t bytes() const { return m_written + m_buffer.size(); }

private:
  static constexpr std::size_t k_flush_at = 8u << 20;
  void flush() {
    if (!m_buffer.empty() && std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
      fail("cannot write");
    m_written += m_buffer.size();
    m_buffer.clear();
  }
  [[noreturn]] void fail(const char* what) const {
    std::fprintf(stderr, "zwgk_gen_province: %s %s: %s\n", what, m_path.c_str(), std::strerror(errno));
    std::exit(1);
  }
  std::filesystem::path m_path;
  std::FILE* m_file = nullptr;
  std::string m_buffer;
  std::uint64_t m_written = 0;
};

// max(minimum, round(full x scale)): a count of the scale-1 data set, scaled.
inline std::int64_t scaled(double full, double scale, std::int64_t minimum) {
  return std::max<std::int64_t>(minimum, std::llround(full * scale));
}

// ---------------------------------------------------------------- units
struct UnitInfo {
  std::string name, short_name, alias;
  std::size_t county = 0;
  bool town = false;
  bool demo = false;
  bool exempt = false;
  std::string display;  // what a submission title calls the unit
};

// `count` units, county by county: its 56 departments (the first exempt from
// submissions), then up to 20 towns/streets with random names; names, short
// names and aliases are unique over all units (a clashing short name or alias
// is dropped). About 2% are demonstration units.
std::vector<UnitInfo> make_units(std::size_t count, Rng& rng);

// How a row spells the unit: mostly the official name, often the short name
// or an alias, rarely with a stray trailing space.
class NamePicker {
public:
  explicit NamePicker(const std::vector<UnitInfo>& units) : m_units(units) {}
  // The view stays valid until the next call.
  std::string_view pick(std::size_t unit, Rng& rng);

private:
  const std::vector<UnitInfo>& m_units;
  std::string m_spaced;
};

// Writes 单位名录.csv: one row per unit, 序号 from 1 in the order given.
void write_registry(const std::filesystem::path& path, const std::vector<UnitInfo>& units);

// ---------------------------------------------------------------- quarters
// What the generator wrote, summed over the quarters.
struct Totals {
  std::int64_t items = 0, submissions = 0, adoptions = 0, findings = 0;
  std::uint64_t bytes = 0;
};

// Writes quarter `quarter` (1..4) of 2020 into `dir` (created if missing):
// 网站发布.csv, 投稿.csv, 采用.csv and 检查.csv, their counts scaled by `scale`.
// `publish_weight` and `submit_weight` hold one weight per unit; `url_seq`
// numbers the website items' URLs across quarters and is advanced.
void write_quarter(const std::filesystem::path& dir, int quarter, const std::vector<UnitInfo>& units,
                   const std::vector<double>& publish_weight, const std::vector<double>& submit_weight,
                   double scale, Rng& rng, std::int64_t& url_seq, Totals& totals);

} // namespace zwgk::gen_province
