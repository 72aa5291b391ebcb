// The model's frame (routes, calendar, epochs, the layout of results), the opening
// workforce, one month's step and one replication. Each mechanism the step calls on has a
// file of its own: workforce_flows.cpp, agency_market.cpp, demand.cpp, recording.cpp, and
// rates.cpp for parameters.
#include "wfsim/model/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model_detail.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

using detail::Origin;
using detail::person_key;

namespace {

std::vector<std::string> with_all(const std::vector<EstablishmentGroup>& groups) {
  std::vector<std::string> labels;
  for (const auto& g : groups) labels.push_back(g.id);
  labels.push_back("all");
  return labels;
}

//! `count` values spread evenly over [low, high): the middle of `count` equal slices.
std::vector<int> spread(int count, int low, int high) {
  std::vector<int> v;
  for (int j = 0; j < count; ++j)
    v.push_back(low + static_cast<int>((2LL * j + 1) * (high - low) / (2LL * count)));
  return v;
}

}  // namespace

Model::Model(Scenario scenario) : scenario_(std::move(scenario)), layout_(0, 0) {
  const auto& sc = scenario_;

  // Routes: people in post at the start, each intake route once, then each recruitment route.
  routes_.push_back("existing");
  auto route_index = [this](const std::string& r) {
    auto it = std::find(routes_.begin(), routes_.end(), r);
    if (it != routes_.end()) return static_cast<int>(it - routes_.begin());
    routes_.push_back(r);
    return static_cast<int>(routes_.size() - 1);
  };
  for (const auto& in : sc.intakes) intake_route_.push_back(route_index(in.route));
  for (const auto& g : sc.establishment)
    recruit_route_.push_back(g.recruit_stage >= 0 ? route_index(g.recruit_route) : -1);
  if (!sc.establishment.empty()) conversion_route_ = route_index("agency_conversion");
  group_of_stage_.assign(sc.stages.size(), -1);
  for (std::size_t g = 0; g < sc.establishment.size(); ++g)
    for (int s : sc.establishment[g].stages) group_of_stage_[s] = static_cast<int>(g);

  // Calendar.
  const int first_fy = sc.start.financial_year();
  for (int t = 0; t < sc.horizon_months; ++t) {
    YearMonth m = sc.start.plus(t);
    month_labels_.push_back(m.str());
    int y = m.financial_year() - first_fy;
    year_of_month_.push_back(y);
    if (y >= static_cast<int>(months_in_year_.size())) {
      months_in_year_.push_back(0);
      year_labels_.push_back(financial_year_label(m.financial_year()));
    }
    ++months_in_year_[y];
  }
  layout_ = MetricLayout(sc.horizon_months, static_cast<int>(year_labels_.size()));

  tenure_cap_ = STABILITY_BANDS[std::size(STABILITY_BANDS) - 1];
  if (!sc.tenure_bands.empty()) tenure_cap_ = std::max(tenure_cap_, sc.tenure_bands.back());

  // Epochs: runs of months in which no parameter changes.
  epoch_start_.push_back(0);
  std::vector<std::string> drawn_labels;
  for (std::size_t p = 0; p < sc.parameters.size(); ++p) {
    const Parameter& param = sc.parameters[p];
    for (std::size_t j = 0; j < param.segments.size(); ++j) {
      const auto& seg = param.segments[j];
      if (seg.from > 0 && seg.from < sc.horizon_months) epoch_start_.push_back(seg.from);
      if (seg.value.kind == Distribution::Kind::fixed) continue;
      drawn_.emplace_back(static_cast<int>(p), static_cast<int>(j));
      drawn_labels.push_back(param.path +
                             (seg.from > 0 ? " from " + sc.start.plus(seg.from).str() : ""));
    }
  }
  // Parameters that vary from year to year change at each model year's first month.
  std::vector<int> year_start = {0};
  if (!sc.yearly_variation.empty()) {
    const int first_month = sc.year_starts > 0 ? sc.year_starts : sc.start.month;
    for (int t = 1; t < sc.horizon_months; ++t)
      if (sc.start.plus(t).month == first_month) year_start.push_back(t);
    epoch_start_.insert(epoch_start_.end(), year_start.begin() + 1, year_start.end());
  }
  model_years_ = static_cast<int>(year_start.size());
  variation_of_param_.assign(sc.parameters.size(), -1);
  for (std::size_t k = 0; k < sc.yearly_variation.size(); ++k)
    for (ParamId id : sc.yearly_variation[k].parameters)
      variation_of_param_[id] = static_cast<int>(k);
  std::sort(epoch_start_.begin(), epoch_start_.end());
  epoch_start_.erase(std::unique(epoch_start_.begin(), epoch_start_.end()), epoch_start_.end());
  for (int t = 0; t < sc.horizon_months; ++t)
    epoch_of_month_.push_back(static_cast<int>(
        std::upper_bound(epoch_start_.begin(), epoch_start_.end(), t) - epoch_start_.begin() - 1));
  for (int start : epoch_start_)
    model_year_of_epoch_.push_back(static_cast<int>(
        std::upper_bound(year_start.begin(), year_start.end(), start) - year_start.begin() - 1));

  std::vector<std::string> stage_ids;
  for (const auto& st : sc.stages) stage_ids.push_back(st.id);
  const auto groups = with_all(sc.establishment);
  const std::vector<std::string> costs = {
      "permanent_pay", "training", "retention", "recruitment", "agency", "grant_income", "total"};
  const std::vector<std::string> stability = {"under_3_years", "3_to_9_years", "10_years_and_over"};

  f_headcount_ = layout_.add(
      {"headcount", "people", "People in post at the end of the month", "stage", stage_ids});
  f_fte_ = layout_.add(
      {"fte", "FTE", "Full-time equivalent in post at the end of the month", "stage", stage_ids});
  f_leavers_ = layout_.add({"leavers", "people",
                            "People leaving the employer during the month (including those "
                            "who did not complete a time-based stage)",
                            "stage", stage_ids});
  f_joiners_ = layout_.add({"joiners", "people",
                            "People joining the employer during the month, by entry route", "route",
                            routes_});
  f_headcount_route_ = layout_.add({"headcount_by_route", "people",
                                    "People in post at the end of the month by the route they "
                                    "came in by (existing: in post at the start)",
                                    "route", routes_});
  f_destination_ = layout_.add(
      {"leavers_by_destination", "people",
       "People leaving during the month by where they go; only those with three years' "
       "post-qualifying experience can go to agency work",
       "destination",
       std::vector<std::string>(std::begin(LEAVER_DESTINATIONS), std::end(LEAVER_DESTINATIONS)),
       TimeAxis::month, false});
  f_retention_ = layout_.add(
      {"retention", "ratio",
       "Share of those who started as qualified social workers with the employer in the horizon "
       "(qualified here, or recruited qualified) still employed 12, 24 and 36 months later, by "
       "route; NaN in a replication where nobody of the route started early enough",
       "route", routes_, TimeAxis::after_qualifying, false});
  f_leavers_route_ = layout_.add({"leavers_by_route", "people",
                                  "People leaving the employer during the month, by entry route",
                                  "route", routes_});
  f_stability_ = layout_.add({"stability", "people",
                              "People in post in the establishment groups' stages (all stages "
                              "if there are no groups) by length of service at the end of the "
                              "month",
                              "service_band", stability});
  f_establishment_ = layout_.add({"establishment_fte", "FTE", "Funded posts", "group", groups});
  f_in_post_ = layout_.add({"fte_in_post", "FTE",
                            "Permanent FTE in post in the stages of each establishment group",
                            "group", groups});
  f_vacancy_ =
      layout_.add({"vacancy_fte", "FTE",
                   "Vacant FTE: establishment minus FTE in post, not below zero", "group", groups});
  f_agency_ =
      layout_.add({"agency_fte", "FTE",
                   "Agency FTE: locums covering vacancies, and agency kept for other reasons",
                   "group", groups});
  f_effective_ = layout_.add({"effective_fte", "FTE",
                              "FTE in post less long leave and days lost to sickness (" +
                                  std::to_string(static_cast<int>(WORKING_DAYS_PER_YEAR)) +
                                  " working days a year)",
                              "group", groups});
  f_days_lost_ = layout_.add({"days_lost_per_fte", "days per FTE per year",
                              "Working days lost to sickness per FTE in post, at the year's rate",
                              "group", groups});
  f_vacancy_rate_ =
      layout_.add({"vacancy_rate", "ratio", "Vacant FTE / establishment FTE", "group", groups});
  f_agency_rate_ = layout_.add(
      {"agency_rate", "ratio", "Agency FTE / (agency FTE + FTE in post)", "group", groups});
  f_permanence_ = layout_.add({"permanence", "ratio",
                               "Permanent FTE in post / (FTE in post + agency FTE): the share "
                               "of the workforce that is not agency (1 with no one at all)",
                               "group", groups});
  f_turnover_ = layout_.add({"turnover", "ratio",
                             "Leavers in the financial year / average headcount, in the group's "
                             "stages (all stages without groups), annualised in a partial year",
                             "group", groups, TimeAxis::financial_year});
  f_cost_ = layout_.add(
      {"cost", "GBP", "Spend in the month (grant income is negative)", "cost_category", costs});
  f_spend_ = layout_.add({"spend_by_financial_year", "GBP",
                          "Spend in each financial year (April-March) within the horizon; see "
                          "months_in_year for partial years",
                          "cost_category", costs, TimeAxis::financial_year});
  f_cumulative_ =
      layout_.add({"cumulative_cost", "GBP", "Spend from the first month to the end of the month",
                   "cost_category", costs});
  f_present_value_ = layout_.add({"present_value", "GBP",
                                  "Spend over the horizon discounted to the first financial "
                                  "year at the scenario's discount rate",
                                  "cost_category", costs, TimeAxis::none});
  if (sc.demand.enabled) {
    f_open_cases_ = layout_.add({"open_cases", "cases", "Open cases at the end of the month"});
    f_required_ = layout_.add({"required_fte", "FTE",
                               "Case-holding FTE the open cases need at the reference stage's "
                               "target caseload"});
    f_gap_ = layout_.add({"fte_gap", "FTE",
                          "Required FTE minus case-holding FTE in post and agency FTE (negative: "
                          "more than required)"});
    f_caseload_ = layout_.add(
        {"average_caseload", "cases per FTE", "Open cases per case-holding FTE, agency included"});
  }
  in_group_.assign(sc.stages.size(), sc.establishment.empty());
  for (const auto& g : sc.establishment)
    for (int s : g.stages) in_group_[s] = true;
  if (sc.dfe_return) {
    f_dfe_fte_ = layout_.add(
        {"dfe_fte",
         "FTE",
         "As the DfE counts them, at the end of the month: permanent FTE in post, starters and "
         "leavers over the 12 months to the month (NaN before 12 months), agency FTE, vacant "
         "FTE, and case holders (the FTE the cases need at the target caseload, at most the "
         "case-holding FTE and agency FTE there are)",
         "dfe_fte_measure",
         {"inpost_fte", "starters_fte", "leavers_fte", "agency_fte", "vacancy_fte",
          "case_holders_fte"}});
    f_dfe_rate_ = layout_.add({"dfe_rate",
                               "percent",
                               "As the DfE counts them: turnover = leavers over the 12 months / "
                               "FTE in post; agency rate = agency / (agency + in post); vacancy "
                               "rate = vacancies / (vacancies + in post)",
                               "dfe_rate_measure",
                               {"turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte"}});
    f_dfe_cases_ = layout_.add({"dfe_cases",
                                "cases",
                                "Open cases at the end of the month (NaN without demand)",
                                "dfe_cases_measure",
                                {"cases"}});
    f_dfe_caseload_ =
        layout_.add({"dfe_caseload",
                     "cases per FTE",
                     "Cases / case holders FTE, as the DfE counts caseload (NaN without demand)",
                     "dfe_caseload_measure",
                     {"caseload_fte"}});
  }
  std::vector<std::string> month_names, year_names;
  for (std::size_t k = 0; k < sc.targets.size(); ++k) {
    (sc.targets[k].yearly() ? year_targets_ : month_targets_).push_back(static_cast<int>(k));
    (sc.targets[k].yearly() ? year_names : month_names).push_back(sc.targets[k].name);
  }
  if (!month_names.empty())
    f_targets_month_ = layout_.add({"targets_met", "met",
                                    "1 if the target is met at the end of "
                                    "the month; the mean is the probability of meeting it",
                                    "target", month_names, TimeAxis::month, false});
  if (!year_names.empty())
    f_targets_year_ = layout_.add(
        {"targets_met_by_year", "met",
         "1 if the target is met in the financial year (turnover annualised in a partial "
         "year); the mean is the probability of meeting it",
         "yearly_target", year_names, TimeAxis::financial_year, false});
  f_parameters_ = layout_.add({"parameters", "value",
                               "Value drawn in each replication for each uncertain parameter "
                               "(units as the parameter: see docs/scenario-reference.md)",
                               "parameter", drawn_labels, TimeAxis::none});
}

