#include "wfsim/analysis/export_csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "test_support.hpp"
#include "wfsim/model/expected.hpp"

namespace wfsim {

namespace {

//! Splits one CSV line (fields here are never quoted: ids and labels have no commas).
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream s(line);
  for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

}  // namespace

// The CSV round-trips into the same numbers as the results file holds.
TEST(ExportCsv, RoundTripsEverySummary) {
  const auto all = load_strategies_text(
      test::read_text(std::string(WFSIM_TEST_DATA) + "/linear.yaml") +
          "strategies:\n  - name: more\n    changes:\n      - set: {intakes.graduate.size: 14}\n",
      "linear");
  const auto dir = test::temp_dir("export");
  const std::string path = (dir / "out.h5").string();
  test::write_results(all, path, 300, false);
  const ResultsReader reader(path);
  std::ostringstream csv;
  export_csv(reader, csv);

  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "strategy,metric,category,period,statistic,value,units,part_year");
  std::map<std::string, int> rows_by_strategy;
  int checked = 0, empty = 0, part = 0;
  const auto months = reader.axis_labels("base", "month");
  const auto stages = reader.axis_labels("base", "stage");
  const auto headcount_mean = reader.read("more", "headcount_mean").values;
  const auto headcount_q = reader.read("more", "headcount_quantiles").values;
  while (std::getline(lines, line)) {
    const auto f = split(line);
    ASSERT_EQ(f.size(), 8u) << line;
    ++rows_by_strategy[f[0]];
    if (f[5].empty()) ++empty;
    // 2024-01 to 2026-12 cuts 2023/24 (3 months) and 2026/27 (9 months) short.
    const bool short_year = f[3] == "2023/24" || f[3] == "2026/27";
    EXPECT_EQ(f[7], short_year ? "yes" : "") << line;
    part += f[7] == "yes";
    if (f[0] == "more" && f[1] == "headcount" && (f[4] == "mean" || f[4] == "p90")) {
      const std::size_t s = std::find(stages.begin(), stages.end(), f[2]) - stages.begin();
      const std::size_t t = std::find(months.begin(), months.end(), f[3]) - months.begin();
      const double expected = f[4] == "mean" ? headcount_mean[s * months.size() + t]
                                             : headcount_q[(s * 7 + 5) * months.size() + t];
      ASSERT_EQ(std::stod(f[5]), expected) << line;  // full precision: exact
      EXPECT_EQ(f[6], "people");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2 * 4 * 36);  // two statistics, four stages, 36 months
  EXPECT_EQ(rows_by_strategy["base"], rows_by_strategy["more"]);
  EXPECT_GT(part, 0);
  EXPECT_GT(empty, 0);  // retention of routes nobody took is left empty, not "nan"
  std::filesystem::remove_all(dir);
}

// The published figures a scenario was built from change nothing the exports write: the
// model does not read them, and the exports are of the results.
TEST(ExportCsv, AHistoryChangesNoExport) {
  const std::string text = test::read_text(std::string(WFSIM_TEST_DATA) + "/linear.yaml") +
                           "dfe_return: {snapshot_month: 12}\n";
  const std::string history =
      "history:\n  source: council report\n  years:\n"
      "    - {year: 2022, inpost_fte: 85, vacancy_rate_fte: 6.2, caseload_fte: 15}\n"
      "    - {year: 2023, inpost_fte: 88.5, cases: 930}\n";
  const auto dir = test::temp_dir("export_history");
  auto exports = [&](const std::string& scenario, const std::string& name) {
    const std::string path = (dir / name).string();
    test::write_results(load_strategies_text(scenario, "linear"), path, 100, true);
    const ResultsReader reader(path);
    std::ostringstream all, dfe, comparisons;
    export_csv(reader, all);
    export_dfe_csv(reader, dfe);
    export_comparisons_csv(reader, comparisons);
    return std::vector<std::string>{all.str(), dfe.str(), comparisons.str()};
  };
  const auto without = exports(text, "without.h5");
  const auto with = exports(text + history, "with.h5");
  EXPECT_EQ(with, without);
  EXPECT_NE(with[1].find("base,2024,2024-12,mean,"), std::string::npos) << with[1];
  std::filesystem::remove_all(dir);
}

}  // namespace wfsim
