#pragma once
//! `wfsim backtest`: calibrate councils as at a year, project them, and score the projection
//! against the years the file has after it (years the calibration never saw).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wfsim/calibrate/calibrate.hpp"
#include "wfsim/calibrate/dfe_indicators.hpp"

namespace wfsim::calibrate {

//! The measures a backtest scores, as the DfE file names them.
inline constexpr Measure SCORED_MEASURES[] = {
    Measure::inpost_fte, Measure::starters_fte,    Measure::leavers_fte, Measure::turnover_rate_fte,
    Measure::agency_fte, Measure::agency_rate_fte, Measure::vacancy_fte, Measure::vacancy_rate_fte,
    Measure::cases,      Measure::caseload_fte};

struct BacktestOptions {
  int as_at = 0;
  std::vector<std::string> councils;  //!< names or codes; empty: every council
  std::int64_t replications = 1000;
  std::uint64_t seed = 1;
  int threads = 0;  //!< 0: all hardware threads
  int horizon_months = 48;
  //! Called after each council with (councils done, councils in all).
  std::function<void(std::size_t, std::size_t)> progress;
};

//! One measure of one council in one year after the as-at year, against the file.
struct BacktestScore {
  std::string council, code;
  Measure measure{};
  int year = 0, years_ahead = 0;
  double actual = 0;
  double last = 0;  //!< the as-at year's figure: the forecast of carrying it forward
  double p5 = 0, p10 = 0, p50 = 0, p90 = 0, p95 = 0, mean = 0;
  bool within_80 = false, within_90 = false;  //!< P10-P90 and P5-P95 hold the actual
  double error_median = 0;  //!< |P50 - actual| / actual, percent (NaN if actual is 0)
  double error_last = 0;    //!< |last - actual| / actual, percent
  double crps = 0;          //!< continuous ranked probability score, in the measure's unit
};

struct BacktestResult {
  int as_at = 0;
  std::vector<BacktestScore> scores;
  std::vector<std::string> skipped;  //!< "council: reason", for councils not calibrated
  std::size_t councils = 0;          //!< councils calibrated and scored
};

//! Runs the backtest. Throws UserError if a named council is unknown, if the file has no
//! year after `as_at`, or (for one named council) if it cannot be calibrated.
BacktestResult backtest(const DfeIndicators& data, const BacktestOptions& options);

//! The scores as CSV, one row per council, measure and year.
std::string backtest_csv(const BacktestResult& result);

//! Per measure and in all: how often P10-P90 and P5-P95 held the actual, the median's error
//! and carrying the last year forward's, as a table for the terminal.
std::string backtest_summary(const BacktestResult& result);

//! A self-contained HTML page: the summary table, and a chart of how often each measure's
//! P10-P90 and P5-P95 held the actual, one and two or more years ahead, against the 80% and
//! 90% they should.
std::string backtest_html(const BacktestResult& result, const std::string& data_source);

}  // namespace wfsim::calibrate
