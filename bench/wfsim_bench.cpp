// Benchmark: replication-months per second for a scenario at 1 thread and at all threads,
// with and without writing the results file, and the share of wall time spent writing.
// Not a test: it asserts nothing, it measures.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "wfsim/model/expected.hpp"
#include "wfsim/output/results_file.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"

namespace {

struct Measure {
  double wall = 0, write = 0, summary = 0;
  double mb = 0;
};

Measure measure(const wfsim::Model& model, std::int64_t reps, int threads, bool write,
                bool trajectories) {
  wfsim::RunOptions options;
  options.replications = reps;
  options.seed = 1;
  options.threads = threads;
  wfsim::RunTimings timings;
  Measure m;
  if (!write) {
    wfsim::run_replications(model, options, nullptr, &timings);
  } else {
    const auto path = std::filesystem::temp_directory_path() / "wfsim_bench.h5";
    const auto t0 = std::chrono::steady_clock::now();
    wfsim::Provenance prov{"wfsim_bench", reps, 1, model.scenario().horizon_months};
    {
      wfsim::ResultsFile file(path.string(), model.scenario(), prov, {"base"});
      wfsim::ResultsWriter writer(file, model, reps, trajectories, options.block_size);
      const auto summary = wfsim::run_replications(model, options, &writer, &timings);
      const auto tf = std::chrono::steady_clock::now();
      writer.finish(summary, wfsim::expected_projection(model));
      file.close();
      timings.sink_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - tf).count();
    }
    timings.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m.mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    std::filesystem::remove(path);
  }
  m.wall = timings.wall_seconds;
  m.write = timings.sink_seconds;
  m.summary = timings.summary_seconds;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wfsim benchmark: replication-months per second, and time spent writing"};
  std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  std::int64_t reps = 20000;
  app.add_option("scenario", scenario, "Scenario file (default: the bundled default)");
  app.add_option("--replications,-n", reps, "Replications per measurement");
  CLI11_PARSE(app, argc, argv);

  const wfsim::Model model(wfsim::load_scenario_file(scenario));
  const int all = wfsim::resolve_threads(0);
  const double rm = static_cast<double>(reps) * model.scenario().horizon_months;
  std::printf("%s: %lld replications x %d months, %d hardware threads\n",
              model.scenario().name.c_str(), static_cast<long long>(reps),
              model.scenario().horizon_months, all);
  std::printf("%-26s %8s %14s %8s %10s %10s %8s\n", "case", "threads", "rep-months/s", "wall s",
              "summary %", "write %", "MB");
  for (int threads : {1, all}) {
    struct Case {
      const char* name;
      bool write, trajectories;
    };
    for (const Case& c :
         {Case{"simulate + summarise", false, false}, Case{"+ write summaries only", true, false},
          Case{"+ write trajectories", true, true}}) {
      const Measure m = measure(model, reps, threads, c.write, c.trajectories);
      std::printf("%-26s %8d %14.3g %8.2f %9.1f%% %9.1f%% %8.1f\n", c.name, threads, rm / m.wall,
                  m.wall, 100 * m.summary / m.wall, 100 * m.write / m.wall, m.mb);
    }
  }
  return 0;
}
