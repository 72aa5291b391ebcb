#include "wfsim/analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

//! Quantile p of `v` (sorted in place), numpy's default interpolation.
double quantile(std::vector<double>& v, double p) {
  std::sort(v.begin(), v.end());
  const double rank = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (rank - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

//! One replication-by-month table of a result's category: values[rep][month].
struct Series {
  std::size_t reps = 0, times = 0;
  std::vector<double> values;
  double at(std::size_t rep, std::size_t t) const { return values[rep * times + t]; }
};

Series series(const ResultsReader& results, const std::string& strategy, const std::string& name,
              std::size_t category) {
  const ResultsArray a = results.read(strategy, name);
  Series s;
  s.reps = a.shape[a.shape.size() - 2];
  s.times = a.shape.back();
  const auto first = a.values.begin() + static_cast<std::ptrdiff_t>(category * s.reps * s.times);
  s.values.assign(first, first + static_cast<std::ptrdiff_t>(s.reps * s.times));
  return s;
}

Difference difference(const Series& base, const Series& other, std::size_t t,
                      const std::string& measure, const std::string& when, bool lower_is_better) {
  std::vector<double> d;
  double better = 0;
  for (std::size_t r = 0; r < base.reps; ++r) {
    d.push_back(other.at(r, t) - base.at(r, t));
    better += lower_is_better ? d.back() < 0 : d.back() > 0;
  }
  Difference out{measure, when, 0, 0, 0, better / static_cast<double>(base.reps)};
  out.p10 = quantile(d, 0.1);
  out.median = quantile(d, 0.5);
  out.p90 = quantile(d, 0.9);
  return out;
}

std::size_t index_of(const std::vector<std::string>& labels, const std::string& label,
                     const std::string& what) {
  const auto it = std::find(labels.begin(), labels.end(), label);
  if (it == labels.end()) throw UserError("the results have no " + what + " '" + label + "'");
  return static_cast<std::size_t>(it - labels.begin());
}

}  // namespace

std::vector<StrategyComparison> compare_strategies(const ResultsReader& results,
                                                   const std::string& at, const std::string& base) {
  const auto names = results.datasets(base);
  if (std::find(names.begin(), names.end(), "headcount") == names.end())
    throw UserError(
        "comparing strategies needs every replication's results: run again "
        "without --summary-only");
  const auto months = results.axis_labels(base, "month");
  const auto years = results.axis_labels(base, "financial_year");
  const auto groups = results.axis_labels(base, "group");
  const auto costs = results.axis_labels(base, "cost_category");
  const std::size_t t = at.empty() ? months.size() - 1 : index_of(months, at, "month");
  const std::size_t all = groups.size() - 1;
  const std::size_t total = index_of(costs, "total", "cost category");
  const std::size_t agency = index_of(costs, "agency", "cost category");

  std::vector<StrategyComparison> comparisons;
  for (const std::string& strategy : results.strategies()) {
    if (strategy == base) continue;
    StrategyComparison c{strategy, {}, {}};
    auto monthly = [&](const std::string& name, std::size_t category, const std::string& measure,
                       bool lower_is_better) {
      c.differences.push_back(difference(series(results, base, name, category),
                                         series(results, strategy, name, category), t, measure,
                                         months[t], lower_is_better));
    };
    monthly("fte_in_post", all, "FTE in post", false);
    monthly("agency_fte", all, "agency FTE", true);
    monthly("vacancy_rate", all, "vacancy rate", true);
    monthly("cumulative_cost", total, "spend so far (GBP)", true);
    const Series spend_base = series(results, base, "spend_by_financial_year", total);
    const Series spend_other = series(results, strategy, "spend_by_financial_year", total);
    const Series agency_base = series(results, base, "spend_by_financial_year", agency);
    const Series agency_other = series(results, strategy, "spend_by_financial_year", agency);
    for (std::size_t y = 0; y < years.size(); ++y) {
      c.differences.push_back(
          difference(spend_base, spend_other, y, "spend (GBP)", years[y], true));
      c.differences.push_back(
          difference(agency_base, agency_other, y, "agency spend (GBP)", years[y], true));
    }

    // Break-even: the first month from which the strategy's cumulative spend stays at or
    // below the base's to the horizon.
    const Series cum_base = series(results, base, "cumulative_cost", total);
    const Series cum_other = series(results, strategy, "cumulative_cost", total);
    std::vector<double> months_even;
    for (std::size_t r = 0; r < cum_base.reps; ++r) {
      std::size_t first = cum_base.times;
      for (std::size_t m = cum_base.times; m-- > 0;) {
        if (cum_other.at(r, m) > cum_base.at(r, m)) break;
        first = m;
      }
      if (first < cum_base.times) months_even.push_back(static_cast<double>(first));
    }
    c.break_even.share =
        static_cast<double>(months_even.size()) / static_cast<double>(cum_base.reps);
    {
      // Common random numbers at work: paired against unpaired differences in total spend.
      const std::size_t last = cum_base.times - 1, n = cum_base.reps;
      auto variance = [](const std::vector<double>& v) {
        double m = 0, s = 0;
        for (double e : v) m += e / static_cast<double>(v.size());
        for (double e : v) s += (e - m) * (e - m);
        return s / static_cast<double>(v.size() - 1);
      };
      std::vector<double> paired, unpaired;
      for (std::size_t r = 0; r < n; ++r) {
        paired.push_back(cum_other.at(r, last) - cum_base.at(r, last));
        unpaired.push_back(cum_other.at(r, last) - cum_base.at((r + 1) % n, last));
      }
      const double vp = n > 2 ? variance(paired) : 0;
      c.precision_gain = vp > 0 ? variance(unpaired) / vp : 0;
    }
    if (!months_even.empty()) {
      auto label = [&](double p) {
        return months[static_cast<std::size_t>(std::lround(quantile(months_even, p)))];
      };
      c.break_even.p10 = label(0.1);
      c.break_even.median = label(0.5);
      c.break_even.p90 = label(0.9);
    }
    comparisons.push_back(std::move(c));
  }
  return comparisons;
}

void print_comparisons(std::ostream& out, const std::vector<StrategyComparison>& comparisons) {
  char buf[256];
  for (const auto& c : comparisons) {
    out << "\n" << c.strategy << " compared with the base, on the same simulated futures\n";
    if (c.precision_gain > 1)
      out << "(which makes the difference in total spend " << static_cast<int>(c.precision_gain)
          << " times less variable than comparing unrelated futures would)\n";
    out << "(difference strategy minus base: median, P10 to P90; chance the strategy does "
           "better)\n";
    for (const auto& d : c.differences) {
      const bool money = d.measure.find("GBP") != std::string::npos;
      const bool rate = d.measure.find("rate") != std::string::npos;
      const double scale = money ? 1e-3 : rate ? 100 : 1;
      const char* unit = money ? "k" : rate ? " points" : "";
      std::snprintf(buf, sizeof buf, "  %-22s %-8s %+9.1f%s (%+.1f to %+.1f)   %3.0f%%\n",
                    d.measure.c_str(), d.when.c_str(), d.median * scale, unit, d.p10 * scale,
                    d.p90 * scale, 100 * d.chance_better);
      out << buf;
    }
    if (c.break_even.share > 0)
      std::snprintf(buf, sizeof buf,
                    "  Spend breaks even with the base in %.0f%% of futures: median %s (P10 %s, "
                    "P90 %s)\n",
                    100 * c.break_even.share, c.break_even.median.c_str(), c.break_even.p10.c_str(),
                    c.break_even.p90.c_str());
    else
      std::snprintf(buf, sizeof buf,
                    "  Spend does not break even with the base within the horizon\n");
    out << buf;
  }
}

}  // namespace wfsim
