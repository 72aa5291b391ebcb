#pragma once
// A progress line on stderr, shown only when stderr is a terminal and the run has taken
// more than a moment; silent otherwise (logs and CI stay clean).
#include <chrono>
#include <cstdint>

namespace wfsim {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  void update(std::int64_t done, std::int64_t total);
  //! Removes the progress line.
  void clear();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace wfsim
