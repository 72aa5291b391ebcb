#include "wfsim/analysis/sweep.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

// 80 permanent staff, 100 posts covered by agency: after January's intake of x, agency FTE
// is exactly 20 - x. A second lever, the agency cost, changes spend but not agency FTE.
TEST(Sweep, GridShapeValuesAndFrontier) {
  const Scenario sc = load_scenario_text(R"(
schema_version: 1
name: sweep
start: 2024-01
horizon_months: 6
replications: 10
seed: 1
stages:
  - id: sw
    headcount: 80
    salary: 30000
    leaving_rate: 0
intakes:
  - route: graduate
    stage: sw
    month: 1
    size: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 100
agency:
  cover_share: 1
  annual_cost_per_fte: 60000
targets:
  - {name: permanence_85, measure: permanence, at_least: 0.85}
sweep:
  - lever: intakes.graduate.size
    values: {from: 0, to: 10, step: 5}
  - lever: agency.annual_cost_per_fte
    values: [60000, 90000]
)",
                                         "sweep");
  const SweepResult r = run_sweep(sc, {.replications = 10, .threads = 2});
  ASSERT_EQ(r.levers,
            (std::vector<std::string>{"intakes.graduate.size", "agency.annual_cost_per_fte"}));
  ASSERT_EQ(r.points.size(), 6u);  // 3 x 2, the first lever varying slowest
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& p = r.points[i];
    EXPECT_EQ(p.levers[0], 5.0 * (i / 2));
    EXPECT_EQ(p.levers[1], i % 2 ? 90000 : 60000);
    EXPECT_EQ(p.agency_fte_median, 20 - p.levers[0]);
    EXPECT_EQ(p.target_chance[0], p.levers[0] >= 5 ? 1.0 : 0.0);
  }
  // Dearer agency costs more at every intake. A starter at 30,000 costs less than a locum
  // at 60,000, so the largest intake at the cheaper rate is both cheapest and least
  // reliant on agency: the frontier is that one point.
  for (std::size_t i = 0; i < 6; i += 2)
    EXPECT_LT(r.points[i].present_value, r.points[i + 1].present_value);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(r.points[i].frontier, i == 4) << i;

  Scenario none = sc;
  none.sweep.clear();
  EXPECT_THROW(run_sweep(none, {.replications = 10, .threads = 1}), UserError);
}

// The same grid as above, but with an intake in April: before it every point relies on 20
// agency FTE; after it, on 20 less the intake.
const char* const APRIL_INTAKE = R"(
schema_version: 1
name: sweep
start: 2024-01
horizon_months: 6
replications: 10
seed: 1
stages:
  - id: sw
    headcount: 80
    salary: 30000
    leaving_rate: 0
intakes:
  - route: graduate
    stage: sw
    month: 4
    size: 0
establishment:
  - id: frontline
    stages: [sw]
    fte: 100
agency:
  cover_share: 1
  annual_cost_per_fte: 60000
targets:
  - {name: permanence_85, measure: permanence, at_least: 0.85}
)";

// A grid given as options needs no sweep section, and a month within the horizon reports
// the sweep there, as if the horizon ended then.
TEST(Sweep, GridFromOptionsReportedAtAMonth) {
  const Scenario sc = load_scenario_text(APRIL_INTAKE, "sweep");
  SweepOptions options{.replications = 10, .threads = 1};
  options.axes = {{"intakes.graduate.size", 0, {0, 5, 10}}};
  std::vector<SweepProgress> seen;
  const SweepResult end =
      run_sweep(sc, options, [&](const SweepProgress& p) { seen.push_back(p); });
  EXPECT_EQ(end.levers, std::vector<std::string>{"intakes.graduate.size"});
  EXPECT_EQ(end.at, "2024-06");
  EXPECT_TRUE(end.end_of_horizon);
  ASSERT_EQ(end.points.size(), 3u);
  for (const auto& p : end.points) EXPECT_EQ(p.agency_fte_median, 20 - p.levers[0]);
  // Progress names each point as it runs.
  ASSERT_EQ(seen.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(seen[i].point, i);
    EXPECT_EQ(seen[i].points, 3u);
    EXPECT_EQ(seen[i].levers, std::vector<double>{5.0 * i});
    EXPECT_EQ(seen[i].done, 10);
    EXPECT_EQ(seen[i].replications, 10);
  }

  options.at = "2024-03";
  const SweepResult march = run_sweep(sc, options);
  EXPECT_EQ(march.at, "2024-03");
  EXPECT_FALSE(march.end_of_horizon);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(march.points[i].agency_fte_median, 20);  // before the intake
    EXPECT_EQ(march.points[i].target_chance[0], 0.0);
    // Three months of spend, not six.
    EXPECT_LT(march.points[i].present_value, end.points[i].present_value * 0.6);
  }
  // The last month named is the end of the horizon, as with no month given.
  options.at = "2024-06";
  EXPECT_TRUE(run_sweep(sc, options).end_of_horizon);
}

TEST(Sweep, RefusesUnknownLeversAndMonthsOutsideTheHorizon) {
  const Scenario sc = load_scenario_text(APRIL_INTAKE, "sweep");
  auto message = [&](const SweepOptions& options) {
    try {
      run_sweep(sc, options);
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  SweepOptions options{.replications = 10, .threads = 1};
  EXPECT_EQ(message(options), "the scenario declares no sweep");
  options.axes = {{"intakes.graduate.sise", 0, {0, 5}}};
  EXPECT_EQ(message(options),
            "the scenario has no parameter called 'intakes.graduate.sise'; did you mean "
            "'intakes.graduate.size'?");
  options.axes = {{"intakes.graduate.size", 0, {0, -5}}};
  EXPECT_EQ(message(options).rfind(
                "cannot sweep intakes.graduate.size to -5: it takes values from 0 to ", 0),
            0u)
      << message(options);
  options.axes = {{"intakes.graduate.size", 0, {std::nan("")}}};
  EXPECT_EQ(message(options).rfind("cannot sweep intakes.graduate.size to nan: it takes values", 0),
            0u)
      << message(options);
  options.axes = {{"intakes.graduate.size", 0, {0, 5}}};
  for (const char* at : {"2023-12", "2024-07"}) {
    options.at = at;
    EXPECT_EQ(message(options), "cannot report the sweep at '" + std::string(at) +
                                    "': it is not within the horizon, 2024-01 to 2024-06");
  }
  options.at = "2024/25";
  EXPECT_EQ(message(options), "cannot report the sweep at '2024/25': expected a month, YYYY-MM");
}

}  // namespace wfsim
