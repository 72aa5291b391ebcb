#include "wfsim/model/model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "test_support.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/expected.hpp"

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

//! Results of replication 0 of `yaml`, and the model that made them.
struct OneReplication {
  explicit OneReplication(const std::string& yaml) : model(load_scenario_text(yaml, "test")) {
    out.resize(model.layout().values_per_replication());
    model.simulate(1, 0, out);
  }
  double at(const std::string& family, std::size_t category, std::size_t t) const {
    return out[model.layout().find(family).at(category, t)];
  }
  Model model;
  std::vector<double> out;
};

const char* PIPELINE = R"(
schema_version: 1
name: pipeline
start: 2023-10
horizon_months: 60
replications: 1
seed: 1
stages:
  - id: apprentice
    headcount: 0
    leaving_rate: 0
    duration_months: 36
    next: asye
  - id: asye
    headcount: 0
    leaving_rate: 0
    duration_months: 12
    next: social_worker
  - id: social_worker
    headcount: 0
    leaving_rate: 0
intakes:
  - route: apprenticeship
    stage: apprentice
    month: 1
    size: 1
)";

}  // namespace

// An apprentice who starts in January 2024 and does not drop out qualifies in January 2027
// and then spends 12 months in the ASYE; the route stays with them throughout.
TEST(Model, ApprenticeshipPipelineTiming) {
  const OneReplication run(PIPELINE);
  const auto& months = run.model.month_labels();
  const auto& routes = run.model.routes();
  const std::size_t apprenticeship =
      std::find(routes.begin(), routes.end(), "apprenticeship") - routes.begin();
  for (std::size_t t = 0; t < months.size(); ++t) {
    const std::string& m = months[t];
    const int year = std::stoi(m.substr(0, 4));
    // A new cohort of one starts every January, and nobody leaves.
    EXPECT_EQ(run.at("headcount_by_route", apprenticeship, t), m >= "2024-01" ? year - 2023 : 0)
        << m;
    // The 2024 cohort: ASYE from 2027-01 (the 2025 cohort follows from 2028-01) ...
    EXPECT_EQ(run.at("headcount", 1, t), m >= "2027-01" ? 1 : 0) << m;
    // ... and social worker from 2028-01, still counted under its route.
    EXPECT_EQ(run.at("headcount", 2, t), m >= "2028-01" ? 1 : 0) << m;
  }
}

TEST(Model, LeavingDependsOnLengthOfService) {
  // One person, 6 months' service at the start: safe in the first year, certain to leave
  // in the month their service reaches 12 months.
  const OneReplication run(R"(
schema_version: 1
name: tenure
start: 2024-01
horizon_months: 12
replications: 1
seed: 1
tenure_bands: [1]
stages:
  - id: sw
    headcount_by_tenure: [1, 0]
    leaving_rate: [0, 1]
)");
  for (std::size_t t = 0; t < 12; ++t) {
    EXPECT_EQ(run.at("headcount", 0, t), t < 6 ? 1 : 0) << t;
    EXPECT_EQ(run.at("leavers", 0, t), t == 6 ? 1 : 0) << t;
    EXPECT_EQ(run.at("leavers_by_route", 0, t), t == 6 ? 1 : 0) << t;  // existing staff
  }
}

TEST(Model, StabilityProfileCountsLengthOfService) {
  // 4 under 3 years (4, 13, 22 and 31 months' service), 6 from 3 to 9 (43, 57, ... 113
  // months), 2 of 10 and over.
  const OneReplication run(R"(
schema_version: 1
name: stability
start: 2024-01
horizon_months: 20
replications: 1
seed: 1
tenure_bands: [3, 10]
stages:
  - id: sw
    headcount_by_tenure: [4, 6, 2]
    leaving_rate: 0
)");
  for (std::size_t t = 0; t < 20; ++t) {
    // 31 months at the start: 3 years at the end of month 4 (t = 4); 22 months: t = 13.
    const double under_3 = t < 4 ? 4 : t < 13 ? 3 : 2;
    EXPECT_EQ(run.at("stability", 0, t), under_3) << t;
    EXPECT_EQ(run.at("stability", 0, t) + run.at("stability", 1, t) + run.at("stability", 2, t),
              12);
    // 113 months at the start: 10 years at the end of month 6.
    EXPECT_EQ(run.at("stability", 2, t), t < 6 ? 2 : 3) << t;
  }
}

TEST(Model, LeavingRateIsConvertedToAMonthlyProbabilityNotDividedByTwelve) {
  const double m = Model::monthly_probability(0.17);
  EXPECT_NEAR(std::pow(1 - m, 12), 0.83, 1e-12);
  EXPECT_NEAR(m, 0.0154075, 1e-7);
  EXPECT_GT(std::abs(m - 0.17 / 12), 1e-4);
  EXPECT_EQ(Model::monthly_probability(0.0), 0.0);
  EXPECT_EQ(Model::monthly_probability(1.0), 1.0);
}

// Councils report turnover as leavers in a year / average staff (the DfE definition). A
// stage given `turnover_rate: 0.17`, with leavers replaced, measures 17% turnover; the same
// number as `leaving_rate` (a yearly probability) measures about 18.5%.
TEST(Model, TurnoverRateIsTheTurnoverMeasured) {
  auto measured = [](const std::string& key) {
    const Model model(load_scenario_text(R"(
schema_version: 1
name: turnover
start: 2024-04
horizon_months: 24
replications: 1
seed: 5
stages:
  - id: sw
    headcount: 2000
    )" + key + R"(: 0.17
establishment:
  - id: frontline
    stages: [sw]
    fte: 2000
    recruitment: {stage: sw, monthly_fill_probability: 1}
)",
                                         "turnover"));
    std::vector<double> out(model.layout().values_per_replication());
    const Family& leavers = model.layout().find("leavers");
    const Family& headcount = model.layout().find("headcount");
    double sum = 0, sum2 = 0;
    const int reps = 100;
    for (int r = 0; r < reps; ++r) {
      model.simulate(5, static_cast<std::uint64_t>(r), out);
      double left = 0, staff = 0;  // the second financial year, as the DfE counts it
      for (std::size_t t = 12; t < 24; ++t)
        left += out[leavers.at(0, t)], staff += out[headcount.at(0, t)] / 12;
      sum += left / staff, sum2 += (left / staff) * (left / staff);
    }
    const double mean = sum / reps, se = std::sqrt((sum2 / reps - mean * mean) / reps);
    return std::pair{mean, se};
  };
  const auto [turnover, se] = measured("turnover_rate");
  EXPECT_NEAR(turnover, 0.17, 4 * se + 0.002) << "se " << se;
  const auto [as_probability, se2] = measured("leaving_rate");
  EXPECT_NEAR(as_probability, 12 * Model::monthly_probability(0.17), 4 * se2 + 0.002);
  EXPECT_GT(as_probability - turnover, 6 * (se + se2));
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

