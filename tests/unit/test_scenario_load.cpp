#include "wfsim/scenario/load.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

// A valid scenario; tests break one thing at a time. Line numbers below count from 1 at
// "schema_version".
const std::string VALID = R"(schema_version: 1
name: test
start: 2024-04
horizon_months: 24
replications: 100
seed: 3
stages:
  - id: asye
    headcount: 5
    leaving_rate: 0.15
    duration_months: 12
    next: social_worker
  - id: social_worker
    headcount: 40
    leaving_rate: 0.17
establishment:
  - id: frontline
    stages: [asye, social_worker]
    fte: 50
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("test text has no '" + from + "'");
  return text.replace(at, from.size(), to);
}

//! The message of the ScenarioError that loading `text` throws, or "" if it loads.
std::string error_of(const std::string& text) {
  try {
    load_scenario_text(text, "test.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ScenarioLoad, ValidScenarioLoads) {
  const Scenario sc = load_scenario_text(VALID, "test.yaml");
  EXPECT_EQ(sc.name, "test");
  EXPECT_EQ(sc.start.str(), "2024-04");
  ASSERT_EQ(sc.stages.size(), 2u);
  EXPECT_EQ(sc.stages[0].next_stage, 1);
  EXPECT_EQ(test::fixed(sc, sc.stages[0].completion_probability), 1.0);  // default
  EXPECT_EQ(test::fixed(sc, sc.stages[1].fte_per_head), 1.0);            // default
  EXPECT_EQ(sc.parameters[sc.stages[1].fte_per_head].path, "stages.social_worker.fte_per_head");
  EXPECT_EQ(sc.establishment[0].stages, (std::vector<int>{0, 1}));
  EXPECT_EQ(sc.source_text, VALID);
}

TEST(ScenarioLoad, MisspeltKeySuggestsTheIntendedOne) {
  EXPECT_EQ(error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rte: 0.17")),
            "test.yaml (line 15, col 5): stages[1].leaving_rte: unknown key; did you mean "
            "'leaving_rate'?");
}

TEST(ScenarioLoad, UnknownOptionalKeyListsTheAllowedKeys) {
  const std::string msg = error_of(replace(VALID, "seed: 3", "seed: 3\nhorizon: 12"));
  EXPECT_EQ(msg.rfind("test.yaml (line 7, col 1): horizon: unknown key; did you mean "
                      "'horizon_months'? Keys allowed here: ",
                      0),
            0u)
      << msg;
  EXPECT_NE(msg.find("replications"), std::string::npos);
}

TEST(ScenarioLoad, UnknownKeyFarFromAnyKnownOneHasNoSuggestion) {
  EXPECT_EQ(error_of(replace(VALID, "seed: 3", "seed: 3\ncolour: blue")).find("did you mean"),
            std::string::npos);
}

TEST(ScenarioLoad, WrongType) {
  EXPECT_EQ(error_of(replace(VALID, "headcount: 40", "headcount: forty")),
            "test.yaml (line 14, col 16): stages[1].headcount: expected a whole number from 0 "
            "to 1000000, got 'forty'");
  EXPECT_EQ(error_of(replace(VALID, "leaving_rate: 0.15", "leaving_rate: {rate: 0.15}")),
            "test.yaml (line 10, col 20): stages[0].leaving_rate: unknown distribution 'rate'; "
            "use uniform, triangular, normal, beta or lognormal");
}

TEST(ScenarioLoad, RateOutsideZeroToOne) {
  EXPECT_EQ(error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: 17")),
            "test.yaml (line 15, col 19): stages[1].leaving_rate: expected an annual rate "
            "between 0 and 1, got 17");
}

TEST(ScenarioLoad, NegativeHeadcount) {
  EXPECT_EQ(error_of(replace(VALID, "headcount: 40", "headcount: -3")),
            "test.yaml (line 14, col 16): stages[1].headcount: expected a whole number from 0 "
            "to 1000000, got -3");
}

TEST(ScenarioLoad, ZeroHorizon) {
  EXPECT_EQ(error_of(replace(VALID, "horizon_months: 24", "horizon_months: 0")),
            "test.yaml (line 4, col 17): horizon_months: expected a whole number from 1 to "
            "1200, got 0");
}

TEST(ScenarioLoad, MissingRequiredKey) {
  EXPECT_EQ(error_of(replace(VALID, "seed: 3\n", "")),
            "test.yaml (line 1, col 1): missing required key 'seed' (expected a whole number "
            "at least 0)");
  EXPECT_EQ(error_of(replace(VALID, "    leaving_rate: 0.17\n", "")),
            "test.yaml (line 13, col 5): stages[1]: missing required key 'leaving_rate' "
            "(expected an annual rate between 0 and 1)");
}

TEST(ScenarioLoad, MalformedYaml) {
  EXPECT_EQ(
      error_of(replace(VALID, "name: test", "name: [test")).rfind("test.yaml (line 3, col ", 0), 0u)
      << error_of(replace(VALID, "name: test", "name: [test"));
  EXPECT_NE(error_of(replace(VALID, "name: test", "name: [test")).find("malformed YAML: "),
            std::string::npos);
  EXPECT_EQ(error_of(""), "test.yaml: the scenario is empty");
}

TEST(ScenarioLoad, UnknownStageSuggestsTheNearest) {
  EXPECT_EQ(error_of(replace(VALID, "next: social_worker", "next: social_workr")),
            "test.yaml (line 12, col 11): stages[0].next: no stage called 'social_workr'; did "
            "you mean 'social_worker'? Stages: asye, social_worker");
}

TEST(ScenarioLoad, BadMonthAndSchemaVersion) {
  EXPECT_EQ(error_of(replace(VALID, "start: 2024-04", "start: April 2024")),
            "test.yaml (line 3, col 8): start: expected a month as YYYY-MM, got 'April 2024'");
  EXPECT_EQ(error_of(replace(VALID, "schema_version: 1", "schema_version: 2")),
            "test.yaml (line 1, col 17): schema_version: this wfsim reads schema_version 1, "
            "got 2");
}

TEST(ScenarioLoad, StructuralMistakes) {
  EXPECT_EQ(error_of(replace(VALID, "    next: social_worker\n", "")),
            "test.yaml (line 8, col 5): stages[0]: a stage with duration_months needs 'next': "
            "the stage its completers move to");
  EXPECT_EQ(error_of(replace(VALID, "stages: [asye, social_worker]", "stages: [asye, asye]")),
            "test.yaml (line 18, col 20): establishment[0].stages[1]: stage 'asye' is already "
            "in establishment group 'frontline'");
  EXPECT_EQ(error_of(replace(VALID, "  - id: social_worker", "  - id: asye")),
            "test.yaml (line 13, col 9): stages[1].id: stage id 'asye' is used by another "
            "stage");
  EXPECT_EQ(error_of(replace(VALID, "seed: 3", "seed: 3\nseed: 4")),
            "test.yaml (line 7, col 1): seed: key given twice");
}

TEST(ScenarioLoad, KeyWithNoValue) {
  EXPECT_EQ(error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate:")),
            "test.yaml (line 15, col 5): stages[1].leaving_rate: expected an annual rate "
            "between 0 and 1, got nothing");
  EXPECT_EQ(error_of(replace(VALID, "    fte: 50", "    fte: 50\n    recruitment:")),
            "test.yaml (line 20, col 5): establishment[0].recruitment: expected a mapping of "
            "keys to values, got nothing");
}

TEST(ScenarioLoad, LimitsKeepNumbersSane) {
  EXPECT_EQ(error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: 0.17\n    salary: 1e307")),
            "test.yaml (line 16, col 13): stages[1].salary: expected an amount from 0 to "
            "10000000 (GBP per year), got 1e+307");
  EXPECT_EQ(
      error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: 0.17\n    fte_per_head: 1e-8")),
      "test.yaml (line 16, col 19): stages[1].fte_per_head: expected an FTE per head from "
      "0.01 to 1, got 1e-08");
  // A million posts filled at 0.01 FTE a head, beside the opening staff: too many people.
  const std::string big = replace(
      replace(VALID, "leaving_rate: 0.17", "leaving_rate: 0.17\n    fte_per_head: 0.01"), "fte: 50",
      "fte: 1000000\n    recruitment: {stage: social_worker, monthly_fill_probability: 1}");
  EXPECT_EQ(error_of(big),
            "test.yaml (line 20, col 10): establishment.frontline.fte: the scenario could hold "
            "100,000,045 people at once (opening staff, every intake place over the horizon and "
            "recruits up to the establishment); wfsim is sized for at most 100,000,000. This "
            "value adds the most: 100,000,000");
}

TEST(ScenarioLoad, TenureBands) {
  const std::string banded = replace(VALID, "seed: 3", "seed: 3\ntenure_bands: [1, 2.5]");
  const Scenario sc = load_scenario_text(
      replace(replace(banded, "headcount: 40", "headcount_by_tenure: [10, 20, 10]"),
              "leaving_rate: 0.17", "leaving_rate: [0.3, 0.2, 0.1]"),
      "test.yaml");
  EXPECT_EQ(sc.tenure_bands, (std::vector<int>{12, 30}));
  EXPECT_EQ(sc.stages[1].headcount, 40);
  std::vector<double> rates;
  for (ParamId id : sc.stages[1].leaving_by_tenure) rates.push_back(test::fixed(sc, id));
  EXPECT_EQ(rates, (std::vector<double>{0.3, 0.2, 0.1}));
  EXPECT_EQ(sc.parameters[sc.stages[1].leaving_by_tenure[2]].path,
            "stages.social_worker.leaving_rate[2]");
  EXPECT_EQ(test::fixed(sc, sc.stages[0].leaving_by_tenure[2]), 0.15);

  EXPECT_EQ(error_of(replace(banded, "leaving_rate: 0.17", "leaving_rate: [0.3, 0.2]")),
            "test.yaml (line 16, col 19): stages[1].leaving_rate: expected 3 values, one per "
            "tenure band, got 2");
  EXPECT_EQ(error_of(replace(banded, "leaving_rate: 0.17", "leaving_rate: [0.3, 2, 0.1]")),
            "test.yaml (line 16, col 25): stages[1].leaving_rate[1]: expected an annual rate "
            "between 0 and 1, got 2");
  EXPECT_EQ(error_of(replace(VALID, "seed: 3", "seed: 3\ntenure_bands: [2, 1]")),
            "test.yaml (line 7, col 19): tenure_bands[1]: tenure bands must increase");
  EXPECT_EQ(error_of(replace(VALID, "seed: 3", "seed: 3\ntenure_bands: [0.1]")),
            "test.yaml (line 7, col 16): tenure_bands[0]: expected a whole number of months "
            "(years x 12), got 1.200000 months");
  EXPECT_EQ(
      error_of(replace(VALID, "headcount: 40", "headcount: 40\n    headcount_by_tenure: [40]")),
      "test.yaml (line 14, col 16): stages[1].headcount: give headcount or "
      "headcount_by_tenure, not both");
  EXPECT_EQ(error_of(replace(VALID, "headcount: 5", "headcount_by_tenure: [5]")),
            "test.yaml (line 9, col 26): stages[0].headcount_by_tenure: a stage with "
            "duration_months spreads its opening staff over its months; give headcount");
}

TEST(ScenarioLoad, ExistingIsNotAnEntryRoute) {
  EXPECT_EQ(error_of(VALID + "intakes:\n  - route: existing\n    stage: asye\n    month: 9\n"
                             "    size: 4\n"),
            "test.yaml (line 21, col 12): intakes[0].route: 'existing' is the route of the staff "
            "in post at the start; choose another name");
}

TEST(ScenarioLoad, Distributions) {
  const Scenario sc = load_scenario_text(
      replace(VALID, "leaving_rate: 0.17", "leaving_rate: {beta: {mean: 0.17, sd: 0.03}}"),
      "test.yaml");
  const Parameter& p = sc.parameters[sc.stages[1].leaving_by_tenure[0]];
  EXPECT_TRUE(p.uncertain());
  EXPECT_EQ(p.segments[0].value.kind, Distribution::Kind::beta);

  EXPECT_EQ(
      error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: {beta: {mean: 0.17, sd: 0.4}}")),
      "test.yaml (line 15, col 26): stages[1].leaving_rate.beta: a beta distribution with "
      "mean 0.17 needs an sd below sqrt(mean x (1 - mean)) = 0.375633, got 0.4");
  EXPECT_EQ(
      error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: {lognorm: {median: 0.1}}")),
      "test.yaml (line 15, col 20): stages[1].leaving_rate: unknown distribution "
      "'lognorm'; did you mean 'lognormal'?");
  EXPECT_EQ(error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: {uniform: [0.2, 0.1]}")),
            "test.yaml (line 15, col 29): stages[1].leaving_rate.uniform: low must not be above "
            "high, got low 0.2, high 0.1");
  EXPECT_EQ(
      error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: {triangular: [0.3, 0.1, 0.2]}")),
      "test.yaml (line 15, col 32): stages[1].leaving_rate.triangular: expected low <= mode <= "
      "high, got 0.3, 0.1, 0.2");
  EXPECT_EQ(
      error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: {triangular: [0, 0.5, 1.5]}")),
      "test.yaml (line 15, col 41): stages[1].leaving_rate.triangular[2]: expected an annual "
      "rate between 0 and 1, got 1.5");
  EXPECT_EQ(error_of(replace(VALID, "duration_months: 12", "duration_months: -12")),
            "test.yaml (line 11, col 22): stages[0].duration_months: expected a whole number from "
            "1 to 1200, got -12");
}

TEST(ScenarioLoad, PolicyTimeline) {
  const Scenario sc = load_scenario_text(
      VALID +
          "changes:\n  - from: 2025-01\n    set:\n      stages.social_worker.leaving_rate: 0.1\n",
      "test.yaml");
  const Parameter& p = sc.parameters[sc.stages[1].leaving_by_tenure[0]];
  ASSERT_EQ(p.segments.size(), 2u);
  EXPECT_EQ(p.segments[1].from, 9);  // 2025-01 is 9 months after 2024-04
  EXPECT_EQ(p.segments[1].value.a, 0.1);

  EXPECT_EQ(error_of(VALID + "changes:\n  - set:\n      stages.social_worker.leaving_rte: 0.1\n"),
            "test.yaml (line 22, col 7): changes[0].set.stages.social_worker.leaving_rte: no "
            "parameter called 'stages.social_worker.leaving_rte'; did you mean "
            "'stages.social_worker.leaving_rate'?");
  EXPECT_EQ(error_of(VALID + "changes:\n  - from: 2020-01\n    set: {on_cost_rate: 0.3}\n"),
            "test.yaml (line 21, col 11): changes[0].from: 2020-01 is before the start of the "
            "scenario (2024-04)");
}

// Three changes, listed out of month order: each applies from its own month. (Sorting the
// changes themselves once overwrote the first with the last: YAML nodes assign by value.)
TEST(ScenarioLoad, ManyChangesInAnyOrder) {
  const Scenario sc = load_scenario_text(VALID + R"(changes:
  - from: 2025-04
    set: {stages.social_worker.salary: 48000}
  - from: 2024-06
    set: {stages.social_worker.salary: 24000}
  - from: 2024-10
    set: {stages.social_worker.salary: 36000}
)",
                                         "test.yaml");
  const auto& segs = sc.parameters[sc.stages[1].annual_salary].segments;
  ASSERT_EQ(segs.size(), 4u);
  const std::vector<std::pair<int, double>> expected = {
      {0, 0}, {2, 24000}, {6, 36000}, {12, 48000}};
  for (std::size_t k = 0; k < segs.size(); ++k) {
    EXPECT_EQ(segs[k].from, expected[k].first) << k;
    EXPECT_EQ(segs[k].value.a, expected[k].second) << k;
  }
}

TEST(ScenarioLoad, ChangesThatCouldHaveNoEffectAreRefused) {
  const std::string agency = VALID + "agency: {cover_share: 1, annual_cost_per_fte: 80000}\n";
  EXPECT_EQ(error_of(agency + "changes:\n  - set: {agency.hourly_rate: 40}\n"),
            "test.yaml (line 22, col 11): changes[0].set.agency.hourly_rate: this scenario costs "
            "agency per FTE per year: change agency.annual_cost_per_fte (or give hourly_rate in "
            "agency)");
  EXPECT_EQ(error_of(VALID + "changes:\n  - from: 2025-04\n    set: {discount_rate: 0.05}\n"),
            "test.yaml (line 22, col 11): changes[0].set.discount_rate: 'discount_rate' applies "
            "from the start only: set it without 'from'");
}

// A strategy's change and the base's later change to the same parameter both apply, in
// order of their months.
TEST(ScenarioLoad, StrategyAndBaseChangesMergeByMonth) {
  const auto all = load_strategies_text(VALID + R"(intakes:
  - route: graduate
    stage: asye
    month: 9
    size: 8
changes:
  - from: 2025-04
    set: {intakes.graduate.size: 0}
strategies:
  - name: more
    changes:
      - from: 2024-06
        set: {intakes.graduate.size: 15}
)",
                                        "test.yaml");
  const auto& segs = all[1].parameters[all[1].intakes[0].size].segments;
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(segs[1].from, 2);
  EXPECT_EQ(segs[1].value.a, 15);
  EXPECT_EQ(segs[2].from, 12);  // the base's cut from 2025-04 still applies
  EXPECT_EQ(segs[2].value.a, 0);
}

