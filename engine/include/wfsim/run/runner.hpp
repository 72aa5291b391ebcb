#pragma once
//! Runs the replications of a model in parallel and hands their results, in replication
//! order, to the summary and to a sink (the results file). Parallelism lives here only.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>

#include "wfsim/model/model.hpp"
#include "wfsim/stats/summary.hpp"

namespace wfsim {

//! Runs `task(i)` for every i in [0, n) on the run's threads and returns when all are done.
//! Tasks must write to places of their own, so that the outcome cannot depend on scheduling.
using ParallelFor =
    std::function<void(std::int64_t n, const std::function<void(std::int64_t)>& task)>;

//! Runs `task(i)` for i in [0, n) on `threads` threads; rethrows the first exception.
void parallel_for(int threads, std::int64_t n, const std::function<void(std::int64_t)>& task);

//! Receives replications' results block by block, always in replication order.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  //! `values` holds `count` replications of `values_per_replication()` values each,
  //! starting with replication `first`. Blocks are `block_size` long but for the last.
  //! `parallel` lends the run's threads for work such as compression.
  virtual void write_block(std::int64_t first, std::int64_t count, std::span<const double> values,
                           const ParallelFor& parallel) = 0;
};

struct RunOptions {
  std::int64_t replications = 1000;
  std::uint64_t seed = 1;
  int threads = 0;  //!< 0: all hardware threads
  std::int64_t block_size =
      1024;  //!< replications simulated between two writes (a chunk of the file)
  //! Called after each block with (replications done, replications in all).
  std::function<void(std::int64_t, std::int64_t)> progress;
  //! When set and true, the run stops between blocks by throwing Interrupted.
  const std::atomic<bool>* stop = nullptr;
};

struct RunTimings {
  double wall_seconds = 0;
  double sink_seconds = 0;     //!< time the main thread spent in the sink (writing the file)
  double summary_seconds = 0;  //!< time spent updating means and quantiles
};

//! Runs all replications; results are identical for any thread count.
Summary run_replications(const Model& model, const RunOptions& options, ResultSink* sink,
                         RunTimings* timings = nullptr);

//! Number of threads `threads` stands for (0 = all hardware threads).
int resolve_threads(int threads);

}  // namespace wfsim
