#include "wfsim/output/results_file.hpp"

#include <fcntl.h>
#include <hdf5_hl.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>

#include "h5.hpp"
#include "sha256.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/version.hpp"

namespace wfsim {

namespace fs = std::filesystem;

namespace {
constexpr int DEFLATE_LEVEL = 1;  // fastest zlib level: trajectories are large, time matters
}  // namespace

// ---------------------------------------------------------------------------------------------
AtomicOutput::AtomicOutput(std::string path) : path_(std::move(path)) {
  const fs::path p(path_);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir))
    throw UserError("cannot write '" + path_ + "': folder '" + dir.string() + "' does not exist");
  if (fs::is_directory(p)) throw UserError("cannot write '" + path_ + "': it is a folder");
  temp_ = (dir / ("." + p.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove(temp_, ignored);
  }
}

void AtomicOutput::commit() {
  // Data on disk before the name: after a crash the destination is the old file or the
  // whole new one, never a truncated one.
  auto sync = [](const std::string& p) {
    const int fd = ::open(p.c_str(), O_RDONLY);
    const bool ok = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    return ok;
  };
  if (!sync(temp_)) throw UserError("cannot save results to disk: '" + temp_ + "'");
  std::error_code ec;
  fs::rename(temp_, path_, ec);
  if (ec) throw UserError("cannot move results into '" + path_ + "': " + ec.message());
  committed_ = true;
  const fs::path p(path_);
  sync(p.has_parent_path() ? p.parent_path().string() : ".");
}

// ---------------------------------------------------------------------------------------------
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

//! Units and description; money also says its price base: `cash` (pounds of the day) or
//! `real` (pounds of the scenario's first year).
void describe(hid_t ds, const Family& f, const std::string& what, const std::string& price_base) {
  h5::write_attribute(ds, "units", f.unit);
  h5::write_attribute(ds, "long_name", what + f.description);
  if (f.unit == "GBP") h5::write_attribute(ds, "price_base", price_base);
}

}  // namespace

//! One chunk of a trajectory dataset: [1 category,] chunk_rows replications, all times.
struct ChunkJob {
  std::size_t family = 0, category = 0;
  std::vector<unsigned char> bytes;  // shuffled and deflated, as HDF5's filters would
};

//! Applies HDF5's shuffle filter (byte k of every value together) and then its deflate
//! filter (a zlib stream) to `values`, so that the chunk can be written directly.
void shuffle_and_deflate(const std::vector<double>& values, std::vector<unsigned char>& out) {
  const std::size_t n = values.size();
  const auto* in = reinterpret_cast<const unsigned char*>(values.data());
  std::vector<unsigned char> shuffled(n * sizeof(double));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t b = 0; b < sizeof(double); ++b)
      shuffled[b * n + i] = in[i * sizeof(double) + b];
  uLongf size = compressBound(static_cast<uLong>(shuffled.size()));
  out.resize(size);
  if (compress2(out.data(), &size, shuffled.data(), static_cast<uLong>(shuffled.size()),
                DEFLATE_LEVEL) != Z_OK)
    throw InternalError("zlib could not compress a chunk");
  out.resize(size);
}

struct ResultsFile::Impl {
  h5::Handle file;
};

ResultsFile::ResultsFile(const std::string& path, const Scenario& sc, const Provenance& prov,
                         const std::vector<std::string>& strategies)
    : impl_(std::make_unique<Impl>()) {
  h5::silence_errors();
  impl_->file = h5::create_file(path);
  hid_t root = impl_->file;
  h5::write_attribute(root, "file_type", std::string(RESULTS_FILE_TYPE));
  h5::write_attribute(root, "format_version", RESULTS_FORMAT_VERSION);
  h5::write_attribute(root, "engine_version", engine_version());
  h5::write_attribute(root, "git_commit", git_commit());
  h5::write_attribute(root, "scenario_name", sc.name);
  h5::write_attribute(root, "scenario_path", sc.source_path);
  h5::write_attribute(root, "scenario_yaml", sc.source_text);
  h5::write_attribute(root, "scenario_sha256", sha256_hex(sc.source_text));
  h5::write_attribute(root, "seed", prov.seed);
  h5::write_attribute(root, "replications", prov.replications);
  h5::write_attribute(root, "horizon_months", static_cast<std::int64_t>(prov.horizon_months));
  h5::write_attribute(root, "start_month", sc.start.str());
  h5::write_attribute(root, "command_line", prov.command_line);
  h5::write_attribute(root, "created_utc", utc_now());
  std::string names;
  for (const auto& s : strategies) names += (names.empty() ? "" : ",") + s;
  h5::write_attribute(root, "strategies", names);
}