TEST(Model, FewOpeningStaffOfATimedStageAreSpreadApart) {
  // Three apprentices over a 36-month course: 7, 19 and 31 months served at the start, so
  // they complete in months 29, 17 and 5 (not all within the first months).
  const OneReplication run(R"(
schema_version: 1
name: few
start: 2024-01
horizon_months: 36
replications: 1
seed: 1
stages:
  - id: apprentice
    headcount: 3
    leaving_rate: 0
    duration_months: 36
    next: sw
  - id: sw
    headcount: 0
    leaving_rate: 0
)");
  for (int t = 0; t < 36; ++t)
    EXPECT_EQ(run.at("headcount", 1, t), (t >= 5) + (t >= 17) + (t >= 29)) << t;
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

// Every month and every stage: opening + in - out = closing, no stock below zero, and
// everyone still in post is a distinct person in a real stage.
TEST(Model, StocksBalanceAndStayNonNegative) {
  for (const std::string& path : {std::string(WFSIM_TEST_DATA) + "/linear.yaml",
                                  std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml"}) {
    const Model model(load_scenario_file(path));
    const auto& sc = model.scenario();
    const int n_stages = static_cast<int>(sc.stages.size());
    for (std::uint64_t rep = 0; rep < 100; ++rep) {
      const ReplicationStreams streams(99, rep);
      const auto rates = model.rates(model.draw_parameters(streams));
      const auto demand = model.demand_path(rates, &streams);
      State state = model.initial_state();
      MonthFlows f;
      for (int t = 0; t < sc.horizon_months; ++t) {
        model.step(state, t, streams, rates[model.epoch(t)], demand[t], f);
        std::vector<int> counted(n_stages, 0);
        std::set<std::uint64_t> keys;
        for (const Person& p : state.people) {
          ASSERT_TRUE(p.stage >= 0 && p.stage < n_stages);
          ++counted[p.stage];
          keys.insert(p.key);
        }
        ASSERT_EQ(keys.size(), state.people.size()) << "two people share a key";
        int moved_out = 0, moved_in = 0;
        for (int s = 0; s < n_stages; ++s) {
          EXPECT_EQ(
              f.opening[s] + f.joined[s] + f.progressed_in[s] - f.leavers[s] - f.progressed_out[s],
              f.closing[s]);
          EXPECT_EQ(f.closing[s], counted[s]);
          EXPECT_GE(f.closing[s], 0);
          moved_out += f.progressed_out[s];
          moved_in += f.progressed_in[s];
        }
        EXPECT_EQ(moved_out, moved_in);  // progression moves people, it does not make them
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
    pay += out[hc.at(s, 2)] * test::fixed(sc, sc.stages[s].fte_per_head) *
           test::fixed(sc, sc.stages[s].annual_salary) / 12 * 1.25;
  EXPECT_NEAR(out[cost.at(COST_PERMANENT_PAY, 2)], pay, 1e-6);  // 2024-03: before any pay award
}

}  // namespace wfsim

namespace wfsim {

// Costs against a hand-worked case: 10 social workers who never leave, two starters each
// September, and agency cover for every vacant post of 15.
TEST(Costs, HandWorkedMonthsYearsAndPresentValue) {
  const Model model(load_scenario_text(R"(
schema_version: 1
name: costs
start: 2024-01
horizon_months: 24
replications: 1
seed: 1
on_cost_rate: 0.2
pay_award: 0.03
discount_rate: 0.035
stages:
  - id: sw
    headcount: 10
    salary: 30000
    leaving_rate: 0
    training_cost: 1200
    retention_payment: 600
    grant: 2400
intakes:
  - route: graduate
    stage: sw
    month: 9
    size: 2
    cost_per_hire: 1000
establishment:
  - id: all_posts
    stages: [sw]
    fte: 15
agency:
  cover_share: 1
  annual_cost_per_fte: 60000
)",
                                       "costs"));
  std::vector<double> out(model.layout().values_per_replication());
  model.simulate(1, 0, out);
  const Family& cost = model.layout().find("cost");
  auto at = [&](int k, int t) { return out[cost.at(k, t)]; };

  // 2024-01: 10 people at 30,000 a year with 20% on-costs; 5 vacant posts covered by agency.
  EXPECT_DOUBLE_EQ(at(COST_PERMANENT_PAY, 0), 10 * 30000 / 12.0 * 1.2);
  EXPECT_DOUBLE_EQ(at(COST_TRAINING, 0), 10 * 1200 / 12.0);
  EXPECT_DOUBLE_EQ(at(COST_RETENTION, 0), 10 * 600 / 12.0);
  EXPECT_DOUBLE_EQ(at(COST_GRANT_INCOME, 0), -10 * 2400 / 12.0);
  EXPECT_DOUBLE_EQ(at(COST_AGENCY, 0), 5 * 60000 / 12.0);
  EXPECT_DOUBLE_EQ(at(COST_RECRUITMENT, 0), 0);
  EXPECT_DOUBLE_EQ(at(COST_TOTAL, 0), 30000 + 1000 + 500 - 2000 + 25000);
  // 2024-04: the first pay award.
  EXPECT_DOUBLE_EQ(at(COST_PERMANENT_PAY, 3), 10 * 30000 * 1.03 / 12.0 * 1.2);
  // 2024-09: two starters, each costing 1,000 to hire; two fewer agency FTE.
  EXPECT_DOUBLE_EQ(at(COST_RECRUITMENT, 8), 2000);
  EXPECT_DOUBLE_EQ(at(COST_PERMANENT_PAY, 8), 12 * 30000 * 1.03 / 12.0 * 1.2);
  EXPECT_DOUBLE_EQ(at(COST_AGENCY, 8), 3 * 60000 / 12.0);
  // 2025-04: the second award compounds.
  EXPECT_NEAR(at(COST_PERMANENT_PAY, 15), 12 * 30000 * 1.03 * 1.03 / 12.0 * 1.2, 1e-6);

  // Financial years: 2023/24 holds January to March 2024 only.
  const Family& spend = model.layout().find("spend_by_financial_year");
  EXPECT_EQ(model.year_labels(), (std::vector<std::string>{"2023/24", "2024/25", "2025/26"}));
  EXPECT_NEAR(out[spend.at(COST_TOTAL, 0)], 3 * 54500, 1e-6);
  double fy2425 = 0;
  for (int t = 3; t < 15; ++t) fy2425 += at(COST_TOTAL, t);
  EXPECT_NEAR(out[spend.at(COST_TOTAL, 1)], fy2425, 1e-6);

  // Cumulative spend ends at the sum of every month; the present value discounts the
  // second financial year once and the third twice.
  double all = 0;
  for (int t = 0; t < 24; ++t) all += at(COST_TOTAL, t);
  EXPECT_NEAR(out[model.layout().find("cumulative_cost").at(COST_TOTAL, 23)], all, 1e-6);
  const double pv = out[spend.at(COST_TOTAL, 0)] + out[spend.at(COST_TOTAL, 1)] / 1.035 +
                    out[spend.at(COST_TOTAL, 2)] / (1.035 * 1.035);
  EXPECT_NEAR(out[model.layout().find("present_value").at(COST_TOTAL, 0)], pv, 1e-6);
}

}  // namespace wfsim

namespace wfsim {

namespace {

// Apprentices (training), new ASYEs and experienced social workers, all leaving often.
const char* DESTINATIONS = R"(
schema_version: 1
name: destinations
start: 2024-01
horizon_months: 48
replications: 1
seed: 1
leaver_destinations: {other_council: 0.25, agency: 0.25, left_profession: 0.25, retirement: 0.25}
stages:
  - id: apprentice
    headcount: 30
    leaving_rate: 0.3
    duration_months: 36
    next: asye
    qualified: false
  - id: asye
    headcount: 30
    leaving_rate: 0.3
    duration_months: 12
    next: sw
  - id: sw
    headcount_by_tenure: [100]
    leaving_rate: 0.3
intakes:
  - route: graduate
    stage: asye
    month: 9
    size: 20
)";

}  // namespace

TEST(Destinations, AddUpAndKeepTheAgencyRule) {
  const Model model(load_scenario_text(DESTINATIONS, "destinations"));
  std::vector<double> counts(4, 0.0);
  int agency_leavers = 0;
  for (std::uint64_t rep = 0; rep < 100; ++rep) {
    const ReplicationStreams streams(5, rep);
    const auto rates = model.rates(model.draw_parameters(streams));
    const auto demand = model.demand_path(rates, &streams);
    State state = model.initial_state();
    MonthFlows f;
    for (int t = 0; t < 48; ++t) {
      // Who could go to agency work this month: qualified three years or more.
      std::set<std::uint64_t> eligible;
      for (const Person& p : state.people)
        if (p.qualified != Person::NOT_QUALIFIED && t - p.qualified >= 36) eligible.insert(p.key);
      model.step(state, t, streams, rates[model.epoch(t)], demand[t], f);
      int total = 0;
      for (int d = 0; d < 4; ++d) total += f.leavers_by_destination[d];
      int leavers = 0;
      for (int l : f.leavers) leavers += l;
      ASSERT_EQ(total, leavers) << "month " << t;
      if (f.leavers_by_destination[DESTINATION_AGENCY] > 0) {
        ASSERT_GE(f.least_agency_experience, 36) << "month " << t;
        ASSERT_LE(f.leavers_by_destination[DESTINATION_AGENCY], static_cast<int>(eligible.size()));
      }
      agency_leavers += f.leavers_by_destination[DESTINATION_AGENCY];
    }
  }
  EXPECT_GT(agency_leavers, 500);  // the rule is exercised, not vacuous
}

TEST(Destinations, TraineesAndNewlyQualifiedNeverGoToAgency) {
  // Only apprentices and new graduates: the first apprentices qualify in month 0 and the
  // first graduates (2024-09) in month 8, so nobody may go to agency work before month 36.
  std::string text = DESTINATIONS;
  text.replace(text.find("headcount_by_tenure: [100]"), 26, "headcount: 0");
  text.replace(text.find("headcount: 30\n    leaving_rate: 0.3\n    duration_months: 12"), 13,
               "headcount: 0");
  const Model model(load_scenario_text(text, "trainees"));
  std::vector<double> out(model.layout().values_per_replication());
  const Family& dest = model.layout().find("leavers_by_destination");
  double later = 0;
  for (std::uint64_t rep = 0; rep < 100; ++rep) {
    model.simulate(5, rep, out);
    for (int t = 0; t < 36; ++t) ASSERT_EQ(out[dest.at(DESTINATION_AGENCY, t)], 0) << t;
    for (int t = 36; t < 48; ++t) later += out[dest.at(DESTINATION_AGENCY, t)];
  }
  EXPECT_GT(later, 0);  // once qualified for three years, they may
}

// Social workers all qualified three years or more split evenly over four destinations:
// chi-square with 3 degrees of freedom, 99.9th percentile 16.27.
TEST(Destinations, SharesAreFollowed) {
  const Model model(load_scenario_text(R"(
schema_version: 1
name: shares
start: 2024-01
horizon_months: 12
replications: 1
seed: 1
tenure_bands: [3]
leaver_destinations: {other_council: 0.25, agency: 0.25, left_profession: 0.25, retirement: 0.25}
stages:
  - id: sw
    headcount_by_tenure: [0, 200]
    leaving_rate: 0.3
)",
                                       "shares"));
  std::vector<double> out(model.layout().values_per_replication());
  const Family& dest = model.layout().find("leavers_by_destination");
  std::vector<double> counts(4, 0.0);
  for (std::uint64_t rep = 0; rep < 200; ++rep) {
    model.simulate(9, rep, out);
    for (int t = 0; t < 12; ++t)
      for (int d = 0; d < 4; ++d) counts[d] += out[dest.at(d, t)];
  }
  const double mean = (counts[0] + counts[1] + counts[2] + counts[3]) / 4;
  double chi2 = 0;
  for (double c : counts) chi2 += (c - mean) * (c - mean) / mean;
  EXPECT_GT(mean, 1000);
  EXPECT_LT(chi2, 16.27);
}

}  // namespace wfsim

namespace wfsim {

TEST(Retention, ShareStillEmployedAfterQualifyingByRoute) {
  // Graduates join every January and stay exactly two years (certain to leave once their
  // service reaches 24 months); nobody takes the fast-track route.
  const Model model(load_scenario_text(R"(
schema_version: 1
name: retention
start: 2024-01
horizon_months: 48
replications: 1
seed: 1
tenure_bands: [1, 2]
stages:
  - id: trainee
    headcount: 0
    leaving_rate: 0
    duration_months: 12
    next: sw
    qualified: false
  - id: sw
    headcount: 0
    leaving_rate: [0, 0, 1]
intakes:
  - route: graduate
    stage: sw
    month: 1
    size: 10
  - route: fast_track
    stage: trainee
    month: 1
    size: 0
)",
                                       "retention"));
  std::vector<double> out(model.layout().values_per_replication());
  model.simulate(1, 0, out);
  const Family& f = model.layout().find("retention");
  const std::size_t graduate = 1, fast_track = 2;
  ASSERT_EQ(model.routes()[graduate], "graduate");
  EXPECT_EQ(out[f.at(graduate, 0)], 1.0);  // all still there 12 months after starting
  EXPECT_EQ(out[f.at(graduate, 1)], 0.0);  // all gone in the month service reaches 24
  EXPECT_EQ(out[f.at(graduate, 2)], 0.0);
  EXPECT_TRUE(std::isnan(out[f.at(fast_track, 0)]));  // nobody took the route
  EXPECT_TRUE(std::isnan(out[f.at(0, 0)]));           // opening staff are not counted
}

}  // namespace wfsim

