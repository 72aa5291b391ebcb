// The people part of a month: completion, leaving and promotion person by person, then
// intake and experienced recruitment; and the check that every stage's stock balances.
#include "wfsim/model/model.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "model_detail.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

using detail::Origin;
using detail::person_key;
using detail::uniform;

namespace {

//! Counts `p` as a leaver in month `t` and draws where they go; those who go to agency work
//! join the regional `pool`.
void leaves(const Person& p, int t, const ReplicationStreams& streams, const Rates& rates,
            std::vector<PoolMember>& pool, MonthFlows& f) {
  ++f.leavers[p.stage];
  ++f.leavers_by_route[p.route];
  // Where they go. Agency work needs three years' post-qualifying experience: anyone
  // with less is shared among the other destinations.
  const bool agency_open =
      p.qualified != Person::NOT_QUALIFIED && t - p.qualified >= AGENCY_MIN_EXPERIENCE_MONTHS;
  double open = 0;
  for (std::size_t d = 0; d < rates.destinations.size(); ++d)
    if (agency_open || d != DESTINATION_AGENCY) open += rates.destinations[d];
  std::size_t to = 2;  // left the profession, if no share is open
  if (open > 0) {
    double u = uniform(streams.stream(Purpose::destination, p.key, t)) * open;
    for (std::size_t d = 0; d < rates.destinations.size(); ++d) {
      if (!agency_open && d == DESTINATION_AGENCY) continue;
      to = d;
      if ((u -= rates.destinations[d]) < 0) break;
    }
  }
  ++f.leavers_by_destination[to];
  if (to == DESTINATION_AGENCY) {
    pool.push_back({p.key, t, t - p.qualified});  // into the regional agency pool
    f.least_agency_experience = std::min(f.least_agency_experience, t - p.qualified);
  }
}

//! Adds `p` to the people in post as a joiner of the month.
void join(Person p, State& state, MonthFlows& f) {
  ++f.joined[p.stage];
  ++f.joiners_by_route[p.route];
  state.people.push_back(p);
}

}  // namespace

int Model::vacant_posts(double vacant_fte, double fte_per_head) {
  if (vacant_fte <= 0.0 || fte_per_head <= 0.0) return 0;
  // A post is recruited to only when a whole person's worth of FTE is vacant; the small
  // tolerance stops 0.95 * 3 / 0.95 rounding down to 2.
  return static_cast<int>(std::floor(vacant_fte / fte_per_head + 1e-9));
}

int Model::tenure_band(int tenure) const {
  const auto& bands = scenario_.tenure_bands;
  return static_cast<int>(std::upper_bound(bands.begin(), bands.end(), tenure) - bands.begin());
}

MonthChances Model::chances(const Rates& rates, int stage, int tenure, int in_stage) const {
  const StageSpec& st = scenario_.stages[stage];
  MonthChances c;
  if (st.timed() && in_stage >= st.duration_months) {
    c.due = true;
    c.completion = rates.completion[stage];
    return c;
  }
  c.leaving = rates.leaving[stage][tenure_band(tenure)];
  c.promotion = rates.promotion[stage];
  return c;
}

void Model::open_month(const State& state, MonthFlows& f) const {
  const std::size_t n_stages = scenario_.stages.size();
  for (auto* v :
       {&f.opening, &f.closing, &f.leavers, &f.progressed_out, &f.progressed_in, &f.joined})
    v->assign(n_stages, 0);
  f.joiners_by_route.assign(routes_.size(), 0);
  f.leavers_by_route.assign(routes_.size(), 0);
  f.hiring_cost = 0;
  f.leavers_by_destination.assign(std::size(LEAVER_DESTINATIONS), 0);
  f.least_agency_experience = INT_MAX;
  for (const Person& p : state.people) ++f.opening[p.stage];
}

