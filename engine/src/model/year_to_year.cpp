// Year-to-year variation: each replication's paths of the parameters that move from one
// model year to the next (`year_to_year`), and the value a path gives a parameter in a year.
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "model_detail.hpp"
#include "wfsim/model/model.hpp"

namespace wfsim {

using detail::path_key;

YearPaths Model::draw_year_paths(const ReplicationStreams& streams) const {
  YearPaths paths;
  for (const YearlyVariation& v : scenario_.yearly_variation) {
    // Keyed by the parameter's path and the year, never by strategy: a strategy moves a
    // parameter along the same luck.
    std::vector<double> path(model_years_);
    double noise = 0;
    for (int y = 0; y < model_years_; ++y) {
      Stream stream =
          streams.stream(Purpose::year_to_year, path_key(v.path), static_cast<std::uint64_t>(y));
      noise = v.persistence * noise + v.sd * boost::random::normal_distribution<double>()(stream);
      path[y] = noise;
    }
    paths.push_back(std::move(path));
  }
  return paths;
}

namespace detail {

//! The value `drawn` takes in model year `year` of variation `v`, given the year's noise:
//! on its scale, the level moved by the trend, plus what is left of the drawn value's
//! deviation from the level, plus the noise.
double moved(const YearlyVariation& v, double drawn, double level_value, int year, double noise) {
  using Scale = YearlyVariation::Scale;
  auto to = [&](double x) {
    if (v.scale == Scale::logit) return std::log(x / (1 - x));
    return v.scale == Scale::log1p ? std::log1p(x) : std::log(x);
  };
  // Values at the edge of the scale (0 on log, -1 on log1p, 0 and 1 on logit) stay there;
  // a level there cannot be returned to.
  auto inside = [&](double x) {
    if (v.scale == Scale::logit) return x > 0 && x < 1;
    return v.scale == Scale::log ? x > 0 : x > -1;
  };
  if (!inside(drawn)) return drawn;
  const double at = to(drawn);
  const bool reverts = v.level >= 0 && inside(level_value);
  // The deviation from the level at the start fades; the level itself moves by the trend.
  const double start = reverts ? to(level_value) : at;
  const double x =
      start + v.trend * (year + 1) + std::pow(v.persistence, year + 1) * (at - start) + noise;
  if (v.scale == Scale::logit) return 1 / (1 + std::exp(-x));
  return v.scale == Scale::log1p ? std::expm1(x) : std::exp(x);
}

}  // namespace detail

}  // namespace wfsim
