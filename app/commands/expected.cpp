// wfsim expected: the model without chance, for the base and every strategy.
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/model/expected.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/output/terminal_summary.hpp"

namespace wfsim::app {

namespace {

class ExpectedCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "expected",
        "Print the expected-value projection (the model without chance) of the base "
        "and every strategy");
    cli_->add_option("scenario", scenario_path_, "Scenario file (YAML)")->required();
    add_horizon_option(*cli_, overrides_.horizon, "Months to project (overrides the scenario)");
  }

  int run() override {
    for (const auto& sc : load_with_overrides(scenario_path_, overrides_)) {
      const Model model(sc);
      const auto projection = expected_projection(model);
      print_expected(std::cout, model, projection.values);
      if (!projection.exact)
        std::cout << "  (with recruitment into vacancies, intakes limited to vacancies, the "
                     "locum market or uncertain parameters this is the path at mean parameters "
                     "with fluid flows, not the exact mean)\n";
    }
    return 0;
  }

 private:
  std::string scenario_path_;
  ScenarioOverrides overrides_;  // the horizon only: chance has no replications or seed
};

}  // namespace

std::unique_ptr<Command> make_expected_command() {
  return std::make_unique<ExpectedCommand>();
}

}  // namespace wfsim::app
