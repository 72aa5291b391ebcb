#include "wfsim/model/opening_position.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "test_support.hpp"
#include "wfsim/output/terminal_summary.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

namespace {

// Twenty social workers at 0.9 FTE and 30,000 a year with 25% on-costs, 20 funded posts,
// 3 locums at 50,000 a year, 270 open cases held by the social workers, and an intake of
// 4 into the same posts.
const char* OPENING = R"(
schema_version: 1
name: opening
start: 2025-04
horizon_months: 12
replications: 1
seed: 1
stages:
  - id: sw
    headcount: 20
    fte_per_head: 0.9
    salary: 30000
    turnover_rate: 0.15
intakes:
  - {route: graduate, stage: sw, month: 9, size: 4}
on_cost_rate: 0.25
establishment:
  - id: frontline
    stages: [sw]
    fte: 20
    opening_agency_fte: 3
agency:
  cover_share: 1
  annual_cost_per_fte: 50000
demand:
  open_cases: 270
  target_caseload: {sw: 15}
)";

OpeningPosition opening(const std::string& text) {
  return opening_position(Model(load_scenario_text(text, "opening")));
}

using test::replaced;

}  // namespace

TEST(OpeningPosition, HandCountedFigures) {
  const OpeningPosition p = opening(OPENING);
  ASSERT_EQ(p.groups.size(), 2u);
  EXPECT_EQ(p.groups[0].id, "frontline");
  EXPECT_EQ(p.groups[1].id, "all");
  EXPECT_DOUBLE_EQ(p.groups[1].in_post, 18);
  EXPECT_DOUBLE_EQ(p.groups[1].establishment, 20);
  EXPECT_DOUBLE_EQ(p.groups[1].vacancy, 2);
  EXPECT_DOUBLE_EQ(p.groups[1].vacancy_rate(), 0.1);
  EXPECT_DOUBLE_EQ(p.groups[1].agency, 3);
  EXPECT_DOUBLE_EQ(p.groups[1].permanence(), 18.0 / 21);
  EXPECT_DOUBLE_EQ(p.pay_bill, 18 * 30000 * 1.25);
  EXPECT_DOUBLE_EQ(p.agency_bill, 150000);
  EXPECT_DOUBLE_EQ(p.caseload, 270.0 / 21);
  // The intake of 4 (3.6 FTE) alone takes 18 FTE past the 20 posts.
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_NE(p.warnings[0].find("the graduate intake alone (3.6 FTE) would take frontline to 21.6 "
                               "FTE, above its establishment of 20.0"),
            std::string::npos)
      << p.warnings[0];
}

TEST(OpeningPosition, WarnsOfWhatContradictsItself) {
  // In post above the establishment; no locums though vacancies would be covered; a
  // caseload no council reports; a stage that loses nearly everyone in a year.
  const std::string above = replaced(OPENING, "fte: 20\n", "fte: 15\n");
  EXPECT_NE(opening(above).warnings.at(0).find("FTE in post (18.0) is above the establishment "
                                               "(15.0)"),
            std::string::npos);
  const std::string no_locums = replaced(
      replaced(OPENING, "opening_agency_fte: 3", "opening_agency_fte: 0"), "size: 4", "size: 0");
  const auto p = opening(replaced(no_locums, "fte: 20\n", "fte: 30\n"));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_NE(p.warnings[0].find("no agency FTE at the start, though 12.0 FTE"), std::string::npos)
      << p.warnings[0];
  const auto busy = opening(replaced(no_locums, "open_cases: 270", "open_cases: 900"));
  ASSERT_EQ(busy.warnings.size(), 2u);  // the locums the cover share would bring, and:
  EXPECT_NE(busy.warnings[1].find("a caseload of 50.0"), std::string::npos) << busy.warnings[1];
  const auto leaving = opening(replaced(no_locums, "turnover_rate: 0.15", "turnover_rate: 0.95"));
  ASSERT_EQ(leaving.warnings.size(), 2u);
  EXPECT_NE(leaving.warnings[1].find("sw: turnover of 95% a year"), std::string::npos)
      << leaving.warnings[1];
}

// All groups' vacancies are the sum of each group's, as a run counts them: managers above
// their posts fill none of the social workers'.
TEST(OpeningPosition, AllGroupsVacanciesAddUpGroupByGroup) {
  std::string text = replaced(OPENING, "    opening_agency_fte: 3\n",
                              "    opening_agency_fte: 3\n  - id: managers\n    stages: [tm]\n"
                              "    fte: 2\n");
  text =
      replaced(text, "intakes:",
               "  - id: tm\n    headcount: 5\n    salary: 50000\n    leaving_rate: 0.1\nintakes:");
  const OpeningPosition p = opening(text);
  ASSERT_EQ(p.groups.size(), 3u);
  EXPECT_DOUBLE_EQ(p.groups[0].vacancy, 2);
  EXPECT_DOUBLE_EQ(p.groups[1].vacancy, 0);  // 5 in post, 2 posts
  EXPECT_DOUBLE_EQ(p.groups[2].vacancy, 2);
  EXPECT_DOUBLE_EQ(p.groups[2].vacancy_rate(), 2.0 / 22);
}

TEST(OpeningPosition, PrintedAsComputed) {
  const Model model(load_scenario_text(OPENING, "opening"));
  std::ostringstream out;
  print_opening(out, model, opening_position(model));
  const std::string text = out.str();
  for (const char* words :
       {"Opening position, 2025-04", "frontline", "20.0", "18.0", "10%", "86%", "3.0",
        "pay bill \xC2\xA3"
        "0.68m a year",
        "agency \xC2\xA3"
        "0.15m a year",
        "270 open cases, 12.9 per case-holding FTE", "warning: the graduate intake alone"})
    EXPECT_NE(text.find(words), std::string::npos) << words << "\n" << text;
}

}  // namespace wfsim
