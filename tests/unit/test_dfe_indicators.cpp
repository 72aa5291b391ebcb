#include "wfsim/calibrate/dfe_indicators.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim::calibrate {

using test::refusal;

namespace {

// An excerpt of the DfE file as published (CRLF line ends, a quoted name): England and the
// North West in some years; Knowsley; councils with a suppressed figure (Rutland `low`,
// North Somerset `c`, Portsmouth `x`); and councils re-formed in 2019 to 2021 (Bournemouth
// and Poole into Bournemouth, Christchurch and Poole; Dorset under a new code;
// Northamptonshire into North and West Northamptonshire).
const std::string EXCERPT = std::string(WFSIM_TEST_DATA) + "/csww_excerpt.csv";

const DfeIndicators& excerpt() {
  static const DfeIndicators indicators = DfeIndicators::read(EXCERPT);
  return indicators;
}

//! A file of the DfE's columns, with one more it does not have, from `rows` each giving
//! the identifying columns and then the measures in the order of ALL_MEASURES.
std::string file_text(const std::vector<std::string>& rows) {
  std::string text = "time_period,geographic_level,region_code,region_name,new_la_code,la_name";
  for (Measure m : ALL_MEASURES) text += "," + std::string(column_name(m));
  text += ",added_later\n";
  for (const auto& r : rows) text += r + ",1\n";
  return text;
}

//! Knowsley's row for `year`, with `inpost_fte` as given and 1 for every other measure.
std::string knowsley(int year, const std::string& inpost_fte = "100") {
  std::string row = std::to_string(year) +
                    ",Local authority,E12000002,North West,E08000011,Knowsley," + inpost_fte;
  for (std::size_t k = 1; k < MEASURE_COUNT; ++k) row += ",1";
  return row;
}

DfeIndicators parse(const std::vector<std::string>& rows) {
  return DfeIndicators::from_table(read_csv(file_text(rows), "t.csv"));
}

}  // namespace

TEST(DfeMeasures, EachIsTheColumnOfItsName) {
  std::set<std::string_view> names;
  for (std::size_t k = 0; k < MEASURE_COUNT; ++k) {
    EXPECT_EQ(static_cast<std::size_t>(ALL_MEASURES[k]), k);
    names.insert(column_name(ALL_MEASURES[k]));
  }
  EXPECT_EQ(names.size(), MEASURE_COUNT);
  EXPECT_EQ(column_name(Measure::inpost_fte), "inpost_fte");
  EXPECT_EQ(column_name(Measure::cases), "cases");
  EXPECT_EQ(column_name(Measure::working_days_lost_fte), "working_days_lost_fte");
  const CsvTable published = read_csv_file(EXCERPT);
  for (Measure m : ALL_MEASURES)
    EXPECT_TRUE(find_column(published, column_name(m))) << column_name(m);
}

TEST(DfeIndicators, ReadsACouncilsFiguresAsPublished) {
  const Area& k = excerpt().council("Knowsley");
  EXPECT_EQ(k.code, "E08000011");
  EXPECT_EQ(k.name, "Knowsley");
  EXPECT_EQ(k.level, LEVEL_COUNCIL);
  EXPECT_EQ(k.region_code, "E12000002");
  EXPECT_EQ(k.region_name, "North West");
  EXPECT_EQ(k.years.size(), 5u);
  const YearFigures& y2019 = k.years.at(2019);
  EXPECT_EQ(y2019.year, 2019);
  EXPECT_EQ(y2019.line, 15);
  EXPECT_EQ(y2019.value(Measure::inpost_fte), 122);
  EXPECT_EQ(y2019.value(Measure::inpost_headcount), 122);
  EXPECT_EQ(y2019.value(Measure::starters_fte), 20);
  EXPECT_EQ(y2019.value(Measure::leavers_fte), 9.5);
  EXPECT_EQ(y2019.value(Measure::turnover_rate_fte), 7.8);
  EXPECT_EQ(y2019.value(Measure::agency_fte), 0);
  EXPECT_EQ(y2019.value(Measure::agency_cover_fte), 0);
  EXPECT_EQ(y2019.value(Measure::vacancy_rate_fte), 0);
  EXPECT_EQ(y2019.value(Measure::case_holders_fte), 59);
  EXPECT_EQ(y2019.value(Measure::cases), 1057);
  EXPECT_EQ(y2019.value(Measure::caseload_fte), 17.9);
  EXPECT_EQ(y2019.value(Measure::working_days_lost_fte), 1213);
  EXPECT_EQ(y2019.value(Measure::absence_rate_fte), 3.9);
  EXPECT_EQ(y2019[Measure::inpost_fte].describe(), "122");
  EXPECT_EQ(k.year(2021)->value(Measure::leavers_fte), 25.1);
  EXPECT_EQ(k.year(2016), nullptr);
}

