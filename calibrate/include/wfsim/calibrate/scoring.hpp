#pragma once
//! Scores a forecast against what happened, for backtests: the forecast is the model's
//! predictive sample (one value per replication), the outcome one published figure.
#include <vector>

namespace wfsim::calibrate {

//! `sample` sorted in increasing order, as the functions below take it. Throws
//! std::invalid_argument if it is empty or holds a NaN.
std::vector<double> sorted_sample(std::vector<double> sample);

//! The `p` quantile of a sorted sample, `p` in [0, 1], interpolated linearly between order
//! statistics at position p (n - 1) as numpy.quantile does by default (method "linear",
//! Hyndman and Fan's type 7), with numpy's rounding. Throws std::invalid_argument for an
//! empty or unsorted sample, or a `p` outside [0, 1].
double quantile(const std::vector<double>& sorted, double p);

//! True if `actual` lies in the closed interval between the `lo_p` and `hi_p` quantiles of
//! the sorted sample (false for a NaN `actual`). Throws std::invalid_argument as quantile()
//! does, or if `lo_p` > `hi_p`.
bool within(const std::vector<double>& sorted, double lo_p, double hi_p, double actual);

//! The continuous ranked probability score of the sample's empirical distribution for the
//! outcome `actual`: E|X - y| - E|X - X'| / 2, X and X' drawn independently from the sample
//! (each value with probability 1/n, so a pair may be the same replication). In the units of
//! the measure; 0 for a sample of one value that equals the outcome; lower is better.
//! Exact in O(n) on the sorted sample. Throws std::invalid_argument for an empty or
//! unsorted sample.
double crps(const std::vector<double>& sorted, double actual);

//! |predicted - actual| / |actual| in percent; NaN when `actual` is 0 (undefined) or either
//! is not finite.
double absolute_percentage_error(double predicted, double actual);

}  // namespace wfsim::calibrate
