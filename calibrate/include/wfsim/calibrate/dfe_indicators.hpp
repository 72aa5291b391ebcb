#pragma once
//! The Department for Education's "Children's social work workforce" indicator file: one
//! row per reporting year and area (England, its regions, its councils), with the numbers
//! of social workers in post, starting, leaving, from agencies, vacancies, caseloads and
//! absence. Calibration and backtesting compare the model with these figures.
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wfsim/calibrate/csv.hpp"

namespace wfsim::calibrate {

//! The file's figures that wfsim reads; each is the column of the same name. Counts are
//! full-time equivalents (`_fte`) or people (`_headcount`); rates are percentages.
enum class Measure {
  inpost_fte,             //!< permanent social workers in post, 30 September
  inpost_headcount,       //!< the same, in people
  starters_fte,           //!< permanent starters in the 12 months to 30 September
  leavers_fte,            //!< permanent leavers in those 12 months
  turnover_rate_fte,      //!< leavers over in post, %
  agency_fte,             //!< agency workers, 30 September
  agency_rate_fte,        //!< agency over (agency + in post), %
  agency_cover_fte,       //!< agency workers covering vacancies
  vacancy_fte,            //!< vacancies, 30 September
  vacancy_rate_fte,       //!< vacancies over (vacancies + in post), %
  case_holders_fte,       //!< social workers holding cases
  cases,                  //!< cases held by them
  caseload_fte,           //!< cases per case holder
  absence_rate_fte,       //!< working days lost to sickness over working days, %
  working_days_lost_fte,  //!< working days lost to sickness in the 12 months
};

inline constexpr std::size_t MEASURE_COUNT = 15;

//! Every measure, in the order of the enum, for loops over them.
inline constexpr std::array<Measure, MEASURE_COUNT> ALL_MEASURES = {
    Measure::inpost_fte,       Measure::inpost_headcount,  Measure::starters_fte,
    Measure::leavers_fte,      Measure::turnover_rate_fte, Measure::agency_fte,
    Measure::agency_rate_fte,  Measure::agency_cover_fte,  Measure::vacancy_fte,
    Measure::vacancy_rate_fte, Measure::case_holders_fte,  Measure::cases,
    Measure::caseload_fte,     Measure::absence_rate_fte,  Measure::working_days_lost_fte};

//! The DfE's column name for `measure`, e.g. `inpost_fte`.
std::string_view column_name(Measure measure);

//! The values of `geographic_level`.
inline constexpr std::string_view LEVEL_COUNCIL = "Local authority";
inline constexpr std::string_view LEVEL_REGION = "Regional";
inline constexpr std::string_view LEVEL_NATIONAL = "National";

//! One published figure: a number, or the reason there is none.
struct Figure {
  std::optional<double> value;
  //! When there is no value, the file's marker as written (`c`, `x`, `z`, `u`, `low`, `:`,
  //! `..`), or "" for a blank cell.
  std::string marker;
  //! For messages: the number (`122`), `suppressed (c)`, or `blank`.
  std::string describe() const;
};

//! An area's figures for one reporting year (snapshots at 30 September, flows over the 12
//! months to then).
struct YearFigures {
  int year = 0;
  int line = 0;  //!< the file's line, for messages
  std::array<Figure, MEASURE_COUNT> figures;
  const Figure& operator[](Measure measure) const {
    return figures[static_cast<std::size_t>(measure)];
  }
  //! The number for `measure`, or nullopt if the file has none.
  std::optional<double> value(Measure measure) const { return (*this)[measure].value; }
};

//! England, a region or a council, with every year the file has for it.
struct Area {
  std::string code;  //!< ONS code: `new_la_code`, `region_code`, or `country_code`
  std::string name;  //!< as in the file's latest year for the area
  std::string region_code, region_name;  //!< a council's region; a region's own; "" for England
  std::string level;                     //!< LEVEL_COUNCIL, LEVEL_REGION or LEVEL_NATIONAL
  std::map<int, YearFigures> years;

  //! The figures for year `y`, or nullptr if the file has none.
  const YearFigures* year(int y) const;
  //! How many consecutive years of figures end at `year` (0 if `year` has none): a council
  //! formed or split by reorganisation has a short history under its code.
  int consecutive_years_to(int year) const;
};

//! A DfE indicator file, read whole and checked. Columns beyond those wfsim reads are
//! ignored, so later editions that add columns read unchanged.
class DfeIndicators {
 public:
  //! Reads the file at `path`. Throws UserError naming the file and line for anything
  //! unreadable: a CSV problem, a missing column (all of them named at once, each with a
  //! likely intended column), a year or level not understood, a value that is neither a
  //! number nor a suppression marker, a negative value, or two rows for one area and year.
  static DfeIndicators read(const std::string& path);
  //! The same from a table already read (its `source` names it in messages).
  static DfeIndicators from_table(const CsvTable& table);

  //! The council with code `name_or_code`, else the one of that name, else the one whose
  //! name matches ignoring case, spaces and punctuation. Throws UserError for no match
  //! (with the likely intended council) or for a name that two codes share, as councils
  //! re-formed under their old name do (then the message lists the codes to choose from).
  const Area& council(std::string_view name_or_code) const;
  //! Every council, by name.
  std::vector<const Area*> councils() const;
  //! The region with code `code` (e.g. `E12000002`), or nullptr.
  const Area* region(std::string_view code) const;
  //! England, or nullptr if the file has no national rows.
  const Area* national() const;
  //! The reporting years in the file, in order.
  const std::vector<int>& years() const { return years_; }
  //! The file's name, as given to read().
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::vector<Area> areas_;  // never changed after reading: callers keep pointers into it
  std::vector<int> years_;
};

}  // namespace wfsim::calibrate
