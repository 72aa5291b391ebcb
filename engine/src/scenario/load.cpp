#include "wfsim/scenario/load.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <yaml-cpp/depthguard.h>

#include "parameters.hpp"
#include "schema.hpp"
#include "sections.hpp"
#include "wfsim/errors.hpp"
#include "yaml_reader.hpp"
#include "yaml_syntax.hpp"

namespace wfsim {

namespace {

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
  // The most a parameter can be: a path from year to year can reach the top of its range.
  auto reach = [&](ParamId id) {
    for (const auto& v : sc.yearly_variation)
      if (std::find(v.parameters.begin(), v.parameters.end(), id) != v.parameters.end())
        return sc.parameters[id].high;
    return most(sc.parameters[id]);
  };
  for (const auto& st : sc.stages)
    terms.push_back({static_cast<double>(st.headcount), "stages." + st.id + ".headcount"});
  for (const auto& in : sc.intakes) {
    int intakes = 0;  // intake months within the horizon
    for (int t = 0; t < sc.horizon_months; ++t)
      intakes += sc.start.plus(t).month == in.month_of_year;
    terms.push_back({reach(in.size) * intakes, sc.parameters[in.size].path});
  }
  for (const auto& g : sc.establishment) {
    // Locums at the start are followed one by one too.
    terms.push_back({static_cast<double>(g.opening_agency_fte),
                     "establishment." + g.id + ".opening_agency_fte"});
    if (g.recruit_stage < 0) continue;
    const double per_head =
        std::max(FTE_PER_HEAD.low, least(sc.parameters[sc.stages[g.recruit_stage].fte_per_head]));
    const double posts = (reach(g.fte) + reach(g.above_establishment)) / per_head;
    terms.push_back({posts, sc.parameters[g.fte].path});
    // Posts that grow for the whole horizon at the highest growth: what the growth adds is
    // the growth's own, so that a message points at it rather than at the posts it grew.
    const double grown =
        std::pow(1 + std::max(0.0, reach(g.annual_growth)), sc.horizon_months / 12.0);
    terms.push_back({posts * (grown - 1), sc.parameters[g.annual_growth].path});
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
  StageIndex index;
  read_run(top, sc);
  read_money(top, sc, params);
  read_tenure_bands(top, sc);
  read_stages(top, sc, params, index);
  read_intakes(top, sc, params, index);
  read_establishment(top, sc, params, index);
  read_agency(top, sc, params);
  read_demand(top, sc, params, index);
  read_workload_feedback(top, sc);
  read_leaver_destinations(top, sc, params);
  read_targets(top, sc);
  read_sweep(top, sc);
  read_year_to_year(top, sc, params);
  read_dfe_return(top, sc);
  read_history(top, sc);
  // The policy timeline of the base scenario; each strategy's changes are merged into it
  // by month, on the parameters before any change.
  const std::vector<Parameter> unchanged = sc.parameters;
  const std::vector<Change> base_changes = read_changes(top, sc, params);
  Parsed parsed;
  parsed.strategies = read_strategies(top, sc, unchanged, base_changes, params);
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

std::vector<std::string> lever_paths(const Scenario& scenario) {
  std::vector<std::string> paths;
  for (const Parameter& p : scenario.parameters) {
    const std::string path = p.path.substr(0, p.path.find('['));
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
  }
  return paths;
}

std::vector<std::size_t> lever_parameters(const Scenario& scenario, const std::string& path) {
  std::vector<std::size_t> found;
  for (std::size_t k = 0; k < scenario.parameters.size(); ++k) {
    const std::string& p = scenario.parameters[k].path;
    if (p == path || p.rfind(path + "[", 0) == 0) found.push_back(k);
  }
  if (found.empty())
    throw UserError("the scenario has no parameter called '" + path + "'" +
                    did_you_mean(path, lever_paths(scenario)));
  return found;
}

}  // namespace wfsim
