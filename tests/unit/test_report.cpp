#include "wfsim/analysis/report.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

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
  std::filesystem::remove_all(dir);
}

}  // namespace wfsim
