#include "wfsim/analysis/report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "report_format.hpp"
#include "report_svg.hpp"
#include "report_words.hpp"
#include "wfsim/analysis/compare.hpp"
#include "wfsim/analysis/finance.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/parameters.hpp"
#include "wfsim/scenario/load.hpp"
#include "wfsim/stats/summary.hpp"
#include "wfsim/year_month.hpp"

namespace wfsim {

namespace {

using namespace report;

// Quantile levels as the results file orders them (QUANTILE_LEVELS).
constexpr std::size_t P10 = 1, P25 = 2, P50 = 3, P75 = 4, P90 = 5;

//! The financial years a medium-term financial plan covers when the scenario sets none.
constexpr std::size_t PLAN_YEARS = 3;
//! A first financial year with fewer months in the horizon than this is the year already
//! under way, not the plan's first.
constexpr double PLAN_FIRST_YEAR_MONTHS = 6;

const char* PAGE_STYLE =
    "@page{size:A4;margin:12mm 11mm 13mm}"
    "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1120px;margin:1.2em auto;"
    "padding:0 1.5em;color:#1a1a1a;line-height:1.38;font-size:15px}"
    "h1{font-size:1.55em;margin:.1em 0 .2em}"
    "h2{font-size:1.2em;border-bottom:2px solid #d0d0d0;margin:1.4em 0 .35em;padding-bottom:.1em}"
    "h3{font-size:.98em;margin:.5em 0 0}"
    "p{margin:.35em 0}.lede{color:#333}.unit,.note{color:#505050;font-size:.85em;margin:.1em 0}"
    ".sentence{margin:.3em 0}"
    "table{border-collapse:collapse;font-size:.86em;margin:.35em 0;width:100%}"
    "td,th{border-bottom:1px solid #dcdcdc;padding:2px 7px;text-align:right;vertical-align:top}"
    "td{white-space:nowrap}td.l{white-space:normal}"
    "th{background:#f2f2f2;font-weight:600}td.l,th.l{text-align:left}"
    "tr.group th{background:none;text-align:left;padding-top:.5em;border-bottom:1px solid #999}"
    ".range{color:#555;font-size:.9em}.muted{color:#777}"
    ".name{white-space:nowrap}.swatch{display:inline-block;width:.75em;height:.75em;"
    "margin-right:.3em;vertical-align:-.05em;border-radius:2px}"
    ".figures{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.9em 1.6em}"
    ".figure.wide{grid-column:1/-1}"
    ".panels{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.3em 1.6em}"
    ".figure:not(.wide) .panels{grid-template-columns:1fr}"
    ".areas{columns:2;column-gap:1.6em}.areas table{margin-top:0}"
    "table.words td.l+td.l{min-width:7em}"
    ".chart{width:100%;height:auto;display:block}"
    ".axis{stroke:#555}.grid{stroke:#e6e6e6}.yeargrid{stroke:#f0f0f0}"
    ".ylab{font-size:11px;text-anchor:end;fill:#333}.xlab{font-size:11px;text-anchor:middle;"
    "fill:#333}.legend{font-size:12px;fill:#222}"
    ".ref{fill:none;stroke:#1a1a1a;stroke-width:1.3}.ref.target{stroke-dasharray:6 3}"
    ".ref.establishment{stroke-dasharray:2 2}.reflab{font-size:11px;text-anchor:end;fill:#1a1a1a;"
    "paint-order:stroke;stroke:#fff;stroke-width:3px}"
    ".zero{stroke:#1a1a1a;stroke-width:1}.whisker{stroke:#1a1a1a;stroke-width:1}"
    ".mark{stroke:#1a1a1a;stroke-dasharray:3 2}.marklab{font-size:11px;"
    "fill:#1a1a1a;paint-order:stroke;stroke:#fff;stroke-width:3px}"
    ".actual,.actualkey{fill:#1a1a1a;stroke:#fff;stroke-width:1}"
    ".start{stroke:#999;stroke-dasharray:4 3}.startlab{font-size:10px;fill:#666}"
    ".keep,.figure{break-inside:avoid}h2,h3,p.unit{break-after:avoid}"
    "@media print{body{font-size:9pt;max-width:none;margin:0;padding:0}"
    "h2{margin-top:1em}tr{break-inside:avoid}"
    ".figures{gap:.5em 1.2em}.panels{gap:.2em 1.2em}}";

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
  // Results of a financial year; every other is of a month.
  const char* time_axis =
      metric == "spend_by_financial_year" || metric == "turnover" ? "financial_year" : "month";
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

//! The count date of a snapshot month, as the DfE names it: 9 is "30 September".
std::string count_date(int month) {
  static const int LAST_DAY[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int m = std::clamp(month, 1, 12);
  // February's last day depends on the year: said without one.
  return (m == 2 ? std::string("end of") : std::to_string(LAST_DAY[m - 1])) + " " + month_name(m);
}

//! The legend of the published figures.
std::string actuals_label(int snapshot_month) {
  return "DfE figures (" + count_date(snapshot_month) + ")";
}

//! What one strategy's column is headed by: its colour and name, never wrapped apart.
std::string column_head(const std::string& name, std::size_t k, bool left = false) {
  return std::string("<th class=\"name") + (left ? " l" : "") +
         "\"><span class=\"swatch\" style=\"background:" + std::string(colour_of(k)) +
         "\"></span>" + esc(name) + "</th>";
}

//! A row that heads a group of rows, across the table.
std::string group_row(std::size_t columns, const std::string& title) {
  return "<tr class=\"group\"><th colspan=\"" + std::to_string(columns) + "\">" + title +
         "</th></tr>\n";
}

//! Everything a section needs of the file, read once.
struct Page {
  const ResultsReader& r;
  //! Spend, agency, targets and the comparisons with the base, as the workbook has them.
  FinanceTables fin;
  std::vector<std::string> strategies;  // the base first, then the others in name order
  std::vector<Scenario> scenarios;      // by strategy, as strategies
  std::vector<std::string> months, years;
  std::vector<double> months_in_year;
  std::size_t last = 0;                       // the horizon's last month
  std::size_t plan_end = 0;                   // the last month of the medium-term financial plan
  std::size_t plan_first = 0, plan_last = 0;  // its financial years
  bool has_spend = false;  // false: the scenario costs nothing (no pay, no agency cost)
  bool has_permanence = false;
  std::map<std::string, const StrategyComparison*> compared;  // by strategy; none without
                                                              // trajectories

  const Scenario& base() const { return scenarios.front(); }
  bool comparing() const { return strategies.size() > 1; }
  std::string label(std::size_t k) const { return k == 0 ? "base" : strategies[k]; }
  //! The comparison of the `k`-th strategy with the base, if there is one.
  const StrategyComparison* comparison(std::size_t k) const {
    const auto c = compared.find(strategies[k]);
    return k == 0 || c == compared.end() ? nullptr : c->second;
  }
  //! Where a cost category is in the finance tables.
  std::size_t category(const std::string& name) const {
    const auto it = std::find(fin.categories.begin(), fin.categories.end(), name);
    if (it == fin.categories.end())
      throw UserError("damaged results file: no cost category '" + name + "'");
    return static_cast<std::size_t>(it - fin.categories.begin());
  }
  //! A strategy's difference from the base in cost category `name`, financial year `y`.
  const Difference* spend_difference(std::size_t k, const std::string& name, std::size_t y) const {
    const StrategyComparison* c = comparison(k);
    const std::size_t at = category(name) * years.size() + y;
    return c && at < c->spend_differences.size() ? &c->spend_differences[at] : nullptr;
  }
  //! The establishment group's id of a target, or "all".
  std::string group_of(const TargetSpec& t) const {
    return t.group >= 0 ? base().establishment[static_cast<std::size_t>(t.group)].id : "all";
  }
};

//! The opening of a table with one column per strategy from the `first`-th on.
std::string table_head(const Page& p, std::size_t first, const std::string& corner) {
  std::string html = "<table><tr><th class=\"l\">" + corner + "</th>";
  for (std::size_t k = first; k < p.strategies.size(); ++k) html += column_head(p.label(k), k);
  return html + "</tr>\n";
}

//! A difference in money on the same futures; "none" where it is none in every future.
std::string money_difference(const Difference& d, double scale_like = 0) {
  if (d.chance_same >= 1) return "<span class=\"muted\">none</span>";
  return money_interval(d.median, d.p10, d.p90, true, scale_like);
}

//! The file a history's figures came from, by name: not a path on someone's disk.
std::string file_name(const std::string& path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

//! A difference in money in words, in the unit of its interval: "£8k less than the base's
//! (eight in ten futures: −£216k to +£280k)", as the headline's table shows it.
std::string money_words(const Difference& d) {
  if (d.chance_same >= 1) return "the same as the base's in every future";
  const double like = std::max({std::abs(d.median), std::abs(d.p10), std::abs(d.p90)});
  const std::string median = money(std::abs(d.median), like);
  const bool zero = median.find_first_of("123456789") == std::string::npos;
  return (zero ? "about the same as the base's"
               : median + (d.median > 0 ? " more than the base's" : " less than the base's")) +
         " (eight in ten futures: " + money(d.p10, like, true) + " to " + money(d.p90, like, true) +
         ")";
}

std::string prices(const Page& p) {
  return p.fin.price_base == "real" ? "real terms (pounds of the first year)"
                                    : "cash (pounds of the day)";
}

//! The published figures of `measure` to draw, months from the first projected month.
std::vector<Point> actual_points(const Page& p, const std::string& measure, const std::string& unit,
                                 double& lo, double& hi) {
  std::vector<Point> points;
  const auto& history = p.r.history();
  if (!history) return points;
  const auto first = *YearMonth::parse(p.months.front());
  for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i) {
    if (HISTORY_MEASURES[i].name != measure) continue;
    for (const HistoryYear& y : history->years) {
      if (!y.figures[i] || !std::isfinite(*y.figures[i])) continue;
      const double v = *y.figures[i];
      const long at = (y.year - first.year) * 12L + (history->snapshot_month - first.month);
      if (at >= static_cast<long>(p.months.size())) continue;
      Point pt;
      pt.at = at;
      pt.value = v;
      pt.title = "DfE, " + count_date(history->snapshot_month) + " " + std::to_string(y.year) +
                 ": " + exact(v) + (unit == "%" ? "" : " ") + unit;
      pt.attributes = "data-measure=\"" + esc(measure) + "\" data-year=\"" +
                      std::to_string(y.year) + "\" data-value=\"" + exact(v) + "\"";
      points.push_back(std::move(pt));
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  return points;
}

FanSeries fan_series(const Page& p, std::size_t k, const Fan& f, double scale) {
  FanSeries s{p.strategies[k], p.label(k), colour_of(k), {}, {}, {}, {}, {}};
  auto scaled = [&](std::size_t level) {
    std::vector<double> v = f.q[level];
    for (double& x : v) x *= scale;
    return v;
  };
  s.p10 = scaled(P10), s.p25 = scaled(P25), s.p50 = scaled(P50), s.p75 = scaled(P75);
  s.p90 = scaled(P90);
  return s;
}

//! One measure over the months: its title, unit and where to read it.
struct MeasureChart {
  std::string id, family, category, title, unit;
  double scale = 1;
  std::string dfe_measure, dfe_unit;  //!< the published figures drawn on it, if any
  std::vector<Reference> targets;     //!< in the chart's unit
  bool establishment = false;         //!< draw the funded posts
  std::string note;                   //!< one line under the chart
  bool base_only = false;
};

//! A measure as small multiples: the base alone, or the base in grey with each strategy in
//! turn, all on one scale.
std::string figure(Page& p, const MeasureChart& c) {
  std::vector<Fan> fans;
  double lo = INFINITY, hi = -INFINITY;
  const std::size_t count = c.base_only ? 1 : p.strategies.size();
  for (std::size_t k = 0; k < count; ++k) {
    fans.push_back(fan(p.r, p.strategies[k], c.family, c.category));
    if (fans.back().times.size() != p.months.size())
      throw UserError("damaged results file: '" + c.family + "' of strategy '" + p.strategies[k] +
                      "' covers other months");
    for (std::size_t level : {P10, P90})
      for (double v : fans.back().q[level])
        if (std::isfinite(v)) lo = std::min(lo, v * c.scale), hi = std::max(hi, v * c.scale);
  }
  if (!std::isfinite(lo)) return "";  // undefined in every future: nothing to draw
  std::vector<Point> points;
  if (!c.dfe_measure.empty()) points = actual_points(p, c.dfe_measure, c.dfe_unit, lo, hi);
  std::vector<std::vector<double>> posts(count);
  if (c.establishment)
    for (std::size_t k = 0; k < count; ++k) {
      posts[k] = fan(p.r, p.strategies[k], "establishment_fte", c.category).q[P50];
      for (double v : posts[k])
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  for (const Reference& t : c.targets)
    lo = std::min(lo, t.values[0]), hi = std::max(hi, t.values[0]);
  FanPanel panel;
  panel.first = *YearMonth::parse(p.months.front());
  panel.months = p.months.size();
  panel.y = nice_axis(lo, hi);
  panel.references = c.targets;
  panel.points = points;
  if (!points.empty()) panel.points_label = actuals_label(p.r.history()->snapshot_month);
  std::string svgs;
  std::size_t panels = 0;
  const auto draw = [&](std::vector<std::size_t> ks) {
    FanPanel one = panel;
    one.label = c.title;
    for (std::size_t k : ks) {
      one.series.push_back(fan_series(p, k, fans[k], c.scale));
      one.label += (k == ks.front() ? ": " : " and ") + p.label(k);
    }
    if (c.establishment)
      one.references.push_back({"funded posts", "establishment", posts[ks.back()]});
    svgs += fan_panel(one);
    ++panels;
  };
  if (count == 1)
    draw({0});
  else
    for (std::size_t k = 1; k < count; ++k) draw({0, k});
  std::string html = "<div class=\"figure" + std::string(panels > 1 ? " wide" : "") + "\" id=\"" +
                     esc(c.id) + "\"><h3>" + esc(c.title) + "</h3><p class=\"unit\">" + c.unit +
                     "</p><div class=\"panels\">" + svgs + "</div>";
  if (!c.note.empty()) html += "<p class=\"note\">" + c.note + "</p>";
  return html + "</div>\n";
}

//! The base scenario's intakes that join the establishment's stages, in words, for the
//! saw-tooth they draw: "each September (graduate_asye)".
std::string intake_note(const Page& p) {
  const Scenario& sc = p.base();
  std::map<int, std::vector<std::string>> by_month;
  for (const IntakeSpec& in : sc.intakes) {
    const bool counted = std::any_of(
        sc.establishment.begin(), sc.establishment.end(), [&](const EstablishmentGroup& g) {
          return std::find(g.stages.begin(), g.stages.end(), in.stage) != g.stages.end();
        });
    if (counted) by_month[in.month_of_year].push_back(in.id);
  }
  if (by_month.empty()) return "";
  std::string when;
  for (const auto& [month, ids] : by_month) {
    std::string names;
    for (const auto& id : ids) names += (names.empty() ? "" : ", ") + id;
    when += (when.empty() ? "" : " and ") + month_name(month) + " (" + esc(names) + ")";
  }
  return "The saw-tooth: FTE in post steps up each " + when +
         " when the year's intake starts, then falls as people leave until the next.";
}

//! The page's opening: what was projected, and the headline of each strategy.
void headline(const Page& p, std::ostream& out) {
  const std::string end = p.months[p.last];
  const std::size_t n = p.months.size();
  out << "<section id=\"headline\" class=\"keep\"><h1>" << esc(p.r.attribute("scenario_name"))
      << "</h1>\n<p class=\"lede\">Projection from " << esc(p.months.front()) << " to " << esc(end)
      << " (" << n << " months) in " << number(double(p.r.replications()), 0)
      << " simulated futures. ";
  if (p.comparing())
    out << "Each strategy is compared with the <b>base</b>, the scenario as it stands, on the "
           "same futures: the differences come from the strategy, not from chance. ";
  if (p.has_spend) out << "Money in " << prices(p) << ".";
  out << "</p>\n";

  const Scenario& base = p.base();
  // Targets: each checked at the end of the horizon (monthly) or over its last financial year.
  struct TargetRow {
    std::string title;
    std::vector<double> chance;  // by strategy
  };
  std::vector<TargetRow> targets;
  const std::size_t last_year = p.years.size() - 1;
  for (const TargetSpec& spec : base.targets) {
    TargetRow row;
    row.title =
        esc(spec.description.empty() ? spec.name : spec.description) + ": chance " +
        (spec.yearly()
             ? "in " + p.years[last_year] +
                   (p.fin.part_year(last_year)
                        ? " (part year: " + number(p.months_in_year[last_year], 0) + " months)"
                        : "")
             : "at " + end);
    const std::string when = spec.yearly() ? p.years[last_year] : p.fin.year_ends.back();
    for (const auto& s : p.strategies)
      for (const TargetChance& t : p.fin.targets)
        if (t.strategy == s && t.target == spec.name && t.when == when)
          row.chance.push_back(t.chance);
    if (row.chance.size() == p.strategies.size()) targets.push_back(std::move(row));
  }

  // Each strategy in one sentence.
  const auto& agency = p.fin.agency_fte;  // at each financial year's end: the last is the end
  if (!p.comparing()) {
    const Fan base_spend = fan(p.r, "base", "cumulative_cost", "total");
    out << "<p class=\"sentence\">As the scenario stands, agency FTE at " << esc(end) << " is "
        << number(agency[0].back().median, 1) << " FTE (eight in ten futures between "
        << number(agency[0].back().p10, 1) << " and " << number(agency[0].back().p90, 1) << ")";
    if (p.has_spend)
      // One unit for the three, as the tables give them (never "£9.8m (£950k to £1.2m)").
      out << " and all spend over the " << n << " months is "
          << money_interval(base_spend.q[P50][p.last], base_spend.q[P10][p.last],
                            base_spend.q[P90][p.last]);
    out << ".</p>\n";
  }
  for (std::size_t k = 1; k < p.strategies.size(); ++k) {
    const Scenario& sc = p.scenarios[k];
    // The swatch and the name never wrap apart.
    out << "<p class=\"sentence\"><span class=\"name\"><span class=\"swatch\" "
           "style=\"background:"
        << colour_of(k) << "\"></span><b>" << esc(p.strategies[k]) << "</b></span>";
    if (!sc.strategy_description.empty()) out << " (" << esc(sc.strategy_description) << ")";
    out << ": " << number(agency[k].back().median, 1) << " agency FTE at " << esc(end)
        << " against " << number(agency[0].back().median, 1) << " in the base (medians)";
    if (const StrategyComparison* c = p.comparison(k); c && p.has_spend) {
      out << "; all spend over the " << n << " months " << money_words(c->spend_so_far[p.last])
          << "; ";
      if (!c->payback.month.empty())
        out << "it costs less than the base in most futures from " << esc(c->payback.month);
      else if (c->break_even.first_difference.empty())
        out << "it changes no spend";
      else if (c->payback.chance <= 0)
        out << "it has not paid for itself by " << esc(end) << " in any future";
      else if (c->payback.chance > 0.5)
        out << "it has paid for itself by " << esc(end) << " in " << percent(c->payback.chance, 0)
            << " of futures";
      else
        out << "it has not paid for itself by " << esc(end) << " in most futures (it has in "
            << percent(c->payback.chance, 0) << " of them)";
    }
    out << ".</p>\n";
  }

  // The same numbers as a table, one column per strategy.
  out << "<table class=\"headline\"><tr><th class=\"l\"></th>";
  for (std::size_t k = 0; k < p.strategies.size(); ++k) out << column_head(p.label(k), k);
  out << "</tr>\n";
  auto row = [&](const std::string& title, auto cell) {
    out << "<tr><td class=\"l\">" << title << "</td>";
    for (std::size_t k = 0; k < p.strategies.size(); ++k) out << "<td>" << cell(k) << "</td>";
    out << "</tr>\n";
  };
  const std::string dash = "<span class=\"muted\">&ndash;</span>";
  for (const TargetRow& t : targets)
    row(t.title, [&](std::size_t k) { return percent(t.chance[k], 0); });
  if (p.has_permanence) {
    const std::string group = "all";
    row("Permanence at " + end + ": permanent share of FTE working, all posts", [&](std::size_t k) {
      const Fan f = fan(p.r, p.strategies[k], "permanence", group);
      return percent_interval(f.q[P50][p.last], f.q[P10][p.last], f.q[P90][p.last]);
    });
  }
  row("Agency FTE at " + end, [&](std::size_t k) {
    const QuantileRange& a = agency[k].back();
    return interval(a.median, a.p10, a.p90, 1);
  });
  row("Vacancy rate at " + end + ", % of funded posts", [&](std::size_t k) {
    const Fan f = fan(p.r, p.strategies[k], "vacancy_rate", "all");
    return percent_interval(f.q[P50][p.last], f.q[P10][p.last], f.q[P90][p.last]);
  });
  if (p.has_spend) {
    const std::string plan_end = p.months[p.plan_end];
    std::vector<Fan> spend;
    for (const auto& s : p.strategies) spend.push_back(fan(p.r, s, "cumulative_cost", "total"));
    row("All spend, " + p.months.front() + " to " + end, [&](std::size_t k) {
      return money_interval(spend[k].q[P50][p.last], spend[k].q[P10][p.last],
                            spend[k].q[P90][p.last]);
    });
    auto difference = [&](std::size_t k, std::size_t t) -> std::string {
      const StrategyComparison* c = p.comparison(k);
      return c ? money_difference(c->spend_so_far[t]) : dash;
    };
    if (!p.compared.empty())
      row("&nbsp;&nbsp;difference from the base",
          [&](std::size_t k) { return difference(k, p.last); });
    if (p.plan_end != p.last) {
      row("All spend to the end of the financial plan, " + plan_end, [&](std::size_t k) {
        return money_interval(spend[k].q[P50][p.plan_end], spend[k].q[P10][p.plan_end],
                              spend[k].q[P90][p.plan_end]);
      });
      if (!p.compared.empty())
        row("&nbsp;&nbsp;difference from the base",
            [&](std::size_t k) { return difference(k, p.plan_end); });
    }
    if (!p.compared.empty()) {
      row("Pays for itself: costs less than the base in most futures from", [&](std::size_t k) {
        const StrategyComparison* c = p.comparison(k);
        if (!c) return dash;
        if (c->break_even.first_difference.empty()) return std::string("no change in spend");
        return c->payback.month.empty() ? "not by " + end : c->payback.month;
      });
      row("Chance it has paid for itself by " + end, [&](std::size_t k) {
        const StrategyComparison* c = p.comparison(k);
        return c ? percent(c->payback.chance, 0) : dash;
      });
      row("Present value of the difference in spend", [&](std::size_t k) {
        const StrategyComparison* c = p.comparison(k);
        return c ? money_difference(c->payback.present_value) : dash;
      });
    }
  }
  out << "</table>\n<p class=\"note\">Medians, with eight in ten futures (P10 to P90) in "
         "brackets";
  if (!p.compared.empty())
    out << "; differences are the strategy's less the base's, on the same futures";
  out << ".";
  if (p.has_spend && p.plan_end != p.last) {
    out << " The medium-term financial plan is taken to be the three financial years "
        << p.years[p.plan_first] << " to " << p.years[p.plan_last]
        << " (the scenario sets none: the first year with at least six months in the "
           "projection, and the two after it).";
  }
  if (p.has_spend && !p.compared.empty())
    out << " A strategy pays for itself from the month after which its spend so far stays "
           "below the base's in most futures.";
  if (!p.has_spend) out << " The scenario gives no pay or costs, so the report shows no spend.";
  if (p.comparing() && p.compared.empty())
    out << " Differences from the base need every future's results: run again without "
           "--summary-only.";
  out << "</p></section>\n";
}

//! The workforce over the months, each measure as small multiples.
void workforce_charts(Page& p, std::ostream& out) {
  const Scenario& base = p.base();
  auto targets_for = [&](TargetSpec::Measure m, const std::string& group, double scale,
                         const std::string& unit) {
    std::vector<Reference> refs;
    for (const TargetSpec& t : base.targets)
      if (t.measure == m && (p.group_of(t) == group || m == TargetSpec::Measure::average_caseload))
        refs.push_back({"target " + (t.at_least ? std::string("at least ") : "at most ") +
                            trimmed(t.threshold * scale, 1) + unit,
                        "target",
                        {t.threshold * scale}});
    return refs;
  };
  // A chart of a group's measure shows the group a target watches, if any.
  auto group_for = [&](TargetSpec::Measure m) {
    for (const TargetSpec& t : base.targets)
      if (t.measure == m) return p.group_of(t);
    return std::string("all");
  };
  auto of_group = [](const std::string& group) {
    return group == "all" ? std::string() : ", posts of " + group;
  };

  out << "<h2 id=\"charts\">How the workforce develops</h2>\n<p class=\"unit\">";
  if (p.comparing())
    out << "The base in grey, each strategy in its colour in a chart of its own, on the same "
           "scale. ";
  out << "Lines are medians; the darker band holds the middle half of futures (P25 to P75), "
         "the lighter one eight in ten (P10 to P90).</p>\n<div class=\"figures\">\n";
  if (p.has_permanence) {
    const std::string g = group_for(TargetSpec::Measure::permanence);
    out << figure(p, {"permanence", "permanence", g, "Permanence" + of_group(g),
                      "Permanent FTE as a % of all FTE working (permanent and agency)", 100, "", "",
                      targets_for(TargetSpec::Measure::permanence, g, 100, "%"), false, "", false});
  }
  out << figure(p, {"agency",
                    "agency_fte",
                    "all",
                    "Agency workers",
                    "Agency FTE",
                    1,
                    "agency_fte",
                    "FTE",
                    {},
                    false,
                    "",
                    false});
  out << figure(p, {"in_post",
                    "fte_in_post",
                    "all",
                    "Permanent staff in post",
                    "FTE in post, with the funded posts (establishment, median) dotted",
                    1,
                    "inpost_fte",
                    "FTE",
                    {},
                    true,
                    intake_note(p),
                    false});
  {
    const std::string g = group_for(TargetSpec::Measure::vacancy_rate);
    // The DfE's vacancy rate is over the whole workforce: drawn on the chart of all groups.
    out << figure(
        p, {"vacancy", "vacancy_rate", g, "Vacancy rate" + of_group(g),
            "Vacant FTE as a % of funded posts", 100, g == "all" ? "vacancy_rate_fte" : "", "%",
            targets_for(TargetSpec::Measure::vacancy_rate, g, 100, "%"), false, "", false});
  }
  if (p.r.has_dataset("base", "average_caseload_quantiles"))
    out << figure(
        p, {"caseload", "average_caseload", "", "Average caseload",
            "Open cases per case-holding FTE, agency included", 1, "", "",
            targets_for(TargetSpec::Measure::average_caseload, "", 1, ""), false, "", false});
  out << "</div>\n";
}

//! Spend by financial year: agency spend as bars, its difference from the base, and a table.
void money_section(Page& p, std::ostream& out) {
  if (!p.has_spend) return;
  bool part = false;
  std::vector<bool> part_year;
  for (double m : p.months_in_year) part_year.push_back(m < 12), part = part || m < 12;
  const std::string part_note =
      part ? " A year marked * is cut short by the horizon: its spend covers only those months."
           : "";
  out << "<h2 id=\"spend\">Spend by financial year (April to March)</h2>\n";
  out << "<div class=\"figures\">\n";
  // Spend as the finance tables hold it: [strategy][category][year].
  const std::size_t agency = p.category("agency"), total = p.category("total");
  double hi = 0;
  for (const auto& by_category : p.fin.spend)
    for (const QuantileRange& r : by_category[agency]) hi = std::max(hi, r.p90 / 1e6);
  auto bars = [&](std::size_t k, const std::string& label,
                  const std::vector<QuantileRange>& ranges) {
    BarSeries b{p.strategies[k], label, colour_of(k), {}, {}, {}};
    for (const QuantileRange& r : ranges)
      b.p10.push_back(r.p10 / 1e6), b.p50.push_back(r.median / 1e6), b.p90.push_back(r.p90 / 1e6);
    return b;
  };
  {
    std::string svgs;
    std::size_t panels = 0;
    for (std::size_t k = p.comparing() ? 1 : 0; k < p.strategies.size(); ++k) {
      BarPanel one;
      one.years = p.years;
      one.part_year = part_year;
      one.y = nice_axis(0, hi);
      one.label = "Agency spend by financial year: ";
      if (k > 0) {
        one.series.push_back(bars(0, p.label(0), p.fin.spend[0][agency]));
        one.label += "base and ";
      }
      one.series.push_back(bars(k, p.label(k), p.fin.spend[k][agency]));
      one.label += p.label(k);
      svgs += bar_panel(one);
      ++panels;
    }
    out << "<div class=\"figure" << (panels > 1 ? " wide" : "")
        << "\" id=\"agency_spend\"><h3>Agency spend</h3><p class=\"unit\">&pound; million a "
           "financial year; bars are medians, lines eight in ten futures</p><div "
           "class=\"panels\">"
        << svgs << "</div></div>\n";
  }
  // Each strategy's difference from the base on the same futures, from the comparisons.
  auto differences = [&](std::size_t k, std::size_t category) {
    std::vector<QuantileRange> ranges;
    for (std::size_t y = 0; y < p.years.size(); ++y)
      if (const Difference* d = p.spend_difference(k, p.fin.categories[category], y))
        ranges.push_back({d->p10, d->median, d->p90});
    return ranges;
  };
  if (!p.compared.empty()) {
    std::string svgs;
    double lo = 0, top = 0;
    for (std::size_t k = 1; k < p.strategies.size(); ++k)
      for (const QuantileRange& r : differences(k, agency))
        lo = std::min({lo, r.p10 / 1e6, r.median / 1e6}),
        top = std::max({top, r.p90 / 1e6, r.median / 1e6});
    std::size_t panels = 0;
    for (std::size_t k = 1; k < p.strategies.size(); ++k) {
      if (!p.comparison(k)) continue;
      BarPanel one;
      one.label = "Difference in agency spend from the base: " + p.strategies[k];
      one.years = p.years;
      one.part_year = part_year;
      one.y = nice_axis(lo, top);
      one.series.push_back(bars(k, p.label(k) + " less the base", differences(k, agency)));
      svgs += bar_panel(one);
      ++panels;
    }
    out << "<div class=\"figure" << (panels > 1 ? " wide" : "")
        << "\" id=\"agency_spend_difference\"><h3>Agency spend: difference from the base</h3><p "
           "class=\"unit\">&pound; million a financial year, strategy less base on the same "
           "futures; below zero is a saving</p><div class=\"panels\">"
        << svgs << "</div></div>\n";
  }
  out << "</div>\n";
  if (!part_note.empty()) out << "<p class=\"note\">" << part_note << "</p>\n";

  // The tables: spend, then its difference from the base, one column per strategy.
  auto year_label = [&](std::size_t y) { return p.years[y] + (part_year[y] ? "*" : ""); };
  const std::string part_key = part ? "<p class=\"note\">* part year</p>" : "";
  out << "<div class=\"keep\"><h3>Spend by financial year</h3><p class=\"unit\">Medians with "
         "eight in ten futures, "
      << prices(p) << "</p>" << table_head(p, 0, "Financial year");
  for (const auto& [title, category] : {std::pair{"All spend", total}, {"Agency spend", agency}}) {
    out << group_row(p.strategies.size() + 1, title);
    double like = 0;  // one unit for the group: £ million or £ thousand
    for (const auto& by_category : p.fin.spend)
      for (const QuantileRange& r : by_category[category])
        like = std::max({like, std::abs(r.p10), std::abs(r.p90)});
    for (std::size_t y = 0; y < p.years.size(); ++y) {
      out << "<tr><td class=\"l\">" << year_label(y) << "</td>";
      for (const auto& by_category : p.fin.spend) {
        const QuantileRange& r = by_category[category][y];
        out << "<td>" << money_interval(r.median, r.p10, r.p90, false, like) << "</td>";
      }
      out << "</tr>\n";
    }
  }
  // The present value: the file's, each strategy's.
  out << group_row(p.strategies.size() + 1,
                   "Present value of all spend (each year discounted from the first)");
  out << "<tr><td class=\"l\">" << esc(p.months.front()) << " to " << esc(p.months[p.last])
      << "</td>";
  for (const auto& s : p.strategies) {
    const ResultsArray pv = p.r.read(s, "present_value_quantiles");  // [category, quantile]
    p.r.check_quantile_levels(s);
    const auto cats = p.r.axis_labels(s, "cost_category");
    const auto c =
        static_cast<std::size_t>(std::find(cats.begin(), cats.end(), "total") - cats.begin());
    if (pv.dims != std::vector<std::string>{"cost_category", "quantile"} || c == cats.size())
      throw UserError("damaged results file: 'strategies/" + s +
                      "/present_value_quantiles' is not laid out as cost_category, quantile");
    const auto q = [&](std::size_t k) { return pv.values[c * QUANTILE_COUNT + k]; };
    out << "<td>" << money_interval(q(P50), q(P10), q(P90)) << "</td>";
  }
  out << "</tr>\n</table>" << part_key << "</div>\n";

  if (p.compared.empty()) return;
  out << "<div class=\"keep\"><h3>Spend: difference from the base</h3><p class=\"unit\">"
         "Strategy less base on the same futures: medians with eight in ten futures; below "
         "zero is a saving</p>"
      << table_head(p, 1, "Financial year");
  for (const auto& [title, category] : {std::pair{"All spend", total}, {"Agency spend", agency}}) {
    out << group_row(p.strategies.size(), title);
    double like = 0;  // one unit for the group
    for (std::size_t k = 1; k < p.strategies.size(); ++k)
      for (const QuantileRange& r : differences(k, category))
        like = std::max({like, std::abs(r.p10), std::abs(r.p90)});
    for (std::size_t y = 0; y < p.years.size(); ++y) {
      out << "<tr><td class=\"l\">" << year_label(y) << "</td>";
      for (std::size_t k = 1; k < p.strategies.size(); ++k) {
        const Difference* d = p.spend_difference(k, p.fin.categories[category], y);
        out << "<td>" << (d ? money_difference(*d, like) : "") << "</td>";
      }
      out << "</tr>\n";
    }
  }
  out << "</table>" << part_key << "</div>\n";
}

//! When each strategy pays for itself: the difference in spend so far, and the shares.
void break_even_section(Page& p, std::ostream& out) {
  if (p.compared.empty() || !p.has_spend) return;
  out << "<h2 id=\"breakeven\">When each strategy pays for itself</h2>\n<div class=\"figures\">\n";
  double lo = 0, hi = 0;
  for (const auto& [name, c] : p.compared)
    for (const Difference& d : c->spend_so_far) lo = std::min(lo, d.p10), hi = std::max(hi, d.p90);
  const bool millions = std::max(std::abs(lo), std::abs(hi)) >= 1e6;
  const double scale = millions ? 1e-6 : 1e-3;
  std::string svgs;
  std::size_t panels = 0;
  for (std::size_t k = 1; k < p.strategies.size(); ++k) {
    const StrategyComparison* c = p.comparison(k);
    if (!c) continue;
    FanSeries s{p.strategies[k], p.label(k) + " less the base", colour_of(k), {}, {}, {}, {}, {}};
    for (const Difference& d : c->spend_so_far)
      s.p10.push_back(d.p10 * scale), s.p50.push_back(d.median * scale),
          s.p90.push_back(d.p90 * scale);
    FanPanel panel;
    panel.label = "All spend so far, difference from the base: " + p.strategies[k];
    panel.first = *YearMonth::parse(p.months.front());
    panel.months = p.months.size();
    panel.y = nice_axis(lo * scale, hi * scale);
    panel.zero_line = true;
    panel.series.push_back(std::move(s));
    panel.marked_month = c->payback.month;
    panel.marked_label = "pays for itself from " + panel.marked_month;
    svgs += fan_panel(panel);
    ++panels;
  }
  out << "<div class=\"figure" << (panels > 1 ? " wide" : "")
      << "\" id=\"spend_so_far_difference\"><h3>All spend so far: difference from the "
         "base</h3><p class=\"unit\">&pound; "
      << (millions ? "million" : "thousand")
      << ", strategy less base on the same futures, from the first month: median and eight in "
         "ten futures; below zero the strategy has cost less</p><div class=\"panels\">"
      << svgs << "</div></div>\n</div>\n";

  out << "<div class=\"keep\"><table><tr><th class=\"l\">Share of futures in which the "
         "strategy's spend so far</th>";
  for (std::size_t k = 1; k < p.strategies.size(); ++k) out << column_head(p.label(k), k);
  out << "</tr>\n";
  auto row = [&](const std::string& title, auto cell) {
    out << "<tr><td class=\"l\">" << title << "</td>";
    for (std::size_t k = 1; k < p.strategies.size(); ++k) {
      const StrategyComparison* c = p.comparison(k);
      out << "<td>" << (c ? cell(*c) : "") << "</td>";
    }
    out << "</tr>\n";
  };
  const std::string end = p.months[p.last];
  row("first differs from the base's in", [](const StrategyComparison& c) {
    return c.break_even.first_difference.empty() ? std::string("never")
                                                 : c.break_even.first_difference;
  });
  row("is never above the base's (cheaper from the start)",
      [](const StrategyComparison& c) { return percent(c.break_even.share_from_start, 0); });
  row("is above it at first, then at or below it for good",
      [](const StrategyComparison& c) { return percent(c.break_even.share_later, 0); });
  row("&nbsp;&nbsp;from (median, with eight in ten of those futures)",
      [](const StrategyComparison& c) {
        const BreakEven& b = c.break_even;
        return b.median.empty()
                   ? std::string("<span class=\"muted\">&ndash;</span>")
                   : b.median + " <span class=\"range\">(" + b.p10 + " to " + b.p90 + ")</span>";
      });
  row("is still above it at " + end,
      [](const StrategyComparison& c) { return percent(c.break_even.share_never, 0); });
  row("never differs from the base's",
      [](const StrategyComparison& c) { return percent(c.break_even.share_same, 0); });
  row("<b>is below the base's in most futures from</b>", [&](const StrategyComparison& c) {
    return c.payback.month.empty() ? "not by " + end : "<b>" + c.payback.month + "</b>";
  });
  out << "</table><p class=\"note\">Counted from the first month a strategy changes spend; "
         "before that its spend is the base's.";
  for (std::size_t k = 1; k < p.strategies.size(); ++k)
    if (const StrategyComparison* c = p.comparison(k); c && c->precision_gain > 1)
      out << " Compared on the same futures, the difference " << esc(p.strategies[k])
          << " makes to all spend over the horizon is " << number(c->precision_gain, 0)
          << " times less variable than between unrelated futures.";
  out << "</p></div>\n";
}

//! The chance of each target, at each financial year end or over each year.
void targets_section(const Page& p, std::ostream& out) {
  const Scenario& base = p.base();
  if (p.fin.targets.empty()) return;
  out << "<h2 id=\"targets\">Chance of meeting each target</h2><p class=\"unit\">Share of "
         "futures meeting the target at the end of each financial year (targets checked each "
         "month) or over the year (turnover, agency spend)</p>\n<div class=\""
      << (p.strategies.size() <= 2 ? "figures" : "") << "\">\n";
  for (const TargetSpec& spec : base.targets) {
    out << "<div class=\"keep\"><h3>"
        << esc(spec.description.empty() ? spec.name : spec.description) << "</h3>"
        << table_head(p, 0, "");
    for (std::size_t y = 0; y < p.years.size(); ++y) {
      const std::string when = spec.yearly() ? p.years[y] : p.fin.year_ends[y];
      out << "<tr><td class=\"l\">"
          << (spec.yearly() ? "in " + when + (p.fin.part_year(y) ? " (part year)" : "")
                            : "at " + when)
          << "</td>";
      for (const auto& s : p.strategies) {
        out << "<td>";
        for (const TargetChance& t : p.fin.targets)
          if (t.strategy == s && t.target == spec.name && t.when == when)
            out << percent(t.chance, 0);
        out << "</td>";
      }
      out << "</tr>\n";
    }
    out << "</table></div>\n";
  }
  out << "</div>\n";
}

//! The measures at each financial year end, a table each, one column per strategy.
void year_end_table(const Page& p, std::ostream& out) {
  std::vector<std::size_t> ends;
  for (std::size_t t = 0; t < p.months.size(); ++t)
    if (p.months[t].substr(5) == "03" || t == p.last) ends.push_back(t);
  struct Measure {
    std::string title, family;
    bool share;
  };
  std::vector<Measure> measures;
  if (p.has_permanence) measures.push_back({"Permanence, % of FTE working", "permanence", true});
  measures.push_back({"Agency FTE", "agency_fte", false});
  measures.push_back({"Permanent FTE in post", "fte_in_post", false});
  measures.push_back({"Vacancy rate, % of funded posts", "vacancy_rate", true});
  out << "<h2 id=\"table\">At each financial year end</h2><p class=\"unit\">Medians with eight "
         "in ten futures, all posts, at the end of each March and of the horizon</p>\n<div "
         "class=\""
      << (p.strategies.size() <= 2 ? "figures" : "") << "\">\n";
  for (const Measure& m : measures) {
    std::vector<Fan> fans;
    for (const auto& s : p.strategies) fans.push_back(fan(p.r, s, m.family, "all"));
    out << "<div class=\"keep\"><h3>" << m.title << "</h3>" << table_head(p, 0, "");
    for (std::size_t e : ends) {
      out << "<tr><td class=\"l\">" << p.months[e] << "</td>";
      for (const Fan& f : fans)
        out << "<td>"
            << (m.share ? percent_interval(f.q[P50][e], f.q[P10][e], f.q[P90][e])
                        : interval(f.q[P50][e], f.q[P10][e], f.q[P90][e], 1))
            << "</td>";
      out << "</tr>\n";
    }
    out << "</table></div>\n";
  }
  if (p.r.has_dataset("base", "turnover_quantiles")) {
    // A measure of each financial year, not of its last month: a part year is annualised.
    std::vector<Fan> fans;
    for (const auto& s : p.strategies) fans.push_back(fan(p.r, s, "turnover", "all"));
    out << "<div class=\"keep\"><h3>Turnover in the year, % (leavers / average staff, a "
           "year)</h3>"
        << table_head(p, 0, "");
    for (std::size_t y = 0; y < p.years.size(); ++y) {
      out << "<tr><td class=\"l\">" << p.years[y] << (p.fin.part_year(y) ? "*" : "") << "</td>";
      for (const Fan& f : fans)
        out << "<td>" << percent_interval(f.q[P50][y], f.q[P10][y], f.q[P90][y]) << "</td>";
      out << "</tr>\n";
    }
    out << "</table>"
        << (std::any_of(p.months_in_year.begin(), p.months_in_year.end(),
                        [](double m) { return m < 12; })
                ? "<p class=\"note\">* part year, annualised</p>"
                : "")
        << "</div>\n";
  }
  out << "</div>\n";
}

//! The DfE's measures as the model counts them: the base only, for checking a calibration.
void dfe_section(Page& p, std::ostream& out) {
  if (!p.r.has_dataset("base", "dfe_fte_quantiles")) return;
  struct DfeChart {
    const char *family, *measure, *title, *unit, *point_unit;
  };
  const DfeChart charts[] = {
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
  const auto& history = p.r.history();
  std::ostringstream figures;
  for (const DfeChart& c : charts)
    figures << figure(p, {std::string("dfe_") + c.measure,
                          c.family,
                          c.measure,
                          c.title,
                          c.unit,
                          1,
                          c.measure,
                          c.point_unit,
                          {},
                          false,
                          "",
                          true});
  if (figures.str().empty()) return;
  out << "<h2 id=\"dfe\">As the DfE counts them</h2>\n<p class=\"unit\">The measures of the "
         "DfE's children's social work workforce statistics, as the model counts them at the "
         "end of each month, for the base: starters and leavers over the 12 months to the "
         "month, rates in percent. At each "
      << esc(count_date(history ? history->snapshot_month
                                : static_cast<int>(p.r.has_attribute("dfe_snapshot_month")
                                                       ? p.r.int_attribute("dfe_snapshot_month")
                                                       : 9)))
      << " they count what the DfE's figures count.";
  if (history)
    out << " Points are the DfE's published figures for "
        << (history->area.empty() ? std::string("the area") : esc(history->area))
        << (history->code.empty() ? "" : " (" + esc(history->code) + ")") << ", from "
        << esc(file_name(history->source)) << ".";
  out << "</p>\n<div class=\"figures\">\n" << figures.str() << "</div>\n";
}

//! The assumptions the strategies change, in words, one column per strategy.
void changes_section(const Page& p, std::ostream& out) {
  if (!p.comparing()) return;
  const Scenario& base = p.base();
  std::ostringstream rows;
  for (std::size_t i = 0; i < base.parameters.size(); ++i) {
    const Assumption a = in_words(base.parameters[i], base);
    std::vector<std::string> values;
    bool differs = false;
    for (std::size_t k = 1; k < p.scenarios.size(); ++k) {
      values.push_back(in_words(p.scenarios[k].parameters[i], p.scenarios[k]).value);
      differs = differs || values.back() != a.value;
    }
    if (!differs) continue;
    rows << "<tr><td class=\"l\">" << esc(a.what) << "</td><td class=\"l\">" << a.value << "</td>";
    for (const auto& v : values)
      rows << "<td class=\"l\">" << (v == a.value ? "<span class=\"muted\">as the base</span>" : v)
           << "</td>";
    rows << "</tr>\n";
  }
  if (rows.str().empty()) return;
  out << "<div class=\"keep\"><h2 id=\"differences\">What the strategies change</h2><table "
         "class=\"words\"><tr>"
         "<th class=\"l\">Assumption</th>";
  for (std::size_t k = 0; k < p.strategies.size(); ++k) out << column_head(p.label(k), k, true);
  out << "</tr>\n" << rows.str() << "</table></div>\n";
}

//! The base scenario's assumptions in words: a row for each stage, then the rest by area.
void assumptions_section(const Page& p, std::ostream& out) {
  const Scenario& sc = p.base();
  auto words = [&](ParamId id) {
    return id >= 0 ? in_words(sc.parameters[static_cast<std::size_t>(id)], sc).value
                   : std::string();
  };
  std::vector<bool> shown(sc.parameters.size(), false);
  auto mark = [&](ParamId id) {
    if (id >= 0) shown[static_cast<std::size_t>(id)] = true;
  };
  out << "<h2 id=\"assumptions\">Assumptions</h2>\n<div class=\"keep\"><h3>Staff by "
         "stage</h3><p class=\"unit\">At the start, "
      << esc(sc.start.str())
      << "; numbers drawn anew in each future are given as distributions</p><table "
         "class=\"words\"><tr><th "
         "class=\"l\">Stage</th><th>People</th><th>FTE a person</th><th class=\"l\">Salary "
         "before on-costs</th><th class=\"l\">Leaving</th><th class=\"l\">Moving on</th></tr>\n";
  for (const StageSpec& st : sc.stages) {
    std::string leaving;
    for (std::size_t b = 0; b < st.leaving_by_tenure.size(); ++b) {
      const ParamId id = st.leaving_by_tenure[b];
      const Assumption a = in_words(sc.parameters[static_cast<std::size_t>(id)], sc);
      // The band is in the assumption's name after the comma.
      const auto comma = a.what.rfind(", ");
      leaving += (leaving.empty() ? "" : "<br>") +
                 (st.leaving_by_tenure.size() > 1 && comma != std::string::npos
                      ? esc(a.what.substr(comma + 2)) + ": "
                      : std::string()) +
                 a.value;
      mark(id);
    }
    leaving = (st.leaving_as_turnover ? "turnover " : "chance of leaving ") + leaving;
    std::string moving;
    mark(st.completion_probability);  // used by time-based stages only
    if (st.timed()) {
      moving = "after " + std::to_string(st.duration_months) + " months, " +
               words(st.completion_probability) + " complete";
      if (st.next_stage >= 0)
        moving += " to " + esc(sc.stages[static_cast<std::size_t>(st.next_stage)].label.empty()
                                   ? sc.stages[static_cast<std::size_t>(st.next_stage)].id
                                   : sc.stages[static_cast<std::size_t>(st.next_stage)].label);
      mark(st.completion_probability);
    }
    for (const Promotion& pr : st.promotions) {
      const StageSpec& to = sc.stages[static_cast<std::size_t>(pr.to_stage)];
      moving += (moving.empty() ? "" : "<br>") + std::string("promoted to ") +
                esc(to.label.empty() ? to.id : to.label) + ": " + words(pr.annual_rate);
      mark(pr.annual_rate);
    }
    mark(st.fte_per_head);
    mark(st.annual_salary);
    out << "<tr><td class=\"l\">" << esc(st.label.empty() ? st.id : st.label) << "</td><td>"
        << st.headcount << "</td><td>" << words(st.fte_per_head) << "</td><td class=\"l\">"
        << words(st.annual_salary) << "</td><td class=\"l\">" << leaving << "</td><td class=\"l\">"
        << (moving.empty() ? "&ndash;" : moving) << "</td></tr>\n";
  }
  out << "</table></div>\n";

  // Intakes and posts: a row each, a column for each of their numbers the scenario gives.
  struct Column {
    std::string head;
    std::vector<ParamId> ids;  // by row; -1 where the row has none
  };
  auto entity_table = [&](const std::string& title, const std::vector<std::string>& rows,
                          const std::vector<Column>& columns) {
    if (rows.empty()) return;
    std::vector<const Column*> shown_columns;
    for (const Column& c : columns) {
      bool worth = false;
      for (ParamId id : c.ids)
        if (id >= 0) {
          worth = worth || in_words(sc.parameters[static_cast<std::size_t>(id)], sc).worth_listing;
          mark(id);
        }
      if (worth) shown_columns.push_back(&c);
    }
    out << "<div class=\"keep\"><h3>" << title
        << "</h3><table class=\"words\"><tr><th "
           "class=\"l\"></th>";
    for (const Column* c : shown_columns) out << "<th class=\"l\">" << c->head << "</th>";
    out << "</tr>\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      out << "<tr><td class=\"l\">" << esc(rows[r]) << "</td>";
      for (const Column* c : shown_columns)
        out << "<td class=\"l\">" << words(c->ids[r]) << "</td>";
      out << "</tr>\n";
    }
    out << "</table></div>\n";
  };
  {
    std::vector<std::string> rows;
    Column places{"Places", {}}, filled{"Filled", {}}, cost{"Cost per starter", {}};
    for (const IntakeSpec& in : sc.intakes) {
      const StageSpec& st = sc.stages[static_cast<std::size_t>(in.stage)];
      // An intake limited to vacancies takes fewer than its places when posts are short.
      rows.push_back(in.id + ": each " + month_name(in.month_of_year) + " into " +
                     (st.label.empty() ? st.id : st.label) +
                     (in.limit_to_vacancies ? ", never more than the vacant posts" : ""));
      places.ids.push_back(in.size);
      filled.ids.push_back(in.fill_probability);
      cost.ids.push_back(in.cost_per_hire);
    }
    entity_table("Intakes", rows, {places, filled, cost});
  }
  {
    std::vector<std::string> rows;
    Column funded{"Funded posts", {}}, growth{"Growth", {}},
        fill{"Vacant posts filled by recruitment", {}}, hire{"Cost per recruit", {}},
        campaign{"Recruitment spend", {}}, above{"Recruited beyond the funded posts", {}},
        other{"Agency beyond vacancy cover", {}};
    for (const EstablishmentGroup& g : sc.establishment) {
      rows.push_back(g.id);
      funded.ids.push_back(g.fte);
      growth.ids.push_back(g.annual_growth);
      fill.ids.push_back(g.monthly_fill_probability);
      hire.ids.push_back(g.cost_per_hire);
      campaign.ids.push_back(g.monthly_cost);
      above.ids.push_back(g.above_establishment);
      other.ids.push_back(g.other_agency_fte);
    }
    entity_table("Posts and recruitment", rows,
                 {funded, growth, fill, hire, campaign, above, other});
  }

  // Paths that move from year to year, each with the level it returns to: a row each.
  std::vector<Assumption> yearly;
  for (const YearlyVariation& v : sc.yearly_variation) {
    const std::string what =
        v.parameters.empty()
            ? v.path
            : in_words(sc.parameters[static_cast<std::size_t>(v.parameters.front())], sc).what;
    const char* scale = v.scale == YearlyVariation::Scale::log     ? "log"
                        : v.scale == YearlyVariation::Scale::logit ? "logit"
                                                                   : "log of 1 +";
    std::string value = "sd " + trimmed(v.sd, 3) + " a year on the " + scale + " scale, " +
                        percent(v.persistence, 0) + " of a change left after a year";
    if (v.level >= 0) {
      value += "; returns toward " + words(v.level);
      mark(v.level);
    }
    yearly.push_back({"From year to year", what, value, true});
  }

  // Everything else, under its area, in the order areas first appear.
  std::vector<std::string> areas;
  std::map<std::string, std::vector<Assumption>> by_area;
  for (std::size_t i = 0; i < sc.parameters.size(); ++i) {
    if (shown[i]) continue;
    // Agency costs by the hour or by the year, not both: the other's numbers are unused.
    const std::string& path = sc.parameters[i].path;
    const bool by_hour = path == "agency.hourly_rate" || path == "agency.hours_per_week" ||
                         path == "agency.max_hourly_rate";
    if (by_hour != sc.agency.hourly && (by_hour || path == "agency.annual_cost_per_fte")) continue;
    Assumption a = in_words(sc.parameters[i], sc);
    if (!a.worth_listing) continue;
    if (!by_area.count(a.area)) areas.push_back(a.area);
    by_area[a.area].push_back(std::move(a));
  }
  // Money first (prices, pay), then each area in the order it first appears, each a table
  // of its own in two columns of them.
  out << "<h3>Other assumptions</h3>\n<div class=\"areas\">";
  auto area_table = [&](const std::string& area, const std::string& extra) {
    out << "<div class=\"keep\"><table class=\"words\">" << group_row(2, esc(area)) << extra;
    for (const Assumption& a : by_area[area])
      out << "<tr><td class=\"l\">" << esc(a.what) << "</td><td class=\"l\">" << a.value
          << "</td></tr>\n";
    out << "</table></div>\n";
  };
  area_table("Money and pay",
             "<tr><td class=\"l\">Prices</td><td class=\"l\">" + prices(p) + "</td></tr>\n");
  for (const auto& area : areas)
    if (area != "Money and pay") area_table(area, "");
  out << "</div>\n";
  if (!yearly.empty()) {
    out << "<div class=\"keep\"><h3>From year to year</h3><p class=\"unit\">Paths that move "
           "from one year to the next within each future, as councils' figures have</p><table "
           "class=\"words\">";
    for (const Assumption& a : yearly)
      out << "<tr><td class=\"l\">" << esc(a.what) << "</td><td class=\"l\">" << a.value
          << "</td></tr>\n";
    out << "</table></div>\n";
  }
}

//! Where the results came from: the scenario file by name (never a path on someone's disk).
void provenance_section(const Page& p, std::ostream& out) {
  const std::string file = file_name(p.r.attribute("scenario_path"));
  out << "<div class=\"keep\"><h2 id=\"provenance\">Provenance</h2><table>";
  auto row = [&](const std::string& key, const std::string& value) {
    out << "<tr><th class=\"l\">" << key << "</th><td class=\"l\">" << value << "</td></tr>";
  };
  row("Scenario", esc(p.r.attribute("scenario_name")) + " (" + esc(file) + ")");
  row("Scenario file's SHA-256",
      "<span class=\"muted\">" + esc(p.r.attribute("scenario_sha256")) + "</span>");
  row("Made by", "wfsim " + esc(p.r.attribute("engine_version")) + ", commit " +
                     esc(p.r.attribute("git_commit")) + ", at " +
                     esc(p.r.attribute("created_utc")));
  row("Futures", number(double(p.r.int_attribute("replications")), 0) + " (seed " +
                     std::to_string(p.r.seed()) + ")");
  row("Horizon", std::to_string(p.r.int_attribute("horizon_months")) + " months from " +
                     esc(p.r.attribute("start_month")));
  if (const auto& history = p.r.history()) {
    // What the scenario was built from, as the results file keeps it.
    std::string years = "no years";
    if (!history->years.empty())
      years = std::to_string(history->years.front().year) +
              (history->years.size() > 1 ? " to " + std::to_string(history->years.back().year)
                                         : std::string());
    row("History", esc(history->area.empty() ? std::string("(area not given)") : history->area) +
                       (history->code.empty() ? "" : " (" + esc(history->code) + ")") + ", " +
                       years + " at " + esc(count_date(history->snapshot_month)) + ", from " +
                       esc(file_name(history->source)));
  }
  out << "</table></div>\n";
}

}  // namespace

void write_report(const ResultsReader& r, std::ostream& out) {
  Page p{r, finance_tables(r), {}, {}, {}, {}, {}, 0, 0, 0, 0, false, false, {}};
  const auto all = load_strategies_text(r.attribute("scenario_yaml"), r.attribute("scenario_path"));
  // As the finance tables order them: the base first (grey), then the others by name.
  p.strategies = p.fin.strategies;
  for (const auto& s : p.strategies) {
    const auto sc =
        std::find_if(all.begin(), all.end(), [&](const Scenario& x) { return x.strategy == s; });
    if (sc == all.end())
      throw UserError("damaged results file: strategy '" + s + "' is not in its scenario");
    p.scenarios.push_back(*sc);
  }
  p.months = r.axis_labels("base", "month");
  p.years = r.axis_labels("base", "financial_year");
  for (const auto& m : p.months)
    if (!YearMonth::parse(m))
      throw UserError("damaged results file: 'strategies/base/month' holds '" + m +
                      "', not a month as YYYY-MM");
  if (p.months.empty() || p.years.empty())
    throw UserError("damaged results file: '" + r.path() + "' has no months");
  for (const auto& s : p.strategies)
    if (r.axis_labels(s, "month") != p.months || r.axis_labels(s, "financial_year") != p.years)
      throw UserError("damaged results file: strategy '" + s +
                      "' covers other months than the base");
  p.months_in_year = r.read("base", "months_in_year").values;
  if (p.months_in_year.size() != p.years.size())
    throw UserError(
        "damaged results file: 'strategies/base/months_in_year' does not match the "
        "financial years");
  p.last = p.months.size() - 1;

  // The plan: three financial years from the first one mostly in the horizon.
  std::vector<std::size_t> year_of(p.months.size(), 0);
  for (std::size_t t = 1; t < p.months.size(); ++t)
    year_of[t] = year_of[t - 1] + (p.months[t].substr(5) == "04" ? 1 : 0);
  if (year_of.back() + 1 != p.years.size())
    throw UserError("damaged results file: its months and financial years do not agree");
  p.plan_first = p.months_in_year[0] < PLAN_FIRST_YEAR_MONTHS && p.years.size() > 1 ? 1 : 0;
  p.plan_last = std::min(p.plan_first + PLAN_YEARS - 1, p.years.size() - 1);
  for (std::size_t t = 0; t < p.months.size(); ++t)
    if (year_of[t] == p.plan_last) p.plan_end = t;

  p.has_permanence = r.has_dataset("base", "permanence_quantiles");
  for (const auto& s : p.strategies) {
    const Fan spend = fan(r, s, "cumulative_cost", "total");
    for (std::size_t level : {P10, P90})
      p.has_spend =
          p.has_spend || (std::isfinite(spend.q[level][p.last]) && spend.q[level][p.last] != 0);
  }
  for (const StrategyComparison& c : p.fin.comparisons) p.compared.emplace(c.strategy, &c);

  out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
         "name=\"viewport\" content=\"width=device-width\"><title>"
      << esc(r.attribute("scenario_name")) << "</title><style>" << PAGE_STYLE
      << "</style></head><body>\n";
  headline(p, out);
  workforce_charts(p, out);
  money_section(p, out);
  break_even_section(p, out);
  targets_section(p, out);
  year_end_table(p, out);
  dfe_section(p, out);
  changes_section(p, out);
  assumptions_section(p, out);
  provenance_section(p, out);
  out << "</body></html>\n";
}

}  // namespace wfsim
