#pragma once
//! The workforce model: state, one month's step and the results it records.
//! Plain C++: no file formats, no threads. See docs/model.md for the order of events.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wfsim/model/metrics.hpp"
#include "wfsim/model/scenario.hpp"
#include "wfsim/random/streams.hpp"

namespace wfsim {

//! Who is in each stage, by months served in the stage (time-based stages) or as one count.
struct State {
  std::vector<int> counts;  //!< all stages' buckets, stage by stage
};

//! People moving in one month, per stage and per route (the engine checks they balance).
struct MonthFlows {
  std::vector<int> opening, closing;               //!< per stage
  std::vector<int> leavers;                        //!< per stage, including non-completers
  std::vector<int> progressed_out, progressed_in;  //!< time-based completion and promotion
  std::vector<int> joined;                         //!< per stage: intake and recruitment
  std::vector<int> joiners_by_route;               //!< per route
};

//! Cost categories, in the order they appear in results.
enum CostCategory { COST_PERMANENT_PAY = 0, COST_AGENCY = 1, COST_TOTAL = 2, COST_CATEGORIES = 3 };

class Model {
 public:
  explicit Model(Scenario scenario);

  const Scenario& scenario() const { return scenario_; }
  const MetricLayout& layout() const { return layout_; }
  //! Entry routes in result order: intake routes, then recruitment routes.
  const std::vector<std::string>& routes() const { return routes_; }
  //! Month labels `YYYY-MM` and financial-year labels `2024/25` of the horizon.
  const std::vector<std::string>& month_labels() const { return month_labels_; }
  const std::vector<std::string>& year_labels() const { return year_labels_; }
  //! Months of the horizon that fall in each financial year (partial years have fewer than 12).
  const std::vector<int>& months_in_year() const { return months_in_year_; }

  //! The opening workforce.
  State initial_state() const;
  //! Advances `state` by month `t` (0-based), drawing from `streams`; fills `flows`.
  //! Throws InternalError if any stage's stock does not balance.
  void step(State& state, int t, const ReplicationStreams& streams, MonthFlows& flows) const;
  //! Simulates one replication over the horizon and writes its results into `out`
  //! (`layout().values_per_replication()` values).
  void simulate(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const;

  //! Headcount of stage `s` in `state`.
  int headcount(const State& state, int s) const;

  //! Writes the month-`t` results derived from stocks and flows (FTE, vacancies, agency,
  //! costs) into `out`. Shared by the Monte Carlo run and the expected-value projection so
  //! that both derive results from people in exactly the same way.
  void record_month(int t, std::span<const double> headcount, std::span<const double> leavers,
                    std::span<const double> joiners_by_route, std::span<double> out) const;
  //! Fills the financial-year families from the monthly ones already in `out`.
  void record_years(std::span<double> out) const;

  //! Monthly probability equivalent to an annual one: 1 - (1 - a)^(1/12).
  static double monthly_probability(double annual);

  //! First bucket of stage `s` in State::counts, and its number of buckets.
  int offset(int s) const { return offsets_[s]; }
  int buckets(int s) const { return bucket_counts_[s]; }
  int state_size() const { return state_size_; }
  //! Monthly leaving probability of stage `s` (for the expected-value projection).
  double monthly_leaving(int s) const { return monthly_leaving_[s]; }
  double monthly_promotion(int s, int k) const { return monthly_promotion_[s][k]; }
  //! Route index of intake `i` and of group `g`'s recruitment.
  int intake_route(int i) const { return intake_route_[i]; }
  int recruit_route(int g) const { return recruit_route_[g]; }
  //! Number of experienced posts a group's vacant FTE can take in stage `s`.
  static int vacant_posts(double vacant_fte, double fte_per_head);
  //! FTE in post of group `g` given headcount by stage.
  double group_fte(int g, std::span<const double> headcount) const;

 private:
  Scenario scenario_;
  MetricLayout layout_;
  std::vector<std::string> routes_, month_labels_, year_labels_;
  std::vector<int> months_in_year_, year_of_month_;
  std::vector<int> offsets_, bucket_counts_;
  int state_size_ = 0;
  std::vector<double> monthly_leaving_;
  std::vector<std::vector<double>> monthly_promotion_;
  std::vector<int> intake_route_, recruit_route_;
  std::size_t f_headcount_, f_fte_, f_leavers_, f_joiners_, f_establishment_, f_in_post_,
      f_vacancy_, f_agency_, f_vacancy_rate_, f_agency_rate_, f_cost_, f_spend_;
};

}  // namespace wfsim
