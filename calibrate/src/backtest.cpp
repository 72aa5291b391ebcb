// Backtesting: calibrate as at a year, project with the engine, score against later years.
#include "wfsim/calibrate/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <utility>

#include "wfsim/calibrate/scoring.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::calibrate {

namespace {

//! Where a scored measure is in the model's results: family and category.
struct Slot {
  const char* family;
  std::size_t category;
};

Slot slot_of(Measure m) {
  switch (m) {
    case Measure::inpost_fte:
      return {"dfe_fte", 0};
    case Measure::starters_fte:
      return {"dfe_fte", 1};
    case Measure::leavers_fte:
      return {"dfe_fte", 2};
    case Measure::agency_fte:
      return {"dfe_fte", 3};
    case Measure::vacancy_fte:
      return {"dfe_fte", 4};
    case Measure::turnover_rate_fte:
      return {"dfe_rate", 0};
    case Measure::agency_rate_fte:
      return {"dfe_rate", 1};
    case Measure::vacancy_rate_fte:
      return {"dfe_rate", 2};
    case Measure::cases:
      return {"dfe_cases", 0};
    case Measure::caseload_fte:
      return {"dfe_caseload", 0};
    default:
      throw InternalError("backtest: measure not scored");
  }
}

//! Keeps, for each (measure, month) asked for, every replication's value.
class SampleSink : public ResultSink {
 public:
  SampleSink(const Model& model, const std::vector<Measure>& measures,
             const std::vector<int>& months)
      : per_replication_(model.layout().values_per_replication()) {
    for (Measure m : measures)
      for (int t : months) {
        const Slot s = slot_of(m);
        index_.push_back(model.layout().find(s.family).at(s.category, t));
      }
    samples_.resize(index_.size());
  }
  void write_block(std::int64_t, std::int64_t count, std::span<const double> values,
                   const ParallelFor&) override {
    for (std::int64_t r = 0; r < count; ++r)
      for (std::size_t k = 0; k < index_.size(); ++k) {
        const double v = values[static_cast<std::size_t>(r) * per_replication_ + index_[k]];
        if (!std::isnan(v)) samples_[k].push_back(v);
      }
  }
  //! Replications' values of measure `m` (in the order given) at month `t` (likewise).
  std::vector<double>& sample(std::size_t measure, std::size_t month, std::size_t months) {
    return samples_[measure * months + month];
  }