TEST(DfeIndicators, KeepsTheMarkerOfAFigureNotPublished) {
  const Figure& low = excerpt().council("Rutland").years.at(2021)[Measure::absence_rate_fte];
  EXPECT_EQ(low.value, std::nullopt);
  EXPECT_EQ(low.marker, "low");
  EXPECT_EQ(low.describe(), "suppressed (low)");
  const auto& somerset = excerpt().council("North Somerset").years.at(2018);
  EXPECT_EQ(somerset[Measure::working_days_lost_fte].describe(), "suppressed (c)");
  EXPECT_EQ(somerset[Measure::absence_rate_fte].marker, "c");
  EXPECT_EQ(somerset.value(Measure::inpost_fte), 83.8);
  const auto& portsmouth = excerpt().council("Portsmouth").years.at(2021);
  EXPECT_EQ(portsmouth[Measure::leavers_fte].describe(), "suppressed (x)");
  EXPECT_EQ(portsmouth.value(Measure::turnover_rate_fte), std::nullopt);
  EXPECT_EQ(portsmouth.value(Measure::starters_fte), 16.7);
}

TEST(DfeIndicators, EnglandRegionsAndYears) {
  const DfeIndicators& d = excerpt();
  EXPECT_EQ(d.years(), (std::vector<int>{2017, 2018, 2019, 2020, 2021}));
  EXPECT_EQ(d.source(), EXCERPT);
  const Area* england = d.national();
  ASSERT_NE(england, nullptr);
  EXPECT_EQ(england->code, "E92000001");
  EXPECT_EQ(england->name, "England");
  EXPECT_EQ(england->level, LEVEL_NATIONAL);
  EXPECT_EQ(england->region_code, "");
  EXPECT_EQ(england->years.size(), 2u);
  EXPECT_EQ(england->year(2021)->value(Measure::inpost_fte), 32502);
  EXPECT_EQ(england->year(2019)->value(Measure::cases), 337202);

  const Area* north_west = d.region("E12000002");
  ASSERT_NE(north_west, nullptr);
  EXPECT_EQ(north_west->name, "North West");
  EXPECT_EQ(north_west->level, LEVEL_REGION);
  EXPECT_EQ(north_west->year(2019)->value(Measure::inpost_fte), 4321.7);
  EXPECT_EQ(d.region("E08000011"), nullptr);  // a council's code is not a region's
  EXPECT_EQ(d.region("E12000009"), nullptr);  // no South West rows in the excerpt

  std::vector<std::string> names;
  for (const Area* a : d.councils()) names.push_back(a->name + " " + a->code);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "Bournemouth E06000028",
                       "Bournemouth, Christchurch and Poole E06000058",
                       "Dorset E06000059",
                       "Dorset E10000009",
                       "Knowsley E08000011",
                       "North Northamptonshire / West Northamptonshire E06000061 / E06000062",
                       "North Somerset E06000024",
                       "Northamptonshire E10000021",
                       "Poole E06000029",
                       "Portsmouth E06000044",
                       "Rutland E06000017",
                   }));
}

TEST(DfeIndicators, ReorganisedCouncilsHaveShortHistories) {
  const DfeIndicators& d = excerpt();
  const Area& bcp = d.council("Bournemouth, Christchurch and Poole");
  EXPECT_EQ(bcp.consecutive_years_to(2021), 3);
  EXPECT_EQ(bcp.consecutive_years_to(2019), 1);
  EXPECT_EQ(bcp.consecutive_years_to(2018), 0);
  EXPECT_EQ(d.council("Bournemouth").consecutive_years_to(2018), 2);
  EXPECT_EQ(d.council("Bournemouth").consecutive_years_to(2019), 0);
  EXPECT_EQ(d.council("Northamptonshire").consecutive_years_to(2020), 4);
  EXPECT_EQ(d.council("E06000061 / E06000062").consecutive_years_to(2021), 1);
  EXPECT_EQ(d.council("Knowsley").consecutive_years_to(2019), 3);
  EXPECT_EQ(d.council("Knowsley").consecutive_years_to(2021), 5);
}

