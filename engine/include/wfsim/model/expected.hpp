#pragma once
//! The model without chance: the mean path as a linear recursion on expected numbers of
//! people of each type (stage, entry route, months of service, months in the stage),
//! x(t+1) = A x(t) + b(t). A holds survival, completion, promotion and the passing of
//! months, built from the same Model::chances() the Monte Carlo step draws from; b(t) is
//! the expected intake.
#include <vector>

#include "wfsim/model/model.hpp"

namespace wfsim {

struct ExpectedProjection {
  //! Expected results in the layout of one replication (Model::layout()).
  std::vector<double> values;
  //! True when nothing ties the stocks to chance beyond the linear rules (no recruitment
  //! into vacancies, no agency conversions, no uncertain parameters, no workload
  //! feedback), so that headcount, FTE, leavers, joiners, stability and pay are exactly
  //! the Monte Carlo expectation. Vacancies and agency cover are approximate even then.
  bool exact = true;
};

//! Computes the expected-value projection of `model`. Recruitment into vacancies, which
//! feeds back on the stocks, enters as its fluid limit: hires = fill probability x vacant
//! FTE / FTE per head.
ExpectedProjection expected_projection(const Model& model);

}  // namespace wfsim
