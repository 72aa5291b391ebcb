#include "wfsim/analysis/report.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <utility>

#include "test_support.hpp"

namespace wfsim {

namespace {

//! Runs every strategy of the default scenario, 30 months (2025/26 is cut to 6), into `path`.
void write_default(const std::string& path) {
  auto all = load_strategies_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml");
  for (auto& sc : all) sc.horizon_months = 30;
  test::write_results(all, path, 300, true);
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100 * share);
  return buf;
}

}  // namespace

// The report's target chances are the file's, monthly and yearly targets each under its own
// name, and nothing on the page reads nan or inf.
TEST(Report, TargetChancesAreTheFilesAndNothingIsNan) {
  const auto dir = test::temp_dir("report");
  const std::string path = (dir / "out.h5").string();
  write_default(path);
  const ResultsReader results(path);
  std::ostringstream page;
  write_report(results, page);
  const std::string html = page.str();

  const auto months = results.axis_labels("base", "month");
  const auto years = results.axis_labels("base", "financial_year");
  int rows = 0;
  for (const std::string& s : results.strategies())
    for (const auto& [family, yearly] :
         {std::pair{"targets_met", false}, {"targets_met_by_year", true}}) {
      const ResultsArray mean = results.read(s, std::string(family) + "_mean");
      const std::string description = yearly ? "Turnover at most 12% in the financial year"
                                             : "At least 85% of front-line FTE permanent";
      std::string row = "<td class=\"l\">" + s + "</td>";
      for (std::size_t y = 0; y < years.size(); ++y) {
        // Monthly targets at each year end (2024-03, 2025-03, then the horizon's last month).
        const std::size_t at = yearly ? y : std::min<std::size_t>(12 * y + 11, months.size() - 1);
        row += "<td>" + percent(mean.values[at]) + "</td>";
      }
      const auto found = html.find(row);
      ASSERT_NE(found, std::string::npos) << row;
      EXPECT_NE(html.rfind(description, found), std::string::npos);
      ++rows;
    }
  EXPECT_EQ(rows, 4);
  EXPECT_FALSE(std::regex_search(html, std::regex("\\b(-?nan|inf)\\b", std::regex::icase)));
  // The part year is marked in the spend table.
  EXPECT_NE(html.find("2025/26 <span class=\"range\">(part: 6 months)</span>"), std::string::npos);
  // A scenario without a history has no published figures to draw.
  EXPECT_EQ(html.find("class=\"actual"), std::string::npos);
  EXPECT_EQ(html.find("DfE figures"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// A calibrated baseline's report draws every figure of its history once, as published, on
// the chart of its measure (the axis reaching back before the start), with the legend; the
// DfE's section charts each measure no chart above shows.
TEST(Report, DrawsThePublishedFiguresACalibratedScenarioWasBuiltFrom) {
  auto sc =
      load_scenario_file(std::string(WFSIM_SCENARIOS) + "/calibrated/knowsley_childrens_2021.yaml");
  sc.horizon_months = 24;
  const auto dir = test::temp_dir("report_history");
  const std::string path = (dir / "out.h5").string();
  test::write_results({sc}, path, 200, false);
  const ResultsReader results(path);
  std::ostringstream page;
  write_report(results, page);
  const std::string html = page.str();

  ASSERT_TRUE(sc.history);
  std::map<std::pair<std::string, int>, double> published;
  for (const HistoryYear& y : sc.history->years)
    for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i)
      if (y.figures[i]) published[{HISTORY_MEASURES[i].name, y.year}] = *y.figures[i];
  EXPECT_EQ(published.size(), 55u);  // Knowsley published every figure in 2017 to 2021

  const std::regex circle(
      "<circle class=\"actual\" data-measure=\"([a-z_]+)\" data-year=\"([0-9]+)\" "
      "data-value=\"([^\"]+)\"");
  std::map<std::pair<std::string, int>, double> drawn;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), circle);
       it != std::sregex_iterator(); ++it) {
    const std::pair<std::string, int> key{(*it)[1], std::stoi((*it)[2])};
    EXPECT_FALSE(drawn.count(key)) << key.first << " " << key.second << " drawn twice";
    drawn[key] = std::stod((*it)[3]);
  }
  EXPECT_EQ(drawn, published);
  // Each where its measure is charted: FTE in post on the chart of FTE in post.
  const auto in_post = html.find("aria-label=\"Permanent FTE in post\"");
  const auto agency = html.find("aria-label=\"Agency FTE\"");
  ASSERT_NE(in_post, std::string::npos);
  EXPECT_NE(html.substr(in_post, agency - in_post).find("data-measure=\"inpost_fte\""),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"dot\"></span>DfE figures (30 September)"), std::string::npos);
  EXPECT_NE(html.find(">DfE figures (30 September)</text>"), std::string::npos);
  EXPECT_NE(html.find("id=\"dfe\""), std::string::npos);
  EXPECT_NE(html.find("Knowsley (E08000011), 2017 to 2021 at 30 September"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("\\b(-?nan|inf)\\b", std::regex::icase)));
  std::filesystem::remove_all(dir);
}

}  // namespace wfsim
