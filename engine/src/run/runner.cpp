#include "wfsim/run/runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int resolve_threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(int threads, std::int64_t n, const std::function<void(std::int64_t)>& task) {
  std::atomic<std::int64_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex mutex;
  auto work = [&] {
    for (std::int64_t i; (i = next.fetch_add(1)) < n && !failed.load();) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const int helpers = static_cast<int>(std::min<std::int64_t>(threads, n)) - 1;
  std::vector<std::thread> pool;
  for (int k = 0; k < helpers; ++k) pool.emplace_back(work);
  work();  // the calling thread takes its share
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

Summary run_replications(const Model& model, const RunOptions& options, ResultSink* sink,
                         RunTimings* timings) {
  const auto t0 = Clock::now();
  const std::size_t width = model.layout().values_per_replication();
  const int threads = resolve_threads(options.threads);
  const std::int64_t total = options.replications;
  const std::int64_t block = std::max<std::int64_t>(1, options.block_size);
  const ParallelFor parallel = [threads](std::int64_t n,
                                         const std::function<void(std::int64_t)>& task) {
    parallel_for(threads, n, task);
  };
  std::function<bool()> should_stop;
  if (options.stop) should_stop = [&options] { return options.stop->load(); };
  Summary summary(width);
  RunTimings local;
  std::vector<double> values;

  // Each block goes through three parallel phases: simulate (by replication), summarise
  // (by result value, each in replication order) and write. Every replication and every
  // value has its own place, so the thread count cannot change any result.
  for (std::int64_t first = 0; first < total; first += block) {
    if (options.stop && options.stop->load()) throw Interrupted();
    const std::int64_t count = std::min(block, total - first);
    values.resize(static_cast<std::size_t>(count) * width);
    parallel(count, [&](std::int64_t i) {
      // Checked per replication and, inside one, per month: a stop acts within a month's
      // work however large the workforce.
      if (options.stop && options.stop->load()) throw Interrupted();
      model.simulate(options.seed, static_cast<std::uint64_t>(first + i),
                     std::span<double>(values.data() + static_cast<std::size_t>(i) * width, width),
                     should_stop);
    });

    const auto ts = Clock::now();
    const std::int64_t parts =
        std::min<std::int64_t>(4 * threads, static_cast<std::int64_t>(width));
    parallel(parts, [&](std::int64_t k) {
      summary.add(values, static_cast<std::size_t>(count), width * k / parts,
                  width * (k + 1) / parts);
    });
    summary.count_block(static_cast<std::size_t>(count));
    local.summary_seconds += seconds_since(ts);

    if (sink) {
      const auto tw = Clock::now();
      sink->write_block(first, count, values, parallel);
      local.sink_seconds += seconds_since(tw);
    }
    if (options.progress) options.progress(first + count, total);
  }
  local.wall_seconds = seconds_since(t0);
  if (timings) *timings = local;
  return summary;
}

}  // namespace wfsim
