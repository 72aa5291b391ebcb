#include "wfsim/calibrate/dfe_indicators.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::calibrate {

namespace {

constexpr std::array<std::string_view, MEASURE_COUNT> COLUMN_NAMES = {
    "inpost_fte",        "inpost_headcount", "starters_fte",         "leavers_fte",
    "turnover_rate_fte", "agency_fte",       "agency_rate_fte",      "agency_cover_fte",
    "vacancy_fte",       "vacancy_rate_fte", "case_holders_fte",     "cases",
    "caseload_fte",      "absence_rate_fte", "working_days_lost_fte"};

//! The identifying columns every row needs, before the measures.
constexpr std::array<std::string_view, 6> ID_COLUMNS = {
    "time_period", "geographic_level", "region_code", "region_name", "new_la_code", "la_name"};

//! The DfE's markers for a figure it does not publish: `x` not available, `z` not
//! applicable, `c` confidential, `u` low reliability, `low` rounds to zero; `:` and `..`
//! in older editions.
constexpr std::array<std::string_view, 7> MARKERS = {"x", "z", "c", "u", "low", ":", ".."};
const std::string MARKER_LIST = "blank, x, z, c, u, low, : or ..";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

//! A name as a person might type it: lower case, letters and digits only, so that
//! "st helens" finds "St. Helens" and "bristol city of" finds "Bristol, City of".
std::string loose(std::string_view s) {
  std::string out;
  for (char c : lower(s))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string year_span(const Area& area) {
  if (area.years.empty()) return "no years";
  const int first = area.years.begin()->first, last = area.years.rbegin()->first;
  return first == last ? std::to_string(first)
                       : std::to_string(first) + " to " + std::to_string(last);
}

//! Everything needed to refuse one row's content by line, area and column.
struct RowContext {
  const CsvTable& table;
  std::size_t row;
  std::string area;  // "" until the row's area is known
  std::string year;

  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(table.source + " (line " + std::to_string(table.line[row]) + "): " + what);
  }
  std::string where(std::string_view column) const {
    std::string s = "column '" + std::string(column) + "'";
    if (!area.empty()) s += " for " + area;
    if (!year.empty()) s += " in " + year;
    return s;
  }
};

Figure parse_figure(const RowContext& context, std::string_view column, std::string_view text) {
  const std::string_view value = trim(text);
  Figure figure;
  const std::string marker = lower(value);
  if (value.empty() || std::find(MARKERS.begin(), MARKERS.end(), marker) != MARKERS.end()) {
    figure.marker = std::string(value);
    return figure;
  }
  double v = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(v))
    context.fail(context.where(column) + " is '" + std::string(text) +
                 "', which is neither a number nor a marker of a figure not published (" +
                 MARKER_LIST + ")");
  if (v < 0)
    context.fail(context.where(column) + " is " + std::string(value) +
                 "; no figure in this file can be negative");
  figure.value = v;
  return figure;
}

int parse_year(const RowContext& context, std::string_view text) {
  const std::string_view value = trim(text);
  int year = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), year);
  if (value.size() != 4 || error != std::errc() || end != value.data() + value.size())
    context.fail("time_period is '" + std::string(text) +
                 "'; expected a reporting year such as 2021");
  // The years a scenario can start in: a year outside them is a damaged cell.
  if (year < 1900 || year > 2999)
    context.fail("time_period is '" + std::string(text) +
                 "'; expected a reporting year from 1900 to 2999");
  return year;
}

}  // namespace

std::string_view column_name(Measure measure) {
  return COLUMN_NAMES[static_cast<std::size_t>(measure)];
}

std::string Figure::describe() const {
  if (value) return number_text(*value);
  return marker.empty() ? "blank" : "suppressed (" + marker + ")";
}

const YearFigures* Area::year(int y) const {
  const auto it = years.find(y);
  return it == years.end() ? nullptr : &it->second;
}

int Area::consecutive_years_to(int year) const {
  int n = 0;
  while (years.count(year - n)) ++n;
  return n;
}

