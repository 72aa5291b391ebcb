#include "wfsim/model/model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/random/binomial_distribution.hpp>

#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

//! Binomial draw that also accepts the edge cases Boost's algorithm does not (p of 0 or 1).
int draw_binomial(Stream& stream, int n, double p) {
  if (n <= 0 || p <= 0.0) return 0;
  if (p >= 1.0) return n;
  boost::random::binomial_distribution<int, double> dist(n, p);
  return dist(stream);
}

std::vector<std::string> with_all(const std::vector<EstablishmentGroup>& groups) {
  std::vector<std::string> labels;
  for (const auto& g : groups) labels.push_back(g.id);
  labels.push_back("all");
  return labels;
}

}  // namespace

double Model::monthly_probability(double annual) {
  if (annual >= 1.0) return 1.0;
  return 1.0 - std::pow(1.0 - annual, 1.0 / 12.0);
}

int Model::vacant_posts(double vacant_fte, double fte_per_head) {
  if (vacant_fte <= 0.0 || fte_per_head <= 0.0) return 0;
  // A post is recruited to only when a whole person's worth of FTE is vacant; the small
  // tolerance stops 0.95 * 3 / 0.95 rounding down to 2.
  return static_cast<int>(std::floor(vacant_fte / fte_per_head + 1e-9));
}

Model::Model(Scenario scenario)
    : scenario_(std::move(scenario)), layout_(scenario_.horizon_months, 0) {
  const auto& sc = scenario_;
  const int n_stages = static_cast<int>(sc.stages.size());

  // Routes: each intake route once, then each recruitment route once.
  auto route_index = [this](const std::string& r) {
    auto it = std::find(routes_.begin(), routes_.end(), r);
    if (it != routes_.end()) return static_cast<int>(it - routes_.begin());
    routes_.push_back(r);
    return static_cast<int>(routes_.size() - 1);
  };
  for (const auto& in : sc.intakes) intake_route_.push_back(route_index(in.route));
  for (const auto& g : sc.establishment)
    recruit_route_.push_back(g.recruit_stage >= 0 ? route_index(g.recruit_route) : -1);

  // Calendar.
  const int first_fy = sc.start.financial_year();
  for (int t = 0; t < sc.horizon_months; ++t) {
    YearMonth m = sc.start.plus(t);
    month_labels_.push_back(m.str());
    int y = m.financial_year() - first_fy;
    year_of_month_.push_back(y);
    if (y >= static_cast<int>(months_in_year_.size())) {
      months_in_year_.push_back(0);
      year_labels_.push_back(financial_year_label(m.financial_year()));
    }
    ++months_in_year_[y];
  }
  layout_ = MetricLayout(sc.horizon_months, static_cast<int>(year_labels_.size()));

  // State layout and monthly probabilities.
  for (const auto& st : sc.stages) {
    offsets_.push_back(state_size_);
    bucket_counts_.push_back(st.timed() ? st.duration_months : 1);
    state_size_ += bucket_counts_.back();
    monthly_leaving_.push_back(monthly_probability(st.annual_leaving_rate));
    std::vector<double> promo;
    for (const auto& p : st.promotions) promo.push_back(monthly_probability(p.annual_rate));
    monthly_promotion_.push_back(promo);
  }

  std::vector<std::string> stage_ids;
  for (const auto& st : sc.stages) stage_ids.push_back(st.id);
  const auto groups = with_all(sc.establishment);
  const std::vector<std::string> costs = {"permanent_pay", "agency", "total"};
  (void)n_stages;

  f_headcount_ = layout_.add(
      {"headcount", "people", "People in post at the end of the month", "stage", stage_ids});
  f_fte_ = layout_.add(
      {"fte", "FTE", "Full-time equivalent in post at the end of the month", "stage", stage_ids});
  f_leavers_ = layout_.add({"leavers", "people",
                            "People leaving the employer during the month (including those "
                            "who did not complete a time-based stage)",
                            "stage", stage_ids});
  f_joiners_ = layout_.add({"joiners", "people",
                            "People joining the employer during the month, by entry route", "route",
                            routes_});
  f_establishment_ = layout_.add({"establishment_fte", "FTE", "Funded posts", "group", groups});
  f_in_post_ = layout_.add({"fte_in_post", "FTE",
                            "Permanent FTE in post in the stages of each establishment group",
                            "group", groups});
  f_vacancy_ =
      layout_.add({"vacancy_fte", "FTE",
                   "Vacant FTE: establishment minus FTE in post, not below zero", "group", groups});
  f_agency_ =
      layout_.add({"agency_fte", "FTE", "Agency (locum) FTE covering vacancies", "group", groups});
  f_vacancy_rate_ =
      layout_.add({"vacancy_rate", "ratio", "Vacant FTE / establishment FTE", "group", groups});
  f_agency_rate_ = layout_.add(
      {"agency_rate", "ratio", "Agency FTE / (agency FTE + FTE in post)", "group", groups});
  f_cost_ = layout_.add({"cost", "GBP", "Spend in the month, cash terms", "cost_category", costs});
  f_spend_ = layout_.add({"spend_by_financial_year", "GBP",
                          "Spend in each financial year (April-March) within the horizon, "
                          "cash terms; see months_in_year for partial years",
                          "cost_category", costs, TimeAxis::financial_year});
}

