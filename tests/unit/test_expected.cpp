#include "wfsim/model/expected.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace wfsim {

// On a scenario without feedback, the Monte Carlo mean of every linear result must agree
// with the expected-value projection within 4 standard errors (sd / sqrt(n)).
TEST(Expected, MonteCarloMeanAgreesWithinFourStandardErrors) {
  const Model model(test::load_data("linear.yaml"));
  const ExpectedProjection ev = expected_projection(model);
  ASSERT_TRUE(ev.exact);
  RunOptions options;
  options.replications = model.scenario().replications;
  options.seed = 11;
  const Summary summary = run_replications(model, options, nullptr);
  const double root_n = std::sqrt(static_cast<double>(summary.count()));
  int compared = 0;
  for (const char* name : {"headcount", "fte", "leavers", "joiners", "headcount_by_route",
                           "leavers_by_route", "stability", "open_cases", "required_fte"}) {
    const Family& f = model.layout().find(name);
    for (std::size_t c = 0; c < f.category_count(); ++c)
      for (std::size_t t = 0; t < f.times; ++t) {
        const std::size_t i = f.at(c, t);
        const double se = summary.sd(i) / root_n;
        EXPECT_LE(std::abs(summary.mean(i) - ev.values[i]), 4 * se + 1e-9)
            << name << "[" << (f.has_categories() ? f.categories[c] : "") << "] month "
            << model.month_labels()[t] << ": mean " << summary.mean(i) << ", expected "
            << ev.values[i];
        ++compared;
      }
  }
  // Every cost that is linear in people (all but agency cover, which depends on vacancies).
  const Family& cost = model.layout().find("cost");
  for (int k : {COST_PERMANENT_PAY, COST_TRAINING, COST_RECRUITMENT, COST_GRANT_INCOME})
    for (std::size_t t = 0; t < cost.times; ++t) {
      const std::size_t i = cost.at(k, t);
      EXPECT_LE(std::abs(summary.mean(i) - ev.values[i]), 4 * summary.sd(i) / root_n + 1e-9)
          << cost.categories[k] << " month " << t;
      ++compared;
    }
  EXPECT_GT(compared, 800);
}

TEST(Expected, ProjectionFollowsTheHandWorkedFirstMonth) {
  const Model model(test::load_data("linear.yaml"));
  const ExpectedProjection ev = expected_projection(model);
  const Family& hc = model.layout().find("headcount");
  const double p_sw = Model::monthly_probability(0.1);
  const double q_sen = Model::monthly_probability(0.12);
  // Social workers by tenure band: 10 under 1 year, 15 from 1 to 3 years, 25 over 3 years.
  const double stay = 10 * (1 - Model::monthly_probability(0.3)) +
                      15 * (1 - Model::monthly_probability(0.2)) +
                      25 * (1 - Model::monthly_probability(0.12));
  // Senior: survivors of 15 plus promoted social workers.
  EXPECT_NEAR(ev.values[hc.at(3, 0)], 15 * (1 - q_sen) + stay * p_sw, 1e-9);
  // Social workers: those who stayed and were not promoted, and one ASYE (of 12, one per
  // month served) who completes.
  EXPECT_NEAR(ev.values[hc.at(2, 0)], stay * (1 - p_sw) + 1 * 0.9, 1e-9);
}

TEST(Expected, RecruitmentMakesTheProjectionApproximate) {
  const Model model(load_scenario_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml"));
  EXPECT_FALSE(expected_projection(model).exact);
}

}  // namespace wfsim
