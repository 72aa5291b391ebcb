#pragma once
//! The scenario as plain data: what the YAML loader builds and the model reads.
//! Nothing here knows about files; every field is documented in docs/scenario-reference.md.
//!
//! Numbers that may be uncertain or change over time are parameters (ParamId, an index into
//! Scenario::parameters); the structure of the workforce (stages, routes, groups, the
//! opening headcount) is plain.
#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "wfsim/model/parameters.hpp"
#include "wfsim/year_month.hpp"

namespace wfsim {

//! Rate-based movement from one stage to another (for example social worker to senior).
struct Promotion {
  int to_stage = -1;         //!< index into Scenario::stages
  ParamId annual_rate = -1;  //!< share of the stage promoted in a year, 0..1
};

//! A grade or step of the career ladder (apprentice, ASYE, social worker, ...).
struct StageSpec {
  std::string id;     //!< short name used in the file and in results
  std::string label;  //!< human-readable name
  int headcount = 0;  //!< people in the stage at the start
  //! Opening people by tenure band (Scenario::tenure_bands); empty: `headcount` spread
  //! evenly over the first ten years of service (time-based stages: over the stage's months).
  std::vector<int> headcount_by_tenure;
  ParamId fte_per_head = -1;   //!< average FTE of one person in the stage
  ParamId annual_salary = -1;  //!< GBP per FTE per year, before on-costs
  //! Leaving, one parameter per tenure band: the share leaving the employer in a year (a
  //! probability, 0..1), or with `leaving_as_turnover` the DfE's turnover rate (leavers in
  //! a year / average staff), whose monthly leaving probability is the rate / 12.
  std::vector<ParamId> leaving_by_tenure;
  bool leaving_as_turnover = false;
  int duration_months = 0;              //!< months until time-based progression; 0 = none
  ParamId completion_probability = -1;  //!< share completing at `duration_months`
  int next_stage = -1;                  //!< where completers go (time-based stages only)
  std::vector<Promotion> promotions;    //!< rate-based moves out of the stage
  ParamId training_cost = -1;           //!< GBP per head per year: tuition, programme costs
  ParamId retention_payment = -1;       //!< GBP per head per year paid to keep staff
  ParamId grant = -1;                   //!< GBP per head per year of income (ASYE grant)
  ParamId sickness_days = -1;           //!< working days lost to sickness per FTE per year
  ParamId long_leave_share = -1;        //!< share of FTE away on maternity or other long leave
  //! False for training stages (apprentices, fast-track trainees): their people are not yet
  //! qualified social workers.
  bool qualified = true;

