#include "wfsim/output/results_file.hpp"

#include <fcntl.h>
#include <hdf5_hl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include "h5.hpp"
#include "seal.hpp"
#include "sha256.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/version.hpp"
#include "wfsim/year_month.hpp"

namespace wfsim {

namespace fs = std::filesystem;

namespace {
constexpr int DEFLATE_LEVEL = 1;  // fastest zlib level: trajectories are large, time matters
}  // namespace

// ---------------------------------------------------------------------------------------------
void refuse_overwriting_inputs(const std::string& path, const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::equivalent(path, input, ec))
      throw UserError("cannot write '" + path + "': it is the input '" + input +
                      "', which would be lost; choose another output file");
  }
}

AtomicOutput::AtomicOutput(std::string path, const std::vector<std::string>& inputs)
    : path_(std::move(path)) {
  const fs::path p(path_);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  // Asked without exceptions: a folder we may not look into is reported below, by reason.
  std::error_code ec;
  const fs::file_status dir_status = fs::status(dir, ec);
  if (dir_status.type() == fs::file_type::not_found)
    throw UserError("cannot write '" + path_ + "': folder '" + dir.string() + "' does not exist");
  if (!ec && !fs::is_directory(dir_status))
    throw UserError("cannot write '" + path_ + "': '" + dir.string() + "' is not a folder");
  if (fs::is_directory(p, ec)) throw UserError("cannot write '" + path_ + "': it is a folder");
  refuse_overwriting_inputs(path_, inputs);
  std::string name = ".";  // built in steps: GCC 12 warns wrongly (-Wrestrict) on "." + s
  name += p.filename().string();
  name += ".tmp-" + std::to_string(::getpid());
  temp_ = (dir / name).string();
  // Made now, so that a folder we may not write to is reported before any work, by reason.
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw UserError("cannot write '" + path_ + "': " + std::strerror(errno));
  ::close(fd);
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
  if (!sync(temp_)) throw UserError("cannot write '" + path_ + "': " + std::strerror(errno));
  std::error_code ec;
  fs::rename(temp_, path_, ec);
  if (ec) throw UserError("cannot write '" + path_ + "': " + ec.message());
  committed_ = true;
  const fs::path p(path_);
  sync(p.has_parent_path() ? p.parent_path().string() : ".");
}

std::string results_write_failure(const std::string& path) {
  switch (const int e = h5::failed_errno()) {
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
    case EIO:
    case EROFS:
    case EACCES:
    case EPERM:
      return std::strerror(e);
    default:
      break;
  }
  // HDF5 may have overwritten errno on its way out: look at the file and its folder.
  if (path.empty()) return "";
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  rlimit limit{};
  if (!ec && ::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      size + (std::uintmax_t{1} << 20) >= limit.rlim_cur)
    return std::strerror(EFBIG);
  const fs::path p(path);
  struct statvfs fsys {};
  if (::statvfs((p.has_parent_path() ? p.parent_path() : fs::path(".")).c_str(), &fsys) == 0) {
    // Within a megabyte of full: the next block or file-system record would not fit.
    const std::uintmax_t free_bytes =
        static_cast<std::uintmax_t>(::geteuid() == 0 ? fsys.f_bfree : fsys.f_bavail) *
        fsys.f_frsize;
    if (fsys.f_flag & ST_RDONLY) return std::strerror(EROFS);
    if (free_bytes < (std::uintmax_t{1} << 20)) return std::strerror(ENOSPC);
  }
  return "";
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
  std::string path;
  h5::Handle file;
};

namespace {

//! The group `history`: the published figures along a `year` axis, one dataset per measure
//! with NaN where a figure was not published (every measure, so readers find each one).
void write_history(hid_t root, const History& history) {
  h5::Handle g = h5::create_group(root, "history");
  h5::write_attribute(g, "source", history.source);
  h5::write_attribute(g, "area", history.area);
  h5::write_attribute(g, "code", history.code);
  h5::write_attribute(g, "snapshot_month", static_cast<std::int64_t>(history.snapshot_month));
  const hsize_t n = history.years.size();
  h5::Handle year = h5::create_dataset(g, "year", {n}, {}, H5T_STD_I64LE);
  std::vector<double> years;
  for (const HistoryYear& y : history.years) years.push_back(y.year);
  h5::write_doubles(year, years);
  h5::make_scale(year, "year");
  h5::write_attribute(year, "long_name",
                      std::string("Reporting year: counts at the end of its snapshot month, "
                                  "flows over the 12 months to then"));
  for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i) {
    const HistoryMeasure& measure = HISTORY_MEASURES[i];
    std::vector<double> values;
    for (const HistoryYear& y : history.years)
      values.push_back(y.figures[i].value_or(std::numeric_limits<double>::quiet_NaN()));
    h5::Handle ds = h5::create_dataset(g, measure.name, {n});
    h5::write_doubles(ds, values);
    h5::write_attribute(ds, "units", std::string(measure.unit));
    h5::write_attribute(ds, "long_name",
                        std::string(measure.description) + ", as published (NaN: not published)");
    h5::attach_scale(ds, year, 0);
  }
}

}  // namespace