std::vector<Model::OpeningGroup> Model::opening_groups() const {
  std::vector<OpeningGroup> groups;
  for (std::size_t s = 0; s < scenario_.stages.size(); ++s) {
    const StageSpec& st = scenario_.stages[s];
    const int stage = static_cast<int>(s);
    if (st.timed()) {
      // Spread evenly over months served, 1 .. duration (those at the end complete first),
      // as far apart as their number allows.
      for (int m : spread(st.headcount, 1, st.duration_months + 1))
        groups.push_back({stage, m, m, 1});
      continue;
    }
    auto add_spread = [&](int count, int low, int high) {
      for (int tenure : spread(count, low, high)) groups.push_back({stage, tenure, tenure, 1});
    };
    if (st.headcount_by_tenure.empty()) {
      add_spread(st.headcount, 0, STABILITY_BANDS[1]);
      continue;
    }
    const auto& bands = scenario_.tenure_bands;
    for (std::size_t k = 0; k < st.headcount_by_tenure.size(); ++k) {
      const int low = k == 0 ? 0 : bands[k - 1];
      // The open-ended last band is spread over five years (ten if it starts at zero).
      const int high = k < bands.size() ? bands[k] : low + (low == 0 ? 120 : 60);
      add_spread(st.headcount_by_tenure[k], low, high);
    }
  }
  return groups;
}

