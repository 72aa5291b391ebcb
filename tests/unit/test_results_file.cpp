#include "wfsim/output/results_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "output/h5.hpp"
#include "output/seal.hpp"
#include "output/sha256.hpp"
#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

namespace fs = std::filesystem;

namespace {

//! Writes a results file for `model` and keeps what the runner produced.
test::CaptureSink write_file(const Model& model, const std::string& path, std::int64_t reps,
                             bool trajectories = true) {
  RunOptions options;
  options.replications = reps;
  options.seed = 17;
  options.block_size = 64;
  Provenance prov{"wfsim run test", reps, options.seed, model.scenario().horizon_months};
  ResultsFile file(path, model.scenario(), prov, {"base"});
  ResultsWriter writer(file, model, reps, trajectories, options.block_size);
  struct Tee : ResultSink {
    ResultSink* a;
    ResultSink* b;
    void write_block(std::int64_t f, std::int64_t c, std::span<const double> v,
                     const ParallelFor& p) override {
      a->write_block(f, c, v, p), b->write_block(f, c, v, p);
    }
  };
  test::CaptureSink capture;
  Tee tee;
  tee.a = &writer, tee.b = &capture;
  const Summary summary = run_replications(model, options, &tee);
  writer.finish(summary, expected_projection(model));
  file.close();
  return capture;
}

}  // namespace

TEST(ResultsFile, RoundTrip) {
  const Model model(test::load_data("linear.yaml"));
  const auto dir = test::temp_dir("roundtrip");
  const std::string path = (dir / "out.h5").string();
  const auto captured = write_file(model, path, 150);

  ResultsReader reader(path);
  EXPECT_EQ(reader.attribute("file_type"), "wfsim results");
  EXPECT_EQ(reader.attribute("scenario_sha256"), sha256_hex(model.scenario().source_text));
  EXPECT_EQ(reader.attribute("scenario_yaml"), model.scenario().source_text);
  EXPECT_EQ(reader.attribute("start_month"), "2024-01");
  EXPECT_EQ(reader.strategies(), std::vector<std::string>{"base"});
  EXPECT_EQ(reader.axis_labels("base", "month").front(), "2024-01");
  EXPECT_EQ(reader.axis_labels("base", "financial_year").back(), "2026/27");

  const std::size_t width = model.layout().values_per_replication();
  for (const auto& f : model.layout().families()) {
    const ResultsArray a = reader.read("base", f.name);
    const bool timed = f.axis != TimeAxis::none;
    ASSERT_EQ(a.shape.back(), timed ? f.times : 150u) << f.name;
    if (timed) ASSERT_EQ(a.shape[a.shape.size() - 2], 150u) << f.name;
    // [category][replication][time] in the file; [replication][category][time] in memory.
    for (std::size_t c = 0; c < f.category_count(); ++c)
      for (std::size_t r = 0; r < 150; ++r)
        for (std::size_t t = 0; t < f.times; ++t)
          ASSERT_TRUE(test::identical(a.values[(c * 150 + r) * f.times + t],
                                      captured.all[r * width + f.at(c, t)]))
              << f.name;
    std::vector<std::string> dims = {"quantile"};
    if (f.has_categories()) dims.insert(dims.begin(), f.category_dim);
    if (f.axis != TimeAxis::none) dims.push_back(axis_name(f.axis));
    EXPECT_EQ(reader.dimensions("base", f.name + "_quantiles"), dims) << f.name;
  }
  EXPECT_EQ(reader.dimensions("base", "headcount"),
            (std::vector<std::string>{"stage", "replication", "month"}));
  const ResultsArray q = reader.read("base", "quantile");
  EXPECT_EQ(q.values, std::vector<double>(std::begin(QUANTILE_LEVELS), std::end(QUANTILE_LEVELS)));
  fs::remove_all(dir);
}

// The DfE's measures (dfe_return) are written and read back like any result, each family
// along its own axis of measures.
TEST(ResultsFile, DfeMeasuresRoundTrip) {
  const std::string text = test::read_text(std::string(WFSIM_TEST_DATA) + "/linear.yaml") +
                           "dfe_return:\n  snapshot_month: 9\n";
  const Model model(load_scenario_text(text, "linear_dfe.yaml"));
  const auto dir = test::temp_dir("dfe");
  const std::string path = (dir / "out.h5").string();
  const auto captured = write_file(model, path, 20);
  ResultsReader reader(path);
  const std::size_t width = model.layout().values_per_replication();
  for (const char* name : {"dfe_fte", "dfe_rate", "dfe_cases", "dfe_caseload"}) {
    const Family& f = model.layout().find(name);
    EXPECT_EQ(reader.dimensions("base", name),
              (std::vector<std::string>{f.category_dim, "replication", "month"}));
    EXPECT_EQ(reader.axis_labels("base", f.category_dim), f.categories);
    const ResultsArray a = reader.read("base", name);
    for (std::size_t c = 0; c < f.category_count(); ++c)
      for (std::size_t r = 0; r < 20; ++r)
        for (std::size_t t = 0; t < f.times; ++t)
          ASSERT_TRUE(test::identical(a.values[(c * 20 + r) * f.times + t],
                                      captured.all[r * width + f.at(c, t)]))
              << name;
  }
  fs::remove_all(dir);
}

