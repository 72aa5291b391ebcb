// wfsim compare: each strategy against the base, on the same simulated futures.
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/analysis/compare.hpp"
#include "wfsim/output/results_file.hpp"

namespace wfsim::app {

namespace {

class CompareCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand("compare",
                              "Compare each strategy with the base on the same simulated futures");
    cli_->add_option("results", results_path_, "Results file (HDF5) written by wfsim run")
        ->required();
    add_at_option(*cli_, at_, "Month to compare at, YYYY-MM (default: the last)");
  }

  int run() override {
    const ResultsReader results(results_path_);
    const auto comparisons = compare_strategies(results, at_);
    if (comparisons.empty()) {
      std::cout << results_path_ << " holds no strategy besides the base: nothing to compare\n";
      return 0;
    }
    print_comparisons(std::cout, comparisons);
    return 0;
  }

 private:
  std::string results_path_, at_;
};

}  // namespace

std::unique_ptr<Command> make_compare_command() {
  return std::make_unique<CompareCommand>();
}

}  // namespace wfsim::app
