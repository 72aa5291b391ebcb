#include "wfsim/model/model.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

//! Kinds of person, part of each person's key.
enum class Origin : std::uint64_t { opening = 1, intake = 2, recruitment = 3, agency = 4 };

//! Months a former member of staff stays in the regional agency pool.
constexpr int POOL_MONTHS = 24;
//! Post-qualifying experience taken for locums from the wider market (the agency rule's
//! minimum: agencies supply no one with less).
constexpr int MARKET_LOCUM_EXPERIENCE = AGENCY_MIN_EXPERIENCE_MONTHS;

std::uint64_t person_key(Origin origin, std::uint64_t a, std::uint64_t b, std::uint64_t c = 0) {
  return mix64(mix64(mix64(static_cast<std::uint64_t>(origin) * 0x9e3779b97f4a7c15ULL + a) + b) +
               c);
}

//! One uniform draw in [0, 1) from the stream of a unit of work.
double uniform(Stream stream) {
  return boost::random::uniform_01<double>()(stream);
}

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

double Model::monthly_probability(double annual) {
  if (annual >= 1.0) return 1.0;
  return 1.0 - std::pow(1.0 - annual, 1.0 / 12.0);
}

int Model::vacant_posts(double vacant_fte, double fte_per_head) {
  if (vacant_fte <= 0.0 || fte_per_head <= 0.0) return 0;
  // A post is recruited to only when a whole person's worth of FTE is vacant; the small
  // tolerance stops 0.95 * 3 / 0.95 rounding down to 2.
  return static_cast<int>(std::floor(vacant_fte / fte_per_head + 1e-9));
}

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
}

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
  std::sort(epoch_start_.begin(), epoch_start_.end());
  epoch_start_.erase(std::unique(epoch_start_.begin(), epoch_start_.end()), epoch_start_.end());
  for (int t = 0; t < sc.horizon_months; ++t)
    epoch_of_month_.push_back(static_cast<int>(
        std::upper_bound(epoch_start_.begin(), epoch_start_.end(), t) - epoch_start_.begin() - 1));

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
      layout_.add({"agency_fte", "FTE", "Agency (locum) FTE covering vacancies", "group", groups});
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

namespace {

//! A key for a parameter's random draws: its path, hashed (FNV-1a, then mixed).
std::uint64_t path_key(const std::string& path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : path) h = (h ^ ch) * 0x100000001b3ULL;
  return mix64(h);
}

}  // namespace

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

