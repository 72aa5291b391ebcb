#pragma once
//! A grid over one or two levers (Scenario::sweep), every point run on the same futures.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "wfsim/model/scenario.hpp"

namespace wfsim {

//! One point of the grid and what it gives at the month reported.
struct SweepPoint {
  std::vector<double> levers;                        //!< one value per sweep axis
  double agency_fte_median = 0, agency_fte_p90 = 0;  //!< all groups, the month reported
  double present_value = 0;                          //!< mean, all spend to the month reported
  //! Per target: the month reported, or the financial year to it.
  std::vector<double> target_chance;
  bool frontier = false;  //!< no other point is cheaper without more agency reliance
};

struct SweepResult {
  std::vector<std::string> levers;
  std::vector<std::string> targets;
  std::string at;                  //!< the month reported, YYYY-MM
  bool end_of_horizon = true;      //!< whether that is the horizon's last month
  std::vector<SweepPoint> points;  //!< the first lever varies slowest
};

struct SweepOptions {
  std::int64_t replications = 1000;  //!< per point
  int threads = 0;                   //!< 0: all hardware threads
  //! The grid: one or two axes. Empty for the scenario's own `sweep` section.
  std::vector<SweepAxis> axes;
  //! The month to report at, YYYY-MM: the run stops there, as if the horizon ended then.
  //! Empty for the end of the horizon.
  std::string at;
};

//! Where a sweep has got to, for a progress display.
struct SweepProgress {
  std::size_t point = 0;          //!< the point under way, from 0
  std::size_t points = 0;         //!< points in the grid
  std::vector<double> levers;     //!< the point's lever values
  std::int64_t done = 0;          //!< replications of the point done
  std::int64_t replications = 0;  //!< replications of each point
};

//! Runs every point of the grid in `options` (else of `scenario`'s sweep section). Throws
//! UserError if there is no grid, for a lever that names no parameter, and for a month
//! outside the horizon. `progress` is called as each block of a point's replications ends.
SweepResult run_sweep(const Scenario& scenario, const SweepOptions& options,
                      const std::function<void(const SweepProgress&)>& progress = {});

//! The table in plain words, frontier points marked.
void print_sweep(std::ostream& out, const SweepResult& result);
//! The table as CSV: one row per point.
void write_sweep_csv(std::ostream& out, const SweepResult& result);

}  // namespace wfsim