TEST(ScenarioLoad, StrategiesAreTheBaseWithTheirChanges) {
  const auto all = load_strategies_text(VALID + R"(strategies:
  - name: more_posts
    description: Ten more funded posts from 2025-04
    changes:
      - from: 2025-04
        set: {establishment.frontline.fte: 60}
  - name: lower_leaving
    changes:
      - set:
          stages.social_worker.leaving_rate: {uniform: [0.1, 0.14]}
)",
                                        "test.yaml");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].strategy, "base");
  EXPECT_EQ(all[1].strategy, "more_posts");
  EXPECT_EQ(all[1].strategy_description, "Ten more funded posts from 2025-04");
  // Each strategy differs from the base in the parameters it names, and nowhere else.
  for (std::size_t k = 1; k < all.size(); ++k) {
    ASSERT_EQ(all[k].parameters.size(), all[0].parameters.size());
    std::vector<std::string> changed;
    for (std::size_t p = 0; p < all[0].parameters.size(); ++p) {
      const auto& a = all[0].parameters[p].segments;
      const auto& b = all[k].parameters[p].segments;
      const bool same = a.size() == b.size() &&
                        std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
                          return x.from == y.from && x.value.kind == y.value.kind &&
                                 x.value.a == y.value.a && x.value.b == y.value.b;
                        });
      if (!same) changed.push_back(all[0].parameters[p].path);
    }
    EXPECT_EQ(changed, std::vector<std::string>{k == 1 ? "establishment.frontline.fte"
                                                       : "stages.social_worker.leaving_rate"});
  }
  EXPECT_EQ(error_of(VALID + "strategies:\n  - name: base\n    changes: []\n"),
            "test.yaml (line 21, col 11): strategies[0].name: the strategy name 'base' is taken "
            "('base' is the scenario without strategies)");
}

