#pragma once
// A first reading of a scenario's YAML by libyaml, the YAML project's own C parser, before
// yaml-cpp builds its tree. yaml-cpp 0.7 loops for ever, taking all memory, on some text
// that is not YAML (a document starting with ','), and libyaml, fuzzed for years, refuses
// such text cleanly, with the place of the problem.
#include <string>

namespace wfsim {

//! Throws a ScenarioError at the first syntax error in `text` (named `source` in messages).
void check_yaml_syntax(const std::string& text, const std::string& source);

}  // namespace wfsim
