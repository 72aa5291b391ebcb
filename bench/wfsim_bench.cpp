// Benchmark: the figures issue 10's targets are stated in, for a scenario run as `wfsim run`
// runs it (the base and every strategy): CPU seconds with summaries only and with
// trajectories, ns of CPU per person-month simulated, MB written, and the split of wall time
// between simulation, summaries and writing; at 1 thread and at all threads.
// Not a test: it asserts nothing, it measures.
#include <sys/resource.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "wfsim/model/expected.hpp"
#include "wfsim/output/results_file.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/scenario/load.hpp"

namespace {

//! CPU seconds this process has used, user and system, all threads.
double cpu_seconds() {
  rusage use{};
  getrusage(RUSAGE_SELF, &use);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(use.ru_utime) + seconds(use.ru_stime);
}

struct Measure {
  double wall = 0, cpu = 0, write = 0, summary = 0, mb = 0;
  double person_months = 0;  // people in post, summed over months and replications
};

//! Runs every strategy into one file (or none), as `wfsim run` does.
Measure measure(const std::vector<wfsim::Scenario>& all, std::int64_t reps, int threads, bool write,
                bool trajectories) {
  wfsim::RunOptions options;
  options.replications = reps;
  options.seed = 1;
  options.threads = threads;
  Measure m;
  const auto path = std::filesystem::temp_directory_path() / "wfsim_bench.h5";
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  {
    std::vector<std::string> names;
    for (const auto& sc : all) names.push_back(sc.strategy);
    const wfsim::Provenance prov{"wfsim_bench", reps, 1, all.front().horizon_months};
    std::unique_ptr<wfsim::ResultsFile> file;
    if (write) file = std::make_unique<wfsim::ResultsFile>(path.string(), all.front(), prov, names);
    for (const auto& sc : all) {
      const wfsim::Model model(sc);
      wfsim::RunTimings timings;
      std::unique_ptr<wfsim::ResultsWriter> writer;
      if (write)
        writer = std::make_unique<wfsim::ResultsWriter>(*file, model, reps, trajectories,
                                                        options.block_size);
      const auto summary = wfsim::run_replications(model, options, writer.get(), &timings);
      if (writer) {
        const auto tf = std::chrono::steady_clock::now();
        writer->finish(summary, wfsim::expected_projection(model));
        timings.sink_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - tf).count();
      }
      m.write += timings.sink_seconds;
      m.summary += timings.summary_seconds;
      const wfsim::Family& heads = model.layout().find("headcount");
      for (std::size_t s = 0; s < heads.category_count(); ++s)
        for (std::size_t t = 0; t < heads.times; ++t)
          m.person_months += summary.mean(heads.at(s, t)) * static_cast<double>(reps);
    }
    if (file) file->close();
  }
  m.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.cpu = cpu_seconds() - c0;
  if (write) {
    m.mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    std::filesystem::remove(path);
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wfsim benchmark: CPU seconds, ns per person-month, MB written"};
  std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  std::int64_t reps = 10000;
  app.add_option("scenario", scenario, "Scenario file (default: the bundled default)");
  app.add_option("--replications,-n", reps, "Replications of each strategy (default 10,000)");
  CLI11_PARSE(app, argc, argv);

  const auto all = wfsim::load_strategies_file(scenario);
  const int cores = wfsim::resolve_threads(0);
  std::printf("%s: %zu strateg%s x %lld replications x %d months, %d hardware threads\n",
              all.front().name.c_str(), all.size(), all.size() == 1 ? "y" : "ies",
              static_cast<long long>(reps), all.front().horizon_months, cores);
  std::printf("%-28s %7s %7s %7s %12s %9s %9s %7s\n", "case", "threads", "CPU s", "wall s",
              "ns/person-mo", "summary %", "write %", "MB");
  for (int threads : {1, cores}) {
    struct Case {
      const char* name;
      bool write, trajectories;
    };
    for (const Case& c :
         {Case{"simulate + summarise", false, false}, Case{"+ write summaries only", true, false},
          Case{"+ write trajectories", true, true}}) {
      const Measure m = measure(all, reps, threads, c.write, c.trajectories);
      std::printf("%-28s %7d %7.2f %7.2f %12.1f %8.1f%% %8.1f%% %7.1f\n", c.name, threads, m.cpu,
                  m.wall, 1e9 * m.cpu / m.person_months, 100 * m.summary / m.wall,
                  100 * m.write / m.wall, m.mb);
    }
  }
  std::printf(
      "CPU s: user + system, all threads; ns/person-mo: CPU per person in post per month "
      "simulated; summary and write: shares of wall time\n");
  return 0;
}
