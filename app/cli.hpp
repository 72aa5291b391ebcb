#pragma once
// What the subcommands of the wfsim program share: exit codes, the handling of Ctrl-C and
// SIGTERM, the options several commands take, and the checks and messages of the command line.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "wfsim/model/scenario.hpp"
#include "wfsim/output/results_file.hpp"

namespace wfsim::app {

inline constexpr int EXIT_USER_ERROR = 1;
inline constexpr int EXIT_USAGE = 2;
inline constexpr int EXIT_INTERNAL_ERROR = 3;

//! A mistake of the command line that CLI11 cannot see (options that do not go together),
//! found before any file is read: exit 2, like CLI11's own. The message is complete.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A UsageError of `command`: "calibrate: what (wfsim help calibrate)".
UsageError usage_error(const std::string& command, const std::string& what);

// ---------------------------------------------------------------------------------------------
// Ctrl-C and SIGTERM

//! Set by the first Ctrl-C (or SIGTERM) under on_signal: the run stops between blocks.
extern std::atomic<bool> stop_requested;

//! The signal that asked the run to stop, 0 if none did.
int stop_signal();

//! The handler for commands that can stop part-way: the first signal asks them to stop, a
//! second ends the program at once.
extern "C" void on_signal(int sig);

//! The handler for commands that cannot stop part-way: ends the program at once.
extern "C" void on_signal_end_now(int sig);

//! Has Ctrl-C and SIGTERM go to `handler`, telling it `output`'s temporary file to remove.
void on_signals(const AtomicOutput& output, void (*handler)(int));

//! Tells the handlers there is no temporary file any more (it has been renamed into place).
void forget_temporary_file();

// ---------------------------------------------------------------------------------------------
// The options several commands take: each spelt and described here once.

//! The scenario's own settings that the command line may override; 0 or "" for none.
struct ScenarioOverrides {
  std::int64_t replications = 0;
  std::string seed;  // validated by parse_seed
  int horizon = 0;
};

//! `--output,-o`: the file the command writes; `what` describes it and its default.
CLI::Option* add_output_option(CLI::App& cmd, std::string& path, const std::string& what);
//! `--threads,-t`: threads to use, 0 for all cores.
CLI::Option* add_threads_option(CLI::App& cmd, int& threads);
//! `--quiet,-q`: print nothing but errors.
CLI::Option* add_quiet_flag(CLI::App& cmd, bool& quiet);
//! `--replications,-n` from `least` to `most`; `what` says what each counts for.
CLI::Option* add_replications_option(CLI::App& cmd, std::int64_t& replications,
                                     const std::string& what, std::int64_t least,
                                     std::int64_t most);
//! `--seed`, validated later by parse_seed; `what` gives its default.
CLI::Option* add_seed_option(CLI::App& cmd, std::string& seed, const std::string& what);
//! `--at`: the month, YYYY-MM, a command reports at; `what` says more (the default).
CLI::Option* add_at_option(CLI::App& cmd, std::string& at, const std::string& what);
//! `--horizon`: months to project, from 1 to 1200; `what` gives its default.
CLI::Option* add_horizon_option(CLI::App& cmd, int& horizon, const std::string& what);
//! The scenario file, required, and the options overriding its replications, seed and
//! horizon.
void add_scenario_overrides(CLI::App& cmd, std::string& scenario_path, ScenarioOverrides& over);

//! Parses a seed as the scenario loader does: a whole number from 0 to 2^64 - 1.
std::uint64_t parse_seed(const std::string& text);

//! The month index of `month` (YYYY-MM) in `scenario`, for option `option`: refuses anything
//! else and a month before the start.
int month_index(const Scenario& scenario, const std::string& month, const std::string& option);

//! The base scenario and its strategies, with the command line's overrides.
std::vector<Scenario> load_with_overrides(const std::string& path, const ScenarioOverrides& over);

// ---------------------------------------------------------------------------------------------
// Files written and names looked up

//! A stream that discards what is written to it: stdout under --quiet.
std::ostream& null_stream();

//! Writes a text file into `output`'s temporary file and renames it into place when
//! complete.
void write_text_file(AtomicOutput& output, const std::function<void(std::ostream&)>& write);

//! The extension of `path` in lower case, with its dot: ".h5".
std::string lower_extension(const std::string& path);

//! Refuses an output name whose extension says another kind of file than the command
//! writes (`run -o out.csv` would put HDF5 under a CSV name).
void check_output_kind(const std::string& path, const std::vector<std::string>& allowed,
                       const std::string& kind);

//! The scenario named `name` among `all`, or a message with the near miss.
const Scenario& strategy_named(const std::vector<Scenario>& all, const std::string& name);

//! The message for a command line naming no command `word` gives: the nearest command, or
//! for a file, the commands that read that kind of file.
std::string unknown_command(const std::string& word, const std::vector<std::string>& commands);

//! The message for an option that `cmd` does not take, naming the nearest one it does;
//! "" when no argument left over is an option.
std::string unknown_option(const CLI::App& cmd, const std::vector<std::string>& left_over);

}  // namespace wfsim::app
