#include "wfsim/scenario/load.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <yaml-cpp/depthguard.h>

#include "wfsim/errors.hpp"
#include "yaml_reader.hpp"
#include "yaml_syntax.hpp"

namespace wfsim {

namespace {

constexpr std::int64_t SCHEMA_VERSION = 1;
constexpr std::int64_t MAX_HORIZON = 1200;
// Limits well beyond any council, chosen so that no count or sum can overflow.
constexpr std::int64_t MAX_PEOPLE = 1'000'000;
constexpr Range FTE_PER_HEAD{0.01, 1.0, false, "an FTE per head from 0.01 to 1"};
constexpr Range MONEY{0.0, 1e7, false, "an amount from 0 to 10000000 (GBP per year)"};
constexpr Range POSTS{0.0, 1e6, false, "an FTE from 0 to 1000000"};
constexpr Range SHARE{0.0, 1.0, false, "a share between 0 and 1"};
constexpr Range ONE_OFF{0.0, 1e7, false, "an amount from 0 to 10000000 (GBP)"};
constexpr Range YEARLY_RISE{-0.5, 0.5, false, "a yearly rate from -0.5 to 0.5"};
constexpr Range DISCOUNT{0.0, 0.5, false, "a yearly rate from 0 to 0.5"};
//! HM Treasury Green Book discount rate.
constexpr double GREEN_BOOK_RATE = 0.035;
//! Where leavers went nationally in 2020-21, as shares of leavers: 4.2% of the workforce
//! to another council, 2.6% to agency work, 8.6% out of council children's social work
//! (shared/domain.md); retirement is not told apart there.
constexpr double NATIONAL_DESTINATIONS[] = {4.2 / 15.4, 2.6 / 15.4, 8.6 / 15.4, 0.0};
constexpr Range PLACES{0.0, 1e6, false, "a whole number from 0 to 1000000"};
constexpr Range TURNOVER{0.0, 1.0, false,
                         "a turnover rate between 0 and 1 (leavers in a year / average staff)"};
//! Most people a scenario may ever hold at once: opening staff, every intake over the
//! horizon, and experienced recruits up to the establishment.
constexpr double MAX_POPULATION = 1e8;
//! Most values on one axis of a sweep.
constexpr std::size_t MAX_SWEEP_VALUES = 100;

std::string item_path(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

std::string format(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

//! A large count written out in full with thousands separated: 100,000,045.
std::string whole_number(double v) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.0f", std::round(v));
  std::string out;
  const std::string d = digits;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return out;
}

//! Stage ids in the order given, to resolve references like `next: social_worker`.
class StageIndex {
 public:
  void add(const MapReader& at, const YAML::Node& node, const std::string& id) {
    if (index_.count(id))
      at.fail(node, at.child_path("id"), "stage id '" + id + "' is used by another stage");
    index_[id] = static_cast<int>(ids_.size());
    ids_.push_back(id);
  }
  //! Index of the stage named at `key` in `map`.
  int resolve(MapReader& map, const std::string& key) {
    return resolve(map, map.get(key, true, "a stage id"), map.child_path(key));
  }
  //! Index of the stage named by `value`, found at `path`.
  int resolve(const MapReader& map, const YAML::Node& value, const std::string& path) const {
    if (!value.IsScalar()) map.fail(value, path, "expected a stage id");
    const std::string id = value.Scalar();
    auto it = index_.find(id);
    if (it != index_.end()) return it->second;
    std::string message = "no stage called '" + id + "'";
    const std::string guess = near_miss(id, ids_);
    if (!guess.empty()) message += "; did you mean '" + guess + "'?";
    message += " Stages: ";
    for (std::size_t i = 0; i < ids_.size(); ++i) message += (i ? ", " : "") + ids_[i];
    map.fail(value, path, message);
  }

 private:
  std::map<std::string, int> index_;
  std::vector<std::string> ids_;
};

void check_identifier(const MapReader& m, const std::string& key, const std::string& value) {
  const bool ok = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!ok)
    m.fail(m.node()[key], m.child_path(key),
           "expected an identifier of lower-case letters, digits and '_', got '" + value + "'");
}

//! An entry route's name: an identifier, and not the name kept for opening staff.
void check_route(const MapReader& m, const std::string& key, const std::string& value) {
  check_identifier(m, key, value);
  if (value == "existing")
    m.fail(m.node()[key], m.child_path(key),
           "'existing' is the route of the staff in post at the start; choose another name");
}

//! Reads numbers that may be distributions into Scenario::parameters, and finds them again
//! by their path (`stages.social_worker.leaving_rate`) for changes and strategies.
class Parameters {
 public:
  explicit Parameters(Scenario& sc) : sc_(sc) {}

