#include "wfsim/model/parameters.hpp"

#include <gtest/gtest.h>

#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "test_support.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/random/streams.hpp"

namespace wfsim {

namespace {

struct Moments {
  double mean, sd, low, high;
};

//! Mean, standard deviation and range of n draws by inverse CDF at uniform draws.
Moments draw(const Distribution& d, double low, double high, int n = 200000) {
  Stream s = ReplicationStreams(42, 0).stream(Purpose::parameters);
  boost::random::uniform_01<double> u;
  double sum = 0, sum_sq = 0, lo = INFINITY, hi = -INFINITY;
  for (int i = 0; i < n; ++i) {
    const double x = d.quantile(u(s), low, high);
    sum += x, sum_sq += x * x, lo = std::min(lo, x), hi = std::max(hi, x);
  }
  const double mean = sum / n;
  return {mean, std::sqrt(sum_sq / n - mean * mean), lo, hi};
}

// The sample mean must lie within 4 standard errors (sd / sqrt(n)) of the true mean; the
// sample sd within 2% of the true sd (its standard error is about sd / sqrt(2n) = 0.16%).
void expect_moments(const Distribution& d, double low, double high, double mean, double sd) {
  const Moments m = draw(d, low, high);
  EXPECT_NEAR(m.mean, mean, 4 * sd / std::sqrt(200000.0)) << Distribution::name(d.kind);
  EXPECT_NEAR(m.sd, sd, 0.02 * sd) << Distribution::name(d.kind);
  EXPECT_GE(m.low, low);
  EXPECT_LE(m.high, high);
}

}  // namespace

TEST(Distribution, UniformTriangularBetaLognormalHaveTheirMeansAndSpreads) {
  expect_moments({Distribution::Kind::uniform, 10, 20, 0}, 0, 100, 15, 10 / std::sqrt(12.0));
  // Triangular low 0, mode 3, high 10 (stored as low, high, mode).
  const double a = 0, c = 3, b = 10;
  expect_moments({Distribution::Kind::triangular, a, b, c}, 0, 100, (a + b + c) / 3,
                 std::sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18));
  expect_moments({Distribution::Kind::beta, 0.17, 0.03, 0}, 0, 1, 0.17, 0.03);
  const double sigma = std::log(1.2);
  const double ln_mean = 80000 * std::exp(sigma * sigma / 2);
  expect_moments({Distribution::Kind::lognormal, 80000, 1.2, 0}, 0, 1e7, ln_mean,
                 ln_mean * std::sqrt(std::exp(sigma * sigma) - 1));
  expect_moments({Distribution::Kind::normal, 0.5, 0.05, 0}, 0, 1, 0.5, 0.05);
}

TEST(Distribution, NormalIsTruncatedToTheValidRange) {
  // Mean 0.05, sd 0.05 on [0, 1]: the normal truncated at its mean minus one sd. The
  // truncated mean is mu + sigma * phi(-1) / (1 - Phi(-1)) = 0.05 + 0.05 * 0.28760.
  const Distribution d{Distribution::Kind::normal, 0.05, 0.05, 0};
  const Moments m = draw(d, 0, 1);
  EXPECT_GE(m.low, 0.0);
  EXPECT_NEAR(m.mean, 0.05 + 0.05 * 0.2876, 4 * 0.05 / std::sqrt(200000.0));
  const Parameter p{"x", "x", 0, 1, false, {{0, d}}};
  EXPECT_NEAR(p.mean(0), 0.05 + 0.05 * 0.2876, 1e-4);
}

// The projection's mean is the mean of the draws as used: clipped to range and rounded.
TEST(Parameter, MeanIsTheMeanOfTheDrawsAsUsed) {
  // A lognormal clipped hard at 1.2: its plain mean would be far above the draws' mean.
  const Parameter clipped{"p", "p",   0,
                          1.2, false, {{0, {Distribution::Kind::lognormal, 1.0, 2.0, 0}}}};
  const Parameter counted{"n", "n",  0,
                          100, true, {{0, {Distribution::Kind::triangular, 10, 11, 10}}}};
  for (const Parameter* p : {&clipped, &counted}) {
    Stream s = ReplicationStreams(6, 0).stream(Purpose::parameters);
    boost::random::uniform_01<double> u;
    double sum = 0, sum_sq = 0;
    const int n = 100000;
    for (int i = 0; i < n; ++i) {
      const double x = p->finish(p->segments[0].value.quantile(u(s), p->low, p->high));
      sum += x, sum_sq += x * x;
    }
    const double mean = sum / n, sd = std::sqrt(sum_sq / n - mean * mean);
    EXPECT_NEAR(p->mean(0), mean, 4 * sd / std::sqrt(double(n)) + 1e-3) << p->path;
  }
  EXPECT_LT(clipped.mean(0), 0.9);  // e^(ln2^2 / 2) = 1.27 unclipped
}

TEST(Parameter, SetFromReplacesLaterSegments) {
  Parameter p{"x", "x", 0, 100, false, {{0, Distribution::fixed(1)}}};
  p.set_from(12, Distribution::fixed(2));
  p.set_from(24, Distribution::fixed(3));
  p.set_from(12, Distribution::fixed(4));  // from 12 on: 4, replacing 2 and 3
  ASSERT_EQ(p.segments.size(), 2u);
  EXPECT_EQ(p.segments[1].from, 12);
  EXPECT_EQ(p.segments[1].value.a, 4);
  EXPECT_FALSE(p.uncertain());
  EXPECT_EQ(Parameter({"n", "n", 0, 10, true, {}}).finish(3.6), 4);
  EXPECT_EQ(Parameter({"n", "n", 0, 10, true, {}}).finish(12), 10);
}

}  // namespace wfsim
