// wfsim new: a commented starter scenario from the figures every council knows.
#include <cctype>
#include <filesystem>
#include <iostream>

#include "../cli.hpp"
#include "commands.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"
#include "wfsim/scenario/starter.hpp"

namespace wfsim::app {

namespace {

class NewCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cli_ = app.add_subcommand(
        "new",
        "Write a commented starter scenario from a council's figures today (FTE in post, "
        "vacancies, agency FTE, turnover); each number is marked given or typical");
    // The defaults shown are the option's own values: StarterOptions' typical figures.
    cli_->add_option("--council", o_.council, "Council's name")->capture_default_str();
    cli_->add_option("--start", start_, "First month to project, YYYY-MM")->capture_default_str();
    cli_->add_option("--fte", o_.fte_in_post, "Qualified social workers in post, FTE")
        ->capture_default_str();
    cli_->add_option("--vacancies", o_.vacancies,
                     "Vacant FTE (the establishment is in post + vacancies)")
        ->capture_default_str();
    cli_->add_option("--agency", o_.agency_fte, "Agency FTE today")->capture_default_str();
    cli_->add_option("--turnover", o_.turnover,
                     "Leavers in a year / average FTE, as a share (0.16 for 16%)")
        ->capture_default_str();
    cli_->add_option("--nqsw-share", o_.nqsw_share,
                     "Share of those in post in their ASYE year; also the yearly intake")
        ->capture_default_str();
    cli_->add_option("--salary", o_.salary, "A social worker's salary, GBP a year")
        ->capture_default_str();
    cli_->add_option("--agency-cost", o_.agency_cost, "GBP a year per agency FTE, all in")
        ->capture_default_str();
    add_output_option(*cli_, path_,
                      "Scenario file to write (default: the council's name, e.g. "
                      "our_council.yaml); an existing file is kept unless --force");
    cli_->add_flag("--force", force_, "Replace the output file if it exists");
    add_quiet_flag(*cli_, quiet_);
  }

  int run() override {
    const auto start = YearMonth::parse(start_);
    if (!start)
      throw usage_error("new", "--start: expected a month as YYYY-MM, got '" + start_ + "'");
    o_.start = *start;
    if (path_.empty()) path_ = file_name(o_.council) + ".yaml";
    check_output_kind(path_, {".yaml", ".yml"}, "a scenario (YAML)");
    // A scenario is edited by hand: never write over one unasked.
    if (!force_ && std::filesystem::exists(path_))
      throw UserError("'" + path_ +
                      "' exists: give another name with -o, or --force to replace it");
    const std::string text = starter_scenario(o_);
    // What new writes must load as it is; a starter that does not is a bug, not the user's.
    try {
      load_strategies_text(text, path_);
    } catch (const ScenarioError& e) {
      throw InternalError(std::string("new wrote a scenario that does not load: ") + e.what());
    }
    AtomicOutput output(path_, {});
    on_signals(output, on_signal_end_now);
    write_text_file(output, [&](std::ostream& out) { out << text; });
    if (!quiet_)
      std::cout << "Scenario written to " << path_ << ": replace the numbers marked [typical], "
                << "then wfsim check " << path_ << "\n";
    return 0;
  }

 private:
  //! The council's name as a file name: lower case, letters and digits, words joined by _.
  static std::string file_name(const std::string& council) {
    std::string name;
    for (unsigned char c : council) {
      if (std::isalnum(c))
        name += static_cast<char>(std::tolower(c));
      else if (!name.empty() && name.back() != '_')
        name += '_';
    }
    while (!name.empty() && name.back() == '_') name.pop_back();
    return name.empty() ? "scenario" : name;
  }

  StarterOptions o_;
  std::string start_ = StarterOptions{}.start.str(), path_;
  bool force_ = false, quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_new_command() {
  return std::make_unique<NewCommand>();
}

}  // namespace wfsim::app