namespace wfsim {

namespace {

const char* DEMAND = R"(
schema_version: 1
name: demand
start: 2024-01
horizon_months: 24
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 40
    leaving_rate: 0
  - id: manager
    headcount: 5
    leaving_rate: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 50
agency:
  cover_share: 0.5
demand:
  open_cases: 800
  annual_growth: 0.06
  target_caseload: {sw: 16}
)";

}  // namespace

TEST(Demand, RecursionCaseloadAndGap) {
  const OneReplication run(DEMAND);
  for (int t = 0; t < 24; ++t) {
    const double cases = 800 * std::pow(1.06, (t + 1) / 12.0);
    EXPECT_NEAR(run.at("open_cases", 0, t), cases, 1e-9) << t;
    EXPECT_NEAR(run.at("required_fte", 0, t), cases / 16, 1e-9) << t;
    // 40 social workers hold cases, with 5 agency FTE (half of the 10 vacant posts);
    // managers hold none.
    EXPECT_NEAR(run.at("average_caseload", 0, t), cases / 45, 1e-9) << t;
    EXPECT_NEAR(run.at("fte_gap", 0, t), cases / 16 - 45, 1e-9) << t;
  }
  EXPECT_NEAR(run.at("open_cases", 0, 11), 800 * 1.06, 1e-9);  // a year's growth
}

TEST(Demand, CanDriveTheEstablishment) {
  std::string text = DEMAND;
  text += "  establishment_group: frontline\n";
  const OneReplication run(text);
  for (int t = 0; t < 24; ++t)
    EXPECT_NEAR(run.at("establishment_fte", 0, t), run.at("required_fte", 0, t), 1e-9) << t;
}

// With noise, open cases still follow the trend on average: within 4 standard errors.
TEST(Demand, NoiseKeepsTheTrendOnAverage) {
  std::string text = DEMAND;
  text.replace(text.find("annual_growth: 0.06"), 19, "annual_growth: 0.06\n  monthly_noise: 0.05");
  const Model model(load_scenario_text(text, "noise"));
  const Family& f = model.layout().find("open_cases");
  std::vector<double> out(model.layout().values_per_replication());
  double sum = 0, sum_sq = 0;
  const int n = 4000;
  for (int rep = 0; rep < n; ++rep) {
    model.simulate(2, rep, out);
    const double x = out[f.at(0, 23)];
    sum += x, sum_sq += x * x;
  }
  const double mean = sum / n, sd = std::sqrt(sum_sq / n - mean * mean);
  EXPECT_GT(sd, 50);  // noise is there
  EXPECT_NEAR(mean, 800 * 1.06 * 1.06, 4 * sd / std::sqrt(double(n)));
}

}  // namespace wfsim

namespace wfsim {

namespace {

// Experienced staff leave often, many for agency work; the council covers every vacancy.
const char* AGENCY = R"(
schema_version: 1
name: agency
start: 2024-01
horizon_months: 36
replications: 1
seed: 1
tenure_bands: [3]
leaver_destinations: {other_council: 0.2, agency: 0.6, left_profession: 0.2}
stages:
  - id: asye
    headcount: 12
    leaving_rate: 0.5
    duration_months: 12
    next: sw
  - id: sw
    headcount_by_tenure: [20, 40]
    leaving_rate: 0.4
establishment:
  - id: frontline
    stages: [asye, sw]
    fte: 80
    recruitment: {stage: sw, monthly_fill_probability: 0.05}
intakes:
  - route: graduate
    stage: asye
    month: 9
    size: 10
agency:
  cover_share: 1
  annual_cost_per_fte: 90000
)";

}  // namespace

TEST(Agency, RulesAreNeverBroken) {
  const Model model(load_scenario_text(AGENCY, "agency"));
  int former_staff_hired = 0, locum_months = 0;
  for (std::uint64_t rep = 0; rep < 200; ++rep) {
    const ReplicationStreams streams(8, rep);
    const auto rates = model.rates(model.draw_parameters(streams));
    const auto demand = model.demand_path(rates, &streams);
    State state = model.initial_state();
    MonthFlows f;
    for (int t = 0; t < 36; ++t) {
      model.step(state, t, streams, rates[model.epoch(t)], demand[t], f);
      // No agency worker with under three years' post-qualifying experience ...
      if (!state.locums.empty()) ASSERT_GE(f.least_locum_experience, 36) << "month " << t;
      // ... and no one who left a permanent post is a local locum within three months.
      if (f.least_months_since_left != INT_MAX) {
        ASSERT_GE(f.least_months_since_left, 3) << "month " << t;
        ++former_staff_hired;
      }
      for (const Locum& l : state.locums) {
        const bool former = std::any_of(state.people.begin(), state.people.end(),
                                        [&](const Person& p) { return p.key == l.key; });
        ASSERT_FALSE(former) << "a locum is also in a permanent post";
      }
      locum_months += static_cast<int>(state.locums.size());
    }
  }
  EXPECT_GT(former_staff_hired, 100);  // both rules are exercised, not vacuous
  EXPECT_GT(locum_months, 10000);
}

TEST(Agency, CoverFollowsWantAvailabilityAndTheCap) {
  // Full availability, no churn: agency FTE is the vacant FTE, rounded to whole locums.
  {
    const OneReplication run(AGENCY);
    for (int t = 0; t < 36; ++t)
      EXPECT_EQ(run.at("agency_fte", 0, t), std::round(run.at("vacancy_fte", 0, t))) << t;
  }
  // No locums to be found: no agency cover at all.
  {
    std::string text = AGENCY;
    text.replace(text.find("  cover_share: 1"), 16, "  cover_share: 1\n  monthly_availability: 0");
    const OneReplication run(text);
    for (int t = 0; t < 36; ++t) EXPECT_EQ(run.at("agency_fte", 0, t), 0) << t;
  }
  // A cap of 5 agency FTE.
  {
    std::string text = AGENCY;
    text.replace(text.find("  cover_share: 1"), 16, "  cover_share: 1\n  max_fte: 5");
    const OneReplication run(text);
    for (int t = 0; t < 36; ++t) EXPECT_LE(run.at("agency_fte", 0, t), 5) << t;
    EXPECT_EQ(run.at("agency_fte", 0, 35), 5);
  }
}

// With conversions the projection is only approximate, and says so; it still follows the
// locum market closely.
TEST(Agency, ProjectionFollowsConversionsApproximately) {
  const std::string text = R"(
schema_version: 1
name: conversion
start: 2024-01
horizon_months: 36
replications: 1
seed: 1
stages:
  - id: sw
    headcount_by_tenure: [50]
    leaving_rate: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 100
agency:
  cover_share: 1
  annual_conversion: 0.5
  annual_cost_per_fte: 80000
)";
  const Model model(load_scenario_text(text, "conversion"));
  const ExpectedProjection ev = expected_projection(model);
  EXPECT_FALSE(ev.exact);
  RunOptions options;
  options.replications = 400;
  const Summary summary = run_replications(model, options, nullptr);
  for (const char* name : {"headcount", "agency_fte"}) {
    const std::size_t i = model.layout().find(name).at(0, 35);
    EXPECT_NEAR(ev.values[i], summary.mean(i), 0.05 * summary.mean(i) + 1) << name;
  }
}

TEST(Agency, ConversionAndHourlyCost) {
  std::string text = AGENCY;
  text.replace(text.find("  annual_cost_per_fte: 90000"), 28,
               "  annual_conversion: 0.5\n  hourly_rate: 50\n  hours_per_week: 37\n"
               "  max_hourly_rate: 45");
  const OneReplication run(text);
  const auto& routes = run.model.routes();
  const std::size_t converted =
      std::find(routes.begin(), routes.end(), "agency_conversion") - routes.begin();
  ASSERT_LT(converted, routes.size());
  double joined = 0;
  for (int t = 0; t < 36; ++t) joined += run.at("joiners", converted, t);
  EXPECT_GT(joined, 5);
  // The regional cap holds the rate at 45 an hour: 45 x 37 x 52 a year per FTE.
  for (int t = 0; t < 36; ++t)
    EXPECT_NEAR(run.at("cost", COST_AGENCY, t), run.at("agency_fte", 0, t) * 45 * 37 * 52 / 12.0,
                1e-6);
}

}  // namespace wfsim

namespace wfsim {

namespace {

const char* ABSENCE = R"(
schema_version: 1
name: absence
start: 2024-01
horizon_months: 6
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0
    sickness_days: 22.7
    long_leave_share: 0.1
establishment:
  - id: frontline
    stages: [sw]
    fte: 10
agency:
  cover_share: 1
)";

}  // namespace

