#pragma once
//! The budget workbook (.xlsx), written with libxlsxwriter: a cover sheet with the
//! scenario and provenance, spend by financial year in pounds million, each strategy's
//! difference from the base on the same futures, payback, agency FTE and spend risk, the
//! chance of each target, and every summary as a long table for pivots. Numbers are stored
//! as numbers with number formats, never as text.
#include <string>

#include "wfsim/analysis/finance.hpp"
#include "wfsim/output/results_file.hpp"

namespace wfsim {

//! Writes the workbook of `results` to `path`; throws UserError if it cannot be written.
void write_workbook(const ResultsReader& results, const FinanceTables& tables,
                    const std::string& path);

}  // namespace wfsim