  //! A number or distribution at `key` of `m`, registered under `path`; `fallback` (when
  //! given) is used if the key is absent.
  ParamId read(MapReader& m, const std::string& key, const std::string& path, const Range& range,
               bool whole, std::optional<double> fallback = std::nullopt) {
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

  //! One parameter per tenure band at `key`: a number or distribution for every band, or a
  //! list with one for each.
  std::vector<ParamId> read_banded(MapReader& m, const std::string& key, const std::string& path,
                                   const Range& range, std::size_t bands) {
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

  //! Changes may not set `path` (it would have no effect), for the reason given.
  void refuse(const std::string& path, const std::string& why) { refused_[path] = why; }
  //! Changes may set `path` only from the start (it is read once, at the start).
  void start_only(const std::string& path) { start_only_.insert(path); }

  //! Applies `value` (found at `where` in `m`) from month `from` to the parameter(s) at
  //! `path` of `target`: the scenario read, or a strategy's copy of it.
  void change(const MapReader& m, const YAML::Node& key_node, const std::string& path,
              const YAML::Node& value, const std::string& where, int from, Scenario& target) {
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
    if (from > 0 && start_only_.count(path))
      m.fail(key_node, where, "'" + path + "' applies from the start only: set it without 'from'");
    const auto& ids = it->second;
    const Range& range = ranges_[ids.front()];
    std::vector<Distribution> values;
    if (ids.size() > 1)
      values = banded(m, value, where, range, ids.size());
    else
      values = {distribution(m, value, where, range, sc_.parameters[ids.front()].whole)};
    for (std::size_t k = 0; k < ids.size(); ++k)
      target.parameters[ids[k]].set_from(from, values[k]);
    mark(target.strategy, path, key_node.Mark());
  }

  //! Records where `path` was last set for `strategy`, to point at it in later messages.
  void mark(const std::string& strategy, const std::string& path, const YAML::Mark& at) {
    marks_[{strategy, path}] = at;
  }
  //! Where `path` was last set for `strategy`: by one of its changes, else in the base.
  YAML::Mark where(const std::string& strategy, const std::string& path) const {
    for (const std::string& s : {strategy, std::string("base")})
      if (auto it = marks_.find({s, path}); it != marks_.end()) return it->second;
    return YAML::Mark::null_mark();
  }

 private:
  ParamId add(Parameter p, const Range& range) {
    const std::string path = p.path;
    sc_.parameters.push_back(std::move(p));
    const auto id = static_cast<ParamId>(sc_.parameters.size() - 1);
    ranges_.push_back(range);
    by_path_[path] = {id};
    return id;
  }

  std::vector<Distribution> banded(const MapReader& m, const YAML::Node& n,
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

  //! A plain number, or a mapping with one key naming a distribution.
  Distribution distribution(const MapReader& m, const YAML::Node& n, const std::string& where,
                            const Range& range, bool whole) const {
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

  Scenario& sc_;
  std::map<std::string, std::string> refused_;  // paths changes may not set, and why
  std::set<std::string> start_only_;            // paths changes may set only from the start
  std::vector<Range> ranges_;
  std::map<std::string, std::vector<ParamId>> by_path_;
  std::map<std::pair<std::string, std::string>, YAML::Mark> marks_;  // (strategy, path)
};

//! The largest value a parameter can take in any month: the top of its distributions (six
//! standard deviations out for an unbounded one), within its range.
double most(const Parameter& p) {
  double top = 0;
  for (const auto& seg : p.segments)
    top = std::max(top, seg.value.quantile(1 - 1e-9, p.low, p.high));
  return top;
}

//! The smallest value a parameter can take in any month, as most() from below.
double least(const Parameter& p) {
  double bottom = std::numeric_limits<double>::infinity();
  for (const auto& seg : p.segments)
    bottom = std::min(bottom, seg.value.quantile(1e-9, p.low, p.high));
  return bottom;
}

//! Refuses a scenario (or strategy) that could hold more than MAX_POPULATION people at once:
//! opening staff, every intake place over the horizon and recruits up to the establishment
//! and above it at the recruits' smallest FTE per head. It points at the value adding most.
void check_population(const std::string& file, const Scenario& sc, const Parameters& params) {
  struct Term {
    double people;
    std::string path;
  };
  std::vector<Term> terms;
  for (const auto& st : sc.stages)
    terms.push_back({static_cast<double>(st.headcount), "stages." + st.id + ".headcount"});
  for (const auto& in : sc.intakes) {
    int intakes = 0;  // intake months within the horizon
    for (int t = 0; t < sc.horizon_months; ++t)
      intakes += sc.start.plus(t).month == in.month_of_year;
    terms.push_back({most(sc.parameters[in.size]) * intakes, sc.parameters[in.size].path});
  }
  for (const auto& g : sc.establishment) {
    if (g.recruit_stage < 0) continue;
    const double per_head =
        std::max(FTE_PER_HEAD.low, least(sc.parameters[sc.stages[g.recruit_stage].fte_per_head]));
    const double fte = most(sc.parameters[g.fte]) + most(sc.parameters[g.above_establishment]);
    terms.push_back({fte / per_head, sc.parameters[g.fte].path});
  }
  double total = 0;
  for (const auto& t : terms) total += t.people;
  if (total <= MAX_POPULATION) return;
  const auto largest = std::max_element(
      terms.begin(), terms.end(), [](const Term& a, const Term& b) { return a.people < b.people; });
  scenario_error(
      file, params.where(sc.strategy, largest->path), largest->path,
      (sc.strategy == "base" ? std::string("the scenario") : "strategy '" + sc.strategy + "'") +
          " could hold " + whole_number(total) +
          " people at once (opening staff, every intake place over the horizon and "
          "recruits up to the establishment); wfsim is sized for at most 100,000,000. "
          "This value adds the most: " +
          whole_number(largest->people));
}

//! Reads a list of changes (`from`, `set`) and applies them to `sc`.
//! The month index of the `from` key of `m` (0, the start, if absent); not before `start`.
int month_from(MapReader& m, const YearMonth& start) {
  if (!m.has("from")) return 0;
  const std::string text = m.text("from");
  const auto month = YearMonth::parse(text);
  if (!month)
    m.fail(m.node()["from"], m.child_path("from"),
           "expected a month as YYYY-MM, got '" + text + "'");
  const int from = (month->year - start.year) * 12 + (month->month - start.month);
  if (from < 0)
    m.fail(m.node()["from"], m.child_path("from"),
           text + " is before the start of the scenario (" + start.str() + ")");
  return from;
}

//! One entry of a `changes` list: parameters set from a month.
struct Change {
  int from;
  MapReader set;
};

//! Reads a list of changes (`from`, `set`), appending them to `changes`.
void read_changes(const std::string& file, const YAML::Node& list, const std::string& where,
                  const Scenario& sc, std::vector<Change>& changes) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    MapReader c(file, list[i], item_path(where, i));
    const int from = month_from(c, sc.start);
    auto set = c.map("set");
    if (!set) c.get("set", true, "a mapping of parameter paths to values");
    c.finish();
    changes.push_back({from, *set});
  }
}

//! Applies `changes` to `sc` in order of their months (in list order within a month), so a
//! later change applies on top of an earlier one whichever list it came from. The order is
//! sorted, not the changes: assigning a YAML::Node (as sorting would) overwrites the node
//! it refers to, which would corrupt the scenario's own tree.
void apply_changes(const std::vector<Change>& changes, Scenario& sc, Parameters& params) {
  std::vector<std::size_t> order(changes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return changes[a].from < changes[b].from; });
  for (std::size_t i : order)
    for (const Change& c = changes[i]; const auto& kv : c.set.node())
      params.change(c.set, kv.first, kv.first.Scalar(), kv.second,
                    c.set.child_path(kv.first.Scalar()), c.from, sc);
}

struct Parsed {
  Scenario base;
  std::vector<Scenario> strategies;
};

Parsed parse(const std::string& file, const YAML::Node& root) {
  if (!root.IsDefined() || root.IsNull())
    scenario_error(file, YAML::Mark::null_mark(), "", "the scenario is empty");
  MapReader top(file, root, "");
  Scenario sc;
  Parameters params(sc);

  const auto version = top.whole("schema_version", 0, 1000);
  if (version != SCHEMA_VERSION)
    top.fail(top.node()["schema_version"], "schema_version",
             "this wfsim reads schema_version " + std::to_string(SCHEMA_VERSION) + ", got " +
                 std::to_string(version));
  sc.schema_version = static_cast<int>(version);
  sc.name = top.text("name");
  {
    const std::string start = top.text("start");
    auto ym = YearMonth::parse(start);
    if (!ym)
      top.fail(top.node()["start"], "start", "expected a month as YYYY-MM, got '" + start + "'");
    sc.start = *ym;
  }
  sc.horizon_months = static_cast<int>(top.whole("horizon_months", 1, MAX_HORIZON));
  sc.replications = top.whole("replications", 1, 1'000'000'000);
  sc.seed = top.unsigned_whole("seed");
  sc.on_cost_rate = params.read(top, "on_cost_rate", "on_cost_rate", SHARE, false, 0.0);
  sc.pay_award = params.read(top, "pay_award", "pay_award", YEARLY_RISE, false, 0.0);
  sc.discount_rate =
      params.read(top, "discount_rate", "discount_rate", DISCOUNT, false, GREEN_BOOK_RATE);
  params.start_only("discount_rate");
  sc.price_base = top.text("price_base", "cash");
  if (sc.price_base != "cash" && sc.price_base != "real")
    top.fail(top.node()["price_base"], "price_base",
             "expected 'cash' (pounds of the day) or 'real' (pounds of the start year), got '" +
                 sc.price_base + "'");
  {
    YAML::Node bands = top.list("tenure_bands", false);
    for (std::size_t k = 0; k < bands.size(); ++k) {
      const std::string path = item_path("tenure_bands", k);
      const double years =
          top.number_at(bands[k], path, {0.0, 50.0, true, "years above 0, at most 50"});
      const double months = years * 12;
      if (std::abs(months - std::round(months)) > 1e-9)
        top.fail(bands[k], path,
                 "expected a whole number of months (years x 12), got " + std::to_string(months) +
                     " months");
      if (!sc.tenure_bands.empty() && std::lround(months) <= sc.tenure_bands.back())
        top.fail(bands[k], path, "tenure bands must increase");
      sc.tenure_bands.push_back(static_cast<int>(std::lround(months)));
    }
  }
  const std::size_t band_count = sc.tenure_bands.size() + 1;
  const std::string bands_expected =
      std::to_string(band_count) + " value" + (band_count > 1 ? "s, one per tenure band" : "");

  // Stages: ids first, so that references can point forwards.
  YAML::Node stages = top.list("stages", true);
  if (stages.size() == 0) top.fail(stages, "stages", "expected at least one stage");
  StageIndex index;
  std::vector<MapReader> stage_maps;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    stage_maps.emplace_back(file, stages[i], item_path("stages", i));
    MapReader& m = stage_maps.back();
    StageSpec st;
    st.id = m.text("id");
    check_identifier(m, "id", st.id);
    index.add(m, m.node()["id"], st.id);
    sc.stages.push_back(st);
  }
  for (std::size_t i = 0; i < stages.size(); ++i) {
    MapReader& m = stage_maps[i];
    StageSpec& st = sc.stages[i];
    const std::string path = "stages." + st.id;
    st.label = m.text("label", st.id);
    st.duration_months = static_cast<int>(m.whole("duration_months", 1, MAX_HORIZON, 0));
    if (m.has("headcount_by_tenure")) {
      if (st.timed())
        m.fail(m.node()["headcount_by_tenure"], m.child_path("headcount_by_tenure"),
               "a stage with duration_months spreads its opening staff over its months; give "
               "headcount");
      if (m.has("headcount"))
        m.fail(m.node()["headcount"], m.child_path("headcount"),
               "give headcount or headcount_by_tenure, not both");
      YAML::Node list = m.list("headcount_by_tenure", true);
      if (list.size() != band_count)
        m.fail(list, m.child_path("headcount_by_tenure"),
               "expected " + bands_expected + ", got " + std::to_string(list.size()));
      for (std::size_t k = 0; k < list.size(); ++k) {
        st.headcount_by_tenure.push_back(static_cast<int>(
            m.whole_at(list[k], item_path(m.child_path("headcount_by_tenure"), k), 0, MAX_PEOPLE)));
        st.headcount += st.headcount_by_tenure.back();
      }
    } else {
      st.headcount = static_cast<int>(m.whole("headcount", 0, MAX_PEOPLE));
    }
    params.mark("base", path + ".headcount",
                m.node()[m.has("headcount") ? "headcount" : "headcount_by_tenure"].Mark());
    st.fte_per_head =
        params.read(m, "fte_per_head", path + ".fte_per_head", FTE_PER_HEAD, false, 1.0);
    st.annual_salary = params.read(m, "salary", path + ".salary", MONEY, false, 0.0);
    // Leaving as a yearly probability, or as turnover the way councils report it.
    st.leaving_as_turnover = m.has("turnover_rate");
    if (st.leaving_as_turnover && m.has("leaving_rate"))
      m.fail(m.node()["leaving_rate"], m.child_path("leaving_rate"),
             "give leaving_rate (the share of staff leaving in a year) or turnover_rate (leavers "
             "in a year / average staff, as the DfE reports it), not both");
    const std::string leaving_key = st.leaving_as_turnover ? "turnover_rate" : "leaving_rate";
    st.leaving_by_tenure = params.read_banded(m, leaving_key, path + "." + leaving_key,
                                              st.leaving_as_turnover ? TURNOVER : RATE, band_count);
    st.training_cost = params.read(m, "training_cost", path + ".training_cost", MONEY, false, 0.0);
    st.retention_payment =
        params.read(m, "retention_payment", path + ".retention_payment", MONEY, false, 0.0);
    st.grant = params.read(m, "grant", path + ".grant", MONEY, false, 0.0);
    st.qualified = m.boolean("qualified", true);
    st.sickness_days = params.read(m, "sickness_days", path + ".sickness_days",
                                   {0.0, 227.0, false, "days from 0 to 227"}, false, 0.0);
    st.long_leave_share =
        params.read(m, "long_leave_share", path + ".long_leave_share", SHARE, false, 0.0);
    const bool has_completion = m.has("completion_probability");
    st.completion_probability = params.read(
        m, "completion_probability", path + ".completion_probability", PROBABILITY, false, 1.0);
    const bool has_next = m.has("next");
    if (has_next) st.next_stage = index.resolve(m, "next");
    YAML::Node promos = m.list("promotions", false);
    if (st.timed()) {
      if (!has_next)
        m.fail(m.node(), m.path(),
               "a stage with duration_months needs 'next': the stage its completers move to");
      if (st.next_stage == static_cast<int>(i))
        m.fail(m.node()["next"], m.child_path("next"), "a stage cannot progress into itself");
      if (promos.size() > 0)
        m.fail(promos, m.child_path("promotions"),
               "a stage with duration_months progresses by time; rate-based promotions are "
               "for stages without a duration");
    } else {
      if (has_next) m.fail(m.node()["next"], m.child_path("next"), "'next' needs duration_months");
      if (has_completion)
        m.fail(m.node()["completion_probability"], m.child_path("completion_probability"),
               "completion_probability needs duration_months");
    }
    for (std::size_t k = 0; k < promos.size(); ++k) {
      MapReader p(file, promos[k], item_path(m.child_path("promotions"), k));
      Promotion promo;
      promo.to_stage = index.resolve(p, "to");
      if (promo.to_stage == static_cast<int>(i))
        p.fail(p.node()["to"], p.child_path("to"), "a stage cannot be promoted into itself");
      promo.annual_rate = params.read(
          p, "annual_rate", path + ".promotions." + sc.stages[promo.to_stage].id + ".annual_rate",
          RATE, false);
      p.finish();
      st.promotions.push_back(promo);
    }
    m.finish();
  }

  YAML::Node intakes = top.list("intakes", false);
  for (std::size_t i = 0; i < intakes.size(); ++i) {
    MapReader m(file, intakes[i], item_path("intakes", i));
    IntakeSpec in;
    in.route = m.text("route");
    check_route(m, "route", in.route);
    in.id = m.text("id", in.route);
    check_identifier(m, m.has("id") ? "id" : "route", in.id);
    for (const auto& other : sc.intakes)
      if (other.id == in.id)
        m.fail(m.node()[m.has("id") ? "id" : "route"], m.path(),
               "another intake is already called '" + in.id +
                   "': give each intake of the same route its own id");
    in.stage = index.resolve(m, "stage");
    in.month_of_year = static_cast<int>(m.whole("month", 1, 12));
    const std::string path = "intakes." + in.id;
    in.size = params.read(m, "size", path + ".size", PLACES, true);
    in.fill_probability =
        params.read(m, "fill_probability", path + ".fill_probability", PROBABILITY, false, 1.0);
    in.cost_per_hire =
        params.read(m, "cost_per_hire", path + ".cost_per_hire", ONE_OFF, false, 0.0);
    m.finish();
    sc.intakes.push_back(in);
  }

  YAML::Node groups = top.list("establishment", false);
  std::vector<int> group_of(sc.stages.size(), -1);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    MapReader m(file, groups[g], item_path("establishment", g));
    EstablishmentGroup grp;
    grp.id = m.text("id");
    check_identifier(m, "id", grp.id);
    for (const auto& other : sc.establishment)
      if (other.id == grp.id)
        m.fail(m.node()["id"], m.child_path("id"), "group id '" + grp.id + "' is used twice");
    if (grp.id == "all")
      m.fail(m.node()["id"], m.child_path("id"), "'all' is reserved for the total of all groups");
    YAML::Node list = m.list("stages", true);
    if (list.size() == 0) m.fail(list, m.child_path("stages"), "expected at least one stage");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const int s = index.resolve(m, list[k], item_path(m.child_path("stages"), k));
      if (group_of[s] >= 0)
        m.fail(
            list[k], item_path(m.child_path("stages"), k),
            "stage '" + sc.stages[s].id + "' is already in establishment group '" +
                (group_of[s] == static_cast<int>(g) ? grp.id : sc.establishment[group_of[s]].id) +
                "'");
      group_of[s] = static_cast<int>(g);
      grp.stages.push_back(s);
    }
    const std::string path = "establishment." + grp.id;
    grp.fte = params.read(m, "fte", path + ".fte", POSTS, false);
    if (auto r = m.map("recruitment")) {
      grp.recruit_stage = index.resolve(*r, "stage");
      if (std::find(grp.stages.begin(), grp.stages.end(), grp.recruit_stage) == grp.stages.end())
        r->fail(r->node()["stage"], r->child_path("stage"),
                "recruits must join one of this group's stages");
      grp.recruit_route = r->text("route", "experienced");
      check_route(*r, "route", grp.recruit_route);
      grp.monthly_fill_probability =
          params.read(*r, "monthly_fill_probability",
                      path + ".recruitment.monthly_fill_probability", PROBABILITY, false);
      grp.cost_per_hire = params.read(*r, "cost_per_hire", path + ".recruitment.cost_per_hire",
                                      ONE_OFF, false, 0.0);
      grp.experience_months = static_cast<int>(r->whole("experience_months", 0, 600, 36));
      grp.monthly_cost =
          params.read(*r, "monthly_cost", path + ".recruitment.monthly_cost", ONE_OFF, false, 0.0);
      grp.above_establishment = params.read(
          *r, "above_establishment", path + ".recruitment.above_establishment", POSTS, false, 0.0);
      r->finish();
    }
    m.finish();
    sc.establishment.push_back(grp);
  }

