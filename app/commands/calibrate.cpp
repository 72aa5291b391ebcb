// wfsim calibrate: a baseline scenario from the DfE's indicator file or a council's HR extract.
#include <charconv>
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/calibrate/calibrate.hpp"
#include "wfsim/calibrate/dfe_indicators.hpp"
#include "wfsim/calibrate/staff_extract.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/output/results_file.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::app {

namespace {

class CalibrateCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "calibrate",
        "Write a baseline scenario, every number derived by a stated rule, from the DfE "
        "children's social work workforce indicator file (DATA --council) or from a council's "
        "own HR extract (--staff)");
    cli_->add_option("data", data_path_, "DfE indicator file (CSV), as the DfE publishes it");
    cli_->add_option("--council", council_,
                     "With the DfE file: council name or code (new_la_code)");
    cli_->add_option("--staff", staff_path_,
                     "HR extract (CSV), one row per person and spell, instead of the DfE file");
    cli_->add_option("--as-at", as_at_,
                     "With the DfE file: the last reporting year to use (the scenario starts in "
                     "October of it). With --staff: the count date YYYY-MM-DD, the last day of a "
                     "month (the scenario starts the month after)")
        ->required();
    cli_->add_option("--window-months", window_months_,
                     "With --staff: the months up to --as-at whose leavers, moves and starters "
                     "are counted (default 36)")
        ->check(CLI::Range(1, 600));
    cli_->add_option("--tenure-bands", tenure_bands_,
                     "With --staff: upper edges of the length-of-service bands, in years "
                     "(default 1,2,5)")
        ->delimiter(',');
    add_output_option(*cli_, output_path_, "Scenario file to write (YAML)")->required();
    add_horizon_option(*cli_, horizon_, "Months to project (default 48)");
    add_quiet_flag(*cli_, quiet_);
    cli_->footer(
        "Two sources (docs/calibration.md gives the rules):\n"
        "  wfsim calibrate DATA.csv --council NAME --as-at YEAR -o SCENARIO.yaml\n"
        "      the DfE's indicator file as published; one stage, its turnover, establishment,\n"
        "      recruitment, agency and caseloads as at 30 September of YEAR\n"
        "  wfsim calibrate --staff STAFF.csv --as-at YYYY-MM-DD -o SCENARIO.yaml\n"
        "      a council's HR extract with the header\n"
        "      person_id,role,fte,start_date,end_date,leaving_reason,qualified_date,agency\n"
        "      (a row per person and spell in a role; 'role change' ends a spell that the\n"
        "      person's next one follows; agency yes or no); a stage per role, leaving rates by\n"
        "      length of service, promotions, time-based stages, intakes, recruitment and agency\n"
        "      from the --window-months before the as-at date");
  }

  int run() override {
    // Command-line mistakes, told apart before any file is read.
    const bool staff = !staff_path_.empty();
    if (staff && (!data_path_.empty() || !council_.empty()))
      throw usage(
          "give either the DfE indicator file with --council, or --staff with an HR extract, "
          "not both");
    if (!staff && data_path_.empty())
      throw usage("give the DfE indicator file and --council, or --staff with an HR extract");
    if (!staff && council_.empty()) throw usage("name the council with --council");
    if (!staff && (cli_->count("--window-months") || cli_->count("--tenure-bands")))
      throw usage("--window-months and --tenure-bands go with --staff");
    check_output_kind(output_path_, {".yaml", ".yml"}, "a scenario (YAML)");
    return staff ? from_staff_extract() : from_dfe_file();
  }

 private:
  static UsageError usage(const std::string& what) { return usage_error("calibrate", what); }

  int from_staff_extract() {
    const auto day = calibrate::Date::parse(as_at_);
    if (!day)
      throw usage(
          "--as-at: with --staff, expected a date YYYY-MM-DD (the last day of a "
          "month, such as 2024-09-30), got '" +
          as_at_ + "'");
    const auto extract = calibrate::StaffExtract::read(staff_path_);
    calibrate::StaffOptions options;
    options.as_at = *day;
    options.window_months = window_months_;
    if (!tenure_bands_.empty()) options.tenure_band_years = tenure_bands_;
    options.horizon_months = horizon_;
    const auto fit = calibrate::fit_staff_extract(extract, options);
    const std::string scenario = calibrate::staff_scenario(fit, options);
    // The scenario must load as written: a rule that wrote a number out of range is a bug.
    try {
      load_strategies_text(scenario, output_path_);
    } catch (const ScenarioError& e) {
      throw InternalError(std::string("the scenario written does not load: ") + e.what());
    }
    AtomicOutput output(output_path_, {staff_path_});
    on_signals(output, on_signal_end_now);
    write_text_file(output, [&](std::ostream& out) { out << scenario; });
    std::ostream& out = quiet_ ? null_stream() : std::cout;
    out << calibrate::staff_fit_report(fit);
    for (const auto& note : fit.notes) out << "  note: " << note << "\n";
    out << "Scenario written to " << output_path_ << "\n";
    return 0;
  }

  int from_dfe_file() {
    int as_at = 0;
    const auto [end, ec] = std::from_chars(as_at_.data(), as_at_.data() + as_at_.size(), as_at);
    if (ec != std::errc{} || end != as_at_.data() + as_at_.size() || as_at < 1900 || as_at > 2999)
      throw usage("--as-at: with the DfE file, expected a reporting year such as 2019, got '" +
                  as_at_ + "'");
    const auto data = calibrate::DfeIndicators::read(data_path_);
    const auto& area = data.council(council_);
    calibrate::CalibrateOptions options;
    options.as_at = as_at;
    options.horizon_months = horizon_;
    const auto pooled = calibrate::pool_variation(data, as_at);
    const auto result = calibrate::calibrate_council(data, area, pooled, options);
    // The scenario must load as written: a rule that wrote a number out of range is a bug
    // (calibrate refuses figures beyond what a scenario holds), not the user's to fix.
    try {
      load_strategies_text(result.scenario, output_path_);
    } catch (const ScenarioError& e) {
      throw InternalError(std::string("calibrate wrote a scenario that does not load: ") +
                          e.what());
    }
    AtomicOutput output(output_path_, {data_path_});
    on_signals(output, on_signal_end_now);
    write_text_file(output, [&](std::ostream& out) { out << result.scenario; });
    std::ostream& out = quiet_ ? null_stream() : std::cout;
    out << result.report;
    for (const auto& note : result.notes) out << "  note: " << note << "\n";
    out << "Scenario written to " << output_path_ << "\n";
    return 0;
  }

  std::string data_path_, council_, staff_path_, as_at_, output_path_;
  int horizon_ = 48, window_months_ = 36;
  std::vector<double> tenure_bands_;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_calibrate_command() {
  return std::make_unique<CalibrateCommand>();
}

}  // namespace wfsim::app
