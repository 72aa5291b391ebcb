#include "wfsim/random/streams.hpp"

#include <gtest/gtest.h>

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <vector>

namespace wfsim {

TEST(Streams, SameKeyGivesSameSequence) {
  ReplicationStreams a(42, 3), b(42, 3);
  Stream x = a.stream(Purpose::leaving, 1, 2, 3), y = b.stream(Purpose::leaving, 1, 2, 3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(x(), y());
}

TEST(Streams, EveryPartOfTheKeyChangesTheStream) {
  const auto first = [](std::uint64_t seed, std::uint64_t rep, Purpose p, std::uint64_t a,
                        std::uint64_t b, std::uint64_t c) {
    return ReplicationStreams(seed, rep).stream(p, a, b, c)();
  };
  const auto base = first(1, 0, Purpose::leaving, 0, 0, 0);
  EXPECT_NE(base, first(2, 0, Purpose::leaving, 0, 0, 0));
  EXPECT_NE(base, first(1, 1, Purpose::leaving, 0, 0, 0));
  EXPECT_NE(base, first(1, 0, Purpose::intake, 0, 0, 0));
  EXPECT_NE(base, first(1, 0, Purpose::leaving, 1, 0, 0));
  EXPECT_NE(base, first(1, 0, Purpose::leaving, 0, 1, 0));
  EXPECT_NE(base, first(1, 0, Purpose::leaving, 0, 0, 1));
  // Swapped indices are different units of work.
  EXPECT_NE(first(1, 0, Purpose::leaving, 1, 2, 0), first(1, 0, Purpose::leaving, 2, 1, 0));
}

// Chi-square test of uniformity on 16 cells: with 15 degrees of freedom the 99.9th
// percentile is 37.7; a sound generator exceeds it once in a thousand seeds.
TEST(Streams, DrawsAreUniform) {
  Stream s = ReplicationStreams(2024, 0).stream(Purpose::demand);
  boost::random::uniform_int_distribution<int> cell(0, 15);
  std::vector<double> counts(16, 0);
  const int n = 160000;
  for (int i = 0; i < n; ++i) ++counts[cell(s)];
  double chi2 = 0;
  for (double c : counts) chi2 += (c - n / 16.0) * (c - n / 16.0) / (n / 16.0);
  EXPECT_LT(chi2, 37.7);
}

// Neighbouring streams (consecutive months) must not be correlated: the correlation of
// their first outputs over 20000 pairs has standard error 1/sqrt(20000) = 0.007.
TEST(Streams, NeighbouringStreamsAreUncorrelated) {
  ReplicationStreams r(5, 0);
  const int n = 20000;
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int t = 0; t < n; ++t) {
    const double x = r.stream(Purpose::leaving, 0, t)() / 18446744073709551616.0;
    const double y = r.stream(Purpose::leaving, 0, t + 1)() / 18446744073709551616.0;
    sx += x, sy += y, sxy += x * y, sxx += x * x, syy += y * y;
  }
  const double cov = sxy / n - sx / n * sy / n;
  const double corr = cov / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
  EXPECT_LT(std::abs(corr), 4 * 0.00707);
}

}  // namespace wfsim