TEST(ScenarioLoad, LeaverDestinationsAddUpToOne) {
  EXPECT_EQ(error_of(VALID + "leaver_destinations: {other_council: 0.5, agency: 0.3}\n"),
            "test.yaml (line 20, col 22): leaver_destinations: the shares of leavers must add up "
            "to 1, got 0.8");
  const Scenario sc = load_scenario_text(VALID, "test.yaml");
  ASSERT_EQ(sc.destinations.size(), 4u);
  EXPECT_NEAR(test::fixed(sc, sc.destinations[1]), 2.6 / 15.4, 1e-12);  // national share
}

TEST(ScenarioLoad, Demand) {
  EXPECT_EQ(error_of(VALID + "demand:\n  open_cases: 100\n  target_caseload: {asye: 10}\n"
                             "  reference_stage: social_worker\n"),
            "test.yaml (line 23, col 20): demand.reference_stage: the reference stage needs a "
            "target caseload");
  EXPECT_EQ(error_of(VALID + "demand:\n  open_cases: 100\n  target_caseload: {asye: 10}\n"
                             "  establishment_group: frontlne\n"),
            "test.yaml (line 23, col 24): demand.establishment_group: no establishment group "
            "called 'frontlne'");
  const Scenario sc = load_scenario_text(
      VALID + "demand:\n  open_cases: 100\n  target_caseload: {asye: 10, social_worker: 17}\n",
      "test.yaml");
  EXPECT_EQ(sc.demand.reference_stage, 1);  // the highest target by default
}

