#include "wfsim/calibrate/staff_extract.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include <boost/math/distributions/beta.hpp>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim::calibrate {

using test::refusal;

namespace {

const std::string HEADER =
    "person_id,role,fte,start_date,end_date,leaving_reason,qualified_date,agency\n";
const std::string ROUND_TRIP_SCENARIO = std::string(WFSIM_TEST_DATA) + "/staff_scenario.yaml";
const std::string EXAMPLE_EXTRACT = std::string(WFSIM_TEST_DATA) + "/staff_extract.csv";
// The example extract is replication 0 of the round-trip scenario over these months.
constexpr std::uint64_t EXAMPLE_SEED = 11;
constexpr int EXAMPLE_MONTHS = 48;

StaffExtract parse(const std::string& rows) {
  return StaffExtract::from_table(read_csv(HEADER + rows, "staff.csv"));
}

std::string refusal_of(const std::string& rows) {
  return refusal([&] { parse(rows); });
}

// A valid person to put beside a row under test.
const std::string ANNE = "P1,Social worker,1,2019-01-01,,,2018-07-01,no\n";

StaffOptions as_at(const std::string& day, int window = 36) {
  StaffOptions o;
  o.as_at = *Date::parse(day);
  o.window_months = window;
  return o;
}

}  // namespace

TEST(StaffDates, ParsesRealDaysOnly) {
  const auto d = Date::parse("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->str(), "2024-02-29");
  EXPECT_EQ(d->next_day().str(), "2024-03-01");
  EXPECT_EQ(Date::parse("2024-12-31")->next_day().str(), "2025-01-01");
  EXPECT_TRUE(Date::parse("2024-09-30")->last_of_month());
  EXPECT_FALSE(Date::parse("2024-09-29")->last_of_month());
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "24-01-01",
                          "2024/01/01", "2024-1-01", "1899-12-31", "3000-01-01", "2024-01-01 "})
    EXPECT_FALSE(Date::parse(bad)) << bad;
  EXPECT_EQ(month_text(Date::parse("2021-10-05")->month_index()), "2021-10");
}

TEST(StaffExtract, RoleNamesBecomeStageIds) {
  EXPECT_EQ(stage_id("Social worker"), "social_worker");
  EXPECT_EQ(stage_id("Senior / advanced social worker"), "senior_advanced_social_worker");
  EXPECT_EQ(stage_id("  ASYE (NQSW) "), "asye_nqsw");
  EXPECT_EQ(stage_id("Team manager 2"), "team_manager_2");
  EXPECT_EQ(stage_id("--"), "");
}

TEST(StaffExtract, ReadsSpells) {
  const StaffExtract e = parse(ANNE +
                               "P2,ASYE,0.8,2021-09-01,2022-08-31,role change,2021-07-15,no\n"
                               "P2,Social worker,0.8,2022-09-01,2023-03-31,Resigned,2021-07-15,no\n"
                               "A1,Social worker,1,2023-01-09,,,,YES\n"
                               "P3,Apprentice,1,2023-01-01,,,,no\n");
  EXPECT_EQ(e.people, 4u);
  ASSERT_EQ(e.spells.size(), 5u);
  const Spell& asye = e.spells[1];
  EXPECT_EQ(asye.stage, "asye");
  EXPECT_EQ(asye.line, 3);
  EXPECT_DOUBLE_EQ(asye.fte, 0.8);
  EXPECT_TRUE(asye.role_change);
  EXPECT_EQ(asye.end->str(), "2022-08-31");
  EXPECT_FALSE(e.spells[2].role_change);
  EXPECT_EQ(e.spells[2].leaving_reason, "Resigned");
  EXPECT_TRUE(e.spells[3].agency);
  EXPECT_FALSE(e.spells[4].qualified);
  EXPECT_FALSE(e.spells[0].end);
}

