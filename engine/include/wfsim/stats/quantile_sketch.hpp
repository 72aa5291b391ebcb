#pragma once
//! Quantiles of a stream of values in bounded memory.
//!
//! The first EXACT_LIMIT values are kept, so small runs get exact quantiles (linear
//! interpolation between order statistics, as numpy's default). Beyond that the values go
//! into a histogram of BINS equal bins whose range widens by doubling when a value falls
//! outside it. Order statistics are then placed within their bins, so a quantile's error is
//! below one bin: at most 1/512 of the range of the values seen. Whole-number values (people)
//! get one bin per number while their range allows, so their quantiles stay exact.
//! Values must be added in a
//! fixed order for results to be reproducible; the runner guarantees this.
#include <cstdint>
#include <vector>

namespace wfsim {

class QuantileSketch {
 public:
  static constexpr std::size_t EXACT_LIMIT = 2048;
  static constexpr std::size_t BINS = 2048;

  void add(double value);
  //! The p-quantile, 0 <= p <= 1; NaN when no value was added.
  double quantile(double p) const;
  std::uint64_t count() const { return count_; }
  //! True while every value is still kept (quantiles are exact).
  bool exact() const { return bins_.empty(); }

 private:
  void to_histogram();
  void widen_to(double value);
  std::size_t bin_of(double value) const;
  //! The k-th smallest value (0-based), from the histogram.
  double order_statistic(double k) const;

  std::vector<double> kept_;
  std::vector<std::uint64_t> bins_;
  double low_ = 0, width_ = 0, min_ = 0, max_ = 0;
  std::uint64_t count_ = 0;
  bool integral_ = true;  //!< every value so far is a whole number
};

}  // namespace wfsim