  bool timed() const { return duration_months > 0; }
};

//! A scheduled cohort of new starters (graduate ASYEs each September, apprentices each January).
struct IntakeSpec {
  std::string id;                 //!< names the intake in changes; the route unless given
  std::string route;              //!< entry route, kept by each person for life
  int stage = -1;                 //!< stage the cohort joins
  int month_of_year = 9;          //!< 1..12
  ParamId size = -1;              //!< places offered
  ParamId fill_probability = -1;  //!< chance each place is filled, 0..1
  ParamId cost_per_hire = -1;     //!< GBP once per starter (advertising, fees, golden hellos)
  //! Offers no more places than the vacant posts of the stage's establishment group (after
  //! the month's leavers), so that the intake is not costed beyond the funded posts.
  bool limit_to_vacancies = false;
};

//! Funded posts for one stage or a group of stages, and how its vacancies are filled.
struct EstablishmentGroup {
  std::string id;
  std::vector<int> stages;  //!< stages whose FTE count against the posts
  ParamId fte = -1;         //!< funded FTE
  int recruit_stage = -1;   //!< stage experienced recruits join; -1 = no recruitment
  std::string recruit_route = "experienced";
  ParamId monthly_fill_probability = -1;  //!< chance a vacant post is filled in a month
  ParamId cost_per_hire = -1;             //!< GBP once per recruit (finder's fees, campaigns)
  int experience_months = 36;             //!< post-qualifying experience recruits bring
  ParamId above_establishment = -1;  //!< FTE recruited beyond the funded posts (over-recruitment)
  ParamId monthly_cost = -1;         //!< GBP a month of recruitment spend (a campaign)
  ParamId annual_growth = -1;        //!< yearly growth of the funded posts, compounding monthly
  int opening_agency_fte = 0;        //!< locums covering the group's vacancies at the start
  //! Agency FTE kept for reasons other than vacancies (caseload pressure, long leave, projects).
  ParamId other_agency_fte = -1;
};

//! How agency (locum) workers cover vacancies.
struct AgencyPolicy {
  ParamId cover_share = -1;          //!< share of vacant FTE covered by agency workers, 0..1
  ParamId annual_cost_per_fte = -1;  //!< GBP per agency FTE per year, all in
  ParamId max_fte = -1;              //!< most agency FTE the council will take, all groups
  ParamId availability = -1;         //!< chance a wanted locum is found in a month
  ParamId annual_churn = -1;         //!< share of locums whose assignment ends in a year
  ParamId annual_conversion = -1;    //!< share of locums taking a permanent post in a year
  ParamId hourly_rate = -1;          //!< GBP per hour; if given, cost = rate x hours x 52
  ParamId hours_per_week = -1;
  ParamId max_hourly_rate = -1;  //!< regional cap on the hourly rate
  bool hourly = false;           //!< cost from the hourly rate, not annual_cost_per_fte
  int ban_months = 3;  //!< months before someone who left a permanent post may be a local locum
  bool cover_long_leave = false;  //!< agency also covers FTE away on long leave
};

//! Demand from caseloads: open cases with a trend and noise, and a target caseload per stage.
struct DemandSpec {
  bool enabled = false;
  ParamId open_cases = -1;     //!< open cases at the start
  ParamId annual_growth = -1;  //!< yearly growth of open cases (drawn once per replication)
  ParamId monthly_noise = -1;  //!< standard deviation of month-to-month change (log scale)
  std::vector<ParamId> target_caseload;  //!< per stage; -1 where the stage holds no cases
  int reference_stage = -1;      //!< required FTE = open cases / this stage's target caseload
  int establishment_group = -1;  //!< a group whose funded FTE follows the required FTE; -1: none
  double growth_damping = 1;     //!< share of the growth rate left after each year
  //! Share of a deviation from the trend left after a year: 1 is a random walk, 0 makes
  //! each month scatter around the trend.
  double noise_persistence = 1;
  //! With a `level`, the trend starts at it and the opening cases' deviation from it
  //! fades with `noise_persistence`; otherwise the trend starts at the opening cases.
  ParamId level = -1;  //!< long-run cases (`reverts_to`); -1: none
};

//! A parameter whose value moves from year to year within a replication, on the log or
//! logit scale, around its drawn value or back toward a long-run level (`year_to_year`).
struct YearlyVariation {
  std::string path;                 //!< the parameter's path; names the path's random draws
  std::vector<ParamId> parameters;  //!< the parameters on the path (a stage's tenure bands)
  //! The scale the path moves on: log (amounts, rates), logit (shares), or the log of 1 + the
  //! value (amounts that may be zero).
  enum class Scale { log, logit, log1p };
  Scale scale = Scale::log;
  double sd = 0;           //!< standard deviation of a year's change on the scale
  double persistence = 1;  //!< share of a deviation left after a year
  ParamId level = -1;      //!< long-run value the path returns to (`reverts_to`); -1: none
  double trend = 0;        //!< change of the long-run level each year, on the scale
};

//! A target the council watches, met or not in each replication, month or financial year.
struct TargetSpec {
  enum class Measure {
    permanence,
    agency_rate,
    vacancy_rate,
    average_caseload,
    turnover,
    agency_spend
  };
  std::string name;
  std::string description;
  Measure measure = Measure::permanence;
  int group = -1;        //!< establishment group; -1 for all groups together
  bool at_least = true;  //!< met when the measure is at least (else at most) the threshold
  double threshold = 0;
  //! Whether the measure is per financial year (turnover, agency spend) or per month.
  bool yearly() const { return measure == Measure::turnover || measure == Measure::agency_spend; }
};

//! Names of TargetSpec::Measure as written in scenarios.
inline constexpr const char* TARGET_MEASURES[] = {
    "permanence", "agency_rate", "vacancy_rate", "average_caseload", "turnover", "agency_spend"};

//! One axis of a sweep: a lever (a parameter path) and the values to try.
struct SweepAxis {
  std::string lever;
  int from = 0;  //!< month index the values apply from
  std::vector<double> values;
};

//! Working days in a year of one FTE, for days lost to sickness.
inline constexpr double WORKING_DAYS_PER_YEAR = 227;

//! Where leavers go, in result order.
inline constexpr const char* LEAVER_DESTINATIONS[] = {"other_council", "agency", "left_profession",
                                                      "retirement"};
inline constexpr int DESTINATION_AGENCY = 1;
//! Post-qualifying experience an agency worker needs (3 years).
inline constexpr int AGENCY_MIN_EXPERIENCE_MONTHS = 36;

//! A measure of the DfE's children's social work workforce statistics that a scenario's
//! `history` may hold.
struct HistoryMeasure {
  const char* name;         //!< the DfE indicator file's column name
  const char* unit;         //!< `FTE`, `percent`, `cases` or `cases per FTE`
  double most;              //!< the largest value a scenario may give
  const char* description;  //!< what the DfE counts, in words
};

//! The measures of `history`, in the order of the DfE file's columns (and of
//! `wfsim export --dfe`). Rates are percentages, as the DfE writes them.
inline constexpr HistoryMeasure HISTORY_MEASURES[] = {
    {"inpost_fte", "FTE", 1e6, "Permanent FTE in post"},
    {"starters_fte", "FTE", 1e6, "Permanent FTE starting in the 12 months to the count"},
    {"leavers_fte", "FTE", 1e6, "Permanent FTE leaving in the 12 months to the count"},
    {"turnover_rate_fte", "percent", 100, "Turnover: leavers / FTE in post"},
    {"agency_fte", "FTE", 1e6, "Agency FTE"},
    {"agency_rate_fte", "percent", 100, "Agency rate: agency / (agency + in post)"},
    {"vacancy_fte", "FTE", 1e6, "Vacant FTE"},
    {"vacancy_rate_fte", "percent", 100, "Vacancy rate: vacancies / (vacancies + in post)"},
    {"case_holders_fte", "FTE", 1e6, "FTE holding cases"},
    {"cases", "cases", 1e7, "Cases held"},
    {"caseload_fte", "cases per FTE", 1e4, "Caseload: cases / case holders FTE"},
};
inline constexpr std::size_t HISTORY_MEASURE_COUNT = std::size(HISTORY_MEASURES);

//! One reporting year of published figures: counts at the end of the snapshot month of
//! `year` (30 September), flows over the 12 months to then.
struct HistoryYear {
  int year = 0;
  //! By HISTORY_MEASURES; empty where the figure is missing or suppressed (never zero).
  std::array<std::optional<double>, HISTORY_MEASURE_COUNT> figures{};

