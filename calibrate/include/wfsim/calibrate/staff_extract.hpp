#pragma once
//! `wfsim calibrate --staff`: a council's scenario built from its individual-level HR extract
//! (the list of staff it keeps for the DfE's annual return), one row per person and spell in
//! a role. Leaving by stage and length of service, promotions, time-based stages, intakes,
//! recruitment and agency cover are estimated from the months before the as-at date;
//! docs/calibration.md gives the format and every rule.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wfsim/calibrate/csv.hpp"
#include "wfsim/model/scenario.hpp"

namespace wfsim::calibrate {

//! A calendar day.
struct Date {
  int year = 2000;
  int month = 1;  //!< 1 to 12
  int day = 1;    //!< 1 to the month's length

  //! Parses `YYYY-MM-DD`, a day that exists, years 1900 to 2999; nullopt on anything else.
  static std::optional<Date> parse(std::string_view text);
  //! The first and the last day of the month with month_index() `index`.
  static Date first_of(int index);
  static Date last_of(int index);
  //! `YYYY-MM-DD`.
  std::string str() const;
  //! Months since year 0, so that consecutive months differ by one.
  int month_index() const { return year * 12 + month - 1; }
  bool last_of_month() const { return *this == last_of(month_index()); }
  Date next_day() const;

  friend auto operator<=>(const Date&, const Date&) = default;
};

//! `YYYY-MM` of a month_index().
std::string month_text(int index);

//! The stage id a role name becomes: lower case, each run of characters other than letters
//! and digits one `_`, none at either end ("Senior / advanced social worker" becomes
//! `senior_advanced_social_worker`). Empty if the name has no letter or digit.
std::string stage_id(std::string_view role);

//! The extract's columns, in the order the format gives them.
inline constexpr std::array<std::string_view, 8> STAFF_COLUMNS = {
    "person_id",      "role",           "fte",   "start_date", "end_date",
    "leaving_reason", "qualified_date", "agency"};

//! The leaving_reason of a spell that ends because the person moves to another spell with the
//! employer (a promotion, or the end of a time-based stage such as the ASYE).
inline constexpr std::string_view ROLE_CHANGE = "role change";

//! One row of the extract: a continuous period of one person in one role.
struct Spell {
  std::string person_id;
  std::string role;   //!< as written
  std::string stage;  //!< stage_id(role)
  double fte = 1;     //!< in (0, 1]
  Date start;
  std::optional<Date> end;     //!< the last day in post; none while in post
  std::string leaving_reason;  //!< "" while in post
  bool role_change = false;    //!< leaving_reason is ROLE_CHANGE
  std::optional<Date> qualified;
  bool agency = false;
  int line = 0;  //!< the file's line, for messages
};

//! An HR extract, read whole and checked.
struct StaffExtract {
  std::string source;         //!< the file's name, for messages
  std::vector<Spell> spells;  //!< in file order
  std::size_t people = 0;     //!< distinct person_ids

