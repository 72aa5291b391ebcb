#include "wfsim/analysis/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "wfsim/analysis/compare.hpp"
#include "wfsim/model/parameters.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

namespace {

const char* COLOURS[] = {"#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#7f8c8d"};

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

std::string num(const char* pattern, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, pattern, v);
  return buf;
}

//! A measure's summaries for one category: quantiles [level][time] and the time labels.
struct Fan {
  std::vector<std::vector<double>> q;  // levels: p5 p10 p25 p50 p75 p90 p95
  std::vector<std::string> times;
};

Fan fan(const ResultsReader& r, const std::string& strategy, const std::string& metric,
        const std::string& category) {
  Fan f;
  const auto dims = r.dimensions(strategy, metric + "_quantiles");
  f.times = r.axis_labels(strategy, dims.back());
  std::size_t c = 0;
  if (dims.size() == 3) {
    const auto cats = r.axis_labels(strategy, dims.front());
    c = static_cast<std::size_t>(std::find(cats.begin(), cats.end(), category) - cats.begin());
  }
  const auto values = r.read(strategy, metric + "_quantiles").values;
  const std::size_t n = f.times.size();
  for (std::size_t k = 0; k < 7; ++k)
    f.q.emplace_back(values.begin() + static_cast<std::ptrdiff_t>((c * 7 + k) * n),
                     values.begin() + static_cast<std::ptrdiff_t>((c * 7 + k + 1) * n));
  return f;
}

bool has(const ResultsReader& r, const std::string& strategy, const std::string& name) {
  const auto names = r.datasets(strategy);
  return std::find(names.begin(), names.end(), name) != names.end();
}

//! A fan chart: for each strategy the P10-P90 and P25-P75 bands and the median.
std::string chart(const ResultsReader& r, const std::vector<std::string>& strategies,
                  const std::string& metric, const std::string& category, const std::string& title,
                  const std::string& unit, double scale) {
  const double W = 720, H = 260, L = 70, R = 20, T = 30, B = 45;
  std::vector<Fan> fans;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : strategies) {
    fans.push_back(fan(r, s, metric, category));
    for (double v : fans.back().q[1])
      if (!std::isnan(v)) lo = std::min(lo, v * scale);
    for (double v : fans.back().q[5])
      if (!std::isnan(v)) hi = std::max(hi, v * scale);
  }
  if (!(hi > lo)) hi = lo + 1;
  const double pad = (hi - lo) * 0.05;
  lo = lo >= 0 ? std::max(0.0, lo - pad) : lo - pad;  // no axis below zero for counts
  hi += pad;
  const std::size_t n = fans.front().times.size();
  auto x = [&](std::size_t t) { return L + (W - L - R) * (n > 1 ? double(t) / (n - 1) : 0.5); };
  auto y = [&](double v) { return T + (H - T - B) * (1 - (v * scale - lo) / (hi - lo)); };
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + num("%g", W) + " " + num("%g", H) +
                    "\" role=\"img\" aria-label=\"" + esc(title) + "\">";
  svg += "<text x=\"" + num("%g", L) + "\" y=\"18\" class=\"title\">" + esc(title) + "</text>";
  // Axes, ticks and labels.
  svg += "<line x1=\"" + num("%g", L) + "\" y1=\"" + num("%g", H - B) + "\" x2=\"" +
         num("%g", W - R) + "\" y2=\"" + num("%g", H - B) + "\" class=\"axis\"/>";
  svg += "<line x1=\"" + num("%g", L) + "\" y1=\"" + num("%g", T) + "\" x2=\"" + num("%g", L) +
         "\" y2=\"" + num("%g", H - B) + "\" class=\"axis\"/>";
  for (int k = 0; k <= 4; ++k) {
    const double v = lo + (hi - lo) * k / 4;
    const double yy = T + (H - T - B) * (1 - double(k) / 4);
    svg += "<line x1=\"" + num("%g", L - 4) + "\" y1=\"" + num("%.1f", yy) + "\" x2=\"" +
           num("%g", W - R) + "\" y2=\"" + num("%.1f", yy) + "\" class=\"grid\"/>";
    svg += "<text x=\"" + num("%g", L - 6) + "\" y=\"" + num("%.1f", yy + 4) +
           "\" class=\"ylab\">" + num(std::abs(hi - lo) < 10 ? "%.1f" : "%.0f", v) + "</text>";
  }
  for (std::size_t t = 0; t < n; ++t) {
    const std::string& label = fans.front().times[t];
    if (label.size() == 7 && label.substr(5) != "04" && t != 0) continue;  // each April
    svg += "<text x=\"" + num("%.1f", x(t)) + "\" y=\"" + num("%g", H - B + 16) +
           "\" class=\"xlab\">" + esc(label) + "</text>";
  }
  svg += "<text x=\"" + num("%g", (L + W - R) / 2) + "\" y=\"" + num("%g", H - 6) +
         "\" class=\"axistitle\">month</text>";
  svg += "<text x=\"14\" y=\"" + num("%g", (T + H - B) / 2) +
         "\" class=\"axistitle\" transform=\"rotate(-90 14 " + num("%g", (T + H - B) / 2) + ")\">" +
         esc(unit) + "</text>";
  for (std::size_t s = 0; s < fans.size(); ++s) {
    const char* colour = COLOURS[s % std::size(COLOURS)];
    auto band = [&](int low, int high, const char* opacity) {
      std::string d = "M";
      for (std::size_t t = 0; t < n; ++t)
        d += num("%.1f,", x(t)) + num("%.1f ", y(fans[s].q[high][t]));
      for (std::size_t t = n; t-- > 0;)
        d += "L" + num("%.1f,", x(t)) + num("%.1f ", y(fans[s].q[low][t]));
      return "<path d=\"" + d + "Z\" fill=\"" + colour + "\" fill-opacity=\"" + opacity + "\"/>";
    };
    svg += band(1, 5, "0.15") + band(2, 4, "0.3");
    std::string d = "M";
    for (std::size_t t = 0; t < n; ++t)
      d += (t ? "L" : "") + num("%.1f,", x(t)) + num("%.1f ", y(fans[s].q[3][t]));
    svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
  }
  return svg + "</svg>";
}

