#include "thermal/hydraulic_network.hpp"

#include "thermal/correlations.hpp"

#include <Eigen/OrderingMethods>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace rackcalc::thermal {

namespace {

constexpr double pi = std::numbers::pi;

/// Stagnant junctions (all flows below this fraction of the largest branch flow) are measured
/// against this fraction of the largest flow, not against their own round-off-sized flows.
constexpr double stagnant_flow_fraction = 1e-6;
/// Armijo sufficient-decrease constant (Dennis & Schnabel 1983, alg. A6.3.1).
constexpr double armijo_c = 1e-4;
/// Back-substitutions per Newton step for the tee legs' cross terms at most. Each pass
/// shrinks the error by the cross terms' share of the branch slopes (0.1-0.2 in the racks of
/// the templates), so 12 passes reach 1e-6 with a wide margin; if they do not, the step is
/// inexact and the outer iteration still converges, only linearly.
constexpr int max_tee_passes = 12;

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

[[noreturn]] void bad_element(std::string_view where, std::string_view what, double value,
                              std::string_view must) {
    throw std::invalid_argument(fmt::format("{}: {} = {:.6g} {}", where, what, value, must));
}

void require_positive(std::string_view where, std::string_view what, double value) {
    if (!(value > 0.0) || !std::isfinite(value)) {
        bad_element(where, what, value, "must be positive and finite");
    }
}

void require_nonnegative(std::string_view where, std::string_view what, double value) {
    if (!(value >= 0.0) || !std::isfinite(value)) {
        bad_element(where, what, value, "must be >= 0 and finite");
    }
}

double pipe_area(const Pipe& pipe) {
    return pipe.area > 0.0 ? pipe.area : pi * pipe.D_h * pipe.D_h / 4.0;
}

/// The leg's loss coefficient at branch-side share q and its slope in q (Crane TP-410, 90
/// degree tee).
std::pair<double, double> tee_K(const ManifoldTee& tee, double q) {
    const TeeLoss K =
        tee.dividing ? crane_tee_dividing(q, tee.beta) : crane_tee_combining(q, tee.beta);
    return tee.run ? std::pair{K.K_run, K.dK_run_dq} : std::pair{K.K_branch, K.dK_branch_dq};
}

/// A manifold tee leg's drop [Pa] and its slopes in the leg's own flow and in each other
/// leg's flow [Pa s/m3].
struct TeeDp {
    double dp = 0.0;
    double d_own = 0.0;
    double d_other = 0.0;
};

/// A manifold tee leg's drop at own flow V and the other legs' summed flow V_o; head_per_V2 =
/// rho / (2 area^2). With V_c = V + V_o and q the branch-side share (V / V_c for a branch leg,
/// V_o / V_c for the run), dp = K(q) head_per_V2 V_c^2 and
///   d/dV   = head_per_V2 (2 K V_c + K' dq/dV V_c^2),   dq/dV   = (1 - q) / V_c or -q / V_c,
///   d/dV_o = head_per_V2 (2 K V_c + K' dq/dV_o V_c^2), dq/dV_o = -q / V_c or (1 - q) / V_c.
/// In these variables a leg's own slope is positive for Crane's coefficients (a run's, 2
/// head_per_V2 V_o in a combining tee, small) where in the combined flow it would be strongly
/// negative. Crane's coefficients are piecewise polynomials in q with kinks (M in the dividing
/// run at q = 0.5, C in the combining branch at q = 0.4); K' is their exact slope on the piece
/// q lies on (TeeLoss).
TeeDp tee_leg_dp(const ManifoldTee& tee, double head_per_V2, double V, double V_o) {
    const double own = std::max(0.0, V);
    const double other = std::max(0.0, V_o);
    const double V_c = own + other;
    if (!(V_c > 0.0)) {
        return {};
    }
    const double q = (tee.run ? other : own) / V_c;
    const auto [K, dK_dq] = tee_K(tee, q);
    const double up = (1.0 - q) * V_c; // V_c^2 dq/d(the branch-side flow)
    const double down = -q * V_c;      // V_c^2 dq/d(the other side's flow)
    const double d_own =
        V > 0.0 ? head_per_V2 * (2.0 * K * V_c + dK_dq * (tee.run ? down : up)) : 0.0;
    const double d_other =
        V_o > 0.0 ? head_per_V2 * (2.0 * K * V_c + dK_dq * (tee.run ? up : down)) : 0.0;
    return {K * head_per_V2 * V_c * V_c, d_own, d_other};
}

/// The summed flow (or flow change) of a tee leg's other legs.
double others_flow(const ManifoldTee& tee, const std::vector<double>& V) {
    double sum = 0.0;
    for (const BranchId o : tee.others) {
        sum += V[static_cast<std::size_t>(o)];
    }
    return sum;
}

void validate_element(const Element& element, std::string_view where, bool alone = true) {
    std::visit(overloaded{
                   [&](const Pipe& e) {
                       require_nonnegative(where, "length [m]", e.length);
                       require_positive(where, "hydraulic diameter D_h [m]", e.D_h);
                       require_nonnegative(where, "area [m2]", e.area);
                       require_nonnegative(where, "roughness [m]", e.roughness);
                       require_positive(where, "fRe_laminar", e.fRe_laminar);
                       require_nonnegative(where, "K_minor", e.K_minor);
                       if (e.roughness / e.D_h > 0.05) {
                           bad_element(where, "relative roughness eps/D_h", e.roughness / e.D_h,
                                       "is outside the Colebrook range 0..0.05");
                       }
                       if (e.length == 0.0 && e.K_minor == 0.0) {
                           throw std::invalid_argument(fmt::format(
                               "{}: a pipe with length 0 and K_minor 0 has no resistance", where));
                       }
                   },
                   [&](const LossCoefficient& e) {
                       require_positive(where, "K", e.K);
                       require_positive(where, "diameter D [m]", e.D);
                   },
                   [&](const FlowCoefficient& e) {
                       require_positive(where, "Kv [m3/h]", e.Kv);
                       if (!(e.opening >= 0.0 && e.opening <= 1.0)) {
                           bad_element(where, "opening", e.opening, "must lie in 0..1");
                       }
                   },
                   [&](const QuadraticCurve& e) {
                       require_nonnegative(where, "a [Pa s/m3]", e.a);
                       require_nonnegative(where, "b [Pa s2/m6]", e.b);
                       if (alone && !(e.a + e.b > 0.0)) {
                           throw std::invalid_argument(fmt::format(
                               "{}: curve coefficients a and b are both 0 (no resistance)", where));
                       }
                   },
                   [&](const Pump& e) { validate_pump(e, where); },
                   [&](const ManifoldTee& e) {
                       // A leg not yet connected (area 0) has no drop to check yet.
                       if (e.area != 0.0) {
                           require_positive(where, "manifold area [m2]", e.area);
                           if (!(e.beta > 0.0 && e.beta <= 1.0)) {
                               bad_element(where, "tee diameter ratio beta", e.beta,
                                           "must lie in (0, 1]");
                           }
                       }
                       if (alone) {
                           throw std::invalid_argument(fmt::format(
                               "{}: a manifold tee leg alone need not rise with flow; put it in "
                               "series with the leg's pipe",
                               where));
                       }
                   },
               },
               element);
}

void validate_fluid(const FluidProperties& f, std::string_view where) {
    require_positive(where, "density rho [kg/m3]", f.rho);
    require_positive(where, "viscosity mu [Pa s]", f.mu);
}

/// Least squares of y ~ sum_k c_k x_k(V) over two basis functions, by the 2x2 normal equations.
std::pair<double, double> lsq2(std::span<const double> V, std::span<const double> y, auto f1,
                               auto f2) {
    double s11 = 0.0, s12 = 0.0, s22 = 0.0, t1 = 0.0, t2 = 0.0;
    for (std::size_t i = 0; i < V.size(); ++i) {
        const double x1 = f1(V[i]);
        const double x2 = f2(V[i]);
        s11 += x1 * x1;
        s12 += x1 * x2;
        s22 += x2 * x2;
        t1 += x1 * y[i];
        t2 += x2 * y[i];
    }
    const double det = s11 * s22 - s12 * s12;
    return {(t1 * s22 - t2 * s12) / det, (s11 * t2 - s12 * t1) / det};
}

} // namespace