  //! Reads the file at `path`. Throws UserError naming the file, line and column for anything
  //! the format does not allow: a CSV problem, missing columns (each with the likely intended
  //! one), a blank person_id or role, a role with no letter or digit, an FTE outside (0, 1], a
  //! date that is not YYYY-MM-DD or does not exist, an end before its start, an end without a
  //! leaving reason or a reason without an end, an agency value other than yes or no, two
  //! spells of one person that overlap, a role change not followed the next day by the
  //! person's next spell (or between agency and permanent work), a role held by both
  //! trainees and qualified staff, or a file with no rows.
  static StaffExtract read(const std::string& path);
  //! The same from a table already read (its `source` names it in messages).
  static StaffExtract from_table(const CsvTable& table);
};

struct StaffOptions {
  //! The count date: the last day of a month. In post at it are the opening staff; the
  //! scenario starts the month after.
  Date as_at;
  int window_months = 36;  //!< months up to as_at whose leavers, moves and starters are counted
  std::vector<double> tenure_band_years = {1, 2, 5};  //!< upper edges of the service bands
  int horizon_months = 48;
  std::int64_t replications = 1000;
  std::uint64_t seed = 1;
};

//! Events (leavers or promotions) against person-months at risk over the window, with the
//! rate's posterior: each person-month at risk is one chance of the event, so with the
//! Jeffreys prior the monthly chance h is Beta(events + 1/2, exposure - events + 1/2), and
//! the annual rate 1 - (1 - h)^12.
struct RateFit {
  int events = 0;
  int exposure = 0;          //!< person-months at risk
  double annual = 0;         //!< 1 - (1 - events / exposure)^12
  double low = 0, high = 0;  //!< the posterior's 5% and 95% points (a 90% interval)
  double mean = 0, sd = 0;   //!< the posterior's mean and standard deviation
};

//! The fit of `events` in `exposure` person-months (exposure > 0, events <= exposure).
RateFit fit_rate(int events, int exposure);

//! One stage's leaving in one length-of-service band.
struct BandFit {
  RateFit rate;
  //! False when the band had no person-months at risk: `rate` is then the stage's over all
  //! bands (or all stages' in the band, for a stage with none), as `fallback` says.
  bool own = true;
  std::string fallback;
};

struct PromotionFit {
  std::string to;  //!< stage id
  //! Moves against the person-months at risk of the stage less its leavers and the moves
  //! tried before this one (the model tries promotions one after another).
  RateFit rate;
};

//! What the extract says about one role.
struct StageFit {
  std::string id, role;  //!< role: as first written in the file
  bool qualified = true;
  //! Time-based: the months after which people move on, the stage they move to, and how many
  //! completed (moved at that duration) and did not (left at it) within the window.
  int duration_months = 0;
  std::string next;
  int completers = 0, non_completers = 0;
  std::vector<BandFit> leaving;                //!< per tenure band
  std::vector<PromotionFit> promotions;        //!< in the order the model tries them
  std::vector<int> headcount_by_band;          //!< in post at as_at, per tenure band
  int headcount = 0;                           //!< in post at as_at
  double fte = 0;                              //!< FTE in post at as_at
  double fte_per_head = 1;                     //!< mean FTE of those in post
  std::array<int, 12> starters_by_month = {};  //!< starters in the window, January first
  int early_moves = 0;  //!< time-based: moved on before completing, or elsewhere than `next`
};

//! A cohort of starters the scenario schedules as an intake.
struct IntakeFit {
  std::string stage;
  int month = 9;         //!< month of year
  int starters = 0;      //!< in that month over the window
  double per_year = 0;   //!< starters / times the month falls in the window
  bool trainee = false;  //!< into a training stage, which recruitment cannot fill
};

//! Everything the scenario is built from.
struct StaffFit {
  std::string source;
  std::size_t people = 0, spells = 0, agency_spells = 0;
  Date as_at;
  int first_month = 0, last_month = 0;  //!< the window, as Date::month_index()
  std::vector<int> tenure_months;       //!< upper edges of the bands, in months
  std::vector<StageFit> stages;         //!< in career order
  std::vector<IntakeFit> intakes;
  //! Experienced recruitment into the qualified stages' vacancies: starters not in an intake.
  int recruits = 0;
  std::string recruit_stage;  //!< "" without recruitment
  double recruits_per_month = 0, mean_vacant_posts = 0, monthly_fill = 0;
  int experience_months = 36;
  int experience_known = 0;        //!< recruits whose qualified_date gave their experience
  double fte_in_post = 0;          //!< the qualified stages' FTE in post at as_at
  double agency_fte = 0;           //!< agency FTE in post at as_at
  std::vector<std::string> notes;  //!< what was assumed, dropped or pooled, in plain words

  //! The stage with id `id`, or nullptr.
  const StageFit* stage(std::string_view id) const;
  //! The tenure band's name: "under 1 year", "1-2 years", "5 years and over".
  std::string band_name(std::size_t band) const;
};

//! Estimates everything from `extract` as at `options.as_at`. Throws UserError when the
//! options are out of range (an as-at date that is not the last day of a month, a window or
//! bands the scenario cannot take) or the extract cannot give a scenario: nobody in post at
//! the as-at date, nobody in post on the window's first day (the extract does not reach back
//! over the window), or no person-month at risk at all.
StaffFit fit_staff_extract(const StaffExtract& extract, const StaffOptions& options);

//! The scenario as YAML, each number with its source and rule beside it.
std::string staff_scenario(const StaffFit& fit, const StaffOptions& options);

//! The fit as lines for the terminal: people and spells read, the window, leavers and
//! exposure per stage and band with the rate and its 90% interval, moves, intakes,
//! recruitment and agency.
std::string staff_fit_report(const StaffFit& fit);

//! An extract as a council would keep it, from one replication of `scenario` run for
//! `months` months from its start (the horizon replaced), for tests and examples: people are
//! followed by Person::key from month to month. Opening staff start on the first of the month
//! they joined; starters on the first of their month; leavers end on its last day;
//! promotions end one spell on the 14th and start the next on the 15th; time-based stages end
//! on the last day before the month of completion. Agency workers covering vacancies are
//! listed with agency `yes`. Throws UserError for a scenario with workload feedback (the
//! extract follows the model's step without it).
struct SyntheticExtract {
  std::string csv;
  Date as_at;  //!< the last day of the last month run
};
SyntheticExtract synthetic_staff_extract(const Scenario& scenario, std::uint64_t seed,
                                         std::uint64_t replication, int months);

}  // namespace wfsim::calibrate
