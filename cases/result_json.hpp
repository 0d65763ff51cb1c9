#pragma once
// Results as JSON and CSV: what `rackcalc thermal --json` prints and what `rackcalc run`
// writes to summary.json (run_to_json, from the run's typed record) and summary.csv. SI
// numbers; the key names carry the units. The HTML report renders the record itself, not
// this JSON.

#include "cases/run_record.hpp"
#include "cases/sweep.hpp"
#include "cases/system_run.hpp"
#include "cases/verdict.hpp"
#include "core/display_units.hpp"
#include "geometry/assembly.hpp"
#include "thermal/rack_thermal.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace rackcalc::cases {

/// A model's sentence (a finding, a scenario's reasoning, the verdict line) as the JSON
/// outputs carry it: in the metric display, as they always have, whatever --units says; the
/// numbers beside it are SI under unit-suffixed keys.
std::string json_sentence(const core::Statement& sentence);

nlohmann::json thermal_to_json(const thermal::ThermalAnalysis& a,
                               const geometry::Assembly& assembly);

/// The whole system: case, convergence, totals and closures, power chain stage by stage,
/// thermal, cooling, the power-flow Sankey from the grid to the chips, the system's findings.
nlohmann::json system_to_json(const CaseFacts& facts, const SystemResult& r);

/// summary.json of a run: the system (system_to_json) with every finding of the run
/// (run_findings), the airflow evidence, scenarios, picture, sweeps with their curves,
/// "verdict" {pass, line, violations [{kind, subject, message}], warnings, scenarios,
/// sweep_points} and provenance.
nlohmann::json run_to_json(const RunRecord& record);

/// A sweep's results as curves for the report's charts: the last (fastest) parameter on the
/// x axis in its display unit, one series per combination of the others, one y list per
/// output in the output's unit (null where a point failed or is infeasible):
///   {"x_label", "outputs": [{"name", "unit"}], "series": [{"label", "x", "y": [[...]...]}]}.
/// Null when the x parameter is a choice (no axis) or a value does not parse as a number.
nlohmann::json sweep_chart_to_json(const SweepResult& sweep);

/// Key results, one per row: quantity,value,unit. The CSV files show every quantity in the
/// display's units (--units) with the unit in the header or the unit column.
std::string system_to_csv(const SystemResult& r, const core::Display& u = core::Display{});
/// Every liquid-cooled chip at the design point, one row each (chips.csv): the per-chip
/// detail that the report and summary.json aggregate (worst chips, ranges per type).
std::string chips_to_csv(const SystemResult& r, const core::Display& u = core::Display{});
/// Every tray on the loop at the design point, one row each (trays.csv).
std::string trays_to_csv(const SystemResult& r, const core::Display& u = core::Display{});

} // namespace rackcalc::cases