TEST(Absence, EffectiveCapacityDaysLostAndCoverOfLongLeave) {
  const OneReplication run(ABSENCE);
  // 10 FTE, a tenth away on long leave, 22.7 of 227 working days lost to sickness.
  EXPECT_NEAR(run.at("effective_fte", 0, 0), 10 * 0.9 * 0.9, 1e-9);
  EXPECT_NEAR(run.at("days_lost_per_fte", 0, 0), 22.7, 1e-9);
  EXPECT_EQ(run.at("agency_fte", 0, 0), 0);  // no vacancy; long leave not covered
  std::string text = ABSENCE;
  text += "  cover_long_leave: true\n";
  const OneReplication covered(text);
  EXPECT_EQ(covered.at("agency_fte", 0, 0), 1);                      // the one FTE away is covered
  const ExpectedProjection ev = expected_projection(covered.model);  // and so in the projection
  EXPECT_NEAR(ev.values[covered.model.layout().find("agency_fte").at(0, 0)], 1.0, 1e-9);
}

TEST(Recruitment, AboveEstablishment) {
  const OneReplication run(R"(
schema_version: 1
name: over
start: 2024-01
horizon_months: 3
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 10
    recruitment: {stage: sw, monthly_fill_probability: 1, above_establishment: 3}
)");
  EXPECT_EQ(run.at("headcount", 0, 0), 13);  // three over the funded posts, as Sefton did
  EXPECT_EQ(run.at("vacancy_fte", 0, 0), 0);
}

TEST(Recruitment, ACampaignRaisesFillForAPeriodAtACost) {
  // January to June 2024: every vacant post filled, at 5,000 a month; otherwise none.
  const OneReplication run(R"(
schema_version: 1
name: campaign
start: 2023-10
horizon_months: 12
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 14
    recruitment: {stage: sw, monthly_fill_probability: 0}
changes:
  - from: 2024-01
    set:
      establishment.frontline.recruitment.monthly_fill_probability: 1
      establishment.frontline.recruitment.monthly_cost: 5000
  - from: 2024-07
    set:
      establishment.frontline.recruitment.monthly_fill_probability: 0
      establishment.frontline.recruitment.monthly_cost: 0
)");
  for (int t = 0; t < 12; ++t) {
    const bool on = t >= 3 && t < 9;
    EXPECT_EQ(run.at("headcount", 0, t), t < 3 ? 10 : 14) << t;
    EXPECT_EQ(run.at("cost", COST_RECRUITMENT, t), on ? 5000 : 0) << t;
  }
}

TEST(Workload, FeedbackRaisesLeavingWhenCaseloadsRunHigh) {
  const std::string base = R"(
schema_version: 1
name: workload
start: 2024-01
horizon_months: 24
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 50
    leaving_rate: 0.15
demand:
  open_cases: 1500
  target_caseload: {sw: 15}
)";
  const std::string feedback =
      base + "workload_feedback:\n  - {ratio: 1, multiplier: 1}\n  - {ratio: 2, multiplier: 3}\n";
  const Model plain(load_scenario_text(base, "plain")), fed(load_scenario_text(feedback, "fed"));
  EXPECT_DOUBLE_EQ(fed.workload_multiplier(0.5), 1.0);
  EXPECT_DOUBLE_EQ(fed.workload_multiplier(1.5), 2.0);
  EXPECT_DOUBLE_EQ(fed.workload_multiplier(4.0), 3.0);
  EXPECT_DOUBLE_EQ(plain.workload_multiplier(4.0), 1.0);
  // Caseload 30 against a target of 15: leaving doubles after the first month, and the
  // spiral continues as people leave. Compare the people left after two years.
  std::vector<double> a(plain.layout().values_per_replication()),
      b(fed.layout().values_per_replication());
  double left_plain = 0, left_fed = 0;
  for (std::uint64_t rep = 0; rep < 300; ++rep) {
    plain.simulate(4, rep, a);
    fed.simulate(4, rep, b);
    left_plain += a[plain.layout().find("headcount").at(0, 23)];
    left_fed += b[fed.layout().find("headcount").at(0, 23)];
  }
  // Expected survivors: 50 x 0.85^2 = 36 without feedback; far fewer with it.
  EXPECT_NEAR(left_plain / 300, 50 * 0.85 * 0.85, 1.0);
  EXPECT_LT(left_fed / 300, 30);
  EXPECT_FALSE(expected_projection(fed).exact);
}

}  // namespace wfsim

namespace wfsim {

// Each replication's "met" matches a check by hand of the same replication's results.
TEST(Targets, MonthlyTargetsMatchAHandCount) {
  std::string text = test::read_text(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml");
  text = text.substr(0, text.find("\ntargets:") + 1);  // our own targets instead of its own
  text += R"(targets:
  - name: permanence_85
    description: At least 85% of front-line FTE permanent
    measure: permanence
    group: frontline
    at_least: 0.85
  - name: caseload_18
    measure: average_caseload
    at_most: 18
)";
  const Model model(load_scenario_text(text, "targets"));
  const Family& met = model.layout().find("targets_met");
  const Family& agency_rate = model.layout().find("agency_rate");
  const Family& caseload = model.layout().find("average_caseload");
  std::vector<double> out(model.layout().values_per_replication());
  int met_count = 0, checked = 0;
  for (std::uint64_t rep = 0; rep < 100; ++rep) {
    model.simulate(2, rep, out);
    for (std::size_t t = 0; t < met.times; ++t) {
      const bool permanent = 1 - out[agency_rate.at(0, t)] >= 0.85;
      const bool low_caseload = out[caseload.at(0, t)] <= 18;
      ASSERT_EQ(out[met.at(0, t)], permanent ? 1.0 : 0.0) << rep << " " << t;
      ASSERT_EQ(out[met.at(1, t)], low_caseload ? 1.0 : 0.0) << rep << " " << t;
      met_count += permanent;
      ++checked;
    }
  }
  EXPECT_GT(met_count, 0);  // both outcomes happen: the test can fail either way
  EXPECT_LT(met_count, checked);
}

// Permanence and turnover are results of their own: permanence is what agency FTE leaves of
// the workforce, turnover the year's leavers over its average headcount (annualised in a part
// year), by group and for all groups, counted here by hand from the same replication.
TEST(Results, PermanenceAndTurnoverMatchAHandCount) {
  const Model model(load_scenario_text(
      test::read_text(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml"), "k"));
  const auto& sc = model.scenario();
  const Family& permanence = model.layout().find("permanence");
  const Family& agency = model.layout().find("agency_fte");
  const Family& in_post = model.layout().find("fte_in_post");
  const Family& turnover = model.layout().find("turnover");
  const Family& leavers = model.layout().find("leavers");
  const Family& headcount = model.layout().find("headcount");
  ASSERT_EQ(turnover.axis, TimeAxis::financial_year);
  ASSERT_EQ(permanence.categories.back(), "all");
  ASSERT_EQ(permanence.category_count(), sc.establishment.size() + 1);
  std::vector<double> out(model.layout().values_per_replication());
  double lowest_permanence = 1;
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    model.simulate(3, rep, out);
    for (std::size_t g = 0; g < permanence.category_count(); ++g)
      for (std::size_t t = 0; t < permanence.times; ++t) {
        const double a = out[agency.at(g, t)], p = out[in_post.at(g, t)];
        ASSERT_NEAR(out[permanence.at(g, t)], p / (p + a), 1e-12) << g << " " << t;
        lowest_permanence = std::min(lowest_permanence, out[permanence.at(g, t)]);
      }
    for (std::size_t g = 0; g < turnover.category_count(); ++g)
      for (std::size_t y = 0; y < turnover.times; ++y) {
        double left = 0, people = 0;
        for (int t = 0; t < sc.horizon_months; ++t) {
          if (sc.start.plus(t).financial_year() != sc.start.financial_year() + static_cast<int>(y))
            continue;
          for (std::size_t s = 0; s < sc.stages.size(); ++s) {
            const bool member =
                g < sc.establishment.size()
                    ? std::count(sc.establishment[g].stages.begin(),
                                 sc.establishment[g].stages.end(), int(s)) > 0
                    : std::any_of(sc.establishment.begin(), sc.establishment.end(),
                                  [&](const auto& e) {
                                    return std::count(e.stages.begin(), e.stages.end(), int(s)) > 0;
                                  });
            if (!member) continue;
            left += out[leavers.at(s, t)];
            people += out[headcount.at(s, t)];
          }
        }
        ASSERT_GT(people, 0);
        ASSERT_NEAR(out[turnover.at(g, y)], left * 12 / people, 1e-12) << g << " " << y;
      }
  }
  EXPECT_LT(lowest_permanence, 1);  // agency is there: the hand count is not 1 = 1
}

// An intake limited to vacancies offers no more places than the group's vacant posts after
// the month's leavers; with room for every place it is the same intake, draw for draw.
TEST(Intakes, LimitedToVacanciesFillsNoMoreThanTheVacantPosts) {
  const std::string text = R"(
schema_version: 1
name: limited
start: 2024-08
horizon_months: 3
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 17
    leaving_rate: 0
intakes:
  - {route: graduate, stage: sw, month: 9, size: 10, limit_to_vacancies: true}
establishment:
  - id: frontline
    stages: [sw]
    fte: 20
)";
  const OneReplication limited(text);
  const auto& routes = limited.model.layout().find("joiners").categories;
  const std::size_t graduate = std::find(routes.begin(), routes.end(), "graduate") - routes.begin();
  EXPECT_EQ(limited.at("joiners", graduate, 1), 3);  // September: 3 posts vacant
  EXPECT_EQ(limited.at("fte_in_post", 0, 2), 20);
  const OneReplication unlimited(
      test::replaced(text, "limit_to_vacancies: true", "fill_probability: 1"));
  EXPECT_EQ(unlimited.at("joiners", graduate, 1), 10);
  // The projection without chance applies the same rule.
  const auto projection = expected_projection(limited.model);
  EXPECT_DOUBLE_EQ(projection.values[limited.model.layout().find("joiners").at(graduate, 1)], 3);
  EXPECT_FALSE(projection.exact);

  // Room for every place: the limit changes nothing, in any replication.
  const std::string roomy = test::replaced(text, "fte: 20", "fte: 40");
  const Model b(load_scenario_text(
      test::replaced(roomy, "limit_to_vacancies: true", "fill_probability: 0.7"), "b"));
  const Model c(
      load_scenario_text(test::replaced(roomy, "limit_to_vacancies: true",
                                        "fill_probability: 0.7, limit_to_vacancies: true"),
                         "c"));
  std::vector<double> out_b(b.layout().values_per_replication()), out_c(out_b);
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    b.simulate(9, rep, out_b);
    c.simulate(9, rep, out_c);
    for (std::size_t i = 0; i < out_b.size(); ++i)
      ASSERT_TRUE(test::identical(out_b[i], out_c[i])) << rep << " " << i;
  }
}

TEST(Targets, YearlyTurnoverAndAgencySpend) {
  // Ten permanent staff who never leave, twelve posts, two locums at 12,000 a year each:
  // agency spend 24,000 in each whole financial year, turnover nil.
  const OneReplication run(R"(
schema_version: 1
name: yearly
start: 2024-04
horizon_months: 24
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 12
agency:
  cover_share: 1
  annual_cost_per_fte: 12000
targets:
  - {name: spend_ok, measure: agency_spend, at_most: 24000}
  - {name: spend_tight, measure: agency_spend, at_most: 23999}
  - {name: turnover_12, measure: turnover, at_most: 0.12}
  - {name: turnover_5, measure: turnover, at_least: 0.05}
)");
  for (std::size_t y = 0; y < 2; ++y) {
    EXPECT_EQ(run.at("targets_met_by_year", 0, y), 1) << y;
    EXPECT_EQ(run.at("targets_met_by_year", 1, y), 0) << y;
    EXPECT_EQ(run.at("targets_met_by_year", 2, y), 1) << y;
    EXPECT_EQ(run.at("targets_met_by_year", 3, y), 0) << y;
  }
}

}  // namespace wfsim

