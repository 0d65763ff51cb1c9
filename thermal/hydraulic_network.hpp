#pragma once
// Steady incompressible flow in a network of pipes, fittings, quick disconnects, cold plates
// and pumps: the coolant loop of a rack, or of a hall of racks on shared CDUs.
//
// Plain SI doubles: pressure p, dp [Pa], volume flow V_dot [m3/s], lengths [m], areas [m2],
// density rho [kg/m3], dynamic viscosity mu [Pa s], temperature T [K].
//
// Model. Nodes are junctions (pressure unknown, optional external inflow) or fixed-pressure
// nodes (reservoir, expansion tank, a reference pressure). A branch joins two nodes and holds
// one element or several in series, all carrying the branch flow V_dot, positive from `from` to
// `to`. Every element gives its pressure drop dp(V_dot) = p_in - p_out along the flow direction
// (a pump's is minus its rise) and d(dp)/d(V_dot); each is odd in V_dot and strictly increasing,
// so a network in which every junction reaches a fixed-pressure node has exactly one solution.
// Friction, loss coefficients and manifold tees (ManifoldTee: a leg's loss depends on its share
// of another branch's flow) are modelled; no elevation (add rho g dz to the fixed pressures),
// no compressibility.
//
// Solver. Todini & Pilati's global gradient algorithm (GGA; "A gradient algorithm for the
// analysis of pipe networks", in Coulbeck & Orr (eds.), Computer Applications in Water
// Supply, vol. 1, Research Studies Press, 1988, pp. 1-20; the method of EPANET, Rossman 2000):
// Newton's method on branch flows and junction pressures together, with the flows eliminated
// so that each iteration solves one symmetric positive definite system in the junction
// pressures, L = A^T diag(1/D) A (A the branch-node incidence, D = d(dp)/d(V_dot)). After every
// full step mass is conserved at every junction to round-off, whatever the flows were. The
// sparsity pattern and its fill-reducing (AMD) ordering are computed once per HydraulicSolver;
// each iteration only refills the values and factorizes (Eigen SimplicialLDLT).
//  - Start (cold): two secant steps from zero flow. The first uses each branch's secant up to
//    the flow it would carry with all the driving pressure across it alone (this
//    underestimates flows in series paths instead of overshooting them); the second the
//    geometric mean of that slope and the secant at the flows found, which is exact for a
//    chain of equal quadratic elements. A warm start (previous flows) skips them.
//  - Globalisation: from then on a backtracking (Armijo) line search on the 2-norm of the
//    branch energy residuals r = dp(V_dot) - (p_from - p_to). The Newton direction decreases
//    it because the mass residual is already zero (Dennis & Schnabel 1983, sec. 6.3). A
//    residual line search rather than the content (co-energy) of the network, because
//    Colebrook friction has no closed-form integral.
//  - Zero flow: where d(dp)/d(V_dot) vanishes (a quadratic element at zero flow) its slope is
//    taken at a floor flow: zero_flow_floor times the largest flow, lowered per branch until
//    b V_floor^2 is far below the tolerance, so a branch that truly carries no flow (a
//    balanced bridge, a dead end) neither makes L singular nor stalls convergence. Laminar
//    elements have dp ~ V_dot and need no floor.
//  - Manifold tees: a tee leg's drop depends on the flows of the tee's other legs too. In the
//    legs' own flows (not the combined flow, where a run's slope is strongly negative) the own
//    slope is positive and joins D; the cross slopes are moved to the right-hand side and the
//    nodal system is solved again with the same factorization until the step settles (block
//    Jacobi, a back-substitution per pass), so each Newton step is exact and the convergence
//    quadratic: two steps per warm-started GB300 NVL72 rack solve, where an outer fixed-point
//    iteration on the tee drops took five network solves.
//  - Convergence: max |r| <= rtol x (largest branch dp or pump rise), but not below the
//    round-off of the node pressures, which are held relative to the lowest fixed pressure;
//    and relative mass imbalance <= mass_rtol at every junction, restored by a
//    back-substitution with the last factorization if the last step's round-off left more.
//    Otherwise the result is flagged not converged with the reason (iteration limit, line
//    search failure, a non-finite residual, a matrix that would not factorize).
//
// Copies: a branch may stand for n identical branches in parallel (set_copies). Its V_dot is
// the flow of each copy, and the junction balances count n V_dot. Giving every branch of a
// sub-network the same n makes it stand for n identical sub-networks in parallel, each with
// its own junctions (a junction whose every branch has n copies balances n times one copy's
// flows, the same equation scaled): a hall of identical racks on one CDU is solved as one
// rack of each kind. Weighting branch j by n_j keeps the nodal matrix A^T diag(n/D) A
// symmetric positive definite.
//
// Fluid properties: rho and mu per branch (one value for the whole network, or a temperature
// per branch), constant along the branch.

