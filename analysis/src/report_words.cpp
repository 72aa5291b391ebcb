#include "report_words.hpp"

#include <algorithm>
#include <vector>

#include "report_format.hpp"

namespace wfsim::report {

namespace {

//! What a parameter's numbers are, and how to write one.
enum class Unit {
  share_a_year,
  share_a_month,
  share,
  share_of_salary,
  share_of_leavers,
  pounds_a_year,
  pounds_a_head,
  pounds_once,
  pounds_a_month,
  pounds_an_hour,
  fte,
  fte_per_head,
  places,
  cases,
  cases_per_fte,
  days,
  hours,
  plain
};

bool is_share(Unit u) {
  return u == Unit::share_a_year || u == Unit::share_a_month || u == Unit::share ||
         u == Unit::share_of_salary || u == Unit::share_of_leavers;
}

std::string pounds(double v) {
  return "&pound;" + trimmed(v, v < 100 ? 2 : 0);
}

//! One value of a parameter, with its unit.
std::string with_unit(double v, Unit u) {
  switch (u) {
    case Unit::share_a_year:
      return percent(v, 2) + " a year";
    case Unit::share_a_month:
      return percent(v, 2) + " a month";
    case Unit::share:
      return percent(v, 2);
    case Unit::share_of_salary:
      return percent(v, 2) + " of salary";
    case Unit::share_of_leavers:
      return percent(v, 1) + " of leavers";
    case Unit::pounds_a_year:
      return pounds(v) + " a year";
    case Unit::pounds_a_head:
      return pounds(v) + " a person a year";
    case Unit::pounds_once:
      return pounds(v) + " each";
    case Unit::pounds_a_month:
      return pounds(v) + " a month";
    case Unit::pounds_an_hour:
      return pounds(v) + " an hour";
    case Unit::fte:
      return trimmed(v, 2) + " FTE";
    case Unit::fte_per_head:
      return trimmed(v, 3);
    case Unit::places:
      return trimmed(v, 1) + (v == 1 ? " place" : " places");
    case Unit::cases:
      return trimmed(v, 0) + " cases";
    case Unit::cases_per_fte:
      return trimmed(v, 1) + " cases per FTE";
    case Unit::days:
      return trimmed(v, 1) + " days a year per FTE";
    case Unit::hours:
      return trimmed(v, 1) + " hours a week";
    case Unit::plain:
      break;
  }
  return trimmed(v, 4);
}

//! A spread in the parameter's unit: shares in percentage points.
std::string spread(double v, Unit u) {
  if (is_share(u)) return trimmed(100 * v, 2) + " points";
  if (u == Unit::plain) return trimmed(v, 4);
  return with_unit(v, u);
}

std::string distribution(const Distribution& d, Unit u) {
  switch (d.kind) {
    case Distribution::Kind::fixed:
      return with_unit(d.a, u);
    case Distribution::Kind::uniform:
      return "between " + with_unit(d.a, u) + " and " + with_unit(d.b, u) + " (uniform)";
    case Distribution::Kind::triangular:
      return with_unit(d.c, u) + " most likely, between " + with_unit(d.a, u) + " and " +
             with_unit(d.b, u) + " (triangular)";
    case Distribution::Kind::normal:
      return with_unit(d.a, u) + " on average, sd " + spread(d.b, u) + " (normal)";
    case Distribution::Kind::beta:
      return with_unit(d.a, u) + " on average, sd " + spread(d.b, u) + " (beta)";
    case Distribution::Kind::lognormal:
      return with_unit(d.a, u) + " median, spread &times;" + trimmed(d.b, 3) + " (lognormal)";
  }
  return "";
}

std::string stage_name(const Scenario& sc, const std::string& id) {
  for (const StageSpec& s : sc.stages)
    if (s.id == id) return s.label.empty() ? s.id : s.label;
  return id;
}

//! Tenure band `k` of `bands` (upper bounds in months): "under 1 year of service".
std::string band_words(std::size_t k, const std::vector<int>& bands) {
  auto span = [](int months) {
    return months % 12 == 0 ? std::to_string(months / 12) + (months == 12 ? " year" : " years")
                            : std::to_string(months) + " months";
  };
  if (bands.empty()) return "";
  if (k == 0) return "under " + span(bands[0]) + " of service";
  if (k >= bands.size()) return span(bands.back()) + " of service or more";
  return span(bands[k - 1]) + " to " + span(bands[k]) + " of service";
}

struct Meaning {
  std::string area, what;
  Unit unit = Unit::plain;
  //! A cost, allowance or limit that is nothing unless the scenario gives it.
  bool optional = false;
  //! The value that means nothing: no cost, no limit.
  double nothing = 0;
};

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (;;) {
    const auto dot = path.find('.', from);
    parts.push_back(path.substr(from, dot == std::string::npos ? dot : dot - from));
    if (dot == std::string::npos) return parts;
    from = dot + 1;
  }
}

Meaning meaning(const std::string& path, const Scenario& sc) {
  // A banded parameter's path ends in [k]: the tenure band.
  std::string p = path;
  std::string band;
  if (!p.empty() && p.back() == ']') {
    const auto open = p.rfind('[');
    band = band_words(static_cast<std::size_t>(std::stoul(p.substr(open + 1))), sc.tenure_bands);
    p = p.substr(0, open);
  }
  const auto parts = split(p);
  const std::string& head = parts.front();
  const std::string last = parts.back();
  Meaning m{"Other", path, Unit::plain, false};
  if (head == "on_cost_rate")
    return {"Money and pay", "Employer on-costs (National Insurance, pension)",
            Unit::share_of_salary};
  if (head == "pay_award") return {"Money and pay", "Pay award, each April", Unit::share_a_year};
  if (head == "discount_rate")
    return {"Money and pay", "Discount rate for present values", Unit::share_a_year};
  if (head == "stages" && parts.size() >= 3) {
    const std::string who = stage_name(sc, parts[1]);
    m.area = "Staff";
    const std::string& field = parts[2];
    if (field == "fte_per_head") m = {"Staff", who + ": FTE a person", Unit::fte_per_head};
    if (field == "salary")
      m = {"Money and pay", who + ": salary before on-costs", Unit::pounds_a_year};
    if (field == "turnover_rate")
      m = {"Staff", who + ": turnover (leavers / average staff)", Unit::share_a_year};
    if (field == "leaving_rate") m = {"Staff", who + ": chance of leaving", Unit::share_a_year};
    if (field == "training_cost")
      m = {"Money and pay", who + ": training cost", Unit::pounds_a_head, true};
    if (field == "retention_payment")
      m = {"Money and pay", who + ": retention payment", Unit::pounds_a_head, true};
    if (field == "grant") m = {"Money and pay", who + ": grant income", Unit::pounds_a_head, true};
    if (field == "sickness_days") m = {"Staff", who + ": sickness", Unit::days, true};
    if (field == "long_leave_share") m = {"Staff", who + ": away on long leave", Unit::share, true};
    if (field == "completion_probability")
      m = {"Staff", who + ": completing the stage", Unit::share};
    if (field == "promotions" && parts.size() >= 5)
      m = {"Staff", who + ": promoted to " + stage_name(sc, parts[3]), Unit::share_a_year};
    if (!band.empty()) m.what += ", " + band;
    return m;
  }
  if (head == "intakes" && parts.size() >= 3) {
    std::string who = parts[1];
    for (const IntakeSpec& in : sc.intakes)
      if (in.id == parts[1])
        who = "Intake " + in.id + ", each " + month_name(in.month_of_year) + " into " +
              stage_name(sc, sc.stages[static_cast<std::size_t>(in.stage)].id);
    if (last == "size") return {"Intakes", who + ": places", Unit::places};
    if (last == "fill_probability") return {"Intakes", who + ": places filled", Unit::share};
    if (last == "cost_per_hire")
      return {"Intakes", who + ": cost per starter", Unit::pounds_once, true};
  }
  if (head == "establishment" && parts.size() >= 3) {
    const std::string who = "Posts of " + parts[1];
    if (last == "fte") return {"Posts and recruitment", who + ": funded", Unit::fte};
    if (last == "annual_growth")
      return {"Posts and recruitment", who + ": growth", Unit::share_a_year, true};
    if (last == "other_agency_fte")
      return {"Agency workers", "Agency FTE in " + parts[1] + " beyond vacancy cover", Unit::fte,
              true};
    if (last == "monthly_fill_probability")
      return {"Posts and recruitment", who + ": vacant posts filled by recruitment",
              Unit::share_a_month};
    if (last == "cost_per_hire")
      return {"Posts and recruitment", who + ": cost per recruit", Unit::pounds_once, true};
    if (last == "monthly_cost")
      return {"Posts and recruitment", who + ": recruitment spend", Unit::pounds_a_month, true};
    if (last == "above_establishment")
      return {"Posts and recruitment", who + ": recruited beyond the funded posts", Unit::fte,
              true};
  }
  if (head == "agency" && parts.size() == 2) {
    const std::string a = "Agency workers";
    if (last == "cover_share") return {a, "Share of vacant FTE covered by agency", Unit::share};
    if (last == "annual_cost_per_fte") return {a, "Cost of an agency FTE", Unit::pounds_a_year};
    if (last == "max_fte") return {a, "Most agency FTE taken", Unit::fte, true, 1e6};
    if (last == "monthly_availability")
      return {a, "Chance a wanted locum is found", Unit::share_a_month};
    if (last == "annual_churn") return {a, "Assignments ending", Unit::share_a_year, true};
    if (last == "annual_conversion")
      return {a, "Locums taking a permanent post", Unit::share_a_year, true};
    if (last == "hourly_rate") return {a, "Hourly rate", Unit::pounds_an_hour};
    if (last == "hours_per_week") return {a, "Hours", Unit::hours};
    if (last == "max_hourly_rate")
      return {a, "Cap on the hourly rate", Unit::pounds_an_hour, true, 1000};
  }
  if (head == "demand" && parts.size() >= 2) {
    const std::string d = "Demand";
    if (parts[1] == "target_caseload" && parts.size() == 3)
      return {d, "Target caseload, " + stage_name(sc, parts[2]), Unit::cases_per_fte};
    if (last == "open_cases") return {d, "Open cases at the start", Unit::cases};
    if (last == "annual_growth") return {d, "Growth of open cases", Unit::share_a_year};
    if (last == "monthly_noise")
      return {d, "Month-to-month change of open cases (sd, log scale)", Unit::plain};
    if (last == "reverts_to") return {d, "Long-run open cases", Unit::cases};
  }
  if (head == "leaver_destinations" && parts.size() == 2) {
    const std::string where = parts[1] == "other_council"     ? "to another council"
                              : parts[1] == "agency"          ? "to agency work"
                              : parts[1] == "left_profession" ? "out of the profession"
                              : parts[1] == "retirement"      ? "retiring"
                                                              : "to " + parts[1];
    return {"Leavers", "Leavers " + where, Unit::share_of_leavers};
  }
  if (head == "year_to_year" && last == "reverts_to" && parts.size() > 2) {
    // The long-run level of a path that moves from year to year.
    const std::string inner = p.substr(head.size() + 1, p.size() - head.size() - last.size() - 2);
    Meaning of = meaning(inner, sc);
    of.area = "From year to year";
    of.what += ": the long-run level it returns to";
    of.optional = false;
    return of;
  }
  return m;
}

bool is_nothing(const Parameter& p, double nothing) {
  return std::all_of(p.segments.begin(), p.segments.end(), [&](const Parameter::Segment& s) {
    return s.value.kind == Distribution::Kind::fixed && s.value.a == nothing;
  });
}

}  // namespace

std::string month_name(int month) {
  static const char* NAMES[] = {"January",   "February", "March",    "April",
                                "May",       "June",     "July",     "August",
                                "September", "October",  "November", "December"};
  return NAMES[std::clamp(month, 1, 12) - 1];
}

Assumption in_words(const Parameter& p, const Scenario& sc) {
  const Meaning m = meaning(p.path, sc);
  Assumption a;
  a.area = m.area;
  a.what = m.what;
  for (const auto& seg : p.segments) {
    if (!a.value.empty()) a.value += "; ";
    a.value += distribution(seg.value, m.unit);
    if (seg.from > 0) a.value += " from " + sc.start.plus(seg.from).str();
  }
  a.worth_listing = !(m.optional && is_nothing(p, m.nothing));
  return a;
}

}  // namespace wfsim::report
