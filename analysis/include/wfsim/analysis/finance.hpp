#pragma once
//! The tables a finance team budgets from, read from a results file: spend by financial
//! year, strategy and cost category; each strategy's difference from the base on the same
//! futures; agency FTE and spend risk; the chance of meeting each target; and payback. One
//! place computes them, so the workbook, the wide CSV and the report show the same numbers.
#include <ostream>
#include <string>
#include <vector>

#include "wfsim/analysis/compare.hpp"
#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! P10, median and P90 of a result over the replications, as the results file stores them.
struct QuantileRange {
  double p10 = 0, median = 0, p90 = 0;
};

//! The chance of meeting a target at one time (the mean of its stored 0/1 results).
struct TargetChance {
  std::string strategy, target;
  std::string when;  //!< the financial year's last month (YYYY-MM), or the financial year
  double chance = 0;
};

struct FinanceTables {
  std::string scenario_name;
  std::string price_base;  //!< `cash` or `real`, as the scenario declares its money
  std::string start_month, end_month;
  std::vector<std::string> strategies;  //!< the base first, then the others in name order
  std::vector<std::string> categories;  //!< cost categories, `total` last
  std::vector<std::string> years;       //!< financial years, 2024/25
  std::vector<double> months_in_year;   //!< months of each financial year within the horizon
  std::vector<std::string> year_ends;   //!< each financial year's last month in the horizon
  //! Spend, GBP: [strategy][category][year].
  std::vector<std::vector<std::vector<QuantileRange>>> spend;
  //! Agency FTE at each financial year's last month and agency spend in the year (GBP), for
  //! all groups: [strategy][year].
  std::vector<std::vector<QuantileRange>> agency_fte, agency_spend;
  std::vector<TargetChance> targets;
  //! Each strategy against the base (empty without trajectories: a --summary-only run).
  std::vector<StrategyComparison> comparisons;

  bool part_year(std::size_t year) const { return months_in_year[year] < 12; }
};

//! Reads the finance tables from `results`, checking the shapes it reads.
FinanceTables finance_tables(const ResultsReader& results);

//! The spend table as a wide CSV, for those without Excel: one row per strategy and cost
//! category, then for each financial year its P10, median and P90 in pounds million; then
//! the same for each strategy's difference from the base on the same futures.
void write_spend_csv(const FinanceTables& tables, std::ostream& out);

}  // namespace wfsim