// ---------------------------------------------------------------------------------------
// Elements

FlowCoefficient FlowCoefficient::from_Cv(double Cv, double opening) {
    return {Kv_from_Cv(Cv), opening};
}

QuadraticCurve fit_quadratic_curve(std::span<const double> V_dot, std::span<const double> dp) {
    if (V_dot.size() != dp.size()) {
        throw std::invalid_argument(fmt::format(
            "fit_quadratic_curve: {} flows but {} pressure drops", V_dot.size(), dp.size()));
    }
    if (V_dot.size() < 2) {
        throw std::invalid_argument(
            fmt::format("fit_quadratic_curve: needs at least 2 points, got {}", V_dot.size()));
    }
    for (std::size_t i = 0; i < V_dot.size(); ++i) {
        if (!(V_dot[i] > 0.0) || !std::isfinite(V_dot[i]) || !std::isfinite(dp[i])) {
            throw std::invalid_argument(fmt::format(
                "fit_quadratic_curve: point {} (V_dot = {:.6g} m3/s, dp = {:.6g} Pa) needs a "
                "positive flow and a finite pressure drop",
                i + 1, V_dot[i], dp[i]));
        }
    }
    const auto [a, b] = lsq2(
        V_dot, dp, [](double v) { return v; }, [](double v) { return v * v; });
    if (a >= 0.0 && b >= 0.0 && a + b > 0.0) {
        return {a, b};
    }
    // One term only: keep the one with the smaller squared error among the positive ones.
    double s_vv = 0.0, s_v4 = 0.0, s_vy = 0.0, s_v2y = 0.0;
    for (std::size_t i = 0; i < V_dot.size(); ++i) {
        const double v = V_dot[i];
        s_vv += v * v;
        s_v4 += v * v * v * v;
        s_vy += v * dp[i];
        s_v2y += v * v * dp[i];
    }
    const double a_only = s_vy / s_vv;
    const double b_only = s_v2y / s_v4;
    auto sse = [&](double aa, double bb) {
        double s = 0.0;
        for (std::size_t i = 0; i < V_dot.size(); ++i) {
            const double e = aa * V_dot[i] + bb * V_dot[i] * V_dot[i] - dp[i];
            s += e * e;
        }
        return s;
    };
    const bool a_ok = a_only > 0.0;
    const bool b_ok = b_only > 0.0;
    if (!a_ok && !b_ok) {
        throw std::invalid_argument("fit_quadratic_curve: the points do not describe a pressure "
                                    "drop that rises with flow");
    }
    if (a_ok && (!b_ok || sse(a_only, 0.0) <= sse(0.0, b_only))) {
        return {a_only, 0.0};
    }
    return {0.0, b_only};
}

std::string_view element_kind(const Element& element) {
    return std::visit(
        overloaded{
            [](const Pipe&) { return std::string_view("pipe"); },
            [](const LossCoefficient&) { return std::string_view("loss coefficient"); },
            [](const FlowCoefficient&) { return std::string_view("flow coefficient"); },
            [](const QuadraticCurve&) { return std::string_view("quadratic curve"); },
            [](const Pump&) { return std::string_view("pump"); },
            [](const ManifoldTee&) { return std::string_view("manifold tee"); },
        },
        element);
}

bool is_closed(const Element& element) {
    if (const auto* v = std::get_if<FlowCoefficient>(&element)) {
        return v->opening == 0.0;
    }
    if (const auto* pump = std::get_if<Pump>(&element)) {
        return running_pumps(*pump) == 0;
    }
    return false;
}

ElementDp element_dp(const Element& element, const FluidProperties& fluid, double V_dot,
                     double V_dot_others) {
    const double V = V_dot;
    const double Va = std::abs(V);
    return std::visit(
        overloaded{
            [&](const Pipe& e) -> ElementDp {
                const double A = pipe_area(e);
                const double b = e.K_minor * fluid.rho / (2.0 * A * A);
                ElementDp out{b * V * Va, 2.0 * b * Va};
                if (e.length > 0.0) {
                    const double Re = fluid.rho * Va * e.D_h / (fluid.mu * A);
                    if (Re <= Re_laminar_end) {
                        const double a =
                            e.fRe_laminar * fluid.mu * e.length / (2.0 * e.D_h * e.D_h * A);
                        out.dp += a * V;
                        out.ddp_dV += a;
                    } else {
                        const double c_f = e.length / e.D_h * fluid.rho / (2.0 * A * A);
                        const FrictionFactor ff =
                            darcy_friction_factor(Re, e.roughness / e.D_h, e.fRe_laminar);
                        out.dp += c_f * ff.f * V * Va;
                        out.ddp_dV += c_f * Va * (2.0 * ff.f + Re * ff.df_dRe);
                    }
                }
                return out;
            },
            [&](const LossCoefficient& e) -> ElementDp {
                const double b = dp_from_K(e.K, fluid.rho, 1.0, e.D);
                return {b * V * Va, 2.0 * b * Va};
            },
            [&](const FlowCoefficient& e) -> ElementDp {
                if (e.opening == 0.0) {
                    return {0.0, 0.0};
                }
                const double b = dp_from_Kv(1.0, fluid.rho, e.Kv * e.opening);
                return {b * V * Va, 2.0 * b * Va};
            },
            [&](const QuadraticCurve& e) -> ElementDp {
                return {e.a * V + e.b * V * Va, e.a + 2.0 * e.b * Va};
            },
            [&](const Pump& e) -> ElementDp {
                const int n = running_pumps(e);
                if (n == 0) {
                    return {0.0, 0.0};
                }
                const PumpCurve c = pump_curve_at_speed(e.curve, e.speed_ratio);
                const double q = Va / n;
                return {-pump_dp_rise(e, V), e.n_series * (c.c1 + 2.0 * c.c2 * q) / n};
            },
            [&](const ManifoldTee& e) -> ElementDp {
                const TeeDp t = tee_leg_dp(e, fluid.rho / (2.0 * e.area * e.area), V, V_dot_others);
                return {t.dp, t.d_own};
            },
        },
        element);
}

// ---------------------------------------------------------------------------------------
// Network

