// Progress of long command-line work on stderr: how far a stage has come
// (done/total and the percentage, or the seconds spent when the work gives
// no count), in the stage's Chinese name.
//
// Contracts:
// - Terminal (stderr is a terminal): one line redrawn in place with a bar,
//   at most every k_terminal_redraw; finish() draws the last state and ends
//   the line.
// - Log (stderr is a file or a pipe): plain lines, never more than one per
//   k_log_interval, so a log is not flooded: "邮件导入：3000/20000（15%）".
//   A stage started with LogStart::Now writes a first line at once and a
//   last line at finish(); one started with LogStart::WhenSlow writes
//   nothing until it has run k_log_interval, and its last line only if it
//   wrote one before — so quick runs (and the golden tests' outputs) stay
//   free of progress lines.
// - On a terminal, a LogStart::WhenSlow stage that ends within
//   k_log_interval is erased at finish() or stop(): quick stages leave no line.
// - Silent: nothing at all.
// - Thread-safe (one mutex): a ProgressTicker may update a stage while the
//   thread that started it is blocked in the work.
// - The display only formats and writes through its sink; the work reports
//   counts through callbacks and never prints (the libraries stay free of
//   terminal I/O). The clock is injected so tests can drive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace zwgk::cli {

enum class ProgressMode { Terminal, Log, Silent };
enum class LogStart { Now, WhenSlow };
enum class ProgressUnit { Count, Bytes };

// Redrawing a terminal line more often than this is flicker nobody reads.
inline constexpr std::chrono::milliseconds k_terminal_redraw{100};
// A log line every few seconds shows the work is alive without filling the
// log: 20,000 messages in 16 s are three or four lines.
inline constexpr std::chrono::seconds k_log_interval{5};

class ProgressDisplay {
public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Sink = std::function<void(std::string_view)>;

  ProgressDisplay(ProgressMode mode, Sink sink, Clock clock);
  // On std::cerr with the steady clock: Log when stderr is not a terminal,
  // else on_terminal; Silent when the environment has ZWGK_PROGRESS=off (a
  // cron job's mail, the golden tests, whose outputs must not depend on
  // how fast the machine is).
  static ProgressDisplay on_stderr(ProgressMode on_terminal = ProgressMode::Terminal);

  ProgressMode mode() const { return m_mode; }

  // A new stage (an unfinished one is finished first). total 0: unknown,
  // the seconds since the start are shown instead.
  void start(std::string stage, std::uint64_t total, ProgressUnit unit = ProgressUnit::Count,
             LogStart log = LogStart::Now);
  // Redraws as update() does, keeping the counts (the seconds move).
  void tick();
  // How far the stage has come; detail (e.g. "已读取 300 封") follows the numbers.
  void update(std::uint64_t done, std::string_view detail = {});
  // The stage's last line (done = total when the total is known).
  void finish(std::string_view detail = {});
  // The stage ends without a last line (its work failed; the error follows
  // on a line of its own).
  void stop();
  bool active() const {
    std::lock_guard lock(m_mutex);
    return m_active;
  }

private:
  void finish_locked(std::string_view detail);
  void redraw();
  // A quick LogStart::WhenSlow stage, whose terminal line is erased at its end.
  bool erasable() const;
  std::string numbers(bool final) const;
  std::string line(bool final) const;
  void write_log(bool final);
  void draw_terminal(bool final);

  mutable std::mutex m_mutex;
  ProgressMode m_mode;
  Sink m_sink;
  Clock m_clock;
  std::string m_stage;
  std::uint64_t m_total = 0;
  std::uint64_t m_done = 0;
  std::string m_detail;
  ProgressUnit m_unit = ProgressUnit::Count;
  LogStart m_log = LogStart::Now;
  bool m_active = false;
  bool m_logged = false;  // a line of this stage went to the log
  std::chrono::steady_clock::time_point m_started{};
  std::chrono::steady_clock::time_point m_last_write{};
};

// The command's display on stderr (ProgressDisplay::on_stderr()), shared by
// the stages of one run.
ProgressDisplay& stderr_progress();

// Redraws (updates) a stage whose work blocks without counts (LibreOffice's
// conversion) once a second from its own thread, so the seconds move; the
// display is not touched by anyone else until the ticker is destroyed.
class ProgressTicker {
public:
  explicit ProgressTicker(ProgressDisplay& display);
  ~ProgressTicker();
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Runs work() as a stage of stderr_progress() without counts (LogStart::WhenSlow,
// the seconds shown by a ticker) and returns what it returns.
template <class Work>
auto run_stage(std::string stage, Work&& work) {
  ProgressDisplay& display = stderr_progress();
  display.start(std::move(stage), 0, ProgressUnit::Count, LogStart::WhenSlow);
  auto result = [&] {
    ProgressTicker ticker(display);
    return work();
  }();
  display.finish();
  return result;
}

} // namespace zwgk::cli
