#include "parameters.hpp"

#include <algorithm>
#include <cmath>

#include "schema.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

ParamId Parameters::read(MapReader& m, const std::string& key, const std::string& path,
                         const Range& range, bool whole, std::optional<double> fallback) {
  Parameter p;
  p.path = path;
  p.draw_key = path;
  p.low = range.low;
  p.high = range.high;
  p.whole = whole;
  if (!m.has(key) && fallback) {
    p.segments.push_back({0, Distribution::fixed(*fallback)});
    mark("base", path, m.node().Mark());
  } else {
    const YAML::Node n = m.get(key, true, range.expected);
    p.segments.push_back({0, distribution(m, n, m.child_path(key), range, whole)});
    mark("base", path, n.Mark());
  }
  return add(std::move(p), range);
}

std::vector<ParamId> Parameters::read_banded(MapReader& m, const std::string& key,
                                             const std::string& path, const Range& range,
                                             std::size_t bands) {
  const YAML::Node n = m.get(key, true, range.expected);
  const auto values = banded(m, n, m.child_path(key), range, bands);
  std::vector<ParamId> ids;
  for (std::size_t k = 0; k < bands; ++k) {
    Parameter p;
    p.path = bands > 1 ? item_path(path, k) : path;
    p.draw_key = path;
    p.low = range.low;
    p.high = range.high;
    p.segments.push_back({0, values[k]});
    ids.push_back(add(std::move(p), range));
  }
  by_path_[path] = ids;
  return ids;
}

void Parameters::change(const MapReader& m, const YAML::Node& key_node, const std::string& path,
                        const YAML::Node& value, const std::string& where, int from,
                        Scenario& target) {
  const auto& ids = find(m, key_node, path, where);
  if (from > 0 && start_only_.count(path))
    m.fail(key_node, where, "'" + path + "' applies from the start only: set it without 'from'");
  const Range& range = ranges_[ids.front()];
  std::vector<Distribution> values;
  if (ids.size() > 1)
    values = banded(m, value, where, range, ids.size());
  else
    values = {distribution(m, value, where, range, sc_.parameters[ids.front()].whole)};
  for (std::size_t k = 0; k < ids.size(); ++k) target.parameters[ids[k]].set_from(from, values[k]);
  mark(target.strategy, path, key_node.Mark());
}

const std::vector<ParamId>& Parameters::find(const MapReader& m, const YAML::Node& key_node,
                                             const std::string& path,
                                             const std::string& where) const {
  auto it = by_path_.find(path);
  if (it == by_path_.end()) {
    std::vector<std::string> known;
    for (const auto& [k, v] : by_path_) known.push_back(k);
    std::string message = "no parameter called '" + path + "'";
    const std::string guess = near_miss(path, known);
    message += guess.empty() ? ". Parameters look like stages.<id>.turnover_rate, "
                               "intakes.<id>.size or agency.cover_share: see "
                               "docs/scenario-reference.md"
                             : "; did you mean '" + guess + "'?";
    m.fail(key_node, where, message);
  }
  if (auto why = refused_.find(path); why != refused_.end()) m.fail(key_node, where, why->second);
  return it->second;
}

YAML::Mark Parameters::where(const std::string& strategy, const std::string& path) const {
  for (const std::string& s : {strategy, std::string("base")})
    if (auto it = marks_.find({s, path}); it != marks_.end()) return it->second;
  return YAML::Mark::null_mark();
}

ParamId Parameters::add(Parameter p, const Range& range) {
  const std::string path = p.path;
  sc_.parameters.push_back(std::move(p));
  const auto id = static_cast<ParamId>(sc_.parameters.size() - 1);
  ranges_.push_back(range);
  by_path_[path] = {id};
  return id;
}

std::vector<Distribution> Parameters::banded(const MapReader& m, const YAML::Node& n,
                                             const std::string& where, const Range& range,
                                             std::size_t bands) {
  if (!n.IsSequence())
    return std::vector<Distribution>(bands, distribution(m, n, where, range, false));
  if (n.size() != bands)
    m.fail(n, where,
           "expected " + std::to_string(bands) + " value" +
               (bands > 1 ? "s, one per tenure band" : "") + ", got " + std::to_string(n.size()));
  std::vector<Distribution> values;
  for (std::size_t k = 0; k < bands; ++k)
    values.push_back(distribution(m, n[k], item_path(where, k), range, false));
  return values;
}