TEST(StaffExtract, RefusesMissingColumnsNamingTheNearMiss) {
  const std::string m = refusal([] {
    StaffExtract::from_table(read_csv(
        "person_id,role,fte,start_dat,end_date,leaving_reason,agency\nP1,SW,1,2020-01-01,,,no\n",
        "staff.csv"));
  });
  EXPECT_NE(m.find("staff.csv (line 1)"), std::string::npos) << m;
  EXPECT_NE(m.find("'start_date' (did you mean 'start_dat'?)"), std::string::npos) << m;
  EXPECT_NE(m.find("'qualified_date'"), std::string::npos) << m;
  EXPECT_NE(m.find("The header is person_id,role,fte"), std::string::npos) << m;
}

TEST(StaffExtract, RefusesEachMalformedFieldWithLineAndColumn) {
  struct Case {
    std::string row, where, what;
  };
  const Case cases[] = {
      {"P2,SW,1,2021-02-30,,,2020-01-01,no\n", "(line 3, column 4 'start_date')",
       "'2021-02-30' is not a date"},
      {"P2,SW,1,,,,2020-01-01,no\n", "(line 3, column 4 'start_date')", "the date is blank"},
      {"P2,SW,1,2021-02-01,01/03/2022,left,2020-01-01,no\n", "(line 3, column 5 'end_date')",
       "'01/03/2022' is not a date"},
      {"P2,SW,1,2021-02-01,2021-01-31,left,2020-01-01,no\n", "(line 3, column 5 'end_date')",
       "ends on 2021-01-31, before it starts on 2021-02-01"},
      {"P2,SW,0,2021-02-01,,,2020-01-01,no\n", "(line 3, column 3 'fte')",
       "an FTE is above 0 and at most 1"},
      {"P2,SW,1.2,2021-02-01,,,2020-01-01,no\n", "(line 3, column 3 'fte')", "the FTE is 1.2"},
      {"P2,SW,full,2021-02-01,,,2020-01-01,no\n", "(line 3, column 3 'fte')",
       "'full' is not a number"},
      {"P2,SW,1,2021-02-01,,,2020-01-01,maybe\n", "(line 3, column 8 'agency')",
       "'maybe' is not an agency value; write yes"},
      {"P2,SW,1,2021-02-01,2022-01-01,,2020-01-01,no\n", "(line 3, column 6 'leaving_reason')",
       "gives no leaving_reason"},
      {"P2,SW,1,2021-02-01,,resigned,2020-01-01,no\n", "(line 3, column 6 'leaving_reason')",
       "the spell has no end_date"},
      {"P2,SW,1,2021-02-01,,,2020-13-01,no\n", "(line 3, column 7 'qualified_date')",
       "'2020-13-01' is not a date"},
      {" ,SW,1,2021-02-01,,,2020-01-01,no\n", "(line 3, column 1 'person_id')",
       "the person_id is blank"},
      {"P2,,1,2021-02-01,,,2020-01-01,no\n", "(line 3, column 2 'role')", "the role is blank"},
      {"P2,--,1,2021-02-01,,,2020-01-01,no\n", "(line 3, column 2 'role')",
       "has no letter or digit"},
      {"P2,\"Social\nworker\",1,2021-02-01,,,2020-01-01,no\n", "(line 3, column 2 'role')",
       "holds a line break"},
  };
  for (const Case& c : cases) {
    const std::string m = refusal_of(ANNE + c.row);
    EXPECT_NE(m.find("staff.csv " + c.where + ": "), std::string::npos) << c.row << m;
    EXPECT_NE(m.find(c.what), std::string::npos) << c.row << m;
  }
}

