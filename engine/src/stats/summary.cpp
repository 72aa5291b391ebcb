#include "wfsim/stats/summary.hpp"

#include <cmath>
#include <limits>

#include "wfsim/errors.hpp"

namespace wfsim {

void Summary::add(std::span<const double> values) {
  if (values.size() != mean_.size()) throw InternalError("Summary::add: wrong number of values");
  ++count_;
  const double n = static_cast<double>(count_);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double delta = values[i] - mean_[i];
    mean_[i] += delta / n;
    m2_[i] += delta * (values[i] - mean_[i]);
    sketches_[i].add(values[i]);
  }
}

double Summary::mean(std::size_t i) const {
  return count_ ? mean_[i] : std::numeric_limits<double>::quiet_NaN();
}

double Summary::sd(std::size_t i) const {
  if (count_ < 2) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(m2_[i] / static_cast<double>(count_ - 1));
}

}  // namespace wfsim
