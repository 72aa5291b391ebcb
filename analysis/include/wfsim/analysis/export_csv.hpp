#pragma once
//! Tidy CSV of a results file's summaries, for spreadsheets and pandas.
#include <ostream>

#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! Writes every strategy's summaries as CSV, one row per value, with the columns
//! strategy, metric, category, period, statistic, value, units. `period` is a month
//! (YYYY-MM), a financial year (2024/25), months after qualifying, or empty for results
//! without a time axis; `statistic` is mean, sd, p5 ... p95, or expected. A value a run
//! does not define is left empty. Numbers keep full precision, so they read back exactly.
void export_csv(const ResultsReader& results, std::ostream& out);

//! Appends each strategy's comparison with the base (wfsim compare, at its last month and
//! every financial year) as rows of the same CSV: metric `difference:<measure>`, category
//! the compared strategy's name against the base, statistic p10, median, p90 or
//! chance_better; and `break_even` rows (share, and p10, median, p90 as YYYY-MM).
//! Needs the trajectories; writes nothing without them.
void export_comparisons_csv(const ResultsReader& results, std::ostream& out);

}  // namespace wfsim
