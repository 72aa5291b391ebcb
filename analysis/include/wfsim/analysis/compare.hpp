#pragma once
//! Strategies compared with the base on the same simulated futures: paired differences,
//! replication by replication, read from a results file's trajectories.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! The distribution of one paired difference (strategy minus base) over replications.
struct Difference {
  std::string measure;  //!< what is compared, in words
  std::string when;     //!< a month or a financial year
  double median = 0, p10 = 0, p90 = 0;
  double chance_better = 0;  //!< share of replications in which the strategy does better
};

//! When a strategy's cumulative spend falls to the base's and stays there.
struct BreakEven {
  double share = 0;  //!< share of replications that break even within the horizon
  //! Median, P10 and P90 of the break-even month over those that do (YYYY-MM).
  std::string median, p10, p90;
};

struct StrategyComparison {
  std::string strategy;
  std::vector<Difference> differences;
  BreakEven break_even;
  //! How much more precise the paired comparison is: the variance of the difference in
  //! total spend over the horizon between unrelated replications, over that between
  //! replications on the same futures.
  double precision_gain = 0;
};

//! Compares every strategy with `base` at month `at` (YYYY-MM; the last month if empty)
//! and in every financial year. Needs the trajectories (a run without --summary-only).
std::vector<StrategyComparison> compare_strategies(const ResultsReader& results,
                                                   const std::string& at,
                                                   const std::string& base = "base");

//! Prints comparisons in plain words.
void print_comparisons(std::ostream& out, const std::vector<StrategyComparison>& comparisons);

}  // namespace wfsim
