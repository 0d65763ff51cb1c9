#pragma once
// What the coolant loop and the chips' thermal stacks are made of, as read from a case:
// the cold-plate designs ([plates.<id>]), each chip's stack from die to plate, each tray's
// coolant circuits and hoses, the rack manifolds, and the CDU and air side ([cooling]).
// Thermal declares these keys; cases/ adds them to the layout tables.

#include "core/schema.hpp"
#include "core/words.hpp"
#include "geometry/rack_spec.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::thermal {

/// A cold plate's measured (or CFD) performance, [plates.<id>.performance]: thermal
/// resistance from the plate's contact face at its hottest point to the coolant inlet per
/// watt into the plate,
/// and optionally its pressure drop, at a few flows. It replaces the fin-channel model of
/// that plate as given (no rescaling to another coolant or temperature).
struct PlatePerformance {
    std::string coolant;              ///< the fluid it was measured with
    double T_inlet_K = 0.0;           ///< coolant inlet of the measurement; 0: not given
    std::vector<double> V_dot_m3_s;   ///< strictly increasing flows
    std::vector<double> R_th_K_per_W; ///< contact face to coolant inlet, per W into the plate
    std::vector<double> dp_Pa;        ///< pressure drop at each flow; empty: the channel model
    std::string source;
};

/// A straight-channel (skived or machined fin) cold plate over one footprint. H11's CFD
/// writer reads these fields: channel_width_m, fin_thickness_m, channel_depth_m,
/// base_thickness_m, k_solid and the port diameter; the plate's footprint is its part's box.
struct PlateDesign {
    std::string id;
    double channel_width_m = 0.0;
    double fin_thickness_m = 0.0;
    double channel_depth_m = 0.0;
    double base_thickness_m = 0.0;
    double k_solid = 0.0; ///< [W/(m K)]
    double port_K = 0.0;  ///< inlet + outlet plenum losses, referred to the port velocity
    double port_diameter_m = 0.0;
    /// A vendor P-Q point: when set, the plate's pressure drop is dp = b V^2 through it
    /// (fully turbulent form) instead of the channel model; the fins still set its
    /// thermal resistance.
    double rated_flow_m3_s = 0.0;
    double rated_dp_Pa = 0.0;
    std::optional<PlatePerformance> performance =
        std::nullopt; ///< given: replaces the channel model
};

/// One conducting layer between the die's active face and the cold plate base.
struct StackLayer {
    std::string name;
    double thickness_m = 0.0;
    double k = 0.0;       ///< [W/(m K)]
    bool spreads = false; ///< a lid or spreader: heat spreads from the die over the package
};

/// A chip's path from junction to cold plate ([chips.<id>] die_area and stack). The package
/// footprint is the chip part's box; the plate base and fins are the PlateDesign's.
struct ChipThermal {
    std::string chip;
    std::string plate;              ///< plate design id
    double source_area_m2 = 0.0;    ///< heated die area, all dies; 0 = the package footprint
    std::vector<StackLayer> layers; ///< die first, plate-side TIM last; a `spreads` layer
                                    ///< (lid) spreads the die over the package footprint
};

/// A tray's coolant path: circuits in parallel between the tray's supply and return; each
/// circuit is stages in series; each stage is plates in parallel.
struct TrayCircuits {
    std::string tray;
    std::vector<std::vector<std::vector<std::string>>> circuits; ///< empty: every plate alone
    core::Diagnostic origin;
    double hose_length_m = 0.0;
    double hose_diameter_m = 0.0;   ///< inner diameter of the supply and of the return hose
    double qd_Cv = 0.0;             ///< flow coefficient of one quick disconnect [US gpm/psi^0.5]
    double coolant_volume_m3 = 0.0; ///< liquid the tray holds; 0: not given (hoses only)
};

/// Where supply enters a rack's manifolds.
enum class ManifoldInlet { bottom, top };
inline constexpr core::Words<ManifoldInlet, 2> manifold_inlet_words{{{
    {ManifoldInlet::bottom, "bottom"},
    {ManifoldInlet::top, "top"},
}}};
static_assert(manifold_inlet_words.complete());
/// U: the return leaves at the supply end; Z: at the far end (reverse return).
enum class ManifoldLayout { U, Z };
inline constexpr core::Words<ManifoldLayout, 2> manifold_layout_words{{{
    {ManifoldLayout::U, "U"},
    {ManifoldLayout::Z, "Z"},
}}};
static_assert(manifold_layout_words.complete());

struct ManifoldHydraulics {
    double inner_diameter_m = 0.0;
    ManifoldInlet inlet = ManifoldInlet::bottom;
    ManifoldLayout layout = ManifoldLayout::Z;
    double feed_length_m = 0.0; ///< rack to CDU, each way
    double feed_diameter_m = 0.0;
    double coolant_volume_m3 = 0.0; ///< supply + return manifolds; 0: not given (pipe estimate)
};

/// The loop's hardware, as the case describes it.
struct LoopSpec {
    std::map<std::string, PlateDesign> plates;
    std::map<std::string, ChipThermal> chips;
    std::map<std::string, TrayCircuits> trays;
    std::map<std::string, ManifoldHydraulics> racks;
};

/// The keys thermal adds to [chips.<id>], [trays.<id>] and [racks.<id>.manifold].
geometry::LayoutExtensions layout_extensions();
/// [plates.<id>]: cold-plate designs.
core::KeySpec plates_key();

/// Reads plates, chip stacks, tray circuits and manifold hydraulics.
/// Throws core::InputError (an unknown plate id, a circuit naming a chip the tray lacks).
LoopSpec parse_loop(const core::CheckedTable& document, const geometry::LayoutSpec& layout);

/// Parses one circuit string, "b200+b200 > grace": stages separated by '>', plates in a
/// stage by '+'. Throws std::invalid_argument with the reason.
std::vector<std::vector<std::string>> parse_circuit(const std::string& text);

} // namespace rackcalc::thermal
