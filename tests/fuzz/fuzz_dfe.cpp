// Fuzz target: bytes as a DfE indicator file. A refusal (UserError) is the right answer to a
// bad file or one calibration cannot use; anything else that escapes (an InternalError, a
// crash, a sanitizer report) is a bug. A file that reads is pooled and its first council
// calibrated as at its latest year, as `wfsim calibrate` does; the scenario written must then
// load and build a model, since calibrate promises a scenario that loads as written.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "wfsim/calibrate/calibrate.hpp"
#include "wfsim/calibrate/csv.hpp"
#include "wfsim/calibrate/dfe_indicators.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wfsim::calibrate;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<DfeIndicators> file;
  try {
    file.emplace(DfeIndicators::from_table(read_csv(text, "fuzz.csv")));
  } catch (const wfsim::UserError&) {
    return 0;
  }
  const auto councils = file->councils();
  if (councils.empty() || councils.front()->years.empty()) return 0;
  const Area& council = *councils.front();
  CalibrateOptions options;
  options.as_at = council.years.rbegin()->first;
  options.horizon_months = 24;
  Calibration calibration;
  try {
    const PooledVariation pooled = pool_variation(*file, options.as_at);
    calibration = calibrate_council(*file, council, pooled, options);
  } catch (const wfsim::UserError&) {
    return 0;
  }
  try {
    const auto all = wfsim::load_strategies_text(calibration.scenario, "calibrated.yaml");
    const wfsim::Model model(all.front());
  } catch (const wfsim::UserError& e) {
    std::fprintf(stderr, "calibrate wrote a scenario that does not load: %s\n%s\n", e.what(),
                 calibration.scenario.c_str());
    std::abort();
  }
  return 0;
}
