#pragma once
// Typed, checked access to a YAML mapping, used by the scenario loader. Every error goes
// through scenario_error(), which formats `file (line L, col C): path: message`.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace wfsim {

//! The one place scenario errors are made.
[[noreturn]] void scenario_error(const std::string& file, const YAML::Mark& mark,
                                 const std::string& path, const std::string& message);

//! Allowed values of a number, and how to describe them to a user.
struct Range {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false;  //!< whether `low` itself is excluded
  const char* expected = "a number";
};

inline constexpr Range PROBABILITY{0.0, 1.0, false, "a probability between 0 and 1"};
inline constexpr Range RATE{0.0, 1.0, false, "an annual rate between 0 and 1"};

//! A YAML mapping whose keys are checked: keys read are known; others are refused by finish().
class MapReader {
 public:
  MapReader(const std::string& file, const YAML::Node& node, std::string path);

  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  std::string child_path(const std::string& key) const;
  bool has(const std::string& key);

  //! The node under `key`; reports a missing key when `required`.
  YAML::Node get(const std::string& key, bool required, const char* expected);

  std::string text(const std::string& key);
  std::string text(const std::string& key, const std::string& fallback);
  double number(const std::string& key, const Range& range);
  double number(const std::string& key, const Range& range, double fallback);
  std::int64_t whole(const std::string& key, std::int64_t low, std::int64_t high);
  std::int64_t whole(const std::string& key, std::int64_t low, std::int64_t high,
                     std::int64_t fallback);
  std::uint64_t unsigned_whole(const std::string& key);
  //! `true` or `false` at `key`; `fallback` when absent.
  bool boolean(const std::string& key, bool fallback);
  //! A list under `key` (empty when absent and not required).
  YAML::Node list(const std::string& key, bool required);
  //! A mapping under `key`; std::nullopt when absent.
  std::optional<MapReader> map(const std::string& key);

  //! A number or whole number in `n`, found at `path`, checked as the keyed readers do.
  double number_at(const YAML::Node& n, const std::string& path, const Range& range) const {
    return to_number(n, path, range);
  }
  std::int64_t whole_at(const YAML::Node& n, const std::string& path, std::int64_t low,
                        std::int64_t high) const {
    return to_whole(n, path, low, high);
  }

  //! Refuses keys that were never asked for, suggesting the nearest known one.
  void finish() const;

  [[noreturn]] void fail(const YAML::Node& at, const std::string& path,
                         const std::string& message) const;
  const std::string& file() const { return file_; }

 private:
  double to_number(const YAML::Node& n, const std::string& path, const Range& range) const;
  std::int64_t to_whole(const YAML::Node& n, const std::string& path, std::int64_t low,
                        std::int64_t high) const;

  std::string file_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> known_;
};

}  // namespace wfsim
