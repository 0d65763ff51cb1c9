#pragma once
// A straight-channel cold plate with its chip stack as a CFD unit cell: one channel period
// cut by two symmetry planes (through a fin's middle and through a channel's middle), the
// full flow length, the plate base, and the chip's layers under the base (die first). The
// die's heat is a volumetric source in the die region. The channels run along y, across
// the channels is x, z points from the die up into the fins; the cover over the fin tips is
// adiabatic, as are the ends of the solid and the bottom of the die.
//
// What the symmetric unit cell assumes (written into every result's notes): every channel
// carries the same flow and the same heat, i.e. the die's heat reaches all channels alike
// (its extent along the flow is kept: a die shorter than the plate heats the middle of the
// channel length only). Lateral spreading across the channels from a die narrower than the
// plate is therefore not part of the CFD answer. Inlet and outlet plenums and ports are not
// meshed: the pressure drop is that of the channels, entrance development included.

#include "thermal/fluid.hpp"
#include "thermal/openfoam/cht_case.hpp"

#include <string>
#include <vector>

namespace rackcalc::openfoam {

/// One solid layer of the chip stack under the plate (die first, plate-side TIM last).
struct StackSolid {
    std::string region; ///< region (cellZone) name, an OpenFOAM word, unique
    double thickness_m = 0.0;
    SolidProperties solid;
    /// false: the layer covers the die only (die, TIM1); true: it covers the plate
    /// footprint (a lid or spreader, and every layer after it).
    bool footprint = false;
};

struct ColdPlateCfdSpec {
    // Plate [m]
    double channel_width_m = 0.0;
    double fin_thickness_m = 0.0;
    double channel_depth_m = 0.0;
    double base_thickness_m = 0.0;
    double length_m = 0.0; ///< flow length of the channels = footprint length along y
    double width_m = 0.0;  ///< footprint width across the channels
    SolidProperties plate;
    // Chip
    double die_length_m = 0.0;     ///< along the flow, centred; <= length_m
    std::vector<StackSolid> stack; ///< die first; at least one layer (the die, Q goes there)
    double Q_W = 0.0;              ///< chip heat into the plate [W]
    // Coolant
    const thermal::Fluid* coolant = nullptr;
    double T_inlet_K = 0.0;
    double V_dot_m3_s = 0.0; ///< through the whole plate
    // Mesh
    int cells_half_channel = 12; ///< openfoam-notes.md: 12 or 16 (GAMG stalled at 15)
    int cells_half_fin = 6;
    int cells_channel_depth = 40;
    double cell_length_m = 0.0; ///< along the flow; 0: length / 150
    int min_cells_layer = 2;    ///< at least this many cells through each layer
    int max_iterations = 3000;
};

/// The unit cell derived from a spec.
struct ColdPlateUnitCell {
    int n_channels = 0;   ///< floor(width / pitch), as the fin-channel model counts
    double pitch_m = 0.0; ///< channel_width + fin_thickness
    double share = 0.0;   ///< the cell's share of the plate, 1 / (2 n_channels)
    double V_dot_cell_m3_s = 0.0;
    double Q_cell_W = 0.0;
    double T_properties_K = 0.0; ///< coolant property temperature: inlet + half the rise
    double Re = 0.0;             ///< channel Reynolds number (hydraulic diameter)
    FluidProperties coolant;
    geometry::HexMeshSpec mesh;
    ChtCaseSpec cht;           ///< regions, inlet and outlet, reported surfaces
    std::string contact_patch; ///< plate-side patch of the plate's contact face
    std::string die_region;
};

/// Builds the unit cell. Throws std::invalid_argument (saying which value and why) for
/// non-positive or non-finite sizes, a die longer than the plate, no stack, fewer than one
/// whole channel, or a channel Reynolds number above 2000 (the case is laminar).
ColdPlateUnitCell coldplate_unit_cell(const ColdPlateCfdSpec& spec);

} // namespace rackcalc::openfoam
