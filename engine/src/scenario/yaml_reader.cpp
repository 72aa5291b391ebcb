#include "yaml_reader.hpp"

#include <cmath>
#include <sstream>

#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

void scenario_error(const std::string& file, const YAML::Mark& mark, const std::string& path,
                    const std::string& message) {
  std::ostringstream out;
  out << file;
  if (!mark.is_null()) out << " (line " << mark.line + 1 << ", col " << mark.column + 1 << ")";
  out << ": ";
  if (!path.empty()) out << path << ": ";
  out << message;
  throw ScenarioError(out.str());
}

namespace {

std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "'" + n.Scalar() + "'";
    default:
      return "nothing";
  }
}

std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

MapReader::MapReader(const std::string& file, const YAML::Node& node, std::string path)
    : file_(file), node_(node), path_(std::move(path)) {
  if (!node_.IsMap())
    fail(node_, path_, "expected a mapping of keys to values, got " + describe(node_));
  std::set<std::string> seen;
  for (const auto& kv : node_) {
    if (!kv.first.IsScalar()) fail(kv.first, path_, "a key must be plain text");
    const std::string key = kv.first.Scalar();
    if (!seen.insert(key).second) fail(kv.first, child_path(key), "key given twice");
  }
}

std::string MapReader::child_path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void MapReader::fail(const YAML::Node& at, const std::string& path,
                     const std::string& message) const {
  scenario_error(file_, at.Mark(), path, message);
}

bool MapReader::has(const std::string& key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  // A key given with no value counts as given, so that reading it says "got nothing".
  return node_[key].IsDefined();
}

YAML::Node MapReader::get(const std::string& key, bool required, const char* expected) {
  if (has(key)) {
    if (!node_[key].IsNull()) return node_[key];
    // An empty value has no position of its own worth showing: point at its key.
    for (const auto& kv : node_)
      if (kv.first.Scalar() == key)
        fail(kv.first, child_path(key), std::string("expected ") + expected + ", got nothing");
  }
  if (required) {
    // A misspelling of the missing key is the likelier mistake: point at it instead.
    for (const auto& kv : node_) {
      const std::string given = kv.first.Scalar();
      if (std::find(known_.begin(), known_.end(), given) == known_.end() &&
          near_miss(given, {key}) == key)
        fail(kv.first, child_path(given), "unknown key; did you mean '" + key + "'?");
    }
    fail(node_, path_, "missing required key '" + key + "' (expected " + expected + ")");
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

double MapReader::to_number(const YAML::Node& n, const std::string& path,
                            const Range& range) const {
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v))
    fail(n, path, std::string("expected ") + range.expected + ", got " + describe(n));
  const bool below = range.low_open ? v <= range.low : v < range.low;
  if (below || v > range.high)
    fail(n, path, std::string("expected ") + range.expected + ", got " + format_number(v));
  return v;
}

std::int64_t MapReader::to_whole(const YAML::Node& n, const std::string& path, std::int64_t low,
                                 std::int64_t high) const {
  const std::string expected =
      "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  long long v = 0;
  if (!n.IsScalar() || !YAML::convert<long long>::decode(n, v))
    fail(n, path, "expected " + expected + ", got " + describe(n));
  if (v < low || v > high) fail(n, path, "expected " + expected + ", got " + std::to_string(v));
  return v;
}

std::string MapReader::text(const std::string& key) {
  YAML::Node n = get(key, true, "text");
  if (!n.IsScalar()) fail(n, child_path(key), "expected text, got " + describe(n));
  return n.Scalar();
}

std::string MapReader::text(const std::string& key, const std::string& fallback) {
  return has(key) ? text(key) : fallback;
}

double MapReader::number(const std::string& key, const Range& range) {
  return to_number(get(key, true, range.expected), child_path(key), range);
}

double MapReader::number(const std::string& key, const Range& range, double fallback) {
  return has(key) ? number(key, range) : fallback;
}

std::int64_t MapReader::whole(const std::string& key, std::int64_t low, std::int64_t high) {
  return to_whole(get(key, true, "a whole number"), child_path(key), low, high);
}

std::int64_t MapReader::whole(const std::string& key, std::int64_t low, std::int64_t high,
                              std::int64_t fallback) {
  return has(key) ? whole(key, low, high) : fallback;
}

std::uint64_t MapReader::unsigned_whole(const std::string& key) {
  YAML::Node n = get(key, true, "a whole number at least 0");
  unsigned long long v = 0;
  const bool negative = n.IsScalar() && !n.Scalar().empty() && n.Scalar()[0] == '-';
  if (!n.IsScalar() || negative || !YAML::convert<unsigned long long>::decode(n, v))
    fail(n, child_path(key), "expected a whole number at least 0, got " + describe(n));
  return v;
}

bool MapReader::boolean(const std::string& key, bool fallback) {
  if (!has(key)) return fallback;
  YAML::Node n = get(key, true, "true or false");
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v))
    fail(n, child_path(key), "expected true or false, got " + describe(n));
  return v;
}

YAML::Node MapReader::list(const std::string& key, bool required) {
  YAML::Node n = get(key, required, "a list");
  if (!n.IsDefined()) return YAML::Node(YAML::NodeType::Sequence);
  if (!n.IsSequence()) fail(n, child_path(key), "expected a list, got " + describe(n));
  return n;
}

std::optional<MapReader> MapReader::map(const std::string& key) {
  if (!has(key)) return std::nullopt;
  return MapReader(file_, get(key, false, "a mapping of keys to values"), child_path(key));
}

void MapReader::finish() const {
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    const std::string guess = near_miss(key, known_);
    std::string message =
        guess.empty() ? "unknown key." : "unknown key; did you mean '" + guess + "'?";
    message += " Keys allowed here: ";
    for (std::size_t i = 0; i < known_.size(); ++i) message += (i ? ", " : "") + known_[i];
    fail(kv.first, child_path(key), message);
  }
}

}  // namespace wfsim
