#include "wfsim/model/opening_position.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace wfsim {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string percent(double share) {
  return fixed(100 * share, 0) + "%";
}

}  // namespace

OpeningPosition opening_position(const Model& model) {
  const Scenario& sc = model.scenario();
  const Rates rates = model.rates(model.mean_parameters()).front();
  OpeningPosition p;
  std::vector<double> headcount(sc.stages.size(), 0.0);
  double holding = 0;  // FTE that hold cases
  for (std::size_t s = 0; s < sc.stages.size(); ++s) {
    headcount[s] = sc.stages[s].headcount;
    const double fte = headcount[s] * rates.fte_per_head[s];
    p.headcount += headcount[s];
    p.fte += fte;
    p.pay_bill += fte * rates.salary[s] * (1 + rates.on_cost);
    p.salaries_given = p.salaries_given || rates.salary[s] > 0;
    if (!rates.target_caseload.empty() && rates.target_caseload[s] > 0) holding += fte;
  }
  if (sc.demand.enabled) p.open_cases = rates.open_cases;

  OpeningGroupPosition all{"all"};
  for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
    const EstablishmentGroup& spec = sc.establishment[g];
    OpeningGroupPosition group{spec.id};
    group.in_post = model.group_fte(static_cast<int>(g), headcount, rates);
    group.establishment = rates.establishment[g];
    if (sc.demand.enabled && sc.demand.establishment_group == static_cast<int>(g))
      group.establishment = rates.open_cases / rates.target_caseload[sc.demand.reference_stage];
    group.agency = spec.opening_agency_fte + rates.other_agency[g];
    group.vacancy = std::max(0.0, group.establishment - group.in_post);
    all.establishment += group.establishment;
    all.in_post += group.in_post;
    all.agency += group.agency;
    all.vacancy += group.vacancy;
    p.groups.push_back(group);

    if (group.in_post > group.establishment + 0.5)
      p.warnings.push_back(spec.id + ": FTE in post (" + fixed(group.in_post, 1) +
                           ") is above the establishment (" + fixed(group.establishment, 1) +
                           "): no vacancies to recruit to until leavers bring it below");
    // An intake into the group's stages, on its own, at its mean size and fill.
    for (std::size_t k = 0; k < sc.intakes.size(); ++k) {
      const IntakeSpec& intake = sc.intakes[k];
      bool joins = false;
      for (int s : spec.stages) joins = joins || s == intake.stage;
      if (!joins || intake.limit_to_vacancies) continue;
      const double extra =
          rates.intake_size[k] * rates.intake_fill[k] * rates.fte_per_head[intake.stage];
      if (extra > 0 && group.in_post + extra > group.establishment + 0.5)
        p.warnings.push_back("the " + intake.id + " intake alone (" + fixed(extra, 1) +
                             " FTE) would take " + spec.id + " to " +
                             fixed(group.in_post + extra, 1) + " FTE, above its establishment of " +
                             fixed(group.establishment, 1) +
                             ": its cost is then beyond the funded posts");
    }
  }
  if (!sc.establishment.empty()) {
    p.groups.push_back(all);
    p.agency_bill = all.agency * rates.agency_cost;
    holding += all.agency;
    if (all.vacancy_rate() > 0.5)
      p.warnings.push_back("a vacancy rate of " + percent(all.vacancy_rate()) +
                           " is far above any council's (the DfE's highest is about 40%): "
                           "check the establishment and FTE in post");
    // Cover builds up month by month from nothing unless the scenario says what is there.
    const double covered = all.vacancy * rates.cover_share;
    if (all.agency < 0.5 && covered >= 1)
      p.warnings.push_back("no agency FTE at the start, though " + fixed(covered, 1) +
                           " FTE of the vacancies would be covered at the cover share: if "
                           "locums are in post today, give establishment[].opening_agency_fte");
    if (all.agency_rate() > 0.5)
      p.warnings.push_back("an agency rate of " + percent(all.agency_rate()) +
                           " is far above any council's (the DfE's highest is about 40%)");
  }
  if (sc.demand.enabled && holding > 0) {
    p.caseload = p.open_cases / holding;
    if (p.caseload > 35 || p.caseload < 5)
      p.warnings.push_back("a caseload of " + fixed(p.caseload, 1) +
                           " cases per case-holding FTE is outside what councils report "
                           "(about 10 to 25): check open cases and target caseloads");
  }
  // Leaving: a stage losing more than 60% or less than 1% a year is worth a second look.
  for (std::size_t s = 0; s < sc.stages.size(); ++s) {
    if (sc.stages[s].timed() || rates.leaving[s].empty()) continue;
    // Said in the terms the scenario gives it: turnover, or the share leaving in a year.
    const double monthly = rates.leaving[s].front();
    const bool turnover = sc.stages[s].leaving_as_turnover;
    const double yearly = turnover ? 12 * monthly : 1 - std::pow(1 - monthly, 12);
    if (sc.stages[s].headcount > 0 && (yearly > 0.6 || yearly < 0.01))
      p.warnings.push_back(sc.stages[s].id + ": " +
                           (turnover ? "turnover of " + percent(yearly) + " a year"
                                     : percent(yearly) + " of staff leaving a year") +
                           " (in the first length-of-service band) is outside what councils "
                           "report (about 5% to 40%)");
  }
  return p;
}

}  // namespace wfsim
