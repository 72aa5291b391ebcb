#pragma once
//! The model without chance: the mean path as a linear recursion on expected stocks,
//! x(t+1) = A x(t) + b(t), with A holding survival, completion, promotion and the passing of
//! months in a stage, and b(t) the expected intake.
#include <vector>

#include "wfsim/model/model.hpp"

namespace wfsim {

struct ExpectedProjection {
  //! Expected results in the layout of one replication (Model::layout()).
  std::vector<double> values;
  //! True when the scenario has no feedback (no recruitment into vacancies), so that
  //! headcount, FTE, leavers, joiners and pay are exactly the Monte Carlo expectation.
  //! Vacancies and agency are max(0, establishment - mean FTE), an approximation whenever
  //! FTE in post can exceed the establishment.
  bool exact = true;
};

//! Computes the expected-value projection of `model`. Recruitment into vacancies, which
//! feeds back on the stocks, enters as its fluid limit: hires = fill probability x vacant
//! FTE / FTE per head.
ExpectedProjection expected_projection(const Model& model);

}  // namespace wfsim
