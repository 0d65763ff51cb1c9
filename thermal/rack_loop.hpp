#pragma once
// The coolant loop of a row of racks, built from the same placed geometry the VTK picture
// shows: CDU supply and return, feed pipes, vertical supply and return manifolds with a tap
// at every tray, tray hoses and quick disconnects, and each tray's cold-plate circuits.
// A solve gives every branch's flow and pressure drop (hydraulic network), the coolant
// temperature everywhere (energy balance with mixing at every junction), and every
// liquid-cooled chip's junction temperature (its stack, the plate base, the fin channels).

#include "geometry/assembly.hpp"
#include "thermal/film_table.hpp"
#include "thermal/fluid.hpp"
#include "thermal/hydraulic_network.hpp"
#include "thermal/loop_spec.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::thermal {

struct ChipThermalResult {
    int part = -1;            ///< index into Assembly::parts
    int plate = -1;           ///< index of its cold plate part
    int rack = -1;            ///< index of its rack part
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
    int rack = -1; ///< index of its rack part
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
    int rack = -1; ///< index of its rack part
    double V_dot_m3_s = 0.0;
    double dp_Pa = 0.0; ///< supply manifold tap to return manifold tap
    double T_in_K = 0.0;
    double T_out_K = 0.0;
    double Q_W = 0.0;
    double dp_restrictor_Pa = 0.0; ///< across its balancing restrictor (0: none or open)
};

/// One rack of the row: its share of the loop.
struct RackFlowResult {
    int part = -1;       ///< the rack frame
    int kind_first = -1; ///< the first rack of its kind (itself for the first): the racks of a
                         ///< kind have the same results part by part (see RackLoop)
    double V_dot_m3_s = 0.0;
    double Q_W = 0.0;        ///< heat into its coolant
    double T_return_K = 0.0; ///< mixed return of its trays
    double dp_Pa = 0.0;      ///< rack inlet to rack outlet (manifolds, trays)
};

/// A junction of the loop for loop.vtp: where branches meet.
struct LoopNode {
    std::array<double, 3> xyz{}; ///< [m]
    double p_Pa = 0.0;
    double T_K = 0.0; ///< the coolant leaving the junction (its inflows mixed)
};

/// One branch of the loop for loop.vtp, a straight line between two junctions.
struct LoopSegment {
    /// Into RackLoopResult::segment_names, which the result owns and its copies share: a
    /// segment copied out of its result must not outlive it.
    std::string_view name;
    std::string_view kind;  ///< feed, manifold, hose (tray hose and quick disconnects), cold_plate
    std::size_t node_a = 0; ///< into RackLoopResult::nodes: the branch's from end
    std::size_t node_b = 0; ///< its to end
    std::array<double, 3> a{}, b{}; ///< [m]
    double V_dot_m3_s = 0.0;        ///< positive from a to b
    double p_a_Pa = 0.0, p_b_Pa = 0.0;
    double T_a_K = 0.0, T_b_K = 0.0; ///< the coolant in this branch at its ends
    double dp_Pa = 0.0;              ///< its elements together
    /// Of its pipe, hose or fin channels (the first element with a length); NaN for a plate
    /// given by a measured curve, whose channels are not modelled.
    double D_h_m = std::numeric_limits<double>::quiet_NaN();
    double velocity_m_s = std::numeric_limits<double>::quiet_NaN();
    double Re = std::numeric_limits<double>::quiet_NaN();
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
    std::vector<LoopNode> nodes;       ///< every junction of every rack (LoopDetail::every_rack)
    std::vector<LoopSegment> segments; ///< every branch of every rack (LoopDetail::every_rack)
    /// The segments' names, made once per RackLoop and shared by its results.
    std::shared_ptr<const std::vector<std::string>> segment_names;
    int worst_chip = -1;            ///< into chips: the smallest margin
    double tray_flow_spread = 0.0;  ///< max / min flow among trays of one type (worst type)
    double plate_flow_spread = 0.0; ///< max / min flow among plates of one chip (worst chip)
    /// Smallest and largest plate flow per watt of the plate's heat, over the loop's flow per
    /// watt of all liquid heat: 1 where flow follows heat.
    double plate_flow_per_heat_min = std::numeric_limits<double>::infinity();
    double plate_flow_per_heat_max = 0.0;
    bool balanced = false; ///< balancing restrictors sized (RackLoop::balance_to_heat)