TEST(ScenarioLoad, Targets) {
  EXPECT_EQ(error_of(VALID + "targets:\n  - {name: p, measure: permanance, at_least: 0.85}\n"),
            "test.yaml (line 21, col 24): targets[0].measure: no measure called 'permanance'; did "
            "you mean 'permanence'?");
  EXPECT_EQ(error_of(VALID + "targets:\n  - {name: p, measure: permanence}\n"),
            "test.yaml (line 21, col 5): targets[0]: give the threshold as at_least or as at_most");
}

// A share written as a percentage could never be met: refused, saying how shares are written
// and what was given.
TEST(ScenarioLoad, TargetThresholdsMustBeMeantForTheirMeasure) {
  EXPECT_EQ(error_of(VALID + "targets:\n  - {name: p, measure: permanence, at_least: 85}\n"),
            "test.yaml (line 21, col 46): targets[0].at_least: expected a share from 0 to 1 "
            "(shares are written as fractions: 0.85, not 85), got 85");
  EXPECT_NE(error_of(VALID + "targets:\n  - {name: t, measure: turnover, at_most: 12}\n")
                .find("0.85, not 85), got 12"),
            std::string::npos);
  EXPECT_EQ(error_of(VALID + "targets:\n  - {name: s, measure: agency_spend, at_most: 250000}\n"),
            "");
}

TEST(ScenarioLoad, TurnoverRateOrLeavingRateNotBoth) {
  const Scenario sc =
      load_scenario_text(replace(VALID, "leaving_rate: 0.17", "turnover_rate: 0.17"), "t.yaml");
  EXPECT_TRUE(sc.stages[1].leaving_as_turnover);
  EXPECT_FALSE(sc.stages[0].leaving_as_turnover);
  EXPECT_EQ(sc.parameters[sc.stages[1].leaving_by_tenure[0]].path,
            "stages.social_worker.turnover_rate");
  EXPECT_EQ(
      error_of(replace(VALID, "leaving_rate: 0.17", "leaving_rate: 0.17\n    turnover_rate: 0.17")),
      "test.yaml (line 15, col 19): stages[1].leaving_rate: give leaving_rate (the share of "
      "staff leaving in a year) or turnover_rate (leavers in a year / average staff, as the "
      "DfE reports it), not both");
}

// The published figures a scenario was built from: read as given, a figure left out stays
// missing (never zero), dated by dfe_return's snapshot month.
const std::string HISTORY = VALID + R"(dfe_return:
  snapshot_month: 3
history:
  source: csww_indicators_2017_to_2021.csv
  area: Knowsley
  code: E08000011
  years:
    - {year: 2019, inpost_fte: 122, turnover_rate_fte: 7.8, cases: 1057}
    - year: 2020
      agency_rate_fte: 9.2
      caseload_fte: 16.6
)";

