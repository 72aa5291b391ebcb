// Fuzz target: bytes as a scenario file. A refusal (UserError) is the right answer to a bad
// scenario; anything else that escapes (an InternalError, a crash, a sanitizer report) is
// a bug. A scenario that loads is built into a model and projected, and a small one is
// simulated for a replication, so that values the loader lets through are exercised too.
#include <algorithm>
#include <cmath>
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

//! Whether one replication is cheap enough to run on every fuzz input: people, locums and
//! recruits at the most the scenario can ask for within two years, a parameter that moves
//! from year to year counting at the top of its range.
bool small(const wfsim::Scenario& sc) {
  auto top = [&](wfsim::ParamId id) {
    if (id < 0) return 0.0;
    for (const auto& v : sc.yearly_variation)
      if (std::find(v.parameters.begin(), v.parameters.end(), id) != v.parameters.end())
        return sc.parameters[id].high;
    return largest(sc.parameters[id]);
  };
  double people = 0;
  for (const auto& st : sc.stages) people += st.headcount;
  for (const auto& in : sc.intakes) people += top(in.size) * 4;
  for (const auto& g : sc.establishment) {
    const double grown = std::pow(1 + std::max(0.0, top(g.annual_growth)), 2);
    people += (top(g.fte) + top(g.above_establishment)) * grown * 2;
    people += g.opening_agency_fte + top(g.other_agency_fte);
  }
  // Funded posts that follow the cases can be any number.
  return people <= 60 && !(sc.demand.enabled && sc.demand.establishment_group >= 0);
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
