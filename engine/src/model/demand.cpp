// Demand: open cases month by month, the establishment they fund, and the workload
// feedback on leaving; and the FTE an establishment group has in post or away.
#include "wfsim/model/model.hpp"

#include <cmath>

#include <boost/random/normal_distribution.hpp>

namespace wfsim {

std::vector<MonthDemand> Model::demand_path(const std::vector<Rates>& rates,
                                            const ReplicationStreams* streams) const {
  const auto& dem = scenario_.demand;
  std::vector<MonthDemand> path(scenario_.horizon_months);
  double cases = rates.front().open_cases;
  // Growth of each group's funded posts since the start.
  std::vector<double> grown(scenario_.establishment.size(), 1.0);
  // A deviation from the trend that fades (noise_persistence below 1), and its variance.
  const double keep = std::pow(dem.noise_persistence, 1.0 / 12);
  double trend = cases, deviation = 0, variance = 0;
  const double level = rates.front().case_level;
  const bool reverts = level > 0 && cases > 0;
  if (reverts) {
    trend = level;
    deviation = std::log(cases / level);
  }
  for (int t = 0; t < scenario_.horizon_months; ++t) {
    const Rates& r = rates[epoch_of_month_[t]];
    MonthDemand& m = path[t];
    m.establishment = r.establishment;
    for (std::size_t g = 0; g < grown.size(); ++g) {
      m.establishment[g] *= grown[g];
      grown[g] *= std::pow(1 + r.establishment_growth[g], 1.0 / 12);
    }
    if (!dem.enabled) continue;
    // A month's trend, its growth damped year by year, times lognormal noise with mean 1
    // (so the expected path has none).
    const double growth = r.case_growth * std::pow(dem.growth_damping, t / 12.0);
    double z = 0;
    if (streams && r.case_noise > 0) {
      Stream stream = streams->stream(Purpose::demand, 0, static_cast<std::uint64_t>(t));
      z = boost::random::normal_distribution<double>()(stream);
    }
    if (dem.noise_persistence >= 1 && !reverts) {
      // A random walk: each month's noise stays.
      cases *= std::pow(1 + growth, 1.0 / 12);
      if (z != 0) cases *= std::exp(r.case_noise * z - r.case_noise * r.case_noise / 2);
    } else {
      trend *= std::pow(1 + growth, 1.0 / 12);
      deviation = keep * deviation + r.case_noise * z;
      variance = keep * keep * variance + (streams ? r.case_noise * r.case_noise : 0.0);
      cases = trend * std::exp(deviation - variance / 2);
    }
    m.open_cases = cases;
    m.required_fte = cases / r.target_caseload[dem.reference_stage];
    if (dem.establishment_group >= 0) m.establishment[dem.establishment_group] = m.required_fte;
  }
  return path;
}

double Model::workload_multiplier(double ratio) const {
  const auto& points = scenario_.workload_feedback;
  if (points.empty()) return 1.0;
  if (ratio <= points.front().first) return points.front().second;
  for (std::size_t k = 1; k < points.size(); ++k)
    if (ratio <= points[k].first) {
      const auto [x0, y0] = points[k - 1];
      const auto [x1, y1] = points[k];
      return y0 + (ratio - x0) / (x1 - x0) * (y1 - y0);
    }
  return points.back().second;
}

double Model::group_long_leave(int g, std::span<const double> headcount, const Rates& rates) const {
  double away = 0;
  for (int s : scenario_.establishment[g].stages)
    away += headcount[s] * rates.fte_per_head[s] * rates.long_leave[s];
  return away;
}

double Model::group_fte(int g, std::span<const double> headcount, const Rates& rates) const {
  double fte = 0;
  for (int s : scenario_.establishment[g].stages) fte += headcount[s] * rates.fte_per_head[s];
  return fte;
}

}  // namespace wfsim
