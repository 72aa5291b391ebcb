#pragma once
//! The workforce model: people, one month's step and the results it records.
//! Plain C++: no file formats, no threads. See docs/model.md for the order of events.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "wfsim/model/metrics.hpp"
#include "wfsim/model/scenario.hpp"
#include "wfsim/random/streams.hpp"

namespace wfsim {

//! One member of staff. People are followed one by one so that each keeps their entry
//! route and length of service, and meets the same random draws in every strategy.
struct Person {
  std::uint64_t key = 0;  //!< identity for random streams, stable across strategies
  int stage = 0;
  int route = 0;        //!< index into Model::routes(); 0 = in post at the start
  int joined = 0;       //!< month index the person joined the employer (negative: before start)
  int stage_start = 0;  //!< month index the person entered the current stage
  //! Month index the person qualified (entered a qualified stage, or before joining for
  //! experienced recruits); NOT_QUALIFIED while training.
  int qualified = NOT_QUALIFIED;
  static constexpr int NOT_QUALIFIED = -1'000'000'000;
};

//! An agency worker covering a vacancy.
struct Locum {
  std::uint64_t key = 0;  //!< the person's key if they used to work here
  int group = 0;          //!< establishment group whose vacancy they cover
  int experience = 0;     //!< post-qualifying experience in months when they started
  int started = 0;        //!< month index the assignment started
};

//! Someone who left for agency work, in the regional pool of locums.
struct PoolMember {
  std::uint64_t key = 0;
  int left = 0;        //!< month index they left the permanent post
  int experience = 0;  //!< post-qualifying experience in months when they left
};

//! Everyone in post, the agency workers covering vacancies, and former staff in the
//! regional agency pool.
struct State {
  std::vector<Person> people;
  std::vector<Locum> locums;
  std::vector<PoolMember> pool;
};

//! People moving in one month, per stage and per route (the engine checks they balance).
struct MonthFlows {
  std::vector<int> opening, closing;                    //!< per stage
  std::vector<int> leavers;                             //!< per stage, including non-completers
  std::vector<int> progressed_out, progressed_in;       //!< time-based completion and promotion
  std::vector<int> joined;                              //!< per stage: intake and recruitment
  std::vector<int> joiners_by_route, leavers_by_route;  //!< per route
  double hiring_cost = 0;  //!< one-off cost of this month's starters and recruits, GBP
  std::vector<int> leavers_by_destination;  //!< per LEAVER_DESTINATIONS
  //! Least post-qualifying experience (months) of anyone who left for agency work this
  //! month; INT_MAX if nobody did. The engine never lets it fall below three years.
  int least_agency_experience = 0;
  int agency_started = 0, agency_ended = 0, agency_converted = 0;
  //! Least experience of any locum in post, and least time since leaving of any former
  //! member of staff who started as a locum this month (INT_MAX if none).
  int least_locum_experience = 0, least_months_since_left = 0;
};

//! Values of every parameter in one replication, segment by segment: [parameter][segment].
using ParameterValues = std::vector<std::vector<double>>;
//! One replication's year-to-year deviations, on each varying parameter's scale:
//! [Scenario::yearly_variation entry][model year]. Empty: none (every deviation 0).
using YearPaths = std::vector<std::vector<double>>;

//! Every number the monthly step reads, resolved for one replication over one epoch (a run
//! of months in which no parameter changes). Rates are monthly probabilities.
struct Rates {
  std::vector<std::vector<double>> leaving;              //!< [stage][tenure band]
  std::vector<std::vector<double>> promotion;            //!< [stage][promotion]
  std::vector<double> completion, fte_per_head, salary;  //!< [stage]
  std::vector<double> intake_size;  //!< [intake]; whole in a replication, a mean in the projection
  std::vector<double> intake_fill;  //!< [intake]
  std::vector<double> establishment, recruit_fill;  //!< [group]
  std::vector<double> establishment_growth;         //!< [group], yearly rate
  std::vector<double> other_agency;                 //!< [group], agency FTE beyond vacancy cover
  std::vector<double> training_cost, retention_payment, grant;  //!< [stage], GBP per head per year
  std::vector<double> intake_hire_cost;                         //!< [intake], GBP per starter
  std::vector<double> recruit_hire_cost;                        //!< [group], GBP per recruit
  double pay_award = 0, discount_rate = 0;
  std::vector<double> destinations;  //!< shares of leavers by destination, adding up to 1
  //! Demand (open_cases and case_level: epoch 0 only; case_level 0 when there is none).
  double open_cases = 0, case_growth = 0, case_noise = 0, case_level = 0;
  double agency_max_fte = 0, agency_availability = 1, agency_churn = 0, agency_conversion = 0;
  std::vector<double> target_caseload;            //!< [stage]; 0 where the stage holds no cases
  std::vector<double> sickness_days, long_leave;  //!< [stage]
  std::vector<double> above_establishment;        //!< [group]
  double recruitment_monthly_cost = 0;            //!< all groups' campaign spend a month
  double cover_share = 0, agency_cost = 0, on_cost = 0;
};

//! What a month's demand is in one replication: open cases, and each group's funded FTE
//! (which follows the cases for a group that demand drives).
struct MonthDemand {
  double open_cases = 0;
  double required_fte = 0;
  std::vector<double> establishment;  //!< [group]
};

//! What can happen to one person in one month, in the order it is decided.
struct MonthChances {
  bool due = false;                   //!< completes a time-based stage this month
  double completion = 0;              //!< if due: chance of completing (otherwise leaves)
  double leaving = 0;                 //!< if not due: chance of leaving
  std::span<const double> promotion;  //!< if staying: chance of each promotion, in order
};

//! Cost categories, in the order they appear in results.
enum CostCategory {
  COST_PERMANENT_PAY,
  COST_TRAINING,
  COST_RETENTION,
  COST_RECRUITMENT,
  COST_AGENCY,
  COST_GRANT_INCOME,  //!< negative: income
  COST_TOTAL,
  COST_CATEGORIES
};

//! Length-of-service bands of the stability profile councils report.
inline constexpr int STABILITY_BANDS[] = {36, 120};  // months: under 3 years, 3-9, 10+

class Model {
 public:
  explicit Model(Scenario scenario);