TEST(StaffExtract, RefusesSpellsThatDoNotFitTogether) {
  // Overlapping spells of one person, wherever they are in the file.
  std::string m = refusal_of("P2,SW,1,2020-01-01,2021-06-30,resigned,2019-07-01,no\n" + ANNE +
                             "P2,Senior,1,2021-06-30,,,2019-07-01,no\n");
  EXPECT_NE(m.find("staff.csv (line 4, column 4 'start_date'): person P2's spell from 2021-06-30 "
                   "overlaps their spell on line 2 (2020-01-01 to 2021-06-30)"),
            std::string::npos)
      << m;
  m = refusal_of(ANNE + "P1,Senior,1,2022-01-01,,,2018-07-01,no\n");
  EXPECT_NE(m.find("(line 3, column 4 'start_date'): person P1's spell from 2022-01-01 overlaps "
                   "their spell on line 2 (2019-01-01 to in post)"),
            std::string::npos)
      << m;
  // A role change leads into the next spell the day after.
  m = refusal_of("P2,SW,1,2020-01-01,2021-06-30,role change,2019-07-01,no\n");
  EXPECT_NE(m.find("(line 2, column 6 'leaving_reason'): the spell ends in a role change on "
                   "2021-06-30 but person P2 has no later spell"),
            std::string::npos)
      << m;
  m = refusal_of(
      "P2,SW,1,2020-01-01,2021-06-30,Role change,2019-07-01,no\n"
      "P2,Senior,1,2021-08-01,,,2019-07-01,no\n");
  EXPECT_NE(m.find("(line 3, column 4 'start_date'): person P2's spell follows a role change on "
                   "line 2 ending 2021-06-30, so it starts on 2021-07-01, not 2021-08-01"),
            std::string::npos)
      << m;
  m = refusal_of(
      "P2,SW,1,2020-01-01,2021-06-30,role change,2019-07-01,yes\n"
      "P2,SW,1,2021-07-01,,,2019-07-01,no\n");
  EXPECT_NE(m.find("(line 3, column 8 'agency'): person P2 moves by a role change on line 2 "
                   "between agency work and a permanent post"),
            std::string::npos)
      << m;
  // A role is for qualified staff or for trainees.
  m = refusal_of(ANNE + "P2,Social Worker,1,2020-01-01,,,,no\n");
  EXPECT_NE(m.find("(line 3, column 7 'qualified_date'): role 'Social Worker' (stage "
                   "social_worker) has a qualified_date on line 2 and none on line 3"),
            std::string::npos)
      << m;
  // Agency workers' qualified dates are not asked for.
  EXPECT_EQ(refusal_of(ANNE + "A1,Social worker,1,2020-01-01,,,,yes\n"), "");
}

TEST(StaffExtract, RefusesAFileWithoutRowsOrNotCsv) {
  EXPECT_NE(refusal([] {
              StaffExtract::from_table(read_csv(HEADER, "staff.csv"));
            }).find("staff.csv: the extract has a header but no rows"),
            std::string::npos);
  // A file cut off mid-row is refused by the CSV reader, with its line.
  EXPECT_NE(
      refusal_of(ANNE + "P2,SW,1,2020-01-01\n").find("staff.csv (line 3): the row has 4 fields"),
      std::string::npos);
  EXPECT_NE(refusal([] { StaffExtract::read("/nonexistent/staff.csv"); }).find("cannot read"),
            std::string::npos);
}

TEST(StaffFitOptions, RefusesWhatTheScenarioCannotTake) {
  const StaffExtract e = parse(ANNE);
  std::string m = refusal([&] { fit_staff_extract(e, as_at("2024-09-15")); });
  EXPECT_NE(m.find("--as-at 2024-09-15: the as-at date is the count date at the end of a month, "
                   "such as 2024-09-30"),
            std::string::npos)
      << m;
  StaffOptions o = as_at("2024-09-30");
  o.tenure_band_years = {1, 0.7};
  m = refusal([&] { fit_staff_extract(e, o); });
  EXPECT_NE(m.find("--tenure-bands"), std::string::npos) << m;
  o.tenure_band_years = {1.01};
  EXPECT_NE(refusal([&] { fit_staff_extract(e, o); }).find("whole number of months"),
            std::string::npos);
  o = as_at("2024-09-30", 0);
  EXPECT_NE(refusal([&] { fit_staff_extract(e, o); }).find("--window-months 0"), std::string::npos);
}

