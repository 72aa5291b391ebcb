// wfsim sweep: a grid over one or two levers, every point on the same futures: the
// scenario's sweep section, or levers and values given on the command line.
#include <cstdio>
#include <iostream>
#include <optional>

#include "../cli.hpp"
#include "../progress.hpp"
#include "commands.hpp"
#include "wfsim/analysis/sweep.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::app {

namespace {

//! "point 3/30: graduate_asye.size 15, apprenticeship.size 4": each lever without its
//! section (intakes., stages.), to fit a terminal's line.
std::string point_named(const std::vector<SweepAxis>& axes, const SweepProgress& at) {
  std::string s =
      "point " +
      count_of(static_cast<std::int64_t>(at.point + 1), static_cast<std::int64_t>(at.points)) + ":";
  char value[32];
  for (std::size_t a = 0; a < at.levers.size() && a < axes.size(); ++a) {
    const std::string& lever = axes[a].lever;
    std::snprintf(value, sizeof value, " %g", at.levers[a]);
    s += (a ? ", " : " ") + lever.substr(lever.find('.') + 1) + value;
  }
  return s;
}

//! Each of --values: a number. The scenario after them is taken for one, so say where it goes.
const CLI::Validator a_number(
    [](const std::string& text) -> std::string {
      double value = 0;
      if (CLI::detail::lexical_cast(text, value)) return "";
      return "'" + text + "' is not a number" +
             (lower_extension(text).empty() ? "" : "; give the scenario before --lever");
    },
    "", "a number");

class SweepCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand("sweep",
                              "Run a grid over one or two levers, every point on the same "
                              "futures: the scenario's sweep section, or --lever and --values");
    cli_->add_option("scenario", scenario_path_, "Scenario file (YAML)")->required();
    cli_->add_option("--lever", levers_,
                     "Parameter path to sweep instead of the scenario's sweep section, e.g. "
                     "intakes.graduate_asye.size; once, or twice for a grid, each with --values");
    cli_->add_option("--values", values_,
                     "Values of the --lever before it: --values 5 10 15 (or 5,10,15)")
        ->delimiter(',')
        ->check(a_number);
    cli_->add_option("--from", from_,
                     "Month the --lever values apply from, YYYY-MM (default: the start)");
    add_at_option(*cli_, at_, "Month to report at, YYYY-MM (default: the end of the horizon)");
    cli_->add_option("--strategy", strategy_, "Strategy to vary (default: the base)");
    add_replications_option(*cli_, replications_,
                            "Replications per point (default: the scenario's)", 1, 100'000'000);
    add_output_option(*cli_, csv_path_, "Also write the table as CSV to this file");
    add_threads_option(*cli_, threads_);
    add_quiet_flag(*cli_, quiet_);
    cli_->footer(
        "Examples:\n"
        "  wfsim sweep SCENARIO.yaml -n 2000 --at 2026-03\n"
        "      the scenario's own sweep section, reported at March 2026\n"
        "  wfsim sweep SCENARIO.yaml --lever intakes.graduate_asye.size --values 10 20 30 \\\n"
        "      --lever agency.annual_cost_per_fte --values 60000 90000 -o grid.csv\n"
        "      a grid of 3 x 2 points, without a sweep section in the scenario");
  }

  int run() override {
    // Command-line mistakes, told apart before any file is read.
    if (values_.size() != levers_.size())
      throw usage_error("sweep", "give each --lever its --values, as --lever PATH --values V1 V2");
    if (levers_.size() > 2)
      throw usage_error(
          "sweep", "give --lever once or twice, not " + std::to_string(levers_.size()) + " times");
    if (!from_.empty() && levers_.empty())
      throw usage_error("sweep", "--from goes with --lever (a sweep section gives its own 'from')");

    const auto all = load_strategies_file(scenario_path_);
    const Scenario* sc = &strategy_named(all, strategy_);
    SweepOptions options;
    options.replications = replications_ > 0 ? replications_ : sc->replications;
    options.threads = threads_;
    options.at = at_;
    const int from = from_.empty() ? 0 : month_index(*sc, from_, "--from");
    for (std::size_t k = 0; k < levers_.size(); ++k)
      options.axes.push_back({levers_[k], from, values_[k]});
    // The output checked and started before the work: an input named as the output, or a
    // folder that cannot be written, is reported at once, not after the sweep.
    std::optional<AtomicOutput> output;
    if (!csv_path_.empty()) {
      check_output_kind(csv_path_, {".csv"}, "CSV");
      output.emplace(csv_path_, std::vector<std::string>{scenario_path_});
      on_signals(*output, on_signal_end_now);
    }
    if (levers_.empty() && sc->sweep.empty())
      throw UserError(
          "the scenario declares no sweep: add a sweep section, or give --lever PATH --values V1 "
          "V2 ...");
    Progress progress(!quiet_);
    const std::vector<SweepAxis>& axes = options.axes.empty() ? sc->sweep : options.axes;
    const auto result = run_sweep(*sc, options, [&](const SweepProgress& p) {
      const auto reps = static_cast<std::int64_t>(p.replications);
      progress.update(static_cast<std::int64_t>(p.point) * reps + p.done,
                      static_cast<std::int64_t>(p.points) * reps, point_named(axes, p));
    });
    progress.clear();
    if (!quiet_) {
      std::cout << sc->name << ": sweep at "
                << (result.end_of_horizon ? std::string("the end of the horizon") : result.at)
                << " (" << options.replications
                << " replications a point, the same futures at every point)\n";
      print_sweep(std::cout, result);
    }
    if (output) write_text_file(*output, [&](std::ostream& out) { write_sweep_csv(out, result); });
    return 0;
  }

 private:
  std::string scenario_path_, strategy_ = "base", csv_path_, from_, at_;
  std::vector<std::string> levers_;
  std::vector<std::vector<double>> values_;
  std::int64_t replications_ = 0;
  int threads_ = 0;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_sweep_command() {
  return std::make_unique<SweepCommand>();
}

}  // namespace wfsim::app
