// zwgk_bench_mail_parse: reads an mbox, splits it with split_mbox() and
// parses every message with parse_message(), timed.
//
//   zwgk_bench_mail_parse MBOX [--threads N] [--dump FILE]
//
// The job: map the whole file (from the page cache), split it into its
// messages (split_mbox() copies each out; the mail import itself reads one
// message at a time with MboxReader), and parse_message() each; sum the article characters and pictures, and count the
// messages with a Received date, a sender and a subject (checksums that the
// work was done). --threads N parses the entries on N threads (each takes
// the next block of 64 entries); the default is one thread, in main.
// --dump FILE writes one tab-separated line per message (line, sender,
// subject, received, date, characters, pictures, attachments, an FNV-1a
// hash of the text, review reasons) to compare two builds' results.
//
// Prints one JSON line:
//   {"tool":"zwgk","threads","bytes","messages","errors","read_s","split_s",
//    "parse_s","seconds","cpu_s","mb_per_s","messages_per_s","characters",
//    "pictures","received","senders","subjects","needs_review","peak_rss_kb"}
// read_s is mapping the file; seconds is read + split + parse (wall, steady_clock); mb_per_s is
// bytes / 10^6 / seconds. Exit status 1 if the file cannot be read.
#include "mail/mbox.h"
#include "mail/message.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <expected>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// The whole file, mapped read-only and paged in at once (MAP_POPULATE): the
// mail import maps the file too. Empty files give an empty view.
class MappedFile {
 public:
  bool open(const char* path) {
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0;
    if (ok && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      ok = p != MAP_FAILED;
      if (ok) {
        m_data = static_cast<const char*>(p);
        m_size = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
    return ok;
  }
  ~MappedFile() {
    if (m_data) ::munmap(const_cast<char*>(m_data), m_size);
  }
  std::string_view bytes() const { return {m_data ? m_data : "", m_size}; }

 private:
  const char* m_data = nullptr;
  std::size_t m_size = 0;
};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

struct Totals {
  std::size_t messages = 0, errors = 0, characters = 0, pictures = 0, received = 0, senders = 0, subjects = 0,
              needs_review = 0;
  void add(const Totals& o) {
    messages += o.messages;
    errors += o.errors;
    characters += o.characters;
    pictures += o.pictures;
    received += o.received;
    senders += o.senders;
    subjects += o.subjects;
    needs_review += o.needs_review;
  }
};

std::string clean(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string dump_line(const zwgk::mail::MboxMessage& entry,
                      const std::expected<zwgk::mail::ParsedMessage, std::string>& parsed) {
  std::string line = std::to_string(entry.line) + '\t';
  if (!parsed) return line + "ERROR\t" + clean(parsed.error()) + '\n';
  const auto& m = *parsed;
  line += clean(m.from_address) + '\t' + clean(m.subject) + '\t' + (m.received ? m.received->to_string() : "-") +
          '\t' + (m.date ? m.date->to_string() : "-") + '\t' + std::to_string(m.characters) + '\t' +
          std::to_string(m.pictures) + '\t' + std::to_string(m.attachments.size()) + '\t';
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(m.text)));
  line += hash;
  line += '\t';
  for (const auto& a : m.attachments) line += clean(a) + '|';
  line += '\t';
  for (const auto& r : m.needs_review) line += clean(r) + '|';
  return line + '\n';
}

// Parses entries [begin, end) into totals (and dump lines when asked).
void parse_range(const std::vector<zwgk::mail::MboxMessage>& entries, std::size_t begin, std::size_t end,
                 Totals& totals, std::vector<std::string>* dump) {
  for (std::size_t i = begin; i < end; ++i) {
    auto parsed = zwgk::mail::parse_message(entries[i].bytes);
    ++totals.messages;
    if (dump) (*dump)[i] = dump_line(entries[i], parsed);
    if (!parsed) {
      ++totals.errors;
      continue;
    }
    totals.characters += parsed->characters;
    totals.pictures += parsed->pictures;
    if (parsed->received) ++totals.received;
    if (!parsed->from_address.empty()) ++totals.senders;
    if (!parsed->subject.empty()) ++totals.subjects;
    if (!parsed->needs_review.empty()) ++totals.needs_review;
  }
}

} // namespace

int main(int argc, char** argv) {
  const char* path = nullptr;
  const char* dump_path = nullptr;
  unsigned threads = 0;  // 0: parse in main
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) threads = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (std::strcmp(argv[i], "--dump") == 0 && i + 1 < argc) dump_path = argv[++i];
    else if (!path && argv[i][0] != '-') path = argv[i];
    else {
      path = nullptr;
      break;
    }
  }
  if (!path) {
    std::fprintf(stderr, "usage: zwgk_bench_mail_parse MBOX [--threads N] [--dump FILE]\n");
    return 2;
  }

  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  MappedFile file;
  if (!file.open(path)) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  const std::string_view bytes = file.bytes();
  const double read_s = seconds_since(start);

  auto t = Clock::now();
  std::vector<zwgk::mail::MboxMessage> entries = zwgk::mail::split_mbox(bytes);
  const double split_s = seconds_since(t);

  t = Clock::now();
  std::vector<std::string> dump(dump_path ? entries.size() : 0);
  Totals totals;
  if (threads <= 1) {
    parse_range(entries, 0, entries.size(), totals, dump_path ? &dump : nullptr);
  } else {
    constexpr std::size_t k_block = 64;
    std::atomic<std::size_t> next{0};
    std::vector<Totals> per_thread(threads);
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) {
      pool.emplace_back([&, i] {
        for (;;) {
          std::size_t begin = next.fetch_add(k_block);
          if (begin >= entries.size()) break;
          parse_range(entries, begin, std::min(begin + k_block, entries.size()), per_thread[i],
                      dump_path ? &dump : nullptr);
        }
      });
    }
    for (auto& th : pool) th.join();
    for (const auto& p : per_thread) totals.add(p);
  }
  const double parse_s = seconds_since(t);
  const double seconds = seconds_since(start);
  const double cpu_s = cpu_seconds() - cpu_start;

  if (dump_path) {
    std::FILE* f = std::fopen(dump_path, "wb");
    if (!f) {
      std::fprintf(stderr, "cannot write %s\n", dump_path);
      return 1;
    }
    for (const auto& line : dump) std::fwrite(line.data(), 1, line.size(), f);
    std::fclose(f);
  }

  std::printf(
      "{\"tool\":\"zwgk\",\"threads\":%u,\"bytes\":%zu,\"messages\":%zu,\"errors\":%zu,\"read_s\":%.4f,"
      "\"split_s\":%.4f,\"parse_s\":%.4f,\"seconds\":%.4f,\"cpu_s\":%.4f,\"mb_per_s\":%.2f,\"messages_per_s\":%.1f,"
      "\"characters\":%zu,\"pictures\":%zu,\"received\":%zu,\"senders\":%zu,\"subjects\":%zu,\"needs_review\":%zu,"
      "\"peak_rss_kb\":%ld}\n",
      threads <= 1 ? 1u : threads, bytes.size(), totals.messages, totals.errors, read_s, split_s, parse_s, seconds,
      cpu_s, static_cast<double>(bytes.size()) / 1e6 / seconds, static_cast<double>(totals.messages) / seconds,
      totals.characters, totals.pictures, totals.received, totals.senders, totals.subjects, totals.needs_review,
      peak_rss_kb());
  return 0;
}