std::vector<Rates> Model::rates(const ParameterValues& values) const {
  const auto& sc = scenario_;
  std::vector<Rates> all;
  for (int start : epoch_start_) {
    // The value of parameter `id` in this epoch: its last segment starting by `start`.
    auto value = [&](ParamId id) {
      if (id < 0) return 0.0;
      const auto& segs = sc.parameters[id].segments;
      std::size_t j = 0;
      while (j + 1 < segs.size() && segs[j + 1].from <= start) ++j;
      return values[id][j];
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

void Model::record_parameters(const ParameterValues& values, std::span<double> out) const {
  const Family& f = layout_.family(f_parameters_);
  for (std::size_t k = 0; k < drawn_.size(); ++k)
    out[f.at(k, 0)] = values[drawn_[k].first][drawn_[k].second];
}

int Model::tenure_band(int tenure) const {
  const auto& bands = scenario_.tenure_bands;
  return static_cast<int>(std::upper_bound(bands.begin(), bands.end(), tenure) - bands.begin());
}

MonthChances Model::chances(const Rates& rates, int stage, int tenure, int in_stage) const {
  const StageSpec& st = scenario_.stages[stage];
  MonthChances c;
  if (st.timed() && in_stage >= st.duration_months) {
    c.due = true;
    c.completion = rates.completion[stage];
    return c;
  }
  c.leaving = rates.leaving[stage][tenure_band(tenure)];
  c.promotion = rates.promotion[stage];
  return c;
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
  return state;
}

double Model::workload_multiplier(double ratio) const {
  const auto& points = scenario_.workload_feedback;
  if (points.empty()) return 1.0;
  if (ratio <= points.front().first) return points.front().second;
  for (std::size_t k = 1; k < points.size(); ++k)
    if (ratio <= points[k].first) {
      const auto [x0, y0] = points[k - 1];
      const auto [x1, y1] = points[k];
      return y0 + (ratio - x0) / (x1 - x0) * (y1 - y0);
    }
  return points.back().second;
}

double Model::group_long_leave(int g, std::span<const double> headcount, const Rates& rates) const {
  double away = 0;
  for (int s : scenario_.establishment[g].stages)
    away += headcount[s] * rates.fte_per_head[s] * rates.long_leave[s];
  return away;
}

double Model::wanted_agency(double vacant, double taken, const Rates& rates) {
  return std::min(rates.cover_share * vacant, std::max(0.0, rates.agency_max_fte - taken));
}

double Model::group_fte(int g, std::span<const double> headcount, const Rates& rates) const {
  double fte = 0;
  for (int s : scenario_.establishment[g].stages) fte += headcount[s] * rates.fte_per_head[s];
  return fte;
}

std::vector<MonthDemand> Model::demand_path(const std::vector<Rates>& rates,
                                            const ReplicationStreams* streams) const {
  const auto& dem = scenario_.demand;
  std::vector<MonthDemand> path(scenario_.horizon_months);
  double cases = rates.front().open_cases;
  for (int t = 0; t < scenario_.horizon_months; ++t) {
    const Rates& r = rates[epoch_of_month_[t]];
    MonthDemand& m = path[t];
    m.establishment = r.establishment;
    if (!dem.enabled) continue;
    // A month's trend, times lognormal noise with mean 1 (so the expected path has none).
    cases *= std::pow(1 + r.case_growth, 1.0 / 12);
    if (streams && r.case_noise > 0) {
      Stream stream = streams->stream(Purpose::demand, 0, static_cast<std::uint64_t>(t));
      const double z = boost::random::normal_distribution<double>()(stream);
      cases *= std::exp(r.case_noise * z - r.case_noise * r.case_noise / 2);
    }
    m.open_cases = cases;
    m.required_fte = cases / r.target_caseload[dem.reference_stage];
    if (dem.establishment_group >= 0) m.establishment[dem.establishment_group] = m.required_fte;
  }
  return path;
}

void Model::agency_step(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                        const MonthDemand& demand, std::vector<double>& headcount,
                        MonthFlows& f) const {
  const auto& sc = scenario_;
  // The agency market, group by group: assignments end, some locums take permanent
  // posts, then the council tops cover up to what it wants, as far as locums can be found.
  f.agency_started = f.agency_ended = f.agency_converted = 0;
  f.least_locum_experience = f.least_months_since_left = INT_MAX;
  std::erase_if(state.pool, [&](const PoolMember& m) { return t - m.left >= POOL_MONTHS; });
  double taken = 0;
  for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
    const auto& grp = sc.establishment[g];
    std::erase_if(state.locums, [&](const Locum& l) {
      if (l.group != static_cast<int>(g)) return false;
      if (uniform(streams.stream(Purpose::agency, l.key, t, 0)) < rates.agency_churn) {
        ++f.agency_ended;
        return true;
      }
      if (uniform(streams.stream(Purpose::agency, l.key, t, 1)) < rates.agency_conversion) {
        const int stage = grp.recruit_stage >= 0 ? grp.recruit_stage : grp.stages.front();
        const int experience = l.experience + (t - l.started);
        state.people.push_back({l.key, stage, conversion_route_, t, t, t - experience});
        ++f.joined[stage];
        ++f.joiners_by_route[conversion_route_];
        ++headcount[stage];
        ++f.agency_converted;
        return true;
      }
      return false;
    });
    const double vacant =
        std::max(0.0, demand.establishment[g] - group_fte(static_cast<int>(g), headcount, rates));
    const double away =
        sc.agency.cover_long_leave ? group_long_leave(static_cast<int>(g), headcount, rates) : 0.0;
    const auto wanted = static_cast<int>(std::lround(wanted_agency(vacant + away, taken, rates)));
    std::vector<std::size_t> mine;
    for (std::size_t k = 0; k < state.locums.size(); ++k)
      if (state.locums[k].group == static_cast<int>(g)) mine.push_back(k);
    // Too many: the latest assignments end first.
    for (int extra = static_cast<int>(mine.size()) - wanted; extra > 0; --extra) {
      state.locums.erase(state.locums.begin() + static_cast<std::ptrdiff_t>(mine.back()));
      mine.pop_back();
      ++f.agency_ended;
    }
    // Too few: each missing locum is found with the month's availability; former staff in
    // the regional pool first, once their ban has passed.
    const int missing = wanted - static_cast<int>(mine.size());
    for (int k = 0; k < missing; ++k) {
      if (uniform(streams.stream(Purpose::agency_fill, g, t, k)) >= rates.agency_availability)
        continue;
      auto from_pool = std::find_if(state.pool.begin(), state.pool.end(), [&](const PoolMember& m) {
        return t - m.left >= sc.agency.ban_months;
      });
      if (from_pool != state.pool.end()) {
        state.locums.push_back({from_pool->key, static_cast<int>(g),
                                from_pool->experience + (t - from_pool->left), t});
        f.least_months_since_left = std::min(f.least_months_since_left, t - from_pool->left);
        state.pool.erase(from_pool);
      } else {
        state.locums.push_back(
            {person_key(Origin::agency, g, t, k), static_cast<int>(g), MARKET_LOCUM_EXPERIENCE, t});
      }
      ++f.agency_started;
    }
    for (const Locum& l : state.locums)
      if (l.group == static_cast<int>(g)) taken += 1.0;
  }
  for (const Locum& l : state.locums)
    f.least_locum_experience = std::min(f.least_locum_experience, l.experience + (t - l.started));
}

void Model::step(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                 const MonthDemand& demand, MonthFlows& f, double workload) const {
  const auto& sc = scenario_;
  const std::size_t n_stages = sc.stages.size();
  for (auto* v :
       {&f.opening, &f.closing, &f.leavers, &f.progressed_out, &f.progressed_in, &f.joined})
    v->assign(n_stages, 0);
  f.joiners_by_route.assign(routes_.size(), 0);
  f.leavers_by_route.assign(routes_.size(), 0);
  f.hiring_cost = 0;
  f.leavers_by_destination.assign(std::size(LEAVER_DESTINATIONS), 0);
  f.least_agency_experience = INT_MAX;
  for (const Person& p : state.people) ++f.opening[p.stage];

  // Completion, leaving and promotion, person by person. Each person's draws come from
  // streams keyed by who they are, so nobody's luck depends on anybody else's.
  auto leaves = [&](const Person& p) {
    ++f.leavers[p.stage];
    ++f.leavers_by_route[p.route];
    // Where they go. Agency work needs three years' post-qualifying experience: anyone
    // with less is shared among the other destinations.
    const bool agency_open =
        p.qualified != Person::NOT_QUALIFIED && t - p.qualified >= AGENCY_MIN_EXPERIENCE_MONTHS;
    double open = 0;
    for (std::size_t d = 0; d < rates.destinations.size(); ++d)
      if (agency_open || d != DESTINATION_AGENCY) open += rates.destinations[d];
    std::size_t to = 2;  // left the profession, if no share is open
    if (open > 0) {
      double u = uniform(streams.stream(Purpose::destination, p.key, t)) * open;
      for (std::size_t d = 0; d < rates.destinations.size(); ++d) {
        if (!agency_open && d == DESTINATION_AGENCY) continue;
        to = d;
        if ((u -= rates.destinations[d]) < 0) break;
      }
    }
    ++f.leavers_by_destination[to];
    if (to == DESTINATION_AGENCY) {
      state.pool.push_back({p.key, t, t - p.qualified});  // into the regional agency pool
      f.least_agency_experience = std::min(f.least_agency_experience, t - p.qualified);
    }
  };
  auto moves = [&](Person& p, int to) {
    ++f.progressed_out[p.stage];
    ++f.progressed_in[to];
    p.stage = to;
    p.stage_start = t;
    if (p.qualified == Person::NOT_QUALIFIED && sc.stages[to].qualified) p.qualified = t;
  };
  std::erase_if(state.people, [&](Person& p) {
    const MonthChances c = chances(rates, p.stage, t - p.joined, t - p.stage_start);
    if (c.due) {
      if (uniform(streams.stream(Purpose::completion, p.key, t)) < c.completion) {
        moves(p, sc.stages[p.stage].next_stage);
        return false;
      }
      leaves(p);
      return true;
    }
    if (uniform(streams.stream(Purpose::leaving, p.key, t)) < std::min(1.0, c.leaving * workload)) {
      leaves(p);
      return true;
    }
    if (!c.promotion.empty()) {
      // Promotions are tried one after another: the k-th takes share p_k of those left.
      const double u = uniform(streams.stream(Purpose::promotion, p.key, t));
      double edge = 0, rest = 1;
      for (std::size_t k = 0; k < c.promotion.size(); ++k) {
        edge += rest * c.promotion[k];
        rest *= 1 - c.promotion[k];
        if (u < edge) {
          moves(p, sc.stages[p.stage].promotions[k].to_stage);
          break;
        }
      }
    }
    return false;
  });

  auto join = [&](Person p) {
    ++f.joined[p.stage];
    ++f.joiners_by_route[p.route];
    state.people.push_back(p);
  };

  // Scheduled intake: each place is filled or not by its own draw.
  const int calendar_month = sc.start.plus(t).month;
  for (std::size_t i = 0; i < sc.intakes.size(); ++i) {
    const auto& in = sc.intakes[i];
    if (in.month_of_year != calendar_month) continue;
    const int places = static_cast<int>(std::lround(rates.intake_size[i]));
    for (int k = 0; k < places; ++k)
      if (uniform(streams.stream(Purpose::intake, i, t, k)) < rates.intake_fill[i]) {
        join({person_key(Origin::intake, i, t, k), in.stage, intake_route_[i], t, t,
              sc.stages[in.stage].qualified ? t : Person::NOT_QUALIFIED});
        f.hiring_cost += rates.intake_hire_cost[i];
      }
  }

  // Experienced recruitment into vacant posts.
  std::vector<double> headcount(n_stages, 0.0);
  for (const Person& p : state.people) ++headcount[p.stage];
  for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
    const auto& grp = sc.establishment[g];
    if (grp.recruit_stage < 0 || rates.recruit_fill[g] <= 0) continue;
    const int posts = vacant_posts(demand.establishment[g] + rates.above_establishment[g] -
                                       group_fte(static_cast<int>(g), headcount, rates),
                                   rates.fte_per_head[grp.recruit_stage]);
    for (int k = 0; k < posts; ++k)
      if (uniform(streams.stream(Purpose::recruitment, g, t, k)) < rates.recruit_fill[g]) {
        join({person_key(Origin::recruitment, g, t, k), grp.recruit_stage, recruit_route_[g], t, t,
              t - grp.experience_months});
        ++headcount[grp.recruit_stage];
        f.hiring_cost += rates.recruit_hire_cost[g];
      }
  }

  agency_step(state, t, streams, rates, demand, headcount, f);

  // Nothing is created or lost.
  for (const Person& p : state.people) ++f.closing[p.stage];
  for (std::size_t s = 0; s < n_stages; ++s) {
    const int expected =
        f.opening[s] + f.joined[s] + f.progressed_in[s] - f.leavers[s] - f.progressed_out[s];
    if (expected != f.closing[s])
      throw InternalError("stock of stage '" + sc.stages[s].id + "' does not balance in month " +
                          month_labels_[t] + ": opening " + std::to_string(f.opening[s]) +
                          " + in - out = " + std::to_string(expected) + ", closing " +
                          std::to_string(f.closing[s]));
  }
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
    out[L.family(f_agency_rate_).at(g, t)] =
        agency + in_post > 0 ? agency / (agency + in_post) : 0.0;
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
          value = 1 - out[layout_.family(f_agency_rate_).at(g, t)];
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
        // Leavers in the year over the average headcount, in the group's stages.
        double leavers = 0, headcount = 0;
        for (int t = 0; t < sc.horizon_months; ++t) {
          if (year_of_month_[t] != static_cast<int>(y)) continue;
          for (std::size_t s = 0; s < sc.stages.size(); ++s) {
            const bool in = target.group >= 0 ? group_of_stage_[s] == target.group
                                              : group_of_stage_[s] >= 0 || all == 0;
            if (!in) continue;
            leavers += out[layout_.family(f_leavers_).at(s, t)];
            headcount += out[layout_.family(f_headcount_).at(s, t)];
          }
        }
        const double months = months_in_year_[y];
        value = headcount > 0 ? leavers * 12 / months / (headcount / months)
                              : std::numeric_limits<double>::quiet_NaN();
      }
      out[layout_.family(f_targets_year_).at(k, y)] = met(target, value);
    }
  }
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
  const std::vector<Rates> all_rates = rates(values);
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
    std::copy(flows.joiners_by_route.begin(), flows.joiners_by_route.end(),
              totals.joiners_by_route.begin());
    std::copy(flows.leavers_by_route.begin(), flows.leavers_by_route.end(),
              totals.leavers_by_route.begin());
    totals.hiring_cost = flows.hiring_cost;
    std::copy(flows.leavers_by_destination.begin(), flows.leavers_by_destination.end(),
              totals.leavers_by_destination.begin());
    totals.agency_fte.assign(scenario_.establishment.size(), 0.0);
    for (const Locum& l : state.locums) totals.agency_fte[l.group] += 1.0;
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
