#pragma once
//! The scenario's assumptions as a board reads them: "Newly qualified social worker (ASYE):
//! turnover, 15% a year", not `stages.asye.turnover_rate: 0.15`.
#include <string>

#include "wfsim/model/scenario.hpp"

namespace wfsim::report {

//! One parameter in words.
struct Assumption {
  std::string area;  //!< the heading it sits under: "Staff", "Agency workers", ...
  std::string what;  //!< what it is, as text: "Social worker: turnover (leavers / average staff)"
  //! Its value with its unit, and any later values with their months: HTML, escaped.
  std::string value;
  //! False for a cost, allowance or limit the scenario leaves at nothing (a training cost
  //! of £0, no most agency FTE): listed only where a strategy changes it.
  bool worth_listing = true;
};

//! Parameter `p` of scenario `sc` in words.
Assumption in_words(const Parameter& p, const Scenario& sc);

//! The month of the year by name: 9 is "September".
std::string month_name(int month);

}  // namespace wfsim::report
