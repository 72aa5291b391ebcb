#include "wfsim/analysis/export_csv.hpp"

#include "wfsim/analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace wfsim {

namespace {

const std::set<std::string> TIME_AXES = {"month", "financial_year", "months_after_qualifying"};

//! A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string number(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void export_csv(const ResultsReader& results, std::ostream& out) {
  out << "strategy,metric,category,period,statistic,value,units\n";
  for (const std::string& strategy : results.strategies()) {
    const auto names = results.datasets(strategy);
    const std::set<std::string> present(names.begin(), names.end());
    const std::vector<std::string> levels = results.axis_labels(strategy, "quantile");
    for (const std::string& name : names) {
      const std::string suffix = "_quantiles";
      if (name.size() <= suffix.size() ||
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string metric = name.substr(0, name.size() - suffix.size());
      const std::string units = results.dataset_attribute(strategy, metric + "_mean", "units");

      // The mean's axes: a category axis, a time axis, both or neither.
      std::vector<std::string> categories = {""}, periods = {""};
      for (const std::string& dim : results.dimensions(strategy, metric + "_mean"))
        (TIME_AXES.count(dim) ? periods : categories) = results.axis_labels(strategy, dim);

      auto rows = [&](const std::string& statistic, const std::vector<double>& values,
                      std::size_t stride, std::size_t offset) {
        // values[(c * stride + offset) * periods + p]
        for (std::size_t c = 0; c < categories.size(); ++c)
          for (std::size_t p = 0; p < periods.size(); ++p)
            out << field(strategy) << ',' << field(metric) << ',' << field(categories[c]) << ','
                << field(periods[p]) << ',' << statistic << ','
                << number(values[(c * stride + offset) * periods.size() + p]) << ',' << field(units)
                << '\n';
      };
      rows("mean", results.read(strategy, metric + "_mean").values, 1, 0);
      rows("sd", results.read(strategy, metric + "_sd").values, 1, 0);
      const auto quantiles = results.read(strategy, name).values;
      for (std::size_t k = 0; k < levels.size(); ++k) {
        const double percent = std::stod(levels[k]) * 100;
        rows("p" + std::to_string(static_cast<int>(std::lround(percent))), quantiles, levels.size(),
             k);
      }
      if (present.count(metric + "_expected"))
        rows("expected", results.read(strategy, metric + "_expected").values, 1, 0);
    }
  }
}

void export_comparisons_csv(const ResultsReader& results, std::ostream& out) {
  const auto names = results.datasets("base");
  if (std::find(names.begin(), names.end(), "headcount") == names.end()) return;
  for (const StrategyComparison& c : compare_strategies(results, "")) {
    const std::string against = c.strategy + " vs base";
    for (const Difference& d : c.differences) {
      const std::string metric = field("difference:" + d.measure);
      auto row = [&](const std::string& statistic, double v) {
        out << field(c.strategy) << ',' << metric << ',' << field(against) << ',' << d.when << ','
            << statistic << ',' << number(v) << ",\n";
      };
      row("p10", d.p10);
      row("median", d.median);
      row("p90", d.p90);
      row("chance_better", d.chance_better);
    }
    out << field(c.strategy) << ",break_even," << field(against) << ",,share,"
        << number(c.break_even.share) << ",\n";
    for (const auto& [statistic, month] : {std::pair{"p10", c.break_even.p10},
                                           {"median", c.break_even.median},
                                           {"p90", c.break_even.p90}})
      out << field(c.strategy) << ",break_even," << field(against) << ',' << month << ','
          << statistic << ",,\n";
  }
}

}  // namespace wfsim