NodeId HydraulicNetwork::add_node(std::string name, std::optional<double> p_fixed) {
    if (name.empty()) {
        throw std::invalid_argument("hydraulic network: a node needs a non-empty name");
    }
    if (p_fixed && !std::isfinite(*p_fixed)) {
        throw std::invalid_argument(
            fmt::format("node '{}': fixed pressure {} Pa must be finite", name, *p_fixed));
    }
    const auto id = static_cast<NodeId>(nodes_.size());
    if (!node_index_.emplace(name, id).second) {
        throw std::invalid_argument(fmt::format("node '{}' is defined twice", name));
    }
    nodes_.push_back({std::move(name), p_fixed, 0.0});
    return id;
}

NodeId HydraulicNetwork::add_junction(std::string name) {
    return add_node(std::move(name), std::nullopt);
}

NodeId HydraulicNetwork::add_fixed_pressure(std::string name, double p) {
    return add_node(std::move(name), p);
}

void HydraulicNetwork::set_inflow(NodeId node, double V_dot) {
    if (node < 0 || static_cast<std::size_t>(node) >= nodes_.size()) {
        throw std::invalid_argument(
            fmt::format("set_inflow: node id {} does not exist ({} nodes)", node, nodes_.size()));
    }
    Node& n = nodes_[static_cast<std::size_t>(node)];
    if (n.p_fixed) {
        throw std::invalid_argument(fmt::format(
            "node '{}': an inflow at a fixed-pressure node has no effect; set it at a junction",
            n.name));
    }
    if (!std::isfinite(V_dot)) {
        throw std::invalid_argument(
            fmt::format("node '{}': inflow {} m3/s must be finite", n.name, V_dot));
    }
    n.inflow = V_dot;
}

BranchId HydraulicNetwork::add_branch(std::string name, NodeId from, NodeId to,
                                      const Element& element) {
    return add_branch(std::move(name), from, to, std::vector<Element>{element});
}

BranchId HydraulicNetwork::add_branch(std::string name, NodeId from, NodeId to,
                                      const std::vector<Element>& series) {
    if (name.empty()) {
        throw std::invalid_argument("hydraulic network: a branch needs a non-empty name");
    }
    const std::string where = fmt::format("branch '{}'", name);
    for (const auto& [end, id] : {std::pair{"from", from}, std::pair{"to", to}}) {
        if (id < 0 || static_cast<std::size_t>(id) >= nodes_.size()) {
            throw std::invalid_argument(
                fmt::format("{}: {}-node id {} does not exist (the network has {} nodes)", where,
                            end, id, nodes_.size()));
        }
    }
    if (from == to) {
        throw std::invalid_argument(fmt::format("{}: starts and ends at node '{}'", where,
                                                nodes_[static_cast<std::size_t>(from)].name));
    }
    if (series.empty()) {
        throw std::invalid_argument(fmt::format("{}: has no elements", where));
    }
    for (std::size_t k = 0; k < series.size(); ++k) {
        validate_element(series[k],
                         series.size() == 1 ? fmt::format("{} ({})", where, element_kind(series[k]))
                                            : fmt::format("{} (element {}, {})", where, k + 1,
                                                          element_kind(series[k])),
                         series.size() == 1);
    }
    if (std::all_of(series.begin(), series.end(),
                    [](const Element& e) { return std::holds_alternative<ManifoldTee>(e); })) {
        throw std::invalid_argument(fmt::format(
            "{}: holds only manifold tee legs, which need not rise with flow; add the leg's pipe",
            where));
    }
    const auto id = static_cast<BranchId>(branches_.size());
    if (branch_index_.contains(name)) {
        throw std::invalid_argument(fmt::format("{} is defined twice", where));
    }
    branch_index_.emplace(name, id);
    const std::size_t begin = elements_.size();
    elements_.insert(elements_.end(), series.begin(), series.end());
    branches_.push_back({std::move(name), from, to, begin, elements_.size()});
    return id;
}

NodeId HydraulicNetwork::lookup_for_branch(std::string_view branch, std::string_view end,
                                           std::string_view node) const {
    const auto id = find_node(node);
    if (!id) {
        throw std::invalid_argument(
            fmt::format("branch '{}': {}-node '{}' does not exist", branch, end, node));
    }
    return *id;
}

void HydraulicNetwork::set_copies(BranchId id, int copies) {
    if (id < 0 || static_cast<std::size_t>(id) >= branches_.size()) {
        throw std::invalid_argument(fmt::format(
            "set_copies: branch id {} does not exist ({} branches)", id, branches_.size()));
    }
    Branch& b = branches_[static_cast<std::size_t>(id)];
    if (copies < 1) {
        throw std::invalid_argument(fmt::format(
            "branch '{}': {} copies; a branch stands for at least one", b.name, copies));
    }
    b.copies = copies;
}

BranchId HydraulicNetwork::add_branch(std::string name, std::string_view from, std::string_view to,
                                      const Element& element) {
    const NodeId f = lookup_for_branch(name, "from", from);
    const NodeId t = lookup_for_branch(name, "to", to);
    return add_branch(std::move(name), f, t, element);
}

BranchId HydraulicNetwork::add_branch(std::string name, std::string_view from, std::string_view to,
                                      const std::vector<Element>& series) {
    const NodeId f = lookup_for_branch(name, "from", from);
    const NodeId t = lookup_for_branch(name, "to", to);
    return add_branch(std::move(name), f, t, series);
}

