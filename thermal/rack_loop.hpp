#pragma once
// The coolant loop of a row of racks, built from the same placed geometry the VTK picture
// shows: CDU supply and return, feed pipes, vertical supply and return manifolds with a tap
// at every tray, tray hoses and quick disconnects, and each tray's cold-plate circuits.
// A solve gives every branch's flow and pressure drop (hydraulic network), the coolant
// temperature everywhere (energy balance with mixing at every junction), and every
// liquid-cooled chip's junction temperature (its stack, the plate base, the fin channels).

#include "geometry/assembly.hpp"
#include "thermal/fluid.hpp"
#include "thermal/hydraulic_network.hpp"
#include "thermal/loop_spec.hpp"

#include <array>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace rackcalc::thermal {

struct ChipThermalResult {
    int part = -1;            ///< index into Assembly::parts
    int plate = -1;           ///< index of its cold plate part
    double Q_W = 0.0;         ///< heat into the coolant
    double T_coolant_K = 0.0; ///< coolant under the die (plate inlet + half the plate's rise)
    double T_junction_K = 0.0;
    double T_limit_K = 0.0;
    std::string limit_kind;
    double R_th_K_per_W = 0.0;     ///< junction to the plate's coolant inlet (T_j - T_in) / Q
    double R_plate_K_per_W = 0.0;  ///< plate contact face to coolant inlet, per W of this chip
                                   ///< (the resistance vendors publish for a cold plate)
    double R_layers_K_per_W = 0.0; ///< junction to the plate contact face (die, TIMs, lid)
    double margin_K() const { return T_limit_K - T_junction_K; }
};

struct PlateFlowResult {
    int part = -1;
    double V_dot_m3_s = 0.0;
    double dp_Pa = 0.0; ///< ports and channels
    double T_in_K = 0.0;
    double T_out_K = 0.0;
    double Q_W = 0.0;
    double Re = 0.0;               ///< channel Reynolds number
    double dp_restrictor_Pa = 0.0; ///< across its balancing restrictor (0: none or open)
};

struct TrayFlowResult {
    int part = -1;
    double V_dot_m3_s = 0.0;
    double dp_Pa = 0.0; ///< supply manifold tap to return manifold tap
    double T_in_K = 0.0;
    double T_out_K = 0.0;
    double Q_W = 0.0;
    double dp_restrictor_Pa = 0.0; ///< across its balancing restrictor (0: none or open)
};

/// One rack of the row: its share of the loop.
struct RackFlowResult {
    int part = -1; ///< the rack frame
    double V_dot_m3_s = 0.0;
    double Q_W = 0.0;        ///< heat into its coolant
    double T_return_K = 0.0; ///< mixed return of its trays
    double dp_Pa = 0.0;      ///< rack inlet to rack outlet (manifolds, trays)
};

/// One straight piece of the loop for loop.vtp.
struct LoopSegment {
    std::string name;
    std::array<double, 3> a{}, b{}; ///< [m]
    double V_dot_m3_s = 0.0;
    double p_a_Pa = 0.0, p_b_Pa = 0.0;
    double T_a_K = 0.0, T_b_K = 0.0;
};

struct RackLoopResult {
    bool converged = false;
    std::string reason;
    int iterations = 0;
    double V_dot_m3_s = 0.0; ///< total coolant flow
    double dp_loop_Pa = 0.0; ///< CDU supply minus CDU return pressure (racks + feed pipes)
    double T_supply_K = 0.0;
    double T_return_K = 0.0;
    double Q_sources_W = 0.0;    ///< liquid heat of the chips and trays
    double Q_coolant_W = 0.0;    ///< rho cp V (T_return - T_supply)
    double mass_imbalance = 0.0; ///< worst junction, relative
    double rho = 0.0, cp = 0.0;  ///< coolant properties used [kg/m3], [J/(kg K)]
    std::vector<ChipThermalResult> chips;
    std::vector<PlateFlowResult> plates;
    std::vector<TrayFlowResult> trays;
    std::vector<RackFlowResult> racks;
    std::vector<LoopSegment> segments;
    int worst_chip = -1;            ///< into chips: the smallest margin
    double tray_flow_spread = 0.0;  ///< max / min flow among trays of one type (worst type)
    double plate_flow_spread = 0.0; ///< max / min flow among plates of one chip (worst chip)
    /// Smallest and largest plate flow per watt of the plate's heat, over the loop's flow per
    /// watt of all liquid heat: 1 where flow follows heat.
    double plate_flow_per_heat_min = std::numeric_limits<double>::infinity();
    double plate_flow_per_heat_max = 0.0;
    bool balanced = false; ///< balancing restrictors sized (RackLoop::balance_to_heat)

