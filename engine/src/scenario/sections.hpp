#pragma once
// Readers of the sections of the scenario schema (docs/scenario-reference.md), called by
// the loader in the order of the schema. Each reads its keys from the top-level mapping in
// a fixed order, and that order is part of the behaviour: it decides which of several
// mistakes is reported first and which known key a misspelt one is taken for.
#include <map>
#include <string>
#include <vector>

#include "parameters.hpp"
#include "wfsim/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace wfsim {

//! Stage ids in the order given, to resolve references like `next: social_worker`.
class StageIndex {
 public:
  //! Adds stage `id`, read from `node` of `at`; refuses an id already used.
  void add(const MapReader& at, const YAML::Node& node, const std::string& id);
  //! Index of the stage named at `key` in `map`.
  int resolve(MapReader& map, const std::string& key) const;
  //! Index of the stage named by `value`, found at `path`.
  int resolve(const MapReader& map, const YAML::Node& value, const std::string& path) const;

 private:
  std::map<std::string, int> index_;
  std::vector<std::string> ids_;
};

//! One entry of a `changes` list: parameters set from a month.
struct Change {
  int from;
  MapReader set;
};

//! `schema_version`, `name`, `start`, `horizon_months`, `replications` and `seed`.
void read_run(MapReader& top, Scenario& sc);
//! `on_cost_rate`, `pay_award`, `discount_rate` and `price_base`.
void read_money(MapReader& top, Scenario& sc, Parameters& params);
//! `tenure_bands`.
void read_tenure_bands(MapReader& top, Scenario& sc);
//! `stages`, each stage's id into `index` before anything else, so that references can point
//! forwards.
void read_stages(MapReader& top, Scenario& sc, Parameters& params, StageIndex& index);
//! `intakes`.
void read_intakes(MapReader& top, Scenario& sc, Parameters& params, const StageIndex& index);
//! `establishment`, with each group's `recruitment`.
void read_establishment(MapReader& top, Scenario& sc, Parameters& params, const StageIndex& index);
//! `agency`; absent, it means no agency cover.
void read_agency(MapReader& top, Scenario& sc, Parameters& params);
//! `demand`, if given.
void read_demand(MapReader& top, Scenario& sc, Parameters& params, const StageIndex& index);
//! `workload_feedback`; after `demand`, which it needs.
void read_workload_feedback(MapReader& top, Scenario& sc);
//! `leaver_destinations`; absent, the national shares.
void read_leaver_destinations(MapReader& top, Scenario& sc, Parameters& params);
//! `targets`.
void read_targets(MapReader& top, Scenario& sc);
//! `sweep`; after every section with parameters, since its levers name them.
void read_sweep(MapReader& top, Scenario& sc);
//! `year_to_year`: parameters whose value moves from year to year (after every section that
//! defines parameters).
void read_year_to_year(MapReader& top, Scenario& sc, Parameters& params);
//! `dfe_return`: record the measures as the DfE counts them.
void read_dfe_return(MapReader& top, Scenario& sc);
//! `history`: the published figures the scenario was built from; after `dfe_return`, whose
//! snapshot month dates them.
void read_history(MapReader& top, Scenario& sc);
//! `changes`, the base scenario's policy timeline, applied to `sc`. Returned for each
//! strategy to merge its own changes into.
std::vector<Change> read_changes(MapReader& top, Scenario& sc, Parameters& params);
//! `strategies`: each a copy of `sc` whose parameters are `unchanged` (the parameters
//! before any change) with `base_changes` and its own changes applied, by month.
std::vector<Scenario> read_strategies(MapReader& top, const Scenario& sc,
                                      const std::vector<Parameter>& unchanged,
                                      const std::vector<Change>& base_changes, Parameters& params);

}  // namespace wfsim
