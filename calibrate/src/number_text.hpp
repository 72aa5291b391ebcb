#pragma once
// How calibrated scenarios and fit reports write numbers. Private to calibrate/src.
#include <cstdio>
#include <string>

namespace wfsim::calibrate::detail {

//! `v` with `digits` decimals, trailing zeros dropped: what a scenario file shows.
inline std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

//! A share as a percentage with one decimal: 0.123 is "12.3%".
inline std::string percent(double share) {
  return fixed(100 * share, 1) + "%";
}

}  // namespace wfsim::calibrate::detail
