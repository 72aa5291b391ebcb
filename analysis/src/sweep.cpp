#include "wfsim/analysis/sweep.hpp"

#include <algorithm>
#include <cstdio>

#include "wfsim/errors.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"
#include "wfsim/year_month.hpp"

namespace wfsim {

namespace {

//! The month index `at` names within `scenario`'s horizon; the last month for "".
int month_reported(const Scenario& scenario, const std::string& at) {
  if (at.empty()) return scenario.horizon_months - 1;
  const auto m = YearMonth::parse(at);
  if (!m) throw UserError("cannot report the sweep at '" + at + "': expected a month, YYYY-MM");
  const int t = (m->year - scenario.start.year) * 12 + (m->month - scenario.start.month);
  if (t < 0 || t >= scenario.horizon_months)
    throw UserError("cannot report the sweep at '" + at + "': it is not within the horizon, " +
                    scenario.start.str() + " to " +
                    scenario.start.plus(scenario.horizon_months - 1).str());
  return t;
}

}  // namespace

SweepResult run_sweep(const Scenario& scenario, const SweepOptions& options,
                      const std::function<void(const SweepProgress&)>& progress) {
  const std::vector<SweepAxis>& axes = options.axes.empty() ? scenario.sweep : options.axes;
  if (axes.empty()) throw UserError("the scenario declares no sweep");
  if (axes.size() > 2) throw UserError("a sweep has one or two levers");
  // Every lever found before any point is run.
  std::vector<std::vector<std::size_t>> lever_of_axis;
  for (const auto& axis : axes) {
    lever_of_axis.push_back(lever_parameters(scenario, axis.lever));
    if (axis.values.empty()) throw UserError("no values to sweep " + axis.lever + " over");
    // A value out of range would be quietly kept within it, and the table would show a
    // point that was never run.
    for (std::size_t p : lever_of_axis.back()) {
      const Parameter& parameter = scenario.parameters[p];
      for (double v : axis.values)
        if (!(v >= parameter.low && v <= parameter.high)) {
          char text[128];
          std::snprintf(text, sizeof text, "%g: it takes values from %g to %g", v, parameter.low,
                        parameter.high);
          throw UserError("cannot sweep " + axis.lever + " to " + text);
        }
    }
  }
  const int at = month_reported(scenario, options.at);

  SweepResult result;
  for (const auto& axis : axes) result.levers.push_back(axis.lever);
  for (const auto& t : scenario.targets) result.targets.push_back(t.name);
  result.at = scenario.start.plus(at).str();
  result.end_of_horizon = at == scenario.horizon_months - 1;

  std::vector<std::vector<double>> grid = {{}};
  for (const auto& axis : axes) {
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
    // Reporting at an earlier month is the run with its horizon there: what each measure
    // means at the horizon's end (spend to date, a partial last financial year) holds as is.
    sc.horizon_months = at + 1;
    for (std::size_t a = 0; a < axes.size(); ++a)
      for (std::size_t p : lever_of_axis[a])
        sc.parameters[p].set_from(axes[a].from, Distribution::fixed(grid[i][a]));
    const Model model(sc);
    RunOptions run;
    run.replications = options.replications;
    run.seed = scenario.seed;  // every point on the same futures
    run.threads = options.threads;
    if (progress)
      run.progress = [&](std::int64_t done, std::int64_t) {
        progress({i, grid.size(), grid[i], done, options.replications});
      };
    const Summary summary = run_replications(model, run, nullptr);

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
  out << "Frontier: no other option costs less without leaving more agency FTE "
      << (r.end_of_horizon ? "at the horizon" : "in " + r.at) << ".\n";
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
