#pragma once
// The one-page summary of a run (`rackcalc run` writes it as summary.html beside report.html):
// what a manager reads first. One printable A4/Letter page, self-contained like the report
// (inline CSS, no scripts, no external resources): the verdict line first, then the racks,
// IT power against the published figure, the worst chip and its margin, coolant flow and
// temperatures, loop pressure drop, CDU and pump duty, PUE with its numerator and
// denominator, annual energy and cost, and a link to report.html for the rest.

#include "cases/run_record.hpp"
#include "core/display_units.hpp"

#include <string>

namespace rackcalc::viz {

/// The page, rendered from the typed record in the reader's units. A run that did not
/// converge gets its verdict and the reason, and no numbers.
std::string render_summary_page(const cases::RunRecord& run,
                                const core::Display& units = core::Display{});

} // namespace rackcalc::viz