DfeIndicators DfeIndicators::read(const std::string& path) {
  return from_table(read_csv_file(path));
}

DfeIndicators DfeIndicators::from_table(const CsvTable& table) {
  // Every missing column at once, so that a file of another kind is told apart in one go.
  std::vector<std::string> missing;
  const auto need = [&](std::string_view name) {
    const auto c = find_column(table, name);
    if (!c) {
      std::string entry = "'";  // not "'" + std::string(name): a false -Wrestrict in GCC 12
      entry.append(name).append("'");
      const std::string guess = near_miss(std::string(name), table.header);
      if (!guess.empty()) entry += " (did you mean '" + guess + "'?)";
      missing.push_back(std::move(entry));
    }
    return c.value_or(0);
  };
  std::array<std::size_t, ID_COLUMNS.size()> id{};
  for (std::size_t k = 0; k < ID_COLUMNS.size(); ++k) id[k] = need(ID_COLUMNS[k]);
  std::array<std::size_t, MEASURE_COUNT> measure{};
  for (std::size_t k = 0; k < MEASURE_COUNT; ++k) measure[k] = need(COLUMN_NAMES[k]);
  if (!missing.empty()) {
    std::string list;
    for (std::size_t k = 0; k < missing.size(); ++k)
      list += (k == 0 ? "" : k + 1 == missing.size() ? " or " : ", ") + missing[k];
    throw UserError(table.source + " (line 1): not a DfE children's social work workforce " +
                    "indicator file as wfsim reads it: it has no column " + list);
  }
  const auto [time_period, level_column, region_code, region_name, la_code, la_name] = id;
  const auto country_code = find_column(table, "country_code");
  const auto country_name = find_column(table, "country_name");

  DfeIndicators indicators;
  indicators.source_ = table.source;
  std::unordered_map<std::string, std::size_t> by_code;  // index into areas_
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    RowContext context{table, r, "", ""};
    const int year = parse_year(context, row[time_period]);
    context.year = std::to_string(year);

    const std::string& level = row[level_column];
    std::string code, name;
    if (level == LEVEL_COUNCIL) {
      code = row[la_code], name = row[la_name];
    } else if (level == LEVEL_REGION) {
      code = row[region_code], name = row[region_name];
    } else if (level == LEVEL_NATIONAL) {
      code = country_code ? row[*country_code] : "";
      name = country_name && !row[*country_name].empty() ? row[*country_name] : "England";
    } else {
      context.fail("geographic_level is '" + level + "'; expected '" + std::string(LEVEL_COUNCIL) +
                   "', '" + std::string(LEVEL_REGION) + "' or '" + std::string(LEVEL_NATIONAL) +
                   "'");
    }
    if (level != LEVEL_NATIONAL && (code.empty() || name.empty())) {
      const bool council = level == LEVEL_COUNCIL;
      const char* column = code.empty() ? (council ? "new_la_code" : "region_code")
                                        : (council ? "la_name" : "region_name");
      context.fail("a row of level '" + level + "' with column '" + column + "' blank");
    }
    // Names and codes are written into scenarios and messages: one line each.
    const std::pair<const char*, const std::string*> written[] = {
        {"name", &name},
        {"code", &code},
        {"region_name", &row[region_name]},
        {"region_code", &row[region_code]}};
    for (const auto& [column, text] : written)
      if (std::any_of(text->begin(), text->end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        context.fail(std::string("the ") + column + " holds a line break or control character");
    context.area = name + (code.empty() ? "" : " (" + code + ")");

    auto [it, added] = by_code.try_emplace(code, indicators.areas_.size());
    if (added) {
      indicators.areas_.emplace_back();
      indicators.areas_.back().code = code;
      indicators.areas_.back().level = level;
    }
    Area& area = indicators.areas_[it->second];
    if (area.level != level)
      context.fail("code '" + code + "' is of level '" + level + "' here but '" + area.level +
                   "' on line " + std::to_string(area.years.begin()->second.line));
    if (const YearFigures* earlier = area.year(year))
      context.fail("a second row for " + context.area + " in " + context.year +
                   "; the first is on line " + std::to_string(earlier->line));

    YearFigures figures;
    figures.year = year;
    figures.line = table.line[r];
    for (std::size_t k = 0; k < MEASURE_COUNT; ++k)
      figures.figures[k] = parse_figure(context, COLUMN_NAMES[k], row[measure[k]]);
    // Names and regions follow the latest year, as a reader of the latest edition knows them.
    if (area.years.empty() || year > area.years.rbegin()->first) {
      area.name = name;
      area.region_code = level == LEVEL_NATIONAL ? "" : row[region_code];
      area.region_name = level == LEVEL_NATIONAL ? "" : row[region_name];
    }
    area.years.emplace(year, std::move(figures));
    if (std::find(indicators.years_.begin(), indicators.years_.end(), year) ==
        indicators.years_.end())
      indicators.years_.push_back(year);
  }
  std::sort(indicators.years_.begin(), indicators.years_.end());
  return indicators;
}

const Area& DfeIndicators::council(std::string_view name_or_code) const {
  const std::vector<const Area*> all = councils();
  const auto one = [&](auto matches) -> const Area* {
    std::vector<const Area*> found;
    for (const Area* a : all)
      if (matches(*a)) found.push_back(a);
    if (found.size() <= 1) return found.empty() ? nullptr : found[0];
    std::string codes;
    for (std::size_t k = 0; k < found.size(); ++k)
      codes += (k == 0                  ? ""
                : k + 1 == found.size() ? " and "
                                        : ", ") +
               found[k]->code + " (" + year_span(*found[k]) + ")";
    throw UserError("'" + std::string(name_or_code) + "' names " + std::to_string(found.size()) +
                    " councils in " + source_ + ": " + codes +
                    "; give the code of the one you mean");
  };
  if (const Area* a = one([&](const Area& a) { return a.code == name_or_code; })) return *a;
  if (const Area* a = one([&](const Area& a) { return a.name == name_or_code; })) return *a;
  const std::string wanted = loose(name_or_code);
  if (!wanted.empty())
    if (const Area* a =
            one([&](const Area& a) { return loose(a.name) == wanted || loose(a.code) == wanted; }))
      return *a;

  std::string message = "no council named '" + std::string(name_or_code) + "' in " + source_;
  for (const Area& a : areas_)
    if (a.level != LEVEL_COUNCIL && !wanted.empty() && loose(a.name) == wanted)
      throw UserError(message + "; '" + a.name + "' is " +
                      (a.level == LEVEL_REGION ? "a region" : "the whole country") +
                      ", not a council");
  std::vector<std::string> names;
  for (const Area* a : all) names.push_back(lower(a->name));
  const std::string guess = near_miss(lower(name_or_code), names);
  for (const Area* a : all)
    if (!guess.empty() && lower(a->name) == guess)
      throw UserError(message + "; did you mean '" + a->name + "'?");
  throw UserError(message + "; give a council's name as in the column la_name (e.g. '" +
                  (all.empty() ? std::string("Knowsley") : all.front()->name) +
                  "') or its code (new_la_code)");
}

std::vector<const Area*> DfeIndicators::councils() const {
  std::vector<const Area*> all;
  for (const Area& a : areas_)
    if (a.level == LEVEL_COUNCIL) all.push_back(&a);
  std::sort(all.begin(), all.end(), [](const Area* a, const Area* b) {
    return a->name != b->name ? a->name < b->name : a->code < b->code;
  });
  return all;
}

const Area* DfeIndicators::region(std::string_view code) const {
  for (const Area& a : areas_)
    if (a.level == LEVEL_REGION && a.code == code) return &a;
  return nullptr;
}

const Area* DfeIndicators::national() const {
  for (const Area& a : areas_)
    if (a.level == LEVEL_NATIONAL) return &a;
  return nullptr;
}

}  // namespace wfsim::calibrate
