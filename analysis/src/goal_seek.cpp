#include "wfsim/analysis/goal_seek.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "wfsim/errors.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

namespace {

//! Where the target's indicator lives in a replication's results.
std::size_t target_slot(const Model& model, const std::string& target, const std::string& when) {
  for (const char* name : {"targets_met", "targets_met_by_year"}) {
    for (const Family& f : model.layout().families()) {
      if (f.name != name) continue;
      const auto k = std::find(f.categories.begin(), f.categories.end(), target);
      if (k == f.categories.end()) continue;
      const auto& labels = f.axis == TimeAxis::month ? model.month_labels() : model.year_labels();
      const auto t = std::find(labels.begin(), labels.end(), when);
      if (t == labels.end())
        throw UserError(
            "target '" + target + "' is checked " +
            (f.axis == TimeAxis::month ? "by month (YYYY-MM" : "by financial year (2024/25") +
            ") within the horizon: '" + when + "' is not one of them");
      return f.at(static_cast<std::size_t>(k - f.categories.begin()),
                  static_cast<std::size_t>(t - labels.begin()));
    }
  }
  std::vector<std::string> names;
  for (const TargetSpec& t : model.scenario().targets) names.push_back(t.name);
  throw UserError("the scenario has no target called '" + target + "'" +
                  did_you_mean(target, names));
}

}  // namespace

GoalSeekResult goal_seek(const Scenario& scenario, const GoalSeekRequest& req,
                         const std::function<void(int, double, double)>& progress) {
  const std::vector<std::size_t> lever = lever_parameters(scenario, req.lever);
  if (!(req.low <= req.high)) throw UserError("the lever's range is empty");
  // A value beyond what the parameter takes would be quietly kept within it, and the curve
  // would show trials that were never run.
  for (std::size_t p : lever) {
    const Parameter& parameter = scenario.parameters[p];
    if (req.low < parameter.low || req.high > parameter.high) {
      char text[160];
      std::snprintf(text, sizeof text, "%g to %g: it takes values from %g to %g", req.low, req.high,
                    parameter.low, parameter.high);
      throw UserError("cannot search " + req.lever + " from " + text);
    }
  }

  GoalSeekResult result;
  int trials = 0;
  auto chance = [&](double value) {
    Scenario sc = scenario;
    for (std::size_t p : lever)
      sc.parameters[p].set_from(req.lever_from, Distribution::fixed(value));
    const Model model(sc);
    const std::size_t slot = target_slot(model, req.target, req.when);
    RunOptions options;
    options.replications = req.replications;
    options.seed = scenario.seed;  // the same random numbers at every trial
    options.threads = req.threads;
    const double p = run_replications(model, options, nullptr).mean(slot);
    result.curve.emplace_back(value, p);
    if (progress) progress(++trials, value, p);
    return p;
  };
  auto settle = [&](double v) { return req.whole ? std::round(v) : v; };

  // A coarse curve first, then bisection between the last value short of the chance and
  // the first that meets it.
  const int points = 6;
  double below = req.low, above = NAN;
  for (int i = 0; i <= points; ++i) {
    const double v = settle(req.low + (req.high - req.low) * i / points);
    if (i > 0 && v == result.curve.back().first) continue;
    if (chance(v) >= req.chance) {
      above = v;
      break;
    }
    below = v;
  }
  if (std::isnan(above)) {
    std::sort(result.curve.begin(), result.curve.end());
    return result;  // even the top of the range falls short
  }
  if (above == req.low || below >= above) {
    below = above;
  } else {
    const double step = req.whole ? 1.0 : req.tolerance;
    while (above - below > step) {
      const double mid = settle((below + above) / 2);
      if (mid <= below || mid >= above) break;
      (chance(mid) >= req.chance ? above : below) = mid;
    }
  }
  result.found = true;
  result.value = above;
  for (const auto& [v, p] : result.curve)
    if (v == above) result.chance_at_value = p;
  std::sort(result.curve.begin(), result.curve.end());
  return result;
}

}  // namespace wfsim
