// Calibration from an individual-level HR extract: reading and checking the extract, counting
// leavers, moves and starters against person-months at risk over the window, and the scenario
// those counts give. docs/calibration.md states the format and each rule; the comments in the
// scenario written repeat them beside the numbers.
#include "wfsim/calibrate/staff_extract.hpp"
#include "wfsim/scenario/yaml_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>
#include <unordered_map>

#include <boost/math/distributions/beta.hpp>

#include "number_text.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::calibrate {

using detail::fixed;
using detail::percent;

namespace {

bool leap_year(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap_year(year) ? 29 : DAYS[month - 1];
}

constexpr const char* MONTH_NAMES[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string plural(long n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

//! A stage id as YAML text: quoted where YAML would read it as something else (null, a
//! boolean of YAML 1.1, or a number).
std::string yaml_id(const std::string& id) {
  static constexpr std::string_view SPECIAL[] = {"null", "true", "false", "yes", "no",
                                                 "on",   "off",  "y",     "n"};
  const bool letter_first = !id.empty() && id[0] >= 'a' && id[0] <= 'z';
  if (letter_first && std::find(std::begin(SPECIAL), std::end(SPECIAL), id) == std::end(SPECIAL))
    return id;
  return "\"" + id + "\"";
}

//! Refuses the content of one cell with the file, line and column.
struct Cell {
  const CsvTable& table;
  std::size_t row = 0, column = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(table.source + " (line " + std::to_string(table.line[row]) + ", column " +
                    std::to_string(column + 1) + " '" + table.header[column] + "'): " + what);
  }
  std::string_view text() const { return trim(table.rows[row][column]); }
};

std::optional<Date> parse_date_cell(const Cell& cell, bool required) {
  const std::string_view text = cell.text();
  if (text.empty()) {
    if (required) cell.fail("the date is blank; every spell has a start_date (YYYY-MM-DD)");
    return std::nullopt;
  }
  const auto date = Date::parse(text);
  if (!date)
    cell.fail("'" + std::string(text) +
              "' is not a date; dates are written YYYY-MM-DD (2021-09-01), a day that exists, "
              "years 1900 to 2999");
  return date;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Dates and names

std::optional<Date> Date::parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[k] < '0' || t[k] > '9') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t length) {
    int v = 0;
    for (std::size_t k = from; k < from + length; ++k) v = v * 10 + (t[k] - '0');
    return v;
  };
  const Date d{number(0, 4), number(5, 2), number(8, 2)};
  if (d.year < 1900 || d.year > 2999 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  return d;
}

Date Date::first_of(int index) {
  return {index / 12, index % 12 + 1, 1};
}

Date Date::last_of(int index) {
  Date d = first_of(index);
  d.day = days_in_month(d.year, d.month);
  return d;
}

std::string Date::str() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Date Date::next_day() const {
  if (day < days_in_month(year, month)) return {year, month, day + 1};
  return first_of(month_index() + 1);
}

std::string month_text(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

std::string stage_id(std::string_view role) {
  std::string id;
  bool gap = false;
  for (char c : role) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!letter) {
      gap = true;
      continue;
    }
    if (gap && !id.empty()) id += '_';
    gap = false;
    id += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// Reading the extract

StaffExtract StaffExtract::read(const std::string& path) {
  return from_table(read_csv_file(path));
}

StaffExtract StaffExtract::from_table(const CsvTable& table) {
  // Every missing column at once, each with the likely intended one.
  std::array<std::size_t, STAFF_COLUMNS.size()> col{};
  std::vector<std::string> missing;
  for (std::size_t k = 0; k < STAFF_COLUMNS.size(); ++k) {
    if (const auto c = find_column(table, STAFF_COLUMNS[k])) {
      col[k] = *c;
      continue;
    }
    std::string entry = "'";
    entry.append(STAFF_COLUMNS[k]).append("'");
    const std::string guess = near_miss(std::string(STAFF_COLUMNS[k]), table.header);
    if (!guess.empty()) entry += " (did you mean '" + guess + "'?)";
    missing.push_back(std::move(entry));
  }
  if (!missing.empty()) {
    std::string list, header;
    for (std::size_t k = 0; k < missing.size(); ++k)
      list += (k == 0 ? "" : k + 1 == missing.size() ? " or " : ", ") + missing[k];
    for (std::size_t k = 0; k < STAFF_COLUMNS.size(); ++k) {
      if (k > 0) header += ',';
      header.append(STAFF_COLUMNS[k]);  // not "," + std::string(...): a false -Wrestrict in GCC 12
    }
    throw UserError(table.source +
                    " (line 1): not an HR extract as wfsim reads it: it has no column " + list +
                    ". The header is " + header + " (docs/calibration.md)");
  }
  if (table.rows.empty())
    throw UserError(table.source +
                    ": the extract has a header but no rows; it needs one row per person and "
                    "spell, leavers included");
  const auto [c_person, c_role, c_fte, c_start, c_end, c_reason, c_qualified, c_agency] = col;

  StaffExtract out;
  out.source = table.source;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    auto cell = [&](std::size_t c) { return Cell{table, r, c}; };
    for (std::size_t c : col)
      if (table.rows[r][c].find_first_of("\r\n") != std::string::npos)
        cell(c).fail("the field holds a line break; every field of the extract is on one line");
    Spell s;
    s.line = table.line[r];
    s.person_id = std::string(cell(c_person).text());
    if (s.person_id.empty())
      cell(c_person).fail("the person_id is blank; every row names its person");
    s.role = std::string(cell(c_role).text());
    if (s.role.empty()) cell(c_role).fail("the role is blank; every spell is in a role");
    s.stage = stage_id(s.role);
    if (s.stage.empty())
      cell(c_role).fail("the role '" + s.role +
                        "' has no letter or digit, so it cannot name a stage");

    const std::string_view fte = cell(c_fte).text();
    const auto [end, error] = std::from_chars(fte.data(), fte.data() + fte.size(), s.fte);
    if (fte.empty() || error != std::errc() || end != fte.data() + fte.size() ||
        !std::isfinite(s.fte))
      cell(c_fte).fail("'" + std::string(fte) +
                       "' is not a number; the FTE is a number such as 0.8");
    if (!(s.fte > 0 && s.fte <= 1))
      cell(c_fte).fail("the FTE is " + std::string(fte) +
                       "; an FTE is above 0 and at most 1 (1 is full time)");

    s.start = *parse_date_cell(cell(c_start), true);
    s.end = parse_date_cell(cell(c_end), false);
    if (s.end && *s.end < s.start)
      cell(c_end).fail("the spell ends on " + s.end->str() + ", before it starts on " +
                       s.start.str());
    s.leaving_reason = std::string(cell(c_reason).text());
    if (s.end && s.leaving_reason.empty())
      cell(c_reason).fail("the spell ends on " + s.end->str() +
                          " but gives no leaving_reason: write '" + std::string(ROLE_CHANGE) +
                          "' when the person moves to another spell with the employer, otherwise "
                          "why they left (resigned, retired, ...)");
    if (!s.end && !s.leaving_reason.empty())
      cell(c_reason).fail("the leaving_reason is '" + s.leaving_reason +
                          "' but the spell has no end_date; a spell still in post has neither");
    s.role_change = lower(s.leaving_reason) == ROLE_CHANGE;
    s.qualified = parse_date_cell(cell(c_qualified), false);

    const std::string agency = lower(cell(c_agency).text());
    if (agency != "yes" && agency != "no")
      cell(c_agency).fail("'" + std::string(cell(c_agency).text()) +
                          "' is not an agency value; write yes for an agency worker, no for staff");
    s.agency = agency == "yes";
    out.spells.push_back(std::move(s));
  }

  // Each person's spells in order, in the order people first appear.
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::vector<std::size_t>> by_person;
  for (std::size_t k = 0; k < out.spells.size(); ++k) {
    const auto [it, added] = index.emplace(out.spells[k].person_id, by_person.size());
    if (added) by_person.emplace_back();
    by_person[it->second].push_back(k);
  }
  out.people = by_person.size();
  auto fail_at = [&](const Spell& s, std::size_t column, const std::string& what) {
    const std::size_t row = static_cast<std::size_t>(
        std::find(table.line.begin(), table.line.end(), s.line) - table.line.begin());
    Cell{table, row, column}.fail(what);
  };
  auto span = [](const Spell& s) {
    return s.start.str() + " to " + (s.end ? s.end->str() : "in post");
  };
  for (auto& spells : by_person) {
    std::stable_sort(spells.begin(), spells.end(), [&](std::size_t a, std::size_t b) {
      return out.spells[a].start < out.spells[b].start;
    });
    for (std::size_t k = 0; k < spells.size(); ++k) {
      const Spell& s = out.spells[spells[k]];
      const Spell* next = k + 1 < spells.size() ? &out.spells[spells[k + 1]] : nullptr;
      if (next && (!s.end || next->start <= *s.end))
        fail_at(*next, c_start,
                "person " + s.person_id + "'s spell from " + next->start.str() +
                    " overlaps their spell on line " + std::to_string(s.line) + " (" + span(s) +
                    "); a person holds one spell at a time, each starting after the one before "
                    "ends (end_date is the last day in post)");
      if (!s.role_change) continue;
      if (!next)
        fail_at(s, c_reason,
                "the spell ends in a role change on " + s.end->str() + " but person " +
                    s.person_id +
                    " has no later spell; a role change ends one spell and starts the next the "
                    "day after (give the leaving reason if they left)");
      if (next->start != s.end->next_day())
        fail_at(*next, c_start,
                "person " + s.person_id + "'s spell follows a role change on line " +
                    std::to_string(s.line) + " ending " + s.end->str() + ", so it starts on " +
                    s.end->next_day().str() + ", not " + next->start.str() +
                    "; a gap in employment is a leaving and a return, with the leaving reason");
      if (next->agency != s.agency)
        fail_at(*next, c_agency,
                "person " + s.person_id + " moves by a role change on line " +
                    std::to_string(s.line) +
                    " between agency work and a permanent post; such a move ends one spell with "
                    "a leaving reason");
    }
  }

  // A stage is for qualified staff or for trainees, not both.
  std::map<std::string, std::pair<const Spell*, const Spell*>> qualified;  // with, without
  for (const Spell& s : out.spells) {
    if (s.agency) continue;
    auto& [with, without] = qualified[s.stage];
    const Spell*& first = s.qualified ? with : without;
    if (!first) first = &s;
    if (with && without) {
      const Spell& later = with->line > without->line ? *with : *without;
      fail_at(later, c_qualified,
              "role '" + s.role + "' (stage " + s.stage + ") has a qualified_date on line " +
                  std::to_string(with->line) + " and none on line " +
                  std::to_string(without->line) +
                  "; a role is for qualified staff (a date on every spell) or for trainees such "
                  "as apprentices (none), so give the date or name the trainees' role apart");
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rates

RateFit fit_rate(int events, int exposure) {
  if (exposure <= 0 || events < 0 || events > exposure)
    throw InternalError("fit_rate: " + std::to_string(events) + " events in " +
                        std::to_string(exposure) + " person-months");
  RateFit f;
  f.events = events;
  f.exposure = exposure;
  const double a = events + 0.5, b = exposure - events + 0.5;
  auto annual = [](double monthly) { return 1 - std::pow(1 - monthly, 12); };
  f.annual = annual(static_cast<double>(events) / exposure);
  const boost::math::beta_distribution<double> posterior(a, b);
  f.low = annual(boost::math::quantile(posterior, 0.05));
  f.high = annual(boost::math::quantile(posterior, 0.95));
  // E[(1 - h)^k] = B(a, b + k) / B(a, b) = prod_{j<k} (b + j) / (a + b + j) for h ~ Beta(a, b).
  double m12 = 1, m24 = 1;
  for (int j = 0; j < 24; ++j) {
    const double factor = (b + j) / (a + b + j);
    m24 *= factor;
    if (j < 12) m12 *= factor;
  }
  f.mean = 1 - m12;
  f.sd = std::sqrt(std::max(0.0, m24 - m12 * m12));
  return f;
}

const StageFit* StaffFit::stage(std::string_view id) const {
  for (const StageFit& s : stages)
    if (s.id == id) return &s;
  return nullptr;
}

std::string StaffFit::band_name(std::size_t band) const {
  auto years = [](int months) {
    return months % 12 == 0 ? std::to_string(months / 12) : fixed(months / 12.0, 2);
  };
  if (tenure_months.empty()) return "all lengths of service";
  if (band == 0) {
    const int m = tenure_months[0];
    return "under " + years(m) + (m == 12 ? " year" : " years");
  }
  if (band == tenure_months.size()) return years(tenure_months.back()) + " years and over";
  return years(tenure_months[band - 1]) + "-" + years(tenure_months[band]) + " years";
}

// ---------------------------------------------------------------------------------------------
// Fitting

namespace {

//! A run of one person's spells in one stage, joined by role changes within the stage.
struct Stint {
  std::size_t person = 0;
  int stage = -1;
  Date start;
  std::optional<Date> end;        //!< the last day in the stage, if it ended
  bool left = false;              //!< ended by leaving (else by moving, if it ended)
  int to = -1;                    //!< the stage moved to
  bool employment_start = false;  //!< starts the person's employment (not a move)
  double fte = 1;                 //!< of its last spell
  int first_line = 0;
};

struct Counts {
  std::vector<int> leavers, exposure;  // per band
};

//! Months the window holds of each calendar month.
std::array<int, 12> month_occurrences(int first, int last) {
  std::array<int, 12> n{};
  for (int m = first; m <= last; ++m) ++n[m % 12];
  return n;
}

}  // namespace

StaffFit fit_staff_extract(const StaffExtract& extract, const StaffOptions& options) {
  const Date as_at = options.as_at;
  if (!as_at.last_of_month())
    throw UserError("--as-at " + as_at.str() +
                    ": the as-at date is the count date at the end of a month, such as " +
                    Date::last_of(as_at.month_index()).str() +
                    " (the DfE counts at 30 September): the window is whole months and the "
                    "scenario starts the month after");
  if (options.window_months < 1 || options.window_months > 600)
    throw UserError("--window-months " + std::to_string(options.window_months) +
                    ": the window is 1 to 600 months");
  StaffFit fit;
  for (std::size_t k = 0; k < options.tenure_band_years.size(); ++k) {
    const double y = options.tenure_band_years[k];
    const double months = y * 12;
    if (!(y > 0 && y <= 50) || std::abs(months - std::round(months)) > 1e-9 ||
        (k > 0 && !(y > options.tenure_band_years[k - 1])))
      throw UserError(
          "--tenure-bands: the band edges are years of service, increasing, above 0, "
          "at most 50, each a whole number of months; got " +
          fixed(y, 6));
    fit.tenure_months.push_back(static_cast<int>(std::lround(months)));
  }
  const int bands = static_cast<int>(fit.tenure_months.size()) + 1;
  auto band_of = [&](int tenure) {
    return static_cast<int>(
        std::upper_bound(fit.tenure_months.begin(), fit.tenure_months.end(), tenure) -
        fit.tenure_months.begin());
  };

  fit.source = extract.source;
  fit.people = extract.people;
  fit.spells = extract.spells.size();
  fit.as_at = as_at;
  const int a = as_at.month_index();
  fit.last_month = a;
  fit.first_month = a - options.window_months + 1;
  const int w0 = fit.first_month;
  const Date window_first = Date::first_of(w0);
  const Date opening_day = as_at.next_day();
  auto in_window = [&](int m) { return m >= w0 && m <= a; };

  // People and their permanent spells in order; stages in order of first appearance.
  std::unordered_map<std::string, std::size_t> person_index;
  std::vector<std::vector<const Spell*>> people;
  std::vector<const Spell*> agency;
  std::map<std::string, int> stage_index;
  std::vector<StageFit> stages;
  int after_as_at = 0;
  for (const Spell& s : extract.spells) {
    if (s.start > as_at) ++after_as_at;
    if (s.agency) {
      ++fit.agency_spells;
      agency.push_back(&s);
      continue;
    }
    const auto [it, added] = person_index.emplace(s.person_id, people.size());
    if (added) people.emplace_back();
    people[it->second].push_back(&s);
    if (stage_index.emplace(s.stage, static_cast<int>(stages.size())).second) {
      StageFit st;
      st.id = s.stage;
      st.role = s.role;
      st.qualified = s.qualified.has_value();
      stages.push_back(std::move(st));
    }
  }
  for (auto& spells : people)
    std::stable_sort(spells.begin(), spells.end(),
                     [](const Spell* x, const Spell* y) { return x->start < y->start; });

  // Stints: spells joined by role changes within a stage. The extract's checks guarantee that
  // a role change is followed the next day by the person's next spell.
  std::vector<Stint> stints;
  std::vector<int> first_start(people.size());  // month each person first started
  for (std::size_t p = 0; p < people.size(); ++p) {
    const auto& spells = people[p];
    first_start[p] = spells.front()->start.month_index();
    for (std::size_t k = 0; k < spells.size(); ++k) {
      const Spell& s = *spells[k];
      const bool continues = k > 0 && spells[k - 1]->role_change;
      if (continues && spells[k - 1]->stage == s.stage) {
        Stint& st = stints.back();
        st.end = s.end;
        st.left = s.end && !s.role_change;
        st.fte = s.fte;
      } else {
        Stint st;
        st.person = p;
        st.stage = stage_index.at(s.stage);
        st.start = s.start;
        st.end = s.end;
        st.left = s.end && !s.role_change;
        st.employment_start = !continues;
        st.fte = s.fte;
        st.first_line = s.line;
        stints.push_back(st);
      }
      if (s.role_change && spells[k + 1]->stage != s.stage)
        stints.back().to = stage_index.at(spells[k + 1]->stage);
    }
  }
  // What is known at the as-at date: an end after it is not yet known.
  auto observed_end = [&](const Stint& st) -> std::optional<Date> {
    if (st.end && *st.end <= as_at) return st.end;
    return std::nullopt;
  };
  auto moved = [&](const Stint& st) { return observed_end(st) && !st.left; };

  // Career order: a stage before those people move to from it, ties (and loops, such as
  // moves back) by the order the file first names them.
  {
    const std::size_t n = stages.size();
    std::vector<std::vector<int>> flow(n, std::vector<int>(n, 0));
    for (const Stint& st : stints)
      if (st.start <= as_at && moved(st) && st.to >= 0) ++flow[st.stage][st.to];
    std::vector<int> order;
    std::vector<bool> placed(n, false);
    while (order.size() < n) {
      int best = -1, best_in = 0;
      for (std::size_t s = 0; s < n; ++s) {
        if (placed[s]) continue;
        int in = 0;
        for (std::size_t from = 0; from < n; ++from)
          if (!placed[from] && from != s) in += flow[from][s];
        if (best < 0 || in < best_in) best = static_cast<int>(s), best_in = in;
      }
      placed[best] = true;
      order.push_back(best);
    }
    std::vector<int> position(n);
    for (std::size_t k = 0; k < n; ++k) position[order[k]] = static_cast<int>(k);
    std::vector<StageFit> sorted;
    for (int s : order) sorted.push_back(std::move(stages[s]));
    stages = std::move(sorted);
    for (auto& [id, s] : stage_index) s = position[s];
    for (Stint& st : stints) {
      st.stage = position[st.stage];
      if (st.to >= 0) st.to = position[st.to];
    }
  }
  const std::size_t n_stages = stages.size();

  // Stages with someone at risk or starting in the window; those in post are added below.
  std::vector<bool> active(n_stages, false);
  for (const Stint& st : stints)
    if (st.start <= as_at && (!observed_end(st) || *observed_end(st) >= window_first))
      active[st.stage] = true;

  // In post at the as-at date: on the scenario's first day, by the spell then held, counting
  // those whose move takes effect that day but not those who start then.
  for (std::size_t p = 0; p < people.size(); ++p) {
    for (std::size_t k = 0; k < people[p].size(); ++k) {
      const Spell& s = *people[p][k];
      const bool follows_move = k > 0 && people[p][k - 1]->role_change;
      const bool held = s.start <= opening_day && (!s.end || *s.end >= opening_day);
      if (!held || (s.start == opening_day && !follows_move)) continue;
      StageFit& stage = stages[stage_index.at(s.stage)];
      const int tenure = (a + 1) - first_start[p];
      if (stage.headcount_by_band.empty()) stage.headcount_by_band.assign(bands, 0);
      ++stage.headcount_by_band[band_of(tenure)];
      ++stage.headcount;
      stage.fte += s.fte;
      active[stage_index.at(s.stage)] = true;
    }
  }
  int in_post = 0;
  for (const StageFit& s : stages) in_post += s.headcount;
  if (in_post == 0)
    throw UserError(extract.source + ": nobody in the extract is in post (and not agency) at " +
                    as_at.str() +
                    ", so there is no workforce to start from; the extract ends before the "
                    "as-at date, or --as-at is wrong");
  bool covered = false;
  for (const auto& spells : people)
    for (const Spell* s : spells)
      covered = covered || (s->start <= window_first && (!s->end || *s->end >= window_first));
  if (!covered)
    throw UserError(extract.source + ": nobody in the extract is in post on " + window_first.str() +
                    ", the first day of the " + std::to_string(options.window_months) +
                    "-month window, so the extract does not reach back over the window (it "
                    "needs everyone in post at any time in it, leavers too); use a fuller "
                    "extract or a shorter --window-months");
  // An extract of the staff in post at some date and the leavers since then shows no leaving
  // before that date. If the window reaches back before the extract's first end date, and at
  // the rate of ends after it a gap that long without one has less than a 1 in 1000 chance
  // (over ln 1000 expected), the extract does not cover the window.
  {
    int first_end = std::numeric_limits<int>::max(), latest = a;
    for (const Stint& st : stints) {
      latest = std::max(latest, st.start.month_index());
      if (!st.end) continue;
      first_end = std::min(first_end, st.end->month_index());
      latest = std::max(latest, st.end->month_index());
    }
    if (first_end != std::numeric_limits<int>::max() && first_end > w0) {
      auto overlap = [](int lo1, int hi1, int lo2, int hi2) {
        return std::max(0, std::min(hi1, hi2) - std::max(lo1, lo2) + 1);
      };
      double gap = 0, exposure = 0, ends = 0;
      for (const Stint& st : stints) {
        const int sm = st.start.month_index(), em = st.end ? st.end->month_index() : latest;
        gap += overlap(sm + 1, em, w0, std::min(first_end - 1, a));
        exposure += overlap(sm + 1, em, first_end, latest);
        ends += st.end.has_value();
      }
      const double expected = exposure > 0 ? ends * gap / exposure : 0;
      if (expected > std::log(1000.0))
        throw UserError(
            extract.source + ": the extract's first leaver or role change is in " +
            month_text(first_end) + ", but the window starts in " + month_text(w0) +
            ": at the rate the extract shows from then on, about " + fixed(expected, 0) +
            " spells would have ended between, so the extract does not list those who left "
            "before " +
            month_text(first_end) +
            ". Start the window no earlier (--as-at, --window-months) or use a fuller extract");
    }
  }

  // Time-based stages: people move on after the same number of months, nearly all of those
  // who stay that long (docs/calibration.md).
  for (std::size_t s = 0; s < n_stages; ++s) {
    std::map<int, int> durations;
    for (const Stint& st : stints)
      if (st.stage == static_cast<int>(s) && st.start <= as_at && moved(st) && st.to >= 0)
        ++durations[st.end->next_day().month_index() - st.start.month_index()];
    int mode = 0, at_mode = 0;
    for (const auto& [d, n] : durations)
      if (n > at_mode) mode = d, at_mode = n;
    if (at_mode < 3 || mode < 1) continue;
    int reaching = 0, due = 0;
    std::map<int, int> next;
    for (const Stint& st : stints) {
      if (st.stage != static_cast<int>(s) || st.start > as_at) continue;
      const int sm = st.start.month_index();
      if (sm + mode > a) continue;  // not due by the as-at date
      const auto end = observed_end(st);
      // The month someone is no longer in the stage: the month they left in, or the month
      // their next stage began.
      const int exit = !end ? a + 2 : st.left ? end->month_index() : end->next_day().month_index();
      if (exit < sm + mode) continue;
      ++reaching;
      if (exit == sm + mode) {
        ++due;
        if (!st.left) ++next[st.to];
      }
    }
    if (reaching == 0 || due < 0.8 * reaching) continue;
    int to = -1, most = 0;
    for (const auto& [t, n] : next)
      if (t >= 0 && t != static_cast<int>(s) && n > most) to = t, most = n;
    if (to < 0) continue;
    stages[s].duration_months = mode;
    stages[s].next = stages[to].id;
  }

  // Stages: roles with someone at risk, in post, or starting in the window.
  std::vector<int> keep;
  for (std::size_t s = 0; s < n_stages; ++s) {
    if (active[s]) {
      keep.push_back(static_cast<int>(s));
      continue;
    }
    fit.notes.push_back("role '" + stages[s].role + "' has nobody in post in the window or at " +
                        as_at.str() + ": left out");
  }
  // A time-based stage's next stage is kept: someone completing moves into it.
  for (std::size_t s = 0; s < n_stages; ++s) {
    if (!active[s] || stages[s].duration_months == 0) continue;
    const int next = stage_index.at(stages[s].next);
    if (!active[next]) {
      stages[s].duration_months = 0;
      stages[s].next.clear();
      fit.notes.push_back(stages[s].id +
                          " moves people on after a fixed time into a role no "
                          "longer held; it is taken as a stage without a duration");
    }
  }

  // Leavers, moves and person-months at risk over the window. Someone is at risk in a month
  // if they began it in the stage, having entered the stage before the month (the model's
  // rule: nobody leaves in the month they arrive); in a time-based stage, until they are due.
  std::vector<Counts> counts(n_stages,
                             Counts{std::vector<int>(bands, 0), std::vector<int>(bands, 0)});
  std::vector<std::vector<int>> moves(n_stages, std::vector<int>(n_stages, 0));
  for (const Stint& st : stints) {
    if (st.start > as_at) continue;
    StageFit& stage = stages[st.stage];
    const int fm = first_start[st.person];
    const int sm = st.start.month_index();
    const auto end = observed_end(st);
    const int em = end ? end->month_index() : a;
    const bool timed = stage.duration_months > 0;
    const int last_at_risk = timed ? std::min(em, sm + stage.duration_months - 1) : em;
    for (int m = std::max(sm + 1, w0); m <= std::min(last_at_risk, a); ++m)
      ++counts[st.stage].exposure[band_of(m - fm)];
    if (!end || !in_window(em)) continue;
    // A spell that starts and ends in one month is one month at risk: it did end.
    if (em == sm) ++counts[st.stage].exposure[band_of(em - fm)];
    if (timed) {
      const int exit = st.left ? em : end->next_day().month_index();
      const bool at_due = exit >= sm + stage.duration_months;
      if (st.left && at_due) {
        ++stage.non_completers;
      } else if (st.left) {
        ++counts[st.stage].leavers[band_of(em - fm)];
      } else if (exit == sm + stage.duration_months && st.to >= 0 &&
                 stages[st.to].id == stage.next) {
        ++stage.completers;
      } else if (st.to >= 0) {
        ++stage.early_moves;
      }
      continue;
    }
    if (st.left)
      ++counts[st.stage].leavers[band_of(em - fm)];
    else if (st.to >= 0)
      ++moves[st.stage][st.to];
  }

  if (after_as_at > 0)
    fit.notes.push_back(plural(after_as_at, "spell starts", "spells start") + " after " +
                        as_at.str() + " and " + (after_as_at == 1 ? "is" : "are") + " not used");

  // Starters: spells that start someone's employment in the window (a first spell, or a
  // return after leaving), by stage and calendar month.
  for (const Stint& st : stints)
    if (st.employment_start && st.start >= window_first && st.start <= as_at)
      ++stages[st.stage].starters_by_month[st.start.month - 1];

  // Leaving rates; a band with nobody at risk takes the stage's rate over all bands, and a
  // stage with nobody at risk all stages' rate in the band (or over all bands).
  int total_leavers = 0, total_exposure = 0;
  std::vector<int> band_leavers(bands, 0), band_exposure(bands, 0);
  for (int s : keep)
    for (int b = 0; b < bands; ++b) {
      band_leavers[b] += counts[s].leavers[b];
      band_exposure[b] += counts[s].exposure[b];
      total_leavers += counts[s].leavers[b];
      total_exposure += counts[s].exposure[b];
    }
  if (total_exposure == 0)
    throw UserError(extract.source + ": nobody was in post for a whole month of the window " +
                    month_text(w0) + " to " + month_text(a) +
                    ", so no leaving rate can be counted; use a longer --window-months");
  for (int s : keep) {
    StageFit& stage = stages[s];
    const Counts& c = counts[s];
    const int stage_leavers = std::accumulate(c.leavers.begin(), c.leavers.end(), 0);
    const int stage_exposure = std::accumulate(c.exposure.begin(), c.exposure.end(), 0);
    for (int b = 0; b < bands; ++b) {
      BandFit band;
      if (c.exposure[b] > 0) {
        band.rate = fit_rate(c.leavers[b], c.exposure[b]);
      } else if (stage_exposure > 0) {
        band.own = false;
        band.rate = fit_rate(stage_leavers, stage_exposure);
        band.fallback = "nobody at risk in the band: " + stage.id + "'s rate over all bands";
      } else if (band_exposure[b] > 0) {
        band.own = false;
        band.rate = fit_rate(band_leavers[b], band_exposure[b]);
        band.fallback = "nobody at risk in " + stage.id + ": all stages' rate in the band";
      } else {
        band.own = false;
        band.rate = fit_rate(total_leavers, total_exposure);
        band.fallback = "nobody at risk in " + stage.id + " or the band: all stages' rate";
      }
      stage.leaving.push_back(std::move(band));
    }
    if (stage_exposure == 0)
      fit.notes.push_back(stage.id +
                          " had nobody at risk of leaving in the window: its leaving "
                          "rates are all stages' (see the comments)");
    if (stage.headcount_by_band.empty()) stage.headcount_by_band.assign(bands, 0);
    stage.fte_per_head = stage.headcount > 0 ? stage.fte / stage.headcount : 1.0;
    if (stage.headcount == 0) {
      // Nobody in post: the mean FTE of the stage's spells in the window.
      double sum = 0;
      int n = 0;
      for (const Stint& st : stints)
        if (st.stage == s && (!st.end || *st.end >= window_first) && st.start <= as_at)
          sum += st.fte, ++n;
      if (n > 0) stage.fte_per_head = sum / n;
    }
    // Promotions, tried in career order, each against those still at risk after leaving and
    // the moves tried before it.
    if (stage.duration_months == 0) {
      int at_risk = stage_exposure - stage_leavers;
      for (int to : keep) {
        const int n = moves[s][to];
        if (n == 0 || to == s) continue;
        stage.promotions.push_back({stages[to].id, fit_rate(n, at_risk)});
        at_risk -= n;
      }
      for (std::size_t to = 0; to < n_stages; ++to)
        if (moves[s][to] > 0 && !active[to])
          fit.notes.push_back(plural(moves[s][to], "move", "moves") + " from " + stage.id +
                              " to a role left out are not counted");
    } else if (stage.early_moves > 0) {
      fit.notes.push_back(plural(stage.early_moves, "person", "people") + " moved out of " +
                          stage.id + " other than at " + std::to_string(stage.duration_months) +
                          " months into " + stage.next +
                          "; a time-based stage moves everyone at once, so these are not counted");
    }
  }

  // Intakes: starters clustered in one calendar month (more than half of a stage's starters,
  // at least 3), and every starter into a training stage, which recruitment cannot fill.
  const auto occurrences = month_occurrences(w0, a);
  std::vector<int> recruits(n_stages, 0);
  for (int s : keep) {
    const StageFit& stage = stages[s];
    const auto& by_month = stage.starters_by_month;
    const int total = std::accumulate(by_month.begin(), by_month.end(), 0);
    if (total == 0) continue;
    if (!stage.qualified) {
      for (int c = 0; c < 12; ++c)
        if (by_month[c] > 0)
          fit.intakes.push_back({stage.id, c + 1, by_month[c],
                                 static_cast<double>(by_month[c]) / occurrences[c], true});
      continue;
    }
    const int top =
        static_cast<int>(std::max_element(by_month.begin(), by_month.end()) - by_month.begin());
    if (by_month[top] >= 3 && 2 * by_month[top] > total) {
      fit.intakes.push_back({stage.id, top + 1, by_month[top],
                             static_cast<double>(by_month[top]) / occurrences[top], false});
      recruits[s] = total - by_month[top];
    } else {
      recruits[s] = total;
    }
  }

  // Agency workers in post at a day.
  auto agency_fte_at = [&](const Date& day) {
    double fte = 0;
    for (const Spell* s : agency)
      if (s->start <= day && (!s->end || *s->end > day)) fte += s->fte;
    return fte;
  };
  fit.agency_fte = agency_fte_at(as_at);
  for (int s : keep)
    if (stages[s].qualified) fit.fte_in_post += stages[s].fte;

  // Experienced recruitment into the qualified stages: the starters not in an intake, into
  // the stage most of them start in.
  int recruit_stage = -1;
  for (int s : keep) {
    fit.recruits += recruits[s];
    if (recruits[s] > 0 && (recruit_stage < 0 || recruits[s] > recruits[recruit_stage]))
      recruit_stage = s;
  }
  if (recruit_stage >= 0) {
    fit.recruit_stage = stages[recruit_stage].id;
    fit.recruits_per_month = static_cast<double>(fit.recruits) / options.window_months;
    // Vacancies are what agency covers: the mean over the window's month ends, in posts.
    double vacant = 0;
    for (int m = w0; m <= a; ++m) vacant += agency_fte_at(Date::last_of(m));
    fit.mean_vacant_posts =
        vacant / options.window_months / std::max(0.01, stages[recruit_stage].fte_per_head);
    // As calibrate.cpp's rule: the month's recruits over the posts vacant when recruitment
    // happens, which are the vacancies counted plus those falling vacant in the month.
    const double n = fit.recruits_per_month;
    fit.monthly_fill = std::clamp(n / (std::max(1.0, fit.mean_vacant_posts) + n), 0.005, 0.95);
    std::vector<int> experience;
    for (const Stint& st : stints) {
      if (!st.employment_start || st.start < window_first || st.start > as_at) continue;
      if (!stages[st.stage].qualified || recruits[st.stage] == 0) continue;
      bool intake = false;
      for (const IntakeFit& in : fit.intakes)
        intake = intake || (in.stage == stages[st.stage].id && in.month == st.start.month);
      if (intake) continue;
      const Spell* first = nullptr;
      for (const Spell* s : people[st.person])
        if (s->line == st.first_line) first = s;
      if (first && first->qualified && *first->qualified <= st.start)
        experience.push_back(st.start.month_index() - first->qualified->month_index());
    }
    fit.experience_known = static_cast<int>(experience.size());
    if (!experience.empty()) {
      std::sort(experience.begin(), experience.end());
      fit.experience_months = std::clamp(experience[experience.size() / 2], 0, 600);
    } else {
      fit.notes.push_back(
          "no experienced starter has a qualified_date before their start: "
          "recruits are taken to bring 36 months' experience, the model's default");
    }
  } else if (std::any_of(keep.begin(), keep.end(), [&](int s) { return stages[s].qualified; })) {
    fit.notes.push_back(
        "nobody started in a qualified role in the window other than in an "
        "intake: the scenario has no recruitment into vacancies");
  }
  if (fit.agency_fte > 0 &&
      std::none_of(keep.begin(), keep.end(), [&](int s) { return stages[s].qualified; }))
    fit.notes.push_back(
        "agency workers are not used: there is no qualified role for them to cover");

  for (int s : keep) fit.stages.push_back(std::move(stages[s]));
  return fit;
}

// ---------------------------------------------------------------------------------------------
// The scenario and the report

namespace {

//! A rate's posterior as a scenario distribution: beta with its mean and sd, kept where the
//! loader takes a beta (0 < mean < 1, 0 < sd < sqrt(mean (1 - mean))) at six decimals.
std::string beta_text(const RateFit& r) {
  const double mean = std::clamp(std::round(r.mean * 1e6) / 1e6, 1e-6, 1 - 1e-6);
  const double limit = std::sqrt(mean * (1 - mean));
  const double sd = std::max(1e-6, std::floor(std::min(r.sd, 0.99 * limit) * 1e6) / 1e6);
  return "{beta: {mean: " + fixed(mean, 6) + ", sd: " + fixed(sd, 6) + "}}";
}

std::string interval(const RateFit& r) {
  return percent(r.annual) + " a year (90%: " + percent(r.low) + " to " + percent(r.high) + ")";
}

//! "3 leavers / 120 person-months"; `event` is the singular.
std::string counted(const RateFit& r, const std::string& event) {
  return plural(r.events, event, event + "s") + " / " + std::to_string(r.exposure) +
         " person-months";
}

std::string month_name(int month) {
  return MONTH_NAMES[month - 1];
}

std::string intake_id(const StaffFit& fit, const IntakeFit& in) {
  int of_stage = 0;
  for (const IntakeFit& other : fit.intakes) of_stage += other.stage == in.stage;
  std::string id = in.stage + "_intake";
  if (of_stage > 1) id += "_" + lower(month_name(in.month).substr(0, 3));
  return id;
}

}  // namespace

std::string staff_scenario(const StaffFit& fit, const StaffOptions& options) {
  const std::string window = month_text(fit.first_month) + " to " + month_text(fit.last_month);
  const std::string at = fit.as_at.str();
  std::ostringstream y;
  y << "# Calibrated by `wfsim calibrate --staff` from " << fit.source << ": "
    << plural(static_cast<long>(fit.people), "person", "people") << ", "
    << plural(static_cast<long>(fit.spells), "spell", "spells") << ", as at " << at << ".\n"
    << "# Leavers, moves and starters are counted over the " << options.window_months << " months "
    << window << "; the opening staff are those in post\n"
    << "# at the end of " << at
    << ". A person-month at risk is a month someone began in a stage, having entered it\n"
    << "# before the month (docs/calibration.md). Rates are annual, 1 - (1 - events / "
       "person-months)^12, each written as\n"
    << "# a beta distribution with the mean and sd of its posterior (Jeffreys prior); the "
       "count, rate and 90% interval\n"
    << "# are beside it. Costs are not in the extract: add salary, on_cost_rate and "
       "agency.annual_cost_per_fte for spend.\n";
  for (const auto& note : fit.notes) y << "# Note: " << note << "\n";
  y << "schema_version: 1\n"
    << "name: " << yaml_quoted("Staff extract " + fit.source + ", calibrated as at " + at) << "\n"
    << "start: " << month_text(fit.last_month + 1) << "  # the month after the as-at date\n"
    << "horizon_months: " << options.horizon_months << "\n"
    << "replications: " << options.replications << "\n"
    << "seed: " << options.seed << "\n";
  if (!fit.tenure_months.empty()) {
    y << "tenure_bands: [";
    for (std::size_t k = 0; k < fit.tenure_months.size(); ++k)
      y << (k ? ", " : "") << fixed(fit.tenure_months[k] / 12.0, 4);
    y << "]  # years of service, counted from each person's first start with the employer\n";
  }
  y << "stages:\n";
  for (const StageFit& s : fit.stages) {
    y << "  - id: " << yaml_id(s.id) << "\n"
      << "    label: " << yaml_quoted(s.role) << "\n";
    if (!s.qualified) y << "    qualified: false  # no qualified_date on its spells: trainees\n";
    if (s.duration_months > 0) {
      y << "    headcount: " << s.headcount << "  # in post at " << at << "\n";
    } else {
      y << "    headcount_by_tenure: [";
      for (std::size_t b = 0; b < s.headcount_by_band.size(); ++b)
        y << (b ? ", " : "") << s.headcount_by_band[b];
      y << "]  # in post at " << at << " by length of service at " << month_text(fit.last_month + 1)
        << "\n";
    }
    y << "    fte_per_head: " << fixed(std::clamp(s.fte_per_head, 0.01, 1.0), 4) << "  # "
      << (s.headcount > 0 ? "mean FTE of the " + std::to_string(s.headcount) + " in post"
                          : "mean FTE of its spells in the window (nobody in post)")
      << "\n";
    if (s.duration_months > 0) {
      y << "    duration_months: " << s.duration_months
        << "  # people move on this many months after entering it\n";
      if (s.non_completers > 0)
        y << "    completion_probability: "
          << fixed(static_cast<double>(s.completers) / (s.completers + s.non_completers), 4)
          << "  # " << s.completers << " moved on at " << s.duration_months << " months / ("
          << s.completers << " + " << s.non_completers << " who left then), " << window << "\n";
      y << "    next: " << yaml_id(s.next) << "  # where those completing moved\n";
    }
    y << "    leaving_rate:  # by length of service: leavers / person-months at risk, " << window
      << "; the bands share one draw per replication\n";
    for (std::size_t b = 0; b < s.leaving.size(); ++b) {
      const BandFit& band = s.leaving[b];
      y << "      - " << beta_text(band.rate) << "  # " << fit.band_name(b) << ": ";
      if (!band.own) y << band.fallback << ", ";
      y << counted(band.rate, "leaver") << ", " << interval(band.rate) << "\n";
    }
    if (!s.promotions.empty()) {
      y << "    promotions:  # moves / person-months at risk less leavers and earlier moves, "
        << window << "\n";
      for (const PromotionFit& p : s.promotions)
        y << "      - to: " << yaml_id(p.to) << "\n"
          << "        annual_rate: " << beta_text(p.rate) << "  # " << counted(p.rate, "move")
          << ", " << interval(p.rate) << "\n";
    }
  }

  if (!fit.intakes.empty()) {
    y << "intakes:  # starters in the window clustered in one month, and all starters of "
         "training stages\n";
    for (const IntakeFit& in : fit.intakes) {
      const int size = static_cast<int>(std::ceil(in.per_year - 1e-9));
      const double fill = size > 0 ? in.per_year / size : 1.0;
      y << "  - id: " << yaml_id(intake_id(fit, in)) << "\n"
        << "    route: " << yaml_id(in.stage + "_intake") << "\n"
        << "    stage: " << yaml_id(in.stage) << "\n"
        << "    month: " << in.month << "  # " << month_name(in.month) << "\n"
        << "    size: " << size << "  # " << in.starters << " starters in " << month_name(in.month)
        << " over the window: " << fixed(in.per_year, 2) << " a year\n"
        << "    fill_probability: " << fixed(fill, 4)
        << "  # so that the expected starters are the mean a year\n";
    }
  }

  std::vector<std::string> group;
  for (const StageFit& s : fit.stages)
    if (s.qualified) group.push_back(s.id);
  if (!group.empty()) {
    y << "establishment:\n"
      << "  - id: qualified\n"
      << "    stages: [";
    for (std::size_t k = 0; k < group.size(); ++k) y << (k ? ", " : "") << yaml_id(group[k]);
    y << "]  # the roles with a qualified_date\n"
      << "    fte: " << fixed(fit.fte_in_post + fit.agency_fte, 2) << "  # FTE in post "
      << fixed(fit.fte_in_post, 2) << " + agency FTE " << fixed(fit.agency_fte, 2) << " at " << at
      << ": agency covers vacancies\n"
      << "    opening_agency_fte: " << std::lround(fit.agency_fte) << "  # agency FTE at " << at
      << ", in whole locums\n";
    if (!fit.recruit_stage.empty()) {
      y << "    recruitment:\n"
        << "      stage: " << yaml_id(fit.recruit_stage)
        << "  # where most experienced starters started\n"
        << "      route: experienced\n"
        << "      monthly_fill_probability: " << fixed(fit.monthly_fill, 4)
        << "  # n / (v + n), n = " << fit.recruits << " starters not in an intake / "
        << options.window_months << " months, v = " << fixed(fit.mean_vacant_posts, 2)
        << " posts vacant (agency FTE at the month ends, mean) at least 1, within 0.005 and 0.95\n"
        << "      experience_months: " << fit.experience_months << "  # "
        << (fit.experience_known > 0
                ? "median months from qualified_date to start of " +
                      std::to_string(fit.experience_known) + " experienced starters"
                : std::string("[assumption] no qualified_date to count from: the default"))
        << "\n";
    }
    y << "agency:\n"
      << "  cover_share: 1  # the extract's agency workers are taken to cover vacancies\n";
  }
  return y.str();
}

std::string staff_fit_report(const StaffFit& fit) {
  std::ostringstream r;
  char line[256];
  r << fit.source << ": " << plural(static_cast<long>(fit.people), "person", "people") << ", "
    << plural(static_cast<long>(fit.spells), "spell", "spells") << " (" << fit.agency_spells
    << " agency), as at " << fit.as_at.str() << "\n"
    << "  window: " << month_text(fit.first_month) << " to " << month_text(fit.last_month) << " ("
    << (fit.last_month - fit.first_month + 1) << " months)\n"
    << "  leaving (leavers / person-months at risk: annual rate, 90% interval):\n";
  for (const StageFit& s : fit.stages)
    for (std::size_t b = 0; b < s.leaving.size(); ++b) {
      const BandFit& band = s.leaving[b];
      const std::string name = s.id + ", " + fit.band_name(b);
      if (band.own)
        std::snprintf(line, sizeof line, "    %-40s %5d / %6d  %6s  (%s to %s)\n", name.c_str(),
                      band.rate.events, band.rate.exposure, percent(band.rate.annual).c_str(),
                      percent(band.rate.low).c_str(), percent(band.rate.high).c_str());
      else
        std::snprintf(line, sizeof line, "    %-40s %s, %s\n", name.c_str(), band.fallback.c_str(),
                      percent(band.rate.annual).c_str());
      r << line;
    }
  bool header = false;
  for (const StageFit& s : fit.stages)
    for (const PromotionFit& p : s.promotions) {
      if (!header) r << "  promotions (moves / person-months at risk):\n";
      header = true;
      const std::string name = s.id + " -> " + p.to;
      std::snprintf(line, sizeof line, "    %-40s %5d / %6d  %6s  (%s to %s)\n", name.c_str(),
                    p.rate.events, p.rate.exposure, percent(p.rate.annual).c_str(),
                    percent(p.rate.low).c_str(), percent(p.rate.high).c_str());
      r << line;
    }
  for (const StageFit& s : fit.stages)
    if (s.duration_months > 0)
      r << "  time-based: " << s.id << ", " << s.duration_months << " months, then " << s.next
        << " (" << s.completers << " completed in the window, " << s.non_completers
        << " left when due)\n";
  r << "  in post at " << fit.as_at.str() << ":";
  for (std::size_t k = 0; k < fit.stages.size(); ++k)
    r << (k ? "," : "") << " " << fit.stages[k].id << " " << fit.stages[k].headcount << " ("
      << fixed(fit.stages[k].fte_per_head, 2) << " FTE each)";
  r << "; agency " << fixed(fit.agency_fte, 1) << " FTE\n";
  r << "  starters in the window:";
  bool any = false;
  for (const StageFit& s : fit.stages) {
    const int total = std::accumulate(s.starters_by_month.begin(), s.starters_by_month.end(), 0);
    if (total == 0) continue;
    r << (any ? ";" : "") << " " << s.id << " " << total;
    any = true;
    for (const IntakeFit& in : fit.intakes)
      if (in.stage == s.id)
        r << " (" << in.starters << " in " << month_name(in.month) << ": an intake of "
          << fixed(in.per_year, 1) << " a year)";
  }
  r << (any ? "" : " none") << "\n";
  if (!fit.recruit_stage.empty())
    r << "  recruitment: " << fit.recruits << " experienced starters ("
      << fixed(fit.recruits_per_month, 2) << " a month) into " << fit.recruit_stage << "; fill "
      << percent(fit.monthly_fill) << " of vacant posts a month; experience "
      << fit.experience_months << " months\n";
  if (fit.fte_in_post > 0)
    r << "  establishment: " << fixed(fit.fte_in_post + fit.agency_fte, 1)
      << " FTE = " << fixed(fit.fte_in_post, 1) << " in post + " << fixed(fit.agency_fte, 1)
      << " agency\n";
  return r.str();
}

}  // namespace wfsim::calibrate