std::optional<NodeId> HydraulicNetwork::find_node(std::string_view name) const {
    const auto it = node_index_.find(std::string(name));
    if (it == node_index_.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<BranchId> HydraulicNetwork::find_branch(std::string_view name) const {
    const auto it = branch_index_.find(std::string(name));
    if (it == branch_index_.end()) {
        return std::nullopt;
    }
    return it->second;
}

NodeId HydraulicNetwork::node_id(std::string_view name) const {
    if (const auto id = find_node(name)) {
        return *id;
    }
    throw std::invalid_argument(fmt::format("hydraulic network has no node '{}'", name));
}

BranchId HydraulicNetwork::branch_id(std::string_view name) const {
    if (const auto id = find_branch(name)) {
        return *id;
    }
    throw std::invalid_argument(fmt::format("hydraulic network has no branch '{}'", name));
}

std::span<const Element> HydraulicNetwork::elements(BranchId id) const {
    const Branch& b = branch(id);
    return std::span<const Element>(elements_).subspan(b.element_begin,
                                                       b.element_end - b.element_begin);
}

void HydraulicNetwork::set_element(std::size_t index, const Element& element) {
    if (index >= elements_.size()) {
        throw std::invalid_argument(fmt::format(
            "hydraulic network: element {} does not exist ({} elements)", index, elements_.size()));
    }
    if (element.index() != elements_[index].index()) {
        throw std::invalid_argument(fmt::format("hydraulic network: element {} is a {}, not a {}",
                                                index, element_kind(elements_[index]),
                                                element_kind(element)));
    }
    validate_element(element, fmt::format("element {} ({})", index, element_kind(element)), false);
    elements_[index] = element;
}

// ---------------------------------------------------------------------------------------
// Result

void HydraulicResult::require_converged() const {
    if (!converged) {
        throw std::runtime_error("hydraulic network did not converge: " + reason);
    }
}

// ---------------------------------------------------------------------------------------
// Solver

HydraulicSolver::HydraulicSolver(const HydraulicNetwork& network, HydraulicOptions options)
    : network_(network), options_(options) {
    if (options_.max_iterations < 1 || !(options_.rtol > 0.0) || !(options_.mass_rtol > 0.0) ||
        !(options_.zero_flow_floor > 0.0) || options_.max_backtracks < 1) {
        throw std::invalid_argument("HydraulicOptions: max_iterations and max_backtracks must be "
                                    ">= 1 and the tolerances and zero_flow_floor positive");
    }
    const std::size_t n_nodes = network.node_count();
    const std::size_t n_branches = network.branch_count();
    const auto& nodes = network.nodes();
    const auto& branches = network.branches();

    // Open branches and the pressure span of the fixed nodes.
    open_.assign(n_branches, 1);
    copies_.assign(n_branches, 1.0);
    std::size_t n_pipes = 0;
    for (std::size_t j = 0; j < n_branches; ++j) {
        copies_[j] = static_cast<double>(branches[j].copies);
        for (std::size_t e = branches[j].element_begin; e < branches[j].element_end; ++e) {
            const Element& el = network.elements()[e];
            if (is_closed(el)) {
                open_[j] = 0;
            }
            if (const auto* pipe = std::get_if<Pipe>(&el); pipe != nullptr && pipe->length > 0.0) {
                ++n_pipes;
            }
        }
        if (open_[j]) {
            open_branches_.push_back(j);
        }
    }
    double p_min = std::numeric_limits<double>::infinity();
    double p_max = -p_min;
    for (const auto& n : nodes) {
        if (n.p_fixed) {
            p_min = std::min(p_min, *n.p_fixed);
            p_max = std::max(p_max, *n.p_fixed);
        }
        inflow_total_ += std::abs(n.inflow);
    }
    if (!std::isfinite(p_min)) {
        throw std::invalid_argument(
            "hydraulic network has no fixed-pressure node: add one (a reservoir, the expansion "
            "tank of a closed loop, or a reference pressure) so that pressures are determined");
    }
    dp_fixed_span_ = p_max - p_min;

    // Every junction must reach a fixed-pressure node through open branches.
    std::vector<std::size_t> adj_start(n_nodes + 1, 0);
    for (std::size_t j : open_branches_) {
        ++adj_start[static_cast<std::size_t>(branches[j].from) + 1];
        ++adj_start[static_cast<std::size_t>(branches[j].to) + 1];
    }
    for (std::size_t i = 0; i < n_nodes; ++i) {
        adj_start[i + 1] += adj_start[i];
    }
    std::vector<std::size_t> adj(adj_start.back());
    {
        std::vector<std::size_t> fill(adj_start.begin(), adj_start.end() - 1);
        for (std::size_t j : open_branches_) {
            const auto f = static_cast<std::size_t>(branches[j].from);
            const auto t = static_cast<std::size_t>(branches[j].to);
            adj[fill[f]++] = t;
            adj[fill[t]++] = f;
        }
    }
    std::vector<char> reached(n_nodes, 0);
    std::vector<std::size_t> queue;
    queue.reserve(n_nodes);
    for (std::size_t i = 0; i < n_nodes; ++i) {
        if (nodes[i].p_fixed) {
            reached[i] = 1;
            queue.push_back(i);
        }
    }
    for (std::size_t q = 0; q < queue.size(); ++q) {
        const std::size_t i = queue[q];
        for (std::size_t k = adj_start[i]; k < adj_start[i + 1]; ++k) {
            if (!reached[adj[k]]) {
                reached[adj[k]] = 1;
                queue.push_back(adj[k]);
            }
        }
    }
    if (queue.size() < n_nodes) {
        const auto first = static_cast<std::size_t>(std::find(reached.begin(), reached.end(), 0) -
                                                    reached.begin());
        const std::size_t more = n_nodes - queue.size() - 1;
        throw std::invalid_argument(fmt::format(
            "junction '{}'{} is not connected to a fixed-pressure node through open branches "
            "(a stopped pump set or a closed valve blocks its branch), so its pressure is "
            "undetermined",
            nodes[first].name, more > 0 ? fmt::format(" (and {} more)", more) : ""));
    }

    // Junctions are the unknowns; number them in a fill-reducing (AMD) order so that the
    // factorization needs no permuted copy of the matrix.
    free_index_.assign(n_nodes, -1);
    for (std::size_t i = 0; i < n_nodes; ++i) {
        if (!nodes[i].p_fixed) {
            free_index_[i] = n_free_++;
        }
    }
    using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
    auto pattern = [&](const std::vector<int>& index) {
        std::vector<Eigen::Triplet<double, int>> t;
        t.reserve(static_cast<std::size_t>(n_free_) + open_branches_.size());
        for (int i = 0; i < n_free_; ++i) {
            t.emplace_back(i, i, 0.0);
        }
        for (std::size_t j : open_branches_) {
            const int a = index[static_cast<std::size_t>(branches[j].from)];
            const int b = index[static_cast<std::size_t>(branches[j].to)];
            if (a >= 0 && b >= 0) {
                t.emplace_back(std::min(a, b), std::max(a, b), 0.0);
            }
        }
        SpMat m(n_free_, n_free_);
        m.setFromTriplets(t.begin(), t.end());
        m.makeCompressed();
        return m;
    };
    if (n_free_ > 0) {
        const SpMat upper = pattern(free_index_);
        Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int> Pinv;
        Eigen::AMDOrdering<int> amd;
        amd(upper, Pinv);
        const Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int> P = Pinv.inverse();
        for (auto& idx : free_index_) {
            if (idx >= 0) {
                idx = P.indices()(idx);
            }
        }
        L_ = pattern(free_index_);
    }
    auto slot = [&](int row, int col) -> std::ptrdiff_t {
        const int* begin = L_.innerIndexPtr() + L_.outerIndexPtr()[col];
        const int* end = L_.innerIndexPtr() + L_.outerIndexPtr()[col + 1];
        const int* it = std::lower_bound(begin, end, row);
        return it - L_.innerIndexPtr();
    };
    branch_from_.assign(n_branches, -1);
    branch_to_.assign(n_branches, -1);
    slot_from_.assign(n_branches, -1);
    slot_to_.assign(n_branches, -1);
    slot_off_.assign(n_branches, -1);
    for (std::size_t j : open_branches_) {
        const int a = free_index_[static_cast<std::size_t>(branches[j].from)];
        const int b = free_index_[static_cast<std::size_t>(branches[j].to)];
        branch_from_[j] = a;
        branch_to_[j] = b;
        if (a >= 0) {
            slot_from_[j] = slot(a, a);
        }
        if (b >= 0) {
            slot_to_[j] = slot(b, b);
        }
        if (a >= 0 && b >= 0) {
            slot_off_[j] = slot(std::min(a, b), std::max(a, b));
        }
    }
    if (n_free_ > 0) {
        ldlt_.analyzePattern(L_);
    }

    terms_.resize(n_branches);
    pipes_.reserve(n_pipes);
    props_.resize(n_branches);
    rhs_.resize(n_free_);
    dp_nodes_.resize(n_free_);
    for (auto* v :
         {&V_, &r_, &r_lin_, &g_, &slope0_, &V_est_, &dV_, &dV_before_, &V_trial_, &r_trial_}) {
        v->resize(n_branches);
    }
    evals_.resize(n_branches);
    evals_trial_.resize(n_branches);
    for (auto* v : {&p_, &p_trial_, &node_net_, &node_max_}) {
        v->resize(n_nodes);
    }
}

void HydraulicSolver::prepare(std::span<const FluidProperties> per_branch) {
    const auto& branches = network_.branches();
    const auto& elements = network_.elements();
    // Keep each pipe's last Colebrook root as the next solve's start (the same pipes in the
    // same order: the network does not change while the solver exists).
    colebrook_hints_.resize(pipes_.size());
    for (std::size_t k = 0; k < pipes_.size(); ++k) {
        colebrook_hints_[k] = pipes_[k].colebrook_x;
    }
    pipes_.clear();
    tees_.clear();
    for (std::size_t j = 0; j < branches.size(); ++j) {
        const FluidProperties& fl = per_branch[j];
        if (!(fl.rho > 0.0 && fl.mu > 0.0 && std::isfinite(fl.rho) && std::isfinite(fl.mu))) {
            validate_fluid(fl, fmt::format("branch '{}'", branches[j].name));
        }
        BranchTerms t;
        t.pipe_begin = pipes_.size();
        t.tee_begin = tees_.size();
        for (std::size_t e = branches[j].element_begin; e < branches[j].element_end; ++e) {
            std::visit(
                overloaded{
                    [&](const Pipe& x) {
                        const double A = pipe_area(x);
                        t.b += x.K_minor * fl.rho / (2.0 * A * A);
                        if (x.length > 0.0) {
                            pipes_.push_back(
                                {x.fRe_laminar * fl.mu * x.length / (2.0 * x.D_h * x.D_h * A),
                                 x.length / x.D_h * fl.rho / (2.0 * A * A),
                                 fl.rho * x.D_h / (fl.mu * A), x.roughness / x.D_h, x.fRe_laminar});
                        }
                    },
                    [&](const LossCoefficient& x) { t.b += dp_from_K(x.K, fl.rho, 1.0, x.D); },
                    [&](const FlowCoefficient& x) {
                        if (x.opening > 0.0) {
                            t.b += dp_from_Kv(1.0, fl.rho, x.Kv * x.opening);
                        }
                    },
                    [&](const QuadraticCurve& x) {
                        t.a += x.a;
                        t.b += x.b;
                    },
                    [&](const ManifoldTee& x) {
                        if (!(x.area > 0.0)) {
                            throw std::invalid_argument(fmt::format(
                                "branch '{}': its manifold tee leg is not connected (area 0)",
                                branches[j].name));
                        }
                        for (const BranchId o : x.others) {
                            if (o < 0 || static_cast<std::size_t>(o) >= branches.size() ||
                                static_cast<std::size_t>(o) == j) {
                                throw std::invalid_argument(fmt::format(
                                    "branch '{}': its manifold tee leg names other leg {}, which "
                                    "is not another branch ({} branches)",
                                    branches[j].name, o, branches.size()));
                            }
                        }
                        tees_.push_back({&x, j, fl.rho / (2.0 * x.area * x.area)});
                    },
                    [&](const Pump& x) {
                        const int n = running_pumps(x);
                        if (n > 0) {
                            const PumpCurve c = pump_curve_at_speed(x.curve, x.speed_ratio);
                            t.c0 -= x.n_series * c.dp0;
                            t.a += x.n_series * c.c1 / n;
                            t.b += x.n_series * c.c2 / (static_cast<double>(n) * n);
                        }
                    },
                },
                elements[e]);
        }
        t.pipe_end = pipes_.size();
        t.tee_end = tees_.size();
        terms_[j] = t;
    }
    tee_cross_.resize(tees_.size());
    if (colebrook_hints_.size() == pipes_.size()) {
        for (std::size_t k = 0; k < pipes_.size(); ++k) {
            pipes_[k].colebrook_x = colebrook_hints_[k];
        }
    }
}

HydraulicSolver::BranchEval HydraulicSolver::branch_eval(std::size_t j, double V,
                                                         const std::vector<double>& V_all) const {
    const BranchTerms& t = terms_[j];
    const double Va = std::abs(V);
    BranchEval out{0.0, t.a * V + t.b * V * Va, 0.0};
    for (std::size_t k = t.pipe_begin; k < t.pipe_end; ++k) {
        const PipeTerm& pt = pipes_[k];
        const double Re = pt.Re_per_V * Va;
        if (Re <= Re_laminar_end) {
            pt.dp_last = pt.a_laminar * V;
            out.D_pipes += pt.a_laminar;
        } else {
            const FrictionFactor ff = darcy_friction_factor(Re, pt.eps_D, pt.fRe, &pt.colebrook_x);
            pt.dp_last = pt.c_f * ff.f * V * Va;
            out.D_pipes += pt.c_f * Va * (2.0 * ff.f + Re * ff.df_dRe);
        }
        out.dp_flow += pt.dp_last;
    }
    double dp_tees = 0.0;
    for (std::size_t k = t.tee_begin; k < t.tee_end; ++k) {
        const TeeTerm& tt = tees_[k];
        const TeeDp e = tee_leg_dp(*tt.tee, tt.head_per_V2, V, others_flow(*tt.tee, V_all));
        tt.dp_last = e.dp;
        dp_tees += e.dp;
        out.D_tees += e.d_own;
    }
    out.dp = t.c0 + out.dp_flow + dp_tees;
    return out;
}

HydraulicSolver::Residual HydraulicSolver::evaluate_residual(const std::vector<double>& V,
                                                             const std::vector<double>& p,
                                                             std::vector<double>& r,
                                                             std::vector<BranchEval>& evals) const {
    const auto& branches = network_.branches();
    Residual out;
    for (std::size_t j : open_branches_) {
        const BranchEval ev = branch_eval(j, V[j], V);
        const double dp = ev.dp;
        evals[j] = ev;
        const double dp_nodes = p[static_cast<std::size_t>(branches[j].from)] -
                                p[static_cast<std::size_t>(branches[j].to)];
        const double rj = dp - dp_nodes;
        r[j] = rj;
        out.merit += rj * rj;
        out.max_abs = std::max(out.max_abs, std::abs(rj));
        out.scale = std::max({out.scale, std::abs(dp), std::abs(dp_nodes), std::abs(terms_[j].c0)});
    }
    if (!std::isfinite(out.merit)) {
        out.max_abs = std::numeric_limits<double>::infinity();
    }
    return out;
}

double HydraulicSolver::mass_imbalance(const std::vector<double>& V) {
    const auto& nodes = network_.nodes();
    const auto& branches = network_.branches();
    double V_max = 0.0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        node_net_[i] = nodes[i].inflow;
        node_max_[i] = std::abs(nodes[i].inflow);
        V_max = std::max(V_max, node_max_[i]);
    }
    for (std::size_t j : open_branches_) {
        const auto f = static_cast<std::size_t>(branches[j].from);
        const auto t = static_cast<std::size_t>(branches[j].to);
        const double Va = copies_[j] * std::abs(V[j]);
        node_net_[f] -= copies_[j] * V[j];
        node_net_[t] += copies_[j] * V[j];
        node_max_[f] = std::max(node_max_[f], Va);
        node_max_[t] = std::max(node_max_[t], Va);
        V_max = std::max(V_max, Va);
    }
    const double floor = stagnant_flow_fraction * std::max(V_max, 1e-9 * V_char_);
    double worst = 0.0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].p_fixed) {
            continue;
        }
        const double denom = std::max(node_max_[i], floor);
        if (denom > 0.0) {
            worst = std::max(worst, std::abs(node_net_[i]) / denom);
        } else if (node_net_[i] != 0.0) {
            worst = std::numeric_limits<double>::infinity();
        }
    }
    return worst;
}

