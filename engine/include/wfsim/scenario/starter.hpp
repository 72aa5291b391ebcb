#pragma once
//! A commented starter scenario (`wfsim new`) from the few figures every council knows, so
//! that a strategy lead starts from today's position rather than from an example council's.
#include <string>

#include "wfsim/year_month.hpp"

namespace wfsim {

//! The figures a starter scenario is written from; each has a typical default.
struct StarterOptions {
  std::string council = "Our council";
  YearMonth start{2025, 4};
  double fte_in_post = 100;    //!< qualified social workers in post, FTE
  double vacancies = 20;       //!< vacant FTE: the establishment is in post + vacancies
  double agency_fte = 15;      //!< agency FTE today, covering vacancies
  double turnover = 0.16;      //!< leavers in a year / average FTE, as the DfE counts it
  double nqsw_share = 0.1;     //!< share of those in post in their ASYE year
  double salary = 42000;       //!< GBP a year, a qualified social worker's
  double agency_cost = 80000;  //!< GBP a year per agency FTE, all in
};

//! The starter scenario's YAML text, every number with a comment saying whether it is
//! what was given or a typical value to replace; it loads as it is. Throws UserError for a
//! figure out of range (negative, a turnover above 100%).
std::string starter_scenario(const StarterOptions& options);

}  // namespace wfsim