  {
    // Agency cover: absent means none.
    std::optional<MapReader> a = top.map("agency");
    MapReader none(file, YAML::Node(YAML::NodeType::Map), "agency");
    MapReader& m = a ? *a : none;
    sc.agency.cover_share =
        params.read(m, "cover_share", "agency.cover_share", PROBABILITY, false, 0.0);
    sc.agency.annual_cost_per_fte =
        params.read(m, "annual_cost_per_fte", "agency.annual_cost_per_fte", MONEY, false, 0.0);
    sc.agency.max_fte = params.read(m, "max_fte", "agency.max_fte", POSTS, false, 1e6);
    sc.agency.availability = params.read(m, "monthly_availability", "agency.monthly_availability",
                                         PROBABILITY, false, 1.0);
    sc.agency.annual_churn =
        params.read(m, "annual_churn", "agency.annual_churn", RATE, false, 0.0);
    sc.agency.annual_conversion =
        params.read(m, "annual_conversion", "agency.annual_conversion", RATE, false, 0.0);
    sc.agency.hourly = m.has("hourly_rate");
    if (sc.agency.hourly && m.has("annual_cost_per_fte"))
      m.fail(m.node()["hourly_rate"], "agency.hourly_rate",
             "give annual_cost_per_fte or hourly_rate, not both");
    const Range hourly{0.0, 1000.0, false, "GBP per hour from 0 to 1000"};
    sc.agency.hourly_rate = params.read(m, "hourly_rate", "agency.hourly_rate", hourly, false, 0.0);
    sc.agency.hours_per_week =
        params.read(m, "hours_per_week", "agency.hours_per_week",
                    {0.0, 80.0, true, "hours above 0, at most 80"}, false, 37.0);
    sc.agency.max_hourly_rate =
        params.read(m, "max_hourly_rate", "agency.max_hourly_rate", hourly, false, 1000.0);
    sc.agency.ban_months = static_cast<int>(m.whole("ban_months", 0, 120, 3));
    // Only the costing the scenario uses can be changed.
    if (sc.agency.hourly) {
      params.refuse("agency.annual_cost_per_fte",
                    "this scenario costs agency by the hour: change agency.hourly_rate, "
                    "agency.hours_per_week or agency.max_hourly_rate");
    } else {
      for (const char* p :
           {"agency.hourly_rate", "agency.hours_per_week", "agency.max_hourly_rate"})
        params.refuse(p,
                      "this scenario costs agency per FTE per year: change "
                      "agency.annual_cost_per_fte (or give hourly_rate in agency)");
    }
    sc.agency.cover_long_leave = m.boolean("cover_long_leave", false);
    m.finish();
  }

