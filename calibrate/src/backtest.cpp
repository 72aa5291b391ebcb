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
      // The message names the council; the file is the one being backtested.
      std::string reason = e.what();
      if (reason.rfind(data.source() + ": ", 0) == 0) reason.erase(0, data.source().size() + 2);
      result.skipped.push_back(reason);
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

namespace {

//! Share of `rows` whose interval held the actual, and how many there are.
struct Coverage {
  double p80 = 0, p90 = 0;
  std::size_t n = 0;
};

Coverage coverage(const std::vector<const BacktestScore*>& rows) {
  Coverage c;
  for (const auto* s : rows) {
    c.p80 += s->within_80;
    c.p90 += s->within_90;
  }
  c.n = rows.size();
  if (c.n > 0) c.p80 /= static_cast<double>(c.n), c.p90 /= static_cast<double>(c.n);
  return c;
}

std::string escaped(const std::string& s) {
  std::string o;
  for (char c : s)
    o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return o;
}

std::string format(const char* pattern, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, pattern, v);
  return buf;
}

}  // namespace

std::string backtest_html(const BacktestResult& result, const std::string& data_source) {
  // Rows of the chart: each measure, one year ahead and two or more.
  struct Row {
    std::string label;
    Coverage c;
  };
  std::vector<Row> rows;
  for (Measure m : SCORED_MEASURES)
    for (int ahead : {1, 2}) {
      std::vector<const BacktestScore*> picked;
      for (const auto& s : result.scores)
        if (s.measure == m && (ahead == 1 ? s.years_ahead == 1 : s.years_ahead >= 2))
          picked.push_back(&s);
      if (!picked.empty())
        rows.push_back(
            {std::string(column_name(m)) + (ahead == 1 ? ", 1 year ahead" : ", 2+ years ahead"),
             coverage(picked)});
    }
  const double L = 230, R = 20, T = 40, B = 40, row_h = 18, W = 760;
  const double H = T + B + row_h * static_cast<double>(rows.size());
  auto x = [&](double share) { return L + (W - L - R) * share; };
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + format("%g", W) + " " +
                    format("%g", H) + "\" role=\"img\" aria-label=\"Coverage by measure\">";
  svg += "<text x=\"" + format("%g", L) +
         "\" y=\"18\" class=\"title\">How often the range held "
         "what happened</text>";
  for (int pct = 50; pct <= 100; pct += 10) {
    const double xx = x((pct - 50) / 50.0);
    svg += "<line class=\"grid\" x1=\"" + format("%.1f", xx) + "\" y1=\"" + format("%g", T) +
           "\" x2=\"" + format("%.1f", xx) + "\" y2=\"" + format("%g", H - B) + "\"/>";
    svg += "<text class=\"xlab\" x=\"" + format("%.1f", xx) + "\" y=\"" + format("%g", H - B + 16) +
           "\">" + std::to_string(pct) + "%</text>";
  }
  // Where the ranges should be: 80% for P10-P90, 90% for P5-P95.
  for (const auto& [share, colour] : {std::pair{0.8, "#1b6ca8"}, {0.9, "#c0392b"}}) {
    const double xx = x((share - 0.5) / 0.5);
    svg += "<line x1=\"" + format("%.1f", xx) + "\" y1=\"" + format("%g", T - 6) + "\" x2=\"" +
           format("%.1f", xx) + "\" y2=\"" + format("%g", H - B) + "\" stroke=\"" + colour +
           "\" stroke-dasharray=\"4 3\"/>";
  }
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const double y = T + row_h * (static_cast<double>(k) + 0.5);
    svg += "<text class=\"ylab\" x=\"" + format("%g", L - 8) + "\" y=\"" + format("%.1f", y + 4) +
           "\">" + escaped(rows[k].label) + "</text>";
    auto dot = [&](double share, const char* colour, const char* what) {
      const double clamped = std::clamp((share - 0.5) / 0.5, 0.0, 1.0);
      svg += "<circle class=\"coverage\" cx=\"" + format("%.1f", x(clamped)) + "\" cy=\"" +
             format("%.1f", y) + "\" r=\"5\" fill=\"" + colour + "\"><title>" + what + ": " +
             format("%.0f", 100 * share) + "% of " + std::to_string(rows[k].c.n) +
             "</title></circle>";
    };
    dot(rows[k].c.p80, "#1b6ca8", "P10-P90");
    dot(rows[k].c.p90, "#c0392b", "P5-P95");
  }
  svg += "<text class=\"axistitle\" x=\"" + format("%g", (L + W - R) / 2) + "\" y=\"" +
         format("%g", H - 6) +
         "\">share of councils and years whose actual lay in the range</text>";
  svg += "</svg>";

  std::ostringstream out;
  out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Backtest as at "
      << result.as_at
      << "</title><style>"
         "body{font-family:sans-serif;max-width:800px;margin:2em auto;color:#222;line-height:1.4}"
         "h1{font-size:1.6em}table{border-collapse:collapse;font-size:.85em;margin:.5em 0}"
         "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f2f2f2}"
         "td.l,th.l{text-align:left}.chart{width:100%;height:auto;margin:.5em 0}"
         ".title{font-weight:bold;font-size:14px}.grid{stroke:#e5e5e5}"
         ".ylab{font-size:11px;text-anchor:end}.xlab{font-size:11px;text-anchor:middle}"
         ".axistitle{font-size:11px;fill:#555;text-anchor:middle}"
         ".key span{display:inline-block;width:12px;height:12px;border-radius:6px;margin:0 4px 0 "
         "12px}"
         "@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}"
         ".chart,table{break-inside:avoid}}</style></head><body>\n";
  out << "<h1>Backtest: calibrated as at " << result.as_at << ", scored on the years after</h1>\n"
      << "<p>" << result.councils << " councils of " << escaped(data_source)
      << " were calibrated with their figures up to September " << result.as_at
      << " only, projected, and compared with what the file records for the years after. "
         "A range is honest when P10&ndash;P90 holds the actual 80% of the time and "
         "P5&ndash;P95 90%.</p>\n"
      << "<p class=\"key\"><span style=\"background:#1b6ca8\"></span>P10&ndash;P90 (should be "
         "80%)<span style=\"background:#c0392b\"></span>P5&ndash;P95 (should be 90%)</p>\n"
      << svg
      << "\n<table><tr><th class=\"l\">measure</th><th>scored</th><th>P10&ndash;P90</th>"
         "<th>P5&ndash;P95</th><th>median error</th><th>carrying the last year forward</th></tr>\n";
  std::vector<const BacktestScore*> all;
  auto table_row = [&](const std::string& name, const std::vector<const BacktestScore*>& rows_of) {
    if (rows_of.empty()) return;
    const Coverage c = coverage(rows_of);
    std::vector<double> errors, last;
    for (const auto* s : rows_of) {
      errors.push_back(s->error_median);
      if (!std::isnan(s->last)) last.push_back(s->error_last);
    }
    out << "<tr><td class=\"l\">" << escaped(name) << "</td><td>" << c.n << "</td><td>"
        << format("%.0f%%", 100 * c.p80) << "</td><td>" << format("%.0f%%", 100 * c.p90)
        << "</td><td>" << format("%.1f%%", median_of(errors)) << "</td><td>"
        << format("%.1f%%", median_of(last)) << "</td></tr>\n";
  };
  for (Measure m : SCORED_MEASURES) {
    std::vector<const BacktestScore*> rows_of;
    for (const auto& s : result.scores)
      if (s.measure == m) rows_of.push_back(&s);
    table_row(std::string(column_name(m)), rows_of);
    all.insert(all.end(), rows_of.begin(), rows_of.end());
  }
  table_row("all", all);
  out << "</table>\n<p>Errors are the median over councils and years of |forecast &minus; "
         "actual| / actual, for the projection's median and for carrying the as-at year's "
         "figure forward.</p>\n</body></html>\n";
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