// A family named as an axis could not be written: the layout refuses it when built.
TEST(MetricLayout, RefusesAFamilyNamedAsAnAxis) {
  MetricLayout layout(12, 1);
  layout.add({"rate", "percent", "", "rate_measure", {"a", "b"}});
  EXPECT_THROW(layout.add({"rate_measure", "percent", "", "", {}}), InternalError);
  EXPECT_THROW(layout.add({"other", "percent", "", "rate", {"a"}}), InternalError);
  EXPECT_THROW(layout.add({"self", "percent", "", "self", {"a"}}), InternalError);
  EXPECT_THROW(layout.add({"rate", "percent", "", "", {}}), InternalError);
  EXPECT_NO_THROW(layout.add({"other", "percent", "", "rate_measure", {"a", "b"}}));
}

TEST(ResultsFile, SummaryOnlyLeavesOutTrajectories) {
  const Model model(test::load_data("linear.yaml"));
  const auto dir = test::temp_dir("summary_only");
  const std::string path = (dir / "out.h5").string();
  write_file(model, path, 20, false);
  ResultsReader reader(path);
  EXPECT_THROW(reader.read("base", "headcount"), UserError);
  EXPECT_EQ(reader.read("base", "headcount_mean").shape, (std::vector<std::uint64_t>{4, 36}));
  fs::remove_all(dir);
}

TEST(ResultsFile, WithoutIntakeOrRecruitmentOnlyTheExistingRouteRemains) {
  // No intakes and no recruitment: no entry routes at all.
  const Model model(load_scenario_text(R"(schema_version: 1
name: no routes
start: 2024-04
horizon_months: 6
replications: 10
seed: 1
stages:
  - id: sw
    headcount: 10
    leaving_rate: 0.1
)",
                                       "no_routes"));
  const auto dir = test::temp_dir("no_routes");
  const std::string path = (dir / "out.h5").string();
  write_file(model, path, 10);
  ResultsReader reader(path);
  EXPECT_EQ(reader.dimensions("base", "joiners"),
            (std::vector<std::string>{"route", "replication", "month"}));
  EXPECT_EQ(reader.axis_labels("base", "route"), std::vector<std::string>{"existing"});
  EXPECT_EQ(reader.read("base", "joiners_mean").values, std::vector<double>(6, 0.0));
  EXPECT_EQ(reader.read("base", "headcount_by_route_quantiles").shape,
            (std::vector<std::uint64_t>{1, 7, 6}));
  fs::remove_all(dir);
}

TEST(ResultsFile, ReaderRefusesAnotherFormatVersion) {
  const Model model(test::load_data("linear.yaml"));
  const auto dir = test::temp_dir("version");
  const std::string path = (dir / "out.h5").string();
  write_file(model, path, 5, false);
  {
    h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    h5::write_attribute(file, "format_version", std::int64_t{99});
  }
  seal_file(path);  // as if a wfsim of version 99 had written it
  try {
    ResultsReader reader(path);
    FAIL() << "a version-99 file was accepted";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("format version 99; this wfsim reads version 2"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

// A file changed after wfsim wrote it (a flipped byte, a truncation) is refused before HDF5
// reads it: HDF5 1.10 can crash on damaged metadata.
TEST(ResultsFile, ReaderRefusesAChangedFile) {
  const Model model(test::load_data("linear.yaml"));
  const auto dir = test::temp_dir("changed");
  const std::string path = (dir / "out.h5").string();
  write_file(model, path, 5, false);
  EXPECT_NO_THROW(ResultsReader{path});
  const auto size = fs::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put('\x5a');
  }
  try {
    ResultsReader reader(path);
    FAIL() << "a changed file was read";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("has changed since wfsim wrote it"), std::string::npos)
        << e.what();
  }
  fs::resize_file(path, size / 3);
  EXPECT_THROW(ResultsReader{path}, UserError);
  fs::remove_all(dir);
}

TEST(ResultsFile, ReaderRefusesOtherFiles) {
  const auto dir = test::temp_dir("other");
  const std::string path = (dir / "not.h5").string();
  std::ofstream(path) << "not HDF5";
  EXPECT_THROW(ResultsReader{path}, UserError);
  fs::remove_all(dir);
}

TEST(AtomicOutput, UncommittedWriteLeavesTheDestinationUntouched) {
  const auto dir = test::temp_dir("atomic");
  const std::string path = (dir / "out.h5").string();
  std::ofstream(path) << "precious";
  {
    AtomicOutput out(path);
    std::ofstream(out.temp_path()) << "half-written";
    EXPECT_TRUE(fs::exists(out.temp_path()));
  }
  EXPECT_EQ(test::read_text(path), "precious");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  {
    AtomicOutput out(path);
    std::ofstream(out.temp_path()) << "new";
    out.commit();
  }
  EXPECT_EQ(test::read_text(path), "new");
  EXPECT_THROW(AtomicOutput((dir / "missing" / "x.h5").string()), UserError);
  fs::remove_all(dir);
}

}  // namespace wfsim