namespace wfsim {

namespace {

// One stage whose turnover moves from year to year: drawn 0.3, returning to 0.1 at
// persistence 0.5, with no noise.
const char* YEARLY = R"(
schema_version: 1
name: yearly
start: 2024-01
horizon_months: 48
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 2000
    turnover_rate: 0.3
establishment:
  - id: frontline
    stages: [sw]
    fte: 2000
    recruitment: {stage: sw, monthly_fill_probability: 1}
year_to_year:
  parameters:
    - parameter: stages.sw.turnover_rate
      sd: 0
      persistence: 0.5
      reverts_to: 0.1
)";

using test::replaced;

//! The rates of each epoch of replication `rep`, drawn as simulate() draws them.
std::vector<Rates> replication_rates(const Model& model, std::uint64_t seed, std::uint64_t rep) {
  const ReplicationStreams streams(seed, rep);
  return model.rates(model.draw_parameters(streams), model.draw_year_paths(streams));
}

//! The mean of a sample, and the covariance of two (a sample's variance with itself).
double mean_of(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}
double covariance(const std::vector<double>& x, const std::vector<double>& y) {
  const double mx = mean_of(x), my = mean_of(y);
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += (x[i] - mx) * (y[i] - my);
  return s / static_cast<double>(x.size() - 1);
}

}  // namespace

// With no noise the value of model year y is, on the log scale, the level plus
// persistence^(y+1) of the drawn value's distance from it: 0.1 x 3^(0.5^(y+1)).
TEST(YearToYear, WithoutNoiseTheValueReturnsToTheLevelAtThePersistence) {
  const Model model(load_scenario_text(YEARLY, "yearly"));
  ASSERT_EQ(model.model_years(), 4);
  auto expected = [](int year) { return 0.1 * std::pow(3.0, std::pow(0.5, year + 1)); };
  for (std::uint64_t rep = 0; rep < 5; ++rep) {
    const ReplicationStreams streams(3, rep);
    const YearPaths paths = model.draw_year_paths(streams);
    ASSERT_EQ(paths.size(), 1u);
    EXPECT_EQ(paths[0], std::vector<double>(4, 0.0));  // sd 0: no noise
    const auto rates = model.rates(model.draw_parameters(streams), paths);
    for (int t = 0; t < 48; ++t)
      EXPECT_NEAR(rates[model.epoch(t)].leaving[0][0] * 12, expected(t / 12),
                  1e-12 * expected(t / 12))
          << t;
  }
  // The expected projection (no paths) follows the same values.
  const auto at_mean = model.rates(model.mean_parameters());
  for (int t = 0; t < 48; ++t)
    EXPECT_NEAR(at_mean[model.epoch(t)].leaving[0][0] * 12, expected(t / 12), 1e-12) << t;
  EXPECT_FALSE(expected_projection(model).exact);

  // The replication follows them too: turnover measured in each model year (leavers over
  // the average headcount, posts refilled at once), over 40 replications, within 4
  // standard errors (and 0.002 for the refilling lag).
  std::vector<double> out(model.layout().values_per_replication());
  const Family& leavers = model.layout().find("leavers");
  const Family& headcount = model.layout().find("headcount");
  const int reps = 40;
  std::vector<double> sum(4, 0.0), sum2(4, 0.0);
  for (int r = 0; r < reps; ++r) {
    model.simulate(11, static_cast<std::uint64_t>(r), out);
    for (int year = 0; year < 4; ++year) {
      double left = 0, staff = 0;
      for (int t = 12 * year; t < 12 * year + 12; ++t)
        left += out[leavers.at(0, t)], staff += out[headcount.at(0, t)] / 12;
      sum[year] += left / staff, sum2[year] += (left / staff) * (left / staff);
    }
  }
  for (int year = 0; year < 4; ++year) {
    const double mean = sum[year] / reps;
    const double se = std::sqrt((sum2[year] / reps - mean * mean) / reps);
    EXPECT_NEAR(mean, expected(year), 4 * se + 0.002) << "year " << year << ", se " << se;
  }
}

// Model years start in the month `year_starts` names: from 2024-01 with year_starts 10,
// year 0 is January to September 2024 and year 1 starts in October 2024.
TEST(YearToYear, EpochsSplitAtTheMonthYearsStart) {
  const std::string text = replaced(replaced(YEARLY, "horizon_months: 48", "horizon_months: 36"),
                                    "year_to_year:\n", "year_to_year:\n  year_starts: 10\n");
  const Model model(load_scenario_text(text, "year_starts"));
  ASSERT_EQ(model.model_years(), 4);  // Jan-Sep 2024, Oct 2024-Sep 2025, ..., Oct-Dec 2026
  ASSERT_EQ(model.month_labels()[9], "2024-10");
  EXPECT_EQ(model.epoch(0), model.epoch(8));
  EXPECT_NE(model.epoch(8), model.epoch(9));
  EXPECT_EQ(model.epoch(9), model.epoch(20));
  EXPECT_NE(model.epoch(20), model.epoch(21));
  const auto rates = replication_rates(model, 1, 0);
  for (int t = 0; t < 36; ++t) {
    const int year = t < 9 ? 0 : (t - 9) / 12 + 1;
    const double expected = 0.1 * std::pow(3.0, std::pow(0.5, year + 1));
    EXPECT_NEAR(rates[model.epoch(t)].leaving[0][0] * 12, expected, 1e-12) << t;
  }
}

// The log of a varying value follows noise(y) = p noise(y-1) + sd z(y), noise(-1) = 0, as
// docs/scenario-reference.md gives it. Over 4000 replications, within 4 standard errors:
// mean 0; variance sd^2 (1 - p^(2(y+1))) / (1 - p^2) (the stationary sd^2 / (1 - p^2) in
// the limit); the regression of a year on the year before has slope p (the lag-1
// correlation of the stationary path) and residual sd `sd`; and the lag-1 correlation is
// p sqrt(var(y) / var(y+1)).
TEST(YearToYear, LogValuesHaveTheSdAndPersistenceGiven) {
  const std::string text = R"(
schema_version: 1
name: ar1
start: 2024-01
horizon_months: 48
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0.1
    salary: 30000
year_to_year:
  parameters:
    - {parameter: stages.sw.salary, sd: 0.3, persistence: 0.6}
)";
  const Model model(load_scenario_text(text, "ar1"));
  const double sd = 0.3, p = 0.6;
  const int n = 4000, years = 4;
  std::vector<std::vector<double>> x(years, std::vector<double>(n));
  for (int rep = 0; rep < n; ++rep) {
    const auto rates = replication_rates(model, 17, static_cast<std::uint64_t>(rep));
    for (int y = 0; y < years; ++y)
      x[y][rep] = std::log(rates[model.epoch(12 * y)].salary[0] / 30000);
  }
  auto variance_at = [&](int y) { return sd * sd * (1 - std::pow(p, 2 * (y + 1))) / (1 - p * p); };
  for (int y = 0; y < years; ++y) {
    const double v = variance_at(y);
    EXPECT_NEAR(mean_of(x[y]), 0, 4 * std::sqrt(v / n)) << y;
    EXPECT_NEAR(covariance(x[y], x[y]), v, 4 * v * std::sqrt(2.0 / (n - 1))) << y;
  }
  for (int y = 0; y + 1 < years; ++y) {
    const double vx = covariance(x[y], x[y]);
    const double slope = covariance(x[y], x[y + 1]) / vx;
    EXPECT_NEAR(slope, p, 4 * sd / std::sqrt(n * vx)) << y;
    std::vector<double> residual(n);
    for (int i = 0; i < n; ++i) residual[i] = x[y + 1][i] - p * x[y][i];
    EXPECT_NEAR(std::sqrt(covariance(residual, residual)), sd, 4 * sd / std::sqrt(2.0 * n)) << y;
    const double r = covariance(x[y], x[y + 1]) / std::sqrt(vx * covariance(x[y + 1], x[y + 1]));
    const double rho = p * std::sqrt(variance_at(y) / variance_at(y + 1));
    EXPECT_NEAR(r, rho, 4 * (1 - rho * rho) / std::sqrt(n)) << y;
  }
}

