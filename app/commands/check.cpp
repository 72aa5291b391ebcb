// wfsim check: a scenario checked and described, without running it.
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/model/opening_position.hpp"
#include "wfsim/output/terminal_summary.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::app {

namespace {

class CheckCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "check",
        "Check a scenario file, describe it and print the position it opens with, warning where "
        "it contradicts itself");
    cli_->add_option("scenario", scenario_path_, "Scenario file (YAML)")->required();
    add_quiet_flag(*cli_, quiet_);
  }

  int run() override {
    const auto all = load_strategies_file(scenario_path_);
    const auto& sc = all.front();
    const Model base(sc);
    // What each replication draws: one value per uncertain segment, counted by the model.
    auto drawn = [](const Model& m) {
      std::size_t uncertain = 0;
      for (const auto& p : m.scenario().parameters) uncertain += p.uncertain();
      const std::size_t values = m.drawn_count();
      return std::to_string(values) + " value" + (values == 1 ? "" : "s") +
             " drawn per replication, from " + std::to_string(uncertain) + " uncertain parameter" +
             (uncertain == 1 ? "" : "s");
    };
    // Described in full under --quiet too: the model may refuse what the loader took.
    std::ostream& out = quiet_ ? null_stream() : std::cout;
    out << scenario_path_ << ": OK\n  " << sc.name << "\n  " << sc.stages.size() << " stages, "
        << sc.intakes.size() << " intakes, " << sc.establishment.size() << " establishment groups; "
        << sc.horizon_months << " months from " << sc.start.str() << ", " << sc.replications
        << " replications, seed " << sc.seed << "\n  base: " << drawn(base) << "\n";
    print_opening(out, base, opening_position(base));
    for (std::size_t k = 1; k < all.size(); ++k)
      out << "  strategy " << all[k].strategy
          << (all[k].strategy_description.empty() ? "" : ": " + all[k].strategy_description)
          << "\n    " << drawn(Model(all[k])) << "\n";
    return 0;
  }

 private:
  std::string scenario_path_;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_check_command() {
  return std::make_unique<CheckCommand>();
}

}  // namespace wfsim::app
