#pragma once
//! The board's report: one self-contained HTML page (inline SVG and CSS, no scripts, no
//! fonts or anything else fetched), read in a minute on screen and printed on A4.
#include <ostream>

#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! Writes the report of a results file: first the headline (a sentence and a table per
//! strategy against the base: target chances, agency FTE, spend over the horizon and to the
//! end of the medium-term financial plan, when it pays for itself, the present value of the
//! difference); then fan charts as small multiples, the base in grey beside one strategy at
//! a time, with targets, funded posts and the file's published figures (`history`) drawn on
//! the charts they belong to; agency spend by financial year and its difference from the
//! base; spend so far against the base; the chances of each target; the measures at each
//! financial year end; with `dfe_return`, each measure as the DfE counts it; what the
//! strategies change and every assumption in words; and provenance. Every number is read
//! from the file, differences from the base as `wfsim compare` computes them.
void write_report(const ResultsReader& results, std::ostream& out);

}  // namespace wfsim
