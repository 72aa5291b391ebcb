// wfsim run: the base scenario and every strategy, each into its own group of one file.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "../cli.hpp"
#include "../progress.hpp"
#include "commands.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/expected.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/output/results_file.hpp"
#include "wfsim/output/terminal_summary.hpp"
#include "wfsim/run/runner.hpp"

namespace wfsim::app {

namespace {

class RunCommand : public Command {
 public:
  explicit RunCommand(std::string command_line) : command_line_(std::move(command_line)) {}

  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand("run", "Run a scenario and write its results to an HDF5 file");
    add_scenario_overrides(*cli_, scenario_path_, overrides_);
    add_output_option(*cli_, output_path_,
                      "Results file (default: the scenario's name with .h5, in this folder)");
    add_threads_option(*cli_, threads_);
    cli_->add_flag("--summary-only", summary_only_,
                   "Store summaries only, not every replication's trajectory");
    add_quiet_flag(*cli_, quiet_);
  }

  int run() override {
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<Scenario> all = load_with_overrides(scenario_path_, overrides_);
    const Scenario& base = all.front();
    if (output_path_.empty())
      output_path_ = std::filesystem::path(scenario_path_).stem().string() + ".h5";
    check_output_kind(output_path_, {".h5", ".hdf5", ".he5", ".nc"}, "an HDF5 results file");
    AtomicOutput output(output_path_, {scenario_path_});
    on_signals(output, on_signal);

    std::vector<std::string> names;
    for (const auto& sc : all) names.push_back(sc.strategy);
    const Provenance prov{command_line_, base.replications, base.seed, base.horizon_months};
    try {
      ResultsFile file(output.temp_path(), base, prov, names);
      RunOptions options;
      options.replications = base.replications;
      options.seed = base.seed;
      options.threads = threads_;
      options.stop = &stop_requested;
      const std::int64_t total = static_cast<std::int64_t>(all.size()) * base.replications;
      // One progress line for the whole run, so that the time left counts from its start.
      Progress progress(!quiet_);
      for (std::size_t k = 0; k < all.size(); ++k) {
        const Model model(all[k]);
        ResultsWriter writer(file, model, base.replications, !summary_only_, options.block_size);
        const std::int64_t before = static_cast<std::int64_t>(k) * base.replications;
        options.progress = [&](std::int64_t done, std::int64_t) {
          progress.update(before + done, total,
                          all[k].strategy + " " + count_of(done, base.replications));
        };
        const Summary summary = run_replications(model, options, &writer);
        progress.clear();
        writer.finish(summary, expected_projection(model));
        if (!quiet_) print_summary(std::cout, model, summary);
      }
      // Closing reads the whole file back for its seal: not for a file about to be removed.
      if (stop_requested) throw Interrupted();
      file.close();
    } catch (const InternalError&) {
      // A write the system refused (disk full, file too large) is not a bug in wfsim.
      const std::string reason = results_write_failure(output.temp_path());
      if (reason.empty()) throw;
      throw UserError("cannot write '" + output_path_ + "': " + reason);
    }
    if (stop_requested) throw Interrupted();
    output.commit();
    forget_temporary_file();

    if (!quiet_) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double mb = static_cast<double>(std::filesystem::file_size(output_path_)) / 1e6;
      std::printf("Results: %s (%.1f MB, %zu strateg%s), written in %.1f s on %d threads.\n",
                  output_path_.c_str(), mb, all.size(), all.size() == 1 ? "y" : "ies", secs,
                  resolve_threads(threads_));
    }
    return 0;
  }

 private:
  std::string command_line_;
  std::string scenario_path_, output_path_;
  ScenarioOverrides overrides_;
  int threads_ = 0;
  bool summary_only_ = false, quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_run_command(std::string command_line) {
  return std::make_unique<RunCommand>(std::move(command_line));
}

}  // namespace wfsim::app
