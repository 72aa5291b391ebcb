#include "wfsim/analysis/report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <sstream>
#include <utility>

#include "report_format.hpp"
#include "report_svg.hpp"
#include "report_words.hpp"
#include "test_support.hpp"
#include "wfsim/analysis/compare.hpp"
#include "wfsim/stats/summary.hpp"

namespace wfsim {

namespace {

//! Runs every strategy of the default scenario, 30 months (2025/26 is cut to 6), into `path`.
void write_default(const std::string& path) {
  auto all = load_strategies_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml");
  for (auto& sc : all) sc.horizon_months = 30;
  test::write_results(all, path, 300, true);
}

std::string page_of(const ResultsReader& results) {
  std::ostringstream page;
  write_report(results, page);
  return page.str();
}

//! The stored quantile `level` of `metric` for `category` at time `t`.
double stored(const ResultsReader& r, const std::string& strategy, const std::string& metric,
              const std::string& category, std::size_t level, std::size_t t) {
  const ResultsArray a = r.read(strategy, metric + "_quantiles");
  const auto cats = r.axis_labels(strategy, a.dims.front());
  const auto c =
      static_cast<std::size_t>(std::find(cats.begin(), cats.end(), category) - cats.begin());
  const std::size_t n = a.shape.back();
  return a.values[(c * QUANTILE_COUNT + level) * n + t];
}

//! The row of the page's table whose first cell is `title`, from `from` on.
std::string row_of(const std::string& html, const std::string& title, std::size_t from = 0) {
  const auto at = html.find("<tr><td class=\"l\">" + title + "</td>", from);
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</tr>", at) - at);
}

}  // namespace

// The report's target chances are the file's, monthly and yearly targets each under its own
// name, at each financial year end; and nothing on the page reads nan or inf.
TEST(Report, TargetChancesAreTheFilesAndNothingIsNan) {
  const auto dir = test::temp_dir("report");
  const std::string path = (dir / "out.h5").string();
  write_default(path);
  const ResultsReader results(path);
  const std::string html = page_of(results);

  const auto months = results.axis_labels("base", "month");
  const auto years = results.axis_labels("base", "financial_year");
  int rows = 0;
  for (const auto& [family, yearly] :
       {std::pair{"targets_met", false}, {"targets_met_by_year", true}}) {
    const std::string description = yearly ? "Turnover at most 12% in the financial year"
                                           : "At least 85% of front-line FTE permanent";
    const auto table = html.find("<h3>" + description, html.find("id=\"targets\""));
    ASSERT_NE(table, std::string::npos) << description;
    for (std::size_t y = 0; y < years.size(); ++y) {
      // Monthly targets at each year end (2024-03, 2025-03, then the horizon's last month).
      const std::size_t at = yearly ? y : std::min<std::size_t>(12 * y + 11, months.size() - 1);
      std::string row =
          "<tr><td class=\"l\">" +
          (yearly ? "in " + years[y] + (y == 2 ? " (part year)" : "") : "at " + months[at]) +
          "</td>";
      for (const std::string s : {"base", "grow_our_own"})
        row += "<td>" +
               report::percent(results.read(s, std::string(family) + "_mean").values[at], 0) +
               "</td>";
      EXPECT_NE(html.find(row + "</tr>", table), std::string::npos) << row;
      ++rows;
    }
  }
  EXPECT_EQ(rows, 6);
  EXPECT_FALSE(std::regex_search(html, std::regex("\\b(-?nan|inf)\\b", std::regex::icase)));
  // No number in an exponent, no path of the machine the results were made on.
  EXPECT_FALSE(std::regex_search(html, std::regex("[0-9]e[+-][0-9]")));
  EXPECT_EQ(html.find("scenarios/"), std::string::npos);
  // The part year is marked in the spend table.
  EXPECT_NE(html.find("<tr><td class=\"l\">2025/26*</td>"), std::string::npos);
  // A scenario without a history has no published figures to draw.
  EXPECT_EQ(html.find("class=\"actual"), std::string::npos);
  EXPECT_EQ(html.find("DfE figures"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// The headline's numbers are the file's and, for differences from the base, those of
// `wfsim compare`: the same futures, the same code, the same numbers.
TEST(Report, TheHeadlineShowsTheNumbersStoredAndCompared) {
  const auto dir = test::temp_dir("report_headline");
  const std::string path = (dir / "out.h5").string();
  write_default(path);
  const ResultsReader results(path);
  const std::string html = page_of(results);
  const auto months = results.axis_labels("base", "month");
  const std::size_t last = months.size() - 1;
  const auto headline = html.find("id=\"headline\"");
  ASSERT_NE(headline, std::string::npos);
  // The headline comes before any chart.
  EXPECT_LT(headline, html.find("<svg"));

  // Agency FTE at the end: the stored median and P10 to P90 of each strategy.
  std::string agency = row_of(html, "Agency FTE at " + months[last], headline);
  ASSERT_FALSE(agency.empty());
  for (const std::string s : {"base", "grow_our_own"})
    EXPECT_NE(agency.find(report::interval(stored(results, s, "agency_fte", "all", 3, last),
                                           stored(results, s, "agency_fte", "all", 1, last),
                                           stored(results, s, "agency_fte", "all", 5, last), 1)),
              std::string::npos)
        << agency;

  // Spend over the horizon and to the end of the plan (2023/24 to 2025/26, here cut to
  // 2025-09 by the horizon: the plan ends with the horizon).
  const auto c = compare_strategies(results, "")[0];
  const std::string over = row_of(html, "All spend, " + months.front() + " to " + months[last]);
  ASSERT_FALSE(over.empty());
  const auto difference =
      html.find("<tr><td class=\"l\">&nbsp;&nbsp;difference from the base</td>", html.find(over));
  ASSERT_NE(difference, std::string::npos);
  const Difference& d = c.spend_so_far[last];
  EXPECT_NE(html.substr(difference, html.find("</tr>", difference) - difference)
                .find(report::money_interval(d.median, d.p10, d.p90, true)),
            std::string::npos);
  // When it pays for itself, its chance, and the present value, as compare gives them.
  const std::string pays =
      row_of(html, "Pays for itself: costs less than the base in most futures from", headline);
  EXPECT_NE(pays.find(c.payback.month.empty() ? "not by " + months[last] : c.payback.month),
            std::string::npos)
      << pays;
  EXPECT_NE(row_of(html, "Chance it has paid for itself by " + months[last])
                .find(report::percent(c.payback.chance, 0)),
            std::string::npos);
  const Difference& pv = c.payback.present_value;
  EXPECT_NE(row_of(html, "Present value of the difference in spend")
                .find(report::money_interval(pv.median, pv.p10, pv.p90, true)),
            std::string::npos);

  // Every chart draws at most two strategies over each other: the base and one other.
  const std::regex svg("<svg class=\"chart\"[^]*?</svg>");
  int charts = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), svg); it != std::sregex_iterator();
       ++it, ++charts) {
    const std::string chart = it->str();
    std::size_t series = 0;
    for (auto at = chart.find("<g class=\"series\""); at != std::string::npos;
         at = chart.find("<g class=\"series\"", at + 1))
      ++series;
    EXPECT_GE(series, 1u);
    EXPECT_LE(series, 2u) << chart.substr(0, 200);
  }
  EXPECT_GE(charts, 6);
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
  const std::string html = page_of(results);

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
  const auto in_post = html.find("aria-label=\"Permanent staff in post");
  const auto vacancy = html.find("aria-label=\"Vacancy rate");
  ASSERT_NE(in_post, std::string::npos);
  ASSERT_LT(in_post, vacancy);
  EXPECT_NE(html.substr(in_post, vacancy - in_post).find("data-measure=\"inpost_fte\""),
            std::string::npos);
  EXPECT_NE(html.find(">DfE figures (30 September)</text>"), std::string::npos);
  EXPECT_NE(html.find("id=\"dfe\""), std::string::npos);
  EXPECT_NE(html.find("Knowsley (E08000011), 2017 to 2021 at 30 September"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("\\b(-?nan|inf)\\b", std::regex::icase)));
  // Nothing to compare and nothing costed: no section for either.
  EXPECT_EQ(html.find("id=\"breakeven\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"differences\""), std::string::npos);
  std::filesystem::remove_all(dir);
}

// Ticks fall on round numbers: steps of 1, 2, 2.5 or 5 times a power of ten.
TEST(Report, AxesTickOnRoundNumbers) {
  // The old report's ticks fell on 58, 65, 72, 79, 86.
  const report::Axis a = report::nice_axis(58, 86);
  EXPECT_EQ(a.step, 10);
  EXPECT_EQ(a.lo, 50);
  EXPECT_EQ(a.hi, 90);
  EXPECT_EQ(a.decimals, 0);
  const report::Axis b = report::nice_axis(0.12, 0.31);
  EXPECT_DOUBLE_EQ(b.step, 0.05);
  EXPECT_DOUBLE_EQ(b.lo, 0.1);
  EXPECT_DOUBLE_EQ(b.hi, 0.35);
  EXPECT_EQ(b.decimals, 2);
  const report::Axis c = report::nice_axis(-1.3, 0.4);
  EXPECT_DOUBLE_EQ(c.step, 0.5);
  EXPECT_DOUBLE_EQ(c.lo, -1.5);
  EXPECT_DOUBLE_EQ(c.hi, 0.5);
  // A flat line still gets an axis; counts do not go below zero.
  const report::Axis d = report::nice_axis(0, 0);
  EXPECT_EQ(d.lo, 0);
  EXPECT_GT(d.hi, 0);
}

// Numbers as a board reads them: separated thousands, a true minus, the unit in the money.
TEST(Report, NumbersAsABoardReadsThem) {
  EXPECT_EQ(report::number(1234567.891, 1), "1,234,567.9");
  EXPECT_EQ(report::number(-0.04, 1), "0.0");
  EXPECT_EQ(report::number(-12, 0), "&minus;12");
  EXPECT_EQ(report::number(std::nan(""), 1), "&ndash;");
  EXPECT_EQ(report::percent(0.15), "15%");
  EXPECT_EQ(report::percent(0.025), "2.5%");
  EXPECT_EQ(report::money(1e6), "&pound;1.00m");
  EXPECT_EQ(report::money(27950), "&pound;28k");
  EXPECT_EQ(report::money(-1350000, 0, true), "&minus;&pound;1.35m");
  EXPECT_EQ(report::money(28000, 0, true), "+&pound;28k");
  EXPECT_EQ(report::money_interval(5e5, 4e5, 2e6),
            "&pound;0.50m <span class=\"range\">(&pound;0.40m to &pound;2.00m)</span>");
}

// The assumptions in words, with their units: never a path or a bare ratio.
TEST(Report, AssumptionsInWords) {
  const auto sc = load_scenario_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml");
  std::map<std::string, report::Assumption> by_path;
  for (const Parameter& p : sc.parameters) by_path[p.path] = report::in_words(p, sc);
  const auto& asye = by_path.at("stages.asye.turnover_rate");
  EXPECT_EQ(asye.what, "Newly qualified social worker (ASYE): turnover (leavers / average staff)");
  EXPECT_EQ(asye.value, "15% a year");
  EXPECT_EQ(by_path.at("stages.social_worker.salary").value, "&pound;40,000 a year");
  EXPECT_EQ(by_path.at("on_cost_rate").value, "28% of salary");
  EXPECT_EQ(by_path.at("pay_award").value, "0% a year");
  EXPECT_EQ(by_path.at("stages.social_worker.turnover_rate").value,
            "17% a year on average, sd 2 points (beta)");
  EXPECT_EQ(by_path.at("intakes.graduate_asye.size").what,
            "Intake graduate_asye, each September into Newly qualified social worker (ASYE): "
            "places");
  EXPECT_EQ(by_path.at("agency.annual_cost_per_fte").value, "&pound;80,000 a year");
  EXPECT_FALSE(by_path.at("stages.asye.training_cost").worth_listing);
  EXPECT_FALSE(by_path.at("agency.max_fte").worth_listing);
  // A strategy's change, with the month it applies from.
  const auto all = load_strategies_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml");
  for (const Parameter& p : all[1].parameters)
    if (p.path == "intakes.graduate_asye.size")
      EXPECT_EQ(report::in_words(p, all[1]).value, "8 places; 15 places from 2023-09");
}

}  // namespace wfsim
