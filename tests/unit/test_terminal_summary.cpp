#include "wfsim/output/terminal_summary.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "test_support.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

// The summary's yearly table shows permanence and turnover in the year, and the figures it
// prints are the stored quantiles of those results, rounded.
TEST(TerminalSummary, ShowsPermanenceAndTurnoverAsStored) {
  const Model model(load_scenario_text(
      test::read_text(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml"), "k"));
  RunOptions options;
  options.replications = 200;
  options.seed = 5;
  const Summary summary = run_replications(model, options, nullptr);
  std::ostringstream out;
  print_summary(out, model, summary);
  const std::string text = out.str();
  ASSERT_NE(text.find("Permanence"), std::string::npos) << text;
  ASSERT_NE(text.find("Turnover in year"), std::string::npos) << text;

  // The first year's row: permanence at the year's last month, turnover over the year.
  const int first_year_end = model.months_in_year()[0] - 1;
  const Family& permanence = model.layout().find("permanence");
  const Family& turnover = model.layout().find("turnover");
  auto shown = [&](const Family& f, std::size_t t) {
    const std::size_t i = f.at(f.category_count() - 1, t);
    char cell[64];
    std::snprintf(cell, sizeof cell, "%.0f%% (%.0f-%.0f%%)", 100 * summary.quantile(i, 0.5),
                  100 * summary.quantile(i, 0.1), 100 * summary.quantile(i, 0.9));
    return std::string(cell);
  };
  const std::string row_start = model.month_labels()[first_year_end];
  const auto row = text.substr(text.find("\n  " + row_start));
  const std::string first_row = row.substr(0, row.find('\n', 1));
  EXPECT_NE(first_row.find(shown(permanence, first_year_end)), std::string::npos) << first_row;
  EXPECT_NE(first_row.find(shown(turnover, 0)), std::string::npos) << first_row;
}

}  // namespace wfsim
