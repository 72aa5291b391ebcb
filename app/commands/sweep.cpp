// wfsim sweep: the scenario's grid over one or two levers, every point on the same futures.
#include <cstdio>
#include <iostream>
#include <optional>

#include "../cli.hpp"
#include "../progress.hpp"
#include "commands.hpp"
#include "wfsim/analysis/sweep.hpp"
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

class SweepCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "sweep", "Run the scenario's sweep: a grid over one or two levers, on the same futures");
    cli_->add_option("scenario", scenario_path_, "Scenario file (YAML) with a sweep section")
        ->required();
    cli_->add_option("--strategy", strategy_, "Strategy to vary (default: the base)");
    add_replications_option(*cli_, replications_,
                            "Replications per point (default: the scenario's)", 1, 100'000'000);
    add_output_option(*cli_, csv_path_, "Also write the table as CSV to this file");
    add_threads_option(*cli_, threads_);
  }

  int run() override {
    const auto all = load_strategies_file(scenario_path_);
    const Scenario* sc = &strategy_named(all, strategy_);
    // The output checked and started before the work: an input named as the output, or a
    // folder that cannot be written, is reported at once, not after the sweep.
    std::optional<AtomicOutput> output;
    if (!csv_path_.empty()) {
      check_output_kind(csv_path_, {".csv"}, "CSV");
      output.emplace(csv_path_, std::vector<std::string>{scenario_path_});
      on_signals(*output, on_signal_end_now);
    }
    const std::int64_t reps = replications_ > 0 ? replications_ : sc->replications;
    Progress progress(true);
    const auto result =
        run_sweep(*sc, {.replications = reps, .threads = threads_}, [&](const SweepProgress& p) {
          progress.update(static_cast<std::int64_t>(p.point) * reps + p.done,
                          static_cast<std::int64_t>(p.points) * reps, point_named(sc->sweep, p));
        });
    progress.clear();
    std::cout << sc->name << ": sweep at the end of the horizon (" << reps
              << " replications a point, the same futures at every point)\n";
    print_sweep(std::cout, result);
    if (output) write_text_file(*output, [&](std::ostream& out) { write_sweep_csv(out, result); });
    return 0;
  }

 private:
  std::string scenario_path_, strategy_ = "base", csv_path_;
  std::int64_t replications_ = 0;
  int threads_ = 0;
};

}  // namespace

std::unique_ptr<Command> make_sweep_command() {
  return std::make_unique<SweepCommand>();
}

}  // namespace wfsim::app
