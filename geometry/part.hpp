#pragma once
// The placed rack: every part as an axis-aligned box in 3-D, in metres.
// Coordinates: x across the rack width (left to right seen from the front), y front to
// rear, z up from the floor. Racks of a row stand side by side along x.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::geometry {

/// What a part is. The numeric value is written to VTK as the cell field `part_kind`.
enum class PartKind : int {
    rack = 0,        ///< the rack frame (envelope)
    tray = 1,        ///< a compute, switch, host or other tray, or a blade
    power_shelf = 2, ///< power shelf (rectifiers / PSUs)
    chip = 3,        ///< a package: GPU, CPU, NPU, TPU, switch ASIC, NIC, DPU
    cold_plate = 4,  ///< a cold plate on one chip or shared by several
    manifold = 5,    ///< rack supply or return manifold
    busbar = 6,      ///< rack DC busbar
    canister = 7,    ///< a chassis that holds blades (Kyber)
    backplane = 8,   ///< orthogonal backplane board between blade rows
};

std::string_view to_string(PartKind kind);

struct Box {
    std::array<double, 3> lo{}; ///< [m]
    std::array<double, 3> hi{}; ///< [m]

    double volume() const;
    bool contains(const Box& inner, double tolerance = 1e-9) const;
    /// True when the interiors intersect (touching faces do not count).
    bool overlaps(const Box& other, double tolerance = 1e-9) const;
};

struct Part {
    PartKind kind = PartKind::tray;
    std::string name;  ///< unique path, e.g. "nvl72/compute-03/b200-2"
    std::string group; ///< VTK block this part goes in, e.g. "accelerators", "cold_plates"
    std::string type;  ///< template id of the part, e.g. "b200", "compute"
    std::string role;  ///< chip role (gpu, cpu, npu, tpu, switch, nic, dpu) or tray role
    Box box;
    double power_W = 0.0;         ///< heat dissipated in this part itself [W]
    double liquid_fraction = 0.0; ///< share of power_W carried away by liquid [-]
    int parent = -1;              ///< index of the enclosing part, -1 for racks
    int rack = 0;                 ///< index of the rack in the row
    int dies = 0;                 ///< silicon dies in a chip package
    int cold_plate = -1;          ///< for a chip: index of the cold plate on it, -1 if none
};

} // namespace rackcalc::geometry
