#include "wfsim/analysis/goal_seek.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

// 80 permanent staff who never leave, 100 posts with every vacancy covered by agency: after
// January's intake of x, permanence is exactly (80 + x) / 100, so 85% needs x >= 5.
const char* KNOWN = R"(
schema_version: 1
name: known answer
start: 2024-01
horizon_months: 6
replications: 20
seed: 1
stages:
  - id: sw
    headcount: 80
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
targets:
  - {name: permanence_85, measure: permanence, at_least: 0.85}
)";

GoalSeekRequest request() {
  GoalSeekRequest r;
  r.lever = "intakes.graduate.size";
  r.low = 0;
  r.high = 20;
  r.target = "permanence_85";
  r.when = "2024-03";
  r.chance = 0.8;
  r.replications = 20;
  return r;
}

}  // namespace

TEST(GoalSeek, FindsTheKnownAnswer) {
  const GoalSeekResult result = goal_seek(load_scenario_text(KNOWN, "known"), request());
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.value, 5);
  EXPECT_EQ(result.chance_at_value, 1.0);
  // The curve holds every value tried, in order, with chance 0 below 5 and 1 from 5.
  for (std::size_t k = 1; k < result.curve.size(); ++k)
    EXPECT_LT(result.curve[k - 1].first, result.curve[k].first);
  for (const auto& [v, p] : result.curve) EXPECT_EQ(p, v >= 5 ? 1.0 : 0.0) << v;
  EXPECT_LE(result.curve.size(), 12u);  // a coarse curve and a short bisection
}

TEST(GoalSeek, ReportsWhenTheRangeFallsShort) {
  GoalSeekRequest r = request();
  r.high = 4;
  const GoalSeekResult result = goal_seek(load_scenario_text(KNOWN, "known"), r);
  EXPECT_FALSE(result.found);
  EXPECT_EQ(result.curve.back().first, 4);
}

TEST(GoalSeek, RefusesUnknownLeversTargetsAndDates) {
  const Scenario sc = load_scenario_text(KNOWN, "known");
  GoalSeekRequest r = request();
  r.lever = "intakes.graduates.size";
  EXPECT_THROW(goal_seek(sc, r), UserError);
  r = request();
  r.target = "permanence";
  EXPECT_THROW(goal_seek(sc, r), UserError);
  r = request();
  r.when = "2030-03";
  EXPECT_THROW(goal_seek(sc, r), UserError);
}

// A range beyond what the lever takes is refused, not quietly cut to it.
TEST(GoalSeek, RefusesARangeBeyondTheLeversOwn) {
  GoalSeekRequest r = request();
  r.low = -5;
  try {
    goal_seek(load_scenario_text(KNOWN, "known"), r);
    FAIL() << "a range from -5 places was searched";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot search intakes.graduate.size from -5 to 20: it takes values from 0 to 1e+06");
  }
}

}  // namespace wfsim
