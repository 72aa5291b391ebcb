#pragma once
//! Calendar months and UK financial years (1 April to 31 March).
#include <optional>
#include <string>
#include <string_view>

namespace wfsim {

//! A calendar month, as written `YYYY-MM`.
struct YearMonth {
  int year = 2000;
  int month = 1;  //!< 1 (January) to 12 (December)

  //! Parses `YYYY-MM`; empty on anything else.
  static std::optional<YearMonth> parse(std::string_view text);
  //! The month `n` months later (earlier when negative).
  YearMonth plus(int n) const;
  //! `YYYY-MM`.
  std::string str() const;
  //! Calendar year in which this month's financial year starts (April 2024 -> 2024, March 2025 ->
  //! 2024).
  int financial_year() const { return month >= 4 ? year : year - 1; }

  friend bool operator==(const YearMonth&, const YearMonth&) = default;
};

//! `2024/25` for the financial year starting in April 2024.
std::string financial_year_label(int start_year);

}  // namespace wfsim
