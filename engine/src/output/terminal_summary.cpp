#include "wfsim/output/terminal_summary.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace wfsim {

namespace {

std::string fmt(const char* pattern, double a, double b = 0, double c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, pattern, a, b, c);
  return buf;
}

//! Width in characters, counting a multi-byte UTF-8 character (the pound sign) as one.
std::size_t shown_width(const std::string& s) {
  std::size_t shown = 0;
  for (unsigned char ch : s) shown += (ch & 0xC0) != 0x80;
  return shown;
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t shown = shown_width(s);
  return shown >= width ? s : std::string(width - shown, ' ') + s;
}

//! Last month of each financial year within the horizon.
std::vector<int> year_ends(const Model& model) {
  std::vector<int> ends;
  int t = -1;
  for (int months : model.months_in_year()) ends.push_back(t += months);
  return ends;
}

struct Column {
  std::string title;
  std::string family;
  bool yearly;  // on the financial-year axis rather than the month axis
  // Formats (median, p10, p90) or a single value (p10 = p90 = NaN).
  std::function<std::string(double, double, double)> format;
};

std::vector<Column> columns(const Model& model) {
  const bool groups = !model.scenario().establishment.empty();
  auto count = [](double m, double lo, double hi) {
    return std::isnan(lo) ? fmt("%.1f", m) : fmt("%.1f (%.1f-%.1f)", m, lo, hi);
  };
  auto share = [](double m, double lo, double hi) {
    // No value at all (turnover in a year with nobody in post) is shown as a dash.
    if (std::isnan(m) && std::isnan(lo) && std::isnan(hi)) return std::string("-");
    return std::isnan(lo) ? fmt("%.0f%%", 100 * m)
                          : fmt("%.0f%% (%.0f-%.0f%%)", 100 * m, 100 * lo, 100 * hi);
  };
  // Money in millions of pounds, the unit stated once in the column's title.
  auto money = [](double m, double lo, double hi) {
    return std::isnan(lo) ? fmt("%.2f", m / 1e6)
                          : fmt("%.2f (%.2f-%.2f)", m / 1e6, lo / 1e6, hi / 1e6);
  };
  std::vector<Column> cols;
  if (groups) {
    cols.push_back({"FTE in post", "fte_in_post", false, count});
    cols.push_back({"Agency FTE", "agency_fte", false, count});
    cols.push_back({"Vacancy rate", "vacancy_rate", false, share});
    // Permanence, councils' headline measure, in place of the agency rate: it is 1 - that.
    cols.push_back({"Permanence", "permanence", false, share});
    cols.push_back({"Turnover in year", "turnover", true, share});
    cols.push_back({"Agency spend in year, \xC2\xA3m", "spend_by_financial_year", true, money});
    if (model.scenario().demand.enabled)
      cols.push_back({"Caseload", "average_caseload", false, count});
  } else {
    cols.push_back({"Pay spend in year, \xC2\xA3m", "spend_by_financial_year", true, money});
  }
  return cols;
}

//! Category of a family for the headline figure: "all" for groups, agency for spend.
std::size_t headline_category(const Family& f, bool groups) {
  if (f.category_dim == "group") return f.categories.size() - 1;
  if (f.category_dim == "cost_category") return groups ? COST_AGENCY : COST_TOTAL;
  return 0;
}

void print_table(
    std::ostream& out, const Model& model,
    const std::function<std::string(const Column&, const Family&, std::size_t)>& cell) {
  const auto cols = columns(model);
  const auto ends = year_ends(model);
  const bool groups = !model.scenario().establishment.empty();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {"Year end"};
  for (const auto& c : cols) head.push_back(c.title);
  rows.push_back(head);
  bool partial = false;
  for (std::size_t y = 0; y < ends.size(); ++y) {
    const bool short_year = model.months_in_year()[y] < 12;
    partial = partial || short_year;
    std::vector<std::string> row = {model.month_labels()[ends[y]] + (short_year ? "*" : " ")};
    for (const auto& c : cols) {
      const Family& f = model.layout().find(c.family);
      const std::size_t i = f.at(headline_category(f, groups), c.yearly ? y : ends[y]);
      row.push_back(cell(c, f, i));
    }
    rows.push_back(row);
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.size(); ++k) width[k] = std::max(width[k], shown_width(r[k]));
  for (const auto& r : rows) {
    out << "  ";
    for (std::size_t k = 0; k < r.size(); ++k)
      out << (k ? pad(r[k], width[k] + 2) : r[k] + std::string(width[k] - shown_width(r[k]), ' '));
    out << "\n";
  }
  if (partial) out << "  * part of a financial year: spend covers only the months in the horizon\n";
}

}  // namespace