    double energy_imbalance() const;
};

/// A plate design given by a measured curve, against RackCalc's own channel model of the same
/// plate (its fins over its footprint) at the curve's flows.
struct PlateCurveComparison {
    std::string design;             ///< [plates.<id>]
    std::string coolant;            ///< the curve's
    std::string source;             ///< the curve's
    std::vector<double> V_dot_m3_s; ///< the curve's flows
    std::vector<double> R_given;    ///< [K/W], the curve
    std::vector<double> R_model;    ///< [K/W], base + fins (mean Nu) + half the bulk rise
    std::vector<double> dp_given;   ///< [Pa], empty when the curve has none
    std::vector<double> dp_model;   ///< [Pa], ports and channels
};

/// Outcome of sizing the balancing restrictors.
struct BalanceResult {
    bool converged = false;
    std::string reason; ///< why not
    int passes = 0;
    double dp_rack_open_Pa = 0.0;     ///< rack inlet to outlet, restrictors open
    double dp_rack_balanced_Pa = 0.0; ///< the same with the restrictors sized: the penalty is
                                      ///< the difference
};

class RackLoop {
public:
    /// Builds the network. Throws core::InputError-free std::invalid_argument for an
    /// inconsistent loop (heat on liquid with no cold plate, a rack with plates but no
    /// manifold), naming the part.
    RackLoop(const geometry::Assembly& assembly, const geometry::LayoutSpec& layout,
             const LoopSpec& loop, const Fluid& coolant);
    ~RackLoop();
    RackLoop(const RackLoop&) = delete;
    RackLoop& operator=(const RackLoop&) = delete;

    /// Steady state at a total flow [m3/s] and a supply temperature [K].
    RackLoopResult solve(double V_dot_total, double T_supply);

    /// Sizes a balancing restrictor (a fixed orifice, dp = b V^2) on every tray's supply hose
    /// and on every plate that forms a circuit of its own, so that at this operating point each
    /// tray takes its rack's flow in proportion to its liquid heat and each such plate its
    /// tray's flow in proportion to the plate's heat (within 1 %). Plates in series circuits
    /// keep their circuit's flow. The restrictors stay as sized for every later solve, as
    /// orifices do; calling it again resizes them.
    BalanceResult balance_to_heat(double V_dot_total, double T_supply);
    bool balanced() const { return balanced_; }

    /// For every plate design given by a measured curve: the curve beside RackCalc's own
    /// channel model of the first plate of that design, in the curve's coolant at its inlet
    /// temperature (or T_default [K] when the curve gives none).
    std::vector<PlateCurveComparison> compare_plate_curves(double T_default) const;

    const HydraulicNetwork& network() const { return network_; }
    double liquid_heat_W() const { return Q_sources_W_; }
    const Fluid& coolant() const { return coolant_; }

private:
    struct PlateInfo;
    struct UnitInfo;
    void build(const geometry::LayoutSpec& layout, const LoopSpec& loop);
    /// The hydraulic solve at (V_dot_total, T_supply), warm-started; rho and cp used.
    HydraulicResult hydraulics(double V_dot_total, double T_supply, double& rho, double& cp);
    bool balanced_ = false;
    std::vector<std::pair<const PlateDesign*, std::size_t>> curve_plates_; ///< design, plate

    const geometry::Assembly& assembly_;
    const Fluid& coolant_;
    HydraulicNetwork network_;
    std::unique_ptr<HydraulicSolver> solver_;
    std::vector<PlateInfo> plates_;
    std::vector<UnitInfo> units_;
    std::vector<double> branch_heat_W_; ///< per branch
    std::vector<std::array<double, 3>> node_xyz_;
    std::vector<std::array<double, 3>> branch_mid_; ///< NaN: straight
    std::vector<double> last_flow_;
    double last_total_ = 0.0;
    double Q_sources_W_ = 0.0;
    struct RackNodes {
        int part;
        NodeId in, out;
    };
    std::vector<RackNodes> rack_nodes_;
    NodeId cdu_supply_ = -1;
    NodeId cdu_return_ = -1;
};

} // namespace rackcalc::thermal
