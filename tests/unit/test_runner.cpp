#include "wfsim/run/runner.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

test::CaptureSink run(const Model& model, std::uint64_t seed, int threads, std::int64_t block,
                      std::int64_t reps = 300) {
  RunOptions options;
  options.replications = reps;
  options.seed = seed;
  options.threads = threads;
  options.block_size = block;
  test::CaptureSink sink;
  run_replications(model, options, &sink);
  return sink;
}

Model knowsley() {
  return Model(load_scenario_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml"));
}

}  // namespace

TEST(Runner, SameSeedGivesIdenticalResults) {
  const Model model = knowsley();
  EXPECT_EQ(run(model, 5, 2, 64).all, run(model, 5, 2, 64).all);
}

TEST(Runner, ThreadCountAndBlockSizeDoNotChangeResults) {
  const Model model = knowsley();
  const auto one = run(model, 5, 1, 1000);
  for (int threads : {2, 3, 8})
    for (std::int64_t block : {1, 7, 64}) {
      const auto many = run(model, 5, threads, block);
      ASSERT_EQ(one.all, many.all) << threads << " threads, blocks of " << block;
    }
}

TEST(Runner, BlocksArriveInReplicationOrder) {
  const auto sink = run(knowsley(), 5, 3, 7, 50);
  std::int64_t next = 0;
  for (std::size_t i = 0; i < sink.firsts.size(); ++i) {
    EXPECT_EQ(sink.firsts[i], next);
    next += sink.counts[i];
  }
  EXPECT_EQ(next, 50);
}

TEST(Runner, DifferentSeedsDiffer) {
  const Model model = knowsley();
  EXPECT_NE(run(model, 5, 2, 64).all, run(model, 6, 2, 64).all);
}

TEST(Runner, ReplicationsAreIndependentOfEachOther) {
  // Replication k's results depend on (seed, k) only, not on how many replications run.
  const Model model = knowsley();
  const auto few = run(model, 9, 2, 16, 20);
  const auto more = run(model, 9, 2, 16, 40);
  ASSERT_EQ(std::vector<double>(more.all.begin(), more.all.begin() + few.all.size()), few.all);
}

TEST(Runner, SummaryDoesNotDependOnThreads) {
  const Model model = knowsley();
  RunOptions a;
  a.replications = 3000;
  a.threads = 1;
  RunOptions b = a;
  b.threads = 2;
  b.block_size = 100;
  const Summary s1 = run_replications(model, a, nullptr);
  const Summary s2 = run_replications(model, b, nullptr);
  for (std::size_t i = 0; i < model.layout().values_per_replication(); ++i) {
    ASSERT_EQ(s1.mean(i), s2.mean(i));
    ASSERT_EQ(s1.quantile(i, 0.9), s2.quantile(i, 0.9));
  }
}

TEST(Runner, StopsWhenAsked) {
  const Model model = knowsley();
  std::atomic<bool> stop{true};
  RunOptions options;
  options.replications = 100000;
  options.stop = &stop;
  EXPECT_THROW(run_replications(model, options, nullptr), Interrupted);
}

}  // namespace wfsim
