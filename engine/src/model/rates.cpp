// Parameters and rates: each replication's draw of the uncertain parameters, and the rates
// of each epoch they give.
#include "wfsim/model/model.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "model_detail.hpp"

namespace wfsim {

using detail::uniform;

namespace {

//! A key for a parameter's random draws: its path, hashed (FNV-1a, then mixed).
std::uint64_t path_key(const std::string& path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : path) h = (h ^ ch) * 0x100000001b3ULL;
  return mix64(h);
}

}  // namespace

double Model::monthly_probability(double annual) {
  if (annual >= 1.0) return 1.0;
  return 1.0 - std::pow(1.0 - annual, 1.0 / 12.0);
}

ParameterValues Model::draw_parameters(const ReplicationStreams& streams) const {
  ParameterValues values;
  for (const Parameter& p : scenario_.parameters) {
    std::vector<double> v;
    for (const auto& seg : p.segments) {
      if (seg.value.kind == Distribution::Kind::fixed) {
        v.push_back(p.finish(seg.value.a));
        continue;
      }
      // Keyed by path and first month: a strategy that adds or changes other parameters
      // leaves this draw as it was.
      const double u = uniform(streams.stream(Purpose::parameters, path_key(p.draw_key),
                                              static_cast<std::uint64_t>(seg.from)));
      v.push_back(p.finish(seg.value.quantile(u, p.low, p.high)));
    }
    values.push_back(std::move(v));
  }
  return values;
}

ParameterValues Model::mean_parameters() const {
  ParameterValues values;
  for (const Parameter& p : scenario_.parameters) {
    std::vector<double> v;
    for (std::size_t k = 0; k < p.segments.size(); ++k) v.push_back(p.mean(k));
    values.push_back(std::move(v));
  }
  return values;
}

YearPaths Model::draw_year_paths(const ReplicationStreams& streams) const {
  YearPaths paths;
  for (const YearlyVariation& v : scenario_.yearly_variation) {
    // Keyed by the parameter's path and the year, never by strategy: a strategy moves a
    // parameter along the same luck.
    std::vector<double> path(model_years_);
    double noise = 0;
    for (int y = 0; y < model_years_; ++y) {
      Stream stream =
          streams.stream(Purpose::year_to_year, path_key(v.path), static_cast<std::uint64_t>(y));
      noise = v.persistence * noise + v.sd * boost::random::normal_distribution<double>()(stream);
      path[y] = noise;
    }
    paths.push_back(std::move(path));
  }
  return paths;
}

namespace {

//! The value `drawn` takes in model year `year` of variation `v`, given the year's noise:
//! on the log or logit scale, the level plus what is left of the drawn value's deviation
//! from it, plus the noise. Values at the edge of the scale (0, or 1 on logit) stay there.
double moved(const YearlyVariation& v, double drawn, double level_value, int year, double noise) {
  using Scale = YearlyVariation::Scale;
  auto to = [&](double x) {
    if (v.scale == Scale::logit) return std::log(x / (1 - x));
    return v.scale == Scale::log1p ? std::log1p(x) : std::log(x);
  };
  if (v.scale == Scale::logit ? drawn <= 0 || drawn >= 1 : drawn <= 0 && v.scale == Scale::log)
    return drawn;
  const double at = to(drawn);
  // A level outside the scale (0 on log, 0 or 1 on logit, -1 on log1p) cannot be returned to.
  const bool reverts = v.level >= 0 && (v.scale == Scale::logit ? level_value > 0 && level_value < 1
                                        : v.scale == Scale::log ? level_value > 0
                                                                : level_value > -1);
  const double level = (reverts ? to(level_value) : at) + v.trend * (year + 1);
  const double x = level + std::pow(v.persistence, year + 1) * (at - level) + noise;
  if (v.scale == Scale::logit) return 1 / (1 + std::exp(-x));
  return v.scale == Scale::log1p ? std::expm1(x) : std::exp(x);
}

}  // namespace

