#pragma once
// The report of a fused system run (`rackcalc run CASE -o DIR` writes it as report.html):
// one self-contained HTML page for mechanical and electrical engineers. Inline CSS and
// inline SVG only, and the rack picture embedded as a data: URI: no scripts, no external
// styles, fonts or images, so it opens offline, prints, and survives being mailed alone.

#include "cases/run_record.hpp"
#include "core/display_units.hpp"

#include <string>

namespace rackcalc::viz {

/// Files the page embeds (as data: URIs), so report.html is one self-contained file.
struct ReportAssets {
    std::string rack_png; ///< bytes of the rack picture; empty: the page says why it is absent
};

/// The page for `run`, the typed record of a run (cases/run_record.hpp), read field by field:
/// it never goes through summary.json, so a renamed JSON key cannot empty a section. Sections,
/// in order: case summary; key results with margins against limits and the energy and heat
/// closures; findings, errors first; the rack picture; power-flow Sankey from the grid to the
/// chips with every loss; chip junction temperatures per tray against their limits; coolant
/// flow per tray and per cold plate; efficiency versus load of the power chain; load swing
/// and storage; scenarios and sweeps; the OpenFOAM airflow evidence; tables per power stage,
/// tray, rack, CDU, air side, cooling plant and flow versus supply temperature; provenance.
/// Values are shown in the reader's units (`units`, from --units; metric by default: kW,
/// °C, L/min, kPa, MWh), with the unit in every column header and axis title.
///
/// A part that was not computed is shown as "not computed: <reason>" -- the fused run did
/// not converge (every result section then gives its reason), the case declares no swing,
/// scenario or sweep, no airflow evidence was given, the picture is Missing -- and the rest
/// of the report is rendered; a chart that cannot be drawn spoils only its own section. All
/// text taken from the record is HTML-escaped.
std::string render_report(const cases::RunRecord& run, const ReportAssets& assets = {},
                          const core::Display& units = core::Display{});

} // namespace rackcalc::viz
