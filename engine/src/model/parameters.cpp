#include "wfsim/model/parameters.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

const boost::math::normal_distribution<double> STANDARD_NORMAL(0.0, 1.0);

//! Beta shape parameters for a mean and standard deviation (the loader checks they exist).
std::pair<double, double> beta_shapes(double mean, double sd) {
  const double k = mean * (1 - mean) / (sd * sd) - 1;
  return {mean * k, (1 - mean) * k};
}

}  // namespace

const char* Distribution::name(Kind kind) {
  switch (kind) {
    case Kind::fixed:
      return "fixed";
    case Kind::uniform:
      return "uniform";
    case Kind::triangular:
      return "triangular";
    case Kind::normal:
      return "normal";
    case Kind::beta:
      return "beta";
    case Kind::lognormal:
      return "lognormal";
  }
  return "?";
}

double Distribution::quantile(double u, double low, double high) const {
  u = std::clamp(u, 1e-12, 1 - 1e-12);
  double x = a;
  switch (kind) {
    case Kind::fixed:
      break;
    case Kind::uniform:
      x = a + u * (b - a);
      break;
    case Kind::triangular: {
      // a = low, b = high, c = mode: the CDF at the mode is (c - a) / (b - a).
      const double split = b > a ? (c - a) / (b - a) : 0.5;
      x = u < split ? a + std::sqrt(u * (b - a) * (c - a))
                    : b - std::sqrt((1 - u) * (b - a) * (b - c));
      break;
    }
    case Kind::normal: {
      if (b <= 0) break;
      // Truncated to [low, high]: invert within the CDF's values at the ends.
      const double lo = boost::math::cdf(STANDARD_NORMAL, std::max((low - a) / b, -37.0));
      const double hi = boost::math::cdf(STANDARD_NORMAL, std::min((high - a) / b, 37.0));
      const double v = std::clamp(lo + u * (hi - lo), 1e-300, 1 - 1e-16);
      x = a + b * boost::math::quantile(STANDARD_NORMAL, v);
      break;
    }
    case Kind::beta: {
      const auto [alpha, beta] = beta_shapes(a, b);
      x = boost::math::quantile(boost::math::beta_distribution<double>(alpha, beta), u);
      break;
    }
    case Kind::lognormal:
      x = a * std::pow(b, boost::math::quantile(STANDARD_NORMAL, u));
      break;
  }
  return std::clamp(x, low, high);
}

bool Parameter::uncertain() const {
  return std::any_of(segments.begin(), segments.end(),
                     [](const Segment& s) { return s.value.kind != Distribution::Kind::fixed; });
}

void Parameter::set_from(int from, const Distribution& value) {
  std::erase_if(segments, [from](const Segment& s) { return s.from >= from; });
  segments.push_back({from, value});
  if (segments.front().from != 0) throw InternalError("parameter " + path + " has no start value");
}

double Parameter::mean(std::size_t k) const {
  const Distribution& d = segments.at(k).value;
  if (d.kind == Distribution::Kind::fixed) return finish(d.a);
  constexpr int GRID = 4096;
  double sum = 0;
  for (int i = 0; i < GRID; ++i) sum += finish(d.quantile((i + 0.5) / GRID, low, high));
  return sum / GRID;
}

double Parameter::finish(double value) const {
  value = std::clamp(value, low, high);
  return whole ? std::round(value) : value;
}

}  // namespace wfsim