std::string interval(double m, double lo, double hi, const char* pattern) {
  return num(pattern, m) + " <span class=\"range\">(" + num(pattern, lo) + "&ndash;" +
         num(pattern, hi) + ")</span>";
}

std::string describe(const Parameter& p, const YearMonth& start) {
  std::string out;
  for (const auto& seg : p.segments) {
    const auto& d = seg.value;
    std::string v;
    switch (d.kind) {
      case Distribution::Kind::fixed:
        v = num("%g", d.a);
        break;
      case Distribution::Kind::uniform:
        v = "uniform " + num("%g", d.a) + " to " + num("%g", d.b);
        break;
      case Distribution::Kind::triangular:
        v = "triangular " + num("%g", d.a) + ", mode " + num("%g", d.c) + ", " + num("%g", d.b);
        break;
      case Distribution::Kind::normal:
        v = "normal mean " + num("%g", d.a) + ", sd " + num("%g", d.b);
        break;
      case Distribution::Kind::beta:
        v = "beta mean " + num("%g", d.a) + ", sd " + num("%g", d.b);
        break;
      case Distribution::Kind::lognormal:
        v = "lognormal median " + num("%g", d.a) + ", spread " + num("%g", d.b);
        break;
    }
    out += (out.empty() ? "" : "; from " + start.plus(seg.from).str() + ": ") + v;
  }
  return out;
}

}  // namespace