 private:
  std::size_t per_replication_;
  std::vector<std::size_t> index_;
  std::vector<std::vector<double>> samples_;
};

std::string number(double v) {
  if (std::isnan(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string quoted(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

//! The median of the finite values of `v` (NaN if none).
double median_of(std::vector<double> v) {
  std::erase_if(v, [](double x) { return !std::isfinite(x); });
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

BacktestResult backtest(const DfeIndicators& data, const BacktestOptions& options) {
  BacktestResult result;
  result.as_at = options.as_at;
  std::vector<int> later;
  for (int y : data.years())
    if (y > options.as_at) later.push_back(y);
  if (later.empty())
    throw UserError(data.source() + " has no year after " + std::to_string(options.as_at) +
                    " to score a projection against; its years run to " +
                    (data.years().empty() ? "none" : std::to_string(data.years().back())));
  std::vector<const Area*> councils;
  if (options.councils.empty()) {
    councils = data.councils();
  } else {
    for (const auto& name : options.councils) councils.push_back(&data.council(name));
  }
  const PooledVariation pooled = pool_variation(data, options.as_at);
  const std::vector<Measure> measures(std::begin(SCORED_MEASURES), std::end(SCORED_MEASURES));
  const YearMonth start{options.as_at, 10};  // calibrated scenarios start in October

  std::size_t done = 0;
  for (const Area* council : councils) {
    Calibration cal;
    try {
      CalibrateOptions co;
      co.as_at = options.as_at;
      co.horizon_months = options.horizon_months;
      co.replications = options.replications;
      co.seed = options.seed;
      cal = calibrate_council(data, *council, pooled, co);
    } catch (const UserError& e) {
      if (!options.councils.empty()) throw;
      result.skipped.push_back(council->name + ": " + e.what());
      if (options.progress) options.progress(++done, councils.size());
      continue;
    }
    // As `wfsim calibrate` does: a calibrated scenario that does not load is a bug.
    Scenario scenario;
    try {
      scenario = load_scenario_text(cal.scenario, "calibrated " + council->name);
    } catch (const ScenarioError& e) {
      throw InternalError(std::string("calibrate wrote a scenario that does not load: ") +
                          e.what());
    }
    const Model model(std::move(scenario));
    std::vector<int> years, months;
    for (int y : later) {
      const int t = (y - start.year) * 12 + (9 - start.month);
      if (t < model.scenario().horizon_months && council->year(y)) {
        years.push_back(y);
        months.push_back(t);
      }
    }
    SampleSink sink(model, measures, months);
    RunOptions run;
    run.replications = options.replications;
    run.seed = options.seed;
    run.threads = options.threads;
    run_replications(model, run, &sink);
    const YearFigures& now = *council->year(options.as_at);
    for (std::size_t m = 0; m < measures.size(); ++m)
      for (std::size_t k = 0; k < years.size(); ++k) {
        const auto actual = council->year(years[k])->value(measures[m]);
        auto& values = sink.sample(m, k, months.size());
        if (!actual || values.empty()) continue;
        const std::vector<double> sorted = sorted_sample(std::move(values));
        BacktestScore s;
        s.council = council->name;
        s.code = council->code;
        s.measure = measures[m];
        s.year = years[k];
        s.years_ahead = years[k] - options.as_at;
        s.actual = *actual;
        s.last = now.value(measures[m]).value_or(std::nan(""));
        s.p5 = quantile(sorted, 0.05);
        s.p10 = quantile(sorted, 0.10);
        s.p50 = quantile(sorted, 0.50);
        s.p90 = quantile(sorted, 0.90);
        s.p95 = quantile(sorted, 0.95);
        double mean = 0;
        for (double v : sorted) mean += v / static_cast<double>(sorted.size());
        s.mean = mean;
        s.within_80 = within(sorted, 0.10, 0.90, s.actual);
        s.within_90 = within(sorted, 0.05, 0.95, s.actual);
        s.error_median = absolute_percentage_error(s.p50, s.actual);
        s.error_last = absolute_percentage_error(s.last, s.actual);
        s.crps = crps(sorted, s.actual);
        result.scores.push_back(s);
      }
    ++result.councils;
    if (options.progress) options.progress(++done, councils.size());
  }
  return result;
}

std::string backtest_csv(const BacktestResult& result) {
  std::ostringstream out;
  out << "council,new_la_code,measure,as_at,year,years_ahead,actual,last_year,p5,p10,p50,p90,"
         "p95,mean,within_p10_p90,within_p5_p95,ape_median_percent,ape_last_year_percent,"
         "crps\n";
  for (const auto& s : result.scores)
    out << quoted(s.council) << "," << s.code << "," << column_name(s.measure) << ","
        << result.as_at << "," << s.year << "," << s.years_ahead << "," << number(s.actual) << ","
        << number(s.last) << "," << number(s.p5) << "," << number(s.p10) << "," << number(s.p50)
        << "," << number(s.p90) << "," << number(s.p95) << "," << number(s.mean) << ","
        << s.within_80 << "," << s.within_90 << "," << number(s.error_median) << ","
        << number(s.error_last) << "," << number(s.crps) << "\n";
  return out.str();
}

std::string backtest_summary(const BacktestResult& result) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-18s %6s %9s %9s %13s %13s %10s\n", "measure", "scored",
                "P10-P90", "P5-P95", "median error", "last year's", "CRPS ratio");
  out << line;
  auto row = [&](const std::string& name, const std::vector<const BacktestScore*>& rows) {
    if (rows.empty()) return;
    double in80 = 0, in90 = 0, crps = 0, naive = 0;
    std::vector<double> errors, last_errors;
    for (const auto* s : rows) {
      in80 += s->within_80;
      in90 += s->within_90;
      errors.push_back(s->error_median);
      if (!std::isnan(s->last)) {
        last_errors.push_back(s->error_last);
        crps += s->crps;
        naive += std::abs(s->last - s->actual);
      }
    }
    const double n = static_cast<double>(rows.size());
    std::snprintf(line, sizeof line, "%-18s %6zu %8.0f%% %8.0f%% %12.1f%% %12.1f%% %10.2f\n",
                  name.c_str(), rows.size(), 100 * in80 / n, 100 * in90 / n, median_of(errors),
                  median_of(last_errors), naive > 0 ? crps / naive : std::nan(""));
    out << line;
  };
  std::vector<const BacktestScore*> all;
  for (Measure m : SCORED_MEASURES) {
    std::vector<const BacktestScore*> rows;
    for (const auto& s : result.scores)
      if (s.measure == m) rows.push_back(&s);
    row(std::string(column_name(m)), rows);
    all.insert(all.end(), rows.begin(), rows.end());
  }
  row("all", all);
  out << "P10-P90 should hold the actual 80% of the time and P5-P95 90%; errors are the median "
         "over councils and years of |forecast - actual| / actual; the CRPS ratio is the mean "
         "CRPS over the mean error of carrying the last year forward (below 1: better).\n";
  return out.str();
}

}  // namespace wfsim::calibrate
