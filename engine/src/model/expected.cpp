#include "wfsim/model/expected.hpp"

#include <algorithm>

#include <Eigen/Sparse>

namespace wfsim {

namespace {

//! Numbers the person types: stage, route, months of service (capped), months in stage.
class TypeIndex {
 public:
  explicit TypeIndex(const Model& model)
      : routes_(static_cast<int>(model.routes().size())), tenures_(model.tenure_cap() + 1) {
    for (const auto& st : model.scenario().stages) {
      offset_.push_back(size_);
      in_stage_.push_back(st.timed() ? st.duration_months : 1);
      size_ += routes_ * tenures_ * in_stage_.back();
    }
  }
  int size() const { return size_; }
  int routes() const { return routes_; }
  int tenures() const { return tenures_; }
  int in_stage_count(int s) const { return in_stage_[s]; }
  //! `in_stage` counts from 1 in time-based stages and is ignored elsewhere.
  int at(int s, int route, int tenure, int in_stage) const {
    const int m = in_stage_[s] > 1 ? in_stage - 1 : 0;
    return offset_[s] + (route * tenures_ + std::min(tenure, tenures_ - 1)) * in_stage_[s] + m;
  }
  int first(int s) const { return offset_[s]; }
  int count(int s) const { return routes_ * tenures_ * in_stage_[s]; }