TEST(StaffFitOptions, RefusesAnExtractThatCannotGiveAScenario) {
  // Everyone left before the as-at date.
  std::string m = refusal([] {
    fit_staff_extract(parse("P1,SW,1,2019-01-01,2022-03-31,resigned,2018-07-01,no\n"),
                      as_at("2024-09-30"));
  });
  EXPECT_NE(m.find("staff.csv: nobody in the extract is in post (and not agency) at 2024-09-30"),
            std::string::npos)
      << m;
  // Staff in post only since after the window began: the extract lacks those who left.
  m = refusal([] {
    fit_staff_extract(parse("P1,SW,1,2023-01-01,,,2018-07-01,no\n"), as_at("2024-09-30"));
  });
  EXPECT_NE(m.find("nobody in the extract is in post on 2021-10-01, the first day of the "
                   "36-month window, so the extract does not reach back over the window"),
            std::string::npos)
      << m;  // The staff in post at a date and the leavers since: no leaver shows before it.
  const StaffExtract example = StaffExtract::read(EXAMPLE_EXTRACT);
  m = refusal([&] { fit_staff_extract(example, as_at("2022-03-31")); });
  EXPECT_NE(m.find("staff_extract.csv: the extract's first leaver or role change is in 2020-09, "
                   "but the window starts in 2019-04: at the rate the extract shows from then on, "
                   "about 71 spells would have ended between, so the extract does not list those "
                   "who left before 2020-09"),
            std::string::npos)
      << m;
  // A window starting at the first leaver is taken.
  EXPECT_NO_THROW(fit_staff_extract(example, as_at("2023-08-31")));
}

