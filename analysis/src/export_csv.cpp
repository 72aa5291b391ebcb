#include "wfsim/analysis/export_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "number_format.hpp"
#include "wfsim/analysis/compare.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

const std::set<std::string> TIME_AXES = {"month", "financial_year", "months_after_qualifying"};

//! A value with full precision; one that is not a finite number is left empty.
std::string number(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

[[noreturn]] void damaged(const std::string& strategy, const std::string& dataset,
                          const std::string& what) {
  throw UserError("damaged results file: dataset 'strategies/" + strategy + "/" + dataset + "' " +
                  what);
}

}  // namespace

void for_each_summary_row(const ResultsReader& results,
                          const std::function<void(const SummaryRow&)>& row) {
  for (const std::string& strategy : results.strategies()) {
    const auto names = results.datasets(strategy);
    const std::set<std::string> present(names.begin(), names.end());
    results.check_quantile_levels(strategy);
    const std::vector<std::string> levels = results.axis_labels(strategy, "quantile");
    const auto years = results.axis_labels(strategy, "financial_year");
    const auto months_in_year = results.read(strategy, "months_in_year").values;
    if (months_in_year.size() != years.size())
      damaged(strategy, "months_in_year", "does not match the financial years");
    for (const std::string& name : names) {
      const std::string suffix = "_quantiles";
      if (name.size() <= suffix.size() ||
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string metric = name.substr(0, name.size() - suffix.size());
      const std::string units = results.dataset_attribute(strategy, metric + "_mean", "units");

      // The mean's axes: a category axis, a time axis, both or neither; every other summary
      // must have the same, the quantiles with the quantile axis before time.
      const ResultsArray mean = results.read(strategy, metric + "_mean");
      std::vector<std::string> categories = {""}, periods = {""};
      std::string period_axis;
      std::size_t time_dims = 0;
      for (const std::string& dim : mean.dims) {
        if (TIME_AXES.count(dim)) period_axis = dim, ++time_dims;
        (TIME_AXES.count(dim) ? periods : categories) = results.axis_labels(strategy, dim);
      }
      const bool valid = mean.dims.size() <= 2 && time_dims <= 1 &&
                         (mean.dims.size() < 2 || TIME_AXES.count(mean.dims[1]));
      if (!valid) damaged(strategy, metric + "_mean", "has axes a summary cannot have");
      std::vector<std::string> quantile_dims = mean.dims;
      quantile_dims.insert(quantile_dims.end() - static_cast<std::ptrdiff_t>(time_dims),
                           "quantile");

      auto rows_of = [&](const std::string& statistic, const std::vector<double>& values,
                         std::size_t stride, std::size_t offset) {
        // values[(c * stride + offset) * periods + p]
        for (std::size_t c = 0; c < categories.size(); ++c)
          for (std::size_t p = 0; p < periods.size(); ++p) {
            const bool part = period_axis == "financial_year" && months_in_year[p] < 12;
            row({strategy, metric, categories[c], periods[p], statistic,
                 values[(c * stride + offset) * periods.size() + p], units, part});
          }
      };
      auto summary = [&](const std::string& dataset, const std::vector<std::string>& dims) {
        ResultsArray a = results.read(strategy, dataset);
        if (a.dims != dims) damaged(strategy, dataset, "has other axes than " + metric + "_mean");
        return std::move(a.values);
      };
      rows_of("mean", mean.values, 1, 0);
      rows_of("sd", summary(metric + "_sd", mean.dims), 1, 0);
      const auto quantiles = summary(name, quantile_dims);
      for (std::size_t k = 0; k < levels.size(); ++k) {
        const double percent = std::stod(levels[k]) * 100;
        rows_of("p" + std::to_string(static_cast<int>(std::lround(percent))), quantiles,
                levels.size(), k);
      }
      if (present.count(metric + "_expected"))
        rows_of("expected", summary(metric + "_expected", mean.dims), 1, 0);
    }
  }
}

void export_csv(const ResultsReader& results, std::ostream& out) {
  out << "strategy,metric,category,period,statistic,value,units,part_year\n";
  for_each_summary_row(results, [&](const SummaryRow& r) {
    out << csv_field(r.strategy) << ',' << csv_field(r.metric) << ',' << csv_field(r.category)
        << ',' << csv_field(r.period) << ',' << r.statistic << ',' << number(r.value) << ','
        << csv_field(r.units) << ',' << (r.part_year ? "yes" : "") << '\n';
  });
}

void export_dfe_csv(const ResultsReader& results, std::ostream& out) {
  // The DfE's families and their measures, in the order of the DfE file's columns.
  struct Column {
    std::string family, axis, name;
  };
  const Column columns[] = {{"dfe_fte", "dfe_fte_measure", "inpost_fte"},
                            {"dfe_fte", "dfe_fte_measure", "starters_fte"},
                            {"dfe_fte", "dfe_fte_measure", "leavers_fte"},
                            {"dfe_rate", "dfe_rate_measure", "turnover_rate_fte"},
                            {"dfe_fte", "dfe_fte_measure", "agency_fte"},
                            {"dfe_rate", "dfe_rate_measure", "agency_rate_fte"},
                            {"dfe_fte", "dfe_fte_measure", "vacancy_fte"},
                            {"dfe_rate", "dfe_rate_measure", "vacancy_rate_fte"},
                            {"dfe_fte", "dfe_fte_measure", "case_holders_fte"},
                            {"dfe_cases", "dfe_cases_measure", "cases"},
                            {"dfe_caseload", "dfe_caseload_measure", "caseload_fte"}};
  const auto strategies = results.strategies();
  if (strategies.empty() || !results.has_dataset(strategies.front(), "dfe_fte_mean"))
    throw UserError(results.path() +
                    " has no measures as the DfE counts them: add `dfe_return:` to the "
                    "scenario (docs/scenario-reference.md) and run it again");
  const std::int64_t snapshot =
      results.has_attribute("dfe_snapshot_month") ? results.int_attribute("dfe_snapshot_month") : 9;
  out << "strategy,time_period,snapshot,statistic";
  for (const Column& column : columns) out << ',' << column.name;
  out << '\n';
  for (const std::string& strategy : strategies) {
    results.check_quantile_levels(strategy);
    const auto levels = results.axis_labels(strategy, "quantile");
    const auto months = results.axis_labels(strategy, "month");
    // Each column's mean and quantiles, [statistic][month].
    std::vector<std::vector<std::vector<double>>> values;
    for (const Column& column : columns) {
      const auto categories = results.axis_labels(strategy, column.axis);
      const auto at = std::find(categories.begin(), categories.end(), column.name);
      if (at == categories.end())
        damaged(strategy, column.family + "_mean", "has no " + column.name);
      const auto c = static_cast<std::size_t>(at - categories.begin());
      const ResultsArray mean = results.read(strategy, column.family + "_mean");
      const ResultsArray q = results.read(strategy, column.family + "_quantiles");
      const std::size_t n = months.size();
      if (mean.dims != std::vector<std::string>{column.axis, "month"} ||
          q.dims != std::vector<std::string>{column.axis, "quantile", "month"})
        damaged(strategy, column.family + "_quantiles", "does not have the DfE measures' axes");
      std::vector<std::vector<double>> stats;
      stats.emplace_back(mean.values.begin() + static_cast<std::ptrdiff_t>(c * n),
                         mean.values.begin() + static_cast<std::ptrdiff_t>((c + 1) * n));
      for (std::size_t k = 0; k < levels.size(); ++k) {
        const auto first =
            q.values.begin() + static_cast<std::ptrdiff_t>((c * levels.size() + k) * n);
        stats.emplace_back(first, first + static_cast<std::ptrdiff_t>(n));
      }
      values.push_back(std::move(stats));
    }
    std::vector<std::string> statistics = {"mean"};
    for (const auto& level : levels)
      statistics.push_back("p" +
                           std::to_string(static_cast<int>(std::lround(std::stod(level) * 100))));
    for (std::size_t t = 0; t < months.size(); ++t) {
      const auto month = YearMonth::parse(months[t]);
      if (!month) damaged(strategy, "month", "has a label that is not a month: " + months[t]);
      if (month->month != snapshot) continue;
      for (std::size_t s = 0; s < statistics.size(); ++s) {
        out << csv_field(strategy) << ',' << month->year << ',' << months[t] << ','
            << statistics[s];
        for (const auto& column : values) out << ',' << number(column[s][t]);
        out << '\n';
      }
    }
  }
}

void export_comparisons_csv(const ResultsReader& results, std::ostream& out) {
  if (!results.has_dataset("base", "headcount")) return;
  for (const StrategyComparison& c : compare_strategies(results, "")) {
    const std::string against = c.strategy + " vs base";
    // Spend so far at every month (its row at the month compared among them), and the
    // present value of the difference over the horizon.
    std::vector<Difference> rows;
    for (const Difference& d : c.differences)
      if (d.measure != "spend so far") rows.push_back(d);
    rows.insert(rows.end(), c.spend_so_far.begin(), c.spend_so_far.end());
    rows.push_back(c.payback.present_value);
    rows.back().when = "horizon";
    for (const Difference& d : rows) {
      const std::string metric = csv_field("difference:" + d.measure);
      auto row = [&](const std::string& statistic, double v, const std::string& units) {
        out << csv_field(c.strategy) << ',' << metric << ',' << csv_field(against) << ',' << d.when
            << ',' << statistic << ',' << number(v) << ',' << units << ','
            << (d.part_year ? "yes" : "") << '\n';
      };
      row("p10", d.p10, d.units);
      row("median", d.median, d.units);
      row("p90", d.p90, d.units);
      row("chance_better", d.chance_better, "share");
      row("chance_same", d.chance_same, "share");
      row("chance_worse", d.chance_worse(), "share");
    }
    const BreakEven& be = c.break_even;
    auto share = [&](const std::string& statistic, double v) {
      out << csv_field(c.strategy) << ",break_even," << csv_field(against) << ','
          << be.first_difference << ',' << statistic << ',' << number(v) << ",share,\n";
    };
    share("share_same", be.share_same);
    share("share_cheaper_from_start", be.share_from_start);
    share("share_later", be.share_later);
    share("share_never", be.share_never);
    for (const auto& [statistic, month] :
         {std::pair{"p10", be.p10}, {"median", be.median}, {"p90", be.p90}})
      out << csv_field(c.strategy) << ",break_even," << csv_field(against) << ',' << month << ','
          << statistic << ",,month,\n";
    // Payback: the month from which spend so far is below the base's in most futures (none
    // if it never is), and the chance the strategy has paid for itself by the horizon's last
    // month, the period of that row.
    const std::string last = c.spend_so_far.empty() ? "" : c.spend_so_far.back().when;
    out << csv_field(c.strategy) << ",payback," << csv_field(against) << ',' << c.payback.month
        << ",most_futures_from,,month,\n";
    out << csv_field(c.strategy) << ",payback," << csv_field(against) << ',' << last
        << ",chance_by_horizon," << number(c.payback.chance) << ",share,\n";
  }
}

}  // namespace wfsim
