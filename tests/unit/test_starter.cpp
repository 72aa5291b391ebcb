#include "wfsim/scenario/starter.hpp"

#include <gtest/gtest.h>

#include <string>

#include "wfsim/errors.hpp"
#include "wfsim/model/expected.hpp"
#include "wfsim/model/opening_position.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

// The starter scenario loads as written, with its strategy, and opens with the figures it
// was given: FTE in post, vacancies, agency FTE (beyond the vacancies too) and turnover.
TEST(Starter, LoadsAndOpensWithTheFiguresGiven) {
  StarterOptions o;
  o.council = "Anytown: \"North\"";
  o.start = {2026, 1};
  o.fte_in_post = 80;
  o.vacancies = 10;
  o.agency_fte = 14;
  o.turnover = 0.2;
  const std::string text = starter_scenario(o);
  const auto all = load_strategies_text(text, "new.yaml");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Anytown: \"North\" children's social work");
  EXPECT_EQ(all[1].strategy, "grow_our_own");
  EXPECT_NE(text.find("from: 2026-09"), std::string::npos) << text;
  const OpeningPosition p = opening_position(Model(all[0]));
  ASSERT_EQ(p.groups.size(), 2u);
  EXPECT_DOUBLE_EQ(p.groups[1].in_post, 80);
  EXPECT_DOUBLE_EQ(p.groups[1].vacancy, 10);
  EXPECT_DOUBLE_EQ(p.groups[1].agency, 14);  // 10 covering vacancies, 4 for other reasons
  EXPECT_TRUE(p.warnings.empty()) << p.warnings.front();
  // Turnover as given, and recruitment that fills as many posts a month as leave.
  EXPECT_NE(text.find("turnover_rate: 0.200"), std::string::npos);
  EXPECT_NE(text.find("monthly_fill_probability: 0.059"), std::string::npos) << text;
  // and so the status quo holds its vacancies: in the projection without chance, their
  // average over each of the five years (the September intake makes them dip and recover)
  // stays within 1.5 of the 10 posts it started with. (Recruitment that replaced every leaver
  // besides the intake brought them down to about 6 within a year.)
  const Model model(all[0]);
  const auto projection = expected_projection(model);
  const Family& vacant = model.layout().find("vacancy_fte");
  const std::size_t every = vacant.category_count() - 1;
  for (std::size_t year = 0; year < 5; ++year) {
    double sum = 0;
    for (std::size_t t = 12 * year; t < 12 * year + 12; ++t)
      sum += projection.values[vacant.at(every, t)];
    EXPECT_NEAR(sum / 12, 10, 1.5) << "year " << year;
  }
}

TEST(Starter, RefusesFiguresOutOfRange) {
  StarterOptions o;
  o.turnover = 1.2;
  try {
    starter_scenario(o);
    FAIL() << "a turnover of 120% was accepted";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--turnover: a share of a year's staff, above 0 and below 1 (0.16 for 16%)");
  }
  o = {};
  o.fte_in_post = 0;
  EXPECT_THROW(starter_scenario(o), UserError);
  // A name is text on one line: no control characters, valid UTF-8 (a name in Welsh is).
  for (const char* name : {"A\x01B", "A\xffB", "A\nB", "A\xc2\x85B", "\xe2\x82"}) {
    o = {};
    o.council = name;
    EXPECT_THROW(starter_scenario(o), UserError) << name;
  }
  o = {};
  o.council = "Cyngor Sir Ynys M\xc3\xb4n";
  EXPECT_NO_THROW(load_strategies_text(starter_scenario(o), "new.yaml"));
}

}  // namespace wfsim
