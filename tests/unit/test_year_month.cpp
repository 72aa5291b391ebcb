#include "wfsim/year_month.hpp"

#include <gtest/gtest.h>

namespace wfsim {

TEST(YearMonth, ParsesAndFormats) {
  auto m = YearMonth::parse("2024-09");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->year, 2024);
  EXPECT_EQ(m->month, 9);
  EXPECT_EQ(m->str(), "2024-09");
}

TEST(YearMonth, RefusesMalformed) {
  for (const char* bad : {"2024-13", "2024-00", "2024-9", "24-09", "2024/09", "", "2024-09-01"})
    EXPECT_FALSE(YearMonth::parse(bad)) << bad;
}

TEST(YearMonth, AddsMonthsAcrossYears) {
  EXPECT_EQ(YearMonth(2024, 9).plus(4).str(), "2025-01");
  EXPECT_EQ(YearMonth(2024, 1).plus(-1).str(), "2023-12");
  EXPECT_EQ(YearMonth(2024, 1).plus(36).str(), "2027-01");
}

TEST(YearMonth, FinancialYearRunsAprilToMarch) {
  EXPECT_EQ(YearMonth(2024, 4).financial_year(), 2024);
  EXPECT_EQ(YearMonth(2025, 3).financial_year(), 2024);
  EXPECT_EQ(financial_year_label(2024), "2024/25");
  EXPECT_EQ(financial_year_label(2099), "2099/00");
}

}  // namespace wfsim
