#include "wfsim/analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "wfsim/errors.hpp"
#include "wfsim/stats/quantile_sketch.hpp"

namespace wfsim {

namespace {

//! Replications read at once: the results file's chunk height, so each chunk is read once.
constexpr std::uint64_t BLOCK = 1024;

//! Whether two values are the same but for rounding in the last bits (sums of many doubles
//! in a different order): a difference this small is no difference.
bool same(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

std::size_t index_of(const std::vector<std::string>& labels, const std::string& label,
                     const std::string& what) {
  const auto it = std::find(labels.begin(), labels.end(), label);
  if (it == labels.end()) throw UserError("the results have no " + what + " '" + label + "'");
  return static_cast<std::size_t>(it - labels.begin());
}

//! One category of a trajectory dataset in both strategies, read block by block.
struct PairedSeries {
  const ResultsReader& results;
  std::string base, strategy, name;
  std::size_t category = 0, times = 0;
  std::vector<double> a, b;       // the current block: [row][time], base and strategy
  bool may_be_undefined = false;  // NaN where the result has no value (turnover of nobody)

  PairedSeries(const ResultsReader& r, std::string base_name, std::string strategy_name,
               std::string dataset, const std::string& category_label, bool undefined_allowed)
      : results(r),
        base(std::move(base_name)),
        strategy(std::move(strategy_name)),
        name(std::move(dataset)),
        may_be_undefined(undefined_allowed) {
    const ResultsArray la = results.layout(base, name), lb = results.layout(strategy, name);
    if (la.dims != lb.dims || la.shape != lb.shape)
      throw UserError("damaged results file: '" + name + "' has another shape in strategy '" +
                      strategy + "' than in '" + base + "'");
    if (la.shape.size() != 3 || la.dims[1] != "replication")
      throw UserError("damaged results file: 'strategies/" + base + "/" + name +
                      "' is not laid out as category, replication, time");
    if (la.shape[1] != static_cast<std::uint64_t>(results.replications()))
      throw UserError("damaged results file: 'strategies/" + base + "/" + name + "' holds " +
                      std::to_string(la.shape[1]) + " replications, the file says " +
                      std::to_string(results.replications()));
    category = index_of(results.axis_labels(base, la.dims[0]), category_label, la.dims[0]);
    times = la.shape[2];
  }
  void load(std::uint64_t first, std::uint64_t count) {
    a = results.read_rows(base, name, category, first, count);
    b = results.read_rows(strategy, name, category, first, count);
    // These results are numbers in every replication of a sound file, but for those with no
    // value in some futures (turnover in a year with nobody in post).
    auto sound = [&](double v) { return std::isfinite(v) || (may_be_undefined && std::isnan(v)); };
    for (const auto* rows : {&a, &b})
      if (!std::all_of(rows->begin(), rows->end(), sound))
        throw UserError("damaged results file: dataset 'strategies/" +
                        (rows == &a ? base : strategy) + "/" + name +
                        "' holds a value that is not a number");
  }
  double base_at(std::size_t row, std::size_t t) const { return a[row * times + t]; }
  double other_at(std::size_t row, std::size_t t) const { return b[row * times + t]; }
};

//! The distribution of one paired difference, built a replication at a time.
struct DifferenceSketch {
  Difference d;
  QuantileSketch sketch;
  double better = 0, tie = 0, undefined = 0;
  bool lower_is_better = false;

  void add(double base, double other) {
    if (std::isnan(base) || std::isnan(other)) {
      undefined += 1;
      return;
    }
    const double diff = other - base;
    sketch.add(diff);
    if (same(base, other))
      tie += 1;
    else
      better += lower_is_better ? diff < 0 : diff > 0;
  }
  Difference finish() {
    const double n = static_cast<double>(sketch.count()) + undefined;
    d.chance_better = better / n;
    d.chance_same = tie / n;
    d.chance_undefined = undefined / n;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const bool any = sketch.count() > 0;
    d.p10 = any ? sketch.quantile(0.1) : nan;
    d.median = any ? sketch.quantile(0.5) : nan;
    d.p90 = any ? sketch.quantile(0.9) : nan;
    return d;
  }
};

//! Welford's running mean and variance.
struct RunningVariance {
  double n = 0, mean = 0, m2 = 0;
  void add(double x) {
    n += 1;
    const double delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  double variance() const { return n > 1 ? m2 / (n - 1) : 0; }
};

//! The paired difference in the present value of total spend, strategy minus base.
Difference present_value_difference(const ResultsReader& results, const std::string& base,
                                    const std::string& strategy) {
  const ResultsArray a = results.read(base, "present_value"),
                     b = results.read(strategy, "present_value");
  const auto categories = results.axis_labels(base, "cost_category");
  const std::uint64_t reps = static_cast<std::uint64_t>(results.replications());
  if (a.dims != b.dims || a.shape != b.shape || a.shape.size() != 2 ||
      a.shape[0] != categories.size() || a.shape[1] != reps)
    throw UserError(
        "damaged results file: 'present_value' is not laid out as cost category, "
        "replication in both '" +
        base + "' and '" + strategy + "'");
  const std::size_t total = index_of(categories, "total", "cost category");
  DifferenceSketch sketch;
  sketch.d.measure = "present value of spend";
  sketch.d.units = "GBP";
  sketch.lower_is_better = true;
  for (std::uint64_t r = 0; r < reps; ++r) {
    const double x = a.values[total * reps + r], y = b.values[total * reps + r];
    if (!std::isfinite(x) || !std::isfinite(y))
      throw UserError("damaged results file: 'present_value' holds a value that is not a number");
    sketch.add(x, y);
  }
  return sketch.finish();
}

StrategyComparison compare_one(const ResultsReader& results, const std::string& base,
                               const std::string& strategy, std::size_t t,
                               const std::vector<std::string>& months,
                               const std::vector<std::string>& years,
                               const std::vector<double>& months_in_year) {
  StrategyComparison c;
  c.strategy = strategy;
  std::vector<PairedSeries> series;
  std::vector<DifferenceSketch> sketches;
  // Each difference reads one category of one dataset at one time.
  struct Link {
    std::size_t series, time;
  };
  std::vector<Link> links;
  auto add = [&](const std::string& dataset, const std::string& category,
                 const std::string& measure, const std::string& units, bool lower_is_better,
                 bool yearly) {
    // A series asked for twice (total and agency spend, headline and by category) is read once.
    PairedSeries wanted(results, base, strategy, dataset, category, dataset == "turnover");
    std::size_t k = 0;
    while (k < series.size() &&
           !(series[k].name == wanted.name && series[k].category == wanted.category))
      ++k;
    if (k == series.size()) series.push_back(std::move(wanted));
    if (series[k].times != (yearly ? years.size() : months.size()))
      throw UserError("damaged results file: '" + dataset + "' does not span the " +
                      (yearly ? "financial years" : "months") + " of the horizon");
    const std::size_t from = yearly ? 0 : t, to = yearly ? years.size() : t + 1;
    for (std::size_t w = from; w < to; ++w) {
      DifferenceSketch s;
      s.d.measure = measure;
      s.d.units = units;
      s.d.when = yearly ? years[w] : months[w];
      s.d.part_year = yearly && months_in_year[w] < 12;
      s.lower_is_better = lower_is_better;
      sketches.push_back(std::move(s));
      links.push_back({k, w});
    }
  };
  add("fte_in_post", "all", "FTE in post", "FTE", false, false);
  add("agency_fte", "all", "agency FTE", "FTE", true, false);
  add("vacancy_rate", "all", "vacancy rate", "ratio", true, false);
  add("cumulative_cost", "total", "spend so far", "GBP", true, false);
  add("spend_by_financial_year", "total", "spend in the year", "GBP", true, true);
  add("spend_by_financial_year", "agency", "agency spend in the year", "GBP", true, true);
  const std::size_t cumulative = 3;
  // Files written before permanence and turnover were results of their own lack them.
  if (results.has_dataset(base, "permanence"))
    add("permanence", "all", "permanence", "ratio", false, false);
  if (results.has_dataset(base, "turnover"))
    add("turnover", "all", "turnover in the year", "ratio", true, true);
  const std::size_t headline = sketches.size();
  // Every cost category by financial year, for the finance tables (not printed by compare).
  for (const std::string& category : results.axis_labels(base, "cost_category"))
    add("spend_by_financial_year", category, category, "GBP", true, true);
  // Spend so far at the end of every month (not printed by compare): the report's chart of
  // it, and the difference by the end of a financial plan.
  const std::size_t path = sketches.size();
  for (std::size_t m = 0; m < months.size(); ++m) {
    DifferenceSketch s;
    s.d.measure = "spend so far";
    s.d.units = "GBP";
    s.d.when = months[m];
    s.lower_is_better = true;
    sketches.push_back(std::move(s));
    links.push_back({cumulative, m});
  }

  const auto n = static_cast<std::uint64_t>(results.replications());
  const std::size_t last = months.size() - 1;
  QuantileSketch even_months;
  double same_count = 0, from_start = 0, never = 0;
  std::size_t first_difference = months.size();
  RunningVariance paired, unpaired;
  double base_total_first = 0, pending_other = 0;  // the unpaired pairs (r, r + 1), wrapping
  std::vector<double> lower(months.size(), 0.0);   // futures with spend so far below the base's
  for (std::uint64_t first = 0; first < n; first += BLOCK) {
    const std::uint64_t count = std::min(BLOCK, n - first);
    for (auto& s : series) s.load(first, count);
    for (std::size_t k = 0; k < sketches.size(); ++k)
      for (std::size_t row = 0; row < count; ++row)
        sketches[k].add(series[links[k].series].base_at(row, links[k].time),
                        series[links[k].series].other_at(row, links[k].time));
    const PairedSeries& cum = series[cumulative];
    for (std::size_t row = 0; row < count; ++row) {
      // Break-even: after the last month in which the strategy's spend so far is above the
      // base's. Before the strategy changes anything both are the same, so a strategy that
      // never costs more is cheaper from the start, not "even" before it began.
      std::size_t above = months.size();  // none
      bool differs = false;
      for (std::size_t m = 0; m <= last; ++m) {
        const double a = cum.base_at(row, m), b = cum.other_at(row, m);
        if (same(a, b)) continue;
        lower[m] += b < a;
        differs = true;
        first_difference = std::min(first_difference, m);
        if (b > a) above = m;
      }
      if (!differs)
        same_count += 1;
      else if (above == months.size())
        from_start += 1;
      else if (above == last)
        never += 1;
      else
        even_months.add(static_cast<double>(above + 1));

      // Common random numbers at work: paired against unpaired differences in total spend.
      const double a = cum.base_at(row, last), b = cum.other_at(row, last);
      paired.add(b - a);
      if (first + row == 0)
        base_total_first = a;
      else
        unpaired.add(pending_other - a);
      pending_other = b;
    }
  }
  unpaired.add(pending_other - base_total_first);

  for (std::size_t k = 0; k < sketches.size(); ++k)
    (k < headline ? c.differences
     : k < path   ? c.spend_differences
                  : c.spend_so_far)
        .push_back(sketches[k].finish());
  const double reps = static_cast<double>(n);
  BreakEven& be = c.break_even;
  be.first_difference = first_difference < months.size() ? months[first_difference] : "";
  be.share_same = same_count / reps;
  be.share_from_start = from_start / reps;
  be.share_never = never / reps;
  be.share_later = static_cast<double>(even_months.count()) / reps;
  if (even_months.count() > 0) {
    auto label = [&](double p) {
      return months[static_cast<std::size_t>(std::lround(even_months.quantile(p)))];
    };
    be.p10 = label(0.1);
    be.median = label(0.5);
    be.p90 = label(0.9);
  }
  Payback& pay = c.payback;
  for (std::size_t m = months.size(); m-- > 0 && lower[m] > reps / 2;) pay.month = months[m];
  pay.chance = be.share_from_start + be.share_later;
  pay.present_value = present_value_difference(results, base, strategy);
  const double vp = paired.variance();
  c.precision_gain = n > 2 && vp > 0 ? unpaired.variance() / vp : 0;
  return c;
}

}  // namespace

std::vector<StrategyComparison> compare_strategies(const ResultsReader& results,
                                                   const std::string& at, const std::string& base) {
  if (!results.has_dataset(base, "headcount"))
    throw UserError(
        "comparing strategies needs every replication's results: run again "
        "without --summary-only");
  const auto months = results.axis_labels(base, "month");
  const auto years = results.axis_labels(base, "financial_year");
  if (months.empty() || years.empty())
    throw UserError("damaged results file: '" + results.path() + "' has no months");
  const ResultsArray months_in_year = results.read(base, "months_in_year");
  if (months_in_year.values.size() != years.size())
    throw UserError("damaged results file: 'strategies/" + base +
                    "/months_in_year' does not match the financial years");
  const std::size_t t = at.empty() ? months.size() - 1 : index_of(months, at, "month");

  std::vector<StrategyComparison> comparisons;
  for (const std::string& strategy : results.strategies()) {
    if (strategy == base) continue;
    if (results.axis_labels(strategy, "month") != months)
      throw UserError("damaged results file: strategy '" + strategy +
                      "' covers other months than '" + base + "'");
    comparisons.push_back(
        compare_one(results, base, strategy, t, months, years, months_in_year.values));
  }
  return comparisons;
}

namespace {

//! How a difference is shown: money in thousands of pounds, ratios in percentage points.
struct Shown {
  double scale;
  const char* unit;
};

Shown shown(const std::string& units) {
  if (units == "GBP") return {1e-3, "GBP thousand"};
  if (units == "ratio") return {100, "percentage points"};
  return {1, units.c_str()};
}

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f", v);
  // A difference that rounds to zero is shown as zero, without a sign.
  return std::string(buf) == "+0.0" || std::string(buf) == "-0.0" ? "0.0" : buf;
}

}  // namespace

void print_comparisons(std::ostream& out, const std::vector<StrategyComparison>& comparisons) {
  char buf[320];
  for (const auto& c : comparisons) {
    out << "\n" << c.strategy << " compared with the base, on the same simulated futures\n";
    if (c.precision_gain > 1) {
      std::snprintf(buf, sizeof buf,
                    "(which makes the difference in total spend %.0f times less variable than "
                    "comparing unrelated futures would)\n",
                    c.precision_gain);
      out << buf;
    }
    out << "Difference strategy minus base: median (P10 to P90); then the share of futures in "
           "which the strategy does better, the same, worse\n";
    bool part = false;
    for (const auto& d : c.differences) {
      const Shown s = shown(d.units);
      const std::string when = d.when + (d.part_year ? "*" : "");
      part = part || d.part_year;
      if (d.chance_same >= 1) {
        std::snprintf(buf, sizeof buf, "  %-26s %-9s no difference in any future\n",
                      d.measure.c_str(), when.c_str());
      } else if (std::isnan(d.median)) {
        std::snprintf(buf, sizeof buf, "  %-26s %-9s not defined in any future (nobody in post)\n",
                      d.measure.c_str(), when.c_str());
      } else {
        std::snprintf(buf, sizeof buf,
                      "  %-26s %-9s %8s (%s to %s) %s   better %3.0f%%, same %3.0f%%, worse "
                      "%3.0f%%\n",
                      d.measure.c_str(), when.c_str(), fixed(d.median * s.scale).c_str(),
                      fixed(d.p10 * s.scale).c_str(), fixed(d.p90 * s.scale).c_str(), s.unit,
                      100 * d.chance_better, 100 * d.chance_same, 100 * d.chance_worse());
        if (d.chance_undefined > 0) {
          // The shares above then leave out the futures with nobody in post.
          std::string line = buf;
          line.pop_back();
          std::snprintf(buf, sizeof buf, "%s, not defined (nobody in post) %.0f%%\n", line.c_str(),
                        100 * d.chance_undefined);
        }
      }
      out << buf;
    }
    if (part) out << "  * part of a financial year: only its months within the horizon\n";
    const BreakEven& be = c.break_even;
    if (be.first_difference.empty()) {
      out << "  Spend is the same as the base's in every future: nothing to break even\n";
      continue;
    }
    std::snprintf(buf, sizeof buf,
                  "  Break-even, counted from %s (the first month the strategy changes spend):\n",
                  be.first_difference.c_str());
    out << buf;
    if (be.share_from_start > 0) {
      std::snprintf(buf, sizeof buf,
                    "    cheaper than the base from the start in %.0f%% of futures\n",
                    100 * be.share_from_start);
      out << buf;
    }
    if (be.share_later > 0) {
      std::snprintf(buf, sizeof buf,
                    "    costs more at first, then breaks even in %.0f%% of futures: median %s "
                    "(P10 %s, P90 %s)\n",
                    100 * be.share_later, be.median.c_str(), be.p10.c_str(), be.p90.c_str());
      out << buf;
    }
    if (be.share_never > 0) {
      std::snprintf(buf, sizeof buf, "    has not broken even by %s in %.0f%% of futures\n",
                    "the end of the horizon", 100 * be.share_never);
      out << buf;
    }
    if (be.share_same > 0) {
      std::snprintf(buf, sizeof buf, "    makes no difference to spend in %.0f%% of futures\n",
                    100 * be.share_same);
      out << buf;
    }
  }
}

}  // namespace wfsim