ResultsFile::ResultsFile(const std::string& path, const Scenario& sc, const Provenance& prov,
                         const std::vector<std::string>& strategies)
    : impl_(std::make_unique<Impl>()) {
  h5::silence_errors();
  impl_->path = path;
  impl_->file = h5::create_file(path, SEAL_BYTES);
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
  if (sc.dfe_return)
    h5::write_attribute(root, "dfe_snapshot_month",
                        static_cast<std::int64_t>(sc.dfe_snapshot_month));
  if (sc.history) write_history(root, *sc.history);
  std::string names;
  for (const auto& s : strategies) names += (names.empty() ? "" : ",") + s;
  h5::write_attribute(root, "strategies", names);
}

ResultsFile::~ResultsFile() = default;

void ResultsFile::close() {
  h5::check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flush results file");
  h5::check(H5Fclose(impl_->file.release()), "close results file");
  seal_file(impl_->path);
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
namespace {

[[noreturn]] void damaged(const std::string& dataset, const std::string& what) {
  throw UserError("damaged results file: dataset '" + dataset + "' " + what);
}

//! The type class of a dataset's values; H5T_NO_CLASS if it cannot be told.
H5T_class_t type_class(hid_t dataset) {
  h5::Handle type(H5Dget_type(dataset), H5Tclose);
  return type.id() < 0 ? H5T_NO_CLASS : H5Tget_class(type);
}

//! Whether a dataset holds numbers (integers or floating point).
bool numeric(hid_t dataset) {
  const H5T_class_t c = type_class(dataset);
  return c == H5T_FLOAT || c == H5T_INTEGER;
}

std::vector<std::string> members(hid_t group) {
  std::vector<std::string> names;
  H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

//! A number as messages show it: 107.8, inf.
std::string shown(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

//! Most years a history can hold: one for each year the scenario schema allows.
constexpr hsize_t MAX_HISTORY_YEARS = 1100;

//! The length of a one-dimensional dataset of `history`, refusing any other shape.
hsize_t history_length(hid_t ds, const std::string& full) {
  h5::Handle space(H5Dget_space(ds), H5Sclose);
  if (space.id() < 0 || H5Sget_simple_extent_ndims(space) != 1)
    damaged(full, "is not one-dimensional");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  if (n > MAX_HISTORY_YEARS) damaged(full, "holds more years than a history can");
  return n;
}

//! The root group `history`, checked as the strategies' datasets are (a year axis of whole
//! years, increasing; each measure numbers along it, NaN or within the schema's range), or
//! std::nullopt if the file has none.
std::optional<History> read_history(hid_t root) {
  if (H5Lexists(root, "history", H5P_DEFAULT) <= 0) return std::nullopt;
  h5::Handle g(H5Gopen2(root, "history", H5P_DEFAULT), H5Gclose);
  if (g.id() < 0) throw UserError("damaged results file: 'history' is not a group");
  History history;
  history.source = h5::read_string_attribute(g, "source");
  history.area = h5::read_string_attribute(g, "area");
  history.code = h5::read_string_attribute(g, "code");
  const std::int64_t month = h5::read_int_attribute(g, "snapshot_month");
  if (month < 1 || month > 12)
    throw UserError("damaged results file: 'history' has snapshot month " + std::to_string(month) +
                    ", not a month from 1 to 12");
  history.snapshot_month = static_cast<int>(month);
  auto open = [&](const std::string& name) {
    const std::string full = "history/" + name;
    if (H5Lexists(g, name.c_str(), H5P_DEFAULT) <= 0) damaged(full, "is missing");
    h5::Handle ds(H5Dopen2(g, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (ds.id() < 0) damaged(full, "cannot be opened");
    return ds;
  };
  for (const std::string& name : members(g))
    if (name != "year" && std::none_of(std::begin(HISTORY_MEASURES), std::end(HISTORY_MEASURES),
                                       [&](const HistoryMeasure& m) { return name == m.name; }))
      damaged("history/" + name, "is not a measure of the DfE's that wfsim knows");

  const h5::Handle year = open("year");
  if (!h5::is_scale(year) || h5::scale_name(year) != "year")
    damaged("history/year", "is not the axis 'year'");
  if (type_class(year) != H5T_INTEGER) damaged("history/year", "holds no whole numbers");
  const hsize_t n = history_length(year, "history/year");
  for (double y : h5::read_doubles(year)) {
    if (!(y >= 1900 && y <= 2999))
      damaged("history/year", "holds " + shown(y) + ", not a year from 1900 to 2999");
    if (!history.years.empty() && y <= history.years.back().year)
      damaged("history/year", "does not increase");
    history.years.push_back({static_cast<int>(y), {}});
  }
  for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i) {
    const HistoryMeasure& measure = HISTORY_MEASURES[i];
    const std::string full = std::string("history/") + measure.name;
    const h5::Handle ds = open(measure.name);
    if (type_class(ds) != H5T_FLOAT) damaged(full, "holds no numbers");
    const hsize_t length = history_length(ds, full);
    const auto scales = h5::scales_of(ds, 0);
    if (scales.size() != 1 || h5::scale_name(scales.front()) != "year")
      damaged(full, "has no axis 'year' attached");
    if (length != n)
      damaged(full, "has " + std::to_string(length) + " values along 'year' but that axis has " +
                        std::to_string(n));
    const std::vector<double> values = h5::read_doubles(ds);
    for (std::size_t k = 0; k < values.size(); ++k) {
      const double v = values[k];
      if (std::isnan(v)) continue;  // not published
      if (!(v >= 0 && v <= measure.most))
        damaged(full, "holds " + shown(v) + " for " + std::to_string(history.years[k].year) +
                          ", outside 0 to " + std::to_string(static_cast<long long>(measure.most)));
      history.years[k].figures[i] = v;
    }
  }
  return history;
}

}  // namespace

struct ResultsReader::Impl {
  std::string path;
  h5::Handle file;
  std::optional<History> history;  // read and checked on opening

  static std::string where(const std::string& strategy, const std::string& name) {
    return "strategies/" + strategy + "/" + name;
  }

  h5::Handle dataset(const std::string& strategy, const std::string& name) const {
    const std::string full = where(strategy, name);
    // H5Lexists on each level: a missing dataset is named, not reported by HDF5's open.
    if (H5Lexists(file, "strategies", H5P_DEFAULT) <= 0 ||
        H5Lexists(file, ("strategies/" + strategy).c_str(), H5P_DEFAULT) <= 0 ||
        H5Lexists(file, full.c_str(), H5P_DEFAULT) <= 0)
      throw UserError("'" + path + "' has no dataset '" + full + "'");
    h5::Handle ds(H5Dopen2(file, full.c_str(), H5P_DEFAULT), H5Dclose);
    if (ds.id() < 0) damaged(full, "cannot be opened");
    return ds;
  }

  //! Opens a dataset and checks its dimensions against its axes.
  h5::Handle checked(const std::string& strategy, const std::string& name,
                     ResultsArray& layout) const {
    const std::string full = where(strategy, name);
    h5::Handle ds = dataset(strategy, name);
    h5::Handle space(H5Dget_space(ds), H5Sclose);
    const int rank = space.id() < 0 ? -1 : H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > 4) damaged(full, "has an unreadable shape");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    layout.shape.assign(dims.begin(), dims.end());
    layout.dims.clear();
    if (h5::is_scale(ds)) {
      if (rank != 1) damaged(full, "is an axis but not one-dimensional");
      layout.dims.push_back(h5::scale_name(ds));
      return ds;
    }
    for (unsigned d = 0; d < static_cast<unsigned>(rank); ++d) {
      const auto scales = h5::scales_of(ds, d);
      if (scales.size() != 1)
        damaged(full, "has no axis attached to its dimension " + std::to_string(d));
      const auto axis_shape = h5::shape(scales.front());
      const std::string axis = h5::scale_name(scales.front());
      if (axis_shape.size() != 1 || axis_shape[0] != dims[d])
        damaged(full, "has " + std::to_string(dims[d]) + " values along '" + axis +
                          "' but that axis has " +
                          (axis_shape.size() == 1 ? std::to_string(axis_shape[0]) : "no length"));
      layout.dims.push_back(axis);
    }
    return ds;
  }
};

ResultsReader::ResultsReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  h5::silence_errors();
  impl_->path = path;
  // A missing file or a folder is said plainly; a changed file is refused before HDF5 reads it.
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw UserError("'" + path + "' is a folder, not a results file");
  if (!fs::exists(path, ec)) throw UserError("cannot read '" + path + "': no such file");
  check_seal(path);
  impl_->file = h5::open_file(path);
  hid_t root = impl_->file;
  auto text = [&](const char* name) {
    return h5::has_attribute(root, name) ? h5::read_string_attribute(root, name) : "";
  };
  if (text("file_type") != RESULTS_FILE_TYPE)
    throw UserError("'" + path + "' is not a wfsim results file");
  const auto version = h5::read_int_attribute(root, "format_version");
  if (version != RESULTS_FORMAT_VERSION)
    throw UserError("'" + path + "' has results format version " + std::to_string(version) +
                    "; this wfsim reads version " + std::to_string(RESULTS_FORMAT_VERSION) +
                    ": run the scenario again with this version");
  if (replications() < 1)
    throw UserError("damaged results file: '" + path + "' says it holds " +
                    std::to_string(replications()) + " replications");
  // The whole layout is checked now, from the metadata alone (no values are read but the
  // axes'), so that every command refuses a damaged file, whatever part of it it uses.
  for (const std::string& strategy : strategies()) {
    for (const std::string& name : datasets(strategy)) {
      ResultsArray a;
      h5::Handle ds = impl_->checked(strategy, name, a);
      h5::Handle type(H5Dget_type(ds), H5Tclose);
      const bool text = type.id() >= 0 && H5Tget_class(type) == H5T_STRING;
      if (!numeric(ds) && !(text && h5::is_scale(ds)))
        damaged(Impl::where(strategy, name), "holds neither numbers nor axis labels");
      const auto rep = std::find(a.dims.begin(), a.dims.end(), "replication");
      if (rep != a.dims.end() && a.shape[static_cast<std::size_t>(rep - a.dims.begin())] !=
                                     static_cast<std::uint64_t>(replications()))
        damaged(Impl::where(strategy, name), "holds another number of replications than the file");
    }
    check_quantile_levels(strategy);
    const auto months = axis_labels(strategy, "month");
    for (const std::string& month : months)
      if (!YearMonth::parse(month))
        damaged(Impl::where(strategy, "month"), "holds '" + month + "', not a month as YYYY-MM");
    const auto months_in_year = read(strategy, "months_in_year").values;
    if (months_in_year.size() != axis_labels(strategy, "financial_year").size())
      damaged(Impl::where(strategy, "months_in_year"), "does not match the financial years");
    // Whole months, 1 to 12 a year, adding up to the months, every year but the last ending
    // in March: the readers find each year's last month by these counts.
    std::size_t so_far = 0;
    for (std::size_t y = 0; y < months_in_year.size(); ++y) {
      const double m = months_in_year[y];
      if (!(m >= 1 && m <= 12 && m == std::floor(m)) ||
          so_far + static_cast<std::size_t>(m) > months.size())
        damaged(Impl::where(strategy, "months_in_year"), "does not count the months of each year");
      so_far += static_cast<std::size_t>(m);
      const bool last = y + 1 == months_in_year.size();
      if (last ? so_far != months.size() : YearMonth::parse(months[so_far - 1])->month != 3)
        damaged(Impl::where(strategy, "months_in_year"), "does not end its years in March");
    }
  }
  impl_->history = read_history(root);
}

ResultsReader::~ResultsReader() = default;

const std::string& ResultsReader::path() const {
  return impl_->path;
}

std::string ResultsReader::attribute(const std::string& name) const {
  return h5::read_string_attribute(impl_->file, name);
}

bool ResultsReader::has_attribute(const std::string& name) const {
  return h5::has_attribute(impl_->file, name);
}

std::int64_t ResultsReader::int_attribute(const std::string& name) const {
  return h5::read_int_attribute(impl_->file, name);
}

std::uint64_t ResultsReader::seed() const {
  return h5::read_uint_attribute(impl_->file, "seed");
}

std::int64_t ResultsReader::replications() const {
  return int_attribute("replications");
}

const std::optional<History>& ResultsReader::history() const {
  return impl_->history;
}

std::vector<std::string> ResultsReader::strategies() const {
  const auto names = members(h5::open_group(impl_->file, "strategies"));
  if (names.empty())
    throw UserError("damaged results file: '" + impl_->path + "' holds no strategy");
  if (std::find(names.begin(), names.end(), "base") == names.end())
    throw UserError("damaged results file: '" + impl_->path + "' has no 'base' strategy");
  return names;
}

std::vector<std::string> ResultsReader::datasets(const std::string& strategy) const {
  return members(h5::open_group(impl_->file, "strategies/" + strategy));
}

bool ResultsReader::has_dataset(const std::string& strategy, const std::string& dataset) const {
  const std::string full = Impl::where(strategy, dataset);
  return H5Lexists(impl_->file, "strategies", H5P_DEFAULT) > 0 &&
         H5Lexists(impl_->file, ("strategies/" + strategy).c_str(), H5P_DEFAULT) > 0 &&
         H5Lexists(impl_->file, full.c_str(), H5P_DEFAULT) > 0;
}

ResultsArray ResultsReader::layout(const std::string& strategy, const std::string& name) const {
  ResultsArray a;
  impl_->checked(strategy, name, a);
  return a;
}

ResultsArray ResultsReader::read(const std::string& strategy, const std::string& name) const {
  ResultsArray a;
  h5::Handle ds = impl_->checked(strategy, name, a);
  const std::string full = Impl::where(strategy, name);
  if (!numeric(ds)) damaged(full, "holds no numbers");
  std::uint64_t n = 1;
  for (std::uint64_t d : a.shape) n = d == 0 ? 0 : (n > MAX_WHOLE_READ ? n : n * d);
  if (n > MAX_WHOLE_READ)
    throw UserError("'" + impl_->path + "': dataset '" + full +
                    "' is too large to read whole; wfsim reads trajectories in blocks");
  a.values = h5::read_doubles(ds);
  return a;
}

std::vector<double> ResultsReader::read_rows(const std::string& strategy, const std::string& name,
                                             std::size_t category, std::uint64_t first,
                                             std::uint64_t count) const {
  ResultsArray a;
  h5::Handle ds = impl_->checked(strategy, name, a);
  const std::string full = Impl::where(strategy, name);
  if (!numeric(ds)) damaged(full, "holds no numbers");
  const std::size_t rank = a.shape.size();
  const auto rep = std::find(a.dims.begin(), a.dims.end(), "replication");
  if (rank < 2 || rank > 3 || rep == a.dims.end() || rep != a.dims.end() - 2)
    damaged(full, "is not laid out as [category,] replication, time");
  const std::uint64_t categories = rank == 3 ? a.shape[0] : 1;
  const std::uint64_t reps = a.shape[rank - 2], times = a.shape[rank - 1];
  if (category >= categories || first > reps || count > reps - first)
    throw InternalError("read_rows outside " + full);
  if (count * times > MAX_WHOLE_READ)
    throw InternalError("read_rows asked for too many values of " + full);
  std::vector<hsize_t> start, size;
  if (rank == 3) start.push_back(category), size.push_back(1);
  start.push_back(first), size.push_back(count);
  start.push_back(0), size.push_back(times);
  return h5::read_doubles(ds, start, size);
}

std::vector<std::string> ResultsReader::axis_labels(const std::string& strategy,
                                                    const std::string& axis) const {
  ResultsArray a;
  h5::Handle ds = impl_->checked(strategy, axis, a);
  const std::string full = Impl::where(strategy, axis);
  if (a.shape.size() != 1) damaged(full, "is an axis but not one-dimensional");
  if (a.shape[0] > MAX_WHOLE_READ) damaged(full, "is too long for an axis");
  h5::Handle type(H5Dget_type(ds), H5Tclose);
  if (type.id() >= 0 && H5Tget_class(type) == H5T_STRING) return h5::read_strings(ds);
  if (!numeric(ds)) damaged(full, "holds neither text nor numbers");
  std::vector<std::string> labels;
  char buf[32];
  for (double v : h5::read_doubles(ds)) {
    std::snprintf(buf, sizeof buf, "%.10g", v);
    labels.emplace_back(buf);
  }
  return labels;
}

void ResultsReader::check_quantile_levels(const std::string& strategy) const {
  const ResultsArray q = read(strategy, "quantile");
  if (q.shape.size() != 1 || q.values.size() != QUANTILE_COUNT ||
      !std::equal(q.values.begin(), q.values.end(), std::begin(QUANTILE_LEVELS)))
    damaged(Impl::where(strategy, "quantile"), "does not hold the quantile levels wfsim writes");
}

std::string ResultsReader::dataset_attribute(const std::string& strategy,
                                             const std::string& dataset,
                                             const std::string& name) const {
  h5::Handle ds = impl_->dataset(strategy, dataset);
  return h5::has_attribute(ds, name) ? h5::read_string_attribute(ds, name) : "";
}

std::vector<std::string> ResultsReader::dimensions(const std::string& strategy,
                                                   const std::string& name) const {
  return layout(strategy, name).dims;
}

}  // namespace wfsim
