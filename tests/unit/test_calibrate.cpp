#include "wfsim/calibrate/calibrate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "test_support.hpp"

namespace wfsim::calibrate {

namespace {

//! The DfE's indicator file as published, 2017 to 2021.
const DfeIndicators& indicators() {
  static const DfeIndicators data =
      DfeIndicators::read(std::string(WFSIM_DATA) + "/csww_indicators_2017_to_2021.csv");
  return data;
}

//! `council`'s calibrated scenario as at `as_at`, loaded as wfsim would load the file.
Scenario calibrated(const std::string& council, int as_at) {
  CalibrateOptions options;
  options.as_at = as_at;
  const Calibration c = calibrate_council(indicators(), indicators().council(council),
                                          pool_variation(indicators(), as_at), options);
  return load_scenario_text(c.scenario, council + ".yaml");
}

//! The file's measure of the column `name`.
Measure measure_named(const std::string& name) {
  return *std::find_if(ALL_MEASURES.begin(), ALL_MEASURES.end(),
                       [&](Measure m) { return column_name(m) == name; });
}

}  // namespace

// The scenario keeps, as its history, every figure the file has for the council up to the
// as-at year, exactly, under the file's column names; none after it.
TEST(Calibrate, HistoryIsTheCouncilsPublishedFiguresUpToTheYear) {
  const Scenario sc = calibrated("Knowsley", 2020);
  ASSERT_TRUE(sc.history);
  const History& h = *sc.history;
  EXPECT_EQ(h.source, indicators().source());
  EXPECT_EQ(h.area, "Knowsley");
  EXPECT_EQ(h.code, "E08000011");
  EXPECT_EQ(h.snapshot_month, 9);
  const Area& knowsley = indicators().council("Knowsley");
  ASSERT_EQ(h.years.size(), 4u);
  for (const HistoryYear& year : h.years) {
    SCOPED_TRACE(year.year);
    const YearFigures* figures = knowsley.year(year.year);
    ASSERT_NE(figures, nullptr);
    for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i)
      EXPECT_EQ(year.figures[i], figures->value(measure_named(HISTORY_MEASURES[i].name)))
          << HISTORY_MEASURES[i].name;
  }
  EXPECT_EQ(h.years.front().year, 2017);
  EXPECT_EQ(h.years.back().year, 2020);
  EXPECT_EQ(h.years[2].figures[0], 122.0);  // inpost_fte 2019
}

// A suppressed figure stays missing in the history: Portsmouth's leavers in 2021 are `x`.
TEST(Calibrate, HistoryLeavesOutWhatTheFileDoesNotPublish) {
  const Scenario sc = calibrated("Portsmouth", 2021);
  const HistoryYear& y2021 = sc.history->years.back();
  ASSERT_EQ(y2021.year, 2021);
  EXPECT_FALSE(y2021.figures[2]);  // leavers_fte
  EXPECT_FALSE(y2021.figures[3]);  // turnover_rate_fte
  EXPECT_EQ(y2021.figures[0], 133.6);
  // A name with a comma is quoted.
  EXPECT_EQ(calibrated("Bristol, City of", 2021).history->area, "Bristol, City of");
}

}  // namespace wfsim::calibrate
