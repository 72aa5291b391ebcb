// wfsim backtest: councils calibrated as at a year, projected, and scored on the later years.
#include <iostream>

#include "../cli.hpp"
#include "../progress.hpp"
#include "commands.hpp"
#include "wfsim/calibrate/backtest.hpp"
#include "wfsim/calibrate/dfe_indicators.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/output/results_file.hpp"

namespace wfsim::app {

namespace {

class BacktestCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "backtest",
        "Calibrate councils as at a year, project them, and score the projections against the "
        "file's later years");
    cli_->add_option("data", data_path_, "DfE indicator file (CSV)")->required();
    auto* one_council = cli_->add_option("--council", councils_,
                                         "Council name or code (may be given more than once)");
    cli_->add_flag("--all", all_, "Every council in the file")->excludes(one_council);
    cli_->add_option("--as-at", as_at_, "Last reporting year the calibration may use")
        ->required()
        ->check(CLI::Range(1900, 2999));
    add_output_option(*cli_, csv_path_, "Scores, one row per council, measure and year (CSV)")
        ->required();
    add_replications_option(*cli_, replications_, "Replications per council (default 1000)", 10,
                            1'000'000);
    cli_->add_option("--html", html_path_,
                     "Also write a page with the coverage chart and table (HTML)");
    add_seed_option(*cli_, seed_, "Random seed (default 1)");
    add_threads_option(*cli_, threads_);
    add_quiet_flag(*cli_, quiet_);
  }

  int run() override {
    if (!all_ && councils_.empty())
      throw UserError("backtest: name a council with --council, or give --all");
    check_output_kind(csv_path_, {".csv"}, "CSV");
    if (!html_path_.empty()) check_output_kind(html_path_, {".html", ".htm"}, "an HTML page");
    const auto data = calibrate::DfeIndicators::read(data_path_);
    AtomicOutput output(csv_path_, {data_path_});
    on_signals(output, on_signal_end_now);
    calibrate::BacktestOptions options;
    options.as_at = as_at_;
    options.councils = councils_;
    options.replications = replications_;
    options.seed = seed_.empty() ? 1 : parse_seed(seed_);
    options.threads = threads_;
    Progress progress(!quiet_);
    options.progress = [&](std::size_t done, std::size_t all) {
      const auto n = static_cast<std::int64_t>(done), of = static_cast<std::int64_t>(all);
      progress.update(n, of, "councils " + count_of(n, of));
    };
    const auto result = calibrate::backtest(data, options);
    progress.clear();
    write_text_file(output, [&](std::ostream& out) { out << calibrate::backtest_csv(result); });
    std::ostream& out = quiet_ ? null_stream() : std::cout;
    out << "Backtest: " << result.councils << " council" << (result.councils == 1 ? "" : "s")
        << " calibrated as at " << as_at_ << " and scored on the file's later years ("
        << replications_ << " replications each)\n"
        << calibrate::backtest_summary(result);
    if (!result.skipped.empty()) {
      out << result.skipped.size() << " council" << (result.skipped.size() == 1 ? "" : "s")
          << " not calibrated:\n";
      for (const auto& s : result.skipped) out << "  " << s << "\n";
    }
    out << "Scores written to " << csv_path_ << "\n";
    if (!html_path_.empty()) {
      AtomicOutput page(html_path_, {data_path_, csv_path_});
      on_signals(page, on_signal_end_now);
      write_text_file(
          page, [&](std::ostream& out) { out << calibrate::backtest_html(result, data_path_); });
      out << "Chart written to " << html_path_ << "\n";
    }
    return 0;
  }

 private:
  std::string data_path_, csv_path_, html_path_, seed_;
  std::vector<std::string> councils_;
  bool all_ = false;
  int as_at_ = 0, threads_ = 0;
  std::int64_t replications_ = 1000;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_backtest_command() {
  return std::make_unique<BacktestCommand>();
}

}  // namespace wfsim::app