#include "thermal/fluid.hpp"
#include "thermal/pump.hpp"

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace rackcalc::thermal {

// ---------------------------------------------------------------------------------------
// Elements

/// Straight pipe, hose or channel: Darcy friction over all regimes plus minor losses,
///   dp = (f(Re) L / D_h + K_minor) rho v |v| / 2,  v = V_dot / area,  Re = rho |v| D_h / mu,
/// f from darcy_friction_factor (laminar fRe_laminar / Re up to Re 2300, Colebrook from 4000,
/// a C1 blend between). In laminar flow the friction part is exactly linear in V_dot
/// (Hagen-Poiseuille for a circular pipe: dp = 128 mu L V_dot / (pi D^4)).
struct Pipe {
    double length;             ///< L [m], >= 0
    double D_h;                ///< hydraulic diameter [m], > 0
    double area = 0.0;         ///< flow cross-section [m2]; 0: circular, pi D_h^2 / 4
    double roughness = 0.0;    ///< absolute roughness eps [m]; eps / D_h <= 0.05
    double fRe_laminar = 64.0; ///< laminar Darcy f Re: 64 circular, shah_london_fRe_darcy(alpha)
                               ///< for a rectangular duct
    double K_minor = 0.0;      ///< sum of minor-loss coefficients (fittings, entrance, exit,
                               ///< tees) referred to rho v^2 / 2 of this pipe, >= 0
};

/// A fitting with a fixed loss coefficient: dp = K rho v |v| / 2, v = V_dot / (pi D^2 / 4)
/// (dp_from_K; Crane TP-410 K values from crane_K).
struct LossCoefficient {
    double K; ///< > 0
    double D; ///< inner diameter the velocity head refers to [m]
};

/// A part rated by its flow coefficient (valve, quick-disconnect pair): dp_from_Kv with
/// Kv_effective = opening x Kv, a linear inherent valve characteristic. opening = 0 closes the
/// branch (no flow). Kv in m3/h of water at 1 bar; from a datasheet Cv use from_Cv.
struct FlowCoefficient {
    double Kv;            ///< fully open [m3/h / sqrt(bar)], > 0
    double opening = 1.0; ///< 0..1
    static FlowCoefficient from_Cv(double Cv, double opening = 1.0);
};

/// A measured or vendor pressure-flow curve (cold plate, CDU heat exchanger, a whole tray):
/// dp = a V_dot + b V_dot |V_dot|, a, b >= 0; a + b > 0 unless other elements share its
/// branch (a balancing restrictor not yet sized is a = b = 0).
struct QuadraticCurve {
    double a; ///< [Pa s/m3]
    double b; ///< [Pa s2/m6]
};

/// Least-squares fit of a QuadraticCurve through the origin to measured points (at least 2,
/// V_dot > 0), constrained to a, b >= 0 (a negative term is dropped and the other refitted),
/// e.g. a SimReady liquidSidePqCurve converted to SI at the input boundary.
QuadraticCurve fit_quadratic_curve(std::span<const double> V_dot, std::span<const double> dp);

using NodeId = int;
using BranchId = int;

/// One leg of a manifold tee, by Crane TP-410 dividing or combining coefficients with their
/// static regain (crane_tee_dividing, crane_tee_combining at 90 degrees):
///   dp = K(q, beta) rho v_c^2 / 2,  v_c = V_c / area,  V_c = V + sum of V_other,
/// V the leg's own flow, V_other the flows of the tee's other legs on the same side of the
/// junction (for a hose: the run and the other hoses at the tap; for the run: the hoses), so
/// V_c is the combined flow by mass conservation; q the share of V_c on the branch side: V /
/// V_c for a branch leg (a hose), sum of V_other / V_c for the run. Flows count in their design
/// directions: a leg running backwards carries no share. Any sign: negative is a gain (a
/// combining branch dragged along by a fast main). The drop depends on other branches' flows;
/// the leg's branch must also hold an element whose drop rises with flow. area = 0 marks a
/// leg not yet connected (a network under construction); a solver rejects it.
struct ManifoldTee {
    std::vector<BranchId> others; ///< the tee's other legs on this leg's side
    double area = 0.0;            ///< manifold flow area [m2], > 0
    double beta = 1.0;            ///< leg (hose) over manifold diameter, (0, 1]
    bool dividing = true;         ///< dividing (supply manifold) or combining (return)
    bool run = false;             ///< the run leg, else a branch leg
};

using Element =
    std::variant<Pipe, LossCoefficient, FlowCoefficient, QuadraticCurve, Pump, ManifoldTee>;

/// Short name of the element's kind, for messages: "pipe", "loss coefficient", ...
std::string_view element_kind(const Element& element);

/// Fluid properties of one branch.
struct FluidProperties {
    double rho; ///< [kg/m3]
    double mu;  ///< [Pa s]
};

/// Pressure drop of one element at flow V_dot [Pa] and its derivative [Pa s/m3]; a closed
/// element (FlowCoefficient at opening 0, Pump with no pump running) returns dp(0) and
/// derivative 0 and carries no flow in a network. A ManifoldTee needs the summed flow of its
/// other legs, V_dot_others [m3/s] (ignored by the other kinds); its derivative is in the leg's
/// own flow, V_dot_others held.
struct ElementDp {
    double dp;
    double ddp_dV;
};
ElementDp element_dp(const Element& element, const FluidProperties& fluid, double V_dot,
                     double V_dot_others = 0.0);

/// True for an element that blocks its branch (FlowCoefficient at opening 0, Pump with
/// n_running = 0).
bool is_closed(const Element& element);

// ---------------------------------------------------------------------------------------
// Network

class HydraulicNetwork {
public:
    struct Node {
        std::string name;
        std::optional<double> p_fixed; ///< fixed pressure [Pa]; empty for a junction
        double inflow = 0.0;           ///< external inflow at a junction [m3/s]
    };
    struct Branch {
        std::string name;
        NodeId from;
        NodeId to;
        std::size_t element_begin; ///< into elements()
        std::size_t element_end;
        int copies = 1; ///< identical branches in parallel this one stands for (set_copies)
    };

    /// A junction; names must be unique and non-empty.
    NodeId add_junction(std::string name);
    /// A node held at pressure p [Pa] (reservoir, expansion tank, reference).
    NodeId add_fixed_pressure(std::string name, double p);
    /// External inflow at a junction [m3/s] (negative: outflow), e.g. a make-up or a bleed.
    void set_inflow(NodeId node, double V_dot);

    /// A branch from `from` to `to` holding one element, or several in series. Throws
    /// std::invalid_argument naming the branch (and element) for a missing node, a branch from a
    /// node to itself, a duplicate name, or an element with a negative or zero length,
    /// diameter, coefficient, etc.
    BranchId add_branch(std::string name, NodeId from, NodeId to, const Element& element);
    BranchId add_branch(std::string name, NodeId from, NodeId to,
                        const std::vector<Element>& series);
    BranchId add_branch(std::string name, std::string_view from, std::string_view to,
                        const Element& element);
    BranchId add_branch(std::string name, std::string_view from, std::string_view to,
                        const std::vector<Element>& series);

    std::optional<NodeId> find_node(std::string_view name) const;
    std::optional<BranchId> find_branch(std::string_view name) const;
    /// find_node, throwing std::invalid_argument when absent.
    NodeId node_id(std::string_view name) const;
    BranchId branch_id(std::string_view name) const;

    std::size_t node_count() const { return nodes_.size(); }
    std::size_t branch_count() const { return branches_.size(); }
    const Node& node(NodeId id) const { return nodes_.at(static_cast<std::size_t>(id)); }
    const Branch& branch(BranchId id) const { return branches_.at(static_cast<std::size_t>(id)); }
    const std::vector<Node>& nodes() const { return nodes_; }
    const std::vector<Branch>& branches() const { return branches_; }
    /// All elements, branch after branch; a branch's are [element_begin, element_end).
    const std::vector<Element>& elements() const { return elements_; }
    std::span<const Element> elements(BranchId id) const;
    /// Replaces element `index` (into elements()) by one of the same kind, e.g. to resize a
    /// balancing restrictor between solves; a solver built on this network sees the new
    /// values at its next solve. Throws std::invalid_argument for another kind or a bad value.
    void set_element(std::size_t index, const Element& element);
    /// Makes the branch stand for `copies` identical branches in parallel (see the header
    /// comment). Throws std::invalid_argument for a missing branch or copies < 1.
    void set_copies(BranchId id, int copies);

private:
    NodeId add_node(std::string name, std::optional<double> p_fixed);
    NodeId lookup_for_branch(std::string_view branch, std::string_view end,
                             std::string_view node) const;

    std::vector<Node> nodes_;
    std::vector<Branch> branches_;
    std::vector<Element> elements_;
    std::unordered_map<std::string, NodeId> node_index_;
    std::unordered_map<std::string, BranchId> branch_index_;
};

// ---------------------------------------------------------------------------------------
// Solver

struct HydraulicOptions {
    int max_iterations = 50;       ///< steps (factorizations) at most
    double rtol = 1e-10;           ///< energy residual, relative to the largest branch dp/rise
    double mass_rtol = 1e-12;      ///< mass imbalance at a junction, relative (see result)
    double zero_flow_floor = 1e-6; ///< derivative floor flow, relative to the largest flow
    int max_backtracks = 40;       ///< line-search halvings per step
};

struct HydraulicResult {
    bool converged = false;
    std::string reason;        ///< why not converged (empty when converged)
    int iterations = 0;        ///< steps done (each one factorization; the mass-restoring
                               ///< back-substitutions are not counted)
    double residual_dp = 0.0;  ///< max |dp(V_dot) - (p_from - p_to)| over open branches [Pa]
    double residual_rel = 0.0; ///< residual_dp over the largest branch dp or pump rise [-]
    std::vector<double> residual_history; ///< max |r| [Pa] at the start and after each step
    /// Max over junctions of |inflow - outflow| / the largest flow at that junction [-]. A
    /// stagnant junction, whose flows are all below 1e-6 of the largest branch flow (a dead
    /// end, flows at round-off level), is measured against 1e-6 of the largest branch flow
    /// (and that flow taken as at least 1e-9 of the largest flow the driving pressure could
    /// push through any one branch, for networks where nothing flows).
    double mass_imbalance = 0.0;

    std::vector<double> V_dot;          ///< per branch, positive from -> to [m3/s]
    std::vector<double> dp;             ///< per branch, sum of its elements' dp [Pa]; p_from - p_to
                                        ///< for a closed branch
    std::vector<double> dp_element;     ///< per element, in HydraulicNetwork::elements() order [Pa]
    std::vector<double> p;              ///< per node [Pa]
    std::vector<double> V_dot_supplied; ///< per node: flow a fixed-pressure node supplies to
                                        ///< the network (negative: absorbs) [m3/s]; 0 at
                                        ///< junctions
    struct PumpPoint {
        BranchId branch;
        std::size_t element; ///< index into HydraulicNetwork::elements()
        PumpOperatingPoint point;
    };
    std::vector<PumpPoint> pumps;

    /// Throws std::runtime_error with the reason when not converged.
    void require_converged() const;
};

/// Reusable solver for one network: validates it (every junction must reach a fixed-pressure
/// node through open branches; throws std::invalid_argument naming the first that does not),
/// builds the sparsity pattern and its ordering once, then solves for any fluid state. The
/// network must outlive the solver and must not change while the solver exists.
class HydraulicSolver {
public:
    explicit HydraulicSolver(const HydraulicNetwork& network, HydraulicOptions options = {});

    /// One rho, mu for every branch. V_dot_start (optional, one value per branch) starts
    /// Newton from a previous solution instead of the cold start.
    HydraulicResult solve(const FluidProperties& fluid, std::span<const double> V_dot_start = {});
    /// rho, mu per branch.
    HydraulicResult solve(std::span<const FluidProperties> per_branch,
                          std::span<const double> V_dot_start = {});
    /// Properties of `fluid` at temperature T [K] for every branch.
    HydraulicResult solve(const Fluid& fluid, double T, std::span<const double> V_dot_start = {});
    /// Properties of `fluid` at a temperature per branch [K].
    HydraulicResult solve(const Fluid& fluid, std::span<const double> T_branch,
                          std::span<const double> V_dot_start = {});

    const HydraulicNetwork& network() const { return network_; }
    const HydraulicOptions& options() const { return options_; }

private:
    struct PipeTerm {
        double a_laminar; ///< fRe mu L / (2 D_h^2 A) [Pa s/m3]
        double c_f;       ///< (L / D_h) rho / (2 A^2) [Pa s2/m6]
        double Re_per_V;  ///< rho D_h / (mu A) [s/m3]
        double eps_D;
        double fRe;
        mutable double colebrook_x = 0.0; ///< last 1/sqrt(f), Colebrook's next start
        mutable double dp_last = 0.0;     ///< friction drop at the last evaluated flow [Pa]
    };
    std::vector<double> colebrook_hints_; ///< prepare(): the pipes' roots across solves
    struct BranchTerms {
        double c0 = 0.0; ///< constant part (minus pump shut-off rises) [Pa]
        double a = 0.0;  ///< linear part [Pa s/m3]
        double b = 0.0;  ///< quadratic part [Pa s2/m6]
        std::size_t pipe_begin = 0;
        std::size_t pipe_end = 0;
        std::size_t tee_begin = 0; ///< into tees_
        std::size_t tee_end = 0;
    };
    struct TeeTerm {
        const ManifoldTee* tee;
        std::size_t branch;           ///< the leg's branch
        double head_per_V2;           ///< rho / (2 area^2): v_c^2 rho / 2 per V_c^2 [kg/m7]
        mutable double dp_last = 0.0; ///< its drop at the last evaluated flows [Pa]
    };
    std::vector<TeeTerm> tees_;     ///< prepare(): every manifold tee leg, branch after branch
    std::vector<double> tee_cross_; ///< per tee leg: d(dp)/d(V_other), each other leg [Pa s/m3]

    struct Residual {
        double merit = 0.0;   ///< sum of r^2 [Pa^2]
        double max_abs = 0.0; ///< max |r| [Pa]
        double scale = 0.0;   ///< largest |dp| of a branch law, across a branch, or pump rise [Pa]
    };

    HydraulicResult run(std::span<const double> V_dot_start);
    void prepare(std::span<const FluidProperties> per_branch);
    struct BranchEval {
        double dp = 0.0;      ///< c0 + dp_flow [Pa]
        double dp_flow = 0.0; ///< the flow-dependent part, dp - c0, odd in V_dot [Pa]
        double D_pipes = 0.0; ///< d(dp)/d(V_dot) of the branch's pipes [Pa s/m3]
        double D_tees = 0.0;  ///< of its tee legs, in its own flow (any sign) [Pa s/m3]
    };
    /// Branch j's law at flow V, the other branches' flows in V_all (for its tee legs).
    BranchEval branch_eval(std::size_t j, double V, const std::vector<double>& V_all) const;
    Residual evaluate_residual(const std::vector<double>& V, const std::vector<double>& p,
                               std::vector<double>& r, std::vector<BranchEval>& evals) const;
    double mass_imbalance(const std::vector<double>& V);
    bool solve_linear(std::string& reason);
    HydraulicResult finish(bool converged, std::string reason, int iterations, const Residual& res,
                           double mass) const;

    const HydraulicNetwork& network_;
    HydraulicOptions options_;

    // Topology, fixed for the solver's life.
    std::vector<char> open_;       ///< per branch
    std::vector<double> copies_;   ///< per branch: its Branch::copies
    std::vector<int> free_index_;  ///< per node: row in the nodal system, -1 if fixed
    std::vector<int> branch_from_; ///< per branch: free index of `from` or -1
    std::vector<int> branch_to_;   ///< per branch: free index of `to` or -1
    std::vector<std::ptrdiff_t> slot_from_, slot_to_, slot_off_; ///< into matrix values, or -1
    std::vector<std::size_t> open_branches_;
    int n_free_ = 0;
    double dp_fixed_span_ = 0.0; ///< max - min fixed pressure [Pa]
    double p_ref_ = 0.0;         ///< lowest fixed pressure; p_ holds p - p_ref_ [Pa]
    double dp_drive_ = 0.0;      ///< fixed-pressure span plus the largest pump rise [Pa]
    double V_char_ = 0.0;        ///< largest single-branch flow under dp_drive_ [m3/s]
    double inflow_total_ = 0.0;  ///< sum of |external inflow| [m3/s]

    // Per solve.
    std::vector<FluidProperties> props_;
    std::vector<BranchTerms> terms_;
    std::vector<PipeTerm> pipes_;

    // Work arrays, sized once.
    Eigen::SparseMatrix<double, Eigen::ColMajor, int> L_;
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double, Eigen::ColMajor, int>, Eigen::Upper,
                          Eigen::NaturalOrdering<int>>
        ldlt_;
    Eigen::VectorXd rhs_, dp_nodes_;
    std::vector<double> V_, p_, r_, r_lin_, g_, slope0_, V_est_, dV_, dV_before_, V_trial_,
        p_trial_, r_trial_;
    std::vector<BranchEval> evals_, evals_trial_;
    std::vector<double> node_net_, node_max_, history_;
};

/// Convenience: HydraulicSolver(network, options).solve(fluid).
HydraulicResult solve_hydraulics(const HydraulicNetwork& network, const FluidProperties& fluid,
                                 const HydraulicOptions& options = {});

} // namespace rackcalc::thermal
