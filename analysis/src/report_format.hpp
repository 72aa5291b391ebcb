#pragma once
//! How the report writes text and numbers: escaped for HTML, and numbers as a board reads
//! them, with thousands separated, never an exponent, and a dash for a number that is not
//! finite (undefined in every future, or a damaged file), never "nan" or "inf".
#include <string>

namespace wfsim::report {

//! `s` safe in HTML text and in attribute values.
std::string esc(const std::string& s);

//! `v` with `decimals` decimals and thousands separators: 12,345.6.
std::string number(double v, int decimals);

//! `v` with at most `decimals` decimals, trailing zeros dropped: 2.50 is 2.5, 3.00 is 3.
std::string trimmed(double v, int decimals);

//! As number(), with a sign (a true minus); a value that rounds to zero has none.
std::string signed_number(double v, int decimals);

//! A share as a percentage with at most `decimals` decimals: 0.15 is 15%, 0.025 is 2.5%.
std::string percent(double share, int decimals = 1);

//! An amount of money with its unit in it, scaled to the largest of `scale_like` and `v`
//! (so the numbers of one interval share a unit): £812, £28k, £1.23m.
std::string money(double v, double scale_like = 0, bool with_sign = false);

//! A median and its P10-P90 interval, one unit for all three: "£1.2m (£0.9m to £1.6m)";
//! scaled as `scale_like` too, if larger, so a table's column keeps one unit.
std::string money_interval(double median, double p10, double p90, bool with_sign = false,
                           double scale_like = 0);

//! A median and its interval of plain numbers: "12.3 (9.1 to 15.0)".
std::string interval(double median, double p10, double p90, int decimals,
                     const std::string& unit = "", bool with_sign = false);

//! A median and its interval of shares, in percent: "15% (12% to 19%)".
std::string percent_interval(double median, double p10, double p90);

//! A coordinate in an SVG attribute: one decimal.
std::string coord(double v);

//! `v` in the fewest digits that read back as the same number: a figure as it was published.
std::string exact(double v);

}  // namespace wfsim::report
