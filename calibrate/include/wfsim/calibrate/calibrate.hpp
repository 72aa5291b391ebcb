#pragma once
//! `wfsim calibrate`: a council's baseline scenario built from the DfE's workforce indicator
//! file. Every number is derived by a stated rule from the council's own figures up to the
//! as-at year; how each moves from year to year is estimated from every council's figures
//! up to then (one council's three or four years cannot tell a trend from chance).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wfsim/calibrate/dfe_indicators.hpp"

namespace wfsim::calibrate {

//! The quantities a calibrated scenario takes from the file, each derived from a council's
//! figures for one year (docs/calibration.md gives the rules).
enum class Quantity {
  turnover,       //!< turnover_rate_fte / 100 (leavers / FTE in post)
  establishment,  //!< inpost_fte + vacancy_fte
  //! Monthly chance a vacancy is filled that holds vacancies at their level:
  //! (inpost_fte x usual turnover + growth x establishment) / 12 / vacancy_fte, the usual
  //! turnover being the council's mean over its years (on the log scale).
  fill,
  cover,         //!< share of vacancies covered by agency: agency_cover_fte / vacancy_fte
  other_agency,  //!< agency FTE beyond vacancy cover: agency_fte - agency_cover_fte
  cases,         //!< cases held
  caseload,      //!< caseload_fte
};
inline constexpr std::size_t QUANTITY_COUNT = 7;

//! The quantity's name in messages and in the fit report.
std::string_view quantity_name(Quantity q);

//! How a quantity moves from year to year on its scale (log, logit, or log of 1 + x),
//! estimated from the changes of every council's figures over one and over two years.
struct Variation {
  double persistence = 0;            //!< share of a deviation left after a year (0 to 1)
  double sd = 0;                     //!< sd of a year's new change on the scale, at most 5
  double trend = 0;                  //!< median one-year change, on the scale
  int one_year = 0;                  //!< changes over one year it was estimated from
  int two_years = 0;                 //!< changes over two years
  bool persistence_assumed = false;  //!< too few two-year changes: DEFAULT_PERSISTENCE
};

//! Persistence used when the file has too few two-year changes to estimate it (a file
//! whose history up to the as-at year is two years long): halfway between a path that
//! forgets at once and a random walk.
inline constexpr double DEFAULT_PERSISTENCE = 0.5;

//! Year-to-year variation of every quantity, pooled over the councils of a file.
struct PooledVariation {
  int as_at = 0;
  int councils = 0;  //!< councils with at least one change up to `as_at`
  std::array<Variation, QUANTITY_COUNT> of{};
  //! Median over councils and years of 1 / leavers: the part of turnover's variance (log
  //! scale) that is the chance of who leaves, which the model adds itself.
  double inverse_leavers = 0;
  //! Yearly growth of the median council's establishment (in post + vacancies), within
  //! -0.5 and 0.5 as a scenario takes it.
  double establishment_growth = 0;
  const Variation& operator[](Quantity q) const { return of[static_cast<std::size_t>(q)]; }
};

//! Estimates the variation from every council's figures up to `as_at` (later rows unread).
PooledVariation pool_variation(const DfeIndicators& data, int as_at);

struct CalibrateOptions {
  int as_at = 0;  //!< the last reporting year used; the scenario starts in October of it
  int horizon_months = 48;
  std::int64_t replications = 1000;
  std::uint64_t seed = 1;
};

//! A council's calibrated scenario and a short account of the fit.
struct Calibration {
  std::string scenario;            //!< YAML text, each number with its source and rule beside it
  std::string report;              //!< lines for the terminal: the opening figures and their paths
  std::vector<std::string> notes;  //!< what was missing, short or assumed, in plain words
};

//! Builds the scenario of `council` as at `options.as_at`. Throws UserError, naming the
//! council, year and figure, when the file lacks a figure the opening position needs (FTE
//! in post, vacancies; a missing headcount falls back to the FTE, noted) or the council has
//! no row for the as-at year.
Calibration calibrate_council(const DfeIndicators& data, const Area& council,
                              const PooledVariation& pooled, const CalibrateOptions& options);

}  // namespace wfsim::calibrate
