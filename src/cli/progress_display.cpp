#include "cli/progress_display.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace zwgk::cli {
namespace {

constexpr std::size_t k_bar_cells = 20;

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.1f}", static_cast<double>(bytes) / (1 << 20)); }

} // namespace

ProgressDisplay::ProgressDisplay(ProgressMode mode, Sink sink, Clock clock)
    : m_mode(mode), m_sink(std::move(sink)), m_clock(std::move(clock)) {}

ProgressDisplay ProgressDisplay::on_stderr(ProgressMode on_terminal) {
  const char* setting = std::getenv("ZWGK_PROGRESS");
  const bool off = setting && std::string_view(setting) == "off";
  const auto mode = off ? ProgressMode::Silent : ::isatty(STDERR_FILENO) ? on_terminal : ProgressMode::Log;
  return ProgressDisplay(mode, [](std::string_view text) { std::cerr << text << std::flush; },
                         [] { return std::chrono::steady_clock::now(); });
}

void ProgressDisplay::start(std::string stage, std::uint64_t total, ProgressUnit unit, LogStart log) {
  std::lock_guard lock(m_mutex);
  if (m_active) finish_locked({});
  m_stage = std::move(stage);
  m_total = total;
  m_done = 0;
  m_detail.clear();
  m_unit = unit;
  m_log = log;
  m_active = true;
  m_logged = false;
  m_started = m_clock();
  m_last_write = m_started;
  if (m_mode == ProgressMode::Log && m_log == LogStart::Now) write_log(false);
  if (m_mode == ProgressMode::Terminal) draw_terminal(false);
}

void ProgressDisplay::update(std::uint64_t done, std::string_view detail) {
  std::lock_guard lock(m_mutex);
  if (!m_active) return;
  m_done = done;
  m_detail = detail;
  redraw();
}

void ProgressDisplay::tick() {
  std::lock_guard lock(m_mutex);
  if (m_active) redraw();
}

void ProgressDisplay::redraw() {
  const auto now = m_clock();
  if (m_mode == ProgressMode::Terminal && now - m_last_write >= k_terminal_redraw) draw_terminal(false);
  if (m_mode == ProgressMode::Log && now - m_last_write >= k_log_interval) write_log(false);
}

void ProgressDisplay::finish(std::string_view detail) {
  std::lock_guard lock(m_mutex);
  finish_locked(detail);
}

void ProgressDisplay::finish_locked(std::string_view detail) {
  if (!m_active) return;
  if (m_total != 0) m_done = m_total;
  if (!detail.empty()) m_detail = detail;
  if (m_mode == ProgressMode::Terminal && erasable()) m_sink("\r\x1b[K");
  else if (m_mode == ProgressMode::Terminal) draw_terminal(true);
  if (m_mode == ProgressMode::Log && (m_log == LogStart::Now || m_logged)) write_log(true);
  m_active = false;
}

void ProgressDisplay::stop() {
  std::lock_guard lock(m_mutex);
  if (!m_active) return;
  if (m_mode == ProgressMode::Terminal) m_sink(erasable() ? "\r\x1b[K" : "\n");
  m_active = false;
}

bool ProgressDisplay::erasable() const {
  return m_log == LogStart::WhenSlow && m_clock() - m_started < k_log_interval;
}

std::string ProgressDisplay::numbers(bool final) const {
  if (m_total == 0) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_clock() - m_started).count();
    if (final) return "完成";
    return seconds == 0 ? std::string("开始") : fmt::format("已用 {} 秒", seconds);
  }
  const std::uint64_t done = std::min(m_done, m_total);
  const std::uint64_t percent = done * 100 / m_total;
  if (m_unit == ProgressUnit::Bytes)
    return fmt::format("{}/{} MB（{}%）", megabytes(done), megabytes(m_total), percent);
  return fmt::format("{}/{}（{}%）", done, m_total, percent);
}

std::string ProgressDisplay::line(bool final) const {
  std::string text = m_stage + "：" + numbers(final);
  if (!m_detail.empty()) text += "，" + m_detail;
  return text;
}

void ProgressDisplay::write_log(bool final) {
  m_sink(line(final) + "\n");
  m_logged = true;
  m_last_write = m_clock();
}

void ProgressDisplay::draw_terminal(bool final) {
  std::string bar;
  if (m_total != 0) {
    const std::size_t filled = static_cast<std::size_t>(std::min(m_done, m_total) * k_bar_cells / m_total);
    bar = "[" + std::string(filled, '#') + std::string(k_bar_cells - filled, '-') + "] ";
  }
  // \r back to the line's start, \x1b[K clears what a longer line left.
  m_sink("\r" + bar + line(final) + "\x1b[K" + (final ? "\n" : ""));
  m_last_write = m_clock();
}

ProgressDisplay& stderr_progress() {
  static ProgressDisplay display = ProgressDisplay::on_stderr();
  return display;
}

struct ProgressTicker::State {
  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  std::thread thread;
};

ProgressTicker::ProgressTicker(ProgressDisplay& display) : m_state(std::make_unique<State>()) {
  if (display.mode() == ProgressMode::Silent) return;
  m_state->thread = std::thread([&display, state = m_state.get()] {
    std::unique_lock lock(state->mutex);
    while (!state->wake.wait_for(lock, std::chrono::seconds(1), [state] { return state->stop; })) display.tick();
  });
}

ProgressTicker::~ProgressTicker() {
  {
    std::lock_guard lock(m_state->mutex);
    m_state->stop = true;
  }
  m_state->wake.notify_all();
  if (m_state->thread.joinable()) m_state->thread.join();
}

} // namespace zwgk::cli
