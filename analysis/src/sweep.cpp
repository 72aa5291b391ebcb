#include "wfsim/analysis/sweep.hpp"

#include <cstdio>

#include "wfsim/errors.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/run/runner.hpp"

namespace wfsim {

SweepResult run_sweep(const Scenario& scenario, std::int64_t replications, int threads,
                      const std::function<void(std::size_t, std::size_t)>& progress) {
  if (scenario.sweep.empty()) throw UserError("the scenario declares no sweep");
  SweepResult result;
  for (const auto& axis : scenario.sweep) result.levers.push_back(axis.lever);
  for (const auto& t : scenario.targets) result.targets.push_back(t.name);

  std::vector<std::vector<double>> grid = {{}};
  for (const auto& axis : scenario.sweep) {
    std::vector<std::vector<double>> next;
    for (const auto& point : grid)
      for (double v : axis.values) {
        next.push_back(point);
        next.back().push_back(v);
      }
    grid = std::move(next);
  }

  for (std::size_t i = 0; i < grid.size(); ++i) {
    Scenario sc = scenario;
    for (std::size_t a = 0; a < sc.sweep.size(); ++a)
      for (auto& p : sc.parameters)
        if (p.path == sc.sweep[a].lever || p.path.rfind(sc.sweep[a].lever + "[", 0) == 0)
          p.set_from(sc.sweep[a].from, Distribution::fixed(grid[i][a]));
    const Model model(sc);
    RunOptions options;
    options.replications = replications;
    options.seed = scenario.seed;  // every point on the same futures
    options.threads = threads;
    const Summary summary = run_replications(model, options, nullptr);

    const auto& layout = model.layout();
    const std::size_t last = static_cast<std::size_t>(sc.horizon_months - 1);
    const Family& agency = layout.find("agency_fte");
    SweepPoint point;
    point.levers = grid[i];
    const std::size_t all = agency.at(agency.category_count() - 1, last);
    point.agency_fte_median = summary.quantile(all, 0.5);
    point.agency_fte_p90 = summary.quantile(all, 0.9);
    point.present_value = summary.mean(layout.find("present_value").at(COST_TOTAL, 0));
    for (const auto& target : sc.targets) {
      const Family& f = layout.find(target.yearly() ? "targets_met_by_year" : "targets_met");
      const auto k = std::find(f.categories.begin(), f.categories.end(), target.name);
      point.target_chance.push_back(
          summary.mean(f.at(static_cast<std::size_t>(k - f.categories.begin()), f.times - 1)));
    }
    result.points.push_back(point);
    if (progress) progress(i + 1, grid.size());
  }

  // The frontier: no other point costs less without more agency reliance.
  for (auto& p : result.points) {
    p.frontier = true;
    for (const auto& q : result.points) {
      const bool no_worse =
          q.present_value <= p.present_value && q.agency_fte_median <= p.agency_fte_median;
      const bool better =
          q.present_value < p.present_value || q.agency_fte_median < p.agency_fte_median;
      if (no_worse && better) p.frontier = false;
    }
  }
  return result;
}

void print_sweep(std::ostream& out, const SweepResult& r) {
  char buf[64];
  for (const auto& l : r.levers) out << "  " << l;
  out << "  | agency FTE median (P90) | present value GBPm";
  for (const auto& t : r.targets) out << " | chance " << t;
  out << "\n";
  for (const auto& p : r.points) {
    for (std::size_t a = 0; a < r.levers.size(); ++a) {
      std::snprintf(buf, sizeof buf, "  %*g", static_cast<int>(r.levers[a].size()), p.levers[a]);
      out << buf;
    }
    std::snprintf(buf, sizeof buf, "  | %10.1f (%5.1f)      | %18.2f", p.agency_fte_median,
                  p.agency_fte_p90, p.present_value / 1e6);
    out << buf;
    for (std::size_t k = 0; k < r.targets.size(); ++k) {
      std::snprintf(buf, sizeof buf, " | %*.0f%%", static_cast<int>(r.targets[k].size() + 6),
                    100 * p.target_chance[k]);
      out << buf;
    }
    out << (p.frontier ? "  <- frontier" : "") << "\n";
  }
  out << "Frontier: no other option costs less without leaving more agency FTE at the horizon.\n";
}

void write_sweep_csv(std::ostream& out, const SweepResult& r) {
  for (const auto& l : r.levers) out << l << ',';
  out << "agency_fte_median,agency_fte_p90,present_value";
  for (const auto& t : r.targets) out << ",chance_" << t;
  out << ",frontier\n";
  char buf[32];
  for (const auto& p : r.points) {
    for (double v : p.levers) {
      std::snprintf(buf, sizeof buf, "%.17g,", v);
      out << buf;
    }
    std::snprintf(buf, sizeof buf, "%.17g,", p.agency_fte_median);
    out << buf;
    std::snprintf(buf, sizeof buf, "%.17g,", p.agency_fte_p90);
    out << buf;
    std::snprintf(buf, sizeof buf, "%.17g", p.present_value);
    out << buf;
    for (double c : p.target_chance) {
      std::snprintf(buf, sizeof buf, ",%.17g", c);
      out << buf;
    }
    out << ',' << (p.frontier ? 1 : 0) << '\n';
  }
}

}  // namespace wfsim
