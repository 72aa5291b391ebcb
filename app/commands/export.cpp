// wfsim export: a results file's summaries as tidy CSV, the DfE's measures, the budget
// workbook or the wide spend table.
#include <filesystem>
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/analysis/export_csv.hpp"
#include "wfsim/analysis/finance.hpp"
#include "wfsim/analysis/workbook.hpp"
#include "wfsim/output/results_file.hpp"

namespace wfsim::app {

namespace {

class ExportCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "export",
        "Write a results file's summaries as tidy CSV (strategy, metric, category, period, "
        "statistic, value, units); or a budget workbook (--xlsx), the spend table as a wide "
        "CSV (--spend), or the measures as the DfE counts them (--dfe)");
    cli_->add_option("results", results_path_, "Results file (HDF5) written by wfsim run")
        ->required();
    add_output_option(*cli_, csv_path_, "CSV file (default: the results file's name with .csv)");
    cli_->add_flag("--dfe", dfe_,
                   "Write the measures as the DfE counts them, each snapshot month, under the "
                   "DfE indicator file's column names (needs `dfe_return` in the scenario)");
    cli_->add_flag("--xlsx", xlsx_,
                   "Write a budget workbook (.xlsx): cover, spend by financial year in GBP m, "
                   "difference from the base, payback, agency risk, targets and every summary");
    cli_->add_flag("--spend", spend_,
                   "Write the spend table as a wide CSV: a row per strategy and cost category, "
                   "P10, median and P90 of each financial year in GBP m");
    add_quiet_flag(*cli_, quiet_);
  }

  int run() override {
    if (dfe_ + xlsx_ + spend_ > 1)
      throw usage_error("export", "give one of --dfe, --xlsx and --spend");
    const ResultsReader results(results_path_);
    const std::string ext = xlsx_ ? ".xlsx" : ".csv";
    if (csv_path_.empty())
      csv_path_ = std::filesystem::path(results_path_).replace_extension(ext).string();
    check_output_kind(csv_path_, {ext}, xlsx_ ? "an Excel workbook" : "CSV");
    AtomicOutput output(csv_path_, {results_path_});
    on_signals(output, on_signal_end_now);
    if (xlsx_) {
      write_workbook(results, finance_tables(results), output.temp_path());
      output.commit();
      if (!quiet_) std::cout << "Workbook written to " << csv_path_ << "\n";
      return 0;
    }
    write_text_file(output, [&](std::ostream& out) {
      if (dfe_) {
        export_dfe_csv(results, out);
        return;
      }
      if (spend_) {
        write_spend_csv(finance_tables(results), out);
        return;
      }
      export_csv(results, out);
      export_comparisons_csv(results, out);
    });
    if (!quiet_)
      std::cout << (spend_ ? "Spend table written to " : "Summaries written to ") << csv_path_
                << "\n";
    return 0;
  }

 private:
  std::string results_path_, csv_path_;
  bool dfe_ = false, xlsx_ = false, spend_ = false, quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_export_command() {
  return std::make_unique<ExportCommand>();
}

}  // namespace wfsim::app