  if (auto d = top.map("demand")) {
    // Caseload-driven demand.
    DemandSpec& dem = sc.demand;
    dem.enabled = true;
    dem.open_cases = params.read(*d, "open_cases", "demand.open_cases",
                                 {0.0, 1e7, false, "a number of cases from 0 to 10000000"}, false);
    params.start_only("demand.open_cases");
    dem.annual_growth =
        params.read(*d, "annual_growth", "demand.annual_growth", YEARLY_RISE, false, 0.0);
    dem.monthly_noise =
        params.read(*d, "monthly_noise", "demand.monthly_noise",
                    {0.0, 1.0, false, "a standard deviation from 0 to 1"}, false, 0.0);
    dem.target_caseload.assign(sc.stages.size(), -1);
    auto targets = d->map("target_caseload");
    if (!targets) d->get("target_caseload", true, "a mapping of stage ids to cases per FTE");
    double highest = -1;
    for (const auto& kv : targets->node()) {
      const int s = index.resolve(*targets, kv.first, targets->child_path(kv.first.Scalar()));
      const std::string key = kv.first.Scalar();
      dem.target_caseload[s] =
          params.read(*targets, key, "demand.target_caseload." + key,
                      {0.0, 1000.0, true, "cases per FTE above 0, at most 1000"}, false);
      const double v = sc.parameters[dem.target_caseload[s]].mean(0);
      if (v > highest) highest = v, dem.reference_stage = s;
    }
    targets->finish();
    if (dem.reference_stage < 0)
      d->fail(d->node()["target_caseload"], "demand.target_caseload",
              "expected at least one stage's target caseload");
    if (d->has("reference_stage")) {
      dem.reference_stage = index.resolve(*d, "reference_stage");
      if (dem.target_caseload[dem.reference_stage] < 0)
        d->fail(d->node()["reference_stage"], "demand.reference_stage",
                "the reference stage needs a target caseload");
    }
    if (d->has("establishment_group")) {
      const std::string id = d->text("establishment_group");
      for (std::size_t g = 0; g < sc.establishment.size(); ++g)
        if (sc.establishment[g].id == id) dem.establishment_group = static_cast<int>(g);
      if (dem.establishment_group < 0)
        d->fail(d->node()["establishment_group"], "demand.establishment_group",
                "no establishment group called '" + id + "'");
    }
    d->finish();
  }

