#include "wfsim/calibrate/scoring.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

namespace wfsim::calibrate {

namespace {

//! The definition, term by term: E|X - y| - E|X - X'| / 2 over all n^2 ordered pairs.
double crps_by_definition(const std::vector<double>& sample, double y) {
  const auto n = static_cast<double>(sample.size());
  double to_actual = 0, pairs = 0;
  for (double a : sample) {
    to_actual += std::abs(a - y);
    for (double b : sample) pairs += std::abs(a - b);
  }
  return to_actual / n - pairs / (2 * n * n);
}

//! The CRPS of the normal distribution N(mu, sigma^2) for outcome y (Gneiting and Raftery
//! 2007): sigma (z (2 Phi(z) - 1) + 2 phi(z) - 1 / sqrt(pi)), z = (y - mu) / sigma.
double crps_normal(double mu, double sigma, double y) {
  const double z = (y - mu) / sigma;
  const double pdf = std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
  const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
  return sigma * (z * (2 * cdf - 1) + 2 * pdf - 1 / std::sqrt(std::numbers::pi));
}

}  // namespace

// Expected values are numpy 1.24's np.quantile(x, p), printed with repr: the same doubles.
TEST(Quantile, MatchesNumpysDefault) {
  const std::vector<double> four = {1, 2, 3, 4};
  EXPECT_EQ(quantile(four, 0), 1.0);
  EXPECT_EQ(quantile(four, 0.1), 1.3);
  EXPECT_EQ(quantile(four, 0.25), 1.75);
  EXPECT_EQ(quantile(four, 0.5), 2.5);
  EXPECT_EQ(quantile(four, 0.75), 3.25);
  EXPECT_EQ(quantile(four, 0.9), 3.7);
  EXPECT_EQ(quantile(four, 1), 4.0);

  EXPECT_EQ(quantile({3.5}, 0), 3.5);
  EXPECT_EQ(quantile({3.5}, 0.3), 3.5);
  EXPECT_EQ(quantile({3.5}, 1), 3.5);

  const std::vector<double> three = {0.1, 0.2, 0.7};
  EXPECT_EQ(quantile(three, 0.05), 0.11000000000000001);
  EXPECT_EQ(quantile(three, 0.5), 0.2);
  EXPECT_EQ(quantile(three, 0.95), 0.6499999999999999);
  EXPECT_EQ(quantile(three, 1.0 / 3), 0.16666666666666669);

  const std::vector<double> ties = {-2.5, 1e-3, 7, 7, 12.25};
  EXPECT_EQ(quantile(ties, 0.1), -1.4996);
  EXPECT_EQ(quantile(ties, 0.2), -0.49919999999999987);
  EXPECT_EQ(quantile(ties, 0.45), 5.6002);
  EXPECT_EQ(quantile(ties, 0.8), 8.05);
  EXPECT_EQ(quantile(ties, 0.99), 12.04);

  const std::vector<double> tenths = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  EXPECT_EQ(quantile(tenths, 0.1), 0.19);
  EXPECT_EQ(quantile(tenths, 0.3), 0.37);
  EXPECT_EQ(quantile(tenths, 0.7), 0.73);
  EXPECT_EQ(quantile(tenths, 0.9), 0.91);
}

TEST(Quantile, RefusesWhatItCannotAnswer) {
  EXPECT_THROW(quantile({}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile({2, 1}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile({1, NAN}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile({1, 2}, -0.01), std::invalid_argument);
  EXPECT_THROW(quantile({1, 2}, 1.01), std::invalid_argument);
  EXPECT_THROW(quantile({1, 2}, NAN), std::invalid_argument);
}

TEST(SortedSample, SortsAndRefusesNaN) {
  EXPECT_EQ(sorted_sample({3, -1, 2, 2}), (std::vector<double>{-1, 2, 2, 3}));
  EXPECT_THROW(sorted_sample({}), std::invalid_argument);
  EXPECT_THROW(sorted_sample({1, NAN}), std::invalid_argument);
}

TEST(Within, IsTheClosedIntervalBetweenTwoQuantiles) {
  std::vector<double> sample;
  for (int i = 100; i >= 1; --i) sample.push_back(i);
  const auto sorted = sorted_sample(sample);
  // P10 = 1 + 0.1 * 99 = 10.9 and P90 = 90.1, as numpy has them.
  EXPECT_TRUE(within(sorted, 0.1, 0.9, 10.9));
  EXPECT_TRUE(within(sorted, 0.1, 0.9, 50));
  EXPECT_TRUE(within(sorted, 0.1, 0.9, 90.1));
  EXPECT_FALSE(within(sorted, 0.1, 0.9, 10.8));
  EXPECT_FALSE(within(sorted, 0.1, 0.9, 90.2));
  EXPECT_FALSE(within(sorted, 0.1, 0.9, NAN));
  EXPECT_TRUE(within(sorted, 0, 1, 1));
  EXPECT_TRUE(within(sorted, 0.5, 0.5, 50.5));
  EXPECT_THROW(within(sorted, 0.9, 0.1, 50), std::invalid_argument);
  EXPECT_THROW(within(sample, 0.1, 0.9, 50), std::invalid_argument);  // not sorted
}

TEST(Crps, OfOneValueIsTheAbsoluteError) {
  EXPECT_EQ(crps({3}, 5.5), 2.5);
  EXPECT_EQ(crps({3}, 3), 0);
  EXPECT_EQ(crps({-1.25}, -4), 2.75);
  EXPECT_EQ(crps({7, 7, 7}, 9), 2);
}

TEST(Crps, OfTwoValuesByHand) {
  // F is 1/2 on [0, 1): the integral of (F - 1{t >= 0})^2 is 1/4.
  EXPECT_DOUBLE_EQ(crps({0, 1}, 0), 0.25);
  EXPECT_DOUBLE_EQ(crps({0, 1}, 0.5), 0.25);  // 1/2 - 1/4
  EXPECT_DOUBLE_EQ(crps({0, 1}, 3), 2.25);    // 5/2 - 1/4
}

TEST(Crps, EqualsTheDefinitionTermByTerm) {
  std::mt19937_64 engine(20240917);
  std::uniform_real_distribution<double> uniform(-50, 150);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> sample(1 + trial * 7);
    for (double& v : sample) v = uniform(engine);
    if (sample.size() > 4) sample[3] = sample[1];  // ties
    const auto sorted = sorted_sample(sample);
    for (double y : {-80.0, 0.0, sorted[sorted.size() / 2], 42.5, 400.0})
      EXPECT_NEAR(crps(sorted, y), crps_by_definition(sample, y), 1e-12 * (1 + std::abs(y)))
          << "n " << sample.size() << " y " << y;
  }
  // Far from zero, where E|X - y| and E|X - X'| are both large and nearly cancel.
  std::vector<double> far;
  for (int i = 0; i < 30; ++i) far.push_back(1e6 + uniform(engine));
  const auto sorted = sorted_sample(far);
  EXPECT_NEAR(crps(sorted, 1e6 + 50), crps_by_definition(far, 1e6 + 50), 1e-9);
}

TEST(Crps, OfALargeNormalSampleIsTheNormalsCrps) {
  // 200,000 draws from N(0, 1) with a fixed seed. Over 400 seeds the empirical CRPS's
  // standard error at this size is 0.0005 at y = 0, 0.0019 at 1.3 and 0.0023 at -2 (it grows
  // as y moves out, with the error in the sample's mean): each tolerance is five of them.
  std::mt19937_64 engine(7);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> sample(200000);
  for (double& v : sample) v = normal(engine);
  const auto sorted = sorted_sample(sample);
  EXPECT_NEAR(crps_normal(0, 1, 0), (std::sqrt(2.0) - 1) / std::sqrt(std::numbers::pi), 1e-15);
  EXPECT_NEAR(crps(sorted, 0), crps_normal(0, 1, 0), 0.0025);
  EXPECT_NEAR(crps(sorted, 1.3), crps_normal(0, 1, 1.3), 0.0095);
  EXPECT_NEAR(crps(sorted, -2.0), crps_normal(0, 1, -2.0), 0.0115);
}

TEST(Crps, RefusesASampleNotSortedAndIsNaNForNoOutcome) {
  EXPECT_THROW(crps({}, 1), std::invalid_argument);
  EXPECT_THROW(crps({2, 1}, 1), std::invalid_argument);
  EXPECT_THROW(crps({NAN, 1}, 1), std::invalid_argument);
  EXPECT_TRUE(std::isnan(crps({1, 2}, NAN)));
}

TEST(AbsolutePercentageError, IsInPercentOfTheActualAndUndefinedAtZero) {
  EXPECT_DOUBLE_EQ(absolute_percentage_error(110, 100), 10);
  EXPECT_DOUBLE_EQ(absolute_percentage_error(90, 100), 10);
  EXPECT_DOUBLE_EQ(absolute_percentage_error(1, -4), 125);
  EXPECT_EQ(absolute_percentage_error(122, 122), 0);
  EXPECT_TRUE(std::isnan(absolute_percentage_error(5, 0)));
  EXPECT_TRUE(std::isnan(absolute_percentage_error(0, 0)));
  EXPECT_TRUE(std::isnan(absolute_percentage_error(NAN, 3)));
  EXPECT_TRUE(std::isnan(absolute_percentage_error(INFINITY, 3)));
}

}  // namespace wfsim::calibrate
