#include "progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace wfsim {

namespace {

//! 1234567 as "1,234,567".
std::string with_commas(std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

//! Columns of the terminal on stderr; 80 if it does not say.
std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

std::string count_of(std::int64_t done, std::int64_t all) {
  return with_commas(done) + "/" + with_commas(all);
}

Progress::Progress(bool enabled)
    : enabled_(enabled && ::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  clear();
}

void Progress::update(std::int64_t done, std::int64_t total, const std::string& what) {
  if (!enabled_ || total <= 0) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (elapsed < 0.5 || done >= total) return;
  const double share = static_cast<double>(done) / static_cast<double>(total);
  const double left = share > 0 ? elapsed * (1 - share) / share : 0;
  char percent[16], tail[48];
  std::snprintf(percent, sizeof percent, "%3.0f%%  ", 100 * share);
  std::snprintf(tail, sizeof tail, ", %.0f s left", left);
  // A line longer than the terminal would wrap, and the next update could not overwrite it:
  // the bar gives way first, then the end of `what`.
  const std::size_t width = terminal_width() - 1;
  const std::size_t text = 2 + std::strlen(percent) + what.size() + std::strlen(tail);
  const std::size_t bar = width > text + 8 ? std::min<std::size_t>(20, width - text - 4) : 0;
  std::string line = "  ";
  if (bar > 0) {
    const auto filled = static_cast<std::size_t>(share * static_cast<double>(bar));
    line += "[" + std::string(filled, '#') + std::string(bar - filled, ' ') + "] ";
  }
  line += percent;
  const std::size_t room = width - std::min(width, line.size() + std::strlen(tail));
  line += what.size() <= room ? what : what.substr(0, room > 3 ? room - 3 : 0) + "...";
  line += tail;
  if (line.size() > width) line.resize(width);
  const std::size_t blank = shown_ > line.size() ? shown_ - line.size() : 0;
  std::fprintf(stderr, "\r%s%*s", line.c_str(), static_cast<int>(blank), "");
  std::fflush(stderr);
  shown_ = line.size() + blank;
}

void Progress::clear() {
  if (shown_ == 0) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(shown_), "");
  std::fflush(stderr);
  shown_ = 0;
}

}  // namespace wfsim