  {
    YAML::Node points = top.list("workload_feedback", false);
    if (points.size() > 0 && !sc.demand.enabled)
      top.fail(points, "workload_feedback", "workload feedback needs demand (caseloads)");
    for (std::size_t k = 0; k < points.size(); ++k) {
      MapReader p(file, points[k], item_path("workload_feedback", k));
      const double ratio = p.number("ratio", {0.0, 10.0, false, "a caseload ratio from 0 to 10"});
      const double factor = p.number("multiplier", {0.0, 10.0, false, "a multiplier from 0 to 10"});
      if (!sc.workload_feedback.empty() && ratio <= sc.workload_feedback.back().first)
        p.fail(p.node()["ratio"], p.child_path("ratio"), "ratios must increase");
      p.finish();
      sc.workload_feedback.emplace_back(ratio, factor);
    }
  }

  {
    // Where leavers go: given shares (absent destinations take none), or national shares.
    std::optional<MapReader> d = top.map("leaver_destinations");
    MapReader none(file, YAML::Node(YAML::NodeType::Map), "leaver_destinations");
    MapReader& m = d ? *d : none;
    double fixed_sum = 0;
    bool all_fixed = true;
    for (std::size_t k = 0; k < std::size(LEAVER_DESTINATIONS); ++k) {
      const std::string key = LEAVER_DESTINATIONS[k];
      const ParamId id = params.read(m, key, "leaver_destinations." + key, SHARE, false,
                                     d ? 0.0 : NATIONAL_DESTINATIONS[k]);
      sc.destinations.push_back(id);
      const Parameter& p = sc.parameters[id];
      all_fixed = all_fixed && !p.uncertain();
      fixed_sum += p.segments[0].value.a;
    }
    m.finish();
    if (d && all_fixed && std::abs(fixed_sum - 1) > 1e-6)
      m.fail(m.node(), "leaver_destinations",
             "the shares of leavers must add up to 1, got " + format(fixed_sum));
  }