// On the logit scale a share moves without leaving (0, 1); on the log scale the same path
// would carry it past 1 (held at the top of its range).
TEST(YearToYear, LogitKeepsASharePastWhichLogWouldCarryIt) {
  const std::string text = R"(
schema_version: 1
name: logit
start: 2024-01
horizon_months: 120
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0.1
establishment:
  - id: frontline
    stages: [sw]
    fte: 10
    recruitment: {stage: sw, monthly_fill_probability: 0.5}
year_to_year:
  parameters:
    - parameter: establishment.frontline.recruitment.monthly_fill_probability
      sd: 1.5
      scale: logit
)";
  auto extremes = [](const std::string& yaml) {
    const Model model(load_scenario_text(yaml, "logit"));
    double low = 1, high = 0;
    for (std::uint64_t rep = 0; rep < 300; ++rep)
      for (const Rates& r : replication_rates(model, 4, rep))
        low = std::min(low, r.recruit_fill[0]), high = std::max(high, r.recruit_fill[0]);
    return std::pair{low, high};
  };
  const auto [low, high] = extremes(text);
  EXPECT_GT(low, 0);
  EXPECT_LT(high, 1);
  EXPECT_LT(low, 0.01);  // the path does reach far toward both ends
  EXPECT_GT(high, 0.99);
  const auto [log_low, log_high] = extremes(replaced(text, "scale: logit", "scale: log"));
  EXPECT_EQ(log_high, 1);
  EXPECT_GT(log_low, 0);

  // Without noise, a share drawn 0.6 returns to 0.2 on the logit scale.
  const Model exact(load_scenario_text(
      replaced(replaced(text, "sd: 1.5\n      scale: logit",
                        "sd: 0\n      scale: logit\n      persistence: 0.5\n      reverts_to: 0.2"),
               "monthly_fill_probability: 0.5", "monthly_fill_probability: 0.6"),
      "logit_exact"));
  auto logit = [](double q) { return std::log(q / (1 - q)); };
  const auto rates = replication_rates(exact, 4, 0);
  for (int t = 0; t < 120; ++t) {
    const int y = t / 12;
    const double x = logit(0.2) + std::pow(0.5, y + 1) * (logit(0.6) - logit(0.2));
    EXPECT_NEAR(rates[exact.epoch(t)].recruit_fill[0], 1 / (1 + std::exp(-x)), 1e-12) << t;
  }
}

// On the log1p scale a value of 0 moves (on the log scale it stays 0), and a path returns
// to its level, which may be 0 or below.
TEST(YearToYear, Log1pMovesAZeroAndReturnsToAnyLevel) {
  const std::string text = R"(
schema_version: 1
name: log1p
start: 2024-01
horizon_months: 60
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0.1
establishment:
  - id: frontline
    stages: [sw]
    fte: 10
    other_agency_fte: 0
demand:
  open_cases: 100
  annual_growth: 0.05
  target_caseload: {sw: 10}
year_to_year:
  parameters:
    - {parameter: establishment.frontline.other_agency_fte, sd: 0.5, scale: log1p}
    - parameter: demand.annual_growth
      sd: 0
      scale: log1p
      persistence: 0.5
      reverts_to: -0.02
)";
  auto range_of_other = [](const std::string& yaml) {
    const Model model(load_scenario_text(yaml, "log1p"));
    double low = INFINITY, high = -INFINITY;
    for (std::uint64_t rep = 0; rep < 100; ++rep)
      for (const Rates& r : replication_rates(model, 6, rep))
        low = std::min(low, r.other_agency[0]), high = std::max(high, r.other_agency[0]);
    return std::pair{low, high};
  };
  const auto [low, high] = range_of_other(text);
  EXPECT_EQ(low, 0);  // held at the bottom of its range
  EXPECT_GT(high, 0.5);
  EXPECT_EQ(range_of_other(replaced(text, "sd: 0.5, scale: log1p", "sd: 0.5, scale: log")).second,
            0);

  const Model model(load_scenario_text(text, "log1p"));
  const auto rates = replication_rates(model, 6, 0);
  for (int t = 0; t < 60; ++t) {
    const int y = t / 12;
    const double x =
        std::log1p(-0.02) + std::pow(0.5, y + 1) * (std::log1p(0.05) - std::log1p(-0.02));
    EXPECT_NEAR(rates[model.epoch(t)].case_growth, std::expm1(x), 1e-12) << t;
  }
  // A level of 0 on log1p: other agency FTE drawn 4 returns to none.
  const Model to_zero(load_scenario_text(
      replaced(replaced(text, "other_agency_fte: 0", "other_agency_fte: 4"),
               "sd: 0.5, scale: log1p", "sd: 0, scale: log1p, persistence: 0.5, reverts_to: 0"),
      "log1p_zero"));
  const auto zero_rates = replication_rates(to_zero, 6, 0);
  for (int t = 0; t < 60; ++t)
    EXPECT_NEAR(zero_rates[to_zero.epoch(t)].other_agency[0],
                std::expm1(std::pow(0.5, t / 12 + 1) * std::log(5.0)), 1e-12)
        << t;
}

namespace {

// Turnover uncertain and moving year to year, salary moving back toward a level, noisy
// demand; strategies that change nothing, and one that changes the posts.
const char* COMMON = R"(
schema_version: 1
name: common
start: 2024-01
horizon_months: 36
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 60
    turnover_rate: {uniform: [0.15, 0.25]}
    salary: 30000
establishment:
  - id: frontline
    stages: [sw]
    fte: 70
    recruitment: {stage: sw, monthly_fill_probability: 0.1}
agency:
  cover_share: 0.5
  annual_cost_per_fte: 80000
demand:
  open_cases: 900
  monthly_noise: 0.03
  target_caseload: {sw: 15}
year_to_year:
  year_starts: 4
  parameters:
    - {parameter: stages.sw.turnover_rate, sd: 0.3, persistence: 0.5}
    - {parameter: stages.sw.salary, sd: 0.1, persistence: 0.8, reverts_to: 32000}
strategies:
  - name: same
    changes:
      - set: {stages.sw.turnover_rate: {uniform: [0.15, 0.25]}}
      - from: 2025-06
        set: {stages.sw.salary: 30000}
  - name: posts
    changes:
      - from: 2025-01
        set: {establishment.frontline.fte: 80}
)";

}  // namespace

// Common random numbers: the year-to-year paths are drawn per replication, parameter and
// year, never per strategy. A strategy that sets values the base already has gives the
// same results bit for bit; one that changes another parameter leaves the varying
// parameters' values as they were.
TEST(YearToYear, StrategiesMoveAlongTheSameLuck) {
  const auto all = load_strategies_text(COMMON, "common");
  ASSERT_EQ(all.size(), 3u);
  const Model base(all[0]), same(all[1]), posts(all[2]);
  ASSERT_EQ(same.layout().values_per_replication(), base.layout().values_per_replication());
  std::vector<double> a(base.layout().values_per_replication()), b(a.size()), c(a.size());
  int differ = 0;
  for (std::uint64_t rep = 0; rep < 50; ++rep) {
    base.simulate(9, rep, a);
    same.simulate(9, rep, b);
    posts.simulate(9, rep, c);
    ASSERT_TRUE(test::identical(a, b)) << rep;
    differ += !test::identical(a, c);
    const auto ra = replication_rates(base, 9, rep), rc = replication_rates(posts, 9, rep);
    for (int t = 0; t < 36; ++t) {
      const Rates &x = ra[base.epoch(t)], &y = rc[posts.epoch(t)];
      ASSERT_TRUE(test::identical(x.leaving[0][0], y.leaving[0][0])) << rep << " " << t;
      ASSERT_TRUE(test::identical(x.salary[0], y.salary[0])) << rep << " " << t;
    }
  }
  EXPECT_EQ(differ, 50);  // the posts strategy does change the results
  // The values do vary from year to year (the comparison above is not of constants).
  const auto r = replication_rates(base, 9, 0);
  EXPECT_NE(r[base.epoch(0)].salary[0], r[base.epoch(3)].salary[0]);
  EXPECT_NE(r[base.epoch(3)].leaving[0][0], r[base.epoch(15)].leaving[0][0]);
}

TEST(YearToYear, ResultsDoNotDependOnTheThreadCount) {
  const Model model(load_scenario_text(COMMON, "common"));
  auto run = [&](int threads) {
    RunOptions options;
    options.replications = 200;
    options.seed = 5;
    options.threads = threads;
    options.block_size = 16;
    test::CaptureSink sink;
    run_replications(model, options, &sink);
    return sink.all;
  };
  EXPECT_TRUE(test::identical(run(1), run(4)));
}

}  // namespace wfsim