 private:
  int routes_, tenures_, size_ = 0;
  std::vector<int> offset_, in_stage_;
};

}  // namespace

namespace {

//! One month of the projection under fixed rates: where each type's people are next
//! month, and who leaves (by stage and by route).
struct Transition {
  Eigen::SparseMatrix<double> move, left_stage, left_route;
};

Transition transition(const Model& model, const TypeIndex& types, const Rates& rates) {
  const Scenario& sc = model.scenario();
  const int n = types.size();
  const int n_stages = static_cast<int>(sc.stages.size());
  const int n_routes = types.routes();
  const int cap = types.tenures() - 1;
  std::vector<Eigen::Triplet<double>> moves, stage_leave, route_leave;
  auto leave = [&](int s, int r, int from, double share) {
    stage_leave.emplace_back(s, from, share);
    route_leave.emplace_back(r, from, share);
  };
  for (int s = 0; s < n_stages; ++s) {
    const StageSpec& st = sc.stages[s];
    const bool timed = st.timed();
    for (int r = 0; r < n_routes; ++r)
      for (int tenure = 0; tenure <= cap; ++tenure)
        for (int m = 1; m <= types.in_stage_count(s); ++m) {
          const int from = types.at(s, r, tenure, m);
          const int later = std::min(tenure + 1, cap);
          const MonthChances c = model.chances(rates, s, tenure, timed ? m : 0);
          if (c.due) {
            moves.emplace_back(types.at(st.next_stage, r, later, 1), from, c.completion);
            leave(s, r, from, 1 - c.completion);
            continue;
          }
          leave(s, r, from, c.leaving);
          double stay = 1 - c.leaving;
          for (std::size_t k = 0; k < c.promotion.size(); ++k) {
            const double moved = stay * c.promotion[k];
            moves.emplace_back(types.at(st.promotions[k].to_stage, r, later, 1), from, moved);
            stay -= moved;
          }
          moves.emplace_back(types.at(s, r, later, timed ? m + 1 : 1), from, stay);
        }
  }
  Transition tr{Eigen::SparseMatrix<double>(n, n), Eigen::SparseMatrix<double>(n_stages, n),
                Eigen::SparseMatrix<double>(n_routes, n)};
  tr.move.setFromTriplets(moves.begin(), moves.end());
  tr.left_stage.setFromTriplets(stage_leave.begin(), stage_leave.end());
  tr.left_route.setFromTriplets(route_leave.begin(), route_leave.end());
  return tr;
}

}  // namespace

ExpectedProjection expected_projection(const Model& model) {
  const Scenario& sc = model.scenario();
  const TypeIndex types(model);
  const int n = types.size();
  const int n_stages = static_cast<int>(sc.stages.size());
  const int n_routes = types.routes();
  const int cap = types.tenures() - 1;
  const ParameterValues means = model.mean_parameters();
  const std::vector<Rates> all_rates = model.rates(means);
  const std::vector<double> pay = model.pay_index(all_rates);
  const std::vector<MonthDemand> demand = model.demand_path(all_rates, nullptr);

  Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
  for (const auto& g : model.opening_groups())
    x(types.at(g.stage, 0, g.tenure, g.in_stage)) += g.count;

  std::vector<bool> counted(n_stages, sc.establishment.empty());
  for (const auto& grp : sc.establishment)
    for (int s : grp.stages) counted[s] = true;

  ExpectedProjection result;
  result.values.assign(model.layout().values_per_replication(), 0.0);
  // Uncertain parameters make the projection a projection at mean parameters, not the mean.
  for (const auto& p : sc.parameters) result.exact = result.exact && !p.uncertain();
  // Workload feedback ties leaving to caseloads: the projection ignores it.
  result.exact = result.exact && sc.workload_feedback.empty();
  // Year-to-year variation moves parameters on a curved scale: their mean path is not the
  // path at the mean.
  result.exact = result.exact && sc.yearly_variation.empty();
  model.record_parameters(means, result.values);
  Model::MonthTotals totals;
  std::vector<double> locums;  // agency FTE covering vacancies, as in the MC start
  for (const auto& grp : sc.establishment) locums.push_back(grp.opening_agency_fte);
  int built = -1;
  Transition tr;
  for (int t = 0; t < sc.horizon_months; ++t) {
    const Rates& rates = all_rates[model.epoch(t)];
    if (model.epoch(t) != built) {
      tr = transition(model, types, rates);
      built = model.epoch(t);
    }
    totals.reset(n_stages, n_routes);
    const Eigen::VectorXd left_s = tr.left_stage * x, left_r = tr.left_route * x;
    x = tr.move * x;
    auto arrive = [&](int stage, int route, double people) {
      x(types.at(stage, route, 1, 1)) += people;
      totals.joiners_by_route[route] += people;
      totals.joined[stage] += people;
    };
    // Headcount after the leavers, kept up to date as the intake, recruits and conversions
    // arrive, as the simulation's step keeps it.
    for (int s = 0; s < n_stages; ++s)
      totals.headcount[s] = x.segment(types.first(s), types.count(s)).sum();
    const int calendar_month = sc.start.plus(t).month;
    for (std::size_t i = 0; i < sc.intakes.size(); ++i) {
      const auto& in = sc.intakes[i];
      if (in.month_of_year == calendar_month) {
        double places = rates.intake_size[i];
        if (in.limit_to_vacancies) {
          // The cap depends on the month's headcount: no longer linear in the stocks.
          result.exact = false;
          places = model.intake_places(i, places, rates, demand[t], totals.headcount);
        }
        const double people = places * rates.intake_fill[i];
        arrive(in.stage, model.intake_route(static_cast<int>(i)), people);
        totals.headcount[in.stage] += people;
        totals.hiring_cost += people * rates.intake_hire_cost[i];
      }
    }
    for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
      const auto& grp = sc.establishment[g];
      if (grp.recruit_stage < 0 || rates.recruit_fill[g] <= 0) continue;
      result.exact = false;
      const double vacant =
          std::max(0.0, demand[t].establishment[g] + rates.above_establishment[g] -
                            model.group_fte(static_cast<int>(g), totals.headcount, rates));
      const double hired = rates.recruit_fill[g] * vacant / rates.fte_per_head[grp.recruit_stage];
      arrive(grp.recruit_stage, model.recruit_route(static_cast<int>(g)), hired);
      totals.headcount[grp.recruit_stage] += hired;
      totals.hiring_cost += hired * rates.recruit_hire_cost[g];
    }
    // The locum market in its fluid limit: assignments end, some locums take permanent
    // posts (arriving like recruits), and cover moves toward the wanted level as far as
    // availability allows. Rounding to whole locums is left out.
    double taken = 0;
    for (double other : rates.other_agency) taken += other;
    for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
      const auto& grp = sc.establishment[g];
      const double stay = locums[g] * (1 - rates.agency_churn);
      const double converted = stay * rates.agency_conversion;
      locums[g] = stay - converted;
      if (converted > 0) {
        result.exact = false;  // conversions tie headcount to the agency market
        const int stage = grp.recruit_stage >= 0 ? grp.recruit_stage : grp.stages.front();
        arrive(stage, model.conversion_route(), converted);
        totals.headcount[stage] += converted;
      }
      const double vacant =
          std::max(0.0, demand[t].establishment[g] -
                            model.group_fte(static_cast<int>(g), totals.headcount, rates));
      const double away = sc.agency.cover_long_leave
                              ? model.group_long_leave(static_cast<int>(g), totals.headcount, rates)
                              : 0.0;
      const double wanted = Model::wanted_agency(vacant + away, taken, rates);
      locums[g] = locums[g] > wanted ? wanted
                                     : locums[g] + rates.agency_availability * (wanted - locums[g]);
      totals.agency_fte.push_back(locums[g] + rates.other_agency[g]);
      taken += locums[g];
    }
    for (int s = 0; s < n_stages; ++s) {
      totals.leavers[s] = left_s(s);
      for (int r = 0; r < n_routes; ++r)
        for (int tenure = 0; tenure <= cap; ++tenure) {
          const double people = x.segment(types.at(s, r, tenure, 1), types.in_stage_count(s)).sum();
          totals.headcount_by_route[r] += people;
          if (counted[s]) totals.stability[Model::stability_band(tenure)] += people;
        }
    }
    for (int r = 0; r < n_routes; ++r) totals.leavers_by_route[r] = left_r(r);
    model.record_month(t, totals, rates, demand[t], pay[t], result.values);
  }
  model.record_years(all_rates.front().discount_rate, result.values);
  model.record_dfe(result.values);
  return result;
}

}  // namespace wfsim
