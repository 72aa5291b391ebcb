#include "wfsim/scenario/load.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "wfsim/errors.hpp"
#include "yaml_reader.hpp"

namespace wfsim {

namespace {

constexpr std::int64_t SCHEMA_VERSION = 1;
constexpr std::int64_t MAX_HORIZON = 1200;
// Limits well beyond any council, chosen so that no count or sum can overflow.
constexpr std::int64_t MAX_PEOPLE = 1'000'000;
constexpr Range FTE_PER_HEAD{0.01, 1.0, false, "an FTE per head from 0.01 to 1"};
constexpr Range MONEY{0.0, 1e7, false, "an amount from 0 to 10000000 (GBP per year)"};
constexpr Range POSTS{0.0, 1e6, false, "an FTE from 0 to 1000000"};
//! Most people a scenario may ever hold at once: opening staff, every intake over the
//! horizon, and experienced recruits up to the establishment.
constexpr double MAX_POPULATION = 1e8;

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

std::string item_path(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

//! An entry route's name: an identifier, and not the name kept for opening staff.
void check_route(MapReader& m, const std::string& key, const std::string& value);

void check_identifier(MapReader& m, const std::string& key, const std::string& value) {
  const bool ok = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!ok)
    m.fail(m.node()[key], m.child_path(key),
           "expected an identifier of lower-case letters, digits and '_', got '" + value + "'");
}

void check_route(MapReader& m, const std::string& key, const std::string& value) {
  check_identifier(m, key, value);
  if (value == "existing")
    m.fail(m.node()[key], m.child_path(key),
           "'existing' is the route of the staff in post at the start; choose another name");
}

Scenario parse(const std::string& file, const YAML::Node& root) {
  if (!root.IsDefined() || root.IsNull())
    scenario_error(file, YAML::Mark::null_mark(), "", "the scenario is empty");
  MapReader top(file, root, "");
  Scenario sc;

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
  sc.on_cost_rate = top.number("on_cost_rate", {0.0, 1.0, false, "a share between 0 and 1"}, 0.0);
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
    st.label = m.text("label", st.id);
    if (m.has("headcount_by_tenure")) {
      if (m.has("duration_months"))
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
    st.fte_per_head = m.number("fte_per_head", FTE_PER_HEAD, 1.0);
    st.annual_salary = m.number("salary", MONEY, 0.0);
    {
      // One annual rate for every tenure band, or one rate per band.
      YAML::Node rate = m.get("leaving_rate", true, RATE.expected);
      const std::string path = m.child_path("leaving_rate");
      if (rate.IsSequence()) {
        if (rate.size() != band_count)
          m.fail(rate, path, "expected " + bands_expected + ", got " + std::to_string(rate.size()));
        for (std::size_t k = 0; k < rate.size(); ++k)
          st.leaving_by_tenure.push_back(m.number_at(rate[k], item_path(path, k), RATE));
      } else {
        st.leaving_by_tenure.assign(band_count, m.number_at(rate, path, RATE));
      }
    }
    st.duration_months = static_cast<int>(m.whole("duration_months", 1, MAX_HORIZON, 0));
    const bool has_completion = m.has("completion_probability");
    st.completion_probability = m.number("completion_probability", PROBABILITY, 1.0);
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
      promo.annual_rate = p.number("annual_rate", RATE);
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
    in.stage = index.resolve(m, "stage");
    in.month_of_year = static_cast<int>(m.whole("month", 1, 12));
    in.size = static_cast<int>(m.whole("size", 0, MAX_PEOPLE));
    in.fill_probability = m.number("fill_probability", PROBABILITY, 1.0);
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
    grp.fte = m.number("fte", POSTS);
    if (auto r = m.map("recruitment")) {
      grp.recruit_stage = index.resolve(*r, "stage");
      if (std::find(grp.stages.begin(), grp.stages.end(), grp.recruit_stage) == grp.stages.end())
        r->fail(r->node()["stage"], r->child_path("stage"),
                "recruits must join one of this group's stages");
      grp.recruit_route = r->text("route", "experienced");
      check_route(*r, "route", grp.recruit_route);
      grp.monthly_fill_probability = r->number("monthly_fill_probability", PROBABILITY);
      r->finish();
    }
    m.finish();
    sc.establishment.push_back(grp);
  }

  if (auto a = top.map("agency")) {
    sc.agency.cover_share = a->number("cover_share", PROBABILITY, 0.0);
    sc.agency.annual_cost_per_fte = a->number("annual_cost_per_fte", MONEY, 0.0);
    a->finish();
  }
  top.finish();

  double population = 0;
  for (const auto& st : sc.stages) population += st.headcount;
  for (const auto& in : sc.intakes) population += in.size * (sc.horizon_months / 12.0 + 1);
  for (const auto& g : sc.establishment) population += g.fte / FTE_PER_HEAD.low;
  if (population > MAX_POPULATION)
    scenario_error(file, root.Mark(), "",
                   "the scenario could hold more than 100,000,000 people at once; wfsim is "
                   "sized for workforces far smaller than that");
  return sc;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    scenario_error(source, e.mark, "", "malformed YAML: " + e.msg);
  }
  Scenario sc = parse(source, root);
  sc.source_text = text;
  sc.source_path = source;
  return sc;
}

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read scenario file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
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

}  // namespace wfsim
