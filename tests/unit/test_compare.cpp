#include "wfsim/analysis/compare.hpp"

#include <sstream>

#include "wfsim/analysis/export_csv.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/expected.hpp"

namespace wfsim {

namespace {

//! Runs every strategy of `yaml` into a results file at `path`.
void write_results(const std::string& yaml, const std::string& path, bool trajectories) {
  const auto all = load_strategies_text(yaml, "compare");
  test::write_results(all, path, all[0].replications, trajectories);
}

// Ten staff at 6,000 a year. Base: two vacant posts covered by agency at 12,000 a year
// (2,000 a month). Strategy: two starters in January 2024 (1,000 a month for both), who
// cost 5,000 to hire and end the agency cover. The strategy's cumulative spend less the
// base's is 5,000 - 1,000 (t + 1): at or below zero from month 4, 2024-05.
const char* BREAK_EVEN = R"(
schema_version: 1
name: break even
start: 2024-01
horizon_months: 12
replications: 50
seed: 1
stages:
  - id: sw
    headcount: 10
    salary: 6000
    leaving_rate: 0
intakes:
  - route: graduate
    stage: sw
    month: 1
    size: 0
    cost_per_hire: 2500
establishment:
  - id: frontline
    stages: [sw]
    fte: 12
agency:
  cover_share: 1
  annual_cost_per_fte: 12000
strategies:
  - name: hire
    changes:
      - set: {intakes.graduate.size: 2}
)";

}  // namespace

