#pragma once
// Text for the analysis library's files: CSV fields and numbers written out.
#include <cmath>
#include <cstdio>
#include <string>

namespace wfsim {

//! A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

//! A whole number written without decimals: 3 months, not 3.000000.
inline std::string whole(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace wfsim