State Model::initial_state() const {
  State state;
  std::vector<int> index(scenario_.stages.size(), 0);
  for (const OpeningGroup& g : opening_groups())
    for (int k = 0; k < g.count; ++k)
      state.people.push_back(
          {person_key(Origin::opening, g.stage, index[g.stage]++), g.stage, 0, -g.tenure,
           -g.in_stage, scenario_.stages[g.stage].qualified ? -g.tenure : Person::NOT_QUALIFIED});
  // Locums already covering vacancies at the start.
  for (std::size_t g = 0; g < scenario_.establishment.size(); ++g)
    for (int k = 0; k < scenario_.establishment[g].opening_agency_fte; ++k)
      state.locums.push_back({person_key(Origin::opening_agency, g, static_cast<std::uint64_t>(k)),
                              static_cast<int>(g), AGENCY_MIN_EXPERIENCE_MONTHS, 0});
  return state;
}

void Model::step(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                 const MonthDemand& demand, MonthFlows& f, double workload) const {
  open_month(state, f);
  leave_and_progress(state, t, streams, rates, f, workload);  // completion, leaving, promotion
  // Intake, recruitment and the agency market fill posts against the headcount after the
  // leavers, each keeping it up to date as people join.
  std::vector<double> headcount(scenario_.stages.size(), 0.0);
  for (const Person& p : state.people) ++headcount[p.stage];
  take_intake(state, t, streams, rates, demand, headcount, f);
  recruit(state, t, streams, rates, demand, headcount, f);
  agency_step(state, t, streams, rates, demand, headcount, f);
  close_month(state, t, f);
}