  const Scenario& scenario() const { return scenario_; }
  const MetricLayout& layout() const { return layout_; }
  //! How many parameter values each replication draws: one per uncertain segment (a
  //! distribution given from the start or from a later month).
  std::size_t drawn_count() const { return drawn_.size(); }
  //! Entry routes in result order: `existing` (in post at the start), intake routes,
  //! then recruitment routes.
  const std::vector<std::string>& routes() const { return routes_; }
  //! Month labels `YYYY-MM` and financial-year labels `2024/25` of the horizon.
  const std::vector<std::string>& month_labels() const { return month_labels_; }
  const std::vector<std::string>& year_labels() const { return year_labels_; }
  //! Months of the horizon that fall in each financial year (partial years have fewer than 12).
  const std::vector<int>& months_in_year() const { return months_in_year_; }

  //! The opening workforce.
  State initial_state() const;
  //! Draws every parameter of one replication (fixed ones are their value).
  ParameterValues draw_parameters(const ReplicationStreams& streams) const;
  //! Every parameter at its mean: the values of the expected-value projection.
  ParameterValues mean_parameters() const;
  //! Draws the year-to-year deviations of one replication (`year_to_year`).
  YearPaths draw_year_paths(const ReplicationStreams& streams) const;
  //! The rates of each epoch for `values`, moved along `paths` (none: no deviations).
  std::vector<Rates> rates(const ParameterValues& values, const YearPaths& paths = {}) const;
  //! Model years of the horizon (`year_to_year`): 1 without yearly variation.
  int model_years() const { return model_years_; }
  //! The epoch month `t` falls in.
  int epoch(int t) const { return epoch_of_month_[t]; }

  //! Demand month by month: with `streams`, one replication's path with its noise;
  //! without, the expected path (the noise has mean 1).
  std::vector<MonthDemand> demand_path(const std::vector<Rates>& rates,
                                       const ReplicationStreams* streams) const;

