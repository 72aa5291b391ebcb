#pragma once
//! The HDF5 results file: an adapter that consumes a run's results. The layout is
//! documented in docs/results-format.md; bump FORMAT_VERSION whenever it changes.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wfsim/model/expected.hpp"
#include "wfsim/model/model.hpp"
#include "wfsim/run/runner.hpp"
#include "wfsim/stats/summary.hpp"

namespace wfsim {

inline constexpr const char* RESULTS_FILE_TYPE = "wfsim results";
inline constexpr std::int64_t RESULTS_FORMAT_VERSION = 2;

//! How a run was made, beyond the scenario itself.
struct Provenance {
  std::string command_line;
  std::int64_t replications = 0;
  std::uint64_t seed = 0;
  int horizon_months = 0;
};

//! Refuses (UserError) to write `path` when it is one of `inputs`: the same file by
//! identity, whatever the name (./s.yaml, a link), since writing would destroy the input.
void refuse_overwriting_inputs(const std::string& path, const std::vector<std::string>& inputs);

//! A path written under a temporary name in the same folder, renamed into place by
//! commit(). Until then the destination is untouched; an uncommitted temporary file is
//! removed when the object goes (an error or Ctrl-C leaves nothing half-written).
class AtomicOutput {
 public:
  //! Refuses a path that is one of `inputs` (the same file by identity, whatever its name)
  //! and a folder it cannot write to, with the system's reason.
  explicit AtomicOutput(std::string path, const std::vector<std::string>& inputs = {});
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  const std::string& temp_path() const { return temp_; }
  const std::string& path() const { return path_; }
  void commit();

 private:
  std::string path_, temp_;
  bool committed_ = false;
};

//! Why the last failed write to the results file at `path` (in this thread) failed, when
//! the system gave a reason the user can act on (disk full, file too large, no permission):
//! that reason, for example "No space left on device"; "" for a failure of wfsim itself.
//! When errno was lost, the file's size limit and its file system's free space decide.
std::string results_write_failure(const std::string& path = "");

//! A results file being written: its root holds the provenance; each strategy's results
//! go to a group of their own through a ResultsWriter.
class ResultsFile {
 public:
  //! Creates the file at `path` (a temporary path: see AtomicOutput) and writes the
  //! provenance of `scenario` (the base) and the names of `strategies`.
  ResultsFile(const std::string& path, const Scenario& scenario, const Provenance& provenance,
              const std::vector<std::string>& strategies);
  ~ResultsFile();
  //! Closes the file, reporting any failure to write it.
  void close();

 private:
  friend class ResultsWriter;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

//! Writes one strategy's results into /strategies/<strategy>: trajectories block by block
//! as the run goes, summaries and the expected-value projection at the end.
class ResultsWriter : public ResultSink {
 public:
  //! Trajectories are stored in chunks of `chunk_rows` replications: the run's block size.
  ResultsWriter(ResultsFile& file, const Model& model, std::int64_t replications, bool trajectories,
                std::int64_t chunk_rows);
  ~ResultsWriter() override;
  void write_block(std::int64_t first, std::int64_t count, std::span<const double> values,
                   const ParallelFor& parallel) override;
  //! Writes the summaries and the expected projection, and closes the group.
  void finish(const Summary& summary, const ExpectedProjection& expected);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

//! A dataset read back from a results file: the names of its dimensions (its axes), their
//! lengths and its values (`[d0][d1]...`, last dimension fastest).
struct ResultsArray {
  std::vector<std::string> dims;
  std::vector<std::uint64_t> shape;
  std::vector<double> values;
};

//! Reads results files. Refuses files of another type or format version, and checks every
//! dataset against the format before use: numbers where numbers belong, and each dimension
//! attached to an axis of the same length. A damaged file is reported as a UserError naming
//! the dataset, never read out of bounds.
class ResultsReader {
 public:
  //! Most values read whole at once; trajectories are read in rows (read_rows) instead.
  static constexpr std::uint64_t MAX_WHOLE_READ = std::uint64_t{1} << 23;

  explicit ResultsReader(const std::string& path);
  ~ResultsReader();
  const std::string& path() const;
  std::string attribute(const std::string& name) const;
  std::int64_t int_attribute(const std::string& name) const;
  //! Whether the file's root has the attribute `name`.
  bool has_attribute(const std::string& name) const;
  //! The published figures the scenario was built from (the root group `history`), checked
  //! when the file was opened; std::nullopt if the file has none.
  const std::optional<History>& history() const;
  //! The run's seed (the `seed` attribute), all 64 bits of it.
  std::uint64_t seed() const;
  //! The replications the file holds (the `replications` attribute, at least 1).
  std::int64_t replications() const;
  //! The strategy groups, in name order.
  std::vector<std::string> strategies() const;
  //! Names of the datasets in a strategy's group, in name order.
  std::vector<std::string> datasets(const std::string& strategy) const;
  bool has_dataset(const std::string& strategy, const std::string& dataset) const;
  //! A dataset's dimensions and shape, checked against its axes; `values` is left empty.
  ResultsArray layout(const std::string& strategy, const std::string& dataset) const;
  //! A whole dataset, checked as by layout(); refuses more than MAX_WHOLE_READ values.
  ResultsArray read(const std::string& strategy, const std::string& dataset) const;
  //! Replications [first, first + count) of category `category` of a trajectory dataset
  //! ([category,] replication, time): `count` rows of the time axis's length.
  std::vector<double> read_rows(const std::string& strategy, const std::string& dataset,
                                std::size_t category, std::uint64_t first,
                                std::uint64_t count) const;
  //! Labels of an axis (a dimension scale): its text, or its numbers written out.
  std::vector<std::string> axis_labels(const std::string& strategy, const std::string& axis) const;
  //! The quantile levels of a strategy's summaries, checked to be QUANTILE_LEVELS.
  void check_quantile_levels(const std::string& strategy) const;
  //! A text attribute of a dataset, or "" if it has none.
  std::string dataset_attribute(const std::string& strategy, const std::string& dataset,
                                const std::string& name) const;
  //! Names of the dimensions of a dataset, from its attached dimension scales.
  std::vector<std::string> dimensions(const std::string& strategy,
                                      const std::string& dataset) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wfsim