void Model::simulate(std::uint64_t seed, std::uint64_t replication, std::span<double> out,
                     const std::function<bool()>& stop) const {
  if (out.size() != layout_.values_per_replication())
    throw InternalError("simulate: output buffer has the wrong size");
  const ReplicationStreams streams(seed, replication);
  const std::size_t n_stages = scenario_.stages.size();
  // Stages whose people count in the stability profile: the qualified posts if there are any.
  std::vector<bool> counted(n_stages, scenario_.establishment.empty());
  for (const auto& g : scenario_.establishment)
    for (int s : g.stages) counted[s] = true;

  const ParameterValues values = draw_parameters(streams);
  const std::vector<Rates> all_rates = rates(values, draw_year_paths(streams));
  const std::vector<double> pay = pay_index(all_rates);
  const std::vector<MonthDemand> demand = demand_path(all_rates, &streams);
  record_parameters(values, out);
  State state = initial_state();
  MonthFlows flows;
  MonthTotals totals;
  // Retention by route: starts as a qualified social worker here, by route and month, and
  // those still employed 12, 24 and 36 months after their start.
  const int horizon = scenario_.horizon_months;
  std::vector<std::vector<int>> started(routes_.size(), std::vector<int>(horizon, 0));
  std::vector<std::vector<int>> retained(routes_.size(),
                                         std::vector<int>(std::size(RETENTION_MONTHS), 0));
  double workload = 1.0;  // no feedback in the first month
  for (int t = 0; t < scenario_.horizon_months; ++t) {
    if (stop && stop()) throw Interrupted();
    const Rates& r = all_rates[epoch_of_month_[t]];
    step(state, t, streams, r, demand[t], flows, workload);
    totals.reset(n_stages, routes_.size());
    for (const Person& p : state.people) {
      totals.headcount[p.stage] += 1;
      totals.headcount_by_route[p.route] += 1;
      if (counted[p.stage]) totals.stability[stability_band(t + 1 - p.joined)] += 1;
      if (p.route == 0 || p.qualified == Person::NOT_QUALIFIED)
        continue;  // opening staff, trainees
      const int start = std::max(p.qualified, p.joined);
      if (start == t) ++started[p.route][t];
      for (std::size_t k = 0; k < std::size(RETENTION_MONTHS); ++k)
        if (t - start == RETENTION_MONTHS[k]) ++retained[p.route][k];
    }
    std::copy(flows.leavers.begin(), flows.leavers.end(), totals.leavers.begin());
    std::copy(flows.joined.begin(), flows.joined.end(), totals.joined.begin());
    std::copy(flows.joiners_by_route.begin(), flows.joiners_by_route.end(),
              totals.joiners_by_route.begin());
    std::copy(flows.leavers_by_route.begin(), flows.leavers_by_route.end(),
              totals.leavers_by_route.begin());
    totals.hiring_cost = flows.hiring_cost;
    std::copy(flows.leavers_by_destination.begin(), flows.leavers_by_destination.end(),
              totals.leavers_by_destination.begin());
    totals.agency_fte.assign(scenario_.establishment.size(), 0.0);
    for (const Locum& l : state.locums) totals.agency_fte[l.group] += 1.0;
    for (std::size_t g = 0; g < r.other_agency.size(); ++g)
      totals.agency_fte[g] += r.other_agency[g];
    record_month(t, totals, r, demand[t], pay[t], out);
    if (!scenario_.workload_feedback.empty()) {
      // This month's caseload against target sets next month's leaving.
      const double caseload = out[layout_.family(f_caseload_).at(0, t)];
      const double target = r.target_caseload[scenario_.demand.reference_stage];
      // No case-holding FTE left: the caseload is unbounded, the multiplier at its last point.
      workload = workload_multiplier(std::isnan(caseload) ? INFINITY : caseload / target);
    }
  }
  record_years(all_rates.front().discount_rate, out);
  record_dfe(out);
  record_targets(out);
  const Family& retention = layout_.family(f_retention_);
  for (std::size_t r = 0; r < routes_.size(); ++r)
    for (std::size_t k = 0; k < std::size(RETENTION_MONTHS); ++k) {
      int cohort = 0;
      for (int s = 0; s + RETENTION_MONTHS[k] < horizon; ++s) cohort += started[r][s];
      out[retention.at(r, k)] = cohort > 0 ? static_cast<double>(retained[r][k]) / cohort
                                           : std::numeric_limits<double>::quiet_NaN();
    }
}

}  // namespace wfsim
