#pragma once
//! A one-page HTML report for a board pack: self-contained (inline SVG and CSS, no scripts,
//! no fonts or anything else fetched), readable on screen and on paper.
#include <ostream>

#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! Writes the report of a results file: fan charts of the key measures for every
//! strategy (and, with `dfe_return`, of each other measure as the DfE counts it), with the
//! file's published figures (`history`) as points at their count dates where a chart counts
//! what the DfE counts; a side-by-side table at each financial year end, spend by financial
//! year, the chance of each target, the break-even month (when trajectories are stored), the
//! assumptions that differ between strategies, the main assumptions, and provenance.
void write_report(const ResultsReader& results, std::ostream& out);

}  // namespace wfsim
