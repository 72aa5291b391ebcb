// wfsim seek: the least value of a lever that meets a target with a given chance.
#include <cstdio>
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/analysis/goal_seek.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::app {

namespace {

class SeekCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "seek", "Find the least value of a lever that meets a target with a given chance");
    cli_->add_option("scenario", scenario_path_, "Scenario file (YAML)")->required();
    cli_->add_option("--lever", request_.lever, "Parameter path, e.g. intakes.graduate_asye.size")
        ->required();
    cli_->add_option("--range", range_, "Lowest and highest value to try")->required()->expected(2);
    cli_->add_option("--target", request_.target, "Name of one of the scenario's targets")
        ->required();
    cli_->add_option("--at,--by", request_.when,
                     "Month (YYYY-MM) or financial year (2026/27) to meet it by (--by: its "
                     "former name)")
        ->required();
    cli_->add_option("--chance", request_.chance, "Chance required, e.g. 0.8")
        ->required()
        ->check(CLI::Range(0.0, 1.0));
    cli_->add_option("--strategy", strategy_, "Strategy to vary (default: the base)");
    cli_->add_option("--from", from_, "Month the lever's value applies from (default: start)");
    cli_->add_flag("--real", real_, "Search real values, not whole numbers");
    add_replications_option(*cli_, request_.replications, "Replications per trial", 1, 100'000'000);
    add_threads_option(*cli_, request_.threads);
  }

  int run() override {
    const auto all = load_strategies_file(scenario_path_);
    const Scenario* sc = &strategy_named(all, strategy_);
    GoalSeekRequest& seek = request_;
    seek.low = range_[0];
    seek.high = range_[1];
    seek.whole = !real_;
    if (!from_.empty()) seek.lever_from = month_index(*sc, from_, "--from");
    std::cout << "Least " << seek.lever << " in [" << seek.low << ", " << seek.high
              << "] giving at least a " << 100 * seek.chance << "% chance of " << seek.target
              << " by " << seek.when << " (" << seek.replications
              << " replications a trial, the same futures each time):\n";
    const auto result = goal_seek(*sc, seek, [&](int, double v, double p) {
      std::printf("  tried %-10g chance %5.1f%%\n", v, 100 * p);
      std::fflush(stdout);
    });
    std::cout << "Curve:";
    for (const auto& [v, p] : result.curve) std::printf("  %g: %.0f%%", v, 100 * p);
    std::cout << "\n";
    if (result.found)
      std::printf("Answer: %s = %g gives a %.1f%% chance.\n", seek.lever.c_str(), result.value,
                  100 * result.chance_at_value);
    else
      std::printf("Answer: none in the range; at %g the chance is %.1f%%.\n", seek.high,
                  100 * result.curve.back().second);
    return 0;
  }

 private:
  std::string scenario_path_, strategy_ = "base", from_;
  GoalSeekRequest request_;
  std::vector<double> range_;
  bool real_ = false;
};

}  // namespace

std::unique_ptr<Command> make_seek_command() {
  return std::make_unique<SeekCommand>();
}

}  // namespace wfsim::app
