#include "wfsim/analysis/report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "wfsim/analysis/compare.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/parameters.hpp"
#include "wfsim/scenario/load.hpp"
#include "wfsim/stats/summary.hpp"
#include "wfsim/year_month.hpp"

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

//! A number for the page; one that is not finite (undefined in every future, or a damaged
//! file) is shown as a dash, never as "nan" or "inf".
std::string num(const char* pattern, double v) {
  if (!std::isfinite(v)) return "&ndash;";
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
  const ResultsArray a = r.read(strategy, metric + "_quantiles");
  const std::size_t rank = a.dims.size();
  const char* time_axis = metric == "spend_by_financial_year" ? "financial_year" : "month";
  if (rank < 2 || rank > 3 || a.dims[rank - 2] != "quantile" || a.dims.back() != time_axis)
    throw UserError("damaged results file: dataset 'strategies/" + strategy + "/" + metric +
                    "_quantiles' is not laid out as [category,] quantile, " + time_axis);
  r.check_quantile_levels(strategy);
  f.times = r.axis_labels(strategy, a.dims.back());
  std::size_t c = 0;
  if (rank == 3) {
    const auto cats = r.axis_labels(strategy, a.dims.front());
    const auto it = std::find(cats.begin(), cats.end(), category);
    if (it == cats.end())
      throw UserError("damaged results file: 'strategies/" + strategy + "/" + a.dims.front() +
                      "' has no '" + category + "'");
    c = static_cast<std::size_t>(it - cats.begin());
  }
  const std::size_t n = f.times.size();
  for (std::size_t k = 0; k < QUANTILE_COUNT; ++k)
    f.q.emplace_back(
        a.values.begin() + static_cast<std::ptrdiff_t>((c * QUANTILE_COUNT + k) * n),
        a.values.begin() + static_cast<std::ptrdiff_t>((c * QUANTILE_COUNT + k + 1) * n));
  return f;
}

bool has(const ResultsReader& r, const std::string& strategy, const std::string& name) {
  return r.has_dataset(strategy, name);
}