bool HydraulicSolver::solve_linear(std::string& reason) {
    if (n_free_ == 0) {
        return true;
    }
    ldlt_.factorize(L_);
    if (ldlt_.info() != Eigen::Success) {
        reason = "the nodal matrix could not be factorized (not positive definite)";
        return false;
    }
    dp_nodes_ = ldlt_.solve(rhs_);
    return true;
}

HydraulicResult HydraulicSolver::solve(const FluidProperties& fluid,
                                       std::span<const double> V_dot_start) {
    std::fill(props_.begin(), props_.end(), fluid);
    return run(V_dot_start);
}

HydraulicResult HydraulicSolver::solve(std::span<const FluidProperties> per_branch,
                                       std::span<const double> V_dot_start) {
    if (per_branch.size() != network_.branch_count()) {
        throw std::invalid_argument(
            fmt::format("HydraulicSolver::solve: {} fluid states for {} branches",
                        per_branch.size(), network_.branch_count()));
    }
    std::copy(per_branch.begin(), per_branch.end(), props_.begin());
    return run(V_dot_start);
}

HydraulicResult HydraulicSolver::solve(const Fluid& fluid, double T,
                                       std::span<const double> V_dot_start) {
    return solve(FluidProperties{fluid.rho(T), fluid.mu(T)}, V_dot_start);
}

