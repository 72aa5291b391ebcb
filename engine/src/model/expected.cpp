#include "wfsim/model/expected.hpp"

#include <algorithm>

#include <Eigen/Dense>

namespace wfsim {

ExpectedProjection expected_projection(const Model& model) {
  const Scenario& sc = model.scenario();
  const int n = model.state_size();
  const int n_stages = static_cast<int>(sc.stages.size());

  // A moves expected people from bucket to bucket in one month; leave(s, j) is the
  // expected share of bucket j that leaves stage s.
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  Eigen::MatrixXd leave = Eigen::MatrixXd::Zero(n_stages, n);
  for (int s = 0; s < n_stages; ++s) {
    const auto& st = sc.stages[s];
    const double q = model.monthly_leaving(s);
    const int first = model.offset(s);
    if (st.timed()) {
      const int last = first + model.buckets(s) - 1;
      a(model.offset(st.next_stage), last) += st.completion_probability;
      leave(s, last) += 1.0 - st.completion_probability;
      for (int j = first; j < last; ++j) {
        a(j + 1, j) += 1.0 - q;
        leave(s, j) += q;
      }
    } else {
      double stay = 1.0 - q;
      leave(s, first) += q;
      for (std::size_t k = 0; k < st.promotions.size(); ++k) {
        const double moved = stay * model.monthly_promotion(s, static_cast<int>(k));
        a(model.offset(st.promotions[k].to_stage), first) += moved;
        stay -= moved;
      }
      a(first, first) += stay;
    }
  }

  ExpectedProjection result;
  result.values.assign(model.layout().values_per_replication(), 0.0);
  const State opening = model.initial_state();
  Eigen::VectorXd x(n);
  for (int j = 0; j < n; ++j) x(j) = opening.counts[j];

  std::vector<double> hc(n_stages), leavers(n_stages), joiners(model.routes().size());
  for (int t = 0; t < sc.horizon_months; ++t) {
    Eigen::VectorXd left = leave * x;
    x = a * x;
    std::fill(joiners.begin(), joiners.end(), 0.0);
    const int calendar_month = sc.start.plus(t).month;
    for (std::size_t i = 0; i < sc.intakes.size(); ++i) {
      const auto& in = sc.intakes[i];
      if (in.month_of_year != calendar_month) continue;
      const double filled = in.size * in.fill_probability;
      x(model.offset(in.stage)) += filled;
      joiners[model.intake_route(static_cast<int>(i))] += filled;
    }
    for (int s = 0; s < n_stages; ++s) hc[s] = x.segment(model.offset(s), model.buckets(s)).sum();
    for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
      const auto& grp = sc.establishment[g];
      if (grp.recruit_stage < 0 || grp.monthly_fill_probability <= 0) continue;
      result.exact = false;
      const double vacant = std::max(0.0, grp.fte - model.group_fte(static_cast<int>(g), hc));
      const double hired =
          grp.monthly_fill_probability * vacant / sc.stages[grp.recruit_stage].fte_per_head;
      x(model.offset(grp.recruit_stage)) += hired;
      hc[grp.recruit_stage] += hired;
      joiners[model.recruit_route(static_cast<int>(g))] += hired;
    }
    for (int s = 0; s < n_stages; ++s) leavers[s] = left(s);
    model.record_month(t, hc, leavers, joiners, result.values);
  }
  model.record_years(result.values);
  return result;
}

}  // namespace wfsim
