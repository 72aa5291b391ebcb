// wfsim report: the HTML report of a results file, for a board pack.
#include <filesystem>
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/analysis/report.hpp"
#include "wfsim/output/results_file.hpp"

namespace wfsim::app {

namespace {

class ReportCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ =
        app.add_subcommand("report",
                           "Write the HTML report of a results file for a board pack: the headline "
                           "first, one page to read on screen, 4 to 7 A4 pages printed");
    cli_->add_option("results", results_path_, "Results file (HDF5) written by wfsim run")
        ->required();
    add_output_option(*cli_, report_path_,
                      "HTML file (default: the results file's name with .html)");
    add_quiet_flag(*cli_, quiet_);
  }

  int run() override {
    const ResultsReader results(results_path_);
    if (report_path_.empty())
      report_path_ = std::filesystem::path(results_path_).replace_extension(".html").string();
    check_output_kind(report_path_, {".html", ".htm"}, "an HTML report");
    AtomicOutput output(report_path_, {results_path_});
    on_signals(output, on_signal_end_now);
    write_text_file(output, [&](std::ostream& out) { write_report(results, out); });
    if (!quiet_) std::cout << "Report written to " << report_path_ << "\n";
    return 0;
  }

 private:
  std::string results_path_, report_path_;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
  return std::make_unique<ReportCommand>();
}

}  // namespace wfsim::app
