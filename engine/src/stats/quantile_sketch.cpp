#include "wfsim/stats/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "wfsim/errors.hpp"

namespace wfsim {

void QuantileSketch::add(double value) {
  // The model only produces finite values; anything else is a bug to report, not to sort.
  if (!std::isfinite(value)) throw InternalError("a result is not a finite number");
  if (count_ == 0) min_ = max_ = value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  integral_ = integral_ && value == std::floor(value);
  ++count_;
  if (bins_.empty()) {
    kept_.push_back(value);
    if (kept_.size() > EXACT_LIMIT) to_histogram();
    return;
  }
  widen_to(value);
  ++bins_[bin_of(value)];
}

void QuantileSketch::to_histogram() {
  // Half the observed range again on each side leaves room before the first widening.
  double range = max_ - min_;
  if (integral_ && range < BINS / 2) {
    // One bin per whole number, aligned so that each number sits inside its own bin.
    width_ = 1;
    low_ = min_ - std::floor((BINS - range) / 2);
  } else {
    if (range <= 0) range = std::max(std::abs(max_), 1.0) * 1e-6;
    low_ = min_ - range / 2;
    width_ = 2 * range / BINS;
  }
  bins_.assign(BINS, 0);
  for (double v : kept_) ++bins_[bin_of(v)];
  kept_.clear();
  kept_.shrink_to_fit();
}

void QuantileSketch::widen_to(double value) {
  // Each pass doubles the range, so finite values are covered within about 2000 passes.
  for (int pass = 0; value < low_ || value >= low_ + width_ * BINS; ++pass) {
    if (pass > 2100)
      throw InternalError("quantile histogram cannot cover " + std::to_string(value));
    std::vector<std::uint64_t> merged(BINS, 0);
    const bool downward = value < low_;
    const std::size_t shift = downward ? BINS / 2 : 0;
    for (std::size_t i = 0; i < BINS; ++i) merged[shift + i / 2] += bins_[i];
    if (downward) low_ -= width_ * BINS;
    width_ *= 2;
    bins_.swap(merged);
  }
}

std::size_t QuantileSketch::bin_of(double value) const {
  const double pos = (value - low_) / width_;
  return std::min(BINS - 1, static_cast<std::size_t>(std::max(0.0, pos)));
}

double QuantileSketch::quantile(double p) const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  if (p <= 0) return min_;
  if (p >= 1) return max_;
  // Linear interpolation between the order statistics either side of the rank (numpy's
  // default), whether they are kept exactly or placed within their bins.
  const double rank = p * static_cast<double>(count_ - 1);
  const double lo = std::floor(rank);
  const double hi = std::min(lo + 1, static_cast<double>(count_ - 1));
  double a, b;
  if (bins_.empty()) {
    std::vector<double> sorted = kept_;
    const auto k = static_cast<std::size_t>(lo);
    std::nth_element(sorted.begin(), sorted.begin() + k, sorted.end());
    a = sorted[k];
    b = hi == lo ? a : *std::min_element(sorted.begin() + k + 1, sorted.end());
  } else {
    a = order_statistic(lo);
    b = order_statistic(hi);
  }
  return a + (rank - lo) * (b - a);
}

double QuantileSketch::order_statistic(double k) const {
  // The k-th smallest value, with each bin's values taken as spread evenly across the bin;
  // exact when every bin holds one whole number.
  double below = 0;
  for (std::size_t i = 0; i < BINS; ++i) {
    const double in_bin = static_cast<double>(bins_[i]);
    if (in_bin > 0 && below + in_bin > k) {
      if (integral_ && width_ == 1) return low_ + static_cast<double>(i);
      const double within = (k - below + 0.5) / in_bin;
      return std::clamp(low_ + (static_cast<double>(i) + within) * width_, min_, max_);
    }
    below += in_bin;
  }
  return max_;
}

}  // namespace wfsim