std::vector<Rates> Model::rates(const ParameterValues& values, const YearPaths& paths) const {
  const auto& sc = scenario_;
  std::vector<Rates> all;
  for (std::size_t e = 0; e < epoch_start_.size(); ++e) {
    const int start = epoch_start_[e];
    const int year = model_year_of_epoch_[e];
    // The value of parameter `id` in this epoch: its last segment starting by `start`,
    // moved along its year-to-year path if it has one.
    auto value = [&](ParamId id) {
      if (id < 0) return 0.0;
      const Parameter& param = sc.parameters[id];
      const auto& segs = param.segments;
      std::size_t j = 0;
      while (j + 1 < segs.size() && segs[j + 1].from <= start) ++j;
      const int k = variation_of_param_[id];
      if (k < 0) return values[id][j];
      const double noise = paths.empty() ? 0.0 : paths[k][year];
      const YearlyVariation& v = sc.yearly_variation[k];
      const double level = v.level >= 0 ? values[v.level].front() : 0.0;
      return param.finish(moved(v, values[id][j], level, year, noise));
    };
    Rates r;
    for (const StageSpec& st : sc.stages) {
      std::vector<double> leave, promo;
      // Turnover as councils report it is leavers / average staff: with staff replaced, a
      // monthly probability of turnover / 12 gives exactly that in a year.
      for (ParamId id : st.leaving_by_tenure)
        leave.push_back(st.leaving_as_turnover ? std::min(1.0, value(id) / 12)
                                               : monthly_probability(value(id)));
      for (const Promotion& p : st.promotions)
        promo.push_back(monthly_probability(value(p.annual_rate)));
      r.leaving.push_back(std::move(leave));
      r.promotion.push_back(std::move(promo));
      r.completion.push_back(value(st.completion_probability));
      r.fte_per_head.push_back(value(st.fte_per_head));
      r.salary.push_back(value(st.annual_salary));
    }
    for (const IntakeSpec& in : sc.intakes) {
      r.intake_size.push_back(value(in.size));
      r.intake_fill.push_back(value(in.fill_probability));
    }
    for (const EstablishmentGroup& g : sc.establishment) {
      r.establishment.push_back(value(g.fte));
      r.recruit_fill.push_back(g.recruit_stage >= 0 ? value(g.monthly_fill_probability) : 0.0);
      r.establishment_growth.push_back(value(g.annual_growth));
      r.other_agency.push_back(value(g.other_agency_fte));
    }
    for (const StageSpec& st : sc.stages) {
      r.training_cost.push_back(value(st.training_cost));
      r.retention_payment.push_back(value(st.retention_payment));
      r.grant.push_back(value(st.grant));
    }
    for (const IntakeSpec& in : sc.intakes) r.intake_hire_cost.push_back(value(in.cost_per_hire));
    for (const EstablishmentGroup& g : sc.establishment)
      r.recruit_hire_cost.push_back(value(g.cost_per_hire));
    r.pay_award = value(sc.pay_award);
    r.discount_rate = value(sc.discount_rate);
    double shares = 0;
    for (ParamId id : sc.destinations) shares += value(id);
    for (ParamId id : sc.destinations)
      r.destinations.push_back(shares > 0 ? value(id) / shares : 0.0);
    r.cover_share = value(sc.agency.cover_share);
    if (sc.demand.enabled) {
      r.open_cases = value(sc.demand.open_cases);
      r.case_growth = value(sc.demand.annual_growth);
      r.case_noise = value(sc.demand.monthly_noise);
      r.case_level = value(sc.demand.level);
    }
    for (std::size_t s = 0; s < sc.stages.size(); ++s) {
      r.target_caseload.push_back(sc.demand.enabled ? value(sc.demand.target_caseload[s]) : 0.0);
      r.sickness_days.push_back(value(sc.stages[s].sickness_days));
      r.long_leave.push_back(value(sc.stages[s].long_leave_share));
    }
    for (const EstablishmentGroup& g : sc.establishment) {
      r.above_establishment.push_back(g.recruit_stage >= 0 ? value(g.above_establishment) : 0.0);
      if (g.recruit_stage >= 0) r.recruitment_monthly_cost += value(g.monthly_cost);
    }
    r.agency_cost = sc.agency.hourly
                        ? std::min(value(sc.agency.hourly_rate), value(sc.agency.max_hourly_rate)) *
                              value(sc.agency.hours_per_week) * 52
                        : value(sc.agency.annual_cost_per_fte);
    r.agency_max_fte = value(sc.agency.max_fte);
    r.agency_availability = value(sc.agency.availability);
    r.agency_churn = monthly_probability(value(sc.agency.annual_churn));
    r.agency_conversion = monthly_probability(value(sc.agency.annual_conversion));
    r.on_cost = value(sc.on_cost_rate);
    all.push_back(std::move(r));
  }
  return all;
}

}  // namespace wfsim
