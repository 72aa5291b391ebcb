#pragma once
// A progress line on stderr, shown only when stderr is a terminal and the run has taken
// more than a moment; silent otherwise (logs and CI stay clean).
#include <chrono>
#include <cstdint>
#include <string>

namespace wfsim {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  //! Shows the share `done` of `total` of the whole task and the time left, with `what`
  //! names the part under way and its count, such as "grow_our_own 1,234/5,000".
  void update(std::int64_t done, std::int64_t total, const std::string& what);
  //! Removes the progress line.
  void clear();

 private:
  bool enabled_;
  std::size_t shown_ = 0;  // characters on the line now
  std::chrono::steady_clock::time_point start_;
};

//! "1,234/5,000": a count of so many, for a progress line.
std::string count_of(std::int64_t done, std::int64_t all);

}  // namespace wfsim