    double energy_imbalance() const;
    /// The first rack of each kind, in rack order: the racks whose parts a report lists.
    std::vector<int> kind_first_racks() const;
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

/// How much of a solve to write out. A hall of identical racks is solved as one rack of each
/// kind (see RackLoop); `every_rack` copies that rack's results to every rack of its kind and
/// draws every branch for loop.vtp, `one_per_kind` gives the solved racks only and no
/// segments, which is all that the margins and the root-finding need (the worst chip, the
/// return, the plate outlets are the same for every rack of a kind).
enum class LoopDetail { every_rack, one_per_kind };

/// Whether identical parts are built once (the default) or every part is built; the second
/// exists to check the first.
enum class RackGrouping { identical_once, every_part_built };

/// Racks are grouped into kinds: racks the loop cannot tell apart (the same parts, types,
/// heat and geometry relative to the rack, as a hall's rows of one template are) form one
/// kind. Since every rack hangs off the CDU by its own feed pipes, the racks of a kind carry
/// identical flows and temperatures, so only the first rack of each kind is built into the
/// network, with every branch counted once per rack of its kind
/// (HydraulicNetwork::set_copies); the solve is exact, and a hall of 1000 identical racks
/// costs one rack's solve.
///
/// Within a tray the same holds for twin plates: plates of one design over the same chips
/// (types, heat, footprints), side by side between the same two junctions of their tray,
/// as a compute tray's four GPU plates are. They carry identical flows and temperatures, so the
/// first is built with a copy per twin and the others take its results (a GB300 NVL72 rack's 225
/// plates are 81 built plates).
class RackLoop {
public:
    /// Builds the network. Throws core::InputError-free std::invalid_argument for an
    /// inconsistent loop (heat on liquid with no cold plate, a rack with plates but no
    /// manifold), naming the part.
    RackLoop(const geometry::Assembly& assembly, const geometry::LayoutSpec& layout,
             const LoopSpec& loop, const Fluid& coolant,
             RackGrouping grouping = RackGrouping::identical_once);
    ~RackLoop();
    RackLoop(const RackLoop&) = delete;
    RackLoop& operator=(const RackLoop&) = delete;

    /// Steady state at a total flow [m3/s] and a supply temperature [K]. Results are in rack
    /// order, and within a rack in part order (plates, their chips) or tap order (trays).
    RackLoopResult solve(double V_dot_total, double T_supply,
                         LoopDetail detail = LoopDetail::every_rack);
    /// Racks that carry cold plates, and of how many kinds.
    std::size_t rack_count() const { return rack_order_.size(); }
    std::size_t rack_kind_count() const { return kinds_.size(); }

