#pragma once
//! The report's charts as inline SVG: fan charts over months and bars by financial year,
//! each a small multiple that draws at most two strategies (the base and one other), so no
//! chart stacks every strategy's bands into one muddy area.
//!
//! Each strategy's marks are in a `<g class="series" data-strategy="...">`, so a test can
//! count the strategies drawn over each other in one chart.
#include <string>
#include <vector>

#include "wfsim/year_month.hpp"

namespace wfsim::report {

//! The base is grey; strategies take Okabe and Ito's colours, which stay apart for the
//! common kinds of colour blindness and in greyscale print.
inline constexpr const char* BASE_COLOUR = "#6e6e6e";
inline constexpr const char* STRATEGY_COLOURS[] = {"#0072b2", "#d55e00", "#009e73",
                                                   "#cc79a7", "#e69f00", "#56b4e9"};

//! The colour of the `k`-th strategy of a file (0 is the base): the same on every chart.
const char* colour_of(std::size_t k);

//! A value axis with round ticks: every `step` from `lo` to `hi`.
struct Axis {
  double lo = 0, hi = 1, step = 0.25;
  int decimals = 2;  //!< decimals a tick's label needs
};

//! Round ticks covering [lo, hi]: steps of 1, 2, 2.5 or 5 times a power of ten, about four
//! to six of them. Not below zero when `lo` is not.
Axis nice_axis(double lo, double hi);

//! One strategy's distribution over time, in the chart's unit. `p25` and `p75` may be
//! empty (a difference whose middle half is not kept); any value may be NaN where the
//! measure is undefined.
struct FanSeries {
  std::string strategy;
  std::string label;  //!< as the legend names it
  std::string colour;
  std::vector<double> p10, p25, p50, p75, p90;
};

//! A line drawn for reference: a target (constant) or the funded posts (by month).
struct Reference {
  std::string label;           //!< at the line's right end: "target 85%"
  std::string kind;            //!< `target` or `establishment`: the line's class
  std::vector<double> values;  //!< one value (a level), or one a month
};

//! A published figure drawn as a point, `at` months from the first projected month
//! (negative: before the projection).
struct Point {
  long at = 0;
  double value = 0;
  std::string title;       //!< the tooltip: "DfE, 30 September 2021: 104.9 FTE"
  std::string attributes;  //!< data attributes that name it, for tests
};

//! A fan chart of up to two strategies over the months of the horizon.
struct FanPanel {
  std::string label;  //!< the chart's accessible name
  YearMonth first;    //!< the first projected month
  std::size_t months = 0;
  std::vector<FanSeries> series;  //!< at most two
  std::vector<Reference> references;
  std::vector<Point> points;
  std::string points_label;  //!< the points' legend entry
  Axis y;
  bool zero_line = false;  //!< a differences chart: where the strategy and base are equal
  //! The month marked on the chart ("" for none) and its label: the break-even month.
  std::string marked_month, marked_label;
};

//! The panel as an `<svg class="chart">`. Months before the horizon are drawn only to
//! place published figures; the first April of each financial year is named.
std::string fan_panel(const FanPanel& panel);

//! One strategy's bars by financial year: median, and a whisker from P10 to P90.
struct BarSeries {
  std::string strategy;
  std::string label;
  std::string colour;
  std::vector<double> p10, p50, p90;
};

//! Bars by financial year for up to two strategies side by side.
struct BarPanel {
  std::string label;
  std::vector<std::string> years;
  std::vector<bool> part_year;  //!< years the horizon cuts short, drawn paler
  std::vector<BarSeries> series;
  Axis y;
};

std::string bar_panel(const BarPanel& panel);

}  // namespace wfsim::report
