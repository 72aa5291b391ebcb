#pragma once
//! Per-value summaries over replications: mean, standard deviation and quantiles, updated
//! one replication at a time so that memory does not grow with the number of replications.
//! A NaN is a value a replication does not define (retention of a route nobody took):
//! each value is summarised over the replications that define it.
#include <cstddef>
#include <span>
#include <vector>

#include "wfsim/stats/quantile_sketch.hpp"

namespace wfsim {

//! The quantile levels every results file reports.
inline constexpr double QUANTILE_LEVELS[] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
inline constexpr std::size_t QUANTILE_COUNT = std::size(QUANTILE_LEVELS);

class Summary {
 public:
  explicit Summary(std::size_t values)
      : defined_(values), mean_(values), m2_(values), sketches_(values) {}

  //! Adds one replication's values (in replication order, for reproducibility).
  void add(std::span<const double> values);
  //! Adds `reps` replications' values (replication after replication in `values`) for the
  //! slots [begin, end) only. Ranges that do not overlap may be added from different
  //! threads; once every slot has been added, count_block(reps) completes the block.
  void add(std::span<const double> values, std::size_t reps, std::size_t begin, std::size_t end);
  void count_block(std::size_t reps) { count_ += reps; }
  std::size_t count() const { return count_; }
  double mean(std::size_t i) const;
  //! Sample standard deviation across replications.
  double sd(std::size_t i) const;
  //! Replications in which value `i` is defined (not NaN).
  std::uint64_t defined(std::size_t i) const { return defined_[i]; }
  double quantile(std::size_t i, double p) const { return sketches_[i].quantile(p); }
  bool exact() const { return sketches_.empty() || sketches_.front().exact(); }

 private:
  std::size_t count_ = 0;
  std::vector<std::uint64_t> defined_;  // replications that define each value
  std::vector<double> mean_, m2_;       // Welford's running mean and sum of squared deviations
  std::vector<QuantileSketch> sketches_;
};

}  // namespace wfsim