ResultsFile::~ResultsFile() = default;

void ResultsFile::close() {
  h5::check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flush results file");
  h5::check(H5Fclose(impl_->file.release()), "close results file");
}

struct ResultsWriter::Impl {
  const Model& model;
  bool trajectories;
  hsize_t chunk_rows;
  h5::Handle group;
  std::map<std::string, h5::Handle> scales;
  std::vector<h5::Handle> paths;  // one trajectory dataset per family
  std::vector<ChunkJob> jobs;     // one per (family, category), reused block after block

  Impl(const Model& m, bool t, hsize_t rows) : model(m), trajectories(t), chunk_rows(rows) {}

  hid_t scale(const std::string& name) { return scales.at(name).id(); }

  //! Attaches the dimension scales of a family's dataset: [category,] middle..., [time].
  void attach(hid_t ds, const Family& f, const std::vector<std::string>& middle) {
    unsigned d = 0;
    if (f.has_categories()) h5::attach_scale(ds, scale(f.category_dim), d++);
    for (const auto& m : middle) h5::attach_scale(ds, scale(m), d++);
    if (f.axis != TimeAxis::none) h5::attach_scale(ds, scale(axis_name(f.axis)), d);
  }

  std::vector<hsize_t> dims(const Family& f, const std::vector<hsize_t>& middle) const {
    std::vector<hsize_t> d;
    if (f.has_categories()) d.push_back(f.categories.size());
    d.insert(d.end(), middle.begin(), middle.end());
    if (f.axis != TimeAxis::none) d.push_back(f.times);
    return d;
  }
};

ResultsWriter::ResultsWriter(ResultsFile& file, const Model& model, std::int64_t replications,
                             bool trajectories, std::int64_t chunk_rows)
    : impl_(std::make_unique<Impl>(
          model, trajectories,
          static_cast<hsize_t>(std::clamp<std::int64_t>(chunk_rows, 1, replications)))) {
  auto& im = *impl_;
  const Scenario& sc = model.scenario();
  im.group = h5::create_group(file.impl_->file, "strategies/" + sc.strategy);
  hid_t g = im.group;
  h5::write_attribute(g, "strategy", sc.strategy);
  h5::write_attribute(g, "description", sc.strategy_description);
  h5::write_attribute(g, "trajectories_stored", static_cast<std::int64_t>(trajectories));

  // Axes, each a dimension scale so that h5py and xarray see named dimensions.
  auto add_scale = [&](const std::string& name, h5::Handle ds, const std::string& what) {
    h5::make_scale(ds, name);
    h5::write_attribute(ds, "long_name", what);
    im.scales.emplace(name, std::move(ds));
  };
  add_scale("month", h5::write_strings(g, "month", model.month_labels()),
            "Month, YYYY-MM; values are at the end of the month or over the month");
  add_scale("financial_year", h5::write_strings(g, "financial_year", model.year_labels()),
            "Financial year, April to March");
  {
    auto m = h5::create_dataset(g, "months_after_qualifying", {std::size(RETENTION_MONTHS)});
    h5::write_doubles(
        m, std::vector<double>(std::begin(RETENTION_MONTHS), std::end(RETENTION_MONTHS)));
    h5::write_attribute(m, "units", std::string("months"));
    add_scale("months_after_qualifying", std::move(m),
              "Months after starting as a qualified social worker with the employer");
  }
  {
    auto q = h5::create_dataset(g, "quantile", {QUANTILE_COUNT});
    h5::write_doubles(q,
                      std::vector<double>(std::begin(QUANTILE_LEVELS), std::end(QUANTILE_LEVELS)));
    add_scale("quantile", std::move(q), "Quantile level across replications");
  }
  const hsize_t reps = static_cast<hsize_t>(replications);
  if (trajectories) {
    // Filled block by block in write_block, like the trajectories it labels.
    add_scale("replication",
              h5::create_dataset(g, "replication", {reps}, {std::min<hsize_t>(reps, 65536)},
                                 H5T_STD_I64LE),
              "Replication index");
  }
  for (const auto& f : model.layout().families())
    if (f.has_categories() && !im.scales.count(f.category_dim))
      add_scale(f.category_dim, h5::write_strings(g, f.category_dim, f.categories),
                "Category: " + f.category_dim);
  {
    std::vector<double> m(model.months_in_year().begin(), model.months_in_year().end());
    auto ds = h5::create_dataset(g, "months_in_year", {m.size()});
    h5::write_doubles(ds, m);
    h5::write_attribute(ds, "units", std::string("months"));
    h5::write_attribute(ds, "long_name",
                        std::string("Months of the horizon in each financial year"));
    h5::attach_scale(ds, im.scale("financial_year"), 0);
  }

  if (trajectories) {
    const auto& families = model.layout().families();
    for (std::size_t k = 0; k < families.size(); ++k) {
      const Family& f = families[k];
      std::vector<hsize_t> chunk;
      if (f.has_categories()) chunk.push_back(1);
      chunk.push_back(im.chunk_rows);
      if (f.axis != TimeAxis::none) chunk.push_back(f.times);
      auto ds = h5::create_dataset(g, f.name, im.dims(f, {reps}), chunk);
      describe(ds, f, "", sc.price_base);
      im.attach(ds, f, {"replication"});
      im.paths.push_back(std::move(ds));
      for (std::size_t c = 0; c < f.category_count(); ++c) im.jobs.push_back({k, c, {}});
    }
  }
}

