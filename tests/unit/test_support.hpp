#pragma once
// Helpers shared by the unit tests.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "wfsim/errors.hpp"
#include "wfsim/model/expected.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/output/results_file.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::test {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

//! `text` with the first `from` replaced by `to`; throws if `from` is not there, so that a
//! test cannot quietly run on the text unchanged.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("test text has no '" + from + "'");
  return text.replace(at, from.size(), to);
}

inline Scenario load_data(const std::string& name) {
  return load_scenario_file(std::string(WFSIM_TEST_DATA) + "/" + name);
}

//! True if `a` and `b` hold the same doubles bit for bit (NaN, an undefined result, equals
//! itself here, as it should when asking whether two runs agree).
inline bool identical(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}
inline bool identical(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

//! The message of the UserError that `f` throws, or "" if it throws none.
template <class F>
std::string refusal(F f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

//! The value of a parameter that is one fixed number.
inline double fixed(const Scenario& sc, ParamId id) {
  return sc.parameters.at(id).segments.at(0).value.a;
}

//! Keeps every replication's results, in the order the runner delivers them.
class CaptureSink : public ResultSink {
 public:
  void write_block(std::int64_t first, std::int64_t count, std::span<const double> values,
                   const ParallelFor&) override {
    firsts.push_back(first);
    counts.push_back(count);
    all.insert(all.end(), values.begin(), values.end());
  }
  std::vector<std::int64_t> firsts, counts;
  std::vector<double> all;
};

//! Runs the base and every strategy of `all` into one results file at `path`, as wfsim run
//! does: `replications` each, on the same draws.
inline void write_results(const std::vector<Scenario>& all, const std::string& path,
                          std::int64_t replications, bool trajectories) {
  std::vector<std::string> names;
  for (const auto& sc : all) names.push_back(sc.strategy);
  Provenance prov{"test", replications, all[0].seed, all[0].horizon_months};
  ResultsFile file(path, all[0], prov, names);
  for (const Scenario& sc : all) {
    const Model model(sc);
    RunOptions options;
    options.replications = replications;
    options.seed = sc.seed;
    ResultsWriter writer(file, model, replications, trajectories, options.block_size);
    writer.finish(run_replications(model, options, &writer), expected_projection(model));
  }
  file.close();
}

//! A fresh empty folder under the system's temporary folder.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("wfsim_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace wfsim::test
