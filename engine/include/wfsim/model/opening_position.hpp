#pragma once
//! The position a scenario opens with, in the figures a council knows (FTE in post,
//! vacancies, agency, permanence, caseload, pay bill), at the parameters' means, with
//! warnings where the scenario contradicts itself or a rate is implausible. `wfsim check`
//! prints it so that a strategy lead sees at once whether the scenario starts from today.
#include <string>
#include <vector>

#include "wfsim/model/model.hpp"

namespace wfsim {

//! One establishment group's opening figures (or all groups', `id` "all").
struct OpeningGroupPosition {
  std::string id;
  double establishment = 0, in_post = 0, agency = 0;  //!< FTE
  //! Vacant FTE: a group's establishment less its FTE in post, not below 0; for all groups
  //! the sum of the groups' (one group above its posts fills none of another's), as runs count.
  double vacancy = 0;
  double vacancy_rate() const { return establishment > 0 ? vacancy / establishment : 0.0; }
  double agency_rate() const { return agency + in_post > 0 ? agency / (agency + in_post) : 0.0; }
  double permanence() const { return 1 - agency_rate(); }
};

struct OpeningPosition {
  std::vector<OpeningGroupPosition> groups;  //!< each group, then "all"; empty without groups
  double headcount = 0, fte = 0;             //!< people and FTE in every stage
  double open_cases = -1;                    //!< -1 without demand
  double caseload = -1;    //!< open cases per case-holding FTE, agency included; -1 without demand
  double pay_bill = 0;     //!< GBP a year: FTE x salary x (1 + on-costs), every stage
  bool salaries_given = false;  //!< whether any stage has a salary
  double agency_bill = 0;  //!< GBP a year: opening agency FTE x its cost
  std::vector<std::string> warnings;  //!< plain sentences, each a thing to check
};

//! The opening position of `model`'s scenario at its parameters' means (the first month's).
OpeningPosition opening_position(const Model& model);

}  // namespace wfsim
