#pragma once
// The scenario's numbers that may be distributions or be changed by `changes` and
// strategies, read into Scenario::parameters and found again by their path.
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "wfsim/model/parameters.hpp"
#include "wfsim/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace wfsim {

//! Reads numbers that may be distributions into Scenario::parameters, and finds them again
//! by their path (`stages.social_worker.leaving_rate`) for changes and strategies.
class Parameters {
 public:
  explicit Parameters(Scenario& sc) : sc_(sc) {}

  //! A number or distribution at `key` of `m`, registered under `path`; `fallback` (when
  //! given) is used if the key is absent.
  ParamId read(MapReader& m, const std::string& key, const std::string& path, const Range& range,
               bool whole, std::optional<double> fallback = std::nullopt);

  //! One parameter per tenure band at `key`: a number or distribution for every band, or a
  //! list with one for each.
  std::vector<ParamId> read_banded(MapReader& m, const std::string& key, const std::string& path,
                                   const Range& range, std::size_t bands);

  //! Changes may not set `path` (it would have no effect), for the reason given.
  void refuse(const std::string& path, const std::string& why) { refused_[path] = why; }
  //! Changes may set `path` only from the start (it is read once, at the start).
  void start_only(const std::string& path) { start_only_.insert(path); }

  //! Applies `value` (found at `where` in `m`) from month `from` to the parameter(s) at
  //! `path` of `target`: the scenario read, or a strategy's copy of it.
  void change(const MapReader& m, const YAML::Node& key_node, const std::string& path,
              const YAML::Node& value, const std::string& where, int from, Scenario& target);

  //! The parameter(s) at `path` (several for a stage's tenure bands). Fails at `key_node`
  //! of `m`, with the nearest path, if there is none, or with the reason if changes may not
  //! set it.
  const std::vector<ParamId>& find(const MapReader& m, const YAML::Node& key_node,
                                   const std::string& path, const std::string& where) const;
  //! Whether `path` is read once, at the start.
  bool is_start_only(const std::string& path) const { return start_only_.count(path) > 0; }
  //! The valid range of parameter `id`.
  const Range& range(ParamId id) const { return ranges_[id]; }

  //! Records where `path` was last set for `strategy`, to point at it in later messages.
  void mark(const std::string& strategy, const std::string& path, const YAML::Mark& at) {
    marks_[{strategy, path}] = at;
  }
  //! Where `path` was last set for `strategy`: by one of its changes, else in the base.
  YAML::Mark where(const std::string& strategy, const std::string& path) const;

 private:
  ParamId add(Parameter p, const Range& range);

  std::vector<Distribution> banded(const MapReader& m, const YAML::Node& n,
                                   const std::string& where, const Range& range, std::size_t bands);

  //! A plain number, or a mapping with one key naming a distribution.
  Distribution distribution(const MapReader& m, const YAML::Node& n, const std::string& where,
                            const Range& range, bool whole) const;

  Scenario& sc_;
  std::map<std::string, std::string> refused_;  // paths changes may not set, and why
  std::set<std::string> start_only_;            // paths changes may set only from the start
  std::vector<Range> ranges_;
  std::map<std::string, std::vector<ParamId>> by_path_;
  std::map<std::pair<std::string, std::string>, YAML::Mark> marks_;  // (strategy, path)
};

}  // namespace wfsim
