#include "wfsim/analysis/finance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "number_format.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/stats/summary.hpp"

namespace wfsim {

namespace {

//! Position of a quantile level among the stored ones (checked by check_quantile_levels).
std::size_t level(double p) {
  for (std::size_t k = 0; k < QUANTILE_COUNT; ++k)
    if (std::abs(QUANTILE_LEVELS[k] - p) < 1e-12) return k;
  throw InternalError("no stored quantile level " + std::to_string(p));
}

//! A family's stored quantiles, [category][quantile][time], checked against its axes.
struct Quantiles {
  ResultsArray q;
  std::vector<std::string> categories;
  std::size_t times = 0;

  Quantiles(const ResultsReader& results, const std::string& strategy, const std::string& family,
            const std::string& category_axis, const std::string& time_axis) {
    const std::string name = family + "_quantiles";
    q = results.read(strategy, name);
    if (q.dims != std::vector<std::string>{category_axis, "quantile", time_axis})
      throw UserError("damaged results file: 'strategies/" + strategy + "/" + name +
                      "' is not laid out as " + category_axis + ", quantile, " + time_axis);
    categories = results.axis_labels(strategy, category_axis);
    times = q.shape[2];
  }
  std::size_t category(const std::string& label) const {
    const auto it = std::find(categories.begin(), categories.end(), label);
    if (it == categories.end())
      throw UserError("damaged results file: no category '" + label + "'");
    return static_cast<std::size_t>(it - categories.begin());
  }
  QuantileRange at(std::size_t c, std::size_t t) const {
    auto value = [&](double p) { return q.values[(c * QUANTILE_COUNT + level(p)) * times + t]; };
    return {value(0.1), value(0.5), value(0.9)};
  }
};

}  // namespace

FinanceTables finance_tables(const ResultsReader& results) {
  FinanceTables f;
  f.scenario_name = results.attribute("scenario_name");
  f.strategies = results.strategies();
  const auto base = std::find(f.strategies.begin(), f.strategies.end(), "base");
  if (base == f.strategies.end()) throw UserError("damaged results file: no strategy 'base'");
  std::rotate(f.strategies.begin(), base, base + 1);

  const std::string& b = f.strategies.front();
  const auto months = results.axis_labels(b, "month");
  f.years = results.axis_labels(b, "financial_year");
  f.categories = results.axis_labels(b, "cost_category");
  f.months_in_year = results.read(b, "months_in_year").values;
  if (months.empty() || f.years.empty() || f.months_in_year.size() != f.years.size())
    throw UserError("damaged results file: its financial years do not match its months");
  f.start_month = months.front();
  f.end_month = months.back();
  // The reader checked that the counts are whole months ending each year in March.
  std::vector<std::size_t> ends;
  std::size_t so_far = 0;
  for (double m : f.months_in_year) {
    so_far += static_cast<std::size_t>(m);
    ends.push_back(so_far - 1);
    f.year_ends.push_back(months[ends.back()]);
  }
  f.price_base = results.dataset_attribute(b, "spend_by_financial_year_mean", "price_base");

  for (const std::string& strategy : f.strategies) {
    results.check_quantile_levels(strategy);
    const Quantiles spend(results, strategy, "spend_by_financial_year", "cost_category",
                          "financial_year");
    const Quantiles agency(results, strategy, "agency_fte", "group", "month");
    if (spend.times != f.years.size() || agency.times != months.size() ||
        spend.categories != f.categories)
      throw UserError("damaged results file: strategy '" + strategy +
                      "' covers another horizon or other costs than the base");
    auto& by_category = f.spend.emplace_back();
    for (std::size_t c = 0; c < f.categories.size(); ++c) {
      auto& row = by_category.emplace_back();
      for (std::size_t y = 0; y < f.years.size(); ++y) row.push_back(spend.at(c, y));
    }
    auto& fte = f.agency_fte.emplace_back();
    auto& money = f.agency_spend.emplace_back();
    const std::size_t all = agency.category("all"), agency_cost = spend.category("agency");
    for (std::size_t y = 0; y < f.years.size(); ++y) {
      fte.push_back(agency.at(all, ends[y]));
      money.push_back(spend.at(agency_cost, y));
    }

    // The chance of each target: monthly ones at each year's end, yearly ones by year.
    for (const auto& [family, axis, yearly] :
         {std::tuple{"targets_met", "target", false},
          std::tuple{"targets_met_by_year", "yearly_target", true}}) {
      const std::string name = std::string(family) + "_mean";
      if (!results.has_dataset(strategy, name)) continue;
      const ResultsArray mean = results.read(strategy, name);
      const auto names = results.axis_labels(strategy, axis);
      const std::size_t times = yearly ? f.years.size() : months.size();
      if (mean.shape.size() != 2 || mean.shape[0] != names.size() || mean.shape[1] != times)
        throw UserError("damaged results file: 'strategies/" + strategy + "/" + name +
                        "' does not match its targets and times");
      for (std::size_t k = 0; k < names.size(); ++k)
        for (std::size_t y = 0; y < f.years.size(); ++y)
          f.targets.push_back({strategy, names[k], yearly ? f.years[y] : f.year_ends[y],
                               mean.values[k * times + (yearly ? y : ends[y])]});
    }
  }
  if (f.strategies.size() > 1 && results.has_dataset(b, "headcount"))
    f.comparisons = compare_strategies(results, "", b);
  return f;
}

void write_spend_csv(const FinanceTables& f, std::ostream& out) {
  // Full precision in pounds million: the file is for further sums, not for reading.
  auto number = [](double v) {
    if (!std::isfinite(v)) return std::string();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v / 1e6);
    return std::string(buf);
  };
  out << "table,strategy,cost_category";
  for (std::size_t y = 0; y < f.years.size(); ++y) {
    // A year the horizon cuts short says so in its own column names.
    const std::string year =
        f.years[y] + (f.part_year(y) ? " (" + whole(f.months_in_year[y]) + " months)" : "");
    for (const char* stat : {"P10", "median", "P90"})
      out << ',' << csv_field(year + " " + stat + " GBP m");
  }
  out << '\n';
  for (std::size_t s = 0; s < f.strategies.size(); ++s)
    for (std::size_t c = 0; c < f.categories.size(); ++c) {
      out << "spend," << csv_field(f.strategies[s]) << ',' << f.categories[c];
      for (const QuantileRange& r : f.spend[s][c])
        out << ',' << number(r.p10) << ',' << number(r.median) << ',' << number(r.p90);
      out << '\n';
    }
  for (const StrategyComparison& c : f.comparisons) {
    // spend_differences: each category's years in order, as compare adds them.
    for (std::size_t k = 0; k < c.spend_differences.size(); k += f.years.size()) {
      out << "difference from base," << csv_field(c.strategy) << ','
          << c.spend_differences[k].measure;
      for (std::size_t y = 0; y < f.years.size(); ++y) {
        const Difference& d = c.spend_differences[k + y];
        out << ',' << number(d.p10) << ',' << number(d.median) << ',' << number(d.p90);
      }
      out << '\n';
    }
  }
}

}  // namespace wfsim
