// Calibration from the DfE indicator file: the rules that turn a council's figures into a
// scenario, and the year-to-year variation pooled over councils. docs/calibration.md states
// each rule; the comments in the scenario written repeat them beside the numbers.
#include "wfsim/calibrate/calibrate.hpp"
#include "wfsim/scenario/yaml_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include "number_text.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/scenario.hpp"

namespace wfsim::calibrate {

using detail::fixed;
using detail::percent;

namespace {

enum class Scale { log, logit, log1p };

Scale scale_of(Quantity q) {
  switch (q) {
    case Quantity::cover:
      return Scale::logit;
    case Quantity::other_agency:
      return Scale::log1p;
    default:
      return Scale::log;
  }
}

const char* scale_name(Scale s) {
  return s == Scale::logit ? "logit" : s == Scale::log1p ? "log1p" : "log";
}

// Shares are kept off 0 and 1 on the logit scale: a council covering none or all of its
// vacancies one year can cover some the next.
constexpr double SHARE_EDGE = 0.02;
// The most a month's recruitment can fill: a vacancy is never certain to be filled.
constexpr double MAX_FILL = 0.95;
// The most a scenario takes: a lognormal's spread, an FTE, people, cases, a caseload, a
// year's change on a path's scale, a path's trend, a month's change of cases, the
// establishment's growth.
constexpr double MAX_SPREAD = 100, MAX_FTE = 1e6, MAX_PEOPLE = 1e6, MAX_CASES = 1e7,
                 MAX_CASELOAD = 1000, MAX_PATH_SD = 5, MAX_TREND = 1, MAX_MONTHLY_NOISE = 1,
                 MAX_GROWTH = 0.5;
// The highest turnover taken as a yearly chance of leaving (which must stay below 1): a
// council that counts more leavers than staff, as a very small one can, leaves at this rate.
constexpr double MOST_TURNOVER = 0.9;
// The least FTE per head taken from a file: a tenth of full time.
constexpr double LEAST_FTE_PER_HEAD = 0.1;
// Least values kept on the log scale, where zero cannot move.
constexpr double LEAST_TURNOVER = 0.01, LEAST_FILL = 0.005;

double to_scale(Scale s, double x) {
  switch (s) {
    case Scale::logit:
      x = std::clamp(x, SHARE_EDGE, 1 - SHARE_EDGE);
      return std::log(x / (1 - x));
    case Scale::log1p:
      return std::log1p(std::max(0.0, x));
    case Scale::log:
      break;
  }
  return std::log(x);
}

double from_scale(Scale s, double y) {
  switch (s) {
    case Scale::logit:
      return 1 / (1 + std::exp(-y));
    case Scale::log1p:
      return std::max(0.0, std::expm1(y));
    case Scale::log:
      break;
  }
  return std::exp(y);
}

//! Agency FTE covering vacancies: the file's figure, or as much agency as there are
//! vacancies when it is suppressed.
std::optional<double> cover_fte(const YearFigures& f) {
  if (auto c = f.value(Measure::agency_cover_fte)) return c;
  auto agency = f.value(Measure::agency_fte), vacancies = f.value(Measure::vacancy_fte);
  if (agency && vacancies) return std::min(*agency, *vacancies);
  return std::nullopt;
}

//! The quantity in one year's figures, on its natural scale; nullopt if the figures it
//! needs are missing or it is not defined (no vacancies to cover).
//! What deriving one year's quantities needs beyond the year's figures.
struct Context {
  double growth = 0;  //!< the establishment's yearly growth
  //! The area's usual turnover (mean on the log scale of its years); NaN: none.
  double turnover = std::nan("");
};

std::optional<double> derive(Quantity q, const YearFigures& f, const Context& c) {
  auto in_post = f.value(Measure::inpost_fte), vacancies = f.value(Measure::vacancy_fte);
  switch (q) {
    case Quantity::turnover: {
      if (auto t = f.value(Measure::turnover_rate_fte))
        return std::clamp(*t / 100, LEAST_TURNOVER, MOST_TURNOVER);
      auto leavers = f.value(Measure::leavers_fte);
      if (leavers && in_post && *in_post > 0)
        return std::clamp(*leavers / *in_post, LEAST_TURNOVER, MOST_TURNOVER);
      return std::nullopt;
    }
    case Quantity::establishment:
      if (in_post && vacancies && *in_post + *vacancies > 0) return *in_post + *vacancies;
      return std::nullopt;
    case Quantity::fill: {
      // The monthly fill at which vacancies hold their level: the posts to fill each month
      // (leavers at the area's usual turnover, and the establishment's growth) over the
      // posts vacant when recruitment happens. The usual turnover, not the year's leavers, so that
      // the chance of who left, which the model draws itself, is not counted twice. At least one
      // post counts as vacant, since posts fall vacant and are filled between two counts.
      if (!vacancies || !in_post) return std::nullopt;
      double leavers = c.turnover * *in_post;
      if (std::isnan(leavers)) {
        auto year_leavers = f.value(Measure::leavers_fte);
        if (!year_leavers) return std::nullopt;
        leavers = *year_leavers;
      }
      const double to_fill = leavers + std::max(0.0, c.growth) * (*in_post + *vacancies);
      // Posts are counted after the month's recruitment, which faces those vacancies and
      // the month's new ones: hires f (V + n) = n leaves V where it was.
      const double monthly = to_fill / 12;
      return std::clamp(monthly / (std::max(1.0, *vacancies) + monthly), LEAST_FILL, MAX_FILL);
    }
    case Quantity::cover: {
      auto cover = cover_fte(f);
      if (!cover || !vacancies || *vacancies <= 0) return std::nullopt;
      return std::clamp(*cover / *vacancies, 0.0, 1.0);
    }
    case Quantity::other_agency: {
      auto agency = f.value(Measure::agency_fte);
      auto cover = cover_fte(f);
      if (!agency || !cover) return std::nullopt;
      return std::max(0.0, *agency - *cover);
    }
    case Quantity::cases: {
      auto c = f.value(Measure::cases);
      if (c && *c > 0) return c;
      return std::nullopt;
    }
    case Quantity::caseload: {
      auto c = f.value(Measure::caseload_fte);
      if (c && *c > 0) return c;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

//! A council's quantity year by year up to `as_at`, on its scale.
Context context(const Area& area, int as_at, double growth) {
  Context c;
  c.growth = growth;
  double sum = 0;
  int n = 0;
  for (const auto& [year, figures] : area.years)
    if (year <= as_at)
      if (auto t = derive(Quantity::turnover, figures, c)) {
        sum += std::log(*t);
        ++n;
      }
  if (n > 0) c.turnover = std::exp(sum / n);
  return c;
}

std::map<int, double> series(const Area& area, Quantity q, int as_at, double growth) {
  std::map<int, double> out;
  const Context c = context(area, as_at, growth);
  for (const auto& [year, figures] : area.years)
    if (year <= as_at)
      if (auto v = derive(q, figures, c)) out[year] = to_scale(scale_of(q), *v);
  return out;
}

//! The variance of changes, read from their 10th and 90th percentiles as a normal
//! distribution's would be: councils' changes have long tails (a reorganisation, a data
//! correction) that a plain variance lets dominate. Few changes: the plain variance.
double robust_variance(std::vector<double> d) {
  const std::size_t n = d.size();
  if (n < 2) return std::nan("");
  if (n < 20) {
    double mean = 0, ss = 0;
    for (double x : d) mean += x / static_cast<double>(n);
    for (double x : d) ss += (x - mean) * (x - mean);
    return ss / static_cast<double>(n - 1);
  }
  std::sort(d.begin(), d.end());
  auto q = [&](double p) {
    const double pos = p * static_cast<double>(n - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(lo);
    return lo + 1 < n ? d[lo] + frac * (d[lo + 1] - d[lo]) : d[lo];
  };
  const double spread = (q(0.9) - q(0.1)) / 2.5631031310892007;  // 2 x the normal's z(0.9)
  return spread * spread;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

//! `v` in the fewest digits that read back as the same number: a published figure is
//! copied, not rounded.
std::string exact(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

//! The scenario's `history`: the council's figures up to `as_at` as the file has them, each
//! under its column's name; a figure the file does not give is left out, never written as
//! zero. One the schema cannot hold (a rate above 100%) is left out and said.
std::string history_section(const DfeIndicators& data, const Area& council, int as_at) {
  std::ostringstream y;
  std::vector<std::string> left_out;
  std::ostringstream rows;
  for (const auto& [year, figures] : council.years) {
    if (year > as_at) continue;
    rows << "    - {year: " << year;
    for (const HistoryMeasure& measure : HISTORY_MEASURES) {
      const auto m = std::find_if(ALL_MEASURES.begin(), ALL_MEASURES.end(),
                                  [&](Measure x) { return column_name(x) == measure.name; });
      const auto value = figures.value(*m);
      if (!value) continue;
      if (*value > measure.most) {
        left_out.push_back(std::string(measure.name) + " " + std::to_string(year) + " (" +
                           exact(*value) + ")");
        continue;
      }
      rows << ", " << measure.name << ": " << exact(*value);
    }
    rows << "}\n";
  }
  y << "# Provenance, not used by the model: " << council.name << "'s published figures up to "
    << as_at
    << " as the file gives them\n"
       "# (missing and suppressed figures left out, never zero). Results files keep them, and "
       "the report draws them\n"
       "# on its charts beside the projection.\n";
  for (const auto& figure : left_out)
    y << "# Left out, beyond what a scenario can hold: " << figure << "\n";
  y << "history:\n"
    << "  source: " << yaml_quoted(data.source()) << "\n"
    << "  area: " << yaml_quoted(council.name) << "\n"
    << "  code: " << yaml_quoted(council.code) << "\n"
    << "  years:\n"
    << rows.str();
  return y.str();
}

}  // namespace

std::string_view quantity_name(Quantity q) {
  static constexpr std::string_view NAMES[] = {"turnover",     "establishment", "fill",    "cover",
                                               "other agency", "cases",         "caseload"};
  return NAMES[static_cast<std::size_t>(q)];
}

PooledVariation pool_variation(const DfeIndicators& data, int as_at) {
  PooledVariation pooled;
  pooled.as_at = as_at;
  std::vector<double> inverse_leavers;
  // The establishment's trend first: the fill needed to hold vacancies depends on it.
  {
    std::vector<double> changes;
    for (const Area* council : data.councils()) {
      const auto s = series(*council, Quantity::establishment, as_at, 0);
      for (const auto& [year, value] : s)
        if (auto next = s.find(year + 1); next != s.end()) changes.push_back(next->second - value);
    }
    pooled.establishment_growth =
        changes.empty() ? 0.0 : std::clamp(std::expm1(median(changes)), -MAX_GROWTH, MAX_GROWTH);
  }
  std::array<std::vector<double>, QUANTITY_COUNT> one, two;
  // One-year changes by the year they end in, for the trend.
  std::array<std::map<int, std::vector<double>>, QUANTITY_COUNT> by_year;
  for (const Area* council : data.councils()) {
    bool changed = false;
    for (std::size_t k = 0; k < QUANTITY_COUNT; ++k) {
      const auto s = series(*council, static_cast<Quantity>(k), as_at, pooled.establishment_growth);
      for (const auto& [year, value] : s) {
        if (auto next = s.find(year + 1); next != s.end()) {
          one[k].push_back(next->second - value);
          by_year[k][year + 1].push_back(next->second - value);
          changed = true;
        }
        if (auto after = s.find(year + 2); after != s.end())
          two[k].push_back(after->second - value);
      }
    }
    for (const auto& [year, figures] : council->years)
      if (year <= as_at)
        if (auto leavers = figures.value(Measure::leavers_fte)) {
          inverse_leavers.push_back(1 / std::max(1.0, *leavers));
        }
    pooled.councils += changed;
  }
  // The median, as the variances are read from the middle of the councils' changes.
  pooled.inverse_leavers = median(inverse_leavers);
  for (std::size_t k = 0; k < QUANTITY_COUNT; ++k) {
    Variation& v = pooled.of[k];
    v.one_year = static_cast<int>(one[k].size());
    v.two_years = static_cast<int>(two[k].size());
    if (v.one_year < 10)
      throw UserError(data.source() + ": fewer than 10 councils have " +
                      std::string(quantity_name(static_cast<Quantity>(k))) +
                      " figures for two consecutive years up to " + std::to_string(as_at) +
                      ", too few to tell how it moves from year to year; use a file with more "
                      "years, or a later --as-at");
    double v1 = robust_variance(one[k]), v2 = robust_variance(two[k]);
    // A trend only where the median council moved the same way in every year (at least
    // two), and no faster than in its slowest year: one year's move is as likely chance.
    v.trend = 0;
    if (by_year[k].size() >= 2) {
      double slowest = INFINITY;
      int up = 0, down = 0;
      for (const auto& [year, changes] : by_year[k]) {
        const double m = median(changes);
        up += m > 0;
        down += m < 0;
        if (std::abs(m) < std::abs(slowest)) slowest = m;
      }
      if (up == static_cast<int>(by_year[k].size()) || down == static_cast<int>(by_year[k].size()))
        v.trend = std::clamp(slowest, -MAX_TREND, MAX_TREND);
    }
    if (static_cast<Quantity>(k) == Quantity::turnover) {
      // Who happens to leave adds variance 1 / leavers to each year's log turnover, and the
      // model draws that itself: take it out, keeping at least a quarter of what is seen.
      const double chance = 2 * pooled.inverse_leavers;
      v1 = std::max(0.25 * v1, v1 - chance);
      if (!std::isnan(v2)) v2 = std::max(0.25 * v2, v2 - chance);
    }
    // A path keeping share p of a deviation each year has var(2-year change) / var(1-year
    // change) = 1 + p.
    if (v.two_years >= 30) {
      v.persistence = std::clamp(v2 / v1 - 1, 0.0, 1.0);
    } else {
      v.persistence = DEFAULT_PERSISTENCE;
      v.persistence_assumed = true;
    }
    // var(1-year change) = 2 s^2 (1 - p) with stationary variance s^2 = sd^2 / (1 - p^2).
    v.sd = std::min(std::sqrt(v1 * (1 + v.persistence) / 2), MAX_PATH_SD);
  }
  return pooled;
}

namespace {

//! One quantity of one council: its value at the as-at year (or the nearest stand-in) and
//! the long-run level it returns to, with where each came from.
struct Derived;
std::optional<std::string> level_distribution(Quantity q, const Derived& d, const Variation& v);

struct Derived {
  double last = 0;   //!< natural scale
  double level = 0;  //!< natural scale
  bool has_level = false;
  int years = 0;       //!< years the level is the mean of
  std::string source;  //!< "2019", "2018 (2019 suppressed)", "North West 2019 (...)"
  std::string level_source;
};

//! The council's long-run level as a distribution: its mean over `d.years` years is only an
//! estimate. On the quantity's scale the mean of n years of a path with persistence p and
//! stationary variance s^2 has variance s^2 / n (1 + 2 sum_k (1 - k/n) p^k).
//! None when the level is too uncertain for a scenario to hold: a path that keeps nearly all
//! of each year's change (persistence near 1) wanders so far that a few years' mean says
//! almost nothing of where it returns to (its standard error grows without bound), and the
//! path is better left to return to where it starts.
std::optional<std::string> level_distribution(Quantity q, const Derived& d, const Variation& v) {
  const double p = v.persistence;
  const double stationary = v.sd * v.sd / (1 - p * p);
  const int n = d.years;
  double factor = 1;
  for (int k = 1; k < n; ++k) factor += 2 * (1 - static_cast<double>(k) / n) * std::pow(p, k);
  const double se = std::sqrt(stationary / n * factor);
  if (!std::isfinite(se)) return std::nullopt;
  switch (scale_of(q)) {
    case Scale::log:
      if (std::exp(se) > MAX_SPREAD) return std::nullopt;
      return "{lognormal: {median: " + fixed(d.level, 4) + ", spread: " + fixed(std::exp(se), 4) +
             "}}";
    case Scale::logit: {
      const double m = std::clamp(d.level, SHARE_EDGE, 1 - SHARE_EDGE);
      const double sd = std::min(se * m * (1 - m), 0.9 * std::sqrt(m * (1 - m)));
      return "{beta: {mean: " + fixed(m, 4) + ", sd: " + fixed(sd, 4) + "}}";
    }
    case Scale::log1p:
      break;
  }
  const double sd = se * (1 + d.level);
  if (!std::isfinite(sd) || sd > MAX_FTE) return std::nullopt;
  return "{normal: {mean: " + fixed(d.level, 4) + ", sd: " + fixed(sd, 4) + "}}";
}

//! The scenario's line for a quantity's long-run level (at `indent`): the level, or why there
//! is none.
std::string reverts_to_line(const std::string& indent, Quantity q, const Derived& d,
                            const Variation& v) {
  const std::string what = std::string(quantity_name(q)) + ", " + d.level_source + " mean";
  if (auto level = level_distribution(q, d, v))
    return indent + "reverts_to: " + *level + "  # " + what +
           ", uncertain as a mean of so few years\n";
  return indent + "# no reverts_to: at persistence " + fixed(v.persistence, 3) + " the " + what +
         " is too uncertain to return to\n";
}

}  // namespace

Calibration calibrate_council(const DfeIndicators& data, const Area& council,
                              const PooledVariation& pooled, const CalibrateOptions& options) {
  const int as_at = options.as_at;
  const YearFigures* now = council.year(as_at);
  if (!now && !data.years().empty() && as_at > data.years().back())
    throw UserError(data.source() + " runs to " + std::to_string(data.years().back()) +
                    ": it has no figures for " + std::to_string(as_at) +
                    ". The DfE publishes a new edition every year; use the latest");
  if (!now) {
    std::string years;
    for (const auto& [year, figures] : council.years)
      years += (years.empty() ? "" : ", ") + std::to_string(year);
    throw UserError(data.source() + ": " + council.name + " (" + council.code +
                    ") has no figures for " + std::to_string(as_at) +
                    (years.empty() ? "" : "; it has " + years) +
                    ". A council formed or re-formed later has a short history under its code: "
                    "choose a year it has");
  }
  auto need = [&](Measure m) {
    const Figure& f = (*now)[m];
    if (!f.value)
      throw UserError(data.source() + " (line " + std::to_string(now->line) + "): " + council.name +
                      "'s " + std::string(column_name(m)) + " for " + std::to_string(as_at) +
                      " is " + f.describe() + "; the opening position needs it");
    return *f.value;
  };
  const double in_post = need(Measure::inpost_fte);
  const double vacancies = need(Measure::vacancy_fte);
  if (in_post <= 0)
    throw UserError(data.source() + " (line " + std::to_string(now->line) + "): " + council.name +
                    " has no FTE in post in " + std::to_string(as_at) +
                    "; there is no workforce to project");

  // Figures beyond what a scenario holds are a damaged file, not a council.
  auto at_most = [&](double value, double most, const std::string& what) {
    if (value > most)
      throw UserError(data.source() + " (line " + std::to_string(now->line) + "): " + council.name +
                      "'s " + what + " for " + std::to_string(as_at) + " is " + fixed(value, 1) +
                      ", more than a scenario holds (" + fixed(most, 0) + "); check the file");
  };
  at_most(in_post + vacancies, MAX_FTE, "inpost_fte + vacancy_fte");
  if (auto h = now->value(Measure::inpost_headcount)) at_most(*h, MAX_PEOPLE, "inpost_headcount");

  Calibration out;
  if (auto t = now->value(Measure::turnover_rate_fte); t && *t / 100 > MOST_TURNOVER)
    out.notes.push_back("turnover: turnover_rate_fte for " + std::to_string(as_at) + " is " +
                        fixed(*t, 1) + "%, taken as " + percent(MOST_TURNOVER) +
                        ": a yearly chance of leaving must stay below 1");
  const Area* region = data.region(council.region_code);
  const Area* nation = data.national();
  // The value of a quantity at the as-at year, else the council's latest earlier year,
  // else its region's, else England's, saying which.
  auto pick = [&](Quantity q) {
    Derived d;
    const auto s = series(council, q, as_at, pooled.establishment_growth);
    const Scale scale = scale_of(q);
    if (auto v = derive(q, *now, context(council, as_at, pooled.establishment_growth))) {
      d.last = *v;
      d.source = std::to_string(as_at);
    } else if (!s.empty()) {
      const std::string latest = std::to_string(s.rbegin()->first);
      d.last = from_scale(scale, s.rbegin()->second);
      if (q == Quantity::cover && vacancies <= 0) {
        // Not missing: with no vacancies there is no share covered (noted below, with the
        // share used).
        d.source = latest + " (no vacancies in " + std::to_string(as_at) + ")";
      } else {
        d.source = latest + " (" + std::to_string(as_at) + " missing)";
        out.notes.push_back(std::string(quantity_name(q)) + ": " + std::to_string(as_at) +
                            " is missing; " + latest + "'s is used");
      }
    } else {
      for (const Area* wider : {region, nation}) {
        if (!wider || !wider->year(as_at)) continue;
        if (auto v = derive(q, *wider->year(as_at),
                            context(*wider, as_at, pooled.establishment_growth))) {
          d.last = *v;
          d.source = wider->name + " " + std::to_string(as_at) + " (" + council.name + " has none)";
          out.notes.push_back(std::string(quantity_name(q)) + ": " + council.name +
                              " has no figure up to " + std::to_string(as_at) + "; " + wider->name +
                              "'s is used");
          break;
        }
      }
      if (d.source.empty())
        throw UserError(data.source() + ": neither " + council.name +
                        ", its region nor England has the figures for " +
                        std::string(quantity_name(q)) + " up to " + std::to_string(as_at));
    }
    if (s.size() >= 2) {
      double mean = 0;
      for (const auto& [year, value] : s) mean += value / static_cast<double>(s.size());
      d.level = from_scale(scale, mean);
      d.has_level = true;
      d.years = static_cast<int>(s.size());
      d.level_source = std::to_string(s.begin()->first) + "-" + std::to_string(s.rbegin()->first);
    }
    if (q == Quantity::cover && vacancies <= 0 && !s.empty())
      out.notes.push_back("cover: no vacancies in " + std::to_string(as_at) +
                          " to cover; the share is " +
                          (d.has_level ? "the " + d.level_source + " mean"
                                       : std::to_string(s.rbegin()->first) + "'s"));
    return d;
  };
  std::array<Derived, QUANTITY_COUNT> q;
  for (std::size_t k = 0; k < QUANTITY_COUNT; ++k) q[k] = pick(static_cast<Quantity>(k));
  auto at = [&](Quantity x) -> Derived& { return q[static_cast<std::size_t>(x)]; };
  for (const auto& [x, most] : {std::pair{Quantity::establishment, MAX_FTE},
                                {Quantity::other_agency, MAX_FTE},
                                {Quantity::cases, MAX_CASES},
                                {Quantity::caseload, MAX_CASELOAD}}) {
    const Derived& d = at(x);
    const std::string name(quantity_name(x));
    if (d.last > most)
      throw UserError(data.source() + ": " + council.name + "'s " + name + " " + d.source + " is " +
                      fixed(d.last, 1) + ", more than a scenario holds (" + fixed(most, 0) +
                      "); check the file");
    if (d.has_level && d.level > most)
      throw UserError(data.source() + ": " + council.name + "'s " + name + ", its " +
                      d.level_source + " mean, is " + fixed(d.level, 1) +
                      ", more than a scenario holds (" + fixed(most, 0) + "); check the file");
  }

  const int history = council.consecutive_years_to(as_at);
  if (history < 3)
    out.notes.push_back(council.name + " has " + std::to_string(history) + " year" +
                        (history == 1 ? "" : "s") + " of figures up to " + std::to_string(as_at) +
                        ": its long-run levels rest on " +
                        (history == 1 ? "that year alone" : "those years"));

  // Turnover: a year's figure is the council's underlying rate plus the chance of who left
  // (variance 1 / leavers on the log scale). The rate is taken from its long-run level
  // toward the figure by the gain a Kalman filter settles on for a path of this persistence
  // and variation seen with that much chance.
  Derived& turnover = at(Quantity::turnover);
  double turnover_start = turnover.last, turnover_gain = 1;
  if (turnover.has_level) {
    const Variation& v = pooled[Quantity::turnover];
    const double chance = 1 / std::max(1.0, now->value(Measure::leavers_fte).value_or(1.0));
    const double q = v.sd * v.sd, p2 = v.persistence * v.persistence;
    double before = q;  // variance of the rate before a year's figure is seen
    for (int k = 0; k < 200; ++k) before = p2 * (before * chance / (before + chance)) + q;
    turnover_gain = before / (before + chance);
    const double l = std::log(turnover.level), x = std::log(turnover.last);
    turnover_start = std::exp(l + turnover_gain * (x - l));
  }

  double headcount = in_post;
  if (auto h = now->value(Measure::inpost_headcount); h && *h > 0) {
    headcount = *h;
  } else {
    out.notes.push_back("inpost_headcount for " + std::to_string(as_at) +
                        " is missing: headcount taken as the FTE in post, one FTE each");
  }
  const int people = std::max(1, static_cast<int>(std::lround(headcount)));
  // Staff work from a tenth of full time up: fewer FTE a head is a damaged file (and a
  // scenario of so many people to the FTE could hold more than wfsim is sized for).
  if (in_post / people < LEAST_FTE_PER_HEAD)
    throw UserError(data.source() + " (line " + std::to_string(now->line) + "): " + council.name +
                    "'s inpost_fte for " + std::to_string(as_at) + ", " + fixed(in_post, 1) +
                    ", is under " + fixed(LEAST_FTE_PER_HEAD, 1) + " FTE a head of its " +
                    std::to_string(people) + " staff; check the file");
  const double fte_per_head = std::min(in_post / people, 1.0);
  const double cover_now = cover_fte(*now).value_or(0.0);
  const int opening_cover = static_cast<int>(std::lround(std::min(cover_now, vacancies)));

  const std::string yr = std::to_string(as_at);
  std::ostringstream y;
  y << "# Calibrated by `wfsim calibrate` from " << data.source() << "\n"
    << "# " << council.name << " (" << council.code << "), " << council.region_name << ": "
    << history << " year" << (history == 1 ? "" : "s") << " of figures up to " << yr
    << ", the DfE's count at 30 September " << yr << ".\n"
    << "# Each number says where it comes from: `" << yr
    << "` is the council's own figure for that year; a range of years is the\n"
    << "# council's mean over them (on the scale its path moves on); `pooled` is estimated from "
    << pooled.councils << " councils'\n"
    << "# changes up to " << yr << " (docs/calibration.md). Costs are not in the DfE file: add "
    << "salary, on_cost_rate and\n"
    << "# agency.annual_cost_per_fte for spend.\n";
  for (const auto& note : out.notes) y << "# Note: " << note << "\n";
  y << "schema_version: 1\n"
    << "name: "
    << yaml_quoted(council.name + " children's social workers, calibrated as at 30 September " + yr)
    << "\n"
    << "start: " << yr << "-10\n"
    << "horizon_months: " << options.horizon_months << "\n"
    << "replications: " << options.replications << "\n"
    << "seed: " << options.seed << "\n"
    << "stages:\n"
    << "  - id: social_worker\n"
    << "    label: Children and family social worker\n"
    << "    headcount: " << people << "  # inpost_headcount " << yr << "\n"
    << "    fte_per_head: " << fixed(fte_per_head, 4) << "  # inpost_fte / inpost_headcount " << yr
    << ": " << fixed(in_post, 1) << " / " << people << "\n"
    << "    turnover_rate: " << fixed(turnover_start, 4) << "  # turnover_rate_fte "
    << turnover.source << ": " << percent(turnover.last);
  if (turnover.has_level)
    y << ", taken " << fixed(100 * (1 - turnover_gain), 0) << "% of the way to its "
      << turnover.level_source << " mean " << percent(turnover.level)
      << " (a year's figure is partly the chance of who left)";
  y << "\n";

  const Derived& fill = at(Quantity::fill);
  const Derived& other = at(Quantity::other_agency);
  y << "establishment:\n"
    << "  - id: social_workers\n"
    << "    stages: [social_worker]\n"
    << "    fte: " << fixed(in_post + vacancies, 1) << "  # inpost_fte + vacancy_fte " << yr << ": "
    << fixed(in_post, 1) << " + " << fixed(vacancies, 1) << "\n"
    << "    annual_growth: " << fixed(pooled.establishment_growth, 4)
    << "  # pooled: the median council's yearly change of establishment up to " << yr << "\n"
    << "    opening_agency_fte: " << opening_cover << "  # agency_cover_fte " << yr
    << ", at most the vacancies\n"
    << "    other_agency_fte: " << fixed(other.last, 1) << "  # agency_fte - agency_cover_fte "
    << other.source << "\n"
    << "    recruitment:\n"
    << "      stage: social_worker\n"
    << "      route: recruited\n"
    << "      monthly_fill_probability: " << fixed(fill.last, 4) << "  # " << fill.source
    << ": the fill that holds vacancies at their level, n / (vacancy_fte + n), at most "
    << fixed(MAX_FILL, 2)
    << ", where n = (usual turnover x inpost_fte + annual_growth x "
       "establishment) / 12 posts fall vacant a month (vacancies at least 1)\n";

  const Derived& cover = at(Quantity::cover);
  // With no vacancies in Y there is no share covered: the council's mean share over the years
  // that had vacancies, else its latest (or its region's) share.
  const bool cover_mean = vacancies <= 0 && cover.has_level;
  const double cover_share = cover_mean ? cover.level : cover.last;
  y << "agency:\n"
    << "  cover_share: " << fixed(std::clamp(cover_share, SHARE_EDGE, 1 - SHARE_EDGE), 4)
    << "  # agency_cover_fte / vacancy_fte "
    << (cover_mean ? cover.level_source + " mean (no vacancies in " + yr + ")" : cover.source)
    << ", within " << fixed(SHARE_EDGE, 2) << " and " << fixed(1 - SHARE_EDGE, 2)
    << " so that it can move"
    << "\n"
    << "  monthly_availability: 1  # [assumption] the market supplies the cover wanted\n";

  const Derived& cases = at(Quantity::cases);
  const Derived& caseload = at(Quantity::caseload);
  const Variation& vc = pooled[Quantity::cases];
  // Monthly noise whose yearly changes match the pooled ones: a deviation keeping
  // p^(1/12) of itself each month has yearly persistence p.
  const double keep = std::pow(vc.persistence, 1.0 / 12);
  const double monthly =
      std::min(vc.persistence < 0.999
                   ? vc.sd * std::sqrt((1 - keep * keep) / (1 - vc.persistence * vc.persistence))
                   : vc.sd / std::sqrt(12.0),
               MAX_MONTHLY_NOISE);
  y << "demand:\n"
    << "  open_cases: " << fixed(cases.last, 0) << "  # cases " << cases.source << "\n";
  if (cases.has_level) y << reverts_to_line("  ", Quantity::cases, cases, vc);
  y << "  noise_persistence: " << fixed(vc.persistence, 3) << "  # pooled, cases\n"
    << "  monthly_noise: " << fixed(monthly, 4) << "  # pooled, cases: a year's change of sd "
    << fixed(vc.sd, 3) << " (log scale)\n"
    << "  target_caseload: {social_worker: " << fixed(caseload.last, 2) << "}  # caseload_fte "
    << caseload.source << "\n"
    << "dfe_return:\n"
    << "  snapshot_month: 9  # the DfE counts at 30 September\n";

  // Year-to-year paths, starting each October as the DfE's years do.
  const std::pair<const char*, Quantity> paths[] = {
      {"stages.social_worker.turnover_rate", Quantity::turnover},
      {"establishment.social_workers.fte", Quantity::establishment},
      {"establishment.social_workers.recruitment.monthly_fill_probability", Quantity::fill},
      {"agency.cover_share", Quantity::cover},
      {"establishment.social_workers.other_agency_fte", Quantity::other_agency},
      {"demand.target_caseload.social_worker", Quantity::caseload},
  };
  y << "year_to_year:\n"
    << "  year_starts: 10  # the DfE's years run October to September\n"
    << "  parameters:\n";
  for (const auto& [parameter, quantity] : paths) {
    const Variation& v = pooled[quantity];
    const Derived& d = at(quantity);
    y << "    - parameter: " << parameter << "\n"
      << "      scale: " << scale_name(scale_of(quantity)) << "\n"
      << "      sd: " << fixed(v.sd, 4) << "  # pooled, " << quantity_name(quantity) << ": "
      << v.one_year << " one-year changes\n"
      << "      persistence: " << fixed(v.persistence, 3) << "  # pooled, "
      << (v.persistence_assumed ? "assumed (too few two-year changes)"
                                : std::to_string(v.two_years) + " two-year changes")
      << "\n";
    if (d.has_level && v.persistence < 0.999) y << reverts_to_line("      ", quantity, d, v);
    // The establishment's trend is its annual_growth.
    if (v.trend != 0 && quantity != Quantity::establishment)
      y << "      trend: " << fixed(v.trend, 4)
        << "  # pooled: the median council moved this way every year up to " << yr << "\n";
  }
  y << history_section(data, council, as_at);
  out.scenario = y.str();

  std::ostringstream r;
  r << council.name << " (" << council.code << ") as at 30 September " << yr << ", from " << history
    << " year" << (history == 1 ? "" : "s") << " of figures:\n"
    << "  FTE in post " << fixed(in_post, 1) << ", vacancies " << fixed(vacancies, 1) << ", agency "
    << fixed(cover_now + other.last, 1) << " (" << fixed(cover_now, 1) << " covering vacancies)\n"
    << "  turnover " << percent(turnover.last);
  if (turnover.has_level) r << " (mean " << percent(turnover.level) << ")";
  r << ", fill " << percent(fill.last) << " of vacancies a month, cover share "
    << percent(cover_share) << ", cases " << fixed(cases.last, 0) << ", caseload "
    << fixed(caseload.last, 1) << "\n"
    << "  year to year (pooled over " << pooled.councils << " councils): ";
  for (std::size_t k = 0; k < QUANTITY_COUNT; ++k) {
    const Variation& v = pooled.of[k];
    r << (k ? "; " : "") << quantity_name(static_cast<Quantity>(k)) << " sd " << fixed(v.sd, 2)
      << " persistence " << fixed(v.persistence, 2);
  }
  r << "\n";
  out.report = r.str();
  return out;
}

}  // namespace wfsim::calibrate