//! The count date of a snapshot month, as the DfE names it: 9 is "30 September".
std::string count_date(int month) {
  static const char* NAMES[] = {"January",   "February", "March",    "April",
                                "May",       "June",     "July",     "August",
                                "September", "October",  "November", "December"};
  static const int LAST_DAY[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int m = std::clamp(month, 1, 12) - 1;
  // February's last day depends on the year: said without one.
  return (m == 1 ? std::string("end of") : std::to_string(LAST_DAY[m])) + " " + NAMES[m];
}

//! `v` in the fewest digits that read back as the same number: a published figure as it was
//! published.
std::string exact(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

//! Published figures of one measure to draw on a chart, already in the chart's unit.
struct Actuals {
  std::string measure;  //!< the DfE's column name
  std::string unit;     //!< as the points' labels say it: `FTE`, `%`
  int snapshot_month = 9;
  std::vector<std::pair<YearMonth, double>> points;  //!< count date and figure
};

//! The history's figures of `measure` at their count dates; none without a history.
Actuals actuals(const ResultsReader& r, const std::string& measure, const std::string& unit) {
  Actuals a{measure, unit, 9, {}};
  const auto& history = r.history();
  if (!history) return a;
  a.snapshot_month = history->snapshot_month;
  for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i)
    if (HISTORY_MEASURES[i].name == measure)
      for (const HistoryYear& y : history->years)
        if (y.figures[i]) a.points.push_back({YearMonth{y.year, a.snapshot_month}, *y.figures[i]});
  return a;
}

//! The legend of the published figures, on the page and on each chart that draws them.
std::string actuals_label(int snapshot_month) {
  return "DfE figures (" + count_date(snapshot_month) + ")";
}

//! A fan chart: for each strategy the P10-P90 and P25-P75 bands and the median, and the
//! published figures of `actual` as points at their count dates (those in the horizon or
//! before it: the axis reaches back to the earliest). `drawn` counts the points drawn.
std::string chart(const ResultsReader& r, const std::vector<std::string>& strategies,
                  const std::string& metric, const std::string& category, const std::string& title,
                  const std::string& unit, double scale, const Actuals& actual = {},
                  std::size_t* drawn = nullptr) {
  const double W = 720, H = 260, L = 70, R = 20, T = 30, B = 45;
  std::vector<Fan> fans;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : strategies) {
    fans.push_back(fan(r, s, metric, category));
    if (fans.back().times.size() != fans.front().times.size())
      throw UserError("damaged results file: strategy '" + s + "' covers other months");
    for (double v : fans.back().q[1])
      if (std::isfinite(v)) lo = std::min(lo, v * scale);
    for (double v : fans.back().q[5])
      if (std::isfinite(v)) hi = std::max(hi, v * scale);
  }
  const std::size_t n = fans.front().times.size();
  // Published figures by month from the first projected month (negative: before it).
  std::vector<std::pair<long, std::pair<YearMonth, double>>> points;
  const auto first = n > 0 ? YearMonth::parse(fans.front().times.front()) : std::nullopt;
  long lead = 0;  // months drawn before the first projected month
  if (first)
    for (const auto& [when, v] : actual.points) {
      const long at = (when.year - first->year) * 12L + (when.month - first->month);
      if (at >= static_cast<long>(n) || !std::isfinite(v)) continue;
      points.push_back({at, {when, v}});
      lead = std::max(lead, -at);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (drawn) *drawn += points.size();
  if (!std::isfinite(lo)) lo = 0;
  if (!(hi > lo) || !std::isfinite(hi)) hi = lo + 1;
  const double pad = (hi - lo) * 0.05;
  lo = lo >= 0 ? std::max(0.0, lo - pad) : lo - pad;  // no axis below zero for counts
  hi += pad;
  const std::size_t slots = static_cast<std::size_t>(lead) + n;
  auto xs = [&](std::size_t slot) {
    return L + (W - L - R) * (slots > 1 ? double(slot) / (slots - 1) : 0.5);
  };
  auto x = [&](std::size_t t) { return xs(static_cast<std::size_t>(lead) + t); };
  // A value in the chart's unit; one that is not finite sits on the axis.
  auto y_of = [&](double v) {
    return T + (H - T - B) * (1 - (std::isfinite(v) ? std::clamp(v, lo, hi) - lo : 0) / (hi - lo));
  };
  auto y = [&](double v) { return y_of(v * scale); };
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
  // Each April is named (every k-th when the axis spans more than ten years), and the first
  // month unless the first April's label would run into it.
  const std::size_t every = std::max<std::size_t>(1, (slots + 119) / 120);
  std::size_t aprils = 0;
  for (std::size_t slot = 0; slot < slots; ++slot) {
    // Months before the horizon are named from the first projected month.
    const std::string label =
        slot < static_cast<std::size_t>(lead)
            ? first->plus(static_cast<int>(slot) - static_cast<int>(lead)).str()
            : fans.front().times[slot - static_cast<std::size_t>(lead)];
    if (label.size() == 7) {
      if (label.substr(5) == "04") {
        if (aprils++ % every != 0) continue;
      } else if (slot != 0) {
        continue;
      } else if (first) {
        const auto april =
            static_cast<std::size_t>((16 - first->plus(static_cast<int>(-lead)).month) % 12);
        if (april < slots && xs(april) - xs(0) < 55) continue;
      }
    }
    svg += "<text x=\"" + num("%.1f", xs(slot)) + "\" y=\"" + num("%g", H - B + 16) +
           "\" class=\"xlab\">" + esc(label) + "</text>";
  }
  svg += "<text x=\"" + num("%g", (L + W - R) / 2) + "\" y=\"" + num("%g", H - 6) +
         "\" class=\"axistitle\">month</text>";
  svg += "<text x=\"14\" y=\"" + num("%g", (T + H - B) / 2) +
         "\" class=\"axistitle\" transform=\"rotate(-90 14 " + num("%g", (T + H - B) / 2) + ")\">" +
         esc(unit) + "</text>";
  if (lead > 0) {
    // Where the figures end and the projection begins.
    svg += "<line x1=\"" + num("%.1f", x(0)) + "\" y1=\"" + num("%g", T) + "\" x2=\"" +
           num("%.1f", x(0)) + "\" y2=\"" + num("%g", H - B) + "\" class=\"start\"/>";
    svg += "<text x=\"" + num("%.1f", x(0) + 4) + "\" y=\"" + num("%g", T + 10) +
           "\" class=\"startlab\">projection</text>";
  }
  for (std::size_t s = 0; s < fans.size(); ++s) {
    const char* colour = COLOURS[s % std::size(COLOURS)];
    // Drawn over the runs of months where they are defined: the DfE's flows are undefined
    // until 12 months have passed.
    auto runs = [&](auto defined) {
      std::vector<std::pair<std::size_t, std::size_t>> out;  // [from, to)
      for (std::size_t t = 0; t < n; ++t) {
        if (!defined(t)) continue;
        if (out.empty() || out.back().second != t) out.push_back({t, t});
        out.back().second = t + 1;
      }
      return out;
    };
    auto band = [&](int low, int high, const char* opacity) {
      std::string paths;
      for (const auto& [from, to] : runs([&](std::size_t t) {
             return std::isfinite(fans[s].q[low][t]) && std::isfinite(fans[s].q[high][t]);
           })) {
        std::string d = "M";
        for (std::size_t t = from; t < to; ++t)
          d += num("%.1f,", x(t)) + num("%.1f ", y(fans[s].q[high][t]));
        for (std::size_t t = to; t-- > from;)
          d += "L" + num("%.1f,", x(t)) + num("%.1f ", y(fans[s].q[low][t]));
        paths +=
            "<path d=\"" + d + "Z\" fill=\"" + colour + "\" fill-opacity=\"" + opacity + "\"/>";
      }
      return paths;
    };
    svg += band(1, 5, "0.15") + band(2, 4, "0.3");
    for (const auto& [from, to] :
         runs([&](std::size_t t) { return std::isfinite(fans[s].q[3][t]); })) {
      std::string d = "M";
      for (std::size_t t = from; t < to; ++t)
        d += (t != from ? "L" : "") + num("%.1f,", x(t)) + num("%.1f ", y(fans[s].q[3][t]));
      svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
    }
  }
  if (!points.empty()) {
    const std::string when = count_date(actual.snapshot_month);
    for (const auto& [at, point] : points) {
      const auto& [month, v] = point;
      svg += "<circle class=\"actual\" data-measure=\"" + esc(actual.measure) + "\" data-year=\"" +
             std::to_string(month.year) + "\" data-value=\"" + exact(v) + "\" cx=\"" +
             num("%.1f", xs(static_cast<std::size_t>(at + lead))) + "\" cy=\"" +
             num("%.1f", y_of(v)) + "\" r=\"3.5\"><title>DfE, " + when + " " +
             std::to_string(month.year) + ": " + exact(v) + (actual.unit == "%" ? "" : " ") +
             esc(actual.unit) + "</title></circle>";
    }
    svg +=
        "<circle class=\"actualkey\" cx=\"" + num("%g", W - R - 170) + "\" cy=\"14\" r=\"3.5\"/>";
    svg += "<text x=\"" + num("%g", W - R - 162) + "\" y=\"18\" class=\"legend\">" +
           esc(actuals_label(actual.snapshot_month)) + "</text>";
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
  for (const auto& m : months)
    if (!YearMonth::parse(m))
      throw UserError("damaged results file: 'strategies/base/month' holds '" + m +
                      "', not a month as YYYY-MM");
  if (months.empty() || years.empty())
    throw UserError("damaged results file: '" + r.path() + "' has no months");
  for (const auto& s : strategies)
    if (r.axis_labels(s, "month") != months || r.axis_labels(s, "financial_year") != years)
      throw UserError("damaged results file: strategy '" + s +
                      "' covers other months than the base");

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
         ".key span.dot{width:8px;height:8px;border-radius:50%;background:#222}"
         ".actual,.actualkey{fill:#222;stroke:#fff;stroke-width:1}.legend{font-size:11px}"
         ".start{stroke:#999;stroke-dasharray:4 3}.startlab{font-size:10px;fill:#666}"
         "@media "
         "print{body{margin:0;max-width:none}h2{break-after:avoid}.chart,table{break-inside:avoid}}"
         "</style></head><body>\n";
  // The charts first: the page's key says whether any published figure is drawn.
  std::size_t actual_points = 0;
  std::ostringstream charts;
  charts << "<h2 id=\"charts\">How the workforce develops</h2>\n";
  // The published figures go only where the chart counts what the DfE counts: FTE in post
  // and agency FTE of every group, and vacancies over establishment (the DfE's vacancies over
  // vacancies and in post). Average caseload is over all case-holding FTE, not the DfE's case
  // holders: the DfE's caseloads are drawn in the DfE's section (with dfe_return) instead.
  charts << chart(r, strategies, "fte_in_post", "all", "Permanent FTE in post", "FTE", 1,
                  actuals(r, "inpost_fte", "FTE"), &actual_points)
         << "\n";
  charts << chart(r, strategies, "agency_fte", "all", "Agency FTE", "FTE", 1,
                  actuals(r, "agency_fte", "FTE"), &actual_points)
         << "\n";
  // The model's rates are ratios, the DfE's percentages: the chart shows percentages.
  charts << chart(r, strategies, "vacancy_rate", "all", "Vacancy rate", "% of establishment", 100,
                  actuals(r, "vacancy_rate_fte", "%"), &actual_points)
         << "\n";
  if (has(r, "base", "average_caseload_quantiles"))
    charts << chart(r, strategies, "average_caseload", "", "Average caseload", "cases per FTE", 1)
           << "\n";
  charts << chart(r, strategies, "cumulative_cost", "total", "Spend so far", "GBP million", 1e-6)
         << "\n";
  if (has(r, "base", "dfe_fte_quantiles")) {
    // Every measure of the DfE's that no chart above shows, as the model counts it.
    struct DfeChart {
      const char *family, *measure, *title, *unit, *point_unit;
    };
    const DfeChart dfe_charts[] = {
        {"dfe_fte", "starters_fte", "Starters in the 12 months to the month", "FTE", "FTE"},
        {"dfe_fte", "leavers_fte", "Leavers in the 12 months to the month", "FTE", "FTE"},
        {"dfe_rate", "turnover_rate_fte", "Turnover rate (leavers / FTE in post)", "%", "%"},
        {"dfe_rate", "agency_rate_fte", "Agency rate (agency / (agency + in post))", "%", "%"},
        {"dfe_fte", "vacancy_fte", "Vacancies", "FTE", "FTE"},
        {"dfe_fte", "case_holders_fte", "Case holders", "FTE", "FTE"},
        {"dfe_cases", "cases", "Cases held", "cases", "cases"},
        {"dfe_caseload", "caseload_fte", "Caseload (cases / case holders)", "cases per FTE",
         "cases per FTE"},
    };
    const auto& history = r.history();
    charts << "<h2 id=\"dfe\">As the DfE counts them</h2>\n<p>The measures of the DfE's "
              "children's social work workforce statistics, as the model counts them at the end "
              "of each month: starters and leavers over the 12 months to the month, rates in "
              "percent. At each "
           << esc(count_date(history ? history->snapshot_month
                                     : static_cast<int>(r.has_attribute("dfe_snapshot_month")
                                                            ? r.int_attribute("dfe_snapshot_month")
                                                            : 9)))
           << " they count what the DfE's figures count.";
    if (history)
      charts << " Points are the DfE's published figures for "
             << (history->area.empty() ? std::string("the area") : esc(history->area))
             << (history->code.empty() ? "" : " (" + esc(history->code) + ")") << ", from "
             << esc(history->source) << ".";
    charts << "</p>\n";
    for (const DfeChart& c : dfe_charts) {
      // A measure undefined in every future (cases without demand) has nothing to show.
      const Fan base_fan = fan(r, "base", c.family, c.measure);
      const bool defined = std::any_of(base_fan.q.begin(), base_fan.q.end(), [](const auto& q) {
        return std::any_of(q.begin(), q.end(), [](double v) { return std::isfinite(v); });
      });
      if (!defined) continue;
      charts << chart(r, strategies, c.family, c.measure, c.title, c.unit, 1,
                      actuals(r, c.measure, c.point_unit), &actual_points)
             << "\n";
    }
  }

  out << "<h1>" << esc(name) << "</h1>\n<p>Projection of " << esc(r.attribute("start_month"))
      << " onwards over " << months.size() << " months, " << r.int_attribute("replications")
      << " replications. Every strategy was run on the same simulated futures, so differences "
         "between them come from the strategies, not from chance. Charts show the median "
         "(line), the middle half of futures (dark band, P25&ndash;P75) and eight in ten "
         "futures (light band, P10&ndash;P90)";
  if (actual_points > 0)
    out << "; points are the DfE's published figures the scenario was built from, at "
        << esc(count_date(r.history()->snapshot_month))
        << " of each year (the axis reaches back to the first)";
  out << ".</p>\n";
  out << "<p class=\"key\">";
  for (std::size_t s = 0; s < strategies.size(); ++s)
    out << "<span style=\"background:" << COLOURS[s % std::size(COLOURS)] << "\"></span>"
        << esc(strategies[s] == "base" ? "base (as the scenario stands)" : strategies[s]);
  if (actual_points > 0)
    out << "<span class=\"dot\"></span>" << esc(actuals_label(r.history()->snapshot_month));
  out << "</p>\n";
  out << charts.str();

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

  const auto months_in_year = r.read("base", "months_in_year").values;
  if (months_in_year.size() != years.size())
    throw UserError(
        "damaged results file: 'strategies/base/months_in_year' does not match the "
        "financial years");
  bool part_year = false;
  out << "<h2 id=\"spend\">Spend by financial year (April to March)</h2>\n<p>GBP million, "
      << esc(r.dataset_attribute("base", "cost_mean", "price_base"))
      << " prices; median with eight in ten futures.</p><table><tr><th "
         "class=\"l\">Year</th>"
         "<th class=\"l\">Strategy</th><th>All spend (GBP million)</th><th>Agency (GBP "
         "million)</th></tr>\n";
  for (std::size_t y = 0; y < years.size(); ++y)
    for (const auto& s : strategies) {
      const Fan total = fan(r, s, "spend_by_financial_year", "total");
      const Fan agency = fan(r, s, "spend_by_financial_year", "agency");
      const bool part = months_in_year[y] < 12;
      part_year = part_year || part;
      out << "<tr><td class=\"l\">" << years[y]
          << (part ? " <span class=\"range\">(part: " + num("%.0f", months_in_year[y]) +
                         " months)</span>"
                   : "")
          << "</td><td class=\"l\">" << esc(s) << "</td><td>"
          << interval(total.q[3][y] / 1e6, total.q[1][y] / 1e6, total.q[5][y] / 1e6, "%.2f")
          << "</td><td>"
          << interval(agency.q[3][y] / 1e6, agency.q[1][y] / 1e6, agency.q[5][y] / 1e6, "%.2f")
          << "</td></tr>\n";
    }
  out << "</table>\n";
  if (part_year)
    out << "<p>A year marked <i>part</i> is cut short by the horizon: its spend covers only "
           "those months, so it is not comparable with a whole year.</p>\n";
  out << "<p>Present value of all spend over the horizon (discounted from the first "
         "year), GBP million: ";
  for (const auto& s : strategies) {
    const ResultsArray pv = r.read(s, "present_value_quantiles");  // [category, quantile]
    r.check_quantile_levels(s);
    const auto cats = r.axis_labels(s, "cost_category");
    const auto c =
        static_cast<std::size_t>(std::find(cats.begin(), cats.end(), "total") - cats.begin());
    if (pv.dims != std::vector<std::string>{"cost_category", "quantile"} || c == cats.size())
      throw UserError("damaged results file: 'strategies/" + s +
                      "/present_value_quantiles' is not laid out as cost_category, quantile");
    const auto q = [&](std::size_t k) { return pv.values[c * QUANTILE_COUNT + k] / 1e6; };
    out << esc(s) << " " << interval(q(3), q(1), q(5), "%.1f") << "; ";
  }
  out << "</p>\n";

  // Target chances: the means stored in the file, under the axis the file gives them.
  std::vector<std::pair<std::string, bool>> target_families;  // family, yearly
  for (const auto& [family, yearly] :
       {std::pair{"targets_met", false}, {"targets_met_by_year", true}})
    if (has(r, "base", std::string(family) + "_mean")) target_families.emplace_back(family, yearly);
  if (!target_families.empty()) {
    out << "<h2 id=\"targets\">Chance of meeting each target</h2><table><tr><th "
           "class=\"l\">Target</th>"
           "<th class=\"l\">Strategy</th>";
    for (const auto& y : years) out << "<th>" << y << "</th>";
    out << "</tr>\n";
    for (const auto& [family, yearly] : target_families)
      for (const auto& s : strategies) {
        const ResultsArray mean = r.read(s, family + "_mean");
        const std::string time_axis = yearly ? "financial_year" : "month";
        if (mean.dims.size() != 2 || mean.dims[1] != time_axis ||
            mean.shape[1] != (yearly ? years.size() : months.size()))
          throw UserError("damaged results file: 'strategies/" + s + "/" + family +
                          "_mean' is not laid out as target, " + time_axis);
        const auto labels = r.axis_labels(s, mean.dims[0]);
        const std::size_t times = mean.shape[1];
        for (std::size_t k = 0; k < labels.size(); ++k) {
          const auto t = std::find_if(base.targets.begin(), base.targets.end(),
                                      [&](const TargetSpec& x) { return x.name == labels[k]; });
          const std::string title =
              t == base.targets.end() || t->description.empty() ? labels[k] : t->description;
          out << "<tr><td class=\"l\">" << esc(title) << "</td><td class=\"l\">" << esc(s)
              << "</td>";
          for (std::size_t y = 0; y < years.size(); ++y) {
            const std::size_t at = yearly ? y : ends[std::min(y, ends.size() - 1)];
            out << "<td>" << num("%.0f%%", 100 * mean.values[k * times + at]) << "</td>";
          }
          out << "</tr>\n";
        }
      }
    out << "</table><p>Share of futures meeting the target: at the end of each financial year "
           "(monthly targets) or over it (yearly targets).</p>\n";
  }

  out << "<h2 id=\"breakeven\">When does a strategy pay for itself?</h2>\n";
  if (strategies.size() < 2) {
    out << "<p>The file holds no strategy to compare with the base.</p>\n";
  } else if (!has(r, "base", "headcount")) {
    out << "<p>Not shown: this run stored summaries only (run again without --summary-only).</p>\n";
  } else {
    out << "<ul>";
    for (const auto& c : compare_strategies(r, "")) {
      const BreakEven& be = c.break_even;
      out << "<li><b>" << esc(c.strategy) << "</b>: ";
      if (c.precision_gain > 1)
        out << "comparing on the same futures makes the difference in total spend "
            << num("%.0f", c.precision_gain)
            << " times less variable than comparing unrelated futures would. ";
      if (be.first_difference.empty()) {
        out << "Its spend is the same as the base's in every future.</li>";
        continue;
      }
      out << "Counted from " << be.first_difference
          << ", the first month it changes spend, its cumulative spend is ";
      std::vector<std::string> parts;
      if (be.share_from_start > 0)
        parts.push_back("never above the base's in " + num("%.0f%%", 100 * be.share_from_start) +
                        " of futures (cheaper from the start)");
      if (be.share_later > 0)
        parts.push_back("above it at first and then at or below it for good in " +
                        num("%.0f%%", 100 * be.share_later) + ", typically from " + be.median +
                        " (eight in ten between " + be.p10 + " and " + be.p90 + ")");
      if (be.share_never > 0)
        parts.push_back("still above it at the end of the horizon in " +
                        num("%.0f%%", 100 * be.share_never) + " (no break-even within it)");
      if (be.share_same > 0)
        parts.push_back("the same as the base's in " + num("%.0f%%", 100 * be.share_same));
      for (std::size_t k = 0; k < parts.size(); ++k)
        out << (k == 0 ? "" : k + 1 == parts.size() ? "; and " : "; ") << parts[k];
      out << ".</li>";
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
                      p.path.find("turnover_rate") != std::string::npos ||
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
  if (const auto& history = r.history()) {
    // What the scenario was built from, as the results file keeps it.
    std::string years = "no years";
    if (!history->years.empty())
      years = std::to_string(history->years.front().year) +
              (history->years.size() > 1 ? " to " + std::to_string(history->years.back().year)
                                         : std::string());
    out << "<tr><th class=\"l\">history</th><td class=\"l\">"
        << esc(history->area.empty() ? std::string("(area not given)") : history->area)
        << (history->code.empty() ? "" : " (" + esc(history->code) + ")") << ", " << years << " at "
        << esc(count_date(history->snapshot_month)) << ", from " << esc(history->source)
        << "</td></tr>";
  }
  out << "</table>\n</body></html>\n";
}

}  // namespace wfsim
