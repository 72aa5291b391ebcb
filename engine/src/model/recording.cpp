// Recording results: a month's totals into the replication's output, then what follows
// from the whole horizon (spend by year, present values, targets).
#include "wfsim/model/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wfsim {

int Model::stability_band(int tenure) {
  int band = 0;
  for (int edge : STABILITY_BANDS) band += tenure >= edge;
  return band;
}

void Model::MonthTotals::reset(std::size_t stages, std::size_t routes) {
  headcount.assign(stages, 0.0);
  leavers.assign(stages, 0.0);
  headcount_by_route.assign(routes, 0.0);
  joiners_by_route.assign(routes, 0.0);
  leavers_by_route.assign(routes, 0.0);
  stability.assign(std::size(STABILITY_BANDS) + 1, 0.0);
  hiring_cost = 0;
  leavers_by_destination.assign(std::size(LEAVER_DESTINATIONS), 0.0);
  agency_fte.clear();
  joined.assign(stages, 0.0);
}

void Model::record_parameters(const ParameterValues& values, std::span<double> out) const {
  const Family& f = layout_.family(f_parameters_);
  for (std::size_t k = 0; k < drawn_.size(); ++k)
    out[f.at(k, 0)] = values[drawn_[k].first][drawn_[k].second];
}

std::vector<double> Model::pay_index(const std::vector<Rates>& rates) const {
  std::vector<double> index(scenario_.horizon_months, 1.0);
  for (int t = 1; t < scenario_.horizon_months; ++t) {
    const bool april = scenario_.start.plus(t).month == 4;
    index[t] = index[t - 1] * (april ? 1 + rates[epoch_of_month_[t]].pay_award : 1.0);
  }
  return index;
}

void Model::record_month(int t, const MonthTotals& m, const Rates& rates, const MonthDemand& demand,
                         double pay_index, std::span<double> out) const {
  const auto& sc = scenario_;
  const auto& L = layout_;
  double pay = 0, training = 0, retention = 0, grants = 0;
  for (std::size_t s = 0; s < sc.stages.size(); ++s) {
    const double fte = m.headcount[s] * rates.fte_per_head[s];
    out[L.family(f_headcount_).at(s, t)] = m.headcount[s];
    out[L.family(f_fte_).at(s, t)] = fte;
    out[L.family(f_leavers_).at(s, t)] = m.leavers[s];
    pay += fte * rates.salary[s] * pay_index / 12.0 * (1.0 + rates.on_cost);
    training += m.headcount[s] * rates.training_cost[s] / 12.0;
    retention += m.headcount[s] * rates.retention_payment[s] / 12.0;
    grants += m.headcount[s] * rates.grant[s] / 12.0;
  }
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    out[L.family(f_joiners_).at(r, t)] = m.joiners_by_route[r];
    out[L.family(f_headcount_route_).at(r, t)] = m.headcount_by_route[r];
    out[L.family(f_leavers_route_).at(r, t)] = m.leavers_by_route[r];
  }
  for (std::size_t b = 0; b < m.stability.size(); ++b)
    out[L.family(f_stability_).at(b, t)] = m.stability[b];
  for (std::size_t d = 0; d < m.leavers_by_destination.size(); ++d)
    out[L.family(f_destination_).at(d, t)] = m.leavers_by_destination[d];

  const std::size_t all = sc.establishment.size();
  double est_all = 0, in_post_all = 0, vacant_all = 0, agency_all = 0;
  auto put_group = [&](std::size_t g, double est, double in_post, double vacant, double agency) {
    out[L.family(f_establishment_).at(g, t)] = est;
    out[L.family(f_in_post_).at(g, t)] = in_post;
    out[L.family(f_vacancy_).at(g, t)] = vacant;
    out[L.family(f_agency_).at(g, t)] = agency;
    out[L.family(f_vacancy_rate_).at(g, t)] = est > 0 ? vacant / est : 0.0;
    const double agency_rate = agency + in_post > 0 ? agency / (agency + in_post) : 0.0;
    out[L.family(f_agency_rate_).at(g, t)] = agency_rate;
    out[L.family(f_permanence_).at(g, t)] = 1 - agency_rate;
  };
  for (std::size_t g = 0; g < all; ++g) {
    const double est = demand.establishment[g];
    const double in_post = group_fte(static_cast<int>(g), m.headcount, rates);
    const double vacant = std::max(0.0, est - in_post);
    const double agency = m.agency_fte[g];
    put_group(g, est, in_post, vacant, agency);
    est_all += est, in_post_all += in_post, vacant_all += vacant, agency_all += agency;
  }
  put_group(all, est_all, in_post_all, vacant_all, agency_all);

  // Absence: capacity after long leave and sickness, and days lost per FTE, by group.
  for (std::size_t g = 0; g <= all; ++g) {
    double fte = 0, effective = 0, lost = 0;
    for (std::size_t s = 0; s < sc.stages.size(); ++s) {
      const bool member =
          group_of_stage_[s] >= 0 && (g == all || group_of_stage_[s] == static_cast<int>(g));
      if (!member) continue;
      const double f = m.headcount[s] * rates.fte_per_head[s];
      fte += f;
      lost += f * rates.sickness_days[s];
      effective +=
          f * (1 - rates.long_leave[s]) * (1 - rates.sickness_days[s] / WORKING_DAYS_PER_YEAR);
    }
    out[L.family(f_effective_).at(g, t)] = effective;
    out[L.family(f_days_lost_).at(g, t)] = fte > 0 ? lost / fte : 0.0;
  }

  if (sc.demand.enabled) {
    // Case-holding capacity: FTE in stages with a target caseload, and agency cover.
    double holding = agency_all;
    for (std::size_t s = 0; s < sc.stages.size(); ++s)
      if (rates.target_caseload[s] > 0) holding += m.headcount[s] * rates.fte_per_head[s];
    out[L.family(f_open_cases_).at(0, t)] = demand.open_cases;
    out[L.family(f_required_).at(0, t)] = demand.required_fte;
    out[L.family(f_gap_).at(0, t)] = demand.required_fte - holding;
    out[L.family(f_caseload_).at(0, t)] =
        holding > 0 ? demand.open_cases / holding : std::numeric_limits<double>::quiet_NaN();
  }
  const double agency_cost = agency_all * rates.agency_cost / 12.0;
  const auto& cost = L.family(f_cost_);
  const double by_category[COST_TOTAL] = {
      pay,         training, retention, m.hiring_cost + rates.recruitment_monthly_cost,
      agency_cost, -grants};
  double total = 0;
  for (int k = 0; k < COST_TOTAL; ++k) {
    out[cost.at(k, t)] = by_category[k];
    total += by_category[k];
  }
  out[cost.at(COST_TOTAL, t)] = total;
  if (sc.dfe_return) record_dfe_month(t, m, rates, demand, agency_all, vacant_all, out);
}

