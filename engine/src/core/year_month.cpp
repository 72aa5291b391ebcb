#include "wfsim/year_month.hpp"

#include <charconv>
#include <cstdio>

namespace wfsim {

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  int month = 0;
  auto y = std::from_chars(text.data(), text.data() + 4, year);
  auto m = std::from_chars(text.data() + 5, text.data() + 7, month);
  if (y.ec != std::errc{} || y.ptr != text.data() + 4) return std::nullopt;
  if (m.ec != std::errc{} || m.ptr != text.data() + 7) return std::nullopt;
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return std::nullopt;
  return YearMonth{year, month};
}

YearMonth YearMonth::plus(int n) const {
  int index = year * 12 + (month - 1) + n;
  int y = index >= 0 ? index / 12 : -((-index + 11) / 12);
  return YearMonth{y, index - y * 12 + 1};
}

std::string YearMonth::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string financial_year_label(int start_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d/%02d", start_year, (start_year + 1) % 100);
  return buf;
}

}  // namespace wfsim