ResultsWriter::~ResultsWriter() = default;

void ResultsWriter::write_block(std::int64_t first, std::int64_t count,
                                std::span<const double> values, const ParallelFor& parallel) {
  auto& im = *impl_;
  if (!im.trajectories) return;
  const hsize_t start = static_cast<hsize_t>(first);
  if (start % im.chunk_rows != 0 || static_cast<hsize_t>(count) > im.chunk_rows)
    throw InternalError("results blocks must match the file's chunks");
  {
    std::vector<double> index(static_cast<std::size_t>(count));
    for (std::int64_t r = 0; r < count; ++r) index[r] = static_cast<double>(first + r);
    h5::write_doubles(im.scale("replication"), {start}, {static_cast<hsize_t>(count)},
                      index.data());
  }

  // Compression is the costly part: done in parallel, one chunk per task. The chunks are
  // then written in a fixed order by this thread (the HDF5 library is not thread-safe).
  const std::size_t width = im.model.layout().values_per_replication();
  const auto& families = im.model.layout().families();
  parallel(static_cast<std::int64_t>(im.jobs.size()), [&](std::int64_t j) {
    ChunkJob& job = im.jobs[static_cast<std::size_t>(j)];
    const Family& f = families[job.family];
    // A chunk is always whole: the rows past the last replication are zero.
    std::vector<double> chunk(im.chunk_rows * f.times, 0.0);
    for (std::int64_t r = 0; r < count; ++r) {
      const double* src =
          values.data() + static_cast<std::size_t>(r) * width + f.at(job.category, 0);
      std::copy(src, src + f.times, chunk.data() + static_cast<std::size_t>(r) * f.times);
    }
    shuffle_and_deflate(chunk, job.bytes);
  });
  for (const ChunkJob& job : im.jobs) {
    const Family& f = families[job.family];
    std::vector<hsize_t> offset;
    if (f.has_categories()) offset.push_back(job.category);
    offset.push_back(start);
    if (f.axis != TimeAxis::none) offset.push_back(0);
    h5::check(H5Dwrite_chunk(im.paths[job.family], H5P_DEFAULT, 0, offset.data(), job.bytes.size(),
                             job.bytes.data()),
              "write chunk of " + f.name);
  }
}

void ResultsWriter::finish(const Summary& summary, const ExpectedProjection& expected) {
  auto& im = *impl_;
  hid_t g = im.group;
  h5::write_attribute(g, "quantiles_exact", static_cast<std::int64_t>(summary.exact()));
  h5::write_attribute(g, "expected_exact", static_cast<std::int64_t>(expected.exact));
  for (const auto& f : im.model.layout().families()) {
    const std::size_t cats = f.category_count();
    std::vector<double> mean, sd, exp, q(cats * QUANTILE_COUNT * f.times);
    for (std::size_t c = 0; c < cats; ++c)
      for (std::size_t t = 0; t < f.times; ++t) {
        mean.push_back(summary.mean(f.at(c, t)));
        sd.push_back(summary.sd(f.at(c, t)));
        exp.push_back(expected.values[f.at(c, t)]);
        for (std::size_t k = 0; k < QUANTILE_COUNT; ++k)
          q[(c * QUANTILE_COUNT + k) * f.times + t] =
              summary.quantile(f.at(c, t), QUANTILE_LEVELS[k]);
      }
    auto write = [&](const std::string& suffix, const std::vector<double>& v,
                     const std::vector<std::string>& middle, std::vector<hsize_t> mid_dims,
                     const std::string& what) {
      auto ds = h5::create_dataset(g, f.name + suffix, im.dims(f, mid_dims));
      h5::write_doubles(ds, v);
      describe(ds, f, what, im.model.scenario().price_base);
      im.attach(ds, f, middle);
    };
    write("_mean", mean, {}, {}, "Mean over replications: ");
    write("_sd", sd, {}, {}, "Standard deviation over replications: ");
    write("_quantiles", q, {"quantile"}, {QUANTILE_COUNT}, "Quantiles over replications: ");
    // Results the projection does not follow (they need each person's history) have none.
    if (f.in_expected) write("_expected", exp, {}, {}, "Expected-value projection (no chance): ");
  }
  im.paths.clear();
  im.scales.clear();
  im.group.reset();
}