HydraulicResult HydraulicSolver::solve(const Fluid& fluid, std::span<const double> T_branch,
                                       std::span<const double> V_dot_start) {
    if (T_branch.size() != network_.branch_count()) {
        throw std::invalid_argument(
            fmt::format("HydraulicSolver::solve: {} temperatures for {} branches", T_branch.size(),
                        network_.branch_count()));
    }
    for (std::size_t j = 0; j < T_branch.size(); ++j) {
        props_[j] = {fluid.rho(T_branch[j]), fluid.mu(T_branch[j])};
    }
    return run(V_dot_start);
}

HydraulicResult HydraulicSolver::run(std::span<const double> V_dot_start) {
    const auto& nodes = network_.nodes();
    const auto& branches = network_.branches();
    const std::size_t n_nodes = nodes.size();
    if (!V_dot_start.empty() && V_dot_start.size() != branches.size()) {
        throw std::invalid_argument(
            fmt::format("HydraulicSolver::solve: {} start flows for {} branches",
                        V_dot_start.size(), branches.size()));
    }
    prepare(props_);

    // Flow scale: V_est per branch, the flow it would carry with the driving pressure (span of
    // the fixed pressures plus the largest pump shut-off rise) across it alone, from a linear
    // plus quadratic model of the branch (no turbulent friction); V_char the largest. It seeds
    // the cold start and keeps the derivative floor and the stagnant-junction measure away
    // from zero when every flow is zero (a tree with no inflow).
    double dp_pumps = 0.0;
    for (std::size_t j : open_branches_) {
        dp_pumps = std::max(dp_pumps, -terms_[j].c0);
    }
    dp_drive_ = dp_fixed_span_ + dp_pumps;
    V_char_ = 0.0;
    for (std::size_t j : open_branches_) {
        const BranchTerms& t = terms_[j];
        double V_est = 1.0; // nothing drives any flow: any scale gives the zero answer
        if (dp_drive_ > 0.0) {
            double a = t.a;
            for (std::size_t k = t.pipe_begin; k < t.pipe_end; ++k) {
                a += pipes_[k].a_laminar;
            }
            V_est = 2.0 * dp_drive_ / (a + std::sqrt(a * a + 4.0 * t.b * dp_drive_));
        } else if (inflow_total_ > 0.0) {
            V_est = inflow_total_;
        }
        V_est_[j] = V_est;
        V_char_ = std::max(V_char_, V_est);
    }

    // Start: fixed pressures, junctions at the lowest fixed pressure (the first step does not
    // depend on them), zero flow or the given flows. Pressures are held relative to the lowest
    // fixed pressure p_ref_, so that differences of a few Pa on top of an absolute 3 bar keep
    // their digits.
    p_ref_ = std::numeric_limits<double>::infinity();
    for (const auto& n : nodes) {
        if (n.p_fixed) {
            p_ref_ = std::min(p_ref_, *n.p_fixed);
        }
    }
    for (std::size_t i = 0; i < n_nodes; ++i) {
        p_[i] = nodes[i].p_fixed ? *nodes[i].p_fixed - p_ref_ : 0.0;
    }
    std::fill(V_.begin(), V_.end(), 0.0);
    const bool cold = V_dot_start.empty();
    if (!cold) {
        for (std::size_t j : open_branches_) {
            V_[j] = V_dot_start[j];
        }
    }

    Residual res = evaluate_residual(V_, p_, r_, evals_);
    double mass = mass_imbalance(V_);
    int iterations = 0;
    history_.clear();
    history_.push_back(res.max_abs);
    // Energy tolerance: rtol of the largest branch dp, but not below the round-off of the node
    // pressures themselves (64 ulp of the largest), which no iteration can beat.
    auto tolerance = [&] {
        double p_max = 0.0;
        for (const double x : p_) {
            p_max = std::max(p_max, std::abs(x));
        }
        return std::max(options_.rtol * res.scale,
                        64.0 * std::numeric_limits<double>::epsilon() * p_max);
    };
    // Right-hand side of the nodal system, A^T N (g r_lin - V) + inflow, and the flow changes
    // dV = g (dp_from - dp_to - r_lin) its solution gives.
    auto assemble_rhs = [&] {
        for (std::size_t i = 0; i < n_nodes; ++i) {
            if (free_index_[i] >= 0) {
                rhs_(free_index_[i]) = nodes[i].inflow;
            }
        }
        for (std::size_t j : open_branches_) {
            const double q = copies_[j] * (g_[j] * r_lin_[j] - V_[j]);
            if (branch_from_[j] >= 0) {
                rhs_(branch_from_[j]) += q;
            }
            if (branch_to_[j] >= 0) {
                rhs_(branch_to_[j]) -= q;
            }
        }
    };
    auto flows_from_pressures = [&] {
        for (std::size_t j : open_branches_) {
            const double dpa = branch_from_[j] >= 0 ? dp_nodes_(branch_from_[j]) : 0.0;
            const double dpb = branch_to_[j] >= 0 ? dp_nodes_(branch_to_[j]) : 0.0;
            dV_[j] = g_[j] * (dpa - dpb - r_lin_[j]);
        }
    };
    int polishes = 0;
    for (;;) {
        const bool energy_ok = res.max_abs <= tolerance();
        // Energy converged but mass not to round-off (the last step's round-off where
        // conductances differ by orders of magnitude): a back-substitution with the last
        // factorization, L dp = -m, V += g A dp, conserves mass again without changing the
        // energy residual to first order (iterative refinement). At most 3 times.
        if (energy_ok && mass > 1e-2 * options_.mass_rtol && iterations > 0 && n_free_ > 0 &&
            polishes < 3) {
            ++polishes;
            for (std::size_t i = 0; i < n_nodes; ++i) {
                if (free_index_[i] >= 0) {
                    rhs_(free_index_[i]) = node_net_[i];
                }
            }
            dp_nodes_ = ldlt_.solve(rhs_);
            for (std::size_t j : open_branches_) {
                const double dpa = branch_from_[j] >= 0 ? dp_nodes_(branch_from_[j]) : 0.0;
                const double dpb = branch_to_[j] >= 0 ? dp_nodes_(branch_to_[j]) : 0.0;
                V_[j] += g_[j] * (dpa - dpb);
            }
            for (std::size_t i = 0; i < n_nodes; ++i) {
                if (free_index_[i] >= 0) {
                    p_[i] += dp_nodes_(free_index_[i]);
                }
            }
            res = evaluate_residual(V_, p_, r_, evals_);
            mass = mass_imbalance(V_);
            continue;
        }
        if (energy_ok && mass <= options_.mass_rtol) {
            return finish(true, "", iterations, res, mass);
        }
        if (!std::isfinite(res.merit)) {
            return finish(false,
                          fmt::format("the residual became non-finite at iteration {}", iterations),
                          iterations, res, mass);
        }
        if (iterations >= options_.max_iterations) {
            return finish(false,
                          fmt::format("iteration limit {} reached: max energy residual {:.3g} Pa "
                                      "(tolerance {:.3g} Pa, {:.3g} of the largest branch dp), "
                                      "mass imbalance {:.3g} (tolerance {:.3g})",
                                      options_.max_iterations, res.max_abs, tolerance(),
                                      options_.rtol, mass, options_.mass_rtol),
                          iterations, res, mass);
        }

        // Slopes D of the branch laws (g = 1 / D) and the residual of the linear model of
        // each branch. Cold start, step 1: secant through (0, dp(0)) and (V_est, dp(V_est)),
        // V_est the flow the branch would carry with the driving pressure (span of the fixed
        // pressures plus the largest pump shut-off rise) across it alone, from a linear plus
        // quadratic model of the branch; this overestimates the slope of branches in series
        // and so underestimates their flows. Step 2: secant through (0, dp(0)) with the
        // geometric mean of that slope and the secant slope at the step-1 flow, which is
        // exact for a chain of equal quadratic elements and close for most networks. Then
        // Newton: tangent slopes, the quadratic terms' at no less than the floor flow.
        const bool secant_step = cold && iterations < 2;
        if (secant_step && iterations == 0) {
            for (std::size_t j : open_branches_) {
                double V_est = V_est_[j];
                // The model omits turbulent friction: rescale V_est as for a quadratic law until
                // the branch's true dp at V_est is within a factor 2 of the drive.
                double dp_est = branch_eval(j, V_est, V_).dp_flow;
                for (int k = 0; k < 3 && dp_drive_ > 0.0 && dp_est > 2.0 * dp_drive_; ++k) {
                    V_est *= std::sqrt(dp_drive_ / dp_est);
                    dp_est = branch_eval(j, V_est, V_).dp_flow;
                }
                slope0_[j] = dp_est / V_est;
                g_[j] = 1.0 / slope0_[j];
            }
        } else {
            double V_max = 0.0;
            for (std::size_t j : open_branches_) {
                V_max = std::max(V_max, std::abs(V_[j]));
            }
            const double V_floor =
                options_.zero_flow_floor * std::max(V_max, stagnant_flow_fraction * V_char_);
            const double floor_dp = 1e-2 * options_.rtol * res.scale;
            for (std::size_t j : open_branches_) {
                const BranchTerms& t = terms_[j];
                const double Va = std::abs(V_[j]);
                if (secant_step) {
                    const double slope1 = Va > V_floor ? evals_[j].dp_flow / V_[j]
                                                       : t.a + t.b * V_floor + evals_[j].D_pipes;
                    g_[j] = 1.0 / std::sqrt(slope0_[j] * slope1);
                } else {
                    // Below the floor flow the quadratic term's slope is held at its floor value;
                    // the floor is also kept low enough that b V_floor^2 is far below the
                    // tolerance, so a branch whose flow is near zero (a closed-off or balanced
                    // path with a large b) does not stall convergence.
                    const double floor_j =
                        t.b > 0.0 ? std::min(V_floor, std::sqrt(floor_dp / t.b)) : V_floor;
                    // A tee leg's slope may be negative (static regain grows with the leg's
                    // share); it may lower the branch's slope to half, never to zero, so the
                    // nodal matrix stays positive definite.
                    const double D = t.a + 2.0 * t.b * std::max(Va, floor_j) + evals_[j].D_pipes;
                    g_[j] = 1.0 / std::max(D + evals_[j].D_tees, 0.5 * D);
                }
            }
        }
        // Residual of each branch's linear model at the current point: the true residual for a
        // Newton step, c0 + V / g - (p_from - p_to) for a secant through (0, dp(0)).
        for (std::size_t j : open_branches_) {
            r_lin_[j] = secant_step ? terms_[j].c0 + V_[j] / g_[j] -
                                          (p_[static_cast<std::size_t>(branches[j].from)] -
                                           p_[static_cast<std::size_t>(branches[j].to)])
                                    : r_[j];
        }

        // Nodal system L dp_nodes = A^T N g r - m, m = A^T N V - inflow, N the branch copies
        // (Todini & Pilati 1988 with every branch counted n times).
        double* values = L_.valuePtr();
        std::fill(values, values + L_.nonZeros(), 0.0);
        for (std::size_t j : open_branches_) {
            const double g = copies_[j] * g_[j];
            if (branch_from_[j] >= 0) {
                values[slot_from_[j]] += g;
            }
            if (branch_to_[j] >= 0) {
                values[slot_to_[j]] += g;
            }
            if (slot_off_[j] >= 0) {
                values[slot_off_[j]] -= g;
            }
        }
        assemble_rhs();
        std::string reason;
        if (!solve_linear(reason)) {
            return finish(false, reason + fmt::format(" at iteration {}", iterations + 1),
                          iterations, res, mass);
        }
        ++iterations;
        flows_from_pressures();
        // A tee leg's drop also moves with the flows of the tee's other legs, cross terms the
        // nodal system (one slope per branch) cannot hold. The Newton step with them follows by
        // moving the cross terms to the right-hand side and solving again with the same
        // factorization (block Jacobi on the flows; each pass one back-substitution). The
        // passes stop once the cross terms' last change, the residual the step would leave in
        // the linearised laws, is below eta times the present residual, eta = min(1e-3,
        // residual / scale): an inexact Newton step whose forcing term shrinks with the
        // residual, so the convergence stays quadratic ([V51] Dembo, Eisenstat & Steihaug
        // 1982), or once the step has settled to 1e-6 of its largest flow change.
        if (!secant_step && !tees_.empty()) {
            for (std::size_t k = 0; k < tees_.size(); ++k) {
                const TeeTerm& tt = tees_[k];
                tee_cross_[k] =
                    tee_leg_dp(*tt.tee, tt.head_per_V2, V_[tt.branch], others_flow(*tt.tee, V_))
                        .d_other;
            }
            const double eta = std::min(1e-3, res.scale > 0.0 ? res.max_abs / res.scale : 1e-3);
            // Nor is a step solved past a tenth of the energy tolerance: the residual it leaves
            // is then below what convergence asks, and more passes would only oversolve (the
            // safeguard of Kelley 1995, chapter 6, [V52], which uses half the tolerance).
            const double enough = 0.1 * tolerance();
            for (int pass = 0; pass < max_tee_passes; ++pass) {
                for (std::size_t j : open_branches_) {
                    r_lin_[j] = r_[j];
                }
                for (std::size_t k = 0; k < tees_.size(); ++k) {
                    const TeeTerm& tt = tees_[k];
                    r_lin_[tt.branch] += tee_cross_[k] * others_flow(*tt.tee, dV_);
                }
                assemble_rhs();
                dp_nodes_ = ldlt_.solve(rhs_);
                std::copy(dV_.begin(), dV_.end(), dV_before_.begin());
                flows_from_pressures();
                double change = 0.0, largest = 0.0;
                for (std::size_t j : open_branches_) {
                    change = std::max(change, std::abs(dV_[j] - dV_before_[j]));
                    largest = std::max(largest, std::abs(dV_[j]));
                }
                double left = 0.0; // [Pa]
                for (std::size_t k = 0; k < tees_.size(); ++k) {
                    const ManifoldTee& tee = *tees_[k].tee;
                    left = std::max(left, std::abs(tee_cross_[k] * (others_flow(tee, dV_) -
                                                                    others_flow(tee, dV_before_))));
                }
                if (change <= 1e-6 * largest || left <= std::max(eta * res.max_abs, enough)) {
                    break;
                }
            }
        }

        // Step: full on the first iteration (it makes the flows conserve mass and sets the
        // pressures) and for the second secant step, Armijo backtracking on |r|^2 for Newton.
        const bool full_step = iterations == 1 || secant_step;
        double alpha = 1.0;
        Residual trial;
        for (int backtrack = 0;; ++backtrack) {
            for (std::size_t j : open_branches_) {
                V_trial_[j] = V_[j] + alpha * dV_[j];
            }
            for (std::size_t i = 0; i < n_nodes; ++i) {
                p_trial_[i] =
                    free_index_[i] >= 0 ? p_[i] + alpha * dp_nodes_(free_index_[i]) : p_[i];
            }
            trial = evaluate_residual(V_trial_, p_trial_, r_trial_, evals_trial_);
            if (full_step || trial.merit <= (1.0 - 2.0 * armijo_c * alpha) * res.merit) {
                break;
            }
            if (backtrack + 1 >= options_.max_backtracks) {
                return finish(false,
                              fmt::format("line search failed at iteration {}: no step along the "
                                          "Newton direction reduced the energy residual {:.3g} Pa "
                                          "after {} reductions",
                                          iterations, res.max_abs, options_.max_backtracks),
                              iterations, res, mass);
            }
            // Minimiser of the quadratic through phi(0), phi'(0) = -2 phi(0) and phi(alpha),
            // kept within [0.1, 0.5] alpha.
            double next = 0.1 * alpha;
            if (std::isfinite(trial.merit)) {
                const double slope = -2.0 * res.merit;
                const double curv = trial.merit - res.merit - slope * alpha;
                if (curv > 0.0) {
                    next =
                        std::clamp(-slope * alpha * alpha / (2.0 * curv), 0.1 * alpha, 0.5 * alpha);
                }
            }
            alpha = next;
        }
        std::swap(V_, V_trial_);
        std::swap(p_, p_trial_);
        std::swap(r_, r_trial_);
        std::swap(evals_, evals_trial_);
        res = trial;
        history_.push_back(res.max_abs);
        mass = mass_imbalance(V_);
    }
}

