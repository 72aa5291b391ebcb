// Fuzz target: bytes as a scenario file. A refusal (UserError) is the right answer to a bad
// scenario; anything else that escapes (an InternalError, a crash, a sanitizer report) is
// a bug. A scenario that loads is built into a model and projected, and a small one is
// simulated for a replication, so that values the loader lets through are exercised too.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "wfsim/errors.hpp"
#include "wfsim/model/expected.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/scenario/load.hpp"

namespace {

//! The largest value a parameter's segments name (enough to tell a small scenario).
double largest(const wfsim::Parameter& p) {
  double top = 0;
  for (const auto& seg : p.segments) top = std::max({top, seg.value.a, seg.value.b, seg.value.c});
  return top;
}

//! Whether one replication is cheap enough to run on every fuzz input.
bool small(const wfsim::Scenario& sc) {
  double people = 0;
  for (const auto& st : sc.stages) people += st.headcount;
  for (const auto& in : sc.intakes) people += largest(sc.parameters[in.size]) * 4;
  for (const auto& g : sc.establishment) people += largest(sc.parameters[g.fte]) * 2;
  return people <= 60;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<wfsim::Scenario> all;
  try {
    all = wfsim::load_strategies_text(text, "fuzz.yaml");
  } catch (const wfsim::UserError&) {
    return 0;
  }
  for (auto& sc : all) {
    sc.horizon_months = std::min(sc.horizon_months, 24);  // as --horizon would
    const wfsim::Model model(sc);
    // Projecting and simulating take a second or more for a council-sized scenario under
    // the sanitizers: only small ones, so that the fuzzer tries thousands of inputs.
    if (small(sc)) {
      wfsim::expected_projection(model);
      std::vector<double> out(model.layout().values_per_replication());
      model.simulate(sc.seed, 0, out);
    }
  }
  return 0;
}
