#include "wfsim/output/results_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

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

//! linear.yaml with the published figures it was (as if) built from.
Scenario with_history() {
  return load_scenario_text(test::read_text(std::string(WFSIM_TEST_DATA) + "/linear.yaml") +
                                R"(dfe_return: {snapshot_month: 3}
history:
  source: "csww_indicators_2017_to_2021.csv"
  area: "Bournemouth, Christchurch and Poole"
  code: E06000058
  years:
    - {year: 2019, inpost_fte: 253.3, leavers_fte: 25.7, turnover_rate_fte: 10.1, cases: 2389}
    - {year: 2020, inpost_fte: 244.6, agency_rate_fte: 17.2, caseload_fte: 14.3}
    - {year: 2021, vacancy_fte: 0}
)",
                            "linear_history.yaml");
}

// The figures a scenario was built from are kept in the file, on a year axis of their own,
// and read back as they were written: NaN in the file, missing when read, never zero.
TEST(ResultsFile, HistoryRoundTrip) {
  const Model model(with_history());
  const auto dir = test::temp_dir("history");
  const std::string path = (dir / "out.h5").string();
  write_file(model, path, 20, false);
  const ResultsReader reader(path);
  ASSERT_TRUE(reader.history());
  EXPECT_EQ(*reader.history(), *model.scenario().history);
  EXPECT_EQ(reader.history()->snapshot_month, 3);
  EXPECT_EQ(reader.history()->years[2].figures[6], 0.0);  // a published zero stays a zero
  {
    const h5::Handle file = h5::open_file(path);
    const h5::Handle cases = h5::open_dataset(file, "history/cases");
    EXPECT_EQ(h5::shape(cases), (std::vector<hsize_t>{3}));
    const auto values = h5::read_doubles(cases);
    EXPECT_EQ(values[0], 2389);
    EXPECT_TRUE(std::isnan(values[1]) && std::isnan(values[2]));
    EXPECT_EQ(h5::scale_name(h5::scales_of(cases, 0).front()), "year");
    EXPECT_EQ(h5::read_string_attribute(cases, "units"), "cases");
    const h5::Handle group = h5::open_group(file, "history");
    EXPECT_EQ(h5::read_string_attribute(group, "area"), "Bournemouth, Christchurch and Poole");
    EXPECT_EQ(h5::read_int_attribute(group, "snapshot_month"), 3);
  }
  // A scenario without a history gives a file without one.
  const std::string without = (dir / "without.h5").string();
  write_file(Model(test::load_data("linear.yaml")), without, 5, false);
  EXPECT_FALSE(ResultsReader(without).history());
  fs::remove_all(dir);
}

// A history that does not hold together is refused on opening, naming what is wrong.
TEST(ResultsFile, ReaderRefusesADamagedHistory) {
  const Model model(with_history());
  const auto dir = test::temp_dir("damaged_history");
  const std::string path = (dir / "out.h5").string();
  auto refusal = [&](const std::function<void(hid_t)>& damage) {
    write_file(model, path, 5, false);
    {
      h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
      damage(file);
    }
    seal_file(path);  // as if written so: the checks behind the seal are the ones tested
    try {
      ResultsReader reader(path);
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(refusal([](hid_t file) {
              H5Ldelete(file, "history/cases", H5P_DEFAULT);
              h5::Handle g = h5::open_group(file, "history");
              h5::write_doubles(h5::create_dataset(g, "cases", {2}), {1, 2});
            }),
            "damaged results file: dataset 'history/cases' has no axis 'year' attached");
  EXPECT_EQ(refusal([](hid_t file) {
              h5::Handle g = h5::open_group(file, "history");
              H5Ldelete(g, "cases", H5P_DEFAULT);
              h5::Handle cases = h5::create_dataset(g, "cases", {2});
              h5::attach_scale(cases, h5::open_dataset(g, "year"), 0);
            }),
            "damaged results file: dataset 'history/cases' has 2 values along 'year' but that "
            "axis has 3");
  EXPECT_EQ(refusal([](hid_t file) {
              h5::write_doubles(h5::open_dataset(file, "history/year"), {2019, 2021, 2020});
            }),
            "damaged results file: dataset 'history/year' does not increase");
  EXPECT_EQ(refusal([](hid_t file) {
              h5::write_doubles(h5::open_dataset(file, "history/year"), {1850, 2020, 2021});
            }),
            "damaged results file: dataset 'history/year' holds 1850, not a year from 1900 to "
            "2999");
  EXPECT_EQ(refusal([](hid_t file) {
              h5::write_doubles(h5::open_dataset(file, "history/turnover_rate_fte"),
                                {10.1, 170, std::numeric_limits<double>::quiet_NaN()});
            }),
            "damaged results file: dataset 'history/turnover_rate_fte' holds 170 for 2020, "
            "outside 0 to 100");
  EXPECT_EQ(refusal([](hid_t file) { H5Ldelete(file, "history/agency_fte", H5P_DEFAULT); }),
            "damaged results file: dataset 'history/agency_fte' is missing");
  EXPECT_EQ(refusal([](hid_t file) {
              h5::Handle g = h5::open_group(file, "history");
              h5::write_doubles(h5::create_dataset(g, "absence_rate_fte", {3}), {1, 2, 3});
            }),
            "damaged results file: dataset 'history/absence_rate_fte' is not a measure of the "
            "DfE's that wfsim knows");
  EXPECT_EQ(refusal([](hid_t file) {
              h5::write_attribute(h5::open_group(file, "history"), "snapshot_month",
                                  std::int64_t{13});
            }),
            "damaged results file: 'history' has snapshot month 13, not a month from 1 to 12");
  EXPECT_EQ(refusal([](hid_t file) { H5Adelete_by_name(file, "history", "source", H5P_DEFAULT); }),
            "damaged results file: '/history' has no attribute 'source'");
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