void Model::leave_and_progress(State& state, int t, const ReplicationStreams& streams,
                               const Rates& rates, MonthFlows& f, double workload) const {
  const auto& sc = scenario_;
  // Each person's draws come from streams keyed by who they are, so nobody's luck depends
  // on anybody else's.
  auto moves = [&](Person& p, int to) {
    ++f.progressed_out[p.stage];
    ++f.progressed_in[to];
    p.stage = to;
    p.stage_start = t;
    if (p.qualified == Person::NOT_QUALIFIED && sc.stages[to].qualified) p.qualified = t;
  };
  std::erase_if(state.people, [&](Person& p) {
    const MonthChances c = chances(rates, p.stage, t - p.joined, t - p.stage_start);
    if (c.due) {
      if (uniform(streams.stream(Purpose::completion, p.key, t)) < c.completion) {
        moves(p, sc.stages[p.stage].next_stage);
        return false;
      }
      leaves(p, t, streams, rates, state.pool, f);
      return true;
    }
    if (uniform(streams.stream(Purpose::leaving, p.key, t)) < std::min(1.0, c.leaving * workload)) {
      leaves(p, t, streams, rates, state.pool, f);
      return true;
    }
    if (!c.promotion.empty()) {
      // Promotions are tried one after another: the k-th takes share p_k of those left.
      const double u = uniform(streams.stream(Purpose::promotion, p.key, t));
      double edge = 0, rest = 1;
      for (std::size_t k = 0; k < c.promotion.size(); ++k) {
        edge += rest * c.promotion[k];
        rest *= 1 - c.promotion[k];
        if (u < edge) {
          moves(p, sc.stages[p.stage].promotions[k].to_stage);
          break;
        }
      }
    }
    return false;
  });
}

double Model::intake_places(std::size_t intake, double size, const Rates& rates,
                            const MonthDemand& demand, std::span<const double> headcount) const {
  const IntakeSpec& in = scenario_.intakes[intake];
  if (!in.limit_to_vacancies) return size;
  const int g = group_of_stage_[in.stage];  // the loader refuses a limit without a group
  const double vacant =
      demand.establishment[g] + rates.above_establishment[g] - group_fte(g, headcount, rates);
  return std::min(size, static_cast<double>(vacant_posts(vacant, rates.fte_per_head[in.stage])));
}

void Model::take_intake(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                        const MonthDemand& demand, std::vector<double>& headcount,
                        MonthFlows& f) const {
  const auto& sc = scenario_;
  const int calendar_month = sc.start.plus(t).month;
  for (std::size_t i = 0; i < sc.intakes.size(); ++i) {
    const auto& in = sc.intakes[i];
    if (in.month_of_year != calendar_month) continue;
    const int places = static_cast<int>(
        std::lround(intake_places(i, std::round(rates.intake_size[i]), rates, demand, headcount)));
    // Each place is filled or not by its own draw: a limit leaves the others' draws as they are.
    for (int k = 0; k < places; ++k)
      if (uniform(streams.stream(Purpose::intake, i, t, k)) < rates.intake_fill[i]) {
        join({person_key(Origin::intake, i, t, k), in.stage, intake_route_[i], t, t,
              sc.stages[in.stage].qualified ? t : Person::NOT_QUALIFIED},
             state, f);
        f.hiring_cost += rates.intake_hire_cost[i];
        ++headcount[in.stage];
      }
  }
}

void Model::recruit(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                    const MonthDemand& demand, std::vector<double>& headcount,
                    MonthFlows& f) const {
  const auto& sc = scenario_;
  for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
    const auto& grp = sc.establishment[g];
    if (grp.recruit_stage < 0 || rates.recruit_fill[g] <= 0) continue;
    const int posts = vacant_posts(demand.establishment[g] + rates.above_establishment[g] -
                                       group_fte(static_cast<int>(g), headcount, rates),
                                   rates.fte_per_head[grp.recruit_stage]);
    for (int k = 0; k < posts; ++k)
      if (uniform(streams.stream(Purpose::recruitment, g, t, k)) < rates.recruit_fill[g]) {
        join({person_key(Origin::recruitment, g, t, k), grp.recruit_stage, recruit_route_[g], t, t,
              t - grp.experience_months},
             state, f);
        ++headcount[grp.recruit_stage];
        f.hiring_cost += rates.recruit_hire_cost[g];
      }
  }
}

void Model::close_month(const State& state, int t, MonthFlows& f) const {
  const auto& sc = scenario_;
  // Nothing is created or lost.
  for (const Person& p : state.people) ++f.closing[p.stage];
  for (std::size_t s = 0; s < sc.stages.size(); ++s) {
    const int expected =
        f.opening[s] + f.joined[s] + f.progressed_in[s] - f.leavers[s] - f.progressed_out[s];
    if (expected != f.closing[s])
      throw InternalError("stock of stage '" + sc.stages[s].id + "' does not balance in month " +
                          month_labels_[t] + ": opening " + std::to_string(f.opening[s]) +
                          " + in - out = " + std::to_string(expected) + ", closing " +
                          std::to_string(f.closing[s]));
  }
}

}  // namespace wfsim
