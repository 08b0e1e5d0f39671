// zwgk_gen_province: writes the data directory of a province-sized year for
// the benchmark (bench/run.sh, docs/benchmarks.md).
//
//   zwgk_gen_province --out DIR [--scale F] [--seed N]
//
// At scale 1 the directory holds 10,000 units (about 135 counties of 56
// departments and 20 towns/streets each), a scheme copied from the Linzi
// example with quota rules for every month of 2020, and four quarter folders
// 2020Q1..2020Q4 with, over the year, 12 million website items (one row per
// item, unique URLs, unsorted, units drawn from a heavily skewed
// distribution), 100,000 submissions (some failing the quality gates), 4,000
// adoptions and 1,200 inspection findings. Every count scales with --scale
// (0.01 gives a quick 100-unit run); the output is a function of scale and
// seed only. CSV files are UTF-8 with a BOM, as Excel writes them.
//
// The data is valid input: no unknown names, no duplicates, every date inside
// its quarter, so `zwgk report` accepts every quarter.
//
// The work is split by responsibility: gen_province.h (random numbers, the
// CSV writer, the interfaces), gen_province_units.cpp (the unit registry),
// gen_province_quarter.cpp (the per-quarter files); this file parses the
// options and drives them.
#include "gen_province.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

using namespace zwgk::gen_province;

namespace {

struct Options {
  std::filesystem::path out;
  double scale = 1.0;
  std::uint64_t seed = 20200101;
};

// The scheme is data (bench/province-scheme.toml), copied into place.
void write_scheme(const std::filesystem::path& path) {
  std::filesystem::copy_file(ZWGK_BENCH_SCHEME, path, std::filesystem::copy_options::overwrite_existing);
}

[[noreturn]] void usage(const char* message) {
  if (message) std::fprintf(stderr, "zwgk_gen_province: %s\n", message);
  std::fprintf(stderr, "usage: zwgk_gen_province --out DIR [--scale F (default 1)] [--seed N]\n");
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) usage("missing value");
      return argv[++i];
    };
    if (arg == "--out") o.out = std::string(value());
    else if (arg == "--scale") {
      auto v = value();
      char* end = nullptr;
      std::string s(v);
      o.scale = std::strtod(s.c_str(), &end);
      if (*end || !(o.scale > 0) || o.scale > 10) usage("--scale must be a number in (0, 10]");
    } else if (arg == "--seed") {
      auto v = value();
      auto r = std::from_chars(v.data(), v.data() + v.size(), o.seed);
      if (r.ec != std::errc{} || r.ptr != v.data() + v.size()) usage("--seed must be an integer");
    } else if (arg == "-h" || arg == "--help") usage(nullptr);
    else usage("unknown argument");
  }
  if (o.out.empty()) usage("--out is required");
  return o;
}

} // namespace

int main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  Options o = parse_options(argc, argv);
  std::filesystem::create_directories(o.out);
  Rng rng(o.seed);

  auto units = make_units(static_cast<std::size_t>(scaled(10'000, o.scale, 20)), rng);

  // Publication volume per unit: log-normal, so a few units publish thousands
  // of items a month while many stay below the monthly cap; 1% publish nothing.
  std::vector<double> publish_weight(units.size()), submit_weight(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    publish_weight[i] = rng.chance(0.01) ? 0.0 : std::exp(1.8 * rng.normal());
    // A quarter of the units never submit; demonstration units submit more.
    double w = rng.chance(0.25) || units[i].exempt ? 0.0 : std::exp(1.0 * rng.normal());
    submit_weight[i] = units[i].demo ? w * 3 + 1 : w;
  }

  std::filesystem::remove(o.out / ".generated");
  write_scheme(o.out / "考核方案.toml");
  write_registry(o.out / "单位名录.csv", units);
  Totals totals;
  std::int64_t url_seq = 1;
  for (int q = 1; q <= 4; ++q)
    write_quarter(o.out / ("2020Q" + std::to_string(q)), q, units, publish_weight, submit_weight, o.scale,
                  rng, url_seq, totals);

  std::size_t demo = 0, exempt = 0, towns = 0;
  for (const auto& u : units) {
    demo += u.demo;
    exempt += u.exempt;
    towns += u.town;
  }
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "scale=%g seed=%llu units=%zu towns=%zu demo=%zu exempt=%zu items=%lld submissions=%lld "
                "adoptions=%lld findings=%lld bytes=%llu",
                o.scale, static_cast<unsigned long long>(o.seed), units.size(), towns, demo, exempt,
                static_cast<long long>(totals.items), static_cast<long long>(totals.submissions),
                static_cast<long long>(totals.adoptions), static_cast<long long>(totals.findings),
                static_cast<unsigned long long>(totals.bytes));
  {
    // Written last: its presence means the directory is complete.
    std::FILE* f = std::fopen((o.out / ".generated").c_str(), "wb");
    if (!f || std::fprintf(f, "%s\n", summary) < 0 || std::fclose(f) != 0) {
      std::fprintf(stderr, "zwgk_gen_province: cannot write %s/.generated\n", o.out.c_str());
      return 1;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("zwgk_gen_province: wrote %s in %.1f s\n  %s\n", o.out.c_str(), seconds, summary);
  return 0;
}