TEST(DfeIndicators, FindsACouncilByCodeOrNameAsTyped) {
  const DfeIndicators& d = excerpt();
  EXPECT_EQ(d.council("E08000011").name, "Knowsley");
  EXPECT_EQ(d.council("e08000011").name, "Knowsley");
  EXPECT_EQ(d.council("  KNOWSLEY ").name, "Knowsley");
  EXPECT_EQ(d.council("bournemouth christchurch and poole").code, "E06000058");
  EXPECT_EQ(d.council("northsomerset").code, "E06000024");
  EXPECT_EQ(d.council("E10000009").name, "Dorset");
}

TEST(DfeIndicators, RefusesACouncilItDoesNotHaveWithTheLikelyOne) {
  const DfeIndicators& d = excerpt();
  EXPECT_EQ(refusal([&] { d.council("Knowsly"); }),
            "no council named 'Knowsly' in " + EXCERPT + "; did you mean 'Knowsley'?");
  EXPECT_EQ(refusal([&] { d.council("portsmuoth"); }),
            "no council named 'portsmuoth' in " + EXCERPT + "; did you mean 'Portsmouth'?");
  EXPECT_EQ(
      refusal([&] { d.council("North West"); }),
      "no council named 'North West' in " + EXCERPT + "; 'North West' is a region, not a council");
  EXPECT_EQ(refusal([&] { d.council("Atlantis"); }),
            "no council named 'Atlantis' in " + EXCERPT +
                "; give a council's name as in the column la_name (e.g. 'Bournemouth') or its "
                "code (new_la_code)");
  EXPECT_EQ(refusal([&] { d.council(""); }),
            "no council named '' in " + EXCERPT +
                "; give a council's name as in the column la_name (e.g. 'Bournemouth') or its "
                "code (new_la_code)");
}

TEST(DfeIndicators, RefusesANameThatTwoCodesShare) {
  EXPECT_EQ(refusal([] { excerpt().council("Dorset"); }),
            "'Dorset' names 2 councils in " + EXCERPT +
                ": E06000059 (2019 to 2021) and E10000009 (2017 to 2018); give the code of the "
                "one you mean");
}

TEST(DfeIndicators, ReadsColumnsInAnyOrderAndIgnoresOthers) {
  const DfeIndicators d = parse({knowsley(2020, "12.5")});
  EXPECT_EQ(d.council("Knowsley").year(2020)->value(Measure::inpost_fte), 12.5);
  EXPECT_EQ(d.national(), nullptr);
  EXPECT_TRUE(d.council("Knowsley").year(2020)->figures.size() == MEASURE_COUNT);
}

TEST(DfeIndicators, EveryMarkerOfAFigureNotPublishedAnyCase) {
  for (std::string marker : {"", "x", "z", "c", "u", "low", ":", "..", "C", "LOW", "Low", " c "}) {
    const Figure f = parse({knowsley(2020, marker)}).council("Knowsley").year(2020)->figures[0];
    EXPECT_EQ(f.value, std::nullopt) << marker;
    EXPECT_EQ(f.marker, marker == " c " ? "c" : marker);
    EXPECT_EQ(f.describe(), marker.empty() ? "blank" : "suppressed (" + f.marker + ")");
  }
  EXPECT_EQ(parse({knowsley(2020, "1e2")}).council("Knowsley").year(2020)->figures[0].value, 100);
  EXPECT_EQ(parse({knowsley(2020, "0")}).council("Knowsley").year(2020)->figures[0].value, 0);
}

TEST(DfeIndicators, RefusesAValueThatIsNeitherANumberNorAMarker) {
  for (std::string bad : {"12a", "nan", "NaN", "inf", "-inf", "1e999", "+5", "0x10", "five", "-"})
    EXPECT_EQ(refusal([&] {
                parse({knowsley(2019), knowsley(2020, bad)});
              }),
              "t.csv (line 3): column 'inpost_fte' for Knowsley (E08000011) in 2020 is '" + bad +
                  "', which is neither a number nor a marker of a figure not published (blank, "
                  "x, z, c, u, low, : or ..)")
        << bad;
}