  YAML::Node targets = top.list("targets", false);
  for (std::size_t k = 0; k < targets.size(); ++k) {
    MapReader m(file, targets[k], item_path("targets", k));
    TargetSpec target;
    target.name = m.text("name");
    check_identifier(m, "name", target.name);
    for (const auto& other : sc.targets)
      if (other.name == target.name)
        m.fail(m.node()["name"], m.child_path("name"),
               "target name '" + target.name + "' is used twice");
    target.description = m.text("description", "");
    const std::string measure = m.text("measure");
    const std::vector<std::string> measures(std::begin(TARGET_MEASURES), std::end(TARGET_MEASURES));
    const auto found = std::find(measures.begin(), measures.end(), measure);
    if (found == measures.end()) {
      const std::string guess = near_miss(measure, measures);
      m.fail(m.node()["measure"], m.child_path("measure"),
             "no measure called '" + measure + "'" +
                 (guess.empty() ? "; measures: permanence, agency_rate, vacancy_rate, "
                                  "average_caseload, turnover, agency_spend"
                                : "; did you mean '" + guess + "'?"));
    }
    target.measure = static_cast<TargetSpec::Measure>(found - measures.begin());
    if (target.measure == TargetSpec::Measure::average_caseload && !sc.demand.enabled)
      m.fail(m.node()["measure"], m.child_path("measure"), "average_caseload needs demand");
    if (m.has("group")) {
      const std::string id = m.text("group");
      for (std::size_t g = 0; g < sc.establishment.size(); ++g)
        if (sc.establishment[g].id == id) target.group = static_cast<int>(g);
      if (target.group < 0)
        m.fail(m.node()["group"], m.child_path("group"),
               "no establishment group called '" + id + "'");
    }
    const bool least = m.has("at_least"), most = m.has("at_most");
    if (least == most) m.fail(m.node(), m.path(), "give the threshold as at_least or as at_most");
    target.at_least = least;
    // Shares are written as fractions: `at_least: 85` on permanence could never be met.
    const Range share{0.0, 1.0, false,
                      "a share from 0 to 1 (shares are written as fractions: 0.85, not 85)"};
    const Range caseload{0.0, 10000.0, false, "a caseload from 0 to 10000 cases per FTE"};
    const Range spend{0.0, 1e10, false, "an amount from 0 to 10000000000 (GBP in a year)"};
    const Range& limits = target.measure == TargetSpec::Measure::average_caseload ? caseload
                          : target.measure == TargetSpec::Measure::agency_spend   ? spend
                                                                                  : share;
    target.threshold = m.number(least ? "at_least" : "at_most", limits);
    m.finish();
    sc.targets.push_back(target);
  }