TEST(Compare, BreakEvenAndPairedDifferencesOnAHandWorkedCase) {
  const auto dir = test::temp_dir("compare");
  const std::string path = (dir / "out.h5").string();
  write_results(BREAK_EVEN, path, true);
  const ResultsReader results(path);
  const auto comparisons = compare_strategies(results, "2024-06");
  ASSERT_EQ(comparisons.size(), 1u);
  const auto& c = comparisons[0];
  EXPECT_EQ(c.strategy, "hire");
  // Counted from the hires in 2024-01; spend before the strategy changes it does not count.
  EXPECT_EQ(c.break_even.first_difference, "2024-01");
  EXPECT_EQ(c.break_even.share_later, 1.0);
  EXPECT_EQ(c.break_even.share_from_start, 0.0);
  EXPECT_EQ(c.break_even.share_never, 0.0);
  EXPECT_EQ(c.break_even.median, "2024-05");
  EXPECT_EQ(c.break_even.p10, "2024-05");
  const auto agency = std::find_if(c.differences.begin(), c.differences.end(),
                                   [](const Difference& d) { return d.measure == "agency FTE"; });
  ASSERT_NE(agency, c.differences.end());
  EXPECT_EQ(agency->when, "2024-06");
  EXPECT_EQ(agency->median, -2);
  EXPECT_EQ(agency->chance_better, 1.0);
  const auto so_far = std::find_if(c.differences.begin(), c.differences.end(),
                                   [](const Difference& d) { return d.measure == "spend so far"; });
  EXPECT_EQ(so_far->units, "GBP");
  // By 2024-06 (t = 5): 5,000 - 6,000.
  EXPECT_DOUBLE_EQ(so_far->median, -1000);
  // Payback in finance terms: spend so far is below the base's (not just equal) from
  // 2024-06, in every future; the present value of the difference is 2,000 in 2023/24 (three
  // months: +5,000 - 3 x 1,000) and -9,000 in 2024/25 discounted by 1.035.
  EXPECT_EQ(c.payback.month, "2024-06");
  EXPECT_EQ(c.payback.chance, 1.0);
  EXPECT_NEAR(c.payback.present_value.median, 2000 - 9000 / 1.035, 1e-6);
  EXPECT_EQ(c.payback.present_value.chance_better, 1.0);
  // Spend by year and category, strategy minus base: [category][year], total last.
  ASSERT_EQ(c.spend_differences.size(), 7u * 2);
  EXPECT_EQ(c.spend_differences[4 * 2].measure, "agency");
  EXPECT_DOUBLE_EQ(c.spend_differences[4 * 2].median, -6000);
  EXPECT_EQ(c.spend_differences[6 * 2].measure, "total");
  EXPECT_EQ(c.spend_differences[6 * 2].when, "2023/24");
  EXPECT_TRUE(c.spend_differences[6 * 2].part_year);
  EXPECT_DOUBLE_EQ(c.spend_differences[6 * 2].median, 2000);
  EXPECT_DOUBLE_EQ(c.spend_differences[6 * 2 + 1].median, -9000);
  // The comparison in the tidy CSV.
  std::ostringstream csv;
  export_comparisons_csv(results, csv);
  EXPECT_NE(csv.str().find("hire,break_even,hire vs base,2024-05,median,,month,\n"),
            std::string::npos)
      << csv.str();
  EXPECT_NE(csv.str().find("hire,break_even,hire vs base,2024-01,share_later,1,share,\n"),
            std::string::npos);
  EXPECT_NE(csv.str().find("hire,difference:agency FTE,hire vs base,2024-12,median,-2,FTE,\n"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

// Spend so far at every month, strategy minus base, and payback, as the CSV gives them.
TEST(Compare, SpendSoFarAtEveryMonthAndPaybackInTheCsv) {
  const auto dir = test::temp_dir("compare_path");
  const std::string path = (dir / "out.h5").string();
  write_results(BREAK_EVEN, path, true);
  const ResultsReader results(path);
  const auto c = compare_strategies(results, "")[0];
  const auto months = results.axis_labels("base", "month");
  ASSERT_EQ(c.spend_so_far.size(), months.size());
  for (std::size_t t = 0; t < months.size(); ++t) {
    EXPECT_EQ(c.spend_so_far[t].when, months[t]);
    // +5,000 to hire, +1,000 a month in pay, -2,000 a month of agency.
    EXPECT_DOUBLE_EQ(c.spend_so_far[t].median, 4000.0 - 1000.0 * double(t)) << t;
  }
  std::ostringstream csv;
  export_comparisons_csv(results, csv);
  const std::string text = csv.str();
  EXPECT_NE(text.find("hire,difference:spend so far,hire vs base,2024-03,median,2000,GBP,\n"),
            std::string::npos)
      << text;
  // Once a month: the row at the month compared is there, and not repeated.
  ASSERT_NE(text.find("spend so far,hire vs base,2024-12,median"), std::string::npos);
  EXPECT_EQ(text.find("spend so far,hire vs base,2024-12,median"),
            text.rfind("spend so far,hire vs base,2024-12,median"));
  EXPECT_NE(text.find("hire,difference:present value of spend,hire vs base,horizon,median,"),
            std::string::npos);
  EXPECT_NE(text.find("hire,payback,hire vs base,2024-06,most_futures_from,,month,\n"),
            std::string::npos);
  EXPECT_NE(text.find("hire,payback,hire vs base,2024-12,chance_by_horizon,1,share,\n"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

//! The break-even scenario with another strategy in place of `hire`.
std::string with_strategy(const std::string& name, const std::string& set) {
  std::string yaml = BREAK_EVEN;
  yaml = yaml.substr(0, yaml.find("strategies:"));
  return yaml + "strategies:\n  - name: " + name + "\n    changes:\n      - " + set + "\n";
}

StrategyComparison compare_one(const std::string& yaml, const std::string& name) {
  const auto dir = test::temp_dir("compare_" + name);
  const std::string path = (dir / "out.h5").string();
  write_results(yaml, path, true);
  const auto comparisons = compare_strategies(ResultsReader(path), "");
  std::filesystem::remove_all(dir);
  if (comparisons.size() != 1) throw std::runtime_error("expected one comparison");
  return comparisons[0];
}

}  // namespace

// A difference of zero is no difference: neither a loss nor a gain.
TEST(Compare, AStrategyThatChangesNothingMakesNoDifference) {
  const auto c = compare_one(with_strategy("same", "set: {intakes.graduate.size: 0}"), "same");
  for (const Difference& d : c.differences) {
    EXPECT_EQ(d.chance_same, 1.0) << d.measure << " " << d.when;
    EXPECT_EQ(d.chance_better, 0.0) << d.measure << " " << d.when;
    EXPECT_EQ(d.chance_worse(), 0.0) << d.measure << " " << d.when;
  }
  EXPECT_EQ(c.break_even.first_difference, "");
  EXPECT_EQ(c.break_even.share_same, 1.0);
  std::ostringstream text;
  print_comparisons(text, {c});
  EXPECT_NE(text.str().find("no difference in any future"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("nothing to break even"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find(" 0%"), std::string::npos) << text.str();
}

// Cheaper agency from 2024-04 on: cheaper from the strategy's first change, which is said.
TEST(Compare, AStrategyCheaperFromItsStartSaysSo) {
  const auto c = compare_one(
      with_strategy("cheap", "{from: 2024-04, set: {agency.annual_cost_per_fte: 6000}}"), "cheap");
  EXPECT_EQ(c.break_even.first_difference, "2024-04");
  EXPECT_EQ(c.break_even.share_from_start, 1.0);
  EXPECT_EQ(c.break_even.share_later, 0.0);
  EXPECT_EQ(c.break_even.median, "");
  std::ostringstream text;
  print_comparisons(text, {c});
  EXPECT_NE(text.str().find("Break-even, counted from 2024-04"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("cheaper than the base from the start in 100% of futures"),
            std::string::npos)
      << text.str();
}

// Dearer agency from 2024-06 on: never breaks even within the horizon.
TEST(Compare, AStrategyThatNeverPaysSaysSo) {
  const auto c = compare_one(
      with_strategy("dear", "{from: 2024-06, set: {agency.annual_cost_per_fte: 24000}}"), "dear");
  EXPECT_EQ(c.break_even.first_difference, "2024-06");
  EXPECT_EQ(c.break_even.share_never, 1.0);
  EXPECT_EQ(c.payback.month, "");
  EXPECT_EQ(c.payback.chance, 0.0);
  EXPECT_GT(c.payback.present_value.median, 0);
  std::ostringstream text;
  print_comparisons(text, {c});
  EXPECT_NE(text.str().find("has not broken even by the end of the horizon in 100% of futures"),
            std::string::npos)
      << text.str();
  // Money in one stated unit on each line.
  EXPECT_NE(text.str().find("GBP thousand"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("k ("), std::string::npos) << text.str();
}

TEST(Compare, NeedsTrajectories) {
  const auto dir = test::temp_dir("compare_summary");
  const std::string path = (dir / "out.h5").string();
  write_results(BREAK_EVEN, path, false);
  const ResultsReader results(path);
  try {
    compare_strategies(results, "");
    FAIL() << "compared without trajectories";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("run again without --summary-only"), std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

// Turnover has no value in a year with nobody in post: such futures are counted apart, not
// taken for a damaged file, and the others are compared as usual.
TEST(Compare, TurnoverOfNobodyIsUndefinedNotDamaged) {
  const std::string yaml = R"(
schema_version: 1
name: new team
start: 2026-03
horizon_months: 24
replications: 100
seed: 1
stages:
  - {id: sw, headcount: 0, salary: 40000, turnover_rate: 0.2}
intakes:
  - {route: grad, stage: sw, month: 9, size: 2, limit_to_vacancies: true}
establishment:
  - id: team
    stages: [sw]
    fte: 10
    recruitment: {stage: sw, monthly_fill_probability: 0.05}
strategies:
  - name: more
    changes:
      - {from: 2026-09, set: {intakes.grad.size: 6}}
)";
  const auto c = compare_one(yaml, "more");
  std::vector<Difference> turnover;
  for (const Difference& d : c.differences)
    if (d.measure == "turnover in the year") turnover.push_back(d);
  ASSERT_EQ(turnover.size(), 3u);
  // 2025/26 is March 2026 alone: nobody is in post in most futures.
  EXPECT_GT(turnover[0].chance_undefined, 0.3);
  // The shares that are counted never add up past every future (the worse share is the rest).
  EXPECT_LE(turnover[0].chance_better + turnover[0].chance_same + turnover[0].chance_undefined,
            1.0 + 1e-12);
  EXPECT_EQ(turnover[1].chance_undefined, 0.0);
  std::ostringstream text;
  print_comparisons(text, {c});
  EXPECT_NE(text.str().find("not defined (nobody in post)"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("-0%"), std::string::npos) << text.str();
}

}  // namespace wfsim
