// Calibration from the DfE indicator file: the pooled year-to-year variation, the rules that
// turn a council's figures into a scenario, the refusals, and a round trip through backtest()
// on the model's own draws.
#include "wfsim/calibrate/calibrate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "wfsim/calibrate/backtest.hpp"
#include "wfsim/errors.hpp"

namespace wfsim::calibrate {

using test::refusal;

namespace {

const std::string PUBLISHED = std::string(WFSIM_DATA) + "/csww_indicators_2017_to_2021.csv";
const std::string EXCERPT = std::string(WFSIM_TEST_DATA) + "/csww_excerpt.csv";

const DfeIndicators& published() {
  static const DfeIndicators data = DfeIndicators::read(PUBLISHED);
  return data;
}

const PooledVariation& pooled_2019() {
  static const PooledVariation pooled = pool_variation(published(), 2019);
  return pooled;
}

//! The published file's lines (header first) for which `keep` is true.
template <class Keep>
std::string published_lines(Keep keep) {
  std::istringstream in(test::read_text(PUBLISHED));
  std::string line, out;
  std::getline(in, line);
  out = line + "\n";
  while (std::getline(in, line))
    if (keep(line)) out += line + "\n";
  return out;
}

DfeIndicators parse(const std::string& text, const std::string& source) {
  return DfeIndicators::from_table(read_csv(text, source));
}

Calibration calibrate(const DfeIndicators& data, const std::string& council, int as_at,
                      const PooledVariation& pooled) {
  CalibrateOptions options;
  options.as_at = as_at;
  return calibrate_council(data, data.council(council), pooled, options);
}

//! The value written after `key: ` on the line of the scenario text where the key starts the
//! line (after indentation), up to its comment; "" if there is none.
std::string value_of(const std::string& yaml, const std::string& key) {
  std::istringstream in(yaml);
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(' ');
    if (start == std::string::npos || line.compare(start, key.size() + 2, key + ": ") != 0)
      continue;
    std::string value = line.substr(start + key.size() + 2);
    value = value.substr(0, value.find("  #"));
    return value;
  }
  return "";
}

//! The comment written beside `key`, "" if none.
std::string comment_of(const std::string& yaml, const std::string& key) {
  std::istringstream in(yaml);
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(' ');
    if (start == std::string::npos || line.compare(start, key.size() + 2, key + ": ") != 0)
      continue;
    const auto hash = line.find('#');
    return hash == std::string::npos ? "" : line.substr(hash + 1);
  }
  return "";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// pool_variation

TEST(PoolVariation, AsAt2019EstimatesEveryQuantityFromManyChanges) {
  const PooledVariation& p = pooled_2019();
  EXPECT_EQ(p.as_at, 2019);
  EXPECT_GT(p.councils, 140);
  for (std::size_t k = 0; k < QUANTITY_COUNT; ++k) {
    const Variation& v = p.of[k];
    const auto name = quantity_name(static_cast<Quantity>(k));
    EXPECT_GE(v.persistence, 0.0) << name;
    EXPECT_LE(v.persistence, 1.0) << name;
    EXPECT_GT(v.sd, 0.0) << name;
    EXPECT_TRUE(std::isfinite(v.sd)) << name;
    EXPECT_GT(v.one_year, 100) << name;
    // 2017 to 2019: about one two-year change per council.
    EXPECT_GT(v.two_years, 100) << name;
    EXPECT_FALSE(v.persistence_assumed) << name;
    EXPECT_EQ(&p[static_cast<Quantity>(k)], &v);
  }
  EXPECT_GT(p.inverse_leavers, 0.0);
  EXPECT_LT(p.inverse_leavers, 1.0);
  // The median council's establishment grew by a few percent a year.
  EXPECT_GT(p.establishment_growth, -0.1);
  EXPECT_LT(p.establishment_growth, 0.1);
}

TEST(PoolVariation, AssumesPersistenceWhenThereAreNoTwoYearChanges) {
  const PooledVariation p = pool_variation(published(), 2018);
  for (std::size_t k = 0; k < QUANTITY_COUNT; ++k) {
    const Variation& v = p.of[k];
    const auto name = quantity_name(static_cast<Quantity>(k));
    EXPECT_EQ(v.two_years, 0) << name;
    EXPECT_GT(v.one_year, 100) << name;
    EXPECT_TRUE(v.persistence_assumed) << name;
    EXPECT_EQ(v.persistence, DEFAULT_PERSISTENCE) << name;
    EXPECT_GT(v.sd, 0.0) << name;
  }
}

TEST(PoolVariation, ReadsNoRowAfterTheAsAtYear) {
  const DfeIndicators to_2019 =
      parse(published_lines([](const std::string& line) {
              return line.compare(0, 5, "2020,") != 0 && line.compare(0, 5, "2021,") != 0;
            }),
            "to_2019.csv");
  const PooledVariation a = pool_variation(to_2019, 2019);
  const PooledVariation& b = pooled_2019();
  EXPECT_EQ(a.councils, b.councils);
  EXPECT_EQ(a.inverse_leavers, b.inverse_leavers);
  EXPECT_EQ(a.establishment_growth, b.establishment_growth);
  for (std::size_t k = 0; k < QUANTITY_COUNT; ++k) {
    EXPECT_EQ(a.of[k].sd, b.of[k].sd) << k;
    EXPECT_EQ(a.of[k].persistence, b.of[k].persistence) << k;
    EXPECT_EQ(a.of[k].one_year, b.of[k].one_year) << k;
  }
}

TEST(PoolVariation, RefusesAFileOfOneYear) {
  const DfeIndicators one_year = parse(
      published_lines([](const std::string& line) { return line.compare(0, 5, "2019,") == 0; }),
      "one_year.csv");
  ASSERT_EQ(one_year.years(), std::vector<int>{2019});
  const std::string message = refusal([&] { pool_variation(one_year, 2019); });
  EXPECT_NE(message.find("one_year.csv: fewer than 10 councils have turnover figures for two "
                         "consecutive years up to 2019, too few to tell how it moves from year to "
                         "year; use a file with more years, or a later --as-at"),
            std::string::npos)
      << message;
  // The same for a longer file read only to its first year.
  EXPECT_NE(refusal([&] { pool_variation(published(), 2017); }).find("fewer than 10 councils"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// calibrate_council: the rules of docs/calibration.md

class CalibrateCouncil : public ::testing::TestWithParam<const char*> {};

TEST_P(CalibrateCouncil, FollowsTheRulesAndLoads) {
  const Area& council = published().council(GetParam());
  const YearFigures& y = *council.year(2019);
  const Calibration cal = calibrate(published(), GetParam(), 2019, pooled_2019());

  const std::vector<Scenario> all = load_strategies_text(cal.scenario, "calibrated.yaml");
  ASSERT_EQ(all.size(), 1u);
  const Scenario& sc = all.front();
  EXPECT_EQ(sc.start.year, 2019);
  EXPECT_EQ(sc.start.month, 10);
  EXPECT_EQ(sc.horizon_months, 48);
  EXPECT_TRUE(sc.dfe_return);
  ASSERT_EQ(sc.stages.size(), 1u);
  ASSERT_EQ(sc.establishment.size(), 1u);

  const double in_post = *y.value(Measure::inpost_fte);
  const double vacancies = *y.value(Measure::vacancy_fte);
  const double headcount = *y.value(Measure::inpost_headcount);
  EXPECT_EQ(sc.stages[0].headcount, headcount);
  EXPECT_NEAR(test::fixed(sc, sc.stages[0].fte_per_head), in_post / headcount, 5e-5);
  EXPECT_NEAR(test::fixed(sc, sc.establishment[0].fte), in_post + vacancies, 0.05);
  EXPECT_EQ(sc.establishment[0].opening_agency_fte,
            std::lround(std::min(*y.value(Measure::agency_cover_fte), vacancies)));
  EXPECT_EQ(test::fixed(sc, sc.demand.open_cases), *y.value(Measure::cases));
  EXPECT_NEAR(test::fixed(sc, sc.demand.target_caseload[0]), *y.value(Measure::caseload_fte),
              0.005);
  {
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.1f",
                  *y.value(Measure::agency_fte) - *y.value(Measure::agency_cover_fte));
    EXPECT_DOUBLE_EQ(std::stod(value_of(cal.scenario, "other_agency_fte")), std::stod(expected));
  }

  // Every number drawn from the data says where it comes from; only the run's own settings
  // (from the command line) stand without a comment, and the history, the published figures
  // themselves under a comment of their own, ends the file.
  const std::set<std::string> settings = {"schema_version", "start", "horizon_months",
                                          "replications", "seed"};
  std::istringstream in(cal.scenario);
  int numbers = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("history:", 0) == 0) break;
    const auto start = line.find_first_not_of(" -");
    if (start == std::string::npos || line[start] == '#') continue;
    const auto colon = line.find(": ", start);
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(start, colon - start);
    const std::string value = line.substr(colon + 2, line.find('#') - colon - 2);
    if (settings.count(key) || value.empty() || value[0] == '"') continue;
    // A number: a digit not inside a word (`log1p` is a name).
    if (!std::regex_search(value, std::regex("(^|[^A-Za-z_0-9.])-?[0-9]"))) continue;
    ++numbers;
    const auto hash = line.find("  # ");
    EXPECT_NE(hash, std::string::npos) << "no source given: " << line;
    if (hash != std::string::npos) EXPECT_GT(line.size(), hash + 5) << line;
  }
  EXPECT_GT(numbers, 20);

  // The opening workforce is the council's: one person per head counted in 2019, and the
  // expected FTE in post at the end of the first month close to the count.
  const Model model(sc);
  EXPECT_EQ(model.initial_state().people.size(), static_cast<std::size_t>(headcount));
  const auto projection = expected_projection(model);
  const Family& dfe = model.layout().find("dfe_fte");
  EXPECT_EQ(dfe.categories.at(0), "inpost_fte");
  EXPECT_NEAR(projection.values[dfe.at(0, 0)], in_post, 0.03 * in_post);

  EXPECT_NE(cal.report.find(council.name + " (" + council.code + ") as at 30 September 2019"),
            std::string::npos)
      << cal.report;
}

INSTANTIATE_TEST_SUITE_P(KnowsleyAndWirral, CalibrateCouncil,
                         ::testing::Values("Knowsley", "Wirral"));

TEST(CalibrateCouncilRules, SaysWhereEachOpeningFigureComesFrom) {
  const Calibration cal = calibrate(published(), "Wirral", 2019, pooled_2019());
  EXPECT_EQ(value_of(cal.scenario, "headcount"), "238");
  EXPECT_EQ(comment_of(cal.scenario, "headcount"), " inpost_headcount 2019");
  EXPECT_EQ(value_of(cal.scenario, "fte"), "260.7");  // 227.7 + 33
  EXPECT_EQ(comment_of(cal.scenario, "fte"), " inpost_fte + vacancy_fte 2019: 227.7 + 33");
  EXPECT_EQ(value_of(cal.scenario, "opening_agency_fte"), "33");
  EXPECT_EQ(value_of(cal.scenario, "other_agency_fte"), "14");  // 47 - 33
  EXPECT_EQ(value_of(cal.scenario, "open_cases"), "2117");
  EXPECT_EQ(value_of(cal.scenario, "start"), "2019-10");
  EXPECT_EQ(value_of(cal.scenario, "snapshot_month"), "9");
  EXPECT_TRUE(cal.notes.empty()) << cal.notes.front();
}

// The monthly fill is the one that holds vacancies at their level: the posts falling vacant
// each month (leavers at the council's usual turnover, its mean over its years on the log
// scale, and the establishment's growth) over the vacant posts; and the comment says so.
TEST(CalibrateCouncilRules, FillHoldsVacanciesAtTheirLevelAndSaysSo) {
  const Area& wirral = published().council("Wirral");
  double log_sum = 0;
  for (int year : {2017, 2018, 2019})
    log_sum += std::log(*wirral.year(year)->value(Measure::turnover_rate_fte) / 100);
  const double usual = std::exp(log_sum / 3);
  const YearFigures& y = *wirral.year(2019);
  const double in_post = *y.value(Measure::inpost_fte), vacant = *y.value(Measure::vacancy_fte);
  const double growth = pooled_2019().establishment_growth;
  // n posts fall vacant a month; recruitment faces the counted vacancies and those n.
  const double n = (usual * in_post + growth * (in_post + vacant)) / 12;
  const double fill = n / (vacant + n);
  const Calibration cal = calibrate(published(), "Wirral", 2019, pooled_2019());
  EXPECT_NEAR(std::stod(value_of(cal.scenario, "monthly_fill_probability")), fill, 5e-5);
  const std::string comment = comment_of(cal.scenario, "monthly_fill_probability");
  EXPECT_EQ(comment.find("starters_fte"), std::string::npos) << comment;
  EXPECT_NE(comment.find("turnover"), std::string::npos) << comment;
  EXPECT_NE(comment.find("vacancy_fte"), std::string::npos) << comment;
}

// Knowsley had no vacancies in 2019 (its agency_cover_fte is 0, not missing): the share of
// vacancies agency covers is its mean over the years that had some, and the note says that
// rather than calling 2019's figure missing.
TEST(CalibrateCouncilRules, NoVacanciesToCoverTakesTheMeanShareAndSaysWhy) {
  const Calibration cal = calibrate(published(), "Knowsley", 2019, pooled_2019());
  EXPECT_EQ(comment_of(cal.scenario, "cover_share"),
            " agency_cover_fte / vacancy_fte 2017-2018 mean (no vacancies in 2019), within 0.02 "
            "and 0.98 so that it can move");
  ASSERT_EQ(cal.notes.size(), 1u) << ::testing::PrintToString(cal.notes);
  EXPECT_EQ(cal.notes[0], "cover: no vacancies in 2019 to cover; the share is the 2017-2018 mean");
  EXPECT_NE(cal.report.find("cover share 98%"), std::string::npos) << cal.report;
}

// Whatever persistence the pooling gives (0 to 1, a random walk included), the scenario
// written loads: no level of infinite spread.
TEST(CalibrateCouncilRules, WritesALoadableScenarioAtAnyPersistence) {
  for (double p : {0.0, 0.5, 0.9995, 1.0}) {
    PooledVariation pooled = pooled_2019();
    for (Variation& v : pooled.of) v.persistence = p;
    for (const char* council : {"Knowsley", "Wirral"}) {
      const Calibration cal = calibrate(published(), council, 2019, pooled);
      // As words: "Provenance" holds the letters of nan.
      EXPECT_FALSE(std::regex_search(cal.scenario, std::regex("\\b-?(inf|nan)\\b")))
          << council << " " << p;
      EXPECT_NO_THROW(Model(load_scenario_text(cal.scenario, "calibrated.yaml")))
          << council << " " << p;
      if (p == 1.0)
        EXPECT_NE(cal.scenario.find("\n  # no reverts_to: at persistence 1 the cases, 2017-2019 "
                                    "mean is too uncertain to return to\n"),
                  std::string::npos)
            << cal.scenario;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Refusals and stand-ins

TEST(CalibrateCouncilRules, RefusesAYearTheCouncilHasNoRowForNamingTheYearsItHas) {
  // Bournemouth, Christchurch and Poole was formed in 2019.
  const PooledVariation pooled = pool_variation(published(), 2018);
  const std::string message =
      refusal([&] { calibrate(published(), "Bournemouth, Christchurch and Poole", 2018, pooled); });
  EXPECT_NE(message.find("Bournemouth, Christchurch and Poole (E06000058) has no figures for "
                         "2018; it has 2019, 2020, 2021"),
            std::string::npos)
      << message;
}

namespace {

//! The excerpt with Knowsley's `column` replaced by `cell` in the rows of `years`.
DfeIndicators excerpt_with(const std::string& column, const std::string& cell,
                           const std::set<std::string>& years = {"2019"}) {
  CsvTable table = read_csv_file(EXCERPT);
  table.source = "excerpt_" + column + ".csv";
  const std::size_t code = calibrate::column(table, "new_la_code");
  const std::size_t year = calibrate::column(table, "time_period");
  bool found = false;
  for (auto& row : table.rows)
    if (row[code] == "E08000011" && years.count(row[year])) {
      row[calibrate::column(table, column)] = cell;
      found = true;
    }
  EXPECT_TRUE(found);
  return DfeIndicators::from_table(table);
}

}  // namespace

TEST(CalibrateCouncilRules, RefusesASuppressedFigureTheOpeningPositionNeeds) {
  for (const char* column : {"inpost_fte", "vacancy_fte"}) {
    const DfeIndicators data = excerpt_with(column, "c");
    const std::string message = refusal([&] { calibrate(data, "Knowsley", 2019, pooled_2019()); });
    EXPECT_NE(message.find(std::string("excerpt_") + column + ".csv (line 15): Knowsley's " +
                           column + " for 2019 is suppressed (c); the opening position needs it"),
              std::string::npos)
        << message;
  }
  const DfeIndicators blank = excerpt_with("inpost_fte", "");
  EXPECT_NE(refusal([&] {
              calibrate(blank, "Knowsley", 2019, pooled_2019());
            }).find("Knowsley's inpost_fte for 2019 is blank"),
            std::string::npos);
}

TEST(CalibrateCouncilRules, TakesAnEarlierYearForASuppressedFigureNotNeededToOpen) {
  const DfeIndicators data = excerpt_with("cases", "c");
  const Calibration cal = calibrate(data, "Knowsley", 2019, pooled_2019());
  EXPECT_EQ(value_of(cal.scenario, "open_cases"), "967");  // Knowsley's 2018 figure
  EXPECT_EQ(comment_of(cal.scenario, "open_cases"), " cases 2018 (2019 missing)");
  bool noted = false;
  for (const auto& note : cal.notes) noted |= note == "cases: 2019 is missing; 2018's is used";
  EXPECT_TRUE(noted) << ::testing::PrintToString(cal.notes);
  EXPECT_NE(cal.scenario.find("# Note: cases: 2019 is missing; 2018's is used"), std::string::npos);
  EXPECT_NO_THROW(load_strategies_text(cal.scenario, "knowsley.yaml"));

  // A missing headcount is taken as the FTE, one FTE each, and said so.
  const Calibration no_heads =
      calibrate(excerpt_with("inpost_headcount", "x"), "Knowsley", 2019, pooled_2019());
  EXPECT_EQ(value_of(no_heads.scenario, "headcount"), "122");
  EXPECT_NE(no_heads.scenario.find("inpost_headcount for 2019 is missing"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Round trip: the model's own draws, scored by backtest(), fall in its ranges at the stated
// rates. Replication r of a calibrated scenario stands in for what happened in 2020 and 2021
// (its DfE measures at months 11 and 23, each September), written into the file in place of
// the council's rows; backtest() calibrates the council again from the unchanged years to
// 2019 and scores its own projection (other seeds) against them. This checks the way from
// the file through calibration, the run, the extraction of each measure at each September
// and the scoring; not the data.

namespace {

//! The model's value of DfE measure `m` at month `t` of a replication, found by the
//! measure's name among the categories of the dfe_ families.
double dfe_value(const Model& model, std::span<const double> values, Measure m, int t) {
  for (const char* family : {"dfe_fte", "dfe_rate", "dfe_cases", "dfe_caseload"}) {
    const Family& f = model.layout().find(family);
    for (std::size_t c = 0; c < f.categories.size(); ++c)
      if (f.categories[c] == column_name(m)) return values[f.at(c, static_cast<std::size_t>(t))];
  }
  ADD_FAILURE() << "no result for " << column_name(m);
  return std::nan("");
}

std::string number(double v) {
  if (std::isnan(v)) return "x";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

TEST(CalibratedScenario, BacktestHoldsItsOwnDrawsAtTheStatedRates) {
  constexpr int DRAWS = 50;
  const char* const code = "E08000015";  // Wirral: vacancies and agency every year
  CalibrateOptions co;
  co.as_at = 2019;
  co.horizon_months = 24;
  const Calibration cal =
      calibrate_council(published(), published().council(code), pooled_2019(), co);
  const Model model(load_scenario_text(cal.scenario, "wirral.yaml"));
  RunOptions run;
  run.replications = DRAWS;
  run.seed = 20240917;  // not the backtest's
  test::CaptureSink draws;
  run_replications(model, run, &draws);
  const std::size_t width = model.layout().values_per_replication();
  ASSERT_EQ(draws.all.size(), width * DRAWS);

  CsvTable table = read_csv_file(PUBLISHED);
  const std::size_t code_col = column(table, "new_la_code"),
                    year_col = column(table, "time_period");
  std::size_t rows[2] = {0, 0};
  for (std::size_t i = 0; i < table.rows.size(); ++i)
    if (table.rows[i][code_col] == code) {
      if (table.rows[i][year_col] == "2020") rows[0] = i;
      if (table.rows[i][year_col] == "2021") rows[1] = i;
    }
  ASSERT_TRUE(rows[0] && rows[1]);

  BacktestOptions options;
  options.as_at = 2019;
  options.councils = {code};
  options.replications = 200;
  options.seed = 1;
  options.horizon_months = 24;
  int scored = 0, in80 = 0, in90 = 0;
  for (int r = 0; r < DRAWS; ++r) {
    const std::span<const double> values(draws.all.data() + static_cast<std::size_t>(r) * width,
                                         width);
    for (int k = 0; k < 2; ++k)
      for (Measure m : SCORED_MEASURES)
        table.rows[rows[k]][column(table, column_name(m))] =
            number(dfe_value(model, values, m, 11 + 12 * k));
    const BacktestResult result = backtest(DfeIndicators::from_table(table), options);
    ASSERT_EQ(result.councils, 1u);
    for (const BacktestScore& s : result.scores) {
      // The actual read back is the draw that was written.
      const int t = s.year == 2020 ? 11 : 23;
      EXPECT_EQ(s.actual, dfe_value(model, values, s.measure, t));
      ++scored;
      in80 += s.within_80;
      in90 += s.within_90;
    }
  }
  // Every measure in both years of every draw (none is undefined for Wirral).
  EXPECT_EQ(scored, DRAWS * 2 * static_cast<int>(std::size(SCORED_MEASURES)));
  const double n = scored;
  const double cover80 = in80 / n, cover90 = in90 / n;
  const double se80 = std::sqrt(0.8 * 0.2 / n), se90 = std::sqrt(0.9 * 0.1 / n);
  EXPECT_NEAR(cover80, 0.80, 4 * se80) << in80 << " of " << scored;
  EXPECT_NEAR(cover90, 0.90, 4 * se90) << in90 << " of " << scored;
}

// With no vacancies in 2019 and only one earlier year that had some, the share covered is
// that year's, and the scenario and the note say so.
TEST(CalibrateCouncilRules, NoVacanciesToCoverAndOneYearWithSomeTakesThatYears) {
  const DfeIndicators data = excerpt_with("vacancy_fte", "0", {"2017", "2019"});
  const Calibration cal = calibrate(data, "Knowsley", 2019, pooled_2019());
  EXPECT_EQ(comment_of(cal.scenario, "cover_share"),
            " agency_cover_fte / vacancy_fte 2018 (no vacancies in 2019), within 0.02 and 0.98 so "
            "that it can move");
  EXPECT_EQ(value_of(cal.scenario, "cover_share"), "0.98");  // 1 FTE of 1, off the edge
  bool noted = false;
  for (const auto& note : cal.notes)
    noted |= note == "cover: no vacancies in 2019 to cover; the share is 2018's";
  EXPECT_TRUE(noted) << ::testing::PrintToString(cal.notes);
  EXPECT_NO_THROW(load_strategies_text(cal.scenario, "knowsley.yaml"));
}

// A turnover above 100% (a small council can count more leavers than staff) is taken as a
// yearly chance of leaving below 1, and said so; the scenario loads.
TEST(CalibrateCouncilRules, TurnoverAboveAHundredPercentIsTakenAsTheMostAndNoted) {
  const Calibration cal =
      calibrate(excerpt_with("turnover_rate_fte", "124.5"), "Knowsley", 2019, pooled_2019());
  bool noted = false;
  for (const auto& note : cal.notes)
    noted |= note ==
             "turnover: turnover_rate_fte for 2019 is 124.5%, taken as 90%: a yearly chance of "
             "leaving must stay below 1";
  EXPECT_TRUE(noted) << ::testing::PrintToString(cal.notes);
  EXPECT_LE(std::stod(value_of(cal.scenario, "turnover_rate")), 0.9);
  EXPECT_NO_THROW(Model(load_scenario_text(cal.scenario, "knowsley.yaml")));
}

// Figures beyond anything a scenario holds are a damaged file: refused, naming the figure.
TEST(CalibrateCouncilRules, RefusesFiguresBeyondWhatAScenarioHolds) {
  std::string message = refusal([] {
    calibrate(excerpt_with("inpost_headcount", "2000000"), "Knowsley", 2019, pooled_2019());
  });
  EXPECT_NE(message.find("excerpt_inpost_headcount.csv (line 15): Knowsley's inpost_headcount "
                         "for 2019 is 2000000, more than a scenario holds (1000000); check the "
                         "file"),
            std::string::npos)
      << message;
  message = refusal(
      [] { calibrate(excerpt_with("vacancy_fte", "1e9"), "Knowsley", 2019, pooled_2019()); });
  EXPECT_NE(message.find("Knowsley's inpost_fte + vacancy_fte for 2019 is 1000000122"),
            std::string::npos)
      << message;
  message =
      refusal([] { calibrate(excerpt_with("cases", "2e7"), "Knowsley", 2019, pooled_2019()); });
  EXPECT_NE(message.find("Knowsley's cases 2019 is 20000000, more than a scenario holds "
                         "(10000000)"),
            std::string::npos)
      << message;
  // A headcount of over ten people to the FTE in post.
  message = refusal(
      [] { calibrate(excerpt_with("inpost_headcount", "1221"), "Knowsley", 2019, pooled_2019()); });
  EXPECT_NE(message.find("(line 15): Knowsley's inpost_fte for 2019, 122, is under 0.1 FTE a "
                         "head of its 1221 staff; check the file"),
            std::string::npos)
      << message;
  EXPECT_NO_THROW(
      calibrate(excerpt_with("inpost_headcount", "1220"), "Knowsley", 2019, pooled_2019()));
  // An earlier year's figure moves the long-run level beyond it just as well.
  message = refusal([] {
    calibrate(excerpt_with("caseload_fte", "1e9", {"2017"}), "Knowsley", 2019, pooled_2019());
  });
  EXPECT_NE(message.find("Knowsley's caseload, its 2017-2019 mean, is"), std::string::npos)
      << message;
}

namespace {

//! `council`'s calibrated scenario as at `as_at`, loaded as wfsim would load the file.
Scenario calibrated(const std::string& council, int as_at) {
  CalibrateOptions options;
  options.as_at = as_at;
  const Calibration c = calibrate_council(published(), published().council(council),
                                          pool_variation(published(), as_at), options);
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
  EXPECT_EQ(h.source, published().source());
  EXPECT_EQ(h.area, "Knowsley");
  EXPECT_EQ(h.code, "E08000011");
  EXPECT_EQ(h.snapshot_month, 9);
  const Area& knowsley = published().council("Knowsley");
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

// A year after the file's last is a file too old, not a council too new.
TEST(CalibrateCouncilRules, AYearAfterTheFilesLastAsksForTheLatestEdition) {
  EXPECT_EQ(refusal([] { calibrate(published(), "Knowsley", 2025, pooled_2019()); }),
            PUBLISHED +
                " runs to 2021: it has no figures for 2025. The DfE publishes a new "
                "edition every year; use the latest");
}

}  // namespace wfsim::calibrate