TEST(ScenarioLoad, HistoryIsReadAsGiven) {
  EXPECT_FALSE(load_scenario_text(VALID, "test.yaml").history);
  const auto all = load_strategies_text(
      HISTORY +
          "strategies:\n  - name: more\n    changes: [{set: {establishment.frontline.fte: "
          "60}}]\n",
      "test.yaml");
  ASSERT_TRUE(all[0].history);
  const History& h = *all[0].history;
  EXPECT_EQ(h.source, "csww_indicators_2017_to_2021.csv");
  EXPECT_EQ(h.area, "Knowsley");
  EXPECT_EQ(h.code, "E08000011");
  EXPECT_EQ(h.snapshot_month, 3);
  ASSERT_EQ(h.years.size(), 2u);
  EXPECT_EQ(h.years[0].year, 2019);
  EXPECT_EQ(h.years[1].year, 2020);
  auto figure = [&](std::size_t y, const std::string& name) {
    for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i)
      if (HISTORY_MEASURES[i].name == name) return h.years[y].figures[i];
    throw std::logic_error("no measure " + name);
  };
  EXPECT_EQ(figure(0, "inpost_fte"), 122.0);
  EXPECT_EQ(figure(0, "turnover_rate_fte"), 7.8);
  EXPECT_EQ(figure(0, "cases"), 1057.0);
  EXPECT_FALSE(figure(0, "starters_fte"));
  EXPECT_FALSE(figure(1, "inpost_fte"));
  EXPECT_EQ(figure(1, "agency_rate_fte"), 9.2);
  EXPECT_EQ(figure(1, "caseload_fte"), 16.6);
  // Every strategy carries the same history; without dfe_return the count is 30 September.
  EXPECT_EQ(all[1].history, all[0].history);
  const Scenario september =
      load_scenario_text(replace(HISTORY, "dfe_return:\n  snapshot_month: 3\n", ""), "test.yaml");
  EXPECT_EQ(september.history->snapshot_month, 9);
  EXPECT_EQ(september.history->years, h.years);
  // Area and code may be left out; a year may have no figures at all.
  const Scenario bare = load_scenario_text(
      VALID + "history:\n  source: council report\n  years: [{year: 2022}]\n", "test.yaml");
  EXPECT_EQ(bare.history->area, "");
  EXPECT_EQ(bare.history->years[0], (HistoryYear{2022, {}}));
}

TEST(ScenarioLoad, HistoryRefusesWhatIsNotAPublishedFigure) {
  EXPECT_EQ(error_of(replace(HISTORY, "caseload_fte: 16.6", "caseload_ft: 16.6")),
            "test.yaml (line 30, col 7): history.years[1].caseload_ft: unknown key; did you mean "
            "'caseload_fte'? Keys allowed here: year, inpost_fte, starters_fte, leavers_fte, "
            "turnover_rate_fte, agency_fte, agency_rate_fte, vacancy_fte, vacancy_rate_fte, "
            "case_holders_fte, cases, caseload_fte");
  EXPECT_EQ(error_of(replace(HISTORY, "  area:", "  araa:")),
            "test.yaml (line 24, col 3): history.araa: unknown key; did you mean 'area'? Keys "
            "allowed here: source, area, code, years");
  const std::string top = error_of(replace(HISTORY, "history:", "histroy:"));
  EXPECT_EQ(top.rfind("test.yaml (line 22, col 1): histroy: unknown key; did you mean "
                      "'history'? Keys allowed here: ",
                      0),
            0u)
      << top;
  // Rates are percentages, as the DfE writes them.
  EXPECT_EQ(error_of(replace(HISTORY, "turnover_rate_fte: 7.8", "turnover_rate_fte: 107.8")),
            "test.yaml (line 27, col 56): history.years[0].turnover_rate_fte: expected a "
            "percentage from 0 to 100 (the DfE writes rates as percentages: 15.4, not 0.154), "
            "got 107.8");
  EXPECT_EQ(error_of(replace(HISTORY, "inpost_fte: 122", "inpost_fte: -1")),
            "test.yaml (line 27, col 32): history.years[0].inpost_fte: expected an FTE from 0 to "
            "1000000, got -1");
  EXPECT_EQ(error_of(replace(HISTORY, "cases: 1057", "cases: c")),
            "test.yaml (line 27, col 68): history.years[0].cases: expected a number of cases from "
            "0 to 10000000, got 'c'");
  EXPECT_EQ(error_of(replace(HISTORY, "caseload_fte: 16.6", "caseload_fte:")),
            "test.yaml (line 30, col 7): history.years[1].caseload_fte: expected a caseload from 0 "
            "to 10000 cases per FTE, got nothing");
  EXPECT_EQ(error_of(replace(HISTORY, "year: 2020", "year: 2019")),
            "test.yaml (line 28, col 13): history.years[1].year: years must increase: 2019 is not "
            "after 2019");
  EXPECT_EQ(error_of(replace(HISTORY, "year: 2020", "year: 1850")),
            "test.yaml (line 28, col 13): history.years[1].year: expected a whole number from 1900 "
            "to 2999, got 1850");
  EXPECT_EQ(error_of(replace(HISTORY, "  source: csww_indicators_2017_to_2021.csv\n", "")),
            "test.yaml (line 23, col 3): history: missing required key 'source' (expected text)");
  EXPECT_EQ(error_of(VALID + "history:\n  source: s\n  years: []\n"),
            "test.yaml (line 22, col 10): history.years: expected at least one year");
  EXPECT_EQ(error_of(VALID + "history:\n  source: s\n  years: [2019]\n"),
            "test.yaml (line 22, col 11): history.years[0]: expected a mapping of keys to values, "
            "got '2019'");
}

TEST(ScenarioLoad, ASecondYamlDocumentIsRefused) {
  EXPECT_EQ(error_of(VALID + "---\nname: other\n"),
            "test.yaml (line 21, col 1): a second YAML document (after '---'): a scenario file "
            "holds one scenario; put variants under 'strategies'");
}

// yaml-cpp 0.7 looped for ever, taking all memory, on a document starting with ','; libyaml
// reads the syntax first and refuses it.
TEST(ScenarioLoad, TextThatIsNotYamlIsRefusedNotLoopedOn) {
  EXPECT_EQ(error_of(",a: 1\n"),
            "test.yaml (line 1, col 1): malformed YAML: did not find expected node content "
            "while parsing a block node");
  EXPECT_EQ(error_of(VALID + "---\n,\n"),
            "test.yaml (line 21, col 1): malformed YAML: did not find expected node content "
            "while parsing a block node");
}

TEST(ScenarioLoad, DeepNestingIsNamed) {
  const std::string deep = "a: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  const std::string message = error_of(deep);
  EXPECT_NE(message.find("levels deep or more; a scenario needs a handful"), std::string::npos)
      << message;
}

