#include "wfsim/calibrate/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace wfsim::calibrate {

namespace {

//! A sample in the wrong order would give wrong scores without any sign of it.
void check_sorted(const std::vector<double>& sorted, const char* function) {
  if (sorted.empty()) throw std::invalid_argument(std::string(function) + ": empty sample");
  for (std::size_t i = 0; i < sorted.size(); ++i)
    if (std::isnan(sorted[i]) || (i > 0 && sorted[i] < sorted[i - 1]))
      throw std::invalid_argument(std::string(function) +
                                  ": the sample is not sorted or holds a NaN");
}

}  // namespace

std::vector<double> sorted_sample(std::vector<double> sample) {
  if (sample.empty()) throw std::invalid_argument("sorted_sample: empty sample");
  if (std::any_of(sample.begin(), sample.end(), [](double v) { return std::isnan(v); }))
    throw std::invalid_argument("sorted_sample: the sample holds a NaN");
  std::sort(sample.begin(), sample.end());
  return sample;
}

double quantile(const std::vector<double>& sorted, double p) {
  check_sorted(sorted, "quantile");
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile: p is not in [0, 1]");
  const std::size_t n = sorted.size();
  const double position = static_cast<double>(n - 1) * p;
  if (position >= static_cast<double>(n - 1)) return sorted[n - 1];
  const auto below = static_cast<std::size_t>(std::floor(position));
  const double gamma = position - static_cast<double>(below);
  const double a = sorted[below], b = sorted[below + 1];
  // numpy interpolates from the nearer end, which keeps the result within [a, b] and
  // makes it bit-identical to numpy's.
  const double difference = b - a;
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
}

bool within(const std::vector<double>& sorted, double lo_p, double hi_p, double actual) {
  if (lo_p > hi_p) throw std::invalid_argument("within: lo_p is above hi_p");
  const double lo = quantile(sorted, lo_p), hi = quantile(sorted, hi_p);
  return actual >= lo && actual <= hi;
}

double crps(const std::vector<double>& sorted, double actual) {
  check_sorted(sorted, "crps");
  if (std::isnan(actual)) return std::numeric_limits<double>::quiet_NaN();
  // For order statistics x_(1) <= ... <= x_(n), sum over pairs |x_i - x_j| is
  // 2 sum_i (2i - n - 1) x_(i), so E|X - X'| / 2 = sum_i (2i - n - 1) x_(i) / n^2. The
  // weights sum to 0, so measuring from `actual` changes nothing but keeps the terms small
  // when the sample sits far from 0.
  const auto n = static_cast<double>(sorted.size());
  double to_actual = 0, spread = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double d = sorted[i] - actual;
    to_actual += std::abs(d);
    spread += (2 * static_cast<double>(i) + 1 - n) * d;  // i is 0-based here
  }
  return std::max(0.0, to_actual / n - spread / (n * n));
}

double absolute_percentage_error(double predicted, double actual) {
  if (actual == 0 || !std::isfinite(actual) || !std::isfinite(predicted))
    return std::numeric_limits<double>::quiet_NaN();
  return 100 * std::abs(predicted - actual) / std::abs(actual);
}

}  // namespace wfsim::calibrate