// A tiny extract whose counts can be worked out by hand: window 2024-01 to 2024-12, bands
// under 1 year and 1 year and over.
//   social_worker, under 1 year: P3 at risk April-December (9), P4 January-February (2, leaves
//     in February), P7 starts and leaves in May (one month at risk): 2 leavers / 12.
//   social_worker, 1 year and over: P1 12, P2 January-June (6, leaves in June), P5
//     January-August (8, promoted in August): 1 leaver / 26; 1 promotion / (38 - 3).
//   senior: nobody under a year (the stage's rate over all bands); P6 12 and P5
//     September-December 4: 0 leavers / 16.
TEST(StaffFit, CountsLeaversAndPersonMonthsExactly) {
  const StaffExtract e = parse(
      "P1,Social worker,1,2020-01-01,,,2019-07-01,no\n"
      "P2,Social worker,1,2020-06-01,2024-06-30,resigned,2019-07-01,no\n"
      "P3,Social worker,0.8,2024-03-01,,,2022-03-01,no\n"
      "P4,Social worker,1,2023-11-15,2024-02-10,resigned,2019-07-01,no\n"
      "P5,Social worker,1,2019-01-01,2024-08-14,role change,2015-07-01,no\n"
      "P5,Senior,1,2024-08-15,,,2015-07-01,no\n"
      "P6,Senior,1,2015-01-01,,,2010-07-01,no\n"
      "P7,Social worker,1,2024-05-10,2024-05-20,dismissed,2024-05-01,no\n"
      "A1,Social worker,1,2024-10-01,,,,yes\n");
  StaffOptions o = as_at("2024-12-31", 12);
  o.tenure_band_years = {1};
  const StaffFit fit = fit_staff_extract(e, o);
  EXPECT_EQ(fit.people, 8u);
  EXPECT_EQ(fit.first_month, Date::parse("2024-01-01")->month_index());
  ASSERT_EQ(fit.stages.size(), 2u);
  const StageFit& sw = fit.stages[0];
  const StageFit& senior = fit.stages[1];
  EXPECT_EQ(sw.id, "social_worker");  // career order: promotions go from it
  EXPECT_EQ(senior.id, "senior");
  EXPECT_EQ(sw.duration_months, 0);

  auto expect_rate = [](const RateFit& r, int events, int exposure) {
    EXPECT_EQ(r.events, events);
    EXPECT_EQ(r.exposure, exposure);
    EXPECT_DOUBLE_EQ(r.annual, 1 - std::pow(1 - static_cast<double>(events) / exposure, 12));
    const boost::math::beta_distribution<double> posterior(events + 0.5, exposure - events + 0.5);
    EXPECT_NEAR(r.low, 1 - std::pow(1 - boost::math::quantile(posterior, 0.05), 12), 1e-12);
    EXPECT_NEAR(r.high, 1 - std::pow(1 - boost::math::quantile(posterior, 0.95), 12), 1e-12);
  };
  ASSERT_EQ(sw.leaving.size(), 2u);
  expect_rate(sw.leaving[0].rate, 2, 12);
  expect_rate(sw.leaving[1].rate, 1, 26);
  EXPECT_TRUE(sw.leaving[0].own && sw.leaving[1].own);
  ASSERT_EQ(sw.promotions.size(), 1u);
  EXPECT_EQ(sw.promotions[0].to, "senior");
  expect_rate(sw.promotions[0].rate, 1, 35);
  expect_rate(senior.leaving[1].rate, 0, 16);
  EXPECT_FALSE(senior.leaving[0].own);
  expect_rate(senior.leaving[0].rate, 0, 16);

  // In post on 1 January 2025, by service then: P1 (60 months), P3 (10); P5, P6.
  EXPECT_EQ(sw.headcount_by_band, (std::vector<int>{1, 1}));
  EXPECT_EQ(senior.headcount_by_band, (std::vector<int>{0, 2}));
  EXPECT_DOUBLE_EQ(sw.fte_per_head, 0.9);
  // Starters in the window: P3 in March and P7 in May, too few to be an intake.
  EXPECT_TRUE(fit.intakes.empty());
  EXPECT_EQ(fit.recruits, 2);
  EXPECT_EQ(fit.recruit_stage, "social_worker");
  EXPECT_DOUBLE_EQ(fit.agency_fte, 1);
  EXPECT_DOUBLE_EQ(fit.fte_in_post, 3.8);
  // Agency covers a vacancy at three month ends of twelve: 0.25 FTE, under one post, so one.
  EXPECT_NEAR(fit.mean_vacant_posts, 0.25 / 0.9, 1e-12);
  EXPECT_NEAR(fit.monthly_fill, (2.0 / 12) / (1 + 2.0 / 12), 1e-12);
  EXPECT_EQ(fit.experience_months, 24);  // P3 24 months, P7 0: the upper middle of the two

  const std::string yaml = staff_scenario(fit, o);
  const Scenario sc = load_scenario_text(yaml, "written.yaml");
  EXPECT_EQ(sc.start.str(), "2025-01");
  EXPECT_EQ(sc.tenure_bands, (std::vector<int>{12}));
  EXPECT_EQ(sc.establishment.at(0).opening_agency_fte, 1);
  EXPECT_DOUBLE_EQ(test::fixed(sc, sc.establishment.at(0).fte), 4.8);
  const std::string report = staff_fit_report(fit);
  EXPECT_NE(report.find("window: 2024-01 to 2024-12 (12 months)"), std::string::npos) << report;
  EXPECT_NE(report.find("social_worker, under 1 year"), std::string::npos) << report;
}

TEST(StaffFit, RateFitMomentsAreThePosteriors) {
  // The annual rate's mean and sd by integrating over the monthly chance's posterior.
  for (const auto& [events, exposure] : {std::pair{0, 1}, {3, 40}, {25, 2000}}) {
    const RateFit r = fit_rate(events, exposure);
    const boost::math::beta_distribution<double> posterior(events + 0.5, exposure - events + 0.5);
    const int n = 20000;
    double m1 = 0, m2 = 0;
    for (int k = 0; k < n; ++k) {
      const double h = boost::math::quantile(posterior, (k + 0.5) / n);
      const double annual = 1 - std::pow(1 - h, 12);
      m1 += annual / n;
      m2 += annual * annual / n;
    }
    EXPECT_NEAR(r.mean, m1, 5e-4) << events << "/" << exposure;
    EXPECT_NEAR(r.sd, std::sqrt(m2 - m1 * m1), 2e-3) << events << "/" << exposure;
  }
  EXPECT_THROW(fit_rate(2, 1), InternalError);
  EXPECT_THROW(fit_rate(0, 0), InternalError);
}