// A sweep's grid is counted before it is built: a tiny step is refused at once.
TEST(ScenarioLoad, SweepStepsAreCountedFirst) {
  const std::string sweep =
      "sweep:\n  - lever: establishment.frontline.fte\n    values: {from: 0, to: 30, step: 1e-7}\n";
  EXPECT_EQ(error_of(VALID + sweep),
            "test.yaml (line 22, col 13): sweep[0].values: from 0 to 30 by 1e-07 gives 3e+08 "
            "values; a sweep axis has at most 100: use a larger step");
  const Scenario sc = load_scenario_text(replace(VALID + sweep, "step: 1e-7", "step: 0.5"), "t");
  EXPECT_EQ(sc.sweep[0].values.size(), 61u);
  EXPECT_DOUBLE_EQ(sc.sweep[0].values.back(), 30);
}

// A sweep's lever names a parameter; a misspelt one is refused with the nearest path, and a
// banded parameter is named once, for all its bands.
TEST(ScenarioLoad, SweepLeverSuggestsTheNearestPath) {
  const std::string sweep =
      "sweep:\n  - lever: establishment.frontline.ftes\n    values: [10, 20]\n";
  const std::string message = error_of(VALID + sweep);
  EXPECT_NE(message.find("sweep[0].lever: the scenario has no parameter called "
                         "'establishment.frontline.ftes'; did you mean "
                         "'establishment.frontline.fte'?"),
            std::string::npos)
      << message;
  const Scenario sc = load_scenario_text(VALID, "t");
  const auto paths = lever_paths(sc);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "establishment.frontline.fte"), paths.end());
  for (const auto& p : paths) EXPECT_EQ(p.find('['), std::string::npos) << p;
  EXPECT_FALSE(lever_parameters(sc, "establishment.frontline.fte").empty());
  EXPECT_THROW(lever_parameters(sc, "establishment.frontline"), UserError);
}

// The population guard looks at what each strategy can reach after its changes, points at
// the value that makes it too large, and accepts any one value within its documented range.
TEST(ScenarioLoad, PopulationGuardAfterChangesAtThePlace) {
  const std::string intake = "intakes:\n  - {route: graduate, stage: asye, month: 9, size: 10}\n";
  const std::string big =
      "strategies:\n  - name: huge\n    changes:\n      - from: 2025-01\n"
      "        set: {intakes.graduate.size: 1000000}\n";
  EXPECT_EQ(error_of(VALID + intake + big), "");  // two intakes of a million: fine
  const std::string longer = replace(VALID, "horizon_months: 24", "horizon_months: 1200");
  const std::string message = error_of(longer + intake + big);
  EXPECT_NE(message.find("test.yaml (line 26, col 15): intakes.graduate.size: strategy 'huge' "
                         "could hold 100,000,"),
            std::string::npos)
      << message;
  // A million funded posts filled by recruits at one FTE each: inside every range, accepted.
  const std::string posts = replace(VALID, "fte: 50",
                                    "fte: 1000000\n    recruitment: {stage: social_worker, "
                                    "monthly_fill_probability: 0.1}");
  EXPECT_EQ(error_of(posts), "");
}

namespace {

//! VALID with one parameter varying year to year, given as the entry's keys.
std::string yearly(const std::string& entry) {
  return VALID + "year_to_year:\n  parameters:\n    - {" + entry + "}\n";
}

}  // namespace

TEST(ScenarioLoad, YearToYearIsRead) {
  const Scenario sc = load_scenario_text(VALID + R"(year_to_year:
  year_starts: 10
  parameters:
    - {parameter: stages.social_worker.leaving_rate, sd: 0.2, scale: logit, persistence: 0.4,
       reverts_to: {uniform: [0.1, 0.2]}}
    - {parameter: establishment.frontline.fte, sd: 0.1}
    - {parameter: stages.asye.leaving_rate, sd: 0, scale: log1p}
)",
                                         "test.yaml");
  EXPECT_EQ(sc.year_starts, 10);
  ASSERT_EQ(sc.yearly_variation.size(), 3u);
  const YearlyVariation& v = sc.yearly_variation[0];
  EXPECT_EQ(v.path, "stages.social_worker.leaving_rate");
  EXPECT_EQ(v.parameters, sc.stages[1].leaving_by_tenure);
  EXPECT_EQ(v.scale, YearlyVariation::Scale::logit);
  EXPECT_EQ(v.sd, 0.2);
  EXPECT_EQ(v.persistence, 0.4);
  ASSERT_GE(v.level, 0);
  EXPECT_EQ(sc.parameters[v.level].path,
            "year_to_year.stages.social_worker.leaving_rate.reverts_to");
  EXPECT_TRUE(sc.parameters[v.level].uncertain());
  const YearlyVariation& w = sc.yearly_variation[1];
  EXPECT_EQ(w.scale, YearlyVariation::Scale::log);  // the defaults
  EXPECT_EQ(w.persistence, 1.0);
  EXPECT_EQ(w.level, -1);
  EXPECT_EQ(sc.yearly_variation[2].scale, YearlyVariation::Scale::log1p);
  // year_starts defaults to the start's month.
  EXPECT_EQ(load_scenario_text(yearly("parameter: establishment.frontline.fte, sd: 0.1"), "t")
                .year_starts,
            4);
}

