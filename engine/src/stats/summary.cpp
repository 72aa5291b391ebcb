#include "wfsim/stats/summary.hpp"

#include <cmath>
#include <limits>

#include "wfsim/errors.hpp"

namespace wfsim {

void Summary::add(std::span<const double> values) {
  add(values, 1, 0, mean_.size());
  count_block(1);
}

void Summary::add(std::span<const double> values, std::size_t reps, std::size_t begin,
                  std::size_t end) {
  const std::size_t width = mean_.size();
  if (values.size() < reps * width || end > width)
    throw InternalError("Summary::add: wrong number of values");
  std::vector<double> inv_n(reps);
  for (std::size_t r = 0; r < reps; ++r) inv_n[r] = 1.0 / static_cast<double>(count_ + r + 1);
  // Slot by slot, so that one slot's sketch stays in cache while its replications go in.
  for (std::size_t i = begin; i < end; ++i) {
    double mean = mean_[i], m2 = m2_[i];
    std::uint64_t n = defined_[i];
    QuantileSketch& sketch = sketches_[i];
    for (std::size_t r = 0; r < reps; ++r) {
      const double x = values[r * width + i];
      if (std::isnan(x)) continue;  // not defined in this replication
      // Welford's update: stable for large values (money). The table of 1/n serves while
      // every replication so far has defined the value.
      const double inv = n == count_ + r ? inv_n[r] : 1.0 / static_cast<double>(n + 1);
      ++n;
      const double delta = x - mean;
      mean += delta * inv;
      m2 += delta * (x - mean);
      sketch.add(x);
    }
    mean_[i] = mean, m2_[i] = m2, defined_[i] = n;
  }
}

double Summary::mean(std::size_t i) const {
  return defined_[i] ? mean_[i] : std::numeric_limits<double>::quiet_NaN();
}

double Summary::sd(std::size_t i) const {
  if (defined_[i] < 2) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(m2_[i] / static_cast<double>(defined_[i] - 1));
}

}  // namespace wfsim