namespace wfsim {

TEST(Establishment, AnnualGrowthCompoundsMonthByMonth) {
  const OneReplication run(R"(
schema_version: 1
name: growth
start: 2024-01
horizon_months: 36
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 50
    leaving_rate: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 50
    annual_growth: 0.1
    recruitment: {stage: sw, monthly_fill_probability: 1}
)");
  const ExpectedProjection ev = expected_projection(run.model);
  const Family& est = run.model.layout().find("establishment_fte");
  for (int t = 0; t < 36; ++t) {
    const double expected = 50 * std::pow(1.1, t / 12.0);
    EXPECT_NEAR(run.at("establishment_fte", 0, t), expected, 1e-9 * expected) << t;
    EXPECT_NEAR(run.at("establishment_fte", 1, t), expected, 1e-9 * expected) << t;  // all
    EXPECT_NEAR(ev.values[est.at(0, t)], expected, 1e-9 * expected) << t;
  }
  EXPECT_EQ(run.at("establishment_fte", 0, 0), 50);
  EXPECT_NEAR(run.at("establishment_fte", 0, 12), 55, 55e-9);
  EXPECT_NEAR(run.at("establishment_fte", 0, 24), 60.5, 60.5e-9);
  // Recruitment follows the posts: all filled at once, the workforce grows with them.
  EXPECT_EQ(run.at("headcount", 0, 24), 60);
}

namespace {

// 10 social workers who never leave in 15 posts: 5 vacant FTE, all to be covered, but no
// locums to be found.
const char* OPENING_AGENCY = R"(
schema_version: 1
name: opening_agency
start: 2024-01
horizon_months: 12
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 15
    opening_agency_fte: 5
agency:
  cover_share: 1
  monthly_availability: 0
  annual_cost_per_fte: 60000
)";

}  // namespace

TEST(Agency, OpeningAgencyCoversVacanciesFromTheStart) {
  const OneReplication run(OPENING_AGENCY);
  const OneReplication none(replaced(OPENING_AGENCY, "    opening_agency_fte: 5\n", ""));
  const ExpectedProjection ev = expected_projection(run.model);
  const std::size_t agency = run.model.layout().find("agency_fte").at(0, 0);
  for (int t = 0; t < 12; ++t) {
    EXPECT_EQ(run.at("agency_fte", 0, t), 5) << t;
    EXPECT_EQ(none.at("agency_fte", 0, t), 0) << t;  // none to be found
    EXPECT_NEAR(ev.values[agency + t], 5, 1e-9) << t;
  }
}

TEST(Agency, OtherAgencyAddsToAgencyAndItsCostAndCountsAgainstTheLimit) {
  const std::string text = replaced(OPENING_AGENCY, "    opening_agency_fte: 5\n",
                                    "    opening_agency_fte: 5\n    other_agency_fte: 3\n");
  const OneReplication run(text);
  const ExpectedProjection ev = expected_projection(run.model);
  const Family& agency = run.model.layout().find("agency_fte");
  const Family& cost = run.model.layout().find("cost");
  for (int t = 0; t < 12; ++t) {
    EXPECT_EQ(run.at("agency_fte", 0, t), 8) << t;
    EXPECT_EQ(run.at("agency_fte", 1, t), 8) << t;  // all groups
    EXPECT_NEAR(run.at("cost", COST_AGENCY, t), 8 * 60000 / 12.0, 1e-9) << t;
    EXPECT_NEAR(run.at("agency_rate", 0, t), 8.0 / 18, 1e-12) << t;
    EXPECT_NEAR(ev.values[agency.at(0, t)], 8, 1e-9) << t;
    EXPECT_NEAR(ev.values[cost.at(COST_AGENCY, t)], 8 * 60000 / 12.0, 1e-6) << t;
  }
  // A limit of 6 agency FTE: the 3 kept for other reasons leave room for 3 locums, so 2 of
  // the 5 at the start go at once; locums found later stop at the limit too.
  const OneReplication capped(replaced(text, "  cover_share: 1", "  cover_share: 1\n  max_fte: 6"));
  const std::string found =
      replaced(replaced(text, "    opening_agency_fte: 5\n", ""), "monthly_availability: 0",
               "monthly_availability: 1\n  max_fte: 6");
  const OneReplication filled(found);
  const ExpectedProjection ev_capped = expected_projection(capped.model);
  const ExpectedProjection ev_filled = expected_projection(filled.model);
  for (int t = 0; t < 12; ++t) {
    EXPECT_EQ(capped.at("agency_fte", 0, t), 6) << t;
    EXPECT_EQ(filled.at("agency_fte", 0, t), 6) << t;
    EXPECT_NEAR(ev_capped.values[agency.at(0, t)], 6, 1e-9) << t;
    EXPECT_NEAR(ev_filled.values[agency.at(0, t)], 6, 1e-9) << t;
  }
  // Without the limit the locums found cover all 5 vacant FTE, beside the 3.
  const OneReplication open(replaced(found, "\n  max_fte: 6", ""));
  EXPECT_EQ(open.at("agency_fte", 0, 0), 8);
}

TEST(Demand, GrowthDampsYearByYear) {
  const std::string text =
      replaced(DEMAND, "annual_growth: 0.06", "annual_growth: 0.06\n  growth_damping: 0.5");
  const OneReplication run(text);
  const ExpectedProjection ev = expected_projection(run.model);
  const std::size_t cases_at = run.model.layout().find("open_cases").at(0, 0);
  double cases = 800;
  for (int t = 0; t < 24; ++t) {
    cases *= std::pow(1 + 0.06 * std::pow(0.5, t / 12.0), 1.0 / 12);
    EXPECT_NEAR(run.at("open_cases", 0, t), cases, 1e-9 * cases) << t;
    EXPECT_NEAR(ev.values[cases_at + t], cases, 1e-9 * cases) << t;
  }
  // The first year grows by less than 6% and more than 3%; the second by less than 3%.
  const double year1 = run.at("open_cases", 0, 11) / 800,
               year2 = run.at("open_cases", 0, 23) / run.at("open_cases", 0, 11);
  EXPECT_LT(year1, 1.06);
  EXPECT_GT(year1, 1.03);
  EXPECT_LT(year2, 1.03);
  EXPECT_GT(year2, 1.015);
}

// With noise_persistence 0 each month's cases scatter around the trend: over 4000
// replications the mean at month 24 is the trend within 4 standard errors, the log
// deviation has sd `monthly_noise`, and the deviations 12 months apart are uncorrelated
// (a random walk's are correlated sqrt(12/24)).
TEST(Demand, NoNoisePersistenceScattersAroundTheTrend) {
  const std::string text =
      replaced(DEMAND, "annual_growth: 0.06", "annual_growth: 0.06\n  monthly_noise: 0.05");
  auto deviations = [](const std::string& yaml, std::vector<double>& at24) {
    const Model model(load_scenario_text(yaml, "scatter"));
    const Family& f = model.layout().find("open_cases");
    std::vector<double> out(model.layout().values_per_replication());
    const int n = 4000;
    std::vector<double> d12(n), d24(n);
    at24.assign(n, 0);
    for (int rep = 0; rep < n; ++rep) {
      model.simulate(2, static_cast<std::uint64_t>(rep), out);
      at24[rep] = out[f.at(0, 23)];
      d12[rep] = std::log(out[f.at(0, 11)] / (800 * 1.06));
      d24[rep] = std::log(out[f.at(0, 23)] / (800 * 1.06 * 1.06));
    }
    return std::tuple{d12, d24};
  };
  const int n = 4000;
  std::vector<double> cases;
  const auto [d12, d24] = deviations(text + "  noise_persistence: 0\n", cases);
  const double trend = 800 * 1.06 * 1.06;
  const double sd_cases = std::sqrt(covariance(cases, cases));
  EXPECT_NEAR(mean_of(cases), trend, 4 * sd_cases / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(covariance(d24, d24)), 0.05, 4 * 0.05 / std::sqrt(2.0 * n));
  EXPECT_NEAR(mean_of(d24), -0.05 * 0.05 / 2, 4 * 0.05 / std::sqrt(n));
  const double r = covariance(d12, d24) / std::sqrt(covariance(d12, d12) * covariance(d24, d24));
  EXPECT_NEAR(r, 0, 4 / std::sqrt(n));
  const auto [w12, w24] = deviations(text, cases);  // the random walk
  const double walk = covariance(w12, w24) / std::sqrt(covariance(w12, w12) * covariance(w24, w24));
  EXPECT_NEAR(walk, std::sqrt(0.5), 4 * 0.5 / std::sqrt(n));
}

// With reverts_to, the trend starts at the level and the opening cases' distance from it
// fades at noise_persistence a year: from 800 down toward 500, never below.
TEST(Demand, RevertsToTheLevel) {
  const std::string text =
      replaced(DEMAND, "annual_growth: 0.06", "reverts_to: 500\n  noise_persistence: 0.5");
  const OneReplication run(text);
  const ExpectedProjection ev = expected_projection(run.model);
  const std::size_t cases_at = run.model.layout().find("open_cases").at(0, 0);
  double before = 800;
  for (int t = 0; t < 24; ++t) {
    const double expected = 500 * std::exp(std::pow(0.5, (t + 1) / 12.0) * std::log(800 / 500.0));
    const double cases = run.at("open_cases", 0, t);
    EXPECT_NEAR(cases, expected, 1e-9 * expected) << t;
    EXPECT_NEAR(ev.values[cases_at + t], expected, 1e-9 * expected) << t;
    EXPECT_LT(cases, before) << t;
    EXPECT_GT(cases, 500) << t;
    before = cases;
  }
  EXPECT_NEAR(run.at("open_cases", 0, 11), 500 * std::sqrt(800 / 500.0), 1e-9);  // half way in logs
}