HydraulicResult HydraulicSolver::finish(bool converged, std::string reason, int iterations,
                                        const Residual& res, double mass) const {
    const auto& nodes = network_.nodes();
    const auto& branches = network_.branches();
    const auto& elements = network_.elements();
    HydraulicResult out;
    out.converged = converged;
    out.reason = std::move(reason);
    out.iterations = iterations;
    out.residual_dp = res.max_abs;
    out.residual_rel = res.scale > 0.0 ? res.max_abs / res.scale : 0.0;
    out.mass_imbalance = mass;
    out.residual_history = history_;
    out.p = p_;
    for (double& x : out.p) {
        x += p_ref_;
    }
    out.V_dot.assign(branches.size(), 0.0);
    out.dp.assign(branches.size(), 0.0);
    out.dp_element.assign(elements.size(), 0.0);
    out.V_dot_supplied.assign(nodes.size(), 0.0);
    for (std::size_t j = 0; j < branches.size(); ++j) {
        const auto& br = branches[j];
        const auto f = static_cast<std::size_t>(br.from);
        const auto t = static_cast<std::size_t>(br.to);
        const double V = open_[j] ? V_[j] : 0.0;
        out.V_dot[j] = V;
        double dp_sum = 0.0;
        std::size_t first_closed = elements.size();
        // The last residual evaluation was at these flows: an open branch's pipes and tee legs
        // keep their drops from it (no Colebrook iteration, no tee coefficient again).
        std::size_t pipe = terms_[j].pipe_begin;
        std::size_t tee = terms_[j].tee_begin;
        for (std::size_t e = br.element_begin; e < br.element_end; ++e) {
            const auto* pipe_element = std::get_if<Pipe>(&elements[e]);
            if (open_[j] && pipe_element != nullptr && pipe_element->length > 0.0) {
                const double A = pipe_area(*pipe_element);
                const double b = pipe_element->K_minor * props_[j].rho / (2.0 * A * A);
                out.dp_element[e] = b * V * std::abs(V) + pipes_[pipe++].dp_last;
            } else if (open_[j] && std::holds_alternative<ManifoldTee>(elements[e])) {
                out.dp_element[e] = tees_[tee++].dp_last;
            } else {
                const auto* tee_element = std::get_if<ManifoldTee>(&elements[e]);
                const double V_o = tee_element != nullptr ? others_flow(*tee_element, V_) : 0.0;
                out.dp_element[e] = element_dp(elements[e], props_[j], V, V_o).dp;
            }
            dp_sum += out.dp_element[e];
            if (is_closed(elements[e]) && first_closed == elements.size()) {
                first_closed = e;
            }
            if (const auto* pump = std::get_if<Pump>(&elements[e])) {
                out.pumps.push_back({static_cast<BranchId>(j), e, pump_operating_point(*pump, V)});
            }
        }
        if (open_[j]) {
            out.dp[j] = dp_sum;
        } else {
            out.dp[j] = p_[f] - p_[t];
            out.dp_element[first_closed] += out.dp[j] - dp_sum;
        }
        if (nodes[f].p_fixed) {
            out.V_dot_supplied[f] += copies_[j] * V;
        }
        if (nodes[t].p_fixed) {
            out.V_dot_supplied[t] -= copies_[j] * V;
        }
    }
    return out;
}

HydraulicResult solve_hydraulics(const HydraulicNetwork& network, const FluidProperties& fluid,
                                 const HydraulicOptions& options) {
    HydraulicSolver solver(network, options);
    return solver.solve(fluid);
}

} // namespace rackcalc::thermal