    /// Sizes a balancing restrictor (a fixed orifice, dp = b V^2) on every tray's supply hose
    /// and on every plate that forms a circuit of its own, so that at this operating point each
    /// tray takes its rack's flow in proportion to its liquid heat and each such plate its
    /// tray's flow in proportion to the plate's heat (within 1 %). Plates in series circuits
    /// keep their circuit's flow. The restrictors stay as sized for every later solve, as
    /// orifices do; calling it again resizes them.
    BalanceResult balance_to_heat(double V_dot_total, double T_supply);
    /// Sets every tray's quick-disconnect Cv to `factor` (> 0) times the template's, e.g. to
    /// calibrate the rack to a vendor's pressure-flow curve; factor 1 restores the template.
    void scale_qd_Cv(double factor);
    /// Sets every tray hose's bore to `factor` (> 0) times the template's, and each of its
    /// manifold tee legs' diameter ratio with it (at most 1); factor 1 restores the template.
    void scale_hose_diameter(double factor);
    /// Sets every channel-model cold plate's channel count to `factor` (> 0) times the
    /// template's: its flow area (the network) and its finned area (the film) together. Plates
    /// whose drop is a measured or rated curve keep it. Factor 1 restores the template.
    void scale_plate_channels(double factor);
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
    struct EnergyMarch;
    std::unique_ptr<EnergyMarch> march_; ///< the energy march's buffers, kept between solves
    /// Every segment's name in the order solve() draws them (made at the first solve that
    /// draws them).
    std::shared_ptr<const std::vector<std::string>> segment_names_;
    std::size_t n_plate_types_ = 0, n_unit_types_ = 0; ///< distinct part types (spreads)
    std::size_t n_chips_ = 0;                          ///< liquid-cooled chips on built racks
    void build(const geometry::LayoutSpec& layout, const LoopSpec& loop, RackGrouping grouping);
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
    /// The films of the loop's distinct channel designs (PlateInfo::film indexes them).
    std::vector<FilmTable> films_;
    /// The index in films_ of a table for these channels, made when none has them yet.
    std::size_t film_for(const MicrochannelChannels& channels);
    /// A manifold tap: a dividing tee on the supply manifold or a combining one on the return,
    /// with the ManifoldTee of each of its legs (Crane TP-410 coefficients).
    struct TeeLeg {
        BranchId branch = -1; ///< a hose
        std::size_t element;  ///< its ManifoldTee
        double D_hose;        ///< the hose's bore [m]
        double D_manifold;    ///< the manifold's bore [m]
        double beta() const { return std::min(1.0, D_hose / D_manifold); }
    };
    struct Tee {
        bool dividing = true;
        BranchId run = -1; ///< the segment on the run; -1 at the manifold's closed end
        std::size_t run_element = 0;
        std::vector<TeeLeg> legs; ///< the hoses at the tap (blades at one height share a tap)
        double area = 0.0;        ///< manifold flow area [m2]
    };
    std::vector<Tee> tees_;
    std::vector<std::pair<std::size_t, double>> qd_elements_; ///< every tray QD: element, Kv
    std::vector<std::pair<std::size_t, Pipe>> hose_elements_; ///< every tray hose as built
    /// Every manifold tee leg as connected, with the hose its diameter ratio follows.
    std::vector<std::pair<ManifoldTee, TeeLeg>> tee_leg_elements_; ///< element, its hose
    std::vector<double> branch_heat_W_;                            ///< per branch
    std::vector<std::string_view> branch_kind_; ///< per branch: LoopSegment::kind
    /// Per branch: the names of the twin plates it also stands for (see the class comment).
    std::vector<std::vector<std::string>> branch_twins_;
    std::vector<std::array<double, 3>> node_xyz_;
    std::vector<double> last_flow_;
    double last_total_ = 0.0;
    double Q_sources_W_ = 0.0;
    struct RackNodes {
        int part;
        NodeId in, out;
    };
    std::vector<RackNodes> rack_nodes_; ///< per kind: its built rack
    struct RackKind {
        int built = -1;           ///< the rack built into the network (the first of the kind)
        std::vector<int> members; ///< every rack of the kind, in part order, `built` first
        BranchId branch_begin = 0, branch_end = 0; ///< the built rack's branches
        NodeId node_begin = 0, node_end = 0;       ///< and junctions
    };
    std::vector<RackKind> kinds_;
    std::vector<int> rack_order_;                 ///< racks with cold plates, in part order
    std::vector<int> rack_of_;                    ///< per part: its rack (root part)
    std::vector<int> kind_of_rack_;               ///< per part (a rack): its kind, -1 else
    std::vector<int> position_in_rack_;           ///< per part: index in parts_of_rack_
    std::vector<std::vector<int>> parts_of_rack_; ///< per part (a rack): its parts in order
    void group_racks(RackGrouping grouping);
    /// The part of rack `rack` in the place of `part` of its kind's built rack.
    int counterpart(int part, int rack) const;
    void expand(RackLoopResult& r) const;
    std::shared_ptr<const std::vector<std::string>> make_segment_names() const;
    NodeId cdu_supply_ = -1;
    NodeId cdu_return_ = -1;
};

} // namespace rackcalc::thermal
