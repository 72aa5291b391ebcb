#pragma once
//! Reads a scenario from YAML into the plain Scenario structs. Every problem is reported as
//! a ScenarioError whose message names the file, line and column, the key path, what was
//! expected and, for a misspelt key, the likely intended one.
#include <string>
#include <vector>

#include "wfsim/model/scenario.hpp"

namespace wfsim {

//! Loads and validates the scenario in the file at `path`: the base, with its policy
//! timeline (`changes`) applied and no strategy.
Scenario load_scenario_file(const std::string& path);
//! Loads and validates a scenario from `text`; `source` names it in messages.
Scenario load_scenario_text(const std::string& text, const std::string& source);
//! The base scenario followed by one scenario per strategy, each the base with the
//! strategy's changes applied on top.
std::vector<Scenario> load_strategies_file(const std::string& path);
std::vector<Scenario> load_strategies_text(const std::string& text, const std::string& source);

//! The closest of `candidates` to `word` if it is near enough to be a likely typo, else "".
std::string near_miss(const std::string& word, const std::vector<std::string>& candidates);
//! The end of a message refusing `word`: "; did you mean 'x'?" for a likely typo of one
//! of `names`, else "; choose from a, b, c" ("" if there are none).
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names);

//! The paths a lever may name in `scenario`: every parameter's, a banded one's once
//! (`stages.social_worker.leaving_rate` for all its tenure bands).
std::vector<std::string> lever_paths(const Scenario& scenario);
//! The parameters a lever at `path` sets, as indices into `scenario.parameters`: the one at
//! that path, or every band of a banded one (`path[0]`, `path[1]`, ...). Throws UserError
//! naming the nearest path when it names none.
std::vector<std::size_t> lever_parameters(const Scenario& scenario, const std::string& path);

}  // namespace wfsim
