// backtest(): councils calibrated as at a year, projected, and scored on the file's later
// years; its CSV and its summary.
#include "wfsim/calibrate/backtest.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim::calibrate {

using test::refusal;

namespace {

const std::string PUBLISHED = std::string(WFSIM_DATA) + "/csww_indicators_2017_to_2021.csv";

const DfeIndicators& published() {
  static const DfeIndicators data = DfeIndicators::read(PUBLISHED);
  return data;
}

BacktestOptions two_councils(int threads) {
  BacktestOptions options;
  options.as_at = 2019;
  options.councils = {"Knowsley", "E08000015"};  // Wirral by its code
  options.replications = 200;
  options.seed = 7;
  options.threads = threads;
  return options;
}

const BacktestResult& result() {
  static const BacktestResult r = backtest(published(), two_councils(1));
  return r;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST(Backtest, ScoresEveryMeasureOfEachLaterYearTheFileHas) {
  const BacktestResult& r = result();
  EXPECT_EQ(r.as_at, 2019);
  EXPECT_EQ(r.councils, 2u);
  EXPECT_TRUE(r.skipped.empty());
  std::size_t expected = 0;
  for (const char* name : {"Knowsley", "Wirral"}) {
    const Area& council = published().council(name);
    for (int year : {2020, 2021})
      for (Measure m : SCORED_MEASURES) {
        if (!council.year(year)->value(m)) continue;
        ++expected;
        int found = 0;
        for (const BacktestScore& s : r.scores)
          found += s.code == council.code && s.year == year && s.measure == m;
        EXPECT_EQ(found, 1) << name << " " << year << " " << column_name(m);
      }
  }
  EXPECT_EQ(r.scores.size(), expected);
  EXPECT_EQ(expected, 40u);  // both councils publish every scored measure in 2020 and 2021
}

TEST(Backtest, EachScoreAgreesWithItsQuantilesAndTheFile) {
  for (const BacktestScore& s : result().scores) {
    SCOPED_TRACE(s.council + " " + std::to_string(s.year) + " " +
                 std::string(column_name(s.measure)));
    const Area& council = published().council(s.code);
    EXPECT_EQ(s.council, council.name);
    EXPECT_EQ(s.years_ahead, s.year - 2019);
    EXPECT_EQ(s.actual, *council.year(s.year)->value(s.measure));
    EXPECT_EQ(s.last, *council.year(2019)->value(s.measure));
    EXPECT_LE(s.p5, s.p10);
    EXPECT_LE(s.p10, s.p50);
    EXPECT_LE(s.p50, s.p90);
    EXPECT_LE(s.p90, s.p95);
    EXPECT_GE(s.mean, s.p5 - 1e-9 * std::abs(s.p5));
    EXPECT_EQ(s.within_80, s.p10 <= s.actual && s.actual <= s.p90);
    EXPECT_EQ(s.within_90, s.p5 <= s.actual && s.actual <= s.p95);
    EXPECT_TRUE(!s.within_80 || s.within_90);
    if (s.actual != 0) {
      EXPECT_DOUBLE_EQ(s.error_last, std::abs(s.last - s.actual) / s.actual * 100);
      EXPECT_DOUBLE_EQ(s.error_median, std::abs(s.p50 - s.actual) / s.actual * 100);
    } else {
      EXPECT_TRUE(std::isnan(s.error_last));
      EXPECT_TRUE(std::isnan(s.error_median));
    }
    EXPECT_GE(s.crps, 0.0);
    EXPECT_TRUE(std::isfinite(s.crps));
  }
}

TEST(Backtest, ResultsDoNotDependOnTheThreads) {
  const std::string one = backtest_csv(result());
  const std::string three = backtest_csv(backtest(published(), two_councils(3)));
  EXPECT_EQ(one, three);
  // And a different seed gives a different projection.
  BacktestOptions other = two_councils(1);
  other.seed = 8;
  EXPECT_NE(backtest_csv(backtest(published(), other)), one);
}

TEST(Backtest, CsvHasAHeaderAndARowPerScore) {
  const std::vector<std::string> csv = lines(backtest_csv(result()));
  ASSERT_EQ(csv.size(), result().scores.size() + 1);
  EXPECT_EQ(csv[0],
            "council,new_la_code,measure,as_at,year,years_ahead,actual,last_year,p5,p10,p50,p90,"
            "p95,mean,within_p10_p90,within_p5_p95,ape_median_percent,ape_last_year_percent,crps");
  const std::size_t columns = std::count(csv[0].begin(), csv[0].end(), ',');
  for (std::size_t k = 1; k < csv.size(); ++k) {
    EXPECT_EQ(std::count(csv[k].begin(), csv[k].end(), ','), columns) << csv[k];
    const BacktestScore& s = result().scores[k - 1];
    EXPECT_EQ(csv[k].rfind(s.council + "," + s.code + "," + std::string(column_name(s.measure)) +
                               ",2019," + std::to_string(s.year) + "," +
                               std::to_string(s.years_ahead) + ",",
                           0),
              0u)
        << csv[k];
  }
  // The CSV reads back with wfsim's own strict reader.
  const CsvTable table = read_csv(backtest_csv(result()), "backtest.csv");
  EXPECT_EQ(table.rows.size(), result().scores.size());
}

TEST(Backtest, SummaryHasALinePerMeasureAndInAll) {
  const std::vector<std::string> summary = lines(backtest_summary(result()));
  std::set<std::string> named;
  for (const auto& line : summary) named.insert(line.substr(0, line.find(' ')));
  for (Measure m : SCORED_MEASURES)
    EXPECT_TRUE(named.count(std::string(column_name(m)))) << column_name(m);
  EXPECT_TRUE(named.count("all"));
  EXPECT_TRUE(named.count("measure"));  // the heading
  // Heading, ten measures, all, and the line saying how to read it.
  EXPECT_EQ(summary.size(), 13u) << backtest_summary(result());
  for (const auto& line : summary)
    if (line.rfind("all ", 0) == 0) EXPECT_NE(line.find(" 40 "), std::string::npos) << line;
}

TEST(Backtest, RefusesAYearWithNoLaterYearToScoreAgainst) {
  BacktestOptions options = two_councils(1);
  options.as_at = 2021;
  EXPECT_NE(refusal([&] { backtest(published(), options); })
                .find("csww_indicators_2017_to_2021.csv has no year after 2021 to score a "
                      "projection against; its years run to 2021"),
            std::string::npos);
}

TEST(Backtest, RefusesAnUnknownCouncilNamingTheNearest) {
  BacktestOptions options = two_councils(1);
  options.councils = {"Knowsly"};
  const std::string message = refusal([&] { backtest(published(), options); });
  EXPECT_NE(message.find("no council named 'Knowsly'"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'Knowsley'?"), std::string::npos) << message;
}

// Every council: one that cannot be calibrated as at the year is skipped with the reason,
// while named alone it is refused. A file of a few councils keeps this quick.
TEST(Backtest, AllCouncilsSkipsOneThatCannotBeCalibratedAndSaysWhy) {
  const std::set<std::string> kept = {"E08000011", "E08000015", "E08000012", "E08000013",
                                      "E08000014", "E08000007", "E08000001", "E08000002",
                                      "E08000003", "E08000004", "E08000005", "E08000006",
                                      "E06000058"};  // Bournemouth, Christchurch and Poole: from
                                                     // 2019
  std::istringstream in(test::read_text(PUBLISHED));
  std::string line, text;
  std::getline(in, line);
  text = line + "\n";
  while (std::getline(in, line))
    for (const auto& code : kept)
      if (line.find("," + code + ",") != std::string::npos) text += line + "\n";
  const DfeIndicators few = DfeIndicators::from_table(read_csv(text, "few.csv"));
  ASSERT_EQ(few.councils().size(), kept.size());

  BacktestOptions options;
  options.as_at = 2018;
  options.replications = 20;
  options.horizon_months = 24;
  std::vector<std::size_t> progress;
  options.progress = [&](std::size_t done, std::size_t all) {
    EXPECT_EQ(all, kept.size());
    progress.push_back(done);
  };
  const BacktestResult r = backtest(few, options);
  EXPECT_EQ(r.councils, kept.size() - 1);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].rfind("Bournemouth, Christchurch and Poole (", 0), 0u) << r.skipped[0];
  EXPECT_NE(r.skipped[0].find("has no figures for 2018"), std::string::npos) << r.skipped[0];
  ASSERT_EQ(progress.size(), kept.size());
  for (std::size_t k = 0; k < progress.size(); ++k) EXPECT_EQ(progress[k], k + 1);
  std::set<int> years;
  for (const auto& s : r.scores) years.insert(s.year);
  EXPECT_EQ(years, (std::set<int>{2019, 2020}));  // September 2021 is beyond 24 months from 2018-10

  options.councils = {"Bournemouth, Christchurch and Poole"};
  EXPECT_NE(refusal([&] { backtest(few, options); }).find("has no figures for 2018"),
            std::string::npos);
}

}  // namespace wfsim::calibrate