// ---------------------------------------------------------------------------------------------
struct ResultsReader::Impl {
  h5::Handle file;
  //! A dataset of a strategy's group.
  h5::Handle dataset(const std::string& strategy, const std::string& name) const {
    return h5::open_dataset(file, "strategies/" + strategy + "/" + name);
  }
};

ResultsReader::ResultsReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  h5::silence_errors();
  impl_->file = h5::open_file(path);
  if (!h5::has_attribute(impl_->file, "file_type") ||
      h5::read_string_attribute(impl_->file, "file_type") != RESULTS_FILE_TYPE)
    throw UserError("'" + path + "' is not a wfsim results file");
  const auto version = h5::read_int_attribute(impl_->file, "format_version");
  if (version != RESULTS_FORMAT_VERSION)
    throw UserError("'" + path + "' has results format version " + std::to_string(version) +
                    "; this wfsim reads version " + std::to_string(RESULTS_FORMAT_VERSION) +
                    ": run the scenario again with this version");
}

ResultsReader::~ResultsReader() = default;

std::string ResultsReader::attribute(const std::string& name) const {
  return h5::read_string_attribute(impl_->file, name);
}

std::int64_t ResultsReader::int_attribute(const std::string& name) const {
  return h5::read_int_attribute(impl_->file, name);
}

std::vector<std::string> ResultsReader::strategies() const {
  h5::Handle g = h5::open_group(impl_->file, "strategies");
  std::vector<std::string> names;
  H5Literate(
      g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

std::vector<std::string> ResultsReader::datasets(const std::string& strategy) const {
  h5::Handle g = h5::open_group(impl_->file, "strategies/" + strategy);
  std::vector<std::string> names;
  H5Literate(
      g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

std::vector<std::string> ResultsReader::axis_labels(const std::string& strategy,
                                                    const std::string& axis) const {
  h5::Handle ds = impl_->dataset(strategy, axis);
  h5::Handle type(h5::check(H5Dget_type(ds), "dataset type"), H5Tclose);
  if (H5Tget_class(type) == H5T_STRING) return h5::read_strings(ds);
  std::vector<std::string> labels;
  char buf[32];
  for (double v : h5::read_doubles(ds)) {
    std::snprintf(buf, sizeof buf, "%.10g", v);
    labels.emplace_back(buf);
  }
  return labels;
}

std::string ResultsReader::dataset_attribute(const std::string& strategy,
                                             const std::string& dataset,
                                             const std::string& name) const {
  h5::Handle ds = impl_->dataset(strategy, dataset);
  return h5::has_attribute(ds, name) ? h5::read_string_attribute(ds, name) : "";
}

ResultsArray ResultsReader::read(const std::string& strategy, const std::string& name) const {
  h5::Handle ds = impl_->dataset(strategy, name);
  ResultsArray a;
  for (hsize_t d : h5::shape(ds)) a.shape.push_back(d);
  a.values = h5::read_doubles(ds);
  return a;
}

std::vector<std::string> ResultsReader::read_labels(const std::string& strategy,
                                                    const std::string& name) const {
  h5::Handle ds = impl_->dataset(strategy, name);
  return h5::read_strings(ds);
}

std::vector<std::string> ResultsReader::dimensions(const std::string& strategy,
                                                   const std::string& name) const {
  h5::Handle ds = impl_->dataset(strategy, name);
  std::vector<std::string> names;
  for (unsigned d = 0; d < h5::shape(ds).size(); ++d) {
    std::string label;
    H5DSiterate_scales(
        ds, d, nullptr,
        [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
          char buf[256] = {0};
          H5DSget_scale_name(scale, buf, sizeof buf);
          *static_cast<std::string*>(out) = buf;
          return 1;
        },
        &label);
    names.push_back(label);
  }
  return names;
}

}  // namespace wfsim