Distribution Parameters::distribution(const MapReader& m, const YAML::Node& n,
                                      const std::string& where, const Range& range,
                                      bool whole) const {
  auto number = [&](const YAML::Node& v, const std::string& at) {
    const double x = m.number_at(v, at, range);
    if (whole && x != std::floor(x))
      m.fail(v, at, std::string("expected ") + range.expected + ", got " + format(x));
    return x;
  };
  if (!n.IsMap()) {
    if (n.IsScalar()) return Distribution::fixed(number(n, where));
    m.fail(n, where,
           std::string("expected ") + range.expected +
               " or a distribution (uniform, triangular, normal, beta, lognormal)");
  }
  if (n.size() != 1)
    m.fail(n, where,
           "a distribution is a mapping with one key: uniform, triangular, normal, "
           "beta or lognormal");
  const std::string kind = n.begin()->first.Scalar();
  const YAML::Node body = n.begin()->second;
  const std::string at = where + "." + kind;
  auto list = [&](std::size_t size, const char* names) {
    if (!body.IsSequence() || body.size() != size)
      m.fail(body, at, std::string("expected a list [") + names + "]");
    std::vector<double> v;
    for (std::size_t k = 0; k < size; ++k) v.push_back(number(body[k], item_path(at, k)));
    return v;
  };
  auto pair = [&](const char* first, const char* second, const Range& r1, const Range& r2) {
    MapReader b(m.file(), body, at);
    const double x = b.number(first, r1), y = b.number(second, r2);
    b.finish();
    return std::pair{x, y};
  };
  const Range positive{0.0, range.high, true, "a number above 0"};
  const Range spread_range{1.0, 100.0, false, "a factor from 1 to 100"};
  const Range sd_range{0.0, range.high - range.low, false, "a standard deviation at least 0"};
  if (kind == "uniform") {
    const auto v = list(2, "low, high");
    if (v[0] > v[1])
      m.fail(body, at,
             "low must not be above high, got low " + format(v[0]) + ", high " + format(v[1]));
    return {Distribution::Kind::uniform, v[0], v[1], 0};
  }
  if (kind == "triangular") {
    const auto v = list(3, "low, mode, high");
    if (!(v[0] <= v[1] && v[1] <= v[2]))
      m.fail(body, at,
             "expected low <= mode <= high, got " + format(v[0]) + ", " + format(v[1]) + ", " +
                 format(v[2]));
    // Stored as low, high, mode.
    return {Distribution::Kind::triangular, v[0], v[2], v[1]};
  }
  if (kind == "normal") {
    const auto [mean, sd] = pair("mean", "sd", range, sd_range);
    return {Distribution::Kind::normal, mean, sd, 0};
  }
  if (kind == "beta") {
    if (range.low < 0 || range.high > 1)
      m.fail(n, at, "a beta distribution is for shares and probabilities between 0 and 1");
    const auto [mean, sd] = pair("mean", "sd", {0.0, 1.0, true, "a mean above 0 and below 1"},
                                 {0.0, 0.5, true, "a standard deviation above 0"});
    const double largest = std::sqrt(mean * (1 - mean));
    if (mean >= 1 || sd >= largest)
      m.fail(body, at,
             "a beta distribution with mean " + format(mean) +
                 " needs an sd below sqrt(mean x (1 - mean)) = " + format(largest) + ", got " +
                 format(sd));
    return {Distribution::Kind::beta, mean, sd, 0};
  }
  if (kind == "lognormal") {
    const auto [median, spread] = pair("median", "spread", positive, spread_range);
    return {Distribution::Kind::lognormal, median, spread, 0};
  }
  std::string message = "unknown distribution '" + kind + "'";
  const std::string guess =
      near_miss(kind, {"uniform", "triangular", "normal", "beta", "lognormal"});
  message += guess.empty() ? "; use uniform, triangular, normal, beta or lognormal"
                           : "; did you mean '" + guess + "'?";
  m.fail(n.begin()->first, where, message);
}

}  // namespace wfsim
