#include "wfsim/stats/quantile_sketch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "wfsim/errors.hpp"
#include "wfsim/random/streams.hpp"
#include "wfsim/stats/summary.hpp"

namespace wfsim {

namespace {

//! numpy's default quantile (linear interpolation between order statistics).
double reference_quantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double rank = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (rank - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

TEST(QuantileSketch, ExactWhileValuesAreKept) {
  Stream s = ReplicationStreams(1, 0).stream(Purpose::demand);
  boost::random::normal_distribution<double> normal(100, 15);
  QuantileSketch sketch;
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i) {
    values.push_back(normal(s));
    sketch.add(values.back());
  }
  ASSERT_TRUE(sketch.exact());
  for (double p : QUANTILE_LEVELS)
    EXPECT_DOUBLE_EQ(sketch.quantile(p), reference_quantile(values, p));
  EXPECT_DOUBLE_EQ(sketch.quantile(0), *std::min_element(values.begin(), values.end()));
  EXPECT_DOUBLE_EQ(sketch.quantile(1), *std::max_element(values.begin(), values.end()));
}

// Beyond the kept values, the error is below one bin: at most 1/512 of the range seen.
TEST(QuantileSketch, HistogramErrorIsBelowOneBin) {
  Stream s = ReplicationStreams(2, 0).stream(Purpose::demand);
  boost::random::normal_distribution<double> normal(5e5, 4e4);
  QuantileSketch sketch;
  std::vector<double> values;
  for (int i = 0; i < 50000; ++i) {
    // A drifting mean makes the range grow after the histogram is set up, in both directions.
    values.push_back(normal(s) + (i % 2 ? 1 : -1) * i * 2.0);
    sketch.add(values.back());
  }
  ASSERT_FALSE(sketch.exact());
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const double bound = (*hi - *lo) / 512;
  for (double p : {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99})
    EXPECT_NEAR(sketch.quantile(p), reference_quantile(values, p), bound) << p;
}

TEST(QuantileSketch, WholeNumbersStayExact) {
  Stream s = ReplicationStreams(3, 0).stream(Purpose::demand);
  boost::random::poisson_distribution<int> poisson(60);
  QuantileSketch sketch;
  std::vector<double> values;
  for (int i = 0; i < 30000; ++i) {
    values.push_back(poisson(s));
    sketch.add(values.back());
  }
  ASSERT_FALSE(sketch.exact());
  for (double p : QUANTILE_LEVELS)
    EXPECT_DOUBLE_EQ(sketch.quantile(p), reference_quantile(values, p));
}

TEST(QuantileSketch, ConstantValues) {
  QuantileSketch sketch;
  for (int i = 0; i < 5000; ++i) sketch.add(0.25);
  EXPECT_DOUBLE_EQ(sketch.quantile(0.5), 0.25);
  EXPECT_DOUBLE_EQ(sketch.quantile(0.95), 0.25);
  EXPECT_TRUE(std::isnan(QuantileSketch().quantile(0.5)));
}

TEST(QuantileSketch, RefusesValuesThatAreNotFinite) {
  QuantileSketch sketch;
  for (int i = 0; i < 3000; ++i) sketch.add(i);
  EXPECT_THROW(sketch.add(std::numeric_limits<double>::infinity()), InternalError);
  EXPECT_THROW(sketch.add(std::nan("")), InternalError);
  EXPECT_NEAR(sketch.quantile(0.5), 1499.5, 2999.0 / 512);
}

TEST(QuantileSketch, HugeRangesStayFinite) {
  QuantileSketch sketch;
  for (int i = 0; i < 3000; ++i) sketch.add(i);
  sketch.add(-1e200);
  sketch.add(1e200);
  EXPECT_NEAR(sketch.quantile(0.5), 1500, 1e200 / 256);  // within one (very wide) bin
  EXPECT_EQ(sketch.quantile(0), -1e200);
  EXPECT_EQ(sketch.quantile(1), 1e200);
}

TEST(Summary, MeanAndStandardDeviation) {
  Summary summary(2);
  for (double x : {1.0, 2.0, 3.0, 4.0}) {
    const double v[2] = {x, 1e9 + x};  // large offset: no cancellation
    summary.add(v);
  }
  EXPECT_DOUBLE_EQ(summary.mean(0), 2.5);
  EXPECT_NEAR(summary.sd(0), std::sqrt(5.0 / 3.0), 1e-12);
  EXPECT_NEAR(summary.sd(1), std::sqrt(5.0 / 3.0), 1e-6);
}

}  // namespace wfsim

namespace wfsim {

TEST(Summary, ValuesAreSummarisedOverTheReplicationsThatDefineThem) {
  Summary summary(2);
  const double nan = std::nan("");
  for (double x : {1.0, nan, 3.0, nan, 5.0}) {
    const double v[2] = {x, 2 * (std::isnan(x) ? 0 : x)};
    summary.add(v);
  }
  EXPECT_EQ(summary.count(), 5u);
  EXPECT_EQ(summary.defined(0), 3u);
  EXPECT_DOUBLE_EQ(summary.mean(0), 3.0);
  EXPECT_DOUBLE_EQ(summary.sd(0), 2.0);
  EXPECT_DOUBLE_EQ(summary.quantile(0, 0.5), 3.0);
  EXPECT_EQ(summary.defined(1), 5u);
  EXPECT_DOUBLE_EQ(summary.mean(1), 3.6);  // 2, 0, 6, 0, 10
  Summary none(1);
  const double v[1] = {nan};
  none.add(v);
  EXPECT_TRUE(std::isnan(none.mean(0)));
  EXPECT_TRUE(std::isnan(none.quantile(0, 0.5)));
}

}  // namespace wfsim
