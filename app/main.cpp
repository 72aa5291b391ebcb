// wfsim: the command-line program. It parses options, calls the engine and is the only
// place where errors are caught and turned into messages and exit codes.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "progress.hpp"
#include "wfsim/analysis/compare.hpp"
#include "wfsim/analysis/export_csv.hpp"
#include "wfsim/analysis/finance.hpp"
#include "wfsim/analysis/goal_seek.hpp"
#include "wfsim/analysis/report.hpp"
#include "wfsim/analysis/sweep.hpp"
#include "wfsim/analysis/workbook.hpp"
#include "wfsim/calibrate/backtest.hpp"
#include "wfsim/calibrate/calibrate.hpp"
#include "wfsim/calibrate/dfe_indicators.hpp"
#include "wfsim/calibrate/staff_extract.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/expected.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/output/results_file.hpp"
#include "wfsim/output/terminal_summary.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"
#include "wfsim/version.hpp"

namespace {

constexpr int EXIT_USER_ERROR = 1;
constexpr int EXIT_USAGE = 2;
constexpr int EXIT_INTERNAL_ERROR = 3;

std::atomic<bool> stop_requested{false};
volatile std::sig_atomic_t stop_signal = 0;
char temp_path_for_signal[4096] = {0};

extern "C" void on_signal(int sig) {
  // The first Ctrl-C (or SIGTERM) stops the run between replications and cleans up; a
  // second one ends it at once, removing the temporary file (unlink is async-signal-safe).
  if (stop_requested.exchange(true)) {
    if (temp_path_for_signal[0]) ::unlink(temp_path_for_signal);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  stop_signal = sig;
}

extern "C" void on_signal_end_now(int sig) {
  // For commands that have no way to stop part-way: end at once, without the temporary file.
  if (temp_path_for_signal[0]) ::unlink(temp_path_for_signal);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

//! Has Ctrl-C and SIGTERM go to `handler`, telling it `output`'s temporary file to remove.
void on_signals(const wfsim::AtomicOutput& output, void (*handler)(int)) {
  if (output.temp_path().size() < sizeof temp_path_for_signal)
    std::strcpy(temp_path_for_signal, output.temp_path().c_str());
  std::signal(SIGINT, handler);
  std::signal(SIGTERM, handler);
}

//! Parses a seed as the scenario loader does: a whole number from 0 to 2^64 - 1.
std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    throw wfsim::UserError("--seed: expected a whole number from 0 to 18446744073709551615, got '" +
                           text + "'");
  return value;
}

struct Overrides {
  std::int64_t replications = 0;
  std::string seed;  // validated by parse_seed
  int horizon = 0;
};

//! The base scenario and its strategies, with the command line's overrides.
std::vector<wfsim::Scenario> load(const std::string& path, const Overrides& o) {
  std::vector<wfsim::Scenario> all = wfsim::load_strategies_file(path);
  for (auto& sc : all) {
    if (o.replications > 0) sc.replications = o.replications;
    if (!o.seed.empty()) sc.seed = parse_seed(o.seed);
    if (o.horizon > 0) sc.horizon_months = o.horizon;
  }
  return all;
}

//! Writes a text file into `output`'s temporary file and renames it into place when
//! complete.
void write_text_file(wfsim::AtomicOutput& output, const std::function<void(std::ostream&)>& write) {
  const std::string& path = output.path();
  {
    std::ofstream out(output.temp_path());
    write(out);
    errno = 0;
    out.close();
    if (!out)
      throw wfsim::UserError("cannot write '" + path +
                             "': " + (errno ? std::strerror(errno) : "write error"));
  }
  output.commit();
}

//! The extension of `path` in lower case, with its dot: ".h5".
std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

//! Refuses an output name whose extension says another kind of file than the command
//! writes (`run -o out.csv` would put HDF5 under a CSV name).
void check_output_kind(const std::string& path, const std::vector<std::string>& allowed,
                       const std::string& kind) {
  static const std::vector<std::string> KNOWN = {".h5",   ".hdf5", ".he5",  ".nc",  ".csv",  ".tsv",
                                                 ".html", ".htm",  ".yaml", ".yml", ".json", ".txt",
                                                 ".xlsx", ".xls",  ".pdf",  ".md",  ".xml"};
  const std::string ext = lower_extension(path);
  if (std::find(KNOWN.begin(), KNOWN.end(), ext) == KNOWN.end()) return;
  if (std::find(allowed.begin(), allowed.end(), ext) != allowed.end()) return;
  throw wfsim::UserError("'" + path + "': this command writes " + kind + ", not a " + ext +
                         " file; name it with " + allowed.front());
}

//! The scenario named `name` among `all`, or a message with the near miss.
const wfsim::Scenario& strategy_named(const std::vector<wfsim::Scenario>& all,
                                      const std::string& name) {
  std::vector<std::string> names;
  for (const auto& sc : all) {
    if (sc.strategy == name) return sc;
    names.push_back(sc.strategy);
  }
  throw wfsim::UserError("no strategy called '" + name + "'" + wfsim::did_you_mean(name, names));
}

//! The message for a command line naming no command `word` gives: the nearest command, or
//! for a file, the commands that read that kind of file.
std::string unknown_command(const std::string& word, const std::vector<std::string>& commands) {
  const std::string ext = lower_extension(word);
  std::string hint;
  if (ext == ".yaml" || ext == ".yml")
    hint = "; to run this scenario: wfsim run " + word;
  else if (ext == ".h5" || ext == ".hdf5" || ext == ".he5" || ext == ".nc")
    hint = "; to use this results file: wfsim report " + word + " (or export, compare)";
  else
    hint = wfsim::did_you_mean(word, commands);
  return "unknown command '" + word + "'" + hint + " (wfsim --help lists them)";
}

//! The message for an option that `cmd` does not take, naming the nearest one it does;
//! "" when no argument left over is an option.
std::string unknown_option(const CLI::App& cmd, const std::vector<std::string>& left_over) {
  for (const std::string& arg : left_over) {
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::string name = arg.substr(0, arg.find('='));
    // Long names only: any one-letter option is one edit from any other.
    std::vector<std::string> options;
    for (const CLI::Option* o : cmd.get_options())
      for (const auto& l : o->get_lnames()) options.push_back("--" + l);
    const std::string command = cmd.get_parent() ? "wfsim " + cmd.get_name() : "wfsim";
    return command + " has no option '" + name + "'" + wfsim::did_you_mean(name, options) + " (" +
           command + " --help lists them)";
  }
  return "";
}

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "wfsim: Monte Carlo projections of a social work workforce, month by month.\n"
      "Reads a scenario (YAML), writes distributions of results (HDF5)."};
  app.set_version_flag("--version",
                       "wfsim " + wfsim::engine_version() + " (" + wfsim::git_commit() + ")");
  app.require_subcommand(1);

