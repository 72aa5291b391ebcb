#pragma once
//! A grid over one or two levers (Scenario::sweep), every point run on the same futures.
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "wfsim/model/scenario.hpp"

namespace wfsim {

//! One point of the grid and what it gives at the end of the horizon.
struct SweepPoint {
  std::vector<double> levers;                        //!< one value per sweep axis
  double agency_fte_median = 0, agency_fte_p90 = 0;  //!< all groups, last month
  double present_value = 0;                          //!< mean, all spend
  std::vector<double> target_chance;  //!< per target: last month, or last financial year
  bool frontier = false;              //!< no other point is cheaper without more agency reliance
};

struct SweepResult {
  std::vector<std::string> levers;
  std::vector<std::string> targets;
  std::vector<SweepPoint> points;  //!< the first lever varies slowest
};

//! Runs every point of `scenario`'s sweep with `replications` each. Throws UserError if the
//! scenario declares no sweep. `progress` is called after each point with (done, in all).
SweepResult run_sweep(const Scenario& scenario, std::int64_t replications, int threads,
                      const std::function<void(std::size_t, std::size_t)>& progress = {});

//! The table in plain words, frontier points marked.
void print_sweep(std::ostream& out, const SweepResult& result);
//! The table as CSV: one row per point.
void write_sweep_csv(std::ostream& out, const SweepResult& result);

}  // namespace wfsim
