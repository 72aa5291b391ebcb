#pragma once
//! The least value of one lever that meets a target with a given chance, searched with the
//! same random numbers at every trial value, so the curve of chance against lever value is
//! smooth and the comparison between trials fair.
#include <functional>
#include <string>
#include <vector>

#include "wfsim/model/scenario.hpp"

namespace wfsim {

struct GoalSeekRequest {
  std::string lever;   //!< parameter path, e.g. intakes.graduate_asye.size
  int lever_from = 0;  //!< month index the lever's value applies from
  double low = 0, high = 0;
  bool whole = true;  //!< search whole numbers (counts) or to `tolerance`
  double tolerance = 0.01;
  std::string target;   //!< a target of the scenario
  std::string when;     //!< YYYY-MM, or a financial year such as 2026/27 for yearly targets
  double chance = 0.8;  //!< required probability of meeting the target
  std::int64_t replications = 10000;
  int threads = 0;
};

struct GoalSeekResult {
  bool found = false;
  double value = 0;  //!< least lever value meeting the chance (if found)
  double chance_at_value = 0;
  //! Every value tried and the chance there, by lever value.
  std::vector<std::pair<double, double>> curve;
};

//! Searches `scenario` (the base or a strategy). Assumes the chance rises with the lever;
//! reports not found if even `high` falls short. Throws UserError for an unknown lever,
//! target or date. `progress` is called after each trial with (trials done, value, chance).
GoalSeekResult goal_seek(const Scenario& scenario, const GoalSeekRequest& request,
                         const std::function<void(int, double, double)>& progress = {});

}  // namespace wfsim