  std::string scenario_path, output_path;
  Overrides over;
  int threads = 0;
  bool summary_only = false, quiet = false;

  auto add_overrides = [&](CLI::App* cmd) {
    cmd->add_option("scenario", scenario_path, "Scenario file (YAML)")->required();
    cmd->add_option("--replications,-n", over.replications,
                    "Number of replications (overrides the scenario)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
    cmd->add_option("--seed", over.seed, "Random seed (overrides the scenario)");
    cmd->add_option("--horizon", over.horizon, "Months to project (overrides the scenario)")
        ->check(CLI::Range(1, 1200));
  };

  auto* run = app.add_subcommand("run", "Run a scenario and write its results to an HDF5 file");
  add_overrides(run);
  run->add_option("--output,-o", output_path,
                  "Results file (default: the scenario's name with .h5, in this folder)");
  run->add_option("--threads,-t", threads, "Threads to use (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run->add_flag("--summary-only", summary_only,
                "Store summaries only, not every replication's trajectory");
  run->add_flag("--quiet,-q", quiet, "Print nothing but errors");

  auto* check = app.add_subcommand("check", "Check a scenario file and describe it");
  check->add_option("scenario", scenario_path, "Scenario file (YAML)")->required();

  std::string results_path, csv_path;
  auto* exporter = app.add_subcommand(
      "export",
      "Write a results file's summaries as tidy CSV (strategy, metric, category, "
      "period, statistic, value, units)");
  exporter->add_option("results", results_path, "Results file (HDF5) written by wfsim run")
      ->required();
  exporter->add_option("--output,-o", csv_path,
                       "CSV file (default: the results file's name with .csv)");
  bool export_dfe = false;
  exporter->add_flag("--dfe", export_dfe,
                     "Write the measures as the DfE counts them, each snapshot month, under the "
                     "DfE indicator file's column names (needs `dfe_return` in the scenario)");
  bool export_xlsx = false, export_spend = false;
  exporter->add_flag("--xlsx", export_xlsx,
                     "Write a budget workbook (.xlsx): cover, spend by financial year in GBP m, "
                     "difference from the base, payback, agency risk, targets and every summary");
  exporter->add_flag("--spend", export_spend,
                     "Write the spend table as a wide CSV: a row per strategy and cost category, "
                     "P10, median and P90 of each financial year in GBP m");

  std::string compare_at;
  auto* comparer = app.add_subcommand(
      "compare", "Compare each strategy with the base on the same simulated futures");
  comparer->add_option("results", results_path, "Results file (HDF5) written by wfsim run")
      ->required();
  comparer->add_option("--at", compare_at, "Month to compare at, YYYY-MM (default: the last)");

  wfsim::GoalSeekRequest seek;
  std::string seek_strategy = "base", seek_from;
  std::vector<double> seek_range;
  bool seek_real = false;
  auto* seeker = app.add_subcommand(
      "seek", "Find the least value of a lever that meets a target with a given chance");
  seeker->add_option("scenario", scenario_path, "Scenario file (YAML)")->required();
  seeker->add_option("--lever", seek.lever, "Parameter path, e.g. intakes.graduate_asye.size")
      ->required();
  seeker->add_option("--range", seek_range, "Lowest and highest value to try")
      ->required()
      ->expected(2);
  seeker->add_option("--target", seek.target, "Name of one of the scenario's targets")->required();
  seeker->add_option("--by", seek.when, "Month (YYYY-MM) or financial year (2026/27) to meet it")
      ->required();
  seeker->add_option("--chance", seek.chance, "Chance required, e.g. 0.8")
      ->required()
      ->check(CLI::Range(0.0, 1.0));
  seeker->add_option("--strategy", seek_strategy, "Strategy to vary (default: the base)");
  seeker->add_option("--from", seek_from, "Month the lever's value applies from (default: start)");
  seeker->add_flag("--real", seek_real, "Search real values, not whole numbers");
  seeker->add_option("--replications,-n", seek.replications, "Replications per trial")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
  seeker->add_option("--threads,-t", seek.threads, "Threads to use (default: all cores)")
      ->check(CLI::Range(1, 1024));

  std::string sweep_strategy = "base", sweep_csv;
  std::int64_t sweep_replications = 0;
  auto* sweeper = app.add_subcommand(
      "sweep", "Run the scenario's sweep: a grid over one or two levers, on the same futures");
  sweeper->add_option("scenario", scenario_path, "Scenario file (YAML) with a sweep section")
      ->required();
  sweeper->add_option("--strategy", sweep_strategy, "Strategy to vary (default: the base)");
  sweeper
      ->add_option("--replications,-n", sweep_replications,
                   "Replications per point (default: the scenario's)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
  sweeper->add_option("--output,-o", sweep_csv, "Also write the table as CSV to this file");
  sweeper->add_option("--threads,-t", threads, "Threads to use (default: all cores)")
      ->check(CLI::Range(1, 1024));

  std::string report_path;
  auto* reporter = app.add_subcommand(
      "report", "Write a one-page HTML report of a results file, for a board pack");
  reporter->add_option("results", results_path, "Results file (HDF5) written by wfsim run")
      ->required();
  reporter->add_option("--output,-o", report_path,
                       "HTML file (default: the results file's name with .html)");

  auto* expected = app.add_subcommand(
      "expected",
      "Print the expected-value projection (the model without chance) of the base "
      "and every strategy");
  expected->add_option("scenario", scenario_path, "Scenario file (YAML)")->required();
  expected->add_option("--horizon", over.horizon, "Months to project (overrides the scenario)")
      ->check(CLI::Range(1, 1200));

  std::string data_path, council, staff_path, calibrate_as_at;
  int as_at = 0, calibrate_horizon = 48, window_months = 36;
  std::vector<double> tenure_bands;
  auto* calibrator = app.add_subcommand(
      "calibrate",
      "Write a baseline scenario, every number derived by a stated rule, from the DfE children's "
      "social work workforce indicator file (DATA --council) or from a council's own HR extract "
      "(--staff)");
  calibrator->add_option("data", data_path, "DfE indicator file (CSV), as the DfE publishes it");
  calibrator->add_option("--council", council,
                         "With the DfE file: council name or code (new_la_code)");
  calibrator->add_option("--staff", staff_path,
                         "HR extract (CSV), one row per person and spell, instead of the DfE file");
  calibrator
      ->add_option("--as-at", calibrate_as_at,
                   "With the DfE file: the last reporting year to use (the scenario starts in "
                   "October of it). With --staff: the count date YYYY-MM-DD, the last day of a "
                   "month (the scenario starts the month after)")
      ->required();
  calibrator
      ->add_option("--window-months", window_months,
                   "With --staff: the months up to --as-at whose leavers, moves and starters are "
                   "counted (default 36)")
      ->check(CLI::Range(1, 600));
  calibrator
      ->add_option("--tenure-bands", tenure_bands,
                   "With --staff: upper edges of the length-of-service bands, in years (default "
                   "1,2,5)")
      ->delimiter(',');
  calibrator->add_option("--output,-o", output_path, "Scenario file to write (YAML)")->required();
  calibrator->add_option("--horizon", calibrate_horizon, "Months to project (default 48)")
      ->check(CLI::Range(1, 1200));
  calibrator->footer(
      "Two sources (docs/calibration.md gives the rules):\n"
      "  wfsim calibrate DATA.csv --council NAME --as-at YEAR -o SCENARIO.yaml\n"
      "      the DfE's indicator file as published; one stage, its turnover, establishment,\n"
      "      recruitment, agency and caseloads as at 30 September of YEAR\n"
      "  wfsim calibrate --staff STAFF.csv --as-at YYYY-MM-DD -o SCENARIO.yaml\n"
      "      a council's HR extract with the header\n"
      "      person_id,role,fte,start_date,end_date,leaving_reason,qualified_date,agency\n"
      "      (a row per person and spell in a role; 'role change' ends a spell that the\n"
      "      person's next one follows; agency yes or no); a stage per role, leaving rates by\n"
      "      length of service, promotions, time-based stages, intakes, recruitment and agency\n"
      "      from the --window-months before the as-at date");

  std::string backtest_csv_path;
  bool backtest_all = false;
  std::vector<std::string> backtest_councils;
  std::int64_t backtest_replications = 1000;
  auto* backtester = app.add_subcommand(
      "backtest",
      "Calibrate councils as at a year, project them, and score the projections against the "
      "file's later years");
  backtester->add_option("data", data_path, "DfE indicator file (CSV)")->required();
  auto* one_council = backtester->add_option("--council", backtest_councils,
                                             "Council name or code (may be given more than once)");
  backtester->add_flag("--all", backtest_all, "Every council in the file")->excludes(one_council);
  backtester->add_option("--as-at", as_at, "Last reporting year the calibration may use")
      ->required()
      ->check(CLI::Range(1900, 2999));
  backtester
      ->add_option("--output,-o", backtest_csv_path,
                   "Scores, one row per council, measure "
                   "and year (CSV)")
      ->required();
  backtester
      ->add_option("--replications,-n", backtest_replications,
                   "Replications per council (default 1000)")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{1'000'000}));
  std::string backtest_html_path;
  backtester->add_option("--html", backtest_html_path,
                         "Also write a page with the coverage chart and table (HTML)");
  backtester->add_option("--seed", over.seed, "Random seed (default 1)");
  backtester->add_option("--threads,-t", threads, "Threads to use (default: all cores)")
      ->check(CLI::Range(1, 1024));