TEST(ScenarioLoad, YearToYearRefusals) {
  EXPECT_EQ(error_of(yearly("parameter: stages.social_worker.leaving_rte, sd: 0.2")),
            "test.yaml (line 22, col 19): year_to_year.parameters[0].parameter: no parameter "
            "called 'stages.social_worker.leaving_rte'; did you mean "
            "'stages.social_worker.leaving_rate'?");
  EXPECT_EQ(error_of(yearly("parameter: discount_rate, sd: 0.2")),
            "test.yaml (line 22, col 19): year_to_year.parameters[0].parameter: 'discount_rate' "
            "is read once, at the start: it cannot vary from year to year");
  EXPECT_EQ(error_of(VALID + "demand:\n  open_cases: 100\n  target_caseload: {social_worker: 15}\n"
                             "year_to_year:\n  parameters:\n"
                             "    - {parameter: demand.open_cases, sd: 0.1}\n"),
            "test.yaml (line 25, col 19): year_to_year.parameters[0].parameter: "
            "'demand.open_cases' is read once, at the start: it cannot vary from year to year");
  EXPECT_EQ(error_of(VALID + "year_to_year:\n  parameters:\n"
                             "    - {parameter: establishment.frontline.fte, sd: 0.1}\n"
                             "    - {parameter: establishment.frontline.fte, sd: 0.2}\n"),
            "test.yaml (line 23, col 19): year_to_year.parameters[1].parameter: "
            "'establishment.frontline.fte' is listed twice");
  EXPECT_EQ(error_of(yearly("parameter: stages.social_worker.salary, sd: 0.2, scale: logit")),
            "test.yaml (line 22, col 64): year_to_year.parameters[0].scale: the logit scale is for "
            "shares and probabilities (0 to 1); 'stages.social_worker.salary' is an amount from 0 "
            "to 10000000 (GBP per year): use log");
  EXPECT_EQ(error_of(yearly("parameter: stages.social_worker.leaving_rate, sd: 0.2, scale: lgit")),
            "test.yaml (line 22, col 70): year_to_year.parameters[0].scale: expected log, logit or "
            "log1p, got 'lgit'; did you mean 'logit'?");
  EXPECT_EQ(error_of(yearly("parameter: stages.social_worker.leaving_rate, sd: 6")),
            "test.yaml (line 22, col 58): year_to_year.parameters[0].sd: expected a standard "
            "deviation from 0 to 5 (on the scale), got 6");
  EXPECT_EQ(
      error_of(yearly("parameter: stages.social_worker.leaving_rate, sd: 0.2, persistence: 1.5")),
      "test.yaml (line 22, col 76): year_to_year.parameters[0].persistence: expected a share of "
      "a year from 0 to 1, got 1.5");
  // A level off the scale: 0 on log; 0 or 1 on logit (1 was once accepted, and ignored).
  EXPECT_EQ(
      error_of(yearly("parameter: stages.social_worker.leaving_rate, sd: 0.2, reverts_to: 0")),
      "test.yaml (line 22, col 75): year_to_year.parameters[0].reverts_to: expected a value "
      "above 0 within the parameter's range (the log scale), got 0");
  const std::string logit = "parameter: stages.social_worker.leaving_rate, sd: 0.2, scale: logit";
  EXPECT_EQ(error_of(yearly(logit + ", reverts_to: 1")),
            "test.yaml (line 22, col 89): year_to_year.parameters[0].reverts_to: expected a share "
            "above 0 and below 1 (the logit scale), got 1");
  EXPECT_EQ(error_of(yearly(logit + ", reverts_to: 0")),
            "test.yaml (line 22, col 89): year_to_year.parameters[0].reverts_to: expected a share "
            "above 0 and below 1 (the logit scale), got 0");
  EXPECT_EQ(error_of(yearly(logit + ", reverts_to: 0.999")), "");
  EXPECT_EQ(error_of(VALID + "year_to_year:\n  parameters:\n"
                             "    - {parameter: stages.social_worker.leaving_rate, sd: 0.2, "
                             "reverts_to: 0.1}\n"
                             "    - {parameter: year_to_year.stages.social_worker.leaving_rate."
                             "reverts_to, sd: 0.1}\n"),
            "test.yaml (line 23, col 19): year_to_year.parameters[1].parameter: a long-run level "
            "cannot itself vary from year to year");
  EXPECT_EQ(error_of(VALID + "year_to_year:\n  parameters: []\n"),
            "test.yaml (line 21, col 15): year_to_year.parameters: expected at least one "
            "parameter");
  EXPECT_EQ(error_of(VALID + "year_to_year:\n  year_starts: 13\n  parameters:\n"
                             "    - {parameter: establishment.frontline.fte, sd: 0.1}\n"),
            "test.yaml (line 21, col 16): year_to_year.year_starts: expected a whole number from 1 "
            "to 12, got 13");
  // The long-run level is a parameter a change may set, from the start only.
  const std::string level =
      yearly("parameter: stages.social_worker.leaving_rate, sd: 0.2, reverts_to: 0.1");
  EXPECT_EQ(error_of(level + "changes:\n  - from: 2025-04\n    set: "
                             "{year_to_year.stages.social_worker.leaving_rate.reverts_to: 0.2}\n"),
            "test.yaml (line 25, col 11): changes[0].set.year_to_year.stages.social_worker."
            "leaving_rate.reverts_to: 'year_to_year.stages.social_worker.leaving_rate.reverts_to' "
            "applies from the start only: set it without 'from'");
  EXPECT_EQ(error_of(level + "changes:\n  - set: "
                             "{year_to_year.stages.social_worker.leaving_rate.reverts_to: 0.2}\n"),
            "");
}

