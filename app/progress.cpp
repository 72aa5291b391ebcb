#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace wfsim {

Progress::Progress(bool enabled)
    : enabled_(enabled && ::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  clear();
}

void Progress::update(std::int64_t done, std::int64_t total) {
  if (!enabled_ || total <= 0) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (elapsed < 0.5 || done >= total) return;
  const double share = static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(share * 30);
  const double left = share > 0 ? elapsed * (1 - share) / share : 0;
  std::fprintf(stderr, "\r  [%.*s%*s] %3.0f%%  %lld of %lld replications, about %.0f s left ",
               filled, "##############################", 30 - filled, "", 100 * share,
               static_cast<long long>(done), static_cast<long long>(total), left);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::clear() {
  if (!shown_) return;
  std::fprintf(stderr, "\r%*s\r", 100, "");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace wfsim
