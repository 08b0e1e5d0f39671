// zwgk_bench_assess: import + score + rank of every quarter of a data
// directory, timed.
//
//   zwgk_bench_assess DATA_DIR
//
// For each quarter folder (oldest first) it runs ingest::load_data_dir()
// (scheme, registry and the quarter's files) and zwgk::assess() (validation,
// scoring, ranking), timing the two separately with steady_clock. The
// Workspace and Result of a quarter are released before the next one, as a
// quarterly run would. It prints a plain-text table and, as its last line,
// one JSON object:
//   {"tool":"zwgk","quarters":[{"period","load_s","assess_s",...}],
//    "load_s","assess_s","wall_s","cpu_s","peak_rss_kb"}
// wall_s is the whole run, from the start of main to the end of the last
// quarter (teardown included); cpu_s its user + system CPU time and
// peak_rss_kb its ru_maxrss (getrusage).
// Exit status 1 if any quarter fails to load or assess.
#include "engine/assess.h"
#include "ingest/data_dir.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

// User + system CPU time of the process: less sensitive than wall time to
// other work on a shared machine.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

struct QuarterRun {
  std::string period;
  double load_s = 0, assess_s = 0;
  std::size_t units = 0, published_items = 0, submissions = 0, adoptions = 0, findings = 0;
  std::size_t table_rows = 0;
  std::string total_sum;  // sum of every unit's total: a checksum of the scores
};

void print_problems(const char* what, const zwgk::Diagnostics& d) {
  std::fprintf(stderr, "%s: %zu error(s)\n", what, d.error_count());
  std::size_t shown = 0;
  for (const auto& e : d.entries()) {
    if (shown++ == 20) {
      std::fprintf(stderr, "  ...\n");
      break;
    }
    std::fprintf(stderr, "  %s\n", e.to_string().c_str());
  }
}

} // namespace

int main(int argc, char** argv) {
  const auto start = Clock::now();
  if (argc != 2) {
    std::fprintf(stderr, "usage: zwgk_bench_assess DATA_DIR\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  auto periods = zwgk::ingest::list_periods(dir);
  if (periods.empty()) {
    std::fprintf(stderr, "zwgk_bench_assess: no quarter folders in %s\n", dir.c_str());
    return 1;
  }

  std::vector<QuarterRun> runs;
  double load_total = 0, assess_total = 0;
  for (const auto& period : periods) {
    QuarterRun run;
    run.period = period.to_string();
    zwgk::Diagnostics notes;
    auto t0 = Clock::now();
    auto ws = zwgk::ingest::load_data_dir(dir, period, notes);
    run.load_s = seconds_since(t0);
    if (!ws) {
      print_problems(("load " + run.period).c_str(), ws.error());
      return 1;
    }
    if (ws->problems.has_errors()) {  // nothing may be scored then
      print_problems(("load " + run.period).c_str(), ws->problems);
      return 1;
    }
    auto t1 = Clock::now();
    auto result = zwgk::assess(ws->registry, ws->scheme, ws->data, ws->period);
    run.assess_s = seconds_since(t1);
    if (!result) {
      print_problems(("assess " + run.period).c_str(), result.error());
      return 1;
    }
    run.units = ws->registry.size();
    run.published_items = ws->data.published_items.size();
    run.submissions = ws->data.submissions.size();
    run.adoptions = ws->data.adoptions.size() + ws->data.adoption_counts.size();
    run.findings = ws->data.findings.size();
    zwgk::Decimal sum;
    for (const auto& u : result->units) sum += u.total;
    run.total_sum = sum.to_string();
    for (const auto& t : result->tables) run.table_rows += t.rows.size();
    load_total += run.load_s;
    assess_total += run.assess_s;
    runs.push_back(std::move(run));
  }
  const double wall = seconds_since(start);
  const long rss = peak_rss_kb();
  const double cpu = cpu_seconds();

  std::printf("zwgk_bench_assess %s\n", dir.c_str());
  std::printf("%-8s %8s %10s %11s %9s %9s %8s %9s %10s\n", "period", "units", "items", "submissions",
              "load s", "assess s", "rows", "findings", "sum total");
  for (const auto& r : runs)
    std::printf("%-8s %8zu %10zu %11zu %9.3f %9.3f %8zu %9zu %10s\n", r.period.c_str(), r.units,
                r.published_items, r.submissions, r.load_s, r.assess_s, r.table_rows, r.findings,
                r.total_sum.c_str());
  std::printf("load %.3f s + assess %.3f s; wall %.3f s; cpu %.3f s; peak RSS %.1f MiB\n",
              load_total, assess_total, wall, cpu, static_cast<double>(rss) / 1024.0);

  std::string json = "{\"tool\":\"zwgk\",\"quarters\":[";
  char buf[512];
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    std::snprintf(buf, sizeof buf,
                  "%s{\"period\":\"%s\",\"load_s\":%.4f,\"assess_s\":%.4f,\"units\":%zu,"
                  "\"published_items\":%zu,\"submissions\":%zu,\"adoptions\":%zu,\"findings\":%zu,"
                  "\"table_rows\":%zu,\"total_sum\":\"%s\"}",
                  i ? "," : "", r.period.c_str(), r.load_s, r.assess_s, r.units, r.published_items,
                  r.submissions, r.adoptions, r.findings, r.table_rows, r.total_sum.c_str());
    json += buf;
  }
  std::snprintf(buf, sizeof buf, "],\"load_s\":%.4f,\"assess_s\":%.4f,\"wall_s\":%.4f,\"cpu_s\":%.4f,\"peak_rss_kb\":%ld}",
                load_total, assess_total, wall, cpu, rss);
  json += buf;
  std::printf("%s\n", json.c_str());
  return 0;
}