  YAML::Node sweep = top.list("sweep", false);
  if (sweep.size() > 2) top.fail(sweep, "sweep", "a sweep has one or two levers");
  for (std::size_t k = 0; k < sweep.size(); ++k) {
    MapReader m(file, sweep[k], item_path("sweep", k));
    SweepAxis axis;
    axis.lever = m.text("lever");
    const bool known =
        std::any_of(sc.parameters.begin(), sc.parameters.end(), [&](const Parameter& p) {
          return p.path == axis.lever || p.path.rfind(axis.lever + "[", 0) == 0;
        });
    if (!known)
      m.fail(m.node()["lever"], m.child_path("lever"), "no parameter called '" + axis.lever + "'");
    axis.from = month_from(m, sc.start);
    YAML::Node values = m.get("values", true, "a list of values, or {from, to, step}");
    const Range any{-1e9, 1e9, false, "a number"};
    if (values.IsSequence()) {
      for (std::size_t i = 0; i < values.size(); ++i)
        axis.values.push_back(m.number_at(values[i], item_path(m.child_path("values"), i), any));
    } else {
      MapReader r(file, values, m.child_path("values"));
      const double lo = r.number("from", any), hi = r.number("to", any);
      const double step = r.number("step", {0.0, 1e9, true, "a step above 0"});
      r.finish();
      if (hi < lo)
        r.fail(values, r.path(),
               "'to' (" + format(hi) + ") must not be below 'from' (" + format(lo) + ")");
      // Counted before any is made: a tiny step must be refused, not fill the memory.
      const double count = std::floor((hi - lo) / step + 1e-9) + 1;
      if (count > MAX_SWEEP_VALUES)
        r.fail(values, r.path(),
               "from " + format(lo) + " to " + format(hi) + " by " + format(step) + " gives " +
                   format(count) + " values; a sweep axis has at most " +
                   std::to_string(MAX_SWEEP_VALUES) + ": use a larger step");
      for (int k = 0; k < static_cast<int>(count); ++k) axis.values.push_back(lo + k * step);
    }
    if (axis.values.empty() || axis.values.size() > MAX_SWEEP_VALUES)
      m.fail(m.node()["values"], m.child_path("values"),
             "expected 1 to " + std::to_string(MAX_SWEEP_VALUES) + " values, got " +
                 std::to_string(axis.values.size()));
    m.finish();
    sc.sweep.push_back(axis);
  }

