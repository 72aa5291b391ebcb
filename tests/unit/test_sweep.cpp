#include "wfsim/analysis/sweep.hpp"

#include <gtest/gtest.h>

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
  const SweepResult r = run_sweep(sc, 10, 2);
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
  EXPECT_THROW(run_sweep(none, 10, 1), UserError);
}

}  // namespace wfsim
