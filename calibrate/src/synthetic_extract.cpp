// A synthetic HR extract: one replication of a scenario, month by month, written as the spells
// a council's HR system would hold. Tests fit it and check that the fit finds the scenario's
// own rates; the example extract in tests/data comes from here.
#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "wfsim/calibrate/staff_extract.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/model/model.hpp"

namespace wfsim::calibrate {

namespace {

struct Row {
  int person = 0;
  bool agency = false;
  std::string role;
  double fte = 1;
  Date start;
  std::optional<Date> end;
  std::string reason;
  std::optional<Date> qualified;
};

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

SyntheticExtract synthetic_staff_extract(const Scenario& scenario, std::uint64_t seed,
                                         std::uint64_t replication, int months) {
  if (months < 1 || months > 1200)
    throw UserError("a synthetic extract covers 1 to 1200 months, not " + std::to_string(months));
  if (!scenario.workload_feedback.empty())
    throw UserError(
        "a synthetic extract follows the model's monthly step without workload feedback: "
        "remove workload_feedback from the scenario");
  Scenario sc = scenario;
  sc.horizon_months = months;
  const Model model(sc);
  const ReplicationStreams streams(seed, replication);
  const std::vector<Rates> rates =
      model.rates(model.draw_parameters(streams), model.draw_year_paths(streams));
  const std::vector<MonthDemand> demand = model.demand_path(rates, &streams);

  const int base = sc.start.year * 12 + sc.start.month - 1;  // Date::month_index() of month 0
  auto first = [&](int t) { return Date::first_of(base + t); };
  auto last = [&](int t) { return Date::last_of(base + t); };
  auto mid = [&](int t, int day) {
    Date d = first(t);
    d.day = day;
    return d;
  };
  // Roles as a council would write them: the label where it names the stage.
  auto role = [&](int s) {
    const StageSpec& st = sc.stages[s];
    return stage_id(st.label) == st.id ? st.label : st.id;
  };

  std::vector<Row> rows;
  int people = 0, locum_count = 0;
  auto open_spell = [&](const Person& p, Date start, int t, int person) {
    Row r;
    r.person = person;
    r.role = role(p.stage);
    r.fte = rates[model.epoch(std::max(0, t))].fte_per_head[p.stage];
    r.start = start;
    if (p.qualified != Person::NOT_QUALIFIED && sc.stages[p.stage].qualified)
      r.qualified = first(p.qualified);
    rows.push_back(std::move(r));
    return rows.size() - 1;
  };
  // An agency worker's role: the post they cover, the group's recruits' stage or its first.
  auto locum_role = [&](int g) {
    const EstablishmentGroup& grp = sc.establishment[g];
    return role(grp.recruit_stage >= 0 ? grp.recruit_stage : grp.stages.front());
  };
  auto open_locum = [&](const Locum& l) {
    Row r;
    r.person = locum_count++;
    r.agency = true;
    r.role = locum_role(l.group);
    r.start = first(l.started);
    r.qualified = first(l.started - l.experience);
    rows.push_back(std::move(r));
    return rows.size() - 1;
  };

  // Each person's open spell and their state when last seen, by key. Someone who returns
  // after leaving gets a new person_id, as the model counts their service from the return.
  struct Tracked {
    std::size_t row;
    Person last;
  };
  std::unordered_map<std::uint64_t, Tracked> staff;
  std::unordered_map<std::uint64_t, std::size_t> locums;
  State state = model.initial_state();
  for (const Person& p : state.people)
    staff.emplace(p.key, Tracked{open_spell(p, first(p.joined), 0, people++), p});
  for (const Locum& l : state.locums) locums.emplace(l.key, open_locum(l));

  MonthFlows flows;
  std::unordered_set<std::uint64_t> seen;
  for (int t = 0; t < months; ++t) {
    model.step(state, t, streams, rates[model.epoch(t)], demand[t], flows);
    seen.clear();
    for (const Person& p : state.people) {
      seen.insert(p.key);
      auto it = staff.find(p.key);
      if (it == staff.end()) {
        staff.emplace(p.key, Tracked{open_spell(p, first(t), t, people++), p});
        continue;
      }
      Tracked& tracked = it->second;
      if (p.stage != tracked.last.stage) {
        // Completing a time-based stage takes effect on the first of the month it falls due;
        // a promotion mid-month, after the month's chance of leaving.
        const bool completed = sc.stages[tracked.last.stage].timed();
        Row& old = rows[tracked.row];
        old.end = completed ? last(t - 1) : mid(t, 14);
        old.reason = std::string(ROLE_CHANGE);
        const int person = old.person;
        tracked.row = open_spell(p, completed ? first(t) : mid(t, 15), t, person);
      }
      tracked.last = p;
    }
    for (auto it = staff.begin(); it != staff.end();) {
      if (seen.count(it->first)) {
        ++it;
        continue;
      }
      const Person& p = it->second.last;
      const StageSpec& st = sc.stages[p.stage];
      Row& row = rows[it->second.row];
      row.end = last(t);
      row.reason =
          st.timed() && t - p.stage_start >= st.duration_months ? "did not complete" : "resigned";
      it = staff.erase(it);
    }
    seen.clear();
    for (const Locum& l : state.locums) {
      seen.insert(l.key);
      if (!locums.count(l.key)) locums.emplace(l.key, open_locum(l));
    }
    for (auto it = locums.begin(); it != locums.end();) {
      if (seen.count(it->first)) {
        ++it;
        continue;
      }
      rows[it->second].end = last(t);
      rows[it->second].reason = "assignment ended";
      it = locums.erase(it);
    }
  }

  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    if (x.agency != y.agency) return !x.agency;
    if (x.person != y.person) return x.person < y.person;
    return x.start < y.start;
  });
  SyntheticExtract out;
  out.as_at = last(months - 1);
  out.csv = "person_id,role,fte,start_date,end_date,leaving_reason,qualified_date,agency\n";
  for (const Row& r : rows) {
    char id[32];
    std::snprintf(id, sizeof id, "%c%05d", r.agency ? 'A' : 'P', r.person + 1);
    out.csv += std::string(id) + "," + csv_field(r.role) + "," + number(r.fte) + "," +
               r.start.str() + "," + (r.end ? r.end->str() : "") + "," + r.reason + "," +
               (r.qualified ? r.qualified->str() : "") + "," + (r.agency ? "yes" : "no") + "\n";
  }
  return out;
}

}  // namespace wfsim::calibrate