  friend bool operator==(const HistoryYear&, const HistoryYear&) = default;
};

//! The published figures a scenario was built from (`history`). Provenance, kept with the
//! results and drawn on the report's charts; the model does not read it.
struct History {
  std::string source;              //!< the file the figures came from
  std::string area;                //!< the council (or region) they are for
  std::string code;                //!< its ONS code
  int snapshot_month = 9;          //!< month whose end is the count date (`dfe_return`'s)
  std::vector<HistoryYear> years;  //!< increasing

  friend bool operator==(const History&, const History&) = default;
};

//! A whole scenario, with one strategy's changes applied.
struct Scenario {
  std::string name;
  std::string strategy = "base";  //!< name of the strategy this scenario is
  std::string strategy_description;
  int schema_version = 1;
  YearMonth start;  //!< first projected month
  int horizon_months = 60;
  std::int64_t replications = 1000;
  std::uint64_t seed = 1;
  ParamId on_cost_rate = -1;        //!< employer on-costs as a share of salary
  ParamId pay_award = -1;           //!< yearly rise in salaries, applied each April
  ParamId discount_rate = -1;       //!< yearly rate for present values (Green Book: 3.5%)
  std::string price_base = "cash";  //!< `cash` or `real`: how money amounts are meant
  //! Upper bounds of the tenure bands in months of service, ascending; the last band is
  //! open-ended. Empty: one band. {12, 24}: under 1 year, 1 to 2 years, 2 years and over.
  std::vector<int> tenure_bands;
  std::vector<StageSpec> stages;
  std::vector<IntakeSpec> intakes;
  std::vector<EstablishmentGroup> establishment;
  AgencyPolicy agency;
  DemandSpec demand;
  std::vector<TargetSpec> targets;
  std::vector<SweepAxis> sweep;  //!< a grid over one or two levers for `wfsim sweep`
  //! Workload feedback: leaving probabilities multiplied by a factor that rises with the
  //! caseload ratio (average caseload / the reference stage's target), as (ratio,
  //! multiplier) points, linear between them. Empty: off.
  std::vector<std::pair<double, double>> workload_feedback;
  //! Where leavers go: shares of leavers, one parameter per destination (LEAVER_DESTINATIONS).
  std::vector<ParamId> destinations;
  //! Calendar month (1-12) each model year starts for `yearly_variation`; 0: the start's month.
  int year_starts = 0;
  std::vector<YearlyVariation> yearly_variation;
  //! Whether to record the measures as the DfE counts them, and the month of the count.
  bool dfe_return = false;
  int dfe_snapshot_month = 9;
  //! The published figures the scenario was built from, if given (the model ignores them).
  std::optional<History> history;
  std::vector<Parameter> parameters;
  std::string source_text;  //!< the scenario file's text, kept for provenance
  std::string source_path;
};

}  // namespace wfsim