TEST(ScenarioLoad, NewEstablishmentDemandAndDfeKeys) {
  EXPECT_EQ(error_of(VALID + "dfe_return: {snapshot_month: 13}\n"),
            "test.yaml (line 20, col 30): dfe_return.snapshot_month: expected a whole number from "
            "1 to 12, got 13");
  EXPECT_EQ(error_of(replace(VALID, "fte: 50", "fte: 50\n    opening_agency_fte: -1")),
            "test.yaml (line 20, col 25): establishment[0].opening_agency_fte: expected a whole "
            "number from 0 to 1000000, got -1");
  EXPECT_EQ(error_of(replace(VALID, "fte: 50", "fte: 50\n    opening_agency_fte: 2.5")),
            "test.yaml (line 20, col 25): establishment[0].opening_agency_fte: expected a whole "
            "number from 0 to 1000000, got '2.5'");
  EXPECT_EQ(error_of(replace(VALID, "fte: 50", "fte: 50\n    annual_growth: 0.6")),
            "test.yaml (line 20, col 20): establishment[0].annual_growth: expected a yearly rate "
            "from -0.5 to 0.5, got 0.6");
  EXPECT_EQ(error_of(replace(VALID, "fte: 50", "fte: 50\n    other_agency_fte: -2")),
            "test.yaml (line 20, col 23): establishment[0].other_agency_fte: expected an FTE from "
            "0 to 1000000, got -2");
  const std::string demand =
      VALID + "demand:\n  open_cases: 100\n  target_caseload: {social_worker: 15}\n";
  EXPECT_EQ(error_of(demand + "  growth_damping: 1.5\n"),
            "test.yaml (line 23, col 19): demand.growth_damping: expected a share of a year from 0 "
            "to 1, got 1.5");
  EXPECT_EQ(error_of(demand + "  noise_persistence: -0.1\n"),
            "test.yaml (line 23, col 22): demand.noise_persistence: expected a share of a year "
            "from 0 to 1, got -0.1");
  EXPECT_EQ(error_of(demand + "  reverts_to: 0\n"),
            "test.yaml (line 23, col 15): demand.reverts_to: expected a number of cases above 0, "
            "at most 10000000, got 0");
  const Scenario sc = load_scenario_text(
      replace(demand, "fte: 50",
              "fte: 50\n    annual_growth: 0.02\n    opening_agency_fte: 4\n"
              "    other_agency_fte: 1.5") +
          "  growth_damping: 0.5\n  noise_persistence: 0.3\n  reverts_to: 80\ndfe_return: {}\n",
      "test.yaml");
  EXPECT_EQ(test::fixed(sc, sc.establishment[0].annual_growth), 0.02);
  EXPECT_EQ(sc.establishment[0].opening_agency_fte, 4);
  EXPECT_EQ(test::fixed(sc, sc.establishment[0].other_agency_fte), 1.5);
  EXPECT_EQ(sc.demand.growth_damping, 0.5);
  EXPECT_EQ(sc.demand.noise_persistence, 0.3);
  EXPECT_EQ(test::fixed(sc, sc.demand.level), 80);
  EXPECT_TRUE(sc.dfe_return);
  EXPECT_EQ(sc.dfe_snapshot_month, 9);
  const Scenario plain = load_scenario_text(VALID, "test.yaml");
  EXPECT_FALSE(plain.dfe_return);
  EXPECT_EQ(test::fixed(plain, plain.establishment[0].annual_growth), 0);  // the defaults
  EXPECT_EQ(plain.establishment[0].opening_agency_fte, 0);
  EXPECT_EQ(test::fixed(plain, plain.establishment[0].other_agency_fte), 0);
}

// Posts that grow for the whole horizon count in the population guard, and the message
// points at the growth when it is what adds the most.
TEST(ScenarioLoad, PopulationGuardCountsEstablishmentGrowth) {
  const std::string posts =
      replace(VALID, "fte: 50",
              "fte: 1000000\n    annual_growth: 0.5\n    recruitment: {stage: social_worker, "
              "monthly_fill_probability: 0.1}");
  EXPECT_EQ(error_of(posts), "");  // two years' growth: 2.25 million posts
  EXPECT_EQ(error_of(replace(posts, "horizon_months: 24", "horizon_months: 600")),
            "test.yaml (line 20, col 20): establishment.frontline.annual_growth: the scenario "
            "could hold 637,621,500,214,095 people at once (opening staff, every intake place "
            "over the horizon and recruits up to the establishment); wfsim is sized for at most "
            "100,000,000. This value adds the most: 637,621,499,214,050");
  // 50 posts growing by half every year for a century: the growth, not the 50, is named.
  const std::string message = error_of(replace(
      replace(posts, "horizon_months: 24", "horizon_months: 1200"), "fte: 1000000", "fte: 50"));
  EXPECT_EQ(message.rfind("test.yaml (line 20, col 20): establishment.frontline.annual_growth: "
                          "the scenario could hold ",
                          0),
            0u)
      << message;
  // A path from year to year can reach the top of the range: 0.5 a year, too.
  EXPECT_NE(error_of(replace(replace(posts, "annual_growth: 0.5", "annual_growth: 0.01"),
                             "horizon_months: 24", "horizon_months: 600") +
                     "year_to_year:\n  parameters:\n"
                     "    - {parameter: establishment.frontline.annual_growth, sd: 0.1}\n")
                .find("establishment.frontline.annual_growth: the scenario could hold"),
            std::string::npos);
  EXPECT_EQ(error_of(replace(replace(posts, "annual_growth: 0.5", "annual_growth: 0.01"),
                             "horizon_months: 24", "horizon_months: 600")),
            "");
}

TEST(ScenarioLoad, MissingFileIsAUserError) {
  EXPECT_THROW(load_scenario_file("/nonexistent/scenario.yaml"), UserError);
  try {
    load_scenario_file("/nonexistent/scenario.yaml");
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos);
  }
  try {
    load_scenario_file(WFSIM_TEST_DATA);
    FAIL() << "a folder was read as a scenario";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "'" WFSIM_TEST_DATA "' is a folder, not a scenario file");
  }
}

TEST(NearMiss, FindsTyposOnly) {
  EXPECT_EQ(near_miss("leaving_rte", {"leaving_rate", "salary"}), "leaving_rate");
  EXPECT_EQ(near_miss("salray", {"leaving_rate", "salary"}), "salary");  // transposition
  EXPECT_EQ(near_miss("colour", {"leaving_rate", "salary"}), "");
}

}  // namespace wfsim

namespace wfsim {

// An intake can be limited to its group's vacancies only if its stage counts against a group.
TEST(ScenarioLoad, IntakeLimitedToVacanciesNeedsAGroup) {
  const std::string with_intake =
      replace(VALID, "establishment:",
              "intakes:\n  - {route: graduate, stage: asye, month: 9, size: 4, "
              "limit_to_vacancies: true}\nestablishment:");
  EXPECT_EQ(error_of(with_intake), "");
  EXPECT_EQ(
      error_of(replace(with_intake, "stages: [asye, social_worker]", "stages: [social_worker]")),
      "test.yaml (line 17, col 75): intakes[0].limit_to_vacancies: stage 'asye' counts "
      "against no establishment group, so it has no vacancies to limit the intake to: put "
      "the stage in a group, or leave limit_to_vacancies out");
  EXPECT_NE(error_of(replace(with_intake, "limit_to_vacancies: true", "limit_to_vacancies: 2"))
                .find("limit_to_vacancies"),
            std::string::npos);
}

}  // namespace wfsim