void write_report(const ResultsReader& r, std::ostream& out) {
  const auto strategies = r.strategies();
  const std::string name = r.attribute("scenario_name");
  const auto scenarios =
      load_strategies_text(r.attribute("scenario_yaml"), r.attribute("scenario_path"));
  const auto& base = scenarios.front();
  const auto months = r.axis_labels("base", "month");
  const auto years = r.axis_labels("base", "financial_year");

  out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << esc(name)
      << "</title><style>"
         "body{font-family:sans-serif;max-width:800px;margin:2em auto;color:#222;line-height:1.4}"
         "h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}"
         "table{border-collapse:collapse;font-size:.85em;margin:.5em 0}"
         "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f2f2f2}"
         "td.l,th.l{text-align:left}.range{color:#666;font-size:.9em}"
         ".chart{width:100%;height:auto;margin:.5em 0}.title{font-weight:bold;font-size:14px}"
         ".axis{stroke:#333}.grid{stroke:#e5e5e5}.ylab{font-size:11px;text-anchor:end}"
         ".xlab{font-size:11px;text-anchor:middle}.axistitle{font-size:11px;fill:#555;text-anchor:"
         "middle}"
         ".key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}"
         "@media "
         "print{body{margin:0;max-width:none}h2{break-after:avoid}.chart,table{break-inside:avoid}}"
         "</style></head><body>\n";
  out << "<h1>" << esc(name) << "</h1>\n<p>Projection of " << esc(r.attribute("start_month"))
      << " onwards over " << months.size() << " months, " << r.int_attribute("replications")
      << " replications. Every strategy was run on the same simulated futures, so differences "
         "between them come from the strategies, not from chance. Charts show the median "
         "(line), the middle half of futures (dark band, P25&ndash;P75) and eight in ten "
         "futures (light band, P10&ndash;P90).</p>\n";
  out << "<p class=\"key\">";
  for (std::size_t s = 0; s < strategies.size(); ++s)
    out << "<span style=\"background:" << COLOURS[s % std::size(COLOURS)] << "\"></span>"
        << esc(strategies[s] == "base" ? "base (as the scenario stands)" : strategies[s]);
  out << "</p>\n";

  out << "<h2 id=\"charts\">How the workforce develops</h2>\n";
  out << chart(r, strategies, "fte_in_post", "all", "Permanent FTE in post", "FTE", 1) << "\n";
  out << chart(r, strategies, "agency_fte", "all", "Agency FTE", "FTE", 1) << "\n";
  out << chart(r, strategies, "vacancy_rate", "all", "Vacancy rate", "% of establishment", 100)
      << "\n";
  if (has(r, "base", "average_caseload_quantiles"))
    out << chart(r, strategies, "average_caseload", "", "Average caseload", "cases per FTE", 1)
        << "\n";
  out << chart(r, strategies, "cumulative_cost", "total", "Spend so far", "GBP million", 1e-6)
      << "\n";

  out << "<h2 id=\"table\">Side by side at each financial year end</h2>\n"
         "<p>Median, with eight in ten futures in brackets.</p><table><tr><th class=\"l\">Year "
         "end</th>"
         "<th class=\"l\">Strategy</th><th>FTE in post</th><th>Agency FTE</th><th>Vacancy rate</th>"
         "<th>Agency rate</th></tr>\n";
  std::vector<std::size_t> ends;
  for (std::size_t k = 0; k < months.size(); ++k)
    if (months[k].substr(5) == "03" || k + 1 == months.size()) ends.push_back(k);
  for (std::size_t e : ends)
    for (const auto& s : strategies) {
      const Fan in = fan(r, s, "fte_in_post", "all"), ag = fan(r, s, "agency_fte", "all");
      const Fan vr = fan(r, s, "vacancy_rate", "all"), ar = fan(r, s, "agency_rate", "all");
      out << "<tr><td class=\"l\">" << months[e] << "</td><td class=\"l\">" << esc(s) << "</td><td>"
          << interval(in.q[3][e], in.q[1][e], in.q[5][e], "%.1f") << "</td><td>"
          << interval(ag.q[3][e], ag.q[1][e], ag.q[5][e], "%.1f") << "</td><td>"
          << interval(100 * vr.q[3][e], 100 * vr.q[1][e], 100 * vr.q[5][e], "%.0f%%") << "</td><td>"
          << interval(100 * ar.q[3][e], 100 * ar.q[1][e], 100 * ar.q[5][e], "%.0f%%")
          << "</td></tr>\n";
    }
  out << "</table>\n";

  out << "<h2 id=\"spend\">Spend by financial year (April to March)</h2>\n<p>GBP million, "
      << esc(r.dataset_attribute("base", "cost_mean", "price_base"))
      << " prices; median with eight in ten futures. "
         "A year cut by the horizon holds only its months inside it.</p><table><tr><th "
         "class=\"l\">Year</th>"
         "<th class=\"l\">Strategy</th><th>All spend</th><th>Agency</th></tr>\n";
  for (std::size_t y = 0; y < years.size(); ++y)
    for (const auto& s : strategies) {
      const Fan total = fan(r, s, "spend_by_financial_year", "total");
      const Fan agency = fan(r, s, "spend_by_financial_year", "agency");
      out << "<tr><td class=\"l\">" << years[y] << "</td><td class=\"l\">" << esc(s) << "</td><td>"
          << interval(total.q[3][y] / 1e6, total.q[1][y] / 1e6, total.q[5][y] / 1e6, "%.2f")
          << "</td><td>"
          << interval(agency.q[3][y] / 1e6, agency.q[1][y] / 1e6, agency.q[5][y] / 1e6, "%.2f")
          << "</td></tr>\n";
    }
  out << "</table><p>Present value of all spend over the horizon (discounted from the first "
         "year): ";
  for (const auto& s : strategies) {
    const auto pv = r.read(s, "present_value_quantiles").values;  // [category, quantile]
    const auto cats = r.axis_labels(s, "cost_category");
    const std::size_t c = std::find(cats.begin(), cats.end(), "total") - cats.begin();
    out << esc(s) << " &pound;"
        << interval(pv[c * 7 + 3] / 1e6, pv[c * 7 + 1] / 1e6, pv[c * 7 + 5] / 1e6, "%.1fm") << "; ";
  }
  out << "</p>\n";

  if (has(r, "base", "targets_met_mean") || has(r, "base", "targets_met_by_year_mean")) {
    out << "<h2 id=\"targets\">Chance of meeting each target</h2><table><tr><th "
           "class=\"l\">Target</th>"
           "<th class=\"l\">Strategy</th>";
    for (const auto& y : years) out << "<th>" << y << "</th>";
    out << "</tr>\n";
    for (const auto& t : base.targets) {
      const std::string family = t.yearly() ? "targets_met_by_year" : "targets_met";
      for (const auto& s : strategies) {
        const auto mean = r.read(s, family + "_mean");
        const std::size_t times = mean.shape.back();
        const auto dims = r.dimensions(s, family + "_mean");
        const auto labels = r.axis_labels(s, dims.front());
        const std::size_t k = std::find(labels.begin(), labels.end(), t.name) - labels.begin();
        out << "<tr><td class=\"l\">" << esc(t.description.empty() ? t.name : t.description)
            << "</td><td class=\"l\">" << esc(s) << "</td>";
        for (std::size_t y = 0; y < years.size(); ++y) {
          const std::size_t at = t.yearly() ? y : ends[std::min(y, ends.size() - 1)];
          out << "<td>" << num("%.0f%%", 100 * mean.values[k * times + at]) << "</td>";
        }
        out << "</tr>\n";
      }
    }
    out << "</table><p>At the end of each financial year (monthly targets) or over it (yearly "
           "targets).</p>\n";
  }

  out << "<h2 id=\"breakeven\">When does a strategy pay for itself?</h2>\n";
  if (strategies.size() < 2) {
    out << "<p>The file holds no strategy to compare with the base.</p>\n";
  } else if (!has(r, "base", "headcount")) {
    out << "<p>Not shown: this run stored summaries only (run again without --summary-only).</p>\n";
  } else {
    out << "<ul>";
    for (const auto& c : compare_strategies(r, "")) {
      out << "<li><b>" << esc(c.strategy) << "</b>: ";
      if (c.precision_gain > 1)
        out << "comparing on the same futures makes the difference in total spend "
            << num("%.0f", c.precision_gain)
            << " times less variable than comparing unrelated futures would. ";
      if (c.break_even.share > 0)
        out << "Its cumulative spend falls to the base's and stays there in "
            << num("%.0f%%", 100 * c.break_even.share) << " of futures, typically by "
            << c.break_even.median << " (eight in ten between " << c.break_even.p10 << " and "
            << c.break_even.p90 << ").";
      else
        out << "Its cumulative spend stays above the base's to the end of the horizon.";
      out << "</li>";
    }
    out << "</ul>\n";
  }

  out << "<h2 id=\"differences\">What the strategies change</h2><table><tr><th "
         "class=\"l\">Strategy</th>"
         "<th class=\"l\">Assumption</th><th class=\"l\">Base</th><th "
         "class=\"l\">Strategy</th></tr>\n";
  for (std::size_t k = 1; k < scenarios.size(); ++k)
    for (std::size_t p = 0; p < base.parameters.size(); ++p) {
      const std::string a = describe(base.parameters[p], base.start);
      const std::string b = describe(scenarios[k].parameters[p], base.start);
      if (a != b)
        out << "<tr><td class=\"l\">" << esc(scenarios[k].strategy) << "</td><td class=\"l\">"
            << esc(base.parameters[p].path) << "</td><td class=\"l\">" << esc(a)
            << "</td><td class=\"l\">" << esc(b) << "</td></tr>\n";
    }
  out << "</table>\n";

  out << "<h2 id=\"assumptions\">Main assumptions</h2><p>Numbers drawn anew in each future are "
         "given as distributions.</p><table><tr><th class=\"l\">Assumption</th><th "
         "class=\"l\">Value</th></tr>\n";
  for (const auto& p : base.parameters) {
    const bool main = p.uncertain() || p.path.find("leaving_rate") != std::string::npos ||
                      p.path.find(".size") != std::string::npos ||
                      p.path.find(".fte") != std::string::npos || p.path.find("agency.") == 0;
    if (main)
      out << "<tr><td class=\"l\">" << esc(p.path) << "</td><td class=\"l\">"
          << esc(describe(p, base.start)) << "</td></tr>\n";
  }
  out << "</table>\n";

  out << "<h2 id=\"provenance\">Provenance</h2><table>";
  for (const char* key : {"scenario_path", "scenario_sha256", "engine_version", "git_commit",
                          "command_line", "created_utc", "start_month"})
    out << "<tr><th class=\"l\">" << key << "</th><td class=\"l\">" << esc(r.attribute(key))
        << "</td></tr>";
  for (const char* key : {"seed", "replications", "horizon_months"})
    out << "<tr><th class=\"l\">" << key << "</th><td class=\"l\">" << r.int_attribute(key)
        << "</td></tr>";
  out << "</table>\n</body></html>\n";
}

}  // namespace wfsim
