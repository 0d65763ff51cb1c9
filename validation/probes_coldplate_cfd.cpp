// Probes of the CFD cold-plate area: the OpenFOAM conjugate-heat-transfer path of `rackcalc
// cfd coldplate` (hex mesher, chtMultiRegionSimpleFoam case writer, runner, function-object
// reader) on reference cases. Each probe writes and runs a small case in a scratch folder;
// without OpenFOAM the probe fails with the runner's message (what is missing, how to
// install it).

#include "geometry/hex_mesh.hpp"
#include "thermal/fluid.hpp"
#include "thermal/openfoam/coldplate_run.hpp"
#include "validation/probe.hpp"

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace rackcalc::validation {

namespace {

namespace ck = core::kinds;
namespace of = openfoam;

/// Laminar flow between parallel plates: one cell across the width between two symmetry
/// planes (plates of infinite width), `cells` across the gap, 100 cells along the length.
Probe cfd_plane_poiseuille() {
    return make_probe(
        "cfd_plane_poiseuille",
        "OpenFOAM: laminar flow between parallel plates (chtMultiRegionSimpleFoam, one fluid "
        "region, symmetry planes at the sides), pressure drop inlet to outlet "
        "(openfoam::run_cht)",
        {core::quantity("mu", kinds::dynamic_viscosity, "Pa s", "dynamic viscosity")
             .above(0.0)
             .needed(),
         core::quantity("rho", ck::density, "kg/m^3", "density").above(0.0).needed(),
         core::quantity("h", ck::length, "mm", "gap between the plates").above(0.0).needed(),
         core::quantity("w", ck::length, "mm", "width of the modelled strip").above(0.0).needed(),
         core::quantity("L", ck::length, "mm", "length").above(0.0).needed(),
         core::quantity("V", ck::volume_flow, "m^3/s", "flow through the strip")
             .above(0.0)
             .needed(),
         core::real("cells", "cells across the gap").def("20").range(4, 200)},
        {{"dp", &ck::pressure, "Pa", "pressure drop, inlet to outlet"}},
        [](const core::CheckedTable& in) {
            const double h = in.quantity("h"), w = in.quantity("w"), L = in.quantity("L");
            geometry::HexMeshSpec m;
            m.domain = {{0, 0, 0}, {w, L, h}};
            m.spacing = {geometry::AxisSpacing{w}, geometry::AxisSpacing{L / 100.0},
                         geometry::AxisSpacing{h / in.real("cells")}};
            m.background_zone = "coolant";
            m.domain_patches = {geometry::PatchSpec{"symmetry_left", "symmetryPlane"},
                                geometry::PatchSpec{"symmetry_right", "symmetryPlane"},
                                geometry::PatchSpec{"inlet", "patch"},
                                geometry::PatchSpec{"outlet", "patch"},
                                geometry::PatchSpec{"walls", "wall"},
                                geometry::PatchSpec{"walls", "wall"}};
            of::ChtRegion coolant;
            coolant.name = "coolant";
            coolant.fluid = true;
            // cp and k do not enter an isothermal pressure drop; water's values are written.
            coolant.fluid_properties = {"validation fluid", in.quantity("rho"), 4180.0,
                                        in.quantity("mu"), 0.6};
            of::ChtCaseSpec spec;
            spec.regions = {coolant};
            spec.V_dot_inlet_m3_s = in.quantity("V");
            spec.T_inlet_K = 298.15;
            spec.max_iterations = 3000;
            of::CfdRunOptions options;
            options.flow_residual = 1e-6;
            options.write_vtk = false;
            options.time_limit_s = 300.0;
            const of::ChtRunResult r =
                of::run_cht(geometry::build_hex_mesh(m), spec,
                            probe_scratch_dir("plane-poiseuille"), options, of::Runner(), "");
            if (!r.ok()) {
                throw std::runtime_error("OpenFOAM gave no result: " + r.message);
            }
            return ProbeValues{{"dp", r.results.dp_Pa}};
        });
}

/// A silicon micro-channel heat sink as a symmetric channel period: the whole pipeline of
/// `rackcalc cfd coldplate` (run_coldplate_point) with water from RackCalc's tables.
Probe cfd_microchannel_unit_cell() {
    return make_probe(
        "cfd_microchannel_unit_cell",
        "OpenFOAM: micro-channel heat sink as one channel period (chtMultiRegionSimpleFoam, "
        "fluid, plate and heater regions), water; die-to-inlet thermal resistance and the "
        "energy balance (openfoam::run_coldplate_point)",
        {core::quantity("channel_width", ck::length, "um", "channel width").above(0.0).needed(),
         core::quantity("fin_thickness", ck::length, "um", "wall between channels")
             .above(0.0)
             .needed(),
         core::quantity("channel_depth", ck::length, "um", "channel depth").above(0.0).needed(),
         core::quantity("base_thickness", ck::length, "um", "solid between heater and channels")
             .above(0.0)
             .needed(),
         core::quantity("side", ck::length, "mm", "heated square's side (flow length and width)")
             .above(0.0)
             .needed(),
         core::quantity("k_solid", ck::thermal_conductivity, "W/(m K)", "sink conductivity")
             .above(0.0)
             .needed(),
         core::quantity("Q", ck::power, "W", "heat").above(0.0).needed(),
         core::quantity("V", ck::volume_flow, "cm^3/s", "water flow").above(0.0).needed(),
         core::quantity("T_inlet", ck::temperature, "degC", "water inlet").needed()},
        {{"R", &ck::thermal_resistance, "K/W", "heater maximum to water inlet, per W"},
         {"energy_imbalance", &ck::dimensionless, "",
          "(heat in - coolant enthalpy rise) / heat in"}},
        [](const core::CheckedTable& in) {
            const double side = in.quantity("side");
            const of::SolidProperties solid{"validation solid", in.quantity("k_solid"), 2330.0,
                                            712.0};
            of::ColdPlateCfdSpec s;
            s.channel_width_m = in.quantity("channel_width");
            s.fin_thickness_m = in.quantity("fin_thickness");
            s.channel_depth_m = in.quantity("channel_depth");
            // The heater is the base's top 10 um, of the same solid.
            s.base_thickness_m = in.quantity("base_thickness") - 10e-6;
            if (!(s.base_thickness_m > 0.0)) {
                throw std::invalid_argument("base_thickness must exceed the 10 um heater layer");
            }
            s.length_m = side;
            s.width_m = side;
            s.plate = solid;
            s.die_length_m = side;
            s.stack = {of::StackSolid{"heater", 10e-6, solid, false}};
            s.Q_W = in.quantity("Q");
            s.coolant = &thermal::fluid_by_name("water");
            s.T_inlet_K = in.quantity("T_inlet");
            s.V_dot_m3_s = in.quantity("V");
            s.cells_half_channel = 6;
            s.cells_half_fin = 3;
            s.cells_channel_depth = 16;
            s.cell_length_m = side / 60.0;
            of::CfdRunOptions options;
            options.write_vtk = false;
            options.time_limit_s = 600.0;
            options.np = probe_mpi_ranks();
            const of::CfdPointResult r =
                of::run_coldplate_point(s, probe_scratch_dir("microchannel-unit-cell"), options,
                                        of::Runner(), s.T_inlet_K + 60.0);
            if (!r.ok()) {
                throw std::runtime_error("OpenFOAM gave no result: " + r.message);
            }
            return ProbeValues{{"R", r.R_die_K_per_W}, {"energy_imbalance", r.energy_imbalance}};
        });
}

} // namespace

std::vector<Probe> coldplate_cfd_probes() {
    return {cfd_plane_poiseuille(), cfd_microchannel_unit_cell()};
}

} // namespace rackcalc::validation
