#include "wfsim/model/model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

// One ASYE stage feeding social workers, no leaving: people move only by the calendar.
const char* PROGRESSION = R"(
schema_version: 1
name: progression
start: 2024-01
horizon_months: 30
replications: 1
seed: 1
stages:
  - id: asye
    headcount: 0
    leaving_rate: 0
    duration_months: 12
    next: social_worker
  - id: social_worker
    headcount: 0
    leaving_rate: 0
intakes:
  - route: graduate
    stage: asye
    month: 9
    size: 5
)";

}  // namespace

TEST(Model, LeavingRateIsConvertedToAMonthlyProbabilityNotDividedByTwelve) {
  const double m = Model::monthly_probability(0.17);
  EXPECT_NEAR(std::pow(1 - m, 12), 0.83, 1e-12);
  EXPECT_NEAR(m, 0.0154075, 1e-7);
  EXPECT_GT(std::abs(m - 0.17 / 12), 1e-4);
  EXPECT_EQ(Model::monthly_probability(0.0), 0.0);
  EXPECT_EQ(Model::monthly_probability(1.0), 1.0);
}

TEST(Model, TimeBasedProgressionLandsInTheRightMonth) {
  const Model model(load_scenario_text(PROGRESSION, "progression"));
  std::vector<double> out(model.layout().values_per_replication());
  model.simulate(1, 0, out);
  const Family& hc = model.layout().find("headcount");
  const auto& months = model.month_labels();
  for (std::size_t t = 0; t < months.size(); ++t) {
    const double asye = out[hc.at(0, t)], sw = out[hc.at(1, t)];
    // The 2024-09 cohort is in the ASYE for 2024-09 .. 2025-08 and social workers from
    // 2025-09, when the 2025-09 cohort takes its place in the ASYE.
    EXPECT_EQ(asye, months[t] >= "2024-09" ? 5 : 0) << months[t];
    EXPECT_EQ(sw, months[t] >= "2025-09" ? 5 : 0) << months[t];
  }
}

TEST(Model, OpeningStaffOfATimedStageAreSpreadOverMonthsServed) {
  std::string text = PROGRESSION;
  text.replace(text.find("headcount: 0"), 12, "headcount: 24");
  const Model model(load_scenario_text(text, "spread"));
  std::vector<double> out(model.layout().values_per_replication());
  model.simulate(1, 0, out);
  const Family& hc = model.layout().find("headcount");
  // Two people complete each month for the first 12 months.
  for (int t = 0; t < 8; ++t) EXPECT_EQ(out[hc.at(1, t)], 2 * (t + 1)) << t;
}

TEST(Model, NonCompletersLeave) {
  std::string text = PROGRESSION;
  text.replace(text.find("next: social_worker"), 19,
               "next: social_worker\n    completion_probability: 0");
  const Model model(load_scenario_text(text, "fail"));
  std::vector<double> out(model.layout().values_per_replication());
  model.simulate(1, 0, out);
  const Family& hc = model.layout().find("headcount");
  const Family& leavers = model.layout().find("leavers");
  EXPECT_EQ(out[hc.at(1, 29)], 0);
  EXPECT_EQ(out[leavers.at(0, 20)], 5);  // 2025-09
}

// Every month and every stage: opening + in - out = closing, and no bucket below zero.
TEST(Model, StocksBalanceAndStayNonNegative) {
  for (const char* file : {"linear.yaml"}) {
    const Model model(test::load_data(file));
    const auto& sc = model.scenario();
    for (std::uint64_t rep = 0; rep < 200; ++rep) {
      const ReplicationStreams streams(99, rep);
      State state = model.initial_state();
      MonthFlows f;
      for (int t = 0; t < sc.horizon_months; ++t) {
        model.step(state, t, streams, f);
        int moved_out = 0, moved_in = 0;
        for (std::size_t s = 0; s < sc.stages.size(); ++s) {
          EXPECT_EQ(
              f.opening[s] + f.joined[s] + f.progressed_in[s] - f.leavers[s] - f.progressed_out[s],
              f.closing[s]);
          EXPECT_EQ(f.closing[s], model.headcount(state, static_cast<int>(s)));
          moved_out += f.progressed_out[s];
          moved_in += f.progressed_in[s];
        }
        EXPECT_EQ(moved_out, moved_in);  // progression moves people, it does not make them
        for (int c : state.counts) ASSERT_GE(c, 0);
      }
    }
  }
}

TEST(Model, ExperiencedRecruitmentNeverFillsBeyondTheEstablishment) {
  const Model model(load_scenario_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml"));
  const Family& vacancy = model.layout().find("vacancy_fte");
  const Family& in_post = model.layout().find("fte_in_post");
  const Family& est = model.layout().find("establishment_fte");
  std::vector<double> out(model.layout().values_per_replication());
  for (std::uint64_t rep = 0; rep < 50; ++rep) {
    model.simulate(3, rep, out);
    for (std::size_t t = 0; t < vacancy.times; ++t) {
      EXPECT_GE(out[vacancy.at(0, t)], 0);
      EXPECT_NEAR(out[vacancy.at(0, t)], std::max(0.0, out[est.at(0, t)] - out[in_post.at(0, t)]),
                  1e-9);
    }
  }
}

TEST(Model, FinancialYearSpendAddsUpTheMonths) {
  const Model model(test::load_data("linear.yaml"));  // 2024-01 .. 2026-12
  ASSERT_EQ(model.year_labels(),
            (std::vector<std::string>{"2023/24", "2024/25", "2025/26", "2026/27"}));
  EXPECT_EQ(model.months_in_year(), (std::vector<int>{3, 12, 12, 9}));
  std::vector<double> out(model.layout().values_per_replication());
  model.simulate(1, 0, out);
  const Family& cost = model.layout().find("cost");
  const Family& spend = model.layout().find("spend_by_financial_year");
  double first_three = 0, next_twelve = 0;
  for (int t = 0; t < 3; ++t) first_three += out[cost.at(COST_TOTAL, t)];
  for (int t = 3; t < 15; ++t) next_twelve += out[cost.at(COST_TOTAL, t)];
  EXPECT_DOUBLE_EQ(out[spend.at(COST_TOTAL, 0)], first_three);
  EXPECT_NEAR(out[spend.at(COST_TOTAL, 1)], next_twelve, 1e-6);
}

TEST(Model, MonthlyPayIsFteTimesSalaryWithOnCosts) {
  const Model model(test::load_data("linear.yaml"));
  std::vector<double> out(model.layout().values_per_replication());
  model.simulate(1, 0, out);
  const auto& sc = model.scenario();
  const Family& hc = model.layout().find("headcount");
  const Family& cost = model.layout().find("cost");
  double pay = 0;
  for (std::size_t s = 0; s < sc.stages.size(); ++s)
    pay += out[hc.at(s, 5)] * sc.stages[s].fte_per_head * sc.stages[s].annual_salary / 12 * 1.25;
  EXPECT_NEAR(out[cost.at(COST_PERMANENT_PAY, 5)], pay, 1e-6);
}

}  // namespace wfsim
