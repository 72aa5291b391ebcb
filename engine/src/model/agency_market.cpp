// The agency market: locums covering vacancies, the regional pool of former staff they
// come from, and locums who take permanent posts.
#include "wfsim/model/model.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "model_detail.hpp"

namespace wfsim {

using detail::Origin;
using detail::person_key;
using detail::uniform;

namespace {

//! Months a former member of staff stays in the regional agency pool.
constexpr int POOL_MONTHS = 24;
//! Post-qualifying experience taken for locums from the wider market (the agency rule's
//! minimum: agencies supply no one with less).
constexpr int MARKET_LOCUM_EXPERIENCE = AGENCY_MIN_EXPERIENCE_MONTHS;

}  // namespace

double Model::wanted_agency(double vacant, double taken, const Rates& rates) {
  return std::min(rates.cover_share * vacant, std::max(0.0, rates.agency_max_fte - taken));
}

void Model::agency_step(State& state, int t, const ReplicationStreams& streams, const Rates& rates,
                        const MonthDemand& demand, std::vector<double>& headcount,
                        MonthFlows& f) const {
  const auto& sc = scenario_;
  // The agency market, group by group: assignments end, some locums take permanent
  // posts, then the council tops cover up to what it wants, as far as locums can be found.
  f.agency_started = f.agency_ended = f.agency_converted = 0;
  f.least_locum_experience = f.least_months_since_left = INT_MAX;
  std::erase_if(state.pool, [&](const PoolMember& m) { return t - m.left >= POOL_MONTHS; });
  // Agency kept for other reasons counts against the council's limit first.
  double taken = 0;
  for (double other : rates.other_agency) taken += other;
  for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
    const auto& grp = sc.establishment[g];
    std::erase_if(state.locums, [&](const Locum& l) {
      if (l.group != static_cast<int>(g)) return false;
      if (uniform(streams.stream(Purpose::agency, l.key, t, 0)) < rates.agency_churn) {
        ++f.agency_ended;
        return true;
      }
      if (uniform(streams.stream(Purpose::agency, l.key, t, 1)) < rates.agency_conversion) {
        const int stage = grp.recruit_stage >= 0 ? grp.recruit_stage : grp.stages.front();
        const int experience = l.experience + (t - l.started);
        state.people.push_back({l.key, stage, conversion_route_, t, t, t - experience});
        ++f.joined[stage];
        ++f.joiners_by_route[conversion_route_];
        ++headcount[stage];
        ++f.agency_converted;
        return true;
      }
      return false;
    });
    const double vacant =
        std::max(0.0, demand.establishment[g] - group_fte(static_cast<int>(g), headcount, rates));
    const double away =
        sc.agency.cover_long_leave ? group_long_leave(static_cast<int>(g), headcount, rates) : 0.0;
    const auto wanted = static_cast<int>(std::lround(wanted_agency(vacant + away, taken, rates)));
    std::vector<std::size_t> mine;
    for (std::size_t k = 0; k < state.locums.size(); ++k)
      if (state.locums[k].group == static_cast<int>(g)) mine.push_back(k);
    // Too many: the latest assignments end first.
    for (int extra = static_cast<int>(mine.size()) - wanted; extra > 0; --extra) {
      state.locums.erase(state.locums.begin() + static_cast<std::ptrdiff_t>(mine.back()));
      mine.pop_back();
      ++f.agency_ended;
    }
    // Too few: each missing locum is found with the month's availability; former staff in
    // the regional pool first, once their ban has passed.
    const int missing = wanted - static_cast<int>(mine.size());
    for (int k = 0; k < missing; ++k) {
      if (uniform(streams.stream(Purpose::agency_fill, g, t, k)) >= rates.agency_availability)
        continue;
      auto from_pool = std::find_if(state.pool.begin(), state.pool.end(), [&](const PoolMember& m) {
        return t - m.left >= sc.agency.ban_months;
      });
      if (from_pool != state.pool.end()) {
        state.locums.push_back({from_pool->key, static_cast<int>(g),
                                from_pool->experience + (t - from_pool->left), t});
        f.least_months_since_left = std::min(f.least_months_since_left, t - from_pool->left);
        state.pool.erase(from_pool);
      } else {
        state.locums.push_back(
            {person_key(Origin::agency, g, t, k), static_cast<int>(g), MARKET_LOCUM_EXPERIENCE, t});
      }
      ++f.agency_started;
    }
    for (const Locum& l : state.locums)
      if (l.group == static_cast<int>(g)) taken += 1.0;
  }
  for (const Locum& l : state.locums)
    f.least_locum_experience = std::min(f.least_locum_experience, l.experience + (t - l.started));
}

}  // namespace wfsim
