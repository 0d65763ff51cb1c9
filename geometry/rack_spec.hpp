#pragma once
// What a rack template says about the physical rack: chips, trays, racks and the row,
// in SI units, checked against the schema. Geometry builds the 3-D parts from this.

#include "core/input_error.hpp"
#include "core/schema.hpp"
#include "core/units.hpp"
#include "core/words.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::geometry {

/// A chip package (GPU, CPU, NPU, TPU, switch ASIC, NIC, DPU).
/// What a chip does; gpu, npu and tpu are the accelerators.
enum class ChipRole { gpu, cpu, npu, tpu, switch_asic, nic, dpu, other };
inline constexpr core::Words<ChipRole, 8> chip_role_words{{{
    {ChipRole::gpu, "gpu"},
    {ChipRole::cpu, "cpu"},
    {ChipRole::npu, "npu"},
    {ChipRole::tpu, "tpu"},
    {ChipRole::switch_asic, "switch"},
    {ChipRole::nic, "nic"},
    {ChipRole::dpu, "dpu"},
    {ChipRole::other, "other"},
}}};
static_assert(chip_role_words.complete());
constexpr bool is_accelerator(ChipRole r) {
    return r == ChipRole::gpu || r == ChipRole::npu || r == ChipRole::tpu;
}
/// What a tray is; canister trays hold blade rows.
enum class TrayRole { compute, switch_tray, power_shelf, host, tor, bbu, canister, other };
inline constexpr core::Words<TrayRole, 8> tray_role_words{{{
    {TrayRole::compute, "compute"},
    {TrayRole::switch_tray, "switch"},
    {TrayRole::power_shelf, "power_shelf"},
    {TrayRole::host, "host"},
    {TrayRole::tor, "tor"},
    {TrayRole::bbu, "bbu"},
    {TrayRole::canister, "canister"},
    {TrayRole::other, "other"},
}}};
static_assert(tray_role_words.complete());
/// How a chip's heat leaves its tray.
enum class ChipCooling { liquid, air };
inline constexpr core::Words<ChipCooling, 2> chip_cooling_words{{{
    {ChipCooling::liquid, "liquid"},
    {ChipCooling::air, "air"},
}}};
static_assert(chip_cooling_words.complete());
/// A chip's cold plate: its own, one per tray shared by all chips of its id, or none.
enum class ColdPlate { own, shared, none };
inline constexpr core::Words<ColdPlate, 3> cold_plate_words{{{
    {ColdPlate::own, "own"},
    {ColdPlate::shared, "shared"},
    {ColdPlate::none, "none"},
}}};
static_assert(cold_plate_words.complete());

struct ChipSpec {
    std::string id;
    std::string name;
    ChipRole role = ChipRole::other;
    core::Power tdp{};     ///< thermal design power
    int dies = 1;          ///< compute dies in the package
    double length_m = 0.0; ///< package footprint along the board [m]
    double width_m = 0.0;  ///< package footprint across the board [m]
    double height_m = 0.0; ///< package height above the board [m]
    ChipCooling cooling = ChipCooling::liquid;
    ColdPlate cold_plate = ColdPlate::own; ///< always none for an air-cooled chip
    double cold_plate_height_m = 0.0;
    core::AbsoluteTemperature T_limit{}; ///< temperature limit
    std::string limit_kind;              ///< junction, case or hbm
    /// Leakage: P = TDP (1 - s + s 2^((T_j - T_ref) / dT_double)), s = leakage_share.
    double leakage_share = 0.0;
    core::AbsoluteTemperature leakage_T_ref{};
    core::TemperatureDifference leakage_doubling{};
    core::Provenance tdp_source;
};

struct ChipCount {
    std::string chip;
    int count = 0;
    core::Diagnostic origin; ///< where the count was written, for layout errors
};

/// A row of blades standing side by side in a container tray (Kyber canister).
struct BladeRow {
    std::string tray;
    int count = 0;
    double depth_m = 0.0; ///< depth of the blade row [m]
};

