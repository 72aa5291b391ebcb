#include "report_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace wfsim::report {

namespace {

const char* DASH = "&ndash;";
//! A true minus sign: a hyphen reads as a dash in a table of numbers.
const char* MINUS = "&minus;";

//! `v`'s digits with thousands separators; `v` is finite and not negative.
std::string grouped(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  const std::string s = buf;
  const auto point = std::min(s.find('.'), s.size());
  std::string out;
  for (std::size_t k = 0; k < point; ++k) {
    if (k > 0 && (point - k) % 3 == 0) out += ',';
    out += s[k];
  }
  out.append(s, point, std::string::npos);
  return out;
}

//! Whether `v` shows as zero with `decimals` decimals.
bool rounds_to_zero(double v, int decimals) {
  return std::abs(v) * std::pow(10.0, decimals) < 0.5;
}

}  // namespace

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
}

std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return DASH;
  if (rounds_to_zero(v, decimals)) v = 0;  // no "-0.0"
  std::string out = v < 0 ? MINUS : "";
  out += grouped(std::abs(v), decimals);
  return out;
}

std::string trimmed(double v, int decimals) {
  std::string s = number(v, decimals);
  if (s.find('.') == std::string::npos) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string signed_number(double v, int decimals) {
  if (!std::isfinite(v)) return DASH;
  if (rounds_to_zero(v, decimals)) return number(0, decimals);
  std::string out = v > 0 ? "+" : "";
  out += number(v, decimals);
  return out;
}

std::string percent(double share, int decimals) {
  if (!std::isfinite(share)) return DASH;
  return trimmed(100 * share, decimals) + "%";
}

std::string money(double v, double scale_like, bool with_sign) {
  if (!std::isfinite(v)) return DASH;
  const double size = std::max(std::abs(v), std::abs(scale_like));
  double scaled = v;
  const char* suffix = "";
  int decimals = 0;
  if (size >= 1e6) {
    scaled = v / 1e6, suffix = "m", decimals = size >= 1e8 ? 0 : size >= 1e7 ? 1 : 2;
  } else if (size >= 1e3) {
    scaled = v / 1e3, suffix = "k", decimals = size >= 1e4 ? 0 : 1;
  }
  if (rounds_to_zero(scaled, decimals)) return "&pound;0" + std::string(suffix);
  const std::string sign = scaled < 0 ? MINUS : with_sign ? "+" : "";
  return sign + "&pound;" + grouped(std::abs(scaled), decimals) + suffix;
}

std::string money_interval(double median, double p10, double p90, bool with_sign,
                           double scale_like) {
  const double like =
      std::max({std::abs(median), std::abs(p10), std::abs(p90), std::abs(scale_like)});
  return money(median, like, with_sign) + " <span class=\"range\">(" + money(p10, like, with_sign) +
         " to " + money(p90, like, with_sign) + ")</span>";
}

std::string interval(double median, double p10, double p90, int decimals, const std::string& unit,
                     bool with_sign) {
  auto f = [&](double v) {
    return (with_sign ? signed_number(v, decimals) : number(v, decimals)) + unit;
  };
  return f(median) + " <span class=\"range\">(" + f(p10) + " to " + f(p90) + ")</span>";
}

std::string percent_interval(double median, double p10, double p90) {
  return percent(median, 0) + " <span class=\"range\">(" + percent(p10, 0) + " to " +
         percent(p90, 0) + ")</span>";
}

std::string coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::isfinite(v) ? v : 0.0);
  return buf;
}

std::string exact(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace wfsim::report
