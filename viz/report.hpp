#pragma once
// The report of a fused system run (`rackcalc run CASE -o DIR` writes it as report.html):
// one self-contained HTML page for mechanical and electrical engineers. Inline CSS and
// inline SVG only, and the rack picture embedded as a data: URI: no scripts, no external
// styles, fonts or images, so it opens offline, prints, and survives being mailed alone.

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rackcalc::viz {

/// The page for `summary`, the JSON of a fused system run (SI units throughout; the
/// contract is in issue 5 and cases/result_json.cpp). Sections, in order: case summary;
/// key results with margins against limits and the energy and heat closures; findings,
/// errors first; the rack picture; power-flow Sankey from the grid to the chips with every
/// loss; chip junction temperatures per tray against their limits; coolant flow per tray
/// and per cold plate; efficiency versus load of the power chain(s); load swing and
/// storage; tables per power stage, tray, rack, CDU, air side, cooling plant and flow
/// versus supply temperature. Values are shown in kW, degC, L/min, kPa, MWh and USD, with
/// the unit in every column header.
///
/// Never throws for missing or malformed parts: a part that is absent (or given as
/// `{"missing": "reason"}`) is shown as "not computed: <reason>" -- the run did not
/// converge, or the summary has no such part -- and the rest of the report is rendered.
/// All text taken from the summary is HTML-escaped.
/// Files the page embeds (as data: URIs), so report.html is one self-contained file.
struct ReportAssets {
    std::string rack_png; ///< bytes of the rack picture; empty: the page says why it is absent
};

std::string render_report(const nlohmann::json& summary, const ReportAssets& assets = {});

} // namespace rackcalc::viz