/// A tray, shelf or blade: anything that occupies rack units or a blade slot.
struct TraySpec {
    std::string id;
    std::string name;
    TrayRole role = TrayRole::other;
    double height_m = 0.0; ///< height in the stack, or blade thickness for blades [m]
    std::vector<ChipCount> chips;
    core::Power other_power{};          ///< tray power not on the listed chips
    double other_liquid_fraction = 0.0; ///< share of other_power carried by liquid
    int qd_pairs = 0;                   ///< quick-disconnect pairs to the rack manifold
    int psus = 0;                       ///< power supply units (power shelves)
    core::Power psu_rating{};           ///< rating of one PSU
    double board_clearance_m = 0.0;     ///< board thickness + standoff under the chips [m]
    std::optional<BladeRow> front_blades;
    std::optional<BladeRow> rear_blades;
    double backplane_thickness_m = 0.0;
    core::Diagnostic origin;
};

struct StackEntry {
    std::string tray; ///< empty for a gap
    int count = 1;
    double gap_m = 0.0;
    core::Diagnostic origin;
};

struct ManifoldSpec {
    double diameter_m = 0.0; ///< outer size of each vertical manifold [m]; 0 = none
    core::Diagnostic origin;
};

struct BusbarSpec {
    double width_m = 0.0;     ///< [m]; 0 = none
    double thickness_m = 0.0; ///< [m]
    double voltage_V = 0.0;
    double rated_current_A = 0.0;
    core::Diagnostic origin;
};

struct RackSpec {
    std::string id;
    std::string name;
    double width_m = 0.0;
    double depth_m = 0.0;
    double height_m = 0.0;
    double unit_m = 0.0;            ///< one rack unit [m]
    int units = 0;                  ///< rack units available for equipment
    double base_m = 0.0;            ///< floor to the bottom of unit 1 [m]
    double equipment_width_m = 0.0; ///< inner width for trays [m]
    double front_space_m = 0.0;     ///< door and cable space before the trays [m]
    double rear_space_m = 0.0;      ///< space behind the trays for manifolds and busbar [m]
    std::vector<StackEntry> stack;  ///< top to bottom
    ManifoldSpec manifold;
    BusbarSpec busbar;
    /// The rack's IT power at a vendor's operating point, if the case gives one [W]; the
    /// chips' TDPs and trays' powers in it were scaled by power_scale to sum to it.
    std::optional<double> operating_power_W;
    double template_power_W =
        0.0; ///< one rack's chip TDPs and tray powers as the template gives them [W]
    double power_scale = 1.0;                        ///< operating_power_W / template_power_W, or 1
    core::Diagnostic origin;                         ///< the stack
    std::map<std::string, core::Diagnostic> origins; ///< frame keys: depth, rear_space, ...
};

struct RowEntry {
    std::string rack;
    int count = 1;
};

/// A figure the template states for a count, checked against the placed parts.
struct StatedTotal {
    std::string name; ///< accelerators, cold_plates, ...
    long value = 0;
    core::Provenance provenance;
    core::Diagnostic origin;
};

/// The physical description of a system of one or more racks in a row.
struct LayoutSpec {
    std::map<std::string, ChipSpec> chips;
    std::map<std::string, TraySpec> trays;
    std::map<std::string, RackSpec> racks;
    std::vector<RowEntry> row; ///< left to right
    double rack_gap_m = 0.0;
    std::vector<StatedTotal> totals;
    /// The file the user handed in: a layout error that several keys could have caused is
    /// reported at the one written there, since an override is the likeliest cause.
    std::string primary_file;
};

/// Keys other subsystems add to the layout tables (thermal adds a chip's stack and cold
/// plate, a tray's coolant circuits, a rack's manifold hydraulics). Geometry ignores them.
struct LayoutExtensions {
    std::vector<core::KeySpec> chip;
    std::vector<core::KeySpec> tray;
    std::vector<core::KeySpec> manifold;
};

/// Schema of the layout tables ([chips.*], [trays.*], [racks.*], [system], [totals]).
/// Added to the case schema by cases/.
std::vector<core::KeySpec> layout_keys(const LayoutExtensions& extensions = {});

/// Reads the layout tables of a checked document. Throws core::InputError.
LayoutSpec parse_layout(const core::CheckedTable& document);

/// The names that [totals] may state.
const std::vector<std::string>& total_names();

} // namespace rackcalc::geometry
