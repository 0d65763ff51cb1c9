#pragma once
// The liquid loop's thermal result as VTK fields: per-part cell fields for rack.vtm and the
// loop drawing for loop.vtp, shared by `thermal -o` and `run` (and its sweeps and transients).

#include "geometry/assembly.hpp"
#include "thermal/rack_thermal.hpp"
#include "viz/vtk_writer.hpp"

#include <vector>

namespace rackcalc::viz {

/// The coolant loop for loop.vtp: a point per junction (pressure, mixed coolant temperature),
/// a line per branch (its kind, flow, velocity, hydraulic diameter, Reynolds number, pressure
/// drop and the coolant temperature where it enters and leaves).
NetworkDrawing loop_drawing(const thermal::RackLoopResult& design);

/// Per-part thermal fields for the VTK picture; NaN where a field does not apply.
std::vector<CellField> thermal_fields(const thermal::ThermalAnalysis& a,
                                      const geometry::Assembly& assembly);

/// The thermal fields some time into a transient in which every temperature of the loop has
/// risen by dT [K]: the temperatures up, the chips' margins down, the rest as it was.
std::vector<CellField> shifted_fields(std::vector<CellField> fields, double dT);

} // namespace rackcalc::viz
