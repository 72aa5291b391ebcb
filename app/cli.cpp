#include "cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"
#include "wfsim/year_month.hpp"

namespace wfsim::app {

UsageError usage_error(const std::string& command, const std::string& what) {
  return UsageError(command + ": " + what + " (wfsim help " + command + ")");
}

// ---------------------------------------------------------------------------------------------
// Ctrl-C and SIGTERM

std::atomic<bool> stop_requested{false};

namespace {

volatile std::sig_atomic_t signal_received = 0;
char temp_path_for_signal[4096] = {0};

}  // namespace

int stop_signal() {
  return signal_received;
}

extern "C" void on_signal(int sig) {
  // The first Ctrl-C (or SIGTERM) stops the run between replications and cleans up; a
  // second one ends it at once, removing the temporary file (unlink is async-signal-safe).
  if (stop_requested.exchange(true)) {
    if (temp_path_for_signal[0]) ::unlink(temp_path_for_signal);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  signal_received = sig;
}

extern "C" void on_signal_end_now(int sig) {
  // For commands that have no way to stop part-way: end at once, without the temporary file.
  if (temp_path_for_signal[0]) ::unlink(temp_path_for_signal);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void on_signals(const AtomicOutput& output, void (*handler)(int)) {
  if (output.temp_path().size() < sizeof temp_path_for_signal)
    std::strcpy(temp_path_for_signal, output.temp_path().c_str());
  std::signal(SIGINT, handler);
  std::signal(SIGTERM, handler);
}

void forget_temporary_file() {
  temp_path_for_signal[0] = 0;
}

// ---------------------------------------------------------------------------------------------
// The options several commands take

CLI::Option* add_output_option(CLI::App& cmd, std::string& path, const std::string& what) {
  return cmd.add_option("--output,-o", path, what);
}

CLI::Option* add_threads_option(CLI::App& cmd, int& threads) {
  return cmd.add_option("--threads,-t", threads, "Threads to use (default: all cores)")
      ->check(CLI::Range(1, 1024));
}

CLI::Option* add_quiet_flag(CLI::App& cmd, bool& quiet) {
  return cmd.add_flag("--quiet,-q", quiet, "Print nothing but errors");
}

CLI::Option* add_replications_option(CLI::App& cmd, std::int64_t& replications,
                                     const std::string& what, std::int64_t least,
                                     std::int64_t most) {
  return cmd.add_option("--replications,-n", replications, what)->check(CLI::Range(least, most));
}

CLI::Option* add_seed_option(CLI::App& cmd, std::string& seed, const std::string& what) {
  return cmd.add_option("--seed", seed, what);
}

CLI::Option* add_at_option(CLI::App& cmd, std::string& at, const std::string& what) {
  return cmd.add_option("--at", at, what);
}

CLI::Option* add_horizon_option(CLI::App& cmd, int& horizon, const std::string& what) {
  return cmd.add_option("--horizon", horizon, what)->check(CLI::Range(1, 1200));
}

void add_scenario_overrides(CLI::App& cmd, std::string& scenario_path, ScenarioOverrides& over) {
  cmd.add_option("scenario", scenario_path, "Scenario file (YAML)")->required();
  add_replications_option(cmd, over.replications, "Number of replications (overrides the scenario)",
                          1, 1'000'000'000);
  add_seed_option(cmd, over.seed, "Random seed (overrides the scenario)");
  add_horizon_option(cmd, over.horizon, "Months to project (overrides the scenario)");
}

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    throw UserError("--seed: expected a whole number from 0 to 18446744073709551615, got '" + text +
                    "'");
  return value;
}

int month_index(const Scenario& scenario, const std::string& month, const std::string& option) {
  const auto m = YearMonth::parse(month);
  if (!m) throw UserError(option + ": expected a month as YYYY-MM, got '" + month + "'");
  const int t = (m->year - scenario.start.year) * 12 + (m->month - scenario.start.month);
  if (t < 0) throw UserError(option + " is before the scenario's start");
  return t;
}

std::vector<Scenario> load_with_overrides(const std::string& path, const ScenarioOverrides& over) {
  std::vector<Scenario> all = load_strategies_file(path);
  for (auto& sc : all) {
    if (over.replications > 0) sc.replications = over.replications;
    if (!over.seed.empty()) sc.seed = parse_seed(over.seed);
    if (over.horizon > 0) sc.horizon_months = over.horizon;
  }
  return all;
}

// ---------------------------------------------------------------------------------------------
// Files written and names looked up

std::ostream& null_stream() {
  // With no buffer a stream fails every write quietly: nothing is written anywhere.
  static std::ostream discard(nullptr);
  return discard;
}

void write_text_file(AtomicOutput& output, const std::function<void(std::ostream&)>& write) {
  const std::string& path = output.path();
  {
    std::ofstream out(output.temp_path());
    write(out);
    errno = 0;
    out.close();
    if (!out)
      throw UserError("cannot write '" + path +
                      "': " + (errno ? std::strerror(errno) : "write error"));
  }
  output.commit();
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

void check_output_kind(const std::string& path, const std::vector<std::string>& allowed,
                       const std::string& kind) {
  static const std::vector<std::string> KNOWN = {".h5",   ".hdf5", ".he5",  ".nc",  ".csv",  ".tsv",
                                                 ".html", ".htm",  ".yaml", ".yml", ".json", ".txt",
                                                 ".xlsx", ".xls",  ".pdf",  ".md",  ".xml"};
  const std::string ext = lower_extension(path);
  if (std::find(KNOWN.begin(), KNOWN.end(), ext) == KNOWN.end()) return;
  if (std::find(allowed.begin(), allowed.end(), ext) != allowed.end()) return;
  throw UserError("'" + path + "': this command writes " + kind + ", not a " + ext +
                  " file; name it with " + allowed.front());
}

const Scenario& strategy_named(const std::vector<Scenario>& all, const std::string& name) {
  std::vector<std::string> names;
  for (const auto& sc : all) {
    if (sc.strategy == name) return sc;
    names.push_back(sc.strategy);
  }
  throw UserError("no strategy called '" + name + "'" + did_you_mean(name, names));
}

std::string unknown_command(const std::string& word, const std::vector<std::string>& commands) {
  const std::string ext = lower_extension(word);
  std::string hint;
  if (ext == ".yaml" || ext == ".yml")
    hint = "; to run this scenario: wfsim run " + word;
  else if (ext == ".h5" || ext == ".hdf5" || ext == ".he5" || ext == ".nc")
    hint = "; to use this results file: wfsim report " + word + " (or export, compare)";
  else
    hint = did_you_mean(word, commands);
  return "unknown command '" + word + "'" + hint + " (wfsim --help lists them)";
}

std::string unknown_option(const CLI::App& cmd, const std::vector<std::string>& left_over) {
  for (const std::string& arg : left_over) {
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::string name = arg.substr(0, arg.find('='));
    // Long names only: any one-letter option is one edit from any other.
    std::vector<std::string> options;
    for (const CLI::Option* o : cmd.get_options())
      for (const auto& l : o->get_lnames()) options.push_back("--" + l);
    const std::string command = cmd.get_parent() ? "wfsim " + cmd.get_name() : "wfsim";
    return command + " has no option '" + name + "'" + did_you_mean(name, options) + " (" +
           command + " --help lists them)";
  }
  return "";
}

}  // namespace wfsim::app