  //! Advances `state` by month `t` (0-based) under `rates` and `demand`, drawing from
  //! `streams`; fills `flows`. Throws InternalError if any stage's stock does not balance.
  //! `workload` multiplies every leaving probability (workload feedback; 1 when off).
  void step(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
            const MonthDemand& demand, MonthFlows& flows, double workload = 1.0) const;
  //! The leaving multiplier workload feedback gives at caseload `ratio` (1 when off).
  double workload_multiplier(double ratio) const;
  //! FTE of group `g` away on long leave, given headcount by stage.
  double group_long_leave(int g, std::span<const double> headcount, const Rates& rates) const;
  //! Simulates one replication over the horizon and writes its results into `out`
  //! (`layout().values_per_replication()` values). `stop`, when given, is asked before each
  //! month; if it answers true the replication ends by throwing Interrupted, so that a stop
  //! acts within a month's work even when a replication is long.
  void simulate(std::uint64_t seed, std::uint64_t replication, std::span<double> out,
                const std::function<bool()>& stop = {}) const;

  //! Monthly chances for someone in `stage` with `tenure` months of service who has been
  //! `in_stage` months in the stage. Shared by the Monte Carlo step and the expected-value
  //! projection, so that both follow the same rules.
  MonthChances chances(const Rates& rates, int stage, int tenure, int in_stage) const;
  //! Tenure band (index into Scenario::tenure_bands) of `tenure` months of service.
  int tenure_band(int tenure) const;
  //! Longest tenure, in months, that any rule or result tells apart: the model treats
  //! everyone with more service alike.
  int tenure_cap() const { return tenure_cap_; }

  //! The results of one month from people by stage, route and tenure (counts or expected
  //! counts) and the month's flows. Shared by the Monte Carlo run and the expected-value
  //! projection so that both derive results in exactly the same way.
  struct MonthTotals {
    std::vector<double> headcount, leavers;  //!< per stage
    std::vector<double> headcount_by_route, joiners_by_route, leavers_by_route;
    std::vector<double> stability;  //!< people in each stability band
    double hiring_cost = 0;         //!< one-off cost of the month's starters and recruits
    std::vector<double> leavers_by_destination;
    std::vector<double> agency_fte;  //!< [group]
    std::vector<double> joined;      //!< per stage: people joining the employer
    void reset(std::size_t stages, std::size_t routes);
  };
  //! `pay_index` is the salary multiple the pay awards have brought by month `t`.
  void record_month(int t, const MonthTotals& totals, const Rates& rates, const MonthDemand& demand,
                    double pay_index, std::span<double> out) const;
  //! Salary multiple brought by the pay awards, month by month: each April from the
  //! second month on multiplies salaries by 1 + that month's pay award.
  std::vector<double> pay_index(const std::vector<Rates>& rates) const;
  //! Writes a replication's drawn parameter values into `out` (the `parameters` result).
  void record_parameters(const ParameterValues& values, std::span<double> out) const;
  //! Fills spend by financial year, cumulative spend and present values (discounted at
  //! `discount_rate` a year, the first financial year undiscounted) from the monthly costs
  //! already in `out`, and turnover by financial year.
  void record_years(double discount_rate, std::span<double> out) const;
  //! Turns the month's flows that record_month() left in the DfE measures into the 12
  //! months to each month, and fills turnover (with `dfe_return`; otherwise does nothing).
  void record_dfe(std::span<double> out) const;

  //! Monthly probability equivalent to an annual one: 1 - (1 - a)^(1/12).
  static double monthly_probability(double annual);
  //! Number of experienced posts a group's vacant FTE can take at `fte_per_head`.
  static int vacant_posts(double vacant_fte, double fte_per_head);
  //! The places an intake offers: its size, or with `limit_to_vacancies` at most the vacant
  //! posts of its group given `headcount` by stage (the model's and the projection's rule).
  double intake_places(std::size_t intake, double size, const Rates& rates,
                       const MonthDemand& demand, std::span<const double> headcount) const;
  //! FTE in post of group `g` given headcount by stage.
  double group_fte(int g, std::span<const double> headcount, const Rates& rates) const;
  //! Route index of intake `i` and of group `g`'s recruitment.
  int intake_route(int i) const { return intake_route_[i]; }
  int recruit_route(int g) const { return recruit_route_[g]; }
  //! Agency FTE wanted for group `g` given its vacant FTE and the agency FTE other groups
  //! already take (the council's cover share, within its limit on agency FTE).
  static double wanted_agency(double vacant, double taken, const Rates& rates);
  //! Route index of agency workers who take permanent posts; -1 without establishment.
  int conversion_route() const { return conversion_route_; }
  //! Stability band of `tenure` months of service.
  static int stability_band(int tenure);