TEST(StaffFit, FindsTimeBasedStagesAndIntakes) {
  // ASYEs start each September and move on 12 months later, one leaving when due.
  std::string rows = "P0,Social worker,1,2015-01-01,,,2014-07-01,no\n";
  int id = 1;
  for (int year = 2019; year <= 2023; ++year)
    for (int k = 0; k < 4; ++k, ++id) {
      const std::string p = "Q" + std::to_string(id), y = std::to_string(year);
      const std::string q = y + "-07-01", next = std::to_string(year + 1);
      if (year == 2023) {  // still in their ASYE year at the as-at date
        rows += p + ",ASYE,1," + y + "-09-01,,," + q + ",no\n";
      } else if (k == 3 && year == 2022) {
        rows += p + ",ASYE,1," + y + "-09-01," + next + "-09-20,resigned," + q + ",no\n";
      } else {
        rows += p + ",ASYE,1," + y + "-09-01," + next + "-08-31,role change," + q + ",no\n" + p +
                ",Social worker,1," + next + "-09-01,,," + q + ",no\n";
      }
    }
  const StaffFit fit = fit_staff_extract(parse(rows), as_at("2024-03-31"));
  const StageFit* asye = fit.stage("asye");
  ASSERT_TRUE(asye);
  EXPECT_EQ(fit.stages.front().id, "asye");
  EXPECT_EQ(asye->duration_months, 12);
  EXPECT_EQ(asye->next, "social_worker");
  // Window 2021-04 to 2024-03: completions at the end of the 2020, 2021 and 2022 cohorts'
  // years (August 2021, 2022 and 2023), and the one who left when due in September 2023.
  EXPECT_EQ(asye->completers, 11);
  EXPECT_EQ(asye->non_completers, 1);
  // At risk: months 2-12 of each ASYE year in the window, none in the due month.
  EXPECT_EQ(asye->leaving[0].rate.events, 0);
  ASSERT_EQ(fit.intakes.size(), 1u);
  EXPECT_EQ(fit.intakes[0].stage, "asye");
  EXPECT_EQ(fit.intakes[0].month, 9);
  EXPECT_EQ(fit.intakes[0].starters, 12);  // the 2021, 2022 and 2023 cohorts
  EXPECT_DOUBLE_EQ(fit.intakes[0].per_year, 4);
  const Scenario sc = load_scenario_text(staff_scenario(fit, as_at("2024-03-31")), "w.yaml");
  EXPECT_EQ(sc.stages.at(0).duration_months, 12);
  EXPECT_NEAR(test::fixed(sc, sc.stages.at(0).completion_probability), 11.0 / 12, 1e-4);
  EXPECT_EQ(sc.intakes.at(0).month_of_year, 9);
  EXPECT_EQ(test::fixed(sc, sc.intakes.at(0).size), 4);
  // Nobody started in a qualified role outside the intake: no recruitment.
  EXPECT_TRUE(sc.establishment.at(0).recruit_stage < 0);
}

