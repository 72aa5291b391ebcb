#include "sections.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>

#include "schema.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim {

void StageIndex::add(const MapReader& at, const YAML::Node& node, const std::string& id) {
  if (index_.count(id))
    at.fail(node, at.child_path("id"), "stage id '" + id + "' is used by another stage");
  index_[id] = static_cast<int>(ids_.size());
  ids_.push_back(id);
}

int StageIndex::resolve(MapReader& map, const std::string& key) const {
  return resolve(map, map.get(key, true, "a stage id"), map.child_path(key));
}

int StageIndex::resolve(const MapReader& map, const YAML::Node& value,
                        const std::string& path) const {
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

namespace {

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

//! Reads a list of changes (`from`, `set`), appending them to `changes`.
void read_change_list(const std::string& file, const YAML::Node& list, const std::string& where,
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

//! Stage `i` of `sc` but its id (read already), from `m`.
void read_stage(MapReader& m, std::size_t i, Scenario& sc, Parameters& params,
                const StageIndex& index) {
  const std::size_t band_count = sc.tenure_bands.size() + 1;
  const std::string bands_expected =
      std::to_string(band_count) + " value" + (band_count > 1 ? "s, one per tenure band" : "");
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
    MapReader p(m.file(), promos[k], item_path(m.child_path("promotions"), k));
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

//! The `recruitment` of establishment group `grp` (whose parameters are under `path`), from
//! `r`.
void read_recruitment(MapReader& r, const std::string& path, EstablishmentGroup& grp,
                      Parameters& params, const StageIndex& index) {
  grp.recruit_stage = index.resolve(r, "stage");
  if (std::find(grp.stages.begin(), grp.stages.end(), grp.recruit_stage) == grp.stages.end())
    r.fail(r.node()["stage"], r.child_path("stage"),
           "recruits must join one of this group's stages");
  grp.recruit_route = r.text("route", "experienced");
  check_route(r, "route", grp.recruit_route);
  grp.monthly_fill_probability =
      params.read(r, "monthly_fill_probability", path + ".recruitment.monthly_fill_probability",
                  PROBABILITY, false);
  grp.cost_per_hire =
      params.read(r, "cost_per_hire", path + ".recruitment.cost_per_hire", ONE_OFF, false, 0.0);
  grp.experience_months = static_cast<int>(r.whole("experience_months", 0, 600, 36));
  grp.monthly_cost =
      params.read(r, "monthly_cost", path + ".recruitment.monthly_cost", ONE_OFF, false, 0.0);
  grp.above_establishment = params.read(
      r, "above_establishment", path + ".recruitment.above_establishment", POSTS, false, 0.0);
  r.finish();
}

}  // namespace

void read_run(MapReader& top, Scenario& sc) {
  const auto version = top.whole("schema_version", 0, 1000);
  if (version != SCHEMA_VERSION)
    top.fail(top.node()["schema_version"], "schema_version",
             "this wfsim reads schema_version " + std::to_string(SCHEMA_VERSION) + ", got " +
                 std::to_string(version));
  sc.schema_version = static_cast<int>(version);
  sc.name = top.text("name");
  const std::string start = top.text("start");
  auto ym = YearMonth::parse(start);
  if (!ym)
    top.fail(top.node()["start"], "start", "expected a month as YYYY-MM, got '" + start + "'");
  sc.start = *ym;
  sc.horizon_months = static_cast<int>(top.whole("horizon_months", 1, MAX_HORIZON));
  sc.replications = top.whole("replications", 1, 1'000'000'000);
  sc.seed = top.unsigned_whole("seed");
}

void read_money(MapReader& top, Scenario& sc, Parameters& params) {
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
}

void read_tenure_bands(MapReader& top, Scenario& sc) {
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

void read_stages(MapReader& top, Scenario& sc, Parameters& params, StageIndex& index) {
  YAML::Node stages = top.list("stages", true);
  if (stages.size() == 0) top.fail(stages, "stages", "expected at least one stage");
  // Ids first, so that references can point forwards.
  std::vector<MapReader> stage_maps;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    stage_maps.emplace_back(top.file(), stages[i], item_path("stages", i));
    MapReader& m = stage_maps.back();
    StageSpec st;
    st.id = m.text("id");
    check_identifier(m, "id", st.id);
    index.add(m, m.node()["id"], st.id);
    sc.stages.push_back(st);
  }
  for (std::size_t i = 0; i < stages.size(); ++i) read_stage(stage_maps[i], i, sc, params, index);
}

void read_intakes(MapReader& top, Scenario& sc, Parameters& params, const StageIndex& index) {
  YAML::Node intakes = top.list("intakes", false);
  for (std::size_t i = 0; i < intakes.size(); ++i) {
    MapReader m(top.file(), intakes[i], item_path("intakes", i));
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
    in.limit_to_vacancies = m.boolean("limit_to_vacancies", false);
    m.finish();
    sc.intakes.push_back(in);
  }
}

void read_establishment(MapReader& top, Scenario& sc, Parameters& params, const StageIndex& index) {
  YAML::Node groups = top.list("establishment", false);
  std::vector<int> group_of(sc.stages.size(), -1);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    MapReader m(top.file(), groups[g], item_path("establishment", g));
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
    grp.annual_growth =
        params.read(m, "annual_growth", path + ".annual_growth", YEARLY_RISE, false, 0.0);
    grp.opening_agency_fte = static_cast<int>(m.whole("opening_agency_fte", 0, MAX_PEOPLE, 0));
    grp.other_agency_fte =
        params.read(m, "other_agency_fte", path + ".other_agency_fte", POSTS, false, 0.0);
    if (auto r = m.map("recruitment")) read_recruitment(*r, path, grp, params, index);
    m.finish();
    sc.establishment.push_back(grp);
  }
  // An intake limited to vacancies counts against the posts of its stage's group.
  YAML::Node intakes = top.list("intakes", false);
  for (std::size_t i = 0; i < sc.intakes.size(); ++i) {
    const IntakeSpec& in = sc.intakes[i];
    if (in.limit_to_vacancies && group_of[in.stage] < 0) {
      const MapReader m(top.file(), intakes[i], item_path("intakes", i));
      m.fail(m.node()["limit_to_vacancies"], m.child_path("limit_to_vacancies"),
             "stage '" + sc.stages[in.stage].id +
                 "' counts against no establishment group, so it has no vacancies to limit the "
                 "intake to: put the stage in a group, or leave limit_to_vacancies out");
    }
  }
}

void read_agency(MapReader& top, Scenario& sc, Parameters& params) {
  std::optional<MapReader> a = top.map("agency");
  MapReader none(top.file(), YAML::Node(YAML::NodeType::Map), "agency");
  MapReader& m = a ? *a : none;
  sc.agency.cover_share =
      params.read(m, "cover_share", "agency.cover_share", PROBABILITY, false, 0.0);
  sc.agency.annual_cost_per_fte =
      params.read(m, "annual_cost_per_fte", "agency.annual_cost_per_fte", MONEY, false, 0.0);
  sc.agency.max_fte = params.read(m, "max_fte", "agency.max_fte", POSTS, false, 1e6);
  sc.agency.availability = params.read(m, "monthly_availability", "agency.monthly_availability",
                                       PROBABILITY, false, 1.0);
  sc.agency.annual_churn = params.read(m, "annual_churn", "agency.annual_churn", RATE, false, 0.0);
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
    for (const char* p : {"agency.hourly_rate", "agency.hours_per_week", "agency.max_hourly_rate"})
      params.refuse(p,
                    "this scenario costs agency per FTE per year: change "
                    "agency.annual_cost_per_fte (or give hourly_rate in agency)");
  }
  sc.agency.cover_long_leave = m.boolean("cover_long_leave", false);
  m.finish();
}

void read_demand(MapReader& top, Scenario& sc, Parameters& params, const StageIndex& index) {
  auto d = top.map("demand");
  if (!d) return;
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
  const Range persistence{0.0, 1.0, false, "a share of a year from 0 to 1"};
  dem.growth_damping = d->number("growth_damping", persistence, 1.0);
  dem.noise_persistence = d->number("noise_persistence", persistence, 1.0);
  if (d->has("reverts_to")) {
    dem.level = params.read(*d, "reverts_to", "demand.reverts_to",
                            {0.0, 1e7, true, "a number of cases above 0, at most 10000000"}, false);
    params.start_only("demand.reverts_to");
  }
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

void read_workload_feedback(MapReader& top, Scenario& sc) {
  YAML::Node points = top.list("workload_feedback", false);
  if (points.size() > 0 && !sc.demand.enabled)
    top.fail(points, "workload_feedback", "workload feedback needs demand (caseloads)");
  for (std::size_t k = 0; k < points.size(); ++k) {
    MapReader p(top.file(), points[k], item_path("workload_feedback", k));
    const double ratio = p.number("ratio", {0.0, 10.0, false, "a caseload ratio from 0 to 10"});
    const double factor = p.number("multiplier", {0.0, 10.0, false, "a multiplier from 0 to 10"});
    if (!sc.workload_feedback.empty() && ratio <= sc.workload_feedback.back().first)
      p.fail(p.node()["ratio"], p.child_path("ratio"), "ratios must increase");
    p.finish();
    sc.workload_feedback.emplace_back(ratio, factor);
  }
}

void read_leaver_destinations(MapReader& top, Scenario& sc, Parameters& params) {
  // Given shares (absent destinations take none), or national shares.
  std::optional<MapReader> d = top.map("leaver_destinations");
  MapReader none(top.file(), YAML::Node(YAML::NodeType::Map), "leaver_destinations");
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

void read_targets(MapReader& top, Scenario& sc) {
  YAML::Node targets = top.list("targets", false);
  for (std::size_t k = 0; k < targets.size(); ++k) {
    MapReader m(top.file(), targets[k], item_path("targets", k));
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
}

void read_year_to_year(MapReader& top, Scenario& sc, Parameters& params) {
  auto y = top.map("year_to_year");
  if (!y) return;
  sc.year_starts = static_cast<int>(y->whole("year_starts", 1, 12, sc.start.month));
  YAML::Node list = y->list("parameters", true);
  if (list.size() == 0) y->fail(list, "year_to_year.parameters", "expected at least one parameter");
  for (std::size_t k = 0; k < list.size(); ++k) {
    MapReader m(top.file(), list[k], item_path("year_to_year.parameters", k));
    YearlyVariation v;
    v.path = m.text("parameter");
    const YAML::Node at = m.node()["parameter"];
    if (v.path.rfind("year_to_year.", 0) == 0)
      m.fail(at, m.child_path("parameter"),
             "a long-run level cannot itself vary from year to year");
    v.parameters = params.find(m, at, v.path, m.child_path("parameter"));
    if (params.is_start_only(v.path))
      m.fail(at, m.child_path("parameter"),
             "'" + v.path + "' is read once, at the start: it cannot vary from year to year");
    for (const auto& other : sc.yearly_variation)
      if (other.path == v.path)
        m.fail(at, m.child_path("parameter"), "'" + v.path + "' is listed twice");
    const Range& range = params.range(v.parameters.front());
    const std::string scale = m.text("scale", "log");
    if (scale == "logit") {
      v.scale = YearlyVariation::Scale::logit;
      if (range.low < 0 || range.high > 1)
        m.fail(m.node()["scale"], m.child_path("scale"),
               "the logit scale is for shares and probabilities (0 to 1); '" + v.path + "' is " +
                   range.expected + ": use log");
    } else if (scale == "log1p") {
      v.scale = YearlyVariation::Scale::log1p;
    } else if (scale != "log") {
      m.fail(m.node()["scale"], m.child_path("scale"),
             "expected log, logit or log1p, got '" + scale + "'" +
                 did_you_mean(scale, {"log", "logit", "log1p"}));
    }
    v.sd = m.number("sd", {0.0, 5.0, false, "a standard deviation from 0 to 5 (on the scale)"});
    v.persistence =
        m.number("persistence", {0.0, 1.0, false, "a share of a year from 0 to 1"}, 1.0);
    v.trend =
        m.number("trend", {-1.0, 1.0, false, "a yearly change from -1 to 1 (on the scale)"}, 0.0);
    if (m.has("reverts_to")) {
      // The long-run level is a parameter of its own: it may be uncertain, and changed.
      Range level = range;
      if (v.scale == YearlyVariation::Scale::log)
        level = {std::max(range.low, 0.0), range.high, true,
                 "a value above 0 within the parameter's range (the log scale)"};
      else if (v.scale == YearlyVariation::Scale::logit)
        // 0 and 1 are off the logit scale: a path could not return to them.
        level = {0.0, std::nextafter(1.0, 0.0), true,
                 "a share above 0 and below 1 (the logit scale)"};
      v.level =
          params.read(m, "reverts_to", "year_to_year." + v.path + ".reverts_to", level, false);
      params.start_only("year_to_year." + v.path + ".reverts_to");
    }
    m.finish();
    sc.yearly_variation.push_back(v);
  }
  y->finish();
}

void read_dfe_return(MapReader& top, Scenario& sc) {
  auto d = top.map("dfe_return");
  if (!d) return;
  sc.dfe_return = true;
  sc.dfe_snapshot_month = static_cast<int>(d->whole("snapshot_month", 1, 12, 9));
  d->finish();
}

void read_history(MapReader& top, Scenario& sc) {
  auto h = top.map("history");
  if (!h) return;
  History history;
  history.snapshot_month = sc.dfe_snapshot_month;
  history.source = h->text("source");
  history.area = h->text("area", "");
  history.code = h->text("code", "");
  YAML::Node years = h->list("years", true);
  if (years.size() == 0) h->fail(years, "history.years", "expected at least one year");
  for (std::size_t k = 0; k < years.size(); ++k) {
    MapReader m(top.file(), years[k], item_path("history.years", k));
    HistoryYear year;
    year.year = static_cast<int>(m.whole("year", 1900, 2999));
    if (!history.years.empty() && year.year <= history.years.back().year)
      m.fail(m.node()["year"], m.child_path("year"),
             "years must increase: " + std::to_string(year.year) + " is not after " +
                 std::to_string(history.years.back().year));
    for (std::size_t i = 0; i < HISTORY_MEASURE_COUNT; ++i) {
      const HistoryMeasure& measure = HISTORY_MEASURES[i];
      // A figure the DfE did not publish is left out: a zero would be read as a count.
      if (!m.has(measure.name)) continue;
      const std::string unit = measure.unit;
      const char* expected =
          unit == "percent"
              ? "a percentage from 0 to 100 (the DfE writes rates as percentages: 15.4, not "
                "0.154)"
          : unit == "FTE"   ? "an FTE from 0 to 1000000"
          : unit == "cases" ? "a number of cases from 0 to 10000000"
                            : "a caseload from 0 to 10000 cases per FTE";
      year.figures[i] = m.number(measure.name, {0.0, measure.most, false, expected});
    }
    m.finish();
    history.years.push_back(year);
  }
  h->finish();
  sc.history = std::move(history);
}

void read_sweep(MapReader& top, Scenario& sc) {
  YAML::Node sweep = top.list("sweep", false);
  if (sweep.size() > 2) top.fail(sweep, "sweep", "a sweep has one or two levers");
  for (std::size_t k = 0; k < sweep.size(); ++k) {
    MapReader m(top.file(), sweep[k], item_path("sweep", k));
    SweepAxis axis;
    axis.lever = m.text("lever");
    try {
      lever_parameters(sc, axis.lever);
    } catch (const UserError& e) {
      m.fail(m.node()["lever"], m.child_path("lever"), e.what());  // with the nearest path
    }
    axis.from = month_from(m, sc.start);
    YAML::Node values = m.get("values", true, "a list of values, or {from, to, step}");
    const Range any{-1e9, 1e9, false, "a number"};
    if (values.IsSequence()) {
      for (std::size_t i = 0; i < values.size(); ++i)
        axis.values.push_back(m.number_at(values[i], item_path(m.child_path("values"), i), any));
    } else {
      MapReader r(top.file(), values, m.child_path("values"));
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
}

std::vector<Change> read_changes(MapReader& top, Scenario& sc, Parameters& params) {
  std::vector<Change> changes;
  read_change_list(top.file(), top.list("changes", false), "changes", sc, changes);
  apply_changes(changes, sc, params);
  return changes;
}

std::vector<Scenario> read_strategies(MapReader& top, const Scenario& sc,
                                      const std::vector<Parameter>& unchanged,
                                      const std::vector<Change>& base_changes, Parameters& params) {
  std::vector<Scenario> variants;
  YAML::Node strategies = top.list("strategies", false);
  std::vector<std::string> names = {"base"};
  for (std::size_t k = 0; k < strategies.size(); ++k) {
    MapReader m(top.file(), strategies[k], item_path("strategies", k));
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
    read_change_list(top.file(), m.list("changes", true), m.child_path("changes"), variant,
                     changes);
    variant.parameters = unchanged;
    apply_changes(changes, variant, params);
    m.finish();
    variants.push_back(std::move(variant));
  }
  return variants;
}

}  // namespace wfsim