  // `wfsim help [command]` is `wfsim [command] --help`.
  std::vector<char*> args(argv, argv + argc);
  char help_flag[] = "--help";
  if (args.size() > 1 && std::strcmp(args[1], "help") == 0) {
    args.erase(args.begin() + 1);
    args.push_back(help_flag);
  }
  // A mistyped command: name the nearest one rather than CLI11's "arguments not expected".
  if (args.size() > 1 && args[1][0] != '-') {
    std::vector<std::string> commands;
    for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
      commands.push_back(sub->get_name());
    if (std::find(commands.begin(), commands.end(), args[1]) == commands.end()) {
      std::cerr << "wfsim: error: " << unknown_command(args[1], commands) << "\n";
      return EXIT_USAGE;
    }
  }
  // A file-size limit is reported like a full disk, with the file cleaned up, rather than
  // ending the program by the signal.
  std::signal(SIGXFSZ, SIG_IGN);

  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    // A mistyped option is the likeliest cause of any mistake (`--seeed` leaves `--seed`
    // missing): name the nearest option the command takes.
    if (e.get_exit_code() != 0) {
      const auto parsed = app.get_subcommands();
      const std::string message =
          unknown_option(parsed.empty() ? app : *parsed.back(), app.remaining(true));
      if (!message.empty()) {
        std::cerr << "wfsim: error: " << message << "\n";
        return EXIT_USAGE;
      }
    }
    // CLI11 prints the help or the problem; every command-line mistake exits with 2.
    return app.exit(e) == 0 ? 0 : EXIT_USAGE;
  }

  try {
    if (calibrator->parsed()) {
      // Command-line mistakes, told apart before any file is read.
      auto usage = [](const std::string& what) {
        std::cerr << "wfsim: error: calibrate: " << what << " (wfsim help calibrate)\n";
        return EXIT_USAGE;
      };
      const bool staff = !staff_path.empty();
      if (staff && (!data_path.empty() || !council.empty()))
        return usage(
            "give either the DfE indicator file with --council, or --staff with an HR extract, "
            "not both");
      if (!staff && data_path.empty())
        return usage("give the DfE indicator file and --council, or --staff with an HR extract");
      if (!staff && council.empty()) return usage("name the council with --council");
      if (!staff && (calibrator->count("--window-months") || calibrator->count("--tenure-bands")))
        return usage("--window-months and --tenure-bands go with --staff");
      check_output_kind(output_path, {".yaml", ".yml"}, "a scenario (YAML)");
      if (staff) {
        const auto day = wfsim::calibrate::Date::parse(calibrate_as_at);
        if (!day)
          return usage(
              "--as-at: with --staff, expected a date YYYY-MM-DD (the last day of a "
              "month, such as 2024-09-30), got '" +
              calibrate_as_at + "'");
        const auto extract = wfsim::calibrate::StaffExtract::read(staff_path);
        wfsim::calibrate::StaffOptions options;
        options.as_at = *day;
        options.window_months = window_months;
        if (!tenure_bands.empty()) options.tenure_band_years = tenure_bands;
        options.horizon_months = calibrate_horizon;
        const auto fit = wfsim::calibrate::fit_staff_extract(extract, options);
        const std::string scenario = wfsim::calibrate::staff_scenario(fit, options);
        // The scenario must load as written: a rule that wrote a number out of range is a bug.
        try {
          wfsim::load_strategies_text(scenario, output_path);
        } catch (const wfsim::ScenarioError& e) {
          throw wfsim::InternalError(std::string("the scenario written does not load: ") +
                                     e.what());
        }
        wfsim::AtomicOutput output(output_path, {staff_path});
        on_signals(output, on_signal_end_now);
        write_text_file(output, [&](std::ostream& out) { out << scenario; });
        std::cout << wfsim::calibrate::staff_fit_report(fit);
        for (const auto& note : fit.notes) std::cout << "  note: " << note << "\n";
        std::cout << "Scenario written to " << output_path << "\n";
        return 0;
      }
      as_at = 0;
      const auto [end, ec] = std::from_chars(
          calibrate_as_at.data(), calibrate_as_at.data() + calibrate_as_at.size(), as_at);
      if (ec != std::errc{} || end != calibrate_as_at.data() + calibrate_as_at.size() ||
          as_at < 1900 || as_at > 2999)
        return usage("--as-at: with the DfE file, expected a reporting year such as 2019, got '" +
                     calibrate_as_at + "'");
      const auto data = wfsim::calibrate::DfeIndicators::read(data_path);
      const auto& area = data.council(council);
      wfsim::calibrate::CalibrateOptions options;
      options.as_at = as_at;
      options.horizon_months = calibrate_horizon;
      const auto pooled = wfsim::calibrate::pool_variation(data, as_at);
      const auto result = wfsim::calibrate::calibrate_council(data, area, pooled, options);
      // The scenario must load as written: a rule that wrote a number out of range is a bug
      // (calibrate refuses figures beyond what a scenario holds), not the user's to fix.
      try {
        wfsim::load_strategies_text(result.scenario, output_path);
      } catch (const wfsim::ScenarioError& e) {
        throw wfsim::InternalError(std::string("calibrate wrote a scenario that does not load: ") +
                                   e.what());
      }
      wfsim::AtomicOutput output(output_path, {data_path});
      on_signals(output, on_signal_end_now);
      write_text_file(output, [&](std::ostream& out) { out << result.scenario; });
      std::cout << result.report;
      for (const auto& note : result.notes) std::cout << "  note: " << note << "\n";
      std::cout << "Scenario written to " << output_path << "\n";
      return 0;
    }
    if (backtester->parsed()) {
      if (!backtest_all && backtest_councils.empty())
        throw wfsim::UserError("backtest: name a council with --council, or give --all");
      check_output_kind(backtest_csv_path, {".csv"}, "CSV");
      if (!backtest_html_path.empty())
        check_output_kind(backtest_html_path, {".html", ".htm"}, "an HTML page");
      const auto data = wfsim::calibrate::DfeIndicators::read(data_path);
      wfsim::AtomicOutput output(backtest_csv_path, {data_path});
      on_signals(output, on_signal_end_now);
      wfsim::calibrate::BacktestOptions options;
      options.as_at = as_at;
      options.councils = backtest_councils;
      options.replications = backtest_replications;
      options.seed = over.seed.empty() ? 1 : parse_seed(over.seed);
      options.threads = threads;
      wfsim::Progress progress(true);
      options.progress = [&](std::size_t done, std::size_t all) {
        progress.update(static_cast<std::int64_t>(done), static_cast<std::int64_t>(all));
      };
      const auto result = wfsim::calibrate::backtest(data, options);
      progress.clear();
      write_text_file(output,
                      [&](std::ostream& out) { out << wfsim::calibrate::backtest_csv(result); });
      std::cout << "Backtest: " << result.councils << " council"
                << (result.councils == 1 ? "" : "s") << " calibrated as at " << as_at
                << " and scored on the file's later years (" << backtest_replications
                << " replications each)\n"
                << wfsim::calibrate::backtest_summary(result);
      if (!result.skipped.empty()) {
        std::cout << result.skipped.size() << " council" << (result.skipped.size() == 1 ? "" : "s")
                  << " not calibrated:\n";
        for (const auto& s : result.skipped) std::cout << "  " << s << "\n";
      }
      std::cout << "Scores written to " << backtest_csv_path << "\n";
      if (!backtest_html_path.empty()) {
        wfsim::AtomicOutput page(backtest_html_path, {data_path, backtest_csv_path});
        on_signals(page, on_signal_end_now);
        write_text_file(page, [&](std::ostream& out) {
          out << wfsim::calibrate::backtest_html(result, data_path);
        });
        std::cout << "Chart written to " << backtest_html_path << "\n";
      }
      return 0;
    }
    if (check->parsed()) {
      const auto all = wfsim::load_strategies_file(scenario_path);
      const auto& sc = all.front();
      // What each replication draws: one value per uncertain segment, counted by the model.
      auto drawn = [](const wfsim::Scenario& s) {
        std::size_t uncertain = 0;
        for (const auto& p : s.parameters) uncertain += p.uncertain();
        const std::size_t values = wfsim::Model(s).drawn_count();
        return std::to_string(values) + " value" + (values == 1 ? "" : "s") +
               " drawn per replication, from " + std::to_string(uncertain) +
               " uncertain parameter" + (uncertain == 1 ? "" : "s");
      };
      std::cout << scenario_path << ": OK\n  " << sc.name << "\n  " << sc.stages.size()
                << " stages, " << sc.intakes.size() << " intakes, " << sc.establishment.size()
                << " establishment groups; " << sc.horizon_months << " months from "
                << sc.start.str() << ", " << sc.replications << " replications, seed " << sc.seed
                << "\n  base: " << drawn(sc) << "\n";
      wfsim::print_opening(std::cout, wfsim::Model(sc), wfsim::opening_position(wfsim::Model(sc)));
      for (std::size_t k = 1; k < all.size(); ++k)
        std::cout << "  strategy " << all[k].strategy
                  << (all[k].strategy_description.empty() ? "" : ": " + all[k].strategy_description)
                  << "\n    " << drawn(all[k]) << "\n";
      return 0;
    }
    if (reporter->parsed()) {
      const wfsim::ResultsReader results(results_path);
      if (report_path.empty())
        report_path = std::filesystem::path(results_path).replace_extension(".html").string();
      check_output_kind(report_path, {".html", ".htm"}, "an HTML report");
      wfsim::AtomicOutput output(report_path, {results_path});
      on_signals(output, on_signal_end_now);
      write_text_file(output, [&](std::ostream& out) { wfsim::write_report(results, out); });
      std::cout << "Report written to " << report_path << "\n";
      return 0;
    }
    if (sweeper->parsed()) {
      const auto all = wfsim::load_strategies_file(scenario_path);
      const wfsim::Scenario* sc = &strategy_named(all, sweep_strategy);
      // The output checked and started before the work: an input named as the output, or a
      // folder that cannot be written, is reported at once, not after the sweep.
      std::optional<wfsim::AtomicOutput> output;
      if (!sweep_csv.empty()) {
        check_output_kind(sweep_csv, {".csv"}, "CSV");
        output.emplace(sweep_csv, std::vector<std::string>{scenario_path});
        on_signals(*output, on_signal_end_now);
      }
      const std::int64_t reps = sweep_replications > 0 ? sweep_replications : sc->replications;
      wfsim::Progress progress(true);
      const auto result =
          wfsim::run_sweep(*sc, reps, threads, [&](std::size_t done, std::size_t all) {
            progress.update(static_cast<std::int64_t>(done), static_cast<std::int64_t>(all));
          });
      progress.clear();
      std::cout << sc->name << ": sweep at the end of the horizon (" << reps
                << " replications a point, the same futures at every point)\n";
      wfsim::print_sweep(std::cout, result);
      if (output)
        write_text_file(*output, [&](std::ostream& out) { wfsim::write_sweep_csv(out, result); });
      return 0;
    }
    if (seeker->parsed()) {
      const auto all = wfsim::load_strategies_file(scenario_path);
      const wfsim::Scenario* sc = &strategy_named(all, seek_strategy);
      seek.low = seek_range[0];
      seek.high = seek_range[1];
      seek.whole = !seek_real;
      if (!seek_from.empty()) {
        const auto m = wfsim::YearMonth::parse(seek_from);
        if (!m)
          throw wfsim::UserError("--from: expected a month as YYYY-MM, got '" + seek_from + "'");
        seek.lever_from = (m->year - sc->start.year) * 12 + (m->month - sc->start.month);
        if (seek.lever_from < 0) throw wfsim::UserError("--from is before the scenario's start");
      }
      std::cout << "Least " << seek.lever << " in [" << seek.low << ", " << seek.high
                << "] giving at least a " << 100 * seek.chance << "% chance of " << seek.target
                << " by " << seek.when << " (" << seek.replications
                << " replications a trial, the same futures each time):\n";
      const auto result = wfsim::goal_seek(*sc, seek, [&](int, double v, double p) {
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
    if (comparer->parsed()) {
      const wfsim::ResultsReader results(results_path);
      const auto comparisons = wfsim::compare_strategies(results, compare_at);
      if (comparisons.empty()) {
        std::cout << results_path << " holds no strategy besides the base: nothing to compare\n";
        return 0;
      }
      wfsim::print_comparisons(std::cout, comparisons);
      return 0;
    }
    if (exporter->parsed()) {
      if (export_dfe + export_xlsx + export_spend > 1) {
        std::cerr << "wfsim: error: export: give one of --dfe, --xlsx and --spend (wfsim export "
                     "--help)\n";
        return EXIT_USAGE;
      }
      const wfsim::ResultsReader results(results_path);
      const std::string ext = export_xlsx ? ".xlsx" : ".csv";
      if (csv_path.empty())
        csv_path = std::filesystem::path(results_path).replace_extension(ext).string();
      check_output_kind(csv_path, {ext}, export_xlsx ? "an Excel workbook" : "CSV");
      wfsim::AtomicOutput output(csv_path, {results_path});
      on_signals(output, on_signal_end_now);
      if (export_xlsx) {
        wfsim::write_workbook(results, wfsim::finance_tables(results), output.temp_path());
        output.commit();
        std::cout << "Workbook written to " << csv_path << "\n";
        return 0;
      }
      write_text_file(output, [&](std::ostream& out) {
        if (export_dfe) {
          wfsim::export_dfe_csv(results, out);
          return;
        }
        if (export_spend) {
          wfsim::write_spend_csv(wfsim::finance_tables(results), out);
          return;
        }
        wfsim::export_csv(results, out);
        wfsim::export_comparisons_csv(results, out);
      });
      std::cout << (export_spend ? "Spend table written to " : "Summaries written to ") << csv_path
                << "\n";
      return 0;
    }
    if (expected->parsed()) {
      for (const auto& sc : load(scenario_path, over)) {
        const wfsim::Model model(sc);
        const auto projection = wfsim::expected_projection(model);
        wfsim::print_expected(std::cout, model, projection.values);
        if (!projection.exact)
          std::cout << "  (with recruitment into vacancies or uncertain parameters this is the "
                       "path at mean parameters with fluid recruitment, not the exact mean)\n";
      }
      return 0;
    }

    // run: the base scenario and every strategy, each into its own group of one file.
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<wfsim::Scenario> all = load(scenario_path, over);
    const wfsim::Scenario& base = all.front();
    if (output_path.empty())
      output_path = std::filesystem::path(scenario_path).stem().string() + ".h5";
    check_output_kind(output_path, {".h5", ".hdf5", ".he5", ".nc"}, "an HDF5 results file");
    wfsim::AtomicOutput output(output_path, {scenario_path});
    on_signals(output, on_signal);

    std::vector<std::string> names;
    for (const auto& sc : all) names.push_back(sc.strategy);
    const wfsim::Provenance prov{command_line(argc, argv), base.replications, base.seed,
                                 base.horizon_months};
    try {
      wfsim::ResultsFile file(output.temp_path(), base, prov, names);
      wfsim::RunOptions options;
      options.replications = base.replications;
      options.seed = base.seed;
      options.threads = threads;
      options.stop = &stop_requested;
      const std::int64_t total = static_cast<std::int64_t>(all.size()) * base.replications;
      for (std::size_t k = 0; k < all.size(); ++k) {
        const wfsim::Model model(all[k]);
        wfsim::ResultsWriter writer(file, model, base.replications, !summary_only,
                                    options.block_size);
        wfsim::Progress progress(!quiet);
        const std::int64_t before = static_cast<std::int64_t>(k) * base.replications;
        options.progress = [&](std::int64_t done, std::int64_t) {
          progress.update(before + done, total);
        };
        const wfsim::Summary summary = wfsim::run_replications(model, options, &writer);
        progress.clear();
        writer.finish(summary, wfsim::expected_projection(model));
        if (!quiet) wfsim::print_summary(std::cout, model, summary);
      }
      // Closing reads the whole file back for its seal: not for a file about to be removed.
      if (stop_requested) throw wfsim::Interrupted();
      file.close();
    } catch (const wfsim::InternalError&) {
      // A write the system refused (disk full, file too large) is not a bug in wfsim.
      const std::string reason = wfsim::results_write_failure(output.temp_path());
      if (reason.empty()) throw;
      throw wfsim::UserError("cannot write '" + output_path + "': " + reason);
    }
    if (stop_requested) throw wfsim::Interrupted();
    output.commit();
    temp_path_for_signal[0] = 0;

    if (!quiet) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double mb = static_cast<double>(std::filesystem::file_size(output_path)) / 1e6;
      std::printf("Results: %s (%.1f MB, %zu strateg%s), written in %.1f s on %d threads.\n",
                  output_path.c_str(), mb, all.size(), all.size() == 1 ? "y" : "ies", secs,
                  wfsim::resolve_threads(threads));
    }
    return 0;
  } catch (const wfsim::UserError& e) {
    std::cerr << "wfsim: error: " << e.what() << "\n";
    return EXIT_USER_ERROR;
  } catch (const wfsim::Interrupted&) {
    std::cerr << "\nwfsim: interrupted; no results file was written\n";
    return 128 + (stop_signal ? stop_signal : SIGINT);  // the shell's convention: 130 for Ctrl-C
  } catch (const std::filesystem::filesystem_error& e) {
    // A file or folder the system refused: the user's to fix, with the system's reason.
    std::cerr << "wfsim: error: " << e.what() << "\n";
    return EXIT_USER_ERROR;
  } catch (const std::bad_alloc&) {
    std::cerr << "wfsim: error: out of memory; try fewer replications, a shorter horizon or "
                 "--summary-only\n";
    return EXIT_USER_ERROR;
  } catch (const std::exception& e) {
    std::cerr << "wfsim: internal error (a bug in wfsim, please report it): " << e.what() << "\n";
    return EXIT_INTERNAL_ERROR;
  } catch (...) {
    std::cerr << "wfsim: internal error (a bug in wfsim, please report it): an unknown exception\n";
    return EXIT_INTERNAL_ERROR;
  }
}