TEST(DfeIndicators, RefusesANegativeFigure) {
  EXPECT_EQ(refusal([] { parse({knowsley(2020, "-3")}); }),
            "t.csv (line 2): column 'inpost_fte' for Knowsley (E08000011) in 2020 is -3; no "
            "figure in this file can be negative");
}

TEST(DfeIndicators, RefusesTwoRowsForOneCouncilAndYear) {
  EXPECT_EQ(refusal([] {
              parse({knowsley(2019), knowsley(2020), knowsley(2019)});
            }),
            "t.csv (line 4): a second row for Knowsley (E08000011) in 2019; the first is on "
            "line 2");
}

TEST(DfeIndicators, RefusesAYearOrLevelItDoesNotKnow) {
  std::string row = knowsley(2019);
  EXPECT_EQ(refusal([&] { parse({"2019/20" + row.substr(4)}); }),
            "t.csv (line 2): time_period is '2019/20'; expected a reporting year such as 2021");
  EXPECT_EQ(refusal([&] { parse({"201920" + row.substr(4)}); }),
            "t.csv (line 2): time_period is '201920'; expected a reporting year such as 2021");
  // Four digits, but no year a scenario can start in (a damaged cell).
  EXPECT_EQ(refusal([&] { parse({"4036" + row.substr(4)}); }),
            "t.csv (line 2): time_period is '4036'; expected a reporting year from 1900 to 2999");
  EXPECT_EQ(refusal([&] { parse({"0019" + row.substr(4)}); }),
            "t.csv (line 2): time_period is '0019'; expected a reporting year from 1900 to 2999");
  row.replace(row.find("Local authority"), 15, "Ward");
  EXPECT_EQ(refusal([&] { parse({row}); }),
            "t.csv (line 2): geographic_level is 'Ward'; expected 'Local authority', "
            "'Regional' or 'National'");
}

TEST(DfeIndicators, RefusesACouncilWithoutACode) {
  std::string row = knowsley(2019);
  row.replace(row.find("E08000011"), 9, "");
  EXPECT_EQ(refusal([&] { parse({row}); }),
            "t.csv (line 2): a row of level 'Local authority' with column 'new_la_code' blank");
}

TEST(DfeIndicators, RefusesAFileWithoutAColumnItNeedsNamingIt) {
  // The published excerpt with its column `cases` removed.
  const auto dir = test::temp_dir("dfe");
  const std::string path = (dir / "no_cases.csv").string();
  {
    CsvTable t = read_csv_file(EXCERPT);
    const std::size_t c = column(t, "cases");
    std::ofstream out(path, std::ios::binary);
    for (std::size_t k = 0; k < t.header.size(); ++k)
      if (k != c) out << (k ? "," : "") << t.header[k];
    out << "\r\n";
    for (auto& row : t.rows) {
      for (std::size_t k = 0; k < row.size(); ++k)
        if (k != c)
          out << (k ? "," : "")
              << (row[k].find(',') == std::string::npos ? row[k] : '"' + row[k] + '"');
      out << "\r\n";
    }
  }
  EXPECT_EQ(refusal([&] { DfeIndicators::read(path); }),
            path +
                " (line 1): not a DfE children's social work workforce indicator file as "
                "wfsim reads it: it has no column 'cases'");
  std::filesystem::remove_all(dir);

  // A misspelt column is named with the one it likely is; every missing column at once.
  std::string text = file_text({knowsley(2019)});
  text.replace(text.find("inpost_fte"), 10, "inpost_ftes");
  text.replace(text.find("la_name"), 7, "name");
  EXPECT_EQ(refusal([&] { DfeIndicators::from_table(read_csv(text, "t.csv")); }),
            "t.csv (line 1): not a DfE children's social work workforce indicator file as "
            "wfsim reads it: it has no column 'la_name' or 'inpost_fte' (did you mean "
            "'inpost_ftes'?)");
}

// Names go into scenarios and messages a line at a time: a name with a line break (possible
// inside a quoted CSV field) is refused, not written into a scenario.
TEST(DfeIndicators, RefusesANameWithALineBreak) {
  std::string row = "2020,Local authority,E12000002,North West,E08000011,\"Knows\nley\",100";
  for (std::size_t k = 1; k < MEASURE_COUNT; ++k) row += ",1";
  const std::string message = refusal([&] { parse({row}); });
  EXPECT_NE(message.find("the name holds a line break or control character"), std::string::npos)
      << message;
}

}  // namespace wfsim::calibrate
