// wfsim: the command-line program. It builds the command line from the subcommands in
// commands/, runs the one named, and is the only place where errors are caught and turned
// into messages and exit codes.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands/commands.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/version.hpp"

namespace {

using namespace wfsim::app;

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

  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(make_run_command(command_line(argc, argv)));
  commands.push_back(make_new_command());
  commands.push_back(make_check_command());
  commands.push_back(make_export_command());
  commands.push_back(make_compare_command());
  commands.push_back(make_seek_command());
  commands.push_back(make_sweep_command());
  commands.push_back(make_report_command());
  commands.push_back(make_expected_command());
  commands.push_back(make_calibrate_command());
  commands.push_back(make_backtest_command());
  for (auto& command : commands) command->add_to(app);

  // `wfsim help [command]` is `wfsim [command] --help`.
  std::vector<char*> args(argv, argv + argc);
  char help_flag[] = "--help";
  if (args.size() > 1 && std::strcmp(args[1], "help") == 0) {
    args.erase(args.begin() + 1);
    args.push_back(help_flag);
  }
  // A mistyped command: name the nearest one rather than CLI11's "arguments not expected".
  if (args.size() > 1 && args[1][0] != '-') {
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
      names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), args[1]) == names.end()) {
      std::cerr << "wfsim: error: " << unknown_command(args[1], names) << "\n";
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
    for (auto& command : commands)
      if (command->chosen()) return command->run();
    throw wfsim::InternalError("no command was chosen");
  } catch (const UsageError& e) {
    std::cerr << "wfsim: error: " << e.what() << "\n";
    return EXIT_USAGE;
  } catch (const wfsim::UserError& e) {
    std::cerr << "wfsim: error: " << e.what() << "\n";
    return EXIT_USER_ERROR;
  } catch (const wfsim::Interrupted&) {
    std::cerr << "\nwfsim: interrupted; no results file was written\n";
    // The shell's convention: 130 for Ctrl-C.
    return 128 + (stop_signal() ? stop_signal() : SIGINT);
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