void print_summary(std::ostream& out, const Model& model, const Summary& summary) {
  const Scenario& sc = model.scenario();
  out << "\n" << sc.name << "\n";
  if (sc.strategy == "base")
    out << "Base: the scenario as given, without strategies";
  else
    out << "Strategy " << sc.strategy
        << (sc.strategy_description.empty() ? "" : ": " + sc.strategy_description);
  out << "\n"
      << summary.count() << " replications, " << sc.horizon_months << " months from "
      << sc.start.str() << "\n";
  out << "Median (P10-P90 across replications) at the end of each financial year:\n";
  print_table(out, model, [&](const Column& c, const Family&, std::size_t i) {
    return c.format(summary.quantile(i, 0.5), summary.quantile(i, 0.1), summary.quantile(i, 0.9));
  });

  // Spend over the whole horizon: means of the cumulative spend (means add up; medians do not).
  const Family& cumulative = model.layout().find("cumulative_cost");
  auto spent = [&](int k) { return summary.mean(cumulative.at(k, sc.horizon_months - 1)) / 1e6; };
  out << fmt(
      "Expected spend over the horizon: \xC2\xA3%.1fm, of which \xC2\xA3%.1fm permanent pay"
      " and \xC2\xA3%.1fm agency cover.\n",
      spent(COST_TOTAL), spent(COST_PERMANENT_PAY), spent(COST_AGENCY));
  // Retention by entry route, where the run defines it.
  const Family& retention = model.layout().find("retention");
  std::string routes;
  for (std::size_t r = 0; r < retention.category_count(); ++r) {
    if (summary.defined(retention.at(r, 0)) == 0) continue;
    std::string name = retention.categories[r] + ":";
    name.resize(std::max<std::size_t>(name.size(), 18), ' ');
    routes += "\n  " + name;
    for (std::size_t k = 0; k < retention.times; ++k) {
      const double m = summary.mean(retention.at(r, k));
      routes += std::isnan(m) ? "   -" : fmt(" %3.0f%%", 100 * m);
    }
  }
  if (!routes.empty())
    out << "Still employed 12 / 24 / 36 months after starting as a qualified social worker "
           "(mean over replications):"
        << routes << "\n";
  // The chance of meeting each target at the end of each financial year.
  const auto ends = year_ends(model);
  for (const auto& [name, yearly] :
       {std::pair{"targets_met", false}, {"targets_met_by_year", true}}) {
    const Family* f = nullptr;
    for (const auto& family : model.layout().families())
      if (family.name == name) f = &family;
    if (!f) continue;
    for (std::size_t k = 0; k < f->category_count(); ++k) {
      out << "Chance of meeting " << f->categories[k] << ":";
      for (std::size_t y = 0; y < ends.size(); ++y)
        out << "  " << (yearly ? model.year_labels()[y] : model.month_labels()[ends[y]]) << " "
            << fmt("%.0f%%", 100 * summary.mean(f->at(k, yearly ? y : ends[y])));
      out << "\n";
    }
  }
  const std::size_t pv = model.layout().find("present_value").at(COST_TOTAL, 0);
  out << fmt(
      "Present value of all spend at the scenario's discount rate: \xC2\xA3%.1fm (P10-P90 "
      "\xC2\xA3%.1fm-\xC2\xA3%.1fm).\n",
      summary.quantile(pv, 0.5) / 1e6, summary.quantile(pv, 0.1) / 1e6,
      summary.quantile(pv, 0.9) / 1e6);
}

void print_expected(std::ostream& out, const Model& model, std::span<const double> expected) {
  const Scenario& sc = model.scenario();
  out << "\n"
      << sc.name << ": expected-value projection (no chance), " << sc.horizon_months
      << " months from " << sc.start.str() << "\n";
  if (sc.strategy == "base")
    out << "Base: the scenario as given, without strategies\n";
  else
    out << "Strategy " << sc.strategy
        << (sc.strategy_description.empty() ? "" : ": " + sc.strategy_description) << "\n";
  const double nan = std::nan("");
  print_table(out, model, [&](const Column& c, const Family&, std::size_t i) {
    return c.format(expected[i], nan, nan);
  });
}

void print_opening(std::ostream& out, const Model& model, const OpeningPosition& p) {
  out << "  Opening position, " << model.scenario().start.str()
      << " (at the parameters' means; FTE unless said):\n";
  if (!p.groups.empty()) {
    const char* heads[] = {"group",        "establishment", "in post",     "vacant",
                           "vacancy rate", "agency",        "agency rate", "permanence"};
    std::vector<std::vector<std::string>> rows = {std::vector<std::string>(heads, heads + 8)};
    for (const auto& g : p.groups)
      rows.push_back({g.id, fmt("%.1f", g.establishment), fmt("%.1f", g.in_post),
                      fmt("%.1f", g.vacancy), fmt("%.0f%%", 100 * g.vacancy_rate()),
                      fmt("%.1f", g.agency), fmt("%.0f%%", 100 * g.agency_rate()),
                      fmt("%.0f%%", 100 * g.permanence())});
    std::vector<std::size_t> width(rows[0].size(), 0);
    for (const auto& r : rows)
      for (std::size_t k = 0; k < r.size(); ++k) width[k] = std::max(width[k], shown_width(r[k]));
    for (const auto& r : rows) {
      out << "    " << r[0] << std::string(width[0] - shown_width(r[0]), ' ');
      for (std::size_t k = 1; k < r.size(); ++k) out << pad(r[k], width[k] + 2);
      out << "\n";
    }
  }
  out << "    " << fmt("%.0f", p.headcount) << " people, " << fmt("%.1f", p.fte)
      << " FTE in all stages; "
      << (p.salaries_given ? "pay bill \xC2\xA3" + fmt("%.2f", p.pay_bill / 1e6) +
                               "m a year (FTE x salary x on-costs)"
                         : std::string("no salaries given, so no pay bill"));
  if (p.agency_bill > 0)
    out << ", agency \xC2\xA3" << fmt("%.2f", p.agency_bill / 1e6) << "m a year";
  out << "\n";
  if (p.open_cases >= 0)
    out << "    " << fmt("%.0f", p.open_cases) << " open cases"
        << (p.caseload >= 0
                ? ", " + fmt("%.1f", p.caseload) + " per case-holding FTE (agency included)"
                : std::string())
        << "\n";
  for (const auto& w : p.warnings) out << "  warning: " << w << "\n";
}

}  // namespace wfsim