State Model::initial_state() const {
  State state;
  state.counts.assign(state_size_, 0);
  for (std::size_t s = 0; s < scenario_.stages.size(); ++s) {
    const int h = scenario_.stages[s].headcount;
    const int n = bucket_counts_[s];
    // Opening staff of a time-based stage are spread evenly over months served.
    for (int b = 0; b < n; ++b) state.counts[offsets_[s] + b] = h / n + (b < h % n ? 1 : 0);
  }
  return state;
}

int Model::headcount(const State& state, int s) const {
  auto first = state.counts.begin() + offsets_[s];
  return std::accumulate(first, first + bucket_counts_[s], 0);
}

double Model::group_fte(int g, std::span<const double> headcount) const {
  double fte = 0;
  for (int s : scenario_.establishment[g].stages)
    fte += headcount[s] * scenario_.stages[s].fte_per_head;
  return fte;
}

void Model::step(State& state, int t, const ReplicationStreams& streams, MonthFlows& f) const {
  const auto& sc = scenario_;
  const int n_stages = static_cast<int>(sc.stages.size());
  auto reset = [n_stages](std::vector<int>& v) { v.assign(n_stages, 0); };
  reset(f.opening), reset(f.closing), reset(f.leavers), reset(f.progressed_out),
      reset(f.progressed_in), reset(f.joined);
  f.joiners_by_route.assign(routes_.size(), 0);
  std::vector<int> arriving(n_stages, 0);
  int* c = state.counts.data();

  for (int s = 0; s < n_stages; ++s) f.opening[s] = headcount(state, s);

  // 1. Time-based completion: those who have served the whole duration move on or leave.
  for (int s = 0; s < n_stages; ++s) {
    const auto& st = sc.stages[s];
    if (!st.timed()) continue;
    int& due = c[offsets_[s] + st.duration_months - 1];
    Stream stream = streams.stream(Purpose::completion, s, t);
    const int done = draw_binomial(stream, due, st.completion_probability);
    f.leavers[s] += due - done;
    f.progressed_out[s] += done;
    arriving[st.next_stage] += done;
    due = 0;
  }

  // 2. Leaving, bucket by bucket so that each cohort keeps its own draws.
  for (int s = 0; s < n_stages; ++s) {
    for (int b = 0; b < bucket_counts_[s]; ++b) {
      int& n = c[offsets_[s] + b];
      Stream stream = streams.stream(Purpose::leaving, s, t, b);
      const int gone = draw_binomial(stream, n, monthly_leaving_[s]);
      n -= gone;
      f.leavers[s] += gone;
    }
  }

  // 3. Rate-based promotion of those who stayed (stages without a duration).
  for (int s = 0; s < n_stages; ++s) {
    const auto& st = sc.stages[s];
    if (st.promotions.empty()) continue;
    int& n = c[offsets_[s]];
    Stream stream = streams.stream(Purpose::promotion, s, t);
    for (std::size_t k = 0; k < st.promotions.size(); ++k) {
      const int moved = draw_binomial(stream, n, monthly_promotion_[s][k]);
      n -= moved;
      f.progressed_out[s] += moved;
      arriving[st.promotions[k].to_stage] += moved;
    }
  }

  // 4. Another month served in time-based stages; arrivals start at one month served.
  for (int s = 0; s < n_stages; ++s) {
    int* first = c + offsets_[s];
    if (sc.stages[s].timed())
      std::copy_backward(first, first + bucket_counts_[s] - 1, first + bucket_counts_[s]);
    if (sc.stages[s].timed()) first[0] = 0;
    first[0] += arriving[s];
    f.progressed_in[s] += arriving[s];
  }

  // 5. Scheduled intake.
  const int calendar_month = sc.start.plus(t).month;
  for (std::size_t i = 0; i < sc.intakes.size(); ++i) {
    const auto& in = sc.intakes[i];
    if (in.month_of_year != calendar_month) continue;
    Stream stream = streams.stream(Purpose::intake, i, t);
    const int filled = draw_binomial(stream, in.size, in.fill_probability);
    c[offsets_[in.stage]] += filled;
    f.joined[in.stage] += filled;
    f.joiners_by_route[intake_route_[i]] += filled;
  }

  // 6. Experienced recruitment into vacant posts.
  for (std::size_t g = 0; g < sc.establishment.size(); ++g) {
    const auto& grp = sc.establishment[g];
    if (grp.recruit_stage < 0 || grp.monthly_fill_probability <= 0) continue;
    double fte = 0;
    for (int s : grp.stages) fte += headcount(state, s) * sc.stages[s].fte_per_head;
    const int posts = vacant_posts(grp.fte - fte, sc.stages[grp.recruit_stage].fte_per_head);
    Stream stream = streams.stream(Purpose::recruitment, g, t);
    const int hired = draw_binomial(stream, posts, grp.monthly_fill_probability);
    c[offsets_[grp.recruit_stage]] += hired;
    f.joined[grp.recruit_stage] += hired;
    f.joiners_by_route[recruit_route_[g]] += hired;
  }

  // Nothing is created or lost.
  for (int s = 0; s < n_stages; ++s) {
    f.closing[s] = headcount(state, s);
    const int expected =
        f.opening[s] + f.joined[s] + f.progressed_in[s] - f.leavers[s] - f.progressed_out[s];
    if (expected != f.closing[s] || f.closing[s] < 0)
      throw InternalError("stock of stage '" + sc.stages[s].id + "' does not balance in month " +
                          month_labels_[t] + ": opening " + std::to_string(f.opening[s]) +
                          " + in - out = " + std::to_string(expected) + ", closing " +
                          std::to_string(f.closing[s]));
  }
}

