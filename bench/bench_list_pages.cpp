// zwgk_bench_list_pages: parses every list page of a folder (as bench/crawl.py writes
// them: one file per page, its URL in the file name's sidecar line) with
// crawl::parse_list_page(), `--reps` times, timed.
//
//   zwgk_bench_list_pages FOLDER [--reps N]
//
// FOLDER/pages.tsv lists "file<TAB>url" per page. Prints one JSON line:
//   {"tool":"zwgk","pages","bytes","items","seconds","pages_per_s","mb_per_s"}
// where pages and bytes count every parse (pages × reps) and items is one pass's total.
#include "crawl/list_page.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: zwgk_bench_list_pages FOLDER [--reps N]\n");
    return 2;
  }
  const std::string folder = argv[1];
  int reps = 5;
  if (argc >= 4 && std::string(argv[2]) == "--reps") reps = std::atoi(argv[3]);
  std::ifstream index(folder + "/pages.tsv");
  std::vector<std::pair<std::string, std::string>> pages;  // bytes, url
  for (std::string line; std::getline(index, line);) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::ifstream file(folder + "/" + line.substr(0, tab), std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    pages.emplace_back(bytes.str(), line.substr(tab + 1));
  }
  std::size_t bytes = 0, items = 0, parsed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < reps; ++r)
    for (const auto& [body, url] : pages) {
      auto page = zwgk::crawl::parse_list_page(body, url, 2020);
      bytes += body.size();
      ++parsed;
      if (page && r == 0) items += page->items.size();
    }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"tool\":\"zwgk\",\"pages\":%zu,\"bytes\":%zu,\"items\":%zu,\"seconds\":%.4f,\"pages_per_s\":%.1f,"
              "\"mb_per_s\":%.2f}\n",
              parsed, bytes, items, seconds, parsed / seconds, bytes / 1e6 / seconds);
  return 0;
}
