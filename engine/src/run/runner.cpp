#include "wfsim/run/runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
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

//! Simulates one block of replications on worker threads, started on construction.
//! Each replication's results land at its own place, so scheduling cannot change them.
class BlockJob {
 public:
  BlockJob(const Model& model, std::uint64_t seed, std::int64_t first, std::int64_t count,
           int threads, std::vector<double>& buffer)
      : model_(model), seed_(seed), first_(first), count_(count), buffer_(buffer) {
    const std::size_t width = model.layout().values_per_replication();
    buffer_.resize(static_cast<std::size_t>(count) * width);
    const int n = static_cast<int>(std::min<std::int64_t>(threads, count));
    for (int k = 0; k < n; ++k) workers_.emplace_back([this, width] { work(width); });
  }

  //! Waits for the block; rethrows the first error a worker met.
  void wait() {
    for (auto& w : workers_) w.join();
    workers_.clear();
    if (error_) std::rethrow_exception(error_);
  }

  ~BlockJob() {
    for (auto& w : workers_)
      if (w.joinable()) w.join();
  }

 private:
  void work(std::size_t width) {
    for (;;) {
      const std::int64_t i = next_.fetch_add(1);
      if (i >= count_ || failed_.load()) return;
      try {
        model_.simulate(seed_, static_cast<std::uint64_t>(first_ + i),
                        std::span<double>(buffer_.data() + static_cast<std::size_t>(i) * width,
                                          width));
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
        failed_ = true;
        return;
      }
    }
  }

  const Model& model_;
  std::uint64_t seed_;
  std::int64_t first_, count_;
  std::vector<double>& buffer_;
  std::atomic<std::int64_t> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

}  // namespace

int resolve_threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

Summary run_replications(const Model& model, const RunOptions& options, ResultSink* sink,
                         RunTimings* timings) {
  const auto t0 = Clock::now();
  const std::size_t width = model.layout().values_per_replication();
  const int threads = resolve_threads(options.threads);
  const std::int64_t total = options.replications;
  const std::int64_t block = std::max<std::int64_t>(1, options.block_size);
  Summary summary(width);
  RunTimings local;

  // Two buffers: while the main thread summarises and writes block k, the workers
  // simulate block k+1.
  std::vector<double> buffers[2];
  auto stop_requested = [&] { return options.stop && options.stop->load(); };

  std::int64_t first = 0;
  int current = 0;
  auto job = std::make_unique<BlockJob>(model, options.seed, 0, std::min(block, total), threads,
                                        buffers[0]);
  while (first < total) {
    const std::int64_t count = std::min(block, total - first);
    job->wait();
    if (stop_requested()) throw Interrupted();
    const std::int64_t next_first = first + count;
    std::unique_ptr<BlockJob> next;
    if (next_first < total)
      next = std::make_unique<BlockJob>(model, options.seed, next_first,
                                        std::min(block, total - next_first), threads,
                                        buffers[1 - current]);

    const auto ts = Clock::now();
    const std::vector<double>& values = buffers[current];
    for (std::int64_t i = 0; i < count; ++i)
      summary.add(std::span<const double>(values.data() + static_cast<std::size_t>(i) * width,
                                          width));
    local.summary_seconds += seconds_since(ts);
    if (sink) {
      const auto tw = Clock::now();
      sink->write_block(first, count, values);
      local.sink_seconds += seconds_since(tw);
    }
    first = next_first;
    if (options.progress) options.progress(first, total);
    job = std::move(next);
    current = 1 - current;
  }
  local.wall_seconds = seconds_since(t0);
  if (timings) *timings = local;
  return summary;
}

}  // namespace wfsim
