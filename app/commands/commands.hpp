#pragma once
// The subcommands of the wfsim program, one file each in this folder.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace wfsim::app {

//! A subcommand: its options, kept here while the command line is parsed, and its work.
class Command {
 public:
  virtual ~Command() = default;
  //! Adds the subcommand and its options to `app`.
  virtual void add_to(CLI::App& app) = 0;
  //! Does the work the parsed command line asks for; returns the exit code. Problems are
  //! thrown (UserError and the like) for main to report.
  virtual int run() = 0;
  //! Whether the command line named this command.
  bool chosen() const { return cli_ != nullptr && cli_->parsed(); }

 protected:
  CLI::App* cli_ = nullptr;
};

//! `wfsim run`; `command_line` is recorded in the results file's provenance.
std::unique_ptr<Command> make_run_command(std::string command_line);
//! `wfsim new`.
std::unique_ptr<Command> make_new_command();
//! `wfsim check`.
std::unique_ptr<Command> make_check_command();
//! `wfsim export`.
std::unique_ptr<Command> make_export_command();
//! `wfsim compare`.
std::unique_ptr<Command> make_compare_command();
//! `wfsim seek`.
std::unique_ptr<Command> make_seek_command();
//! `wfsim sweep`.
std::unique_ptr<Command> make_sweep_command();
//! `wfsim report`.
std::unique_ptr<Command> make_report_command();
//! `wfsim expected`.
std::unique_ptr<Command> make_expected_command();
//! `wfsim calibrate`.
std::unique_ptr<Command> make_calibrate_command();
//! `wfsim backtest`.
std::unique_ptr<Command> make_backtest_command();

}  // namespace wfsim::app