// The test: extracts made by the model from known leaving rates, fitted; the fitted
// 90% intervals hold the true rates about 90% of the time.
TEST(StaffFit, RoundTripIntervalsHoldTheTrueRatesNinetyPercentOfTheTime) {
  const Scenario sc = load_scenario_file(ROUND_TRIP_SCENARIO);
  const auto t0 = std::chrono::steady_clock::now();
  int held = 0, cells = 0, promotions_held = 0, promotions = 0;
  std::map<std::string, std::pair<int, int>> by_cell;  // held, cells
  const int replications = 200;
  for (int rep = 0; rep < replications; ++rep) {
    const SyntheticExtract synthetic = synthetic_staff_extract(sc, EXAMPLE_SEED, rep, 48);
    const StaffExtract e =
        StaffExtract::from_table(read_csv(synthetic.csv, "synthetic " + std::to_string(rep)));
    StaffOptions o;
    o.as_at = synthetic.as_at;
    const StaffFit fit = fit_staff_extract(e, o);
    for (const StageSpec& st : sc.stages) {
      const StageFit* s = fit.stage(st.id);
      ASSERT_TRUE(s) << st.id;
      for (std::size_t b = 0; b < s->leaving.size(); ++b) {
        if (!s->leaving[b].own) continue;  // a stated stand-in, not an estimate of the band
        const double truth = test::fixed(sc, st.leaving_by_tenure.at(b));
        const bool in = s->leaving[b].rate.low <= truth && truth <= s->leaving[b].rate.high;
        held += in;
        ++cells;
        auto& [h, n] = by_cell[st.id + ", " + fit.band_name(b)];
        h += in;
        ++n;
      }
      for (std::size_t k = 0; k < st.promotions.size(); ++k) {
        ASSERT_EQ(s->promotions.size(), st.promotions.size());
        const double truth = test::fixed(sc, st.promotions[k].annual_rate);
        promotions_held +=
            s->promotions[k].rate.low <= truth && truth <= s->promotions[k].rate.high;
        ++promotions;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double share = static_cast<double>(held) / cells;
  const double se = std::sqrt(0.9 * 0.1 / cells);
  std::cout << "  round trip: " << replications << " extracts, " << cells
            << " (stage, band) rates; the 90% interval held the true rate " << 100 * share
            << "% of the time (allowed 90% +- " << 400 * se << " points); promotions "
            << 100.0 * promotions_held / promotions << "% of " << promotions << "; " << seconds
            << " s\n";
  for (const auto& [cell, counts] : by_cell)
    std::cout << "    " << cell << ": " << counts.first << " of " << counts.second << "\n";
  RecordProperty("coverage", std::to_string(share));
  EXPECT_NEAR(share, 0.9, 4 * se);
  EXPECT_NEAR(static_cast<double>(promotions_held) / promotions, 0.9,
              4 * std::sqrt(0.9 * 0.1 / promotions));
  EXPECT_GT(cells, 8 * replications);  // the bands the model's staff pass through are fitted
}

TEST(StaffFit, WrittenScenarioLoadsWithTheExtractsStaffInPost) {
  const StaffExtract e = StaffExtract::read(EXAMPLE_EXTRACT);
  StaffOptions o = as_at("2024-09-30");
  const StaffFit fit = fit_staff_extract(e, o);
  const std::vector<Scenario> all = load_strategies_text(staff_scenario(fit, o), "written.yaml");
  const Scenario& sc = all.front();
  // People in post at the as-at date, by stage, counted from the rows.
  std::map<std::string, int> in_post;
  for (const Spell& s : e.spells)
    if (!s.agency && s.start <= o.as_at && (!s.end || *s.end > o.as_at)) ++in_post[s.stage];
  std::map<std::string, int> opening;
  for (const StageSpec& st : sc.stages) opening[st.id] = st.headcount;
  EXPECT_EQ(opening, in_post);
  EXPECT_EQ(sc.stages.size(), 3u);
  EXPECT_EQ(sc.stages.at(0).id, "asye");
  EXPECT_EQ(sc.stages.at(0).duration_months, 12);
  EXPECT_EQ(sc.stages.at(sc.stages.at(0).next_stage).id, "social_worker");
  EXPECT_FALSE(sc.stages.at(1).headcount_by_tenure.empty());
  EXPECT_EQ(sc.tenure_bands, (std::vector<int>{12, 24, 60}));
  ASSERT_EQ(sc.intakes.size(), 1u);
  EXPECT_EQ(sc.intakes[0].month_of_year, 9);
  ASSERT_EQ(sc.establishment.size(), 1u);
  EXPECT_EQ(sc.stages.at(sc.establishment[0].recruit_stage).id, "social_worker");
  // Agency in post at the date, as whole locums.
  double agency = 0;
  for (const Spell& s : e.spells)
    if (s.agency && s.start <= o.as_at && (!s.end || *s.end > o.as_at)) agency += s.fte;
  EXPECT_EQ(sc.establishment[0].opening_agency_fte, std::lround(agency));
  // And the model runs it.
  const Model model(sc);
  EXPECT_EQ(model.initial_state().people.size(),
            static_cast<std::size_t>(in_post["asye"] + in_post["social_worker"] +
                                     in_post["senior_social_worker"]));
}

TEST(StaffFit, ExampleExtractIsTheModelsOwn) {
  // tests/data/staff_extract.csv is replication 0 of tests/data/staff_scenario.yaml. Set
  // WFSIM_REGENERATE_EXAMPLES=1 to write it again after a change to the model's draws.
  const Scenario sc = load_scenario_file(ROUND_TRIP_SCENARIO);
  const SyntheticExtract made = synthetic_staff_extract(sc, EXAMPLE_SEED, 0, EXAMPLE_MONTHS);
  EXPECT_EQ(made.as_at.str(), "2024-09-30");
  if (std::getenv("WFSIM_REGENERATE_EXAMPLES")) std::ofstream(EXAMPLE_EXTRACT) << made.csv;
  EXPECT_EQ(test::read_text(EXAMPLE_EXTRACT), made.csv)
      << "run with WFSIM_REGENERATE_EXAMPLES=1 to write the example again";
}

TEST(SyntheticExtract, FollowsPeopleThroughTheirSpells) {
  const Scenario sc = load_scenario_file(ROUND_TRIP_SCENARIO);
  const SyntheticExtract made = synthetic_staff_extract(sc, EXAMPLE_SEED, 3, 24);
  // It reads as any council's extract would, with every check passed.
  const StaffExtract e = StaffExtract::from_table(read_csv(made.csv, "synthetic"));
  EXPECT_EQ(made.as_at.str(), "2022-09-30");
  // The scenario's opening staff are the first people, in post from before its start.
  const int opening = 18 + 140 + 54;
  std::map<std::string, Date> first_start;
  int completions = 0, promotions = 0, agency = 0;
  for (std::size_t k = 0; k < e.spells.size(); ++k) {
    const Spell& s = e.spells[k];
    agency += s.agency;
    if (!s.agency && !first_start.count(s.person_id)) first_start[s.person_id] = s.start;
    if (!s.role_change) continue;
    const Spell& next = e.spells.at(k + 1);  // rows are by person, then start
    EXPECT_EQ(next.person_id, s.person_id);
    if (s.stage == "asye") {
      ++completions;
      EXPECT_EQ(next.stage, "social_worker");
      EXPECT_EQ(next.start.day, 1);  // the ASYE year ends on the last day of a month
    } else {
      ++promotions;
      EXPECT_EQ(s.end->day, 14);
    }
  }
  char id[16];
  for (int p = 1; p <= opening + 1; ++p) {
    std::snprintf(id, sizeof id, "P%05d", p);
    ASSERT_TRUE(first_start.count(id)) << id;
    if (p <= opening)
      EXPECT_LE(first_start[id], *Date::parse("2020-10-01")) << id;
    else
      EXPECT_GE(first_start[id], *Date::parse("2020-10-01")) << id;
  }
  EXPECT_GT(completions, 10);
  EXPECT_GT(promotions, 3);
  EXPECT_GT(agency, 0);
  Scenario feedback = sc;
  feedback.workload_feedback = {{1.0, 1.0}, {2.0, 1.5}};
  EXPECT_NE(refusal([&] { synthetic_staff_extract(feedback, 1, 0, 12); }).find("workload"),
            std::string::npos);
}

}  // namespace wfsim::calibrate