  // The policy timeline of the base scenario; each strategy's changes are merged into it
  // by month, on a copy of the scenario before any change.
  const Scenario unchanged = sc;
  std::vector<Change> base_changes;
  read_changes(file, top.list("changes", false), "changes", sc, base_changes);
  apply_changes(base_changes, sc, params);
  Parsed parsed;
  YAML::Node strategies = top.list("strategies", false);
  std::vector<std::string> names = {"base"};
  for (std::size_t k = 0; k < strategies.size(); ++k) {
    MapReader m(file, strategies[k], item_path("strategies", k));
    Scenario variant = sc;
    variant.strategy = m.text("name");
    check_identifier(m, "name", variant.strategy);
    if (std::find(names.begin(), names.end(), variant.strategy) != names.end())
      m.fail(m.node()["name"], m.child_path("name"),
             "the strategy name '" + variant.strategy +
                 "' is taken ('base' is the scenario without strategies)");
    names.push_back(variant.strategy);
    variant.strategy_description = m.text("description", "");
    std::vector<Change> changes = base_changes;
    read_changes(file, m.list("changes", true), m.child_path("changes"), variant, changes);
    variant.parameters = unchanged.parameters;
    apply_changes(changes, variant, params);
    m.finish();
    parsed.strategies.push_back(std::move(variant));
  }
  top.finish();
  // The population each can reach, after its changes: a change may raise it.
  check_population(file, sc, params);
  for (const Scenario& variant : parsed.strategies) check_population(file, variant, params);
  parsed.base = std::move(sc);
  return parsed;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& source) {
  return load_strategies_text(text, source).front();
}

std::vector<Scenario> load_strategies_text(const std::string& text, const std::string& source) {
  check_yaml_syntax(text, source);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& e) {
    scenario_error(source, e.mark, "",
                   "the YAML is nested " + std::to_string(e.depth()) +
                       " levels deep or more; a scenario needs a handful");
  } catch (const YAML::Exception& e) {
    scenario_error(source, e.mark, "", "malformed YAML: " + e.msg);
  }
  // A second document would be silently ignored: refuse it, as a mistake it most likely is.
  if (documents.size() > 1)
    scenario_error(source, documents[1].Mark(), "",
                   "a second YAML document (after '---'): a scenario file holds one scenario; "
                   "put variants under 'strategies'");
  const YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
  Parsed parsed = parse(source, root);
  std::vector<Scenario> all;
  all.push_back(std::move(parsed.base));
  for (auto& s : parsed.strategies) all.push_back(std::move(s));
  for (auto& s : all) {
    s.source_text = text;
    s.source_path = source;
  }
  return all;
}

namespace {

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw UserError("'" + path + "' is a folder, not a scenario file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError("cannot read scenario file '" + path +
                    "': " + (errno ? std::strerror(errno) : "cannot be opened"));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UserError("cannot read scenario file '" + path + "': read error");
  return text.str();
}

}  // namespace

Scenario load_scenario_file(const std::string& path) {
  return load_scenario_text(read_file(path), path);
}

std::vector<Scenario> load_strategies_file(const std::string& path) {
  return load_strategies_text(read_file(path), path);
}

std::string near_miss(const std::string& word, const std::vector<std::string>& candidates) {
  // Edit distance with transpositions; a candidate within a third of the word's length
  // (at least 1, at most 3 edits) is a likely typo.
  auto distance = [](const std::string& a, const std::string& b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i)
      for (std::size_t j = 1; j <= m; ++j) {
        const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    return d[n][m];
  };
  const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    // A shortened key (`horizon` for `horizon_months`) counts as one edit.
    const bool prefix = word.size() >= 4 && c.size() > word.size() && c.rfind(word, 0) == 0;
    const std::size_t dist = prefix ? 1 : distance(word, c);
    if (dist < best_distance) best = c, best_distance = dist;
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
  const std::string guess = near_miss(word, names);
  if (!guess.empty()) return "; did you mean '" + guess + "'?";
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  return all.empty() ? "" : "; choose from " + all;
}

}  // namespace wfsim
