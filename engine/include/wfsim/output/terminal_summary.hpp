#pragma once
//! The plain-words summary printed at the end of a run.
#include <ostream>
#include <span>

#include "wfsim/model/model.hpp"
#include "wfsim/model/opening_position.hpp"
#include "wfsim/stats/summary.hpp"

namespace wfsim {

//! Prints, for the end of each financial year in the horizon, the median and P10-P90 of
//! the key measures, then spend over the horizon.
void print_summary(std::ostream& out, const Model& model, const Summary& summary);

//! Prints the expected-value projection at the end of each financial year.
void print_expected(std::ostream& out, const Model& model, std::span<const double> expected);

//! Prints the opening position (`wfsim check`): by group, the establishment, FTE in post,
//! vacancies, agency and permanence; caseload, the pay bill, and each warning.
void print_opening(std::ostream& out, const Model& model, const OpeningPosition& opening);

}  // namespace wfsim