void Model::record_dfe_month(int t, const MonthTotals& m, const Rates& rates,
                             const MonthDemand& demand, double agency, double vacant,
                             std::span<double> out) const {
  const auto& sc = scenario_;
  const auto& L = layout_;
  // The DfE counts qualified social workers in post: the stages of the establishment groups.
  double in_post = 0, starters = 0, leavers = 0, holding = agency;
  for (std::size_t s = 0; s < sc.stages.size(); ++s) {
    const double fte = rates.fte_per_head[s];
    if (sc.demand.enabled && rates.target_caseload[s] > 0) holding += m.headcount[s] * fte;
    if (!in_group_[s]) continue;
    in_post += m.headcount[s] * fte;
    starters += m.joined[s] * fte;
    leavers += m.leavers[s] * fte;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double cases = nan, case_holders = nan;
  if (sc.demand.enabled) {
    // Case holders: the FTE the cases need at the target caseload, as far as there are staff.
    cases = demand.open_cases;
    case_holders = std::min(demand.required_fte, holding);
  }
  const auto& fte = L.family(f_dfe_fte_);
  // Starters and leavers of the month alone; record_dfe() sums the 12 months to each month.
  const double fte_values[] = {in_post, starters, leavers, agency, vacant, case_holders};
  for (std::size_t k = 0; k < std::size(fte_values); ++k) out[fte.at(k, t)] = fte_values[k];
  const auto& rate = L.family(f_dfe_rate_);
  out[rate.at(1, t)] = agency + in_post > 0 ? 100 * agency / (agency + in_post) : nan;
  out[rate.at(2, t)] = vacant + in_post > 0 ? 100 * vacant / (vacant + in_post) : nan;
  out[L.family(f_dfe_cases_).at(0, t)] = cases;
  out[L.family(f_dfe_caseload_).at(0, t)] = case_holders > 0 ? cases / case_holders : nan;
}

void Model::record_dfe(std::span<double> out) const {
  if (!scenario_.dfe_return) return;
  const auto& fte = layout_.family(f_dfe_fte_);
  const auto& rate = layout_.family(f_dfe_rate_);
  constexpr std::size_t IN_POST = 0, STARTERS = 1, LEAVERS = 2;
  // From the last month back, so that the months each sum reads are still the month's own.
  for (int t = scenario_.horizon_months - 1; t >= 0; --t) {
    double starters = std::numeric_limits<double>::quiet_NaN(), leavers = starters;
    if (t >= 11) {
      starters = leavers = 0;
      for (int k = t - 11; k <= t; ++k) {
        starters += out[fte.at(STARTERS, k)];
        leavers += out[fte.at(LEAVERS, k)];
      }
    }
    out[fte.at(STARTERS, t)] = starters;
    out[fte.at(LEAVERS, t)] = leavers;
    const double in_post = out[fte.at(IN_POST, t)];
    out[rate.at(0, t)] =
        in_post > 0 ? 100 * leavers / in_post : std::numeric_limits<double>::quiet_NaN();
  }
}

void Model::record_years(double discount_rate, std::span<double> out) const {
  const auto& cost = layout_.family(f_cost_);
  const auto& spend = layout_.family(f_spend_);
  const auto& cumulative = layout_.family(f_cumulative_);
  const auto& present = layout_.family(f_present_value_);
  for (std::size_t k = 0; k < COST_CATEGORIES; ++k) {
    for (std::size_t y = 0; y < spend.times; ++y) out[spend.at(k, y)] = 0.0;
    double so_far = 0;
    for (int t = 0; t < scenario_.horizon_months; ++t) {
      out[spend.at(k, year_of_month_[t])] += out[cost.at(k, t)];
      out[cumulative.at(k, t)] = so_far += out[cost.at(k, t)];
    }
    // Green Book practice: each financial year's spend discounted by whole years.
    double value = 0, factor = 1;
    for (std::size_t y = 0; y < spend.times; ++y, factor /= 1 + discount_rate)
      value += out[spend.at(k, y)] * factor;
    out[present.at(k, 0)] = value;
  }
  record_turnover(out);
}

void Model::record_turnover(std::span<double> out) const {
  const auto& sc = scenario_;
  const std::size_t all = sc.establishment.size();
  const auto& turnover = layout_.family(f_turnover_);
  const auto& leavers = layout_.family(f_leavers_);
  const auto& headcount = layout_.family(f_headcount_);
  for (std::size_t g = 0; g <= all; ++g) {
    // A group's own stages; for "all", the stages of any group, or every stage without groups.
    auto member = [&](std::size_t s) {
      return g < all ? group_of_stage_[s] == static_cast<int>(g)
                     : group_of_stage_[s] >= 0 || all == 0;
    };
    std::vector<double> left(turnover.times, 0.0), people(turnover.times, 0.0);
    for (int t = 0; t < sc.horizon_months; ++t)
      for (std::size_t s = 0; s < sc.stages.size(); ++s)
        if (member(s)) {
          left[year_of_month_[t]] += out[leavers.at(s, t)];
          people[year_of_month_[t]] += out[headcount.at(s, t)];
        }
    // Leavers a year over the average headcount: months / months cancels in a partial year.
    for (std::size_t y = 0; y < turnover.times; ++y)
      out[turnover.at(g, y)] =
          people[y] > 0 ? left[y] * 12 / people[y] : std::numeric_limits<double>::quiet_NaN();
  }
}

void Model::record_targets(std::span<double> out) const {
  const auto& sc = scenario_;
  const std::size_t all = sc.establishment.size();
  auto met = [](const TargetSpec& target, double value) {
    if (std::isnan(value)) return 0.0;
    return (target.at_least ? value >= target.threshold : value <= target.threshold) ? 1.0 : 0.0;
  };
  for (std::size_t k = 0; k < month_targets_.size(); ++k) {
    const TargetSpec& target = sc.targets[month_targets_[k]];
    const std::size_t g = target.group >= 0 ? static_cast<std::size_t>(target.group) : all;
    for (int t = 0; t < sc.horizon_months; ++t) {
      double value = 0;
      switch (target.measure) {
        case TargetSpec::Measure::permanence:
          value = out[layout_.family(f_permanence_).at(g, t)];
          break;
        case TargetSpec::Measure::agency_rate:
          value = out[layout_.family(f_agency_rate_).at(g, t)];
          break;
        case TargetSpec::Measure::vacancy_rate:
          value = out[layout_.family(f_vacancy_rate_).at(g, t)];
          break;
        default:
          value = out[layout_.family(f_caseload_).at(0, t)];
          break;
      }
      out[layout_.family(f_targets_month_).at(k, t)] = met(target, value);
    }
  }
  const Family& spend = layout_.family(f_spend_);
  for (std::size_t k = 0; k < year_targets_.size(); ++k) {
    const TargetSpec& target = sc.targets[year_targets_[k]];
    for (std::size_t y = 0; y < spend.times; ++y) {
      double value = out[spend.at(COST_AGENCY, y)];
      if (target.measure == TargetSpec::Measure::turnover) {
        const std::size_t g = target.group >= 0 ? static_cast<std::size_t>(target.group) : all;
        value = out[layout_.family(f_turnover_).at(g, y)];
      }
      out[layout_.family(f_targets_year_).at(k, y)] = met(target, value);
    }
  }
}

}  // namespace wfsim