void Model::record_month(int t, std::span<const double> hc, std::span<const double> leavers,
                         std::span<const double> joiners, std::span<double> out) const {
  const auto& sc = scenario_;
  const auto& L = layout_;
  double pay = 0;
  for (std::size_t s = 0; s < sc.stages.size(); ++s) {
    const auto& st = sc.stages[s];
    const double fte = hc[s] * st.fte_per_head;
    out[L.family(f_headcount_).at(s, t)] = hc[s];
    out[L.family(f_fte_).at(s, t)] = fte;
    out[L.family(f_leavers_).at(s, t)] = leavers[s];
    pay += fte * st.annual_salary / 12.0 * (1.0 + sc.on_cost_rate);
  }
  for (std::size_t r = 0; r < routes_.size(); ++r) out[L.family(f_joiners_).at(r, t)] = joiners[r];

  const std::size_t all = sc.establishment.size();
  double est_all = 0, in_post_all = 0, vacant_all = 0, agency_all = 0;
  auto put_group = [&](std::size_t g, double est, double in_post, double vacant, double agency) {
    out[L.family(f_establishment_).at(g, t)] = est;
    out[L.family(f_in_post_).at(g, t)] = in_post;
    out[L.family(f_vacancy_).at(g, t)] = vacant;
    out[L.family(f_agency_).at(g, t)] = agency;
    out[L.family(f_vacancy_rate_).at(g, t)] = est > 0 ? vacant / est : 0.0;
    out[L.family(f_agency_rate_).at(g, t)] =
        agency + in_post > 0 ? agency / (agency + in_post) : 0.0;
  };
  for (std::size_t g = 0; g < all; ++g) {
    const double est = sc.establishment[g].fte;
    const double in_post = group_fte(static_cast<int>(g), hc);
    const double vacant = std::max(0.0, est - in_post);
    const double agency = sc.agency.cover_share * vacant;
    put_group(g, est, in_post, vacant, agency);
    est_all += est, in_post_all += in_post, vacant_all += vacant, agency_all += agency;
  }
  put_group(all, est_all, in_post_all, vacant_all, agency_all);

  const double agency_cost = agency_all * sc.agency.annual_cost_per_fte / 12.0;
  const auto& cost = L.family(f_cost_);
  out[cost.at(COST_PERMANENT_PAY, t)] = pay;
  out[cost.at(COST_AGENCY, t)] = agency_cost;
  out[cost.at(COST_TOTAL, t)] = pay + agency_cost;
}

void Model::record_years(std::span<double> out) const {
  const auto& cost = layout_.family(f_cost_);
  const auto& spend = layout_.family(f_spend_);
  for (std::size_t k = 0; k < COST_CATEGORIES; ++k) {
    for (std::size_t y = 0; y < spend.times; ++y) out[spend.at(k, y)] = 0.0;
    for (int t = 0; t < scenario_.horizon_months; ++t)
      out[spend.at(k, year_of_month_[t])] += out[cost.at(k, t)];
  }
}

void Model::simulate(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const {
  if (out.size() != layout_.values_per_replication())
    throw InternalError("simulate: output buffer has the wrong size");
  const ReplicationStreams streams(seed, replication);
  const std::size_t n_stages = scenario_.stages.size();
  State state = initial_state();
  MonthFlows flows;
  std::vector<double> hc(n_stages), leavers(n_stages), joiners(routes_.size());
  for (int t = 0; t < scenario_.horizon_months; ++t) {
    step(state, t, streams, flows);
    std::copy(flows.closing.begin(), flows.closing.end(), hc.begin());
    std::copy(flows.leavers.begin(), flows.leavers.end(), leavers.begin());
    std::copy(flows.joiners_by_route.begin(), flows.joiners_by_route.end(), joiners.begin());
    record_month(t, hc, leavers, joiners, out);
  }
  record_years(out);
}

}  // namespace wfsim
