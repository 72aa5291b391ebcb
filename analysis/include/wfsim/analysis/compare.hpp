#pragma once
//! Strategies compared with the base on the same simulated futures: paired differences,
//! replication by replication, read from a results file's trajectories in blocks of
//! replications, so memory does not grow with the number of replications.
#include <ostream>
#include <string>
#include <vector>

#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! The distribution of one paired difference (strategy minus base) over replications.
struct Difference {
  std::string measure;     //!< what is compared, in words
  std::string units;       //!< units of the difference: `FTE`, `ratio`, `GBP`
  std::string when;        //!< a month (YYYY-MM) or a financial year (2024/25)
  bool part_year = false;  //!< a financial year the horizon cuts short
  double median = 0, p10 = 0, p90 = 0;
  double chance_better = 0;  //!< share of replications in which the strategy does better
  double chance_same = 0;    //!< share in which it makes no difference
  //! Share in which the result has no value in one of the two (turnover with nobody in
  //! post); the median and percentiles are over the others, NaN if there are none.
  double chance_undefined = 0;
  double chance_worse() const {
    const double rest = 1 - chance_better - chance_same - chance_undefined;
    return rest > 0 ? rest : 0.0;  // not -0% from rounding
  }
};

//! When a strategy's cumulative spend falls to the base's and stays there, counted from the
//! first month in which the strategy changes spend at all. The four shares add up to 1.
struct BreakEven {
  std::string first_difference;  //!< first month spend differs in any future; "" if never
  double share_same = 0;         //!< futures in which spend never differs
  double share_from_start = 0;   //!< never above the base's, and below it at some point
  double share_later = 0;        //!< above the base's at first, at or below it by the end
  double share_never = 0;        //!< still above the base's in the horizon's last month
  //! Median, P10 and P90 of the break-even month over the `later` futures (YYYY-MM): the
  //! first month from which cumulative spend stays at or below the base's.
  std::string median, p10, p90;
};

//! Payback in finance terms: from which month the strategy's cumulative spend is below the
//! base's in most futures, and the present value of the difference in spend.
struct Payback {
  //! The first month from which, in every later month of the horizon, cumulative spend is
  //! below the base's in more than half of the futures (YYYY-MM); "" if there is none.
  std::string month;
  //! The chance that the strategy has paid for itself by the end of the horizon: cheaper
  //! from the start, or breaking even later (BreakEven's from_start + later).
  double chance = 0;
  //! Present value of spend, strategy minus base, at the scenario's discount rate (GBP).
  Difference present_value;
};

struct StrategyComparison {
  std::string strategy;
  std::vector<Difference> differences;
  //! Spend in each financial year, strategy minus base, for every cost category (`measure`
  //! is the category's label: permanent_pay, ..., total).
  std::vector<Difference> spend_differences;
  //! All spend so far, strategy minus base, at the end of every month of the horizon.
  std::vector<Difference> spend_so_far;
  BreakEven break_even;
  Payback payback;
  //! How much more precise the paired comparison is: the variance of the difference in
  //! total spend over the horizon between unrelated replications, over that between
  //! replications on the same futures (0 when the paired variance is 0).
  double precision_gain = 0;
};

//! Compares every strategy with `base` at month `at` (YYYY-MM; the last month if empty)
//! and in every financial year. Needs the trajectories (a run without --summary-only).
std::vector<StrategyComparison> compare_strategies(const ResultsReader& results,
                                                   const std::string& at,
                                                   const std::string& base = "base");

//! Prints comparisons in plain words, each line in one stated unit.
void print_comparisons(std::ostream& out, const std::vector<StrategyComparison>& comparisons);

}  // namespace wfsim