namespace {

// Apprentices (not counted by the DfE), ASYEs and social workers part time, intakes,
// recruitment, locums who come and go, agency kept for other reasons, and noisy demand.
const char* DFE = R"(
schema_version: 1
name: dfe
start: 2024-01
horizon_months: 36
replications: 1
seed: 1
stages:
  - id: apprentice
    headcount: 6
    leaving_rate: 0.2
    duration_months: 24
    next: asye
    qualified: false
  - id: asye
    headcount: 8
    leaving_rate: 0.2
    duration_months: 12
    next: sw
    fte_per_head: 0.9
  - id: sw
    headcount: 60
    leaving_rate: 0.25
    fte_per_head: 0.8
intakes:
  - route: graduate
    stage: asye
    month: 9
    size: 6
  - route: apprenticeship
    stage: apprentice
    month: 9
    size: 3
establishment:
  - id: frontline
    stages: [asye, sw]
    fte: 70
    other_agency_fte: 2
    recruitment: {stage: sw, monthly_fill_probability: 0.1}
agency:
  cover_share: 0.6
  annual_churn: 0.3
  annual_conversion: 0.2
demand:
  open_cases: 1000
  monthly_noise: 0.03
  target_caseload: {asye: 10, sw: 16}
dfe_return: {snapshot_month: 9}
)";

//! Checks the DfE measures in `v` (one replication, or the expected projection) against a
//! count by hand from the other results in `v`. Returns the starters counted, so that a
//! caller can see the count is not empty.
double check_dfe(const Model& model, const std::vector<double>& v, const std::string& what) {
  const Scenario& sc = model.scenario();
  const MetricLayout& L = model.layout();
  auto at = [&](const char* family, std::size_t k, int t) { return v[L.find(family).at(k, t)]; };
  const std::size_t all = sc.establishment.size();
  // The stage each route joins, and whether the DfE counts it.
  std::vector<int> stage_of_route(model.routes().size(), -1);
  for (std::size_t i = 0; i < sc.intakes.size(); ++i)
    stage_of_route[model.intake_route(static_cast<int>(i))] = sc.intakes[i].stage;
  for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
    stage_of_route[model.recruit_route(static_cast<int>(g))] = sc.establishment[g].recruit_stage;
    stage_of_route[model.conversion_route()] = sc.establishment[g].recruit_stage;
  }
  std::vector<bool> counted(sc.stages.size(), false);
  for (const auto& g : sc.establishment)
    for (int s : g.stages) counted[s] = true;
  auto fte_per_head = [&](int s) { return test::fixed(sc, sc.stages[s].fte_per_head); };
  auto month_starters = [&](int t) {
    double fte = 0;
    for (std::size_t r = 1; r < stage_of_route.size(); ++r)
      if (stage_of_route[r] >= 0 && counted[stage_of_route[r]])
        fte += at("joiners", r, t) * fte_per_head(stage_of_route[r]);
    return fte;
  };
  auto month_leavers = [&](int t) {
    double fte = 0;
    for (std::size_t s = 0; s < sc.stages.size(); ++s)
      if (counted[s]) fte += at("leavers", s, t) * fte_per_head(static_cast<int>(s));
    return fte;
  };
  auto near = [](double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
  };
  double starters_seen = 0;
  for (int t = 0; t < sc.horizon_months; ++t) {
    double in_post = 0, holding = at("agency_fte", all, t);
    for (std::size_t s = 0; s < sc.stages.size(); ++s) {
      if (counted[s]) in_post += at("fte", s, t);
      if (sc.demand.enabled && sc.demand.target_caseload[s] >= 0) holding += at("fte", s, t);
    }
    const double agency = at("agency_fte", all, t), vacant = at("vacancy_fte", all, t);
    const double inpost = at("dfe_fte", 0, t);
    EXPECT_TRUE(near(inpost, in_post)) << what << " " << t;
    EXPECT_TRUE(near(inpost, at("fte_in_post", all, t))) << what << " " << t;
    EXPECT_TRUE(near(at("dfe_fte", 3, t), agency)) << what << " " << t;
    EXPECT_TRUE(near(at("dfe_fte", 4, t), vacant)) << what << " " << t;
    const double starters = at("dfe_fte", 1, t), leavers = at("dfe_fte", 2, t);
    if (t < 11) {
      EXPECT_TRUE(std::isnan(starters)) << what << " " << t;
      EXPECT_TRUE(std::isnan(leavers)) << what << " " << t;
      EXPECT_TRUE(std::isnan(at("dfe_rate", 0, t))) << what << " " << t;
    } else {
      double s12 = 0, l12 = 0;
      for (int k = t - 11; k <= t; ++k) s12 += month_starters(k), l12 += month_leavers(k);
      EXPECT_TRUE(near(starters, s12)) << what << " " << t << ": " << starters << " " << s12;
      EXPECT_TRUE(near(leavers, l12)) << what << " " << t << ": " << leavers << " " << l12;
      EXPECT_TRUE(near(at("dfe_rate", 0, t), 100 * l12 / in_post)) << what << " " << t;
      starters_seen += s12;
    }
    EXPECT_TRUE(near(at("dfe_rate", 1, t), 100 * agency / (agency + in_post))) << what << " " << t;
    EXPECT_TRUE(near(at("dfe_rate", 2, t), 100 * vacant / (vacant + in_post))) << what << " " << t;
    if (sc.demand.enabled) {
      const double cases = at("open_cases", 0, t);
      const double holders = std::min(at("required_fte", 0, t), holding);
      EXPECT_TRUE(near(at("dfe_fte", 5, t), holders)) << what << " " << t;
      EXPECT_TRUE(near(at("dfe_cases", 0, t), cases)) << what << " " << t;
      EXPECT_TRUE(near(at("dfe_caseload", 0, t), cases / holders)) << what << " " << t;
    } else {
      EXPECT_TRUE(std::isnan(at("dfe_fte", 5, t))) << what << " " << t;
      EXPECT_TRUE(std::isnan(at("dfe_cases", 0, t))) << what << " " << t;
      EXPECT_TRUE(std::isnan(at("dfe_caseload", 0, t))) << what << " " << t;
    }
  }
  return starters_seen;
}

}  // namespace

TEST(DfeReturn, MeasuresMatchAHandCountOfTheSameResults) {
  const Model model(load_scenario_text(DFE, "dfe"));
  EXPECT_EQ(model.layout().find("dfe_fte").categories,
            (std::vector<std::string>{"inpost_fte", "starters_fte", "leavers_fte", "agency_fte",
                                      "vacancy_fte", "case_holders_fte"}));
  EXPECT_EQ(model.layout().find("dfe_rate").categories,
            (std::vector<std::string>{"turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte"}));
  EXPECT_EQ(model.layout().find("dfe_rate").unit, "percent");
  std::vector<double> out(model.layout().values_per_replication());
  const std::size_t converted = model.layout().find("joiners").at(model.conversion_route(), 0);
  double conversions = 0, leavers = 0;
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    model.simulate(4, rep, out);
    EXPECT_GT(check_dfe(model, out, "replication " + std::to_string(rep)), 0);
    for (int t = 0; t < 36; ++t) conversions += out[converted + t];
    leavers += out[model.layout().find("dfe_fte").at(2, 35)];
  }
  EXPECT_GT(conversions, 0);  // every route into the counted stages is exercised
  EXPECT_GT(leavers, 0);
  const ExpectedProjection ev = expected_projection(model);
  EXPECT_GT(check_dfe(model, ev.values, "expected projection"), 0);

  // Without demand the case measures are NaN, and the others as before.
  std::string no_demand = DFE;
  no_demand.erase(no_demand.find("demand:\n"),
                  no_demand.find("dfe_return") - no_demand.find("demand:\n"));
  const Model plain(load_scenario_text(no_demand, "dfe_plain"));
  ASSERT_FALSE(plain.scenario().demand.enabled);
  std::vector<double> plain_out(plain.layout().values_per_replication());
  plain.simulate(4, 0, plain_out);
  EXPECT_GT(check_dfe(plain, plain_out, "no demand"), 0);
  check_dfe(plain, expected_projection(plain).values, "no demand, expected");
}

// The defaults of the new keys, written out, change nothing: bit for bit, in every
// replication and in the projection.
TEST(NewKeys, DefaultsWrittenOutChangeNothing) {
  // Knowsley without its opening locums, so that their default is what is spelt out.
  std::string text = test::read_text(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml");
  for (const char* locums : {"    opening_agency_fte: 15 ", "    opening_agency_fte: 1 "})
    text = replaced(text, locums, "    # ");
  std::string explicit_text = replaced(text, "    recruitment:\n      stage: social_worker",
                                       "    annual_growth: 0\n    other_agency_fte: 0\n"
                                       "    opening_agency_fte: 0\n    recruitment:\n"
                                       "      stage: social_worker");
  explicit_text = replaced(explicit_text, "    recruitment:\n      stage: team_manager",
                           "    annual_growth: 0\n    other_agency_fte: 0\n    recruitment:\n"
                           "      stage: team_manager");
  explicit_text =
      replaced(explicit_text,
               "  monthly_noise:", "  growth_damping: 1\n  noise_persistence: 1\n  monthly_noise:");
  explicit_text = replaced(explicit_text, "    fill_probability: 0.85",
                           "    fill_probability: 0.85\n    limit_to_vacancies: false");
  const Model plain(load_scenario_text(text, "plain")),
      spelt(load_scenario_text(explicit_text, "spelt"));
  ASSERT_EQ(plain.layout().values_per_replication(), spelt.layout().values_per_replication());
  std::vector<double> a(plain.layout().values_per_replication()), b(a.size());
  for (std::uint64_t rep = 0; rep < 50; ++rep) {
    plain.simulate(3, rep, a);
    spelt.simulate(3, rep, b);
    ASSERT_TRUE(test::identical(a, b)) << rep;
  }
  EXPECT_TRUE(
      test::identical(expected_projection(plain).values, expected_projection(spelt).values));
}

}  // namespace wfsim