  //! The opening workforce as (stage, tenure, months in stage, count): how initial_state()
  //! places people, for the expected-value projection.
  struct OpeningGroup {
    int stage, tenure, in_stage, count;
  };
  std::vector<OpeningGroup> opening_groups() const;

 private:
  Scenario scenario_;
  MetricLayout layout_;
  std::vector<std::string> routes_, month_labels_, year_labels_;
  std::vector<int> months_in_year_, year_of_month_;
  int tenure_cap_ = 0;
  std::vector<int> epoch_start_, epoch_of_month_;
  //! Model year (`year_to_year`) of each epoch, and the number of model years.
  std::vector<int> model_year_of_epoch_;
  int model_years_ = 1;
  //! Index into Scenario::yearly_variation of each parameter; -1 if it does not vary.
  std::vector<int> variation_of_param_;
  //! Uncertain parameter segments reported per replication: (parameter, segment).
  std::vector<std::pair<int, int>> drawn_;
  std::vector<int> intake_route_, recruit_route_;
  int conversion_route_ = -1;
  std::vector<int> group_of_stage_;  //!< establishment group of each stage; -1 for none

  // The month's events, in the order step() takes them (docs/model.md, "One month, in order").
  //! Clears `f` for a new month and counts each stage's opening stock.
  void open_month(const State& state, MonthFlows& f) const;
  //! Completion, leaving and promotion, person by person; leavers to agency work join the
  //! regional pool. `workload` multiplies every leaving probability.
  void leave_and_progress(State& state, int t, const ReplicationStreams& streams,
                          const Rates& rates, MonthFlows& f, double workload) const;
  //! The intakes scheduled for this calendar month, each place filled by its own draw; an
  //! intake limited to vacancies offers no more places than its group's vacant posts.
  //! `headcount` by stage counts the starters.
  void take_intake(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                   const MonthDemand& demand, std::vector<double>& headcount, MonthFlows& f) const;
  //! Experienced recruitment into each group's vacant posts, given `headcount` by stage,
  //! which counts the recruits.
  void recruit(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
               const MonthDemand& demand, std::vector<double>& headcount, MonthFlows& f) const;
  //! The month's agency market, after recruitment: assignments end, locums convert to
  //! permanent posts (joining `state.people`, counted in `headcount` and `f`), and cover is
  //! topped up to what the council wants.
  void agency_step(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                   const MonthDemand& demand, std::vector<double>& headcount, MonthFlows& f) const;
  //! Counts each stage's closing stock; throws InternalError if any stage does not balance.
  void close_month(const State& state, int t, MonthFlows& f) const;

  std::size_t f_headcount_, f_fte_, f_leavers_, f_joiners_, f_headcount_route_, f_leavers_route_,
      f_stability_, f_establishment_, f_in_post_, f_vacancy_, f_agency_, f_vacancy_rate_,
      f_agency_rate_, f_cost_, f_spend_, f_cumulative_, f_present_value_, f_parameters_,
      f_destination_, f_retention_;
  std::size_t f_effective_ = 0, f_days_lost_ = 0;
  std::size_t f_permanence_ = 0, f_turnover_ = 0;
  //! Targets, present only when the scenario has them: monthly and yearly ones.
  std::size_t f_targets_month_ = 0, f_targets_year_ = 0;
  std::vector<int> month_targets_, year_targets_;  //!< indices into Scenario::targets
  //! Fills turnover by group and financial year from the monthly leavers and headcount
  //! (record_years calls it, before record_targets reads it).
  void record_turnover(std::span<double> out) const;
  //! The DfE measures of month `t`, with the month's own starters and leavers.
  void record_dfe_month(int t, const MonthTotals& m, const Rates& rates, const MonthDemand& demand,
                        double agency, double vacant, std::span<double> out) const;
  //! Writes whether each target is met, from the results already in `out`.
  void record_targets(std::span<double> out) const;
  //! Demand results, present only when the scenario has demand.
  std::size_t f_open_cases_ = 0, f_required_ = 0, f_gap_ = 0, f_caseload_ = 0;
  //! Measures as the DfE counts them, present only with `dfe_return`.
  std::size_t f_dfe_fte_ = 0, f_dfe_rate_ = 0, f_dfe_cases_ = 0, f_dfe_caseload_ = 0;
  std::vector<bool> in_group_;  //!< stages whose people the DfE measures count
};

}  // namespace wfsim
