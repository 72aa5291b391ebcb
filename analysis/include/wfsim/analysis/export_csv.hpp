#pragma once
//! Tidy CSV of a results file's summaries, for spreadsheets and pandas.
#include <functional>
#include <ostream>
#include <string>

#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! One value of a results file's summaries, as export_csv writes it in a row.
struct SummaryRow {
  const std::string& strategy;
  const std::string& metric;
  const std::string& category;
  const std::string& period;
  const std::string& statistic;
  double value;
  const std::string& units;
  bool part_year;
};

//! Calls `row` for every value of every strategy's summaries, in export_csv's order.
void for_each_summary_row(const ResultsReader& results,
                          const std::function<void(const SummaryRow&)>& row);

//! Writes every strategy's summaries as CSV, one row per value, with the columns
//! strategy, metric, category, period, statistic, value, units, part_year. `period` is a
//! month (YYYY-MM), a financial year (2024/25), months after qualifying, or empty for
//! results without a time axis; `statistic` is mean, sd, p5 ... p95, or expected;
//! `part_year` is `yes` for a financial year the horizon cuts short. A value a run does not
//! define is left empty. Numbers keep full precision, so they read back exactly.
void export_csv(const ResultsReader& results, std::ostream& out);

//! Writes the measures as the DfE counts them (results of a scenario with `dfe_return`) for
//! each snapshot month in the horizon, in the DfE indicator file's terms: one row per
//! strategy, reporting year and statistic (mean, p5 ... p95), one column per measure named
//! as the DfE file names it (inpost_fte, starters_fte, ...). Throws UserError if the file
//! has no DfE measures.
void export_dfe_csv(const ResultsReader& results, std::ostream& out);

//! Appends each strategy's comparison with the base (wfsim compare, at its last month and
//! every financial year) as rows of the same CSV: metric `difference:<measure>`, category
//! the compared strategy's name against the base, statistic p10, median, p90 (in the
//! measure's units), chance_better, chance_same or chance_worse (shares); and `break_even`
//! rows: the shares of futures with no difference, cheaper from the start, breaking even
//! later and never (period: the month counted from), then p10, median, p90 of the
//! break-even month (period: YYYY-MM). Needs the trajectories; writes nothing without them.
void export_comparisons_csv(const ResultsReader& results, std::ostream& out);

}  // namespace wfsim
