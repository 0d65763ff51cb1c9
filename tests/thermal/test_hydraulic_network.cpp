// Hydraulic network solver: single elements against closed forms (validation-cases.md 1.1,
// 1.2, 1.3), pump operating points against the quadratic formula, a manifold against an
// independent Kirchhoff solve, and mass conservation at every junction of every network.
// Expected numbers are closed-form expressions typed out here, never the solver's own output.

#include "check_near.hpp"
#include "thermal/correlations.hpp"
#include "thermal/fluid.hpp"
#include "thermal/hydraulic_network.hpp"
#include "thermal/pump.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <numbers>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace th = rackcalc::thermal;
using std::numbers::pi;

namespace {

/// Largest relative mass imbalance over the junctions, computed here from the topology and the
/// branch flows (not from the solver's own figure): |sum in - sum out + inflow| / largest flow
/// at that junction, or / V_stagnant where that is larger (for dead ends and trees without
/// through-flow, whose flows are round-off).
double worst_mass_imbalance(const th::HydraulicNetwork& net, const th::HydraulicResult& res,
                            double V_stagnant = 0.0) {
    std::vector<double> net_flow(net.node_count(), 0.0);
    std::vector<double> largest(net.node_count(), 0.0);
    for (std::size_t i = 0; i < net.node_count(); ++i) {
        net_flow[i] = net.nodes()[i].inflow;
        largest[i] = std::abs(net.nodes()[i].inflow);
    }
    for (std::size_t j = 0; j < net.branch_count(); ++j) {
        const auto& b = net.branches()[j];
        const auto f = static_cast<std::size_t>(b.from);
        const auto t = static_cast<std::size_t>(b.to);
        net_flow[f] -= res.V_dot[j];
        net_flow[t] += res.V_dot[j];
        largest[f] = std::max(largest[f], std::abs(res.V_dot[j]));
        largest[t] = std::max(largest[t], std::abs(res.V_dot[j]));
    }
    double worst = 0.0;
    for (std::size_t i = 0; i < net.node_count(); ++i) {
        const double denominator = std::max(largest[i], V_stagnant);
        if (!net.nodes()[i].p_fixed && denominator > 0.0) {
            worst = std::max(worst, std::abs(net_flow[i]) / denominator);
        }
    }
    return worst;
}

double circle(double D) {
    return pi * D * D / 4.0;
}

/// Positive root of A x^2 + B x - C = 0 (A, B, C > 0) in the cancellation-free form.
double positive_root(double A, double B, double C) {
    return 2.0 * C / (B + std::sqrt(B * B + 4.0 * A * C));
}

} // namespace

// The validation-cases.md 1.1 tube (water mu = 1.0e-3 Pa s, rho = 998, D = 4 mm, L = 1 m,
// Q = 200 mL/min, laminar). The network is linear on this branch, so the solver must return
// the closed form to 1e-10 (the published 530.5 Pa is the reference case
// network-hagen-poiseuille in validation/hydraulics.toml).
TEST_CASE("hydraulic network: single laminar pipe reproduces Hagen-Poiseuille (1.1)") {
    const th::FluidProperties water{998.0, 1.0e-3};
    const double D = 4e-3;
    const double L = 1.0;
    const double V_ref = 200e-6 / 60.0;
    const double dp_ref = 128.0 * 1.0e-3 * L * V_ref / (pi * D * D * D * D);

    th::HydraulicNetwork net;
    net.add_fixed_pressure("in", 1.0e5 + dp_ref);
    net.add_fixed_pressure("out", 1.0e5);
    net.add_branch("tube", "in", "out", th::Pipe{.length = L, .D_h = D});
    const auto res = th::solve_hydraulics(net, water);
    REQUIRE(res.converged);
    CHECK(res.iterations == 1);
    CHECK_REL(res.V_dot[0], V_ref, 1e-10);
    CHECK_REL(res.dp[0], dp_ref, 1e-10);
    CHECK_REL(res.V_dot_supplied[0], V_ref, 1e-10);
    CHECK_REL(res.V_dot_supplied[1], -V_ref, 1e-10);

    // Drawn the other way round, the flow is negative.
    th::HydraulicNetwork back;
    back.add_fixed_pressure("in", 1.0e5 + dp_ref);
    back.add_fixed_pressure("out", 1.0e5);
    back.add_branch("tube", "out", "in", th::Pipe{.length = L, .D_h = D});
    CHECK_REL(th::solve_hydraulics(back, water).V_dot[0], -V_ref, 1e-10);
}

// A turbulent pipe at Re = 1e5, smooth and eps/D = 1e-3: the solved flow and the
// friction-based dp must match Colebrook to 1e-6 (the table's gate for Colebrook). The
// table's f = 0.01799 and 0.02217 through the network are reference cases
// network-colebrook-smooth and -rough in validation/hydraulics.toml.
TEST_CASE("hydraulic network: turbulent pipe matches Colebrook (1.2)") {
    const th::FluidProperties water{998.0, 1.0e-3};
    const double D = 20e-3;
    const double L = 3.0;
    const double A = circle(D);
    struct Case {
        double eps_D;
    };
    for (const Case c : {Case{0.0}, Case{1e-3}}) {
        CAPTURE(c.eps_D);
        const double Re = 1e5;
        const double v = Re * 1.0e-3 / (998.0 * D);
        const double f = th::colebrook_f(Re, c.eps_D);
        const double dp = f * L / D * 998.0 * v * v / 2.0;

        th::HydraulicNetwork net;
        net.add_fixed_pressure("in", 2.0e5 + dp);
        net.add_fixed_pressure("out", 2.0e5);
        net.add_branch("pipe", "in", "out",
                       th::Pipe{.length = L, .D_h = D, .roughness = c.eps_D * D});
        const auto res = th::solve_hydraulics(net, water);
        REQUIRE(res.converged);
        const double V = res.V_dot[0];
        CHECK_REL(V, v * A, 1e-8);
        const double v_solved = V / A;
        // The friction-based dp at the solved flow, by Colebrook directly.
        const double Re_solved = 998.0 * v_solved * D / 1.0e-3;
        CHECK_REL(th::colebrook_f(Re_solved, c.eps_D) * L / D * 998.0 * v_solved * v_solved / 2.0,
                  dp, 1e-6);
    }
}

// Flow divides between parallel paths so that they share one dp: Hagen-Poiseuille gives
// V1/V2 = (D1/D2)^4 (L2/L1); quadratic losses give V1/V2 = sqrt(K2/K1) at equal diameters.
TEST_CASE("hydraulic network: parallel paths split in the analytic ratio") {
    const th::FluidProperties water{998.0, 1.0e-3};
    SUBCASE("laminar pipes") {
        th::HydraulicNetwork net;
        net.add_fixed_pressure("in", 1.0e5 + 400.0);
        net.add_fixed_pressure("out", 1.0e5);
        net.add_junction("mid");
        net.add_branch("a", "in", "mid", th::Pipe{.length = 1.0, .D_h = 4e-3});
        net.add_branch("b", "in", "mid", th::Pipe{.length = 0.5, .D_h = 3e-3});
        net.add_branch("c", "mid", "out", th::Pipe{.length = 0.2, .D_h = 5e-3});
        const auto res = th::solve_hydraulics(net, water);
        REQUIRE(res.converged);
        CHECK_REL(res.V_dot[0] / res.V_dot[1], std::pow(4.0 / 3.0, 4) * (0.5 / 1.0), 1e-10);
        // Total flow through the equivalent conductance of (a || b) in series with c.
        auto G = [](double L, double D) { return pi * std::pow(D, 4) / (128.0 * 1.0e-3 * L); };
        const double G_ab = G(1.0, 4e-3) + G(0.5, 3e-3);
        const double G_total = 1.0 / (1.0 / G_ab + 1.0 / G(0.2, 5e-3));
        CHECK_REL(res.V_dot[2], G_total * 400.0, 1e-10);
        CHECK(worst_mass_imbalance(net, res) <= 1e-12);
    }
    SUBCASE("loss coefficients") {
        const double D = 10e-3;
        const double K1 = 2.0, K2 = 8.0, K3 = 1.5;
        th::HydraulicNetwork net;
        net.add_fixed_pressure("in", 3.0e5);
        net.add_fixed_pressure("out", 2.0e5);
        net.add_junction("mid");
        net.add_branch("k1", "in", "mid", th::LossCoefficient{K1, D});
        net.add_branch("k2", "in", "mid", th::LossCoefficient{K2, D});
        net.add_branch("k3", "mid", "out", th::LossCoefficient{K3, D});
        const auto res = th::solve_hydraulics(net, water);
        REQUIRE(res.converged);
        CHECK_REL(res.V_dot[0] / res.V_dot[1], std::sqrt(K2 / K1), 1e-10);
        // dp = k V^2 with k = K rho / (2 A^2); parallel k_12 = k1 k2 / (sqrt k1 + sqrt k2)^2.
        const double A = circle(D);
        auto k = [&](double K) { return K * 998.0 / (2.0 * A * A); };
        const double k12 = k(K1) * k(K2) / std::pow(std::sqrt(k(K1)) + std::sqrt(k(K2)), 2);
        CHECK_REL(res.V_dot[2], std::sqrt(1.0e5 / (k12 + k(K3))), 1e-10);
        CHECK(worst_mass_imbalance(net, res) <= 1e-12);
    }
}

// validation-cases.md 1.3: dp = K rho v^2 / 2; Kv definition dp [bar] = (rho/1000)(Q/Kv)^2
// with Q in m3/h (IEC 60534). Elements in series carry one flow and their drops add.
TEST_CASE("hydraulic network: K and Kv elements, series drops add") {
    const th::FluidProperties pg25{1020.0, 2.2e-3};
    const double D = 8e-3;
    const double V = 1.2e-4;
    // Element laws, exactly.
    CHECK_REL(th::element_dp(th::LossCoefficient{3.5, D}, pg25, V).dp,
              3.5 * 1020.0 * std::pow(V / circle(D), 2) / 2.0, 1e-14);
    CHECK_REL(th::element_dp(th::LossCoefficient{3.5, D}, pg25, -V).dp,
              -3.5 * 1020.0 * std::pow(V / circle(D), 2) / 2.0, 1e-14);
    CHECK_REL(th::element_dp(th::FlowCoefficient{2.0}, pg25, 2.0 / 3600.0).dp, 1.0e5 * 1.020,
              1e-14);
    CHECK_REL(th::element_dp(th::FlowCoefficient{4.0, 0.5}, pg25, 2.0 / 3600.0).dp, 1.0e5 * 1.020,
              1e-14);
    CHECK_REL(th::FlowCoefficient::from_Cv(1.156 * 2.0).Kv, 2.0, 2e-4);

    const std::vector<th::Element> chain = {
        th::Pipe{.length = 0.6, .D_h = D, .roughness = 1.5e-6, .K_minor = 1.5},
        th::FlowCoefficient{1.8},
        th::QuadraticCurve{4.0e7, 3.0e11},
        th::LossCoefficient{0.9, D},
        th::FlowCoefficient{1.8},
    };
    // One branch with five elements, and five branches through intermediate junctions.
    th::HydraulicNetwork one, five;
    for (auto* net : {&one, &five}) {
        net->add_fixed_pressure("in", 2.5e5);
        net->add_fixed_pressure("out", 1.0e5);
    }
    one.add_branch("tray", "in", "out", chain);
    std::string prev = "in";
    for (std::size_t k = 0; k < chain.size(); ++k) {
        const std::string next = k + 1 == chain.size() ? "out" : "n" + std::to_string(k);
        if (next != "out") {
            five.add_junction(next);
        }
        five.add_branch("e" + std::to_string(k), prev, next, chain[k]);
        prev = next;
    }
    const auto r1 = th::solve_hydraulics(one, pg25);
    const auto r5 = th::solve_hydraulics(five, pg25);
    REQUIRE(r1.converged);
    REQUIRE(r5.converged);
    CHECK_REL(r1.V_dot[0], r5.V_dot[0], 1e-10);
    double sum = 0.0;
    for (std::size_t k = 0; k < chain.size(); ++k) {
        CHECK_REL(r1.dp_element[k], th::element_dp(chain[k], pg25, r1.V_dot[0]).dp, 1e-12);
        CHECK_REL(r5.dp[k], r1.dp_element[k], 1e-9);
        CHECK_REL(r5.V_dot[k], r5.V_dot[0], 1e-12);
        sum += r1.dp_element[k];
    }
    CHECK_REL(sum, 1.5e5, 1e-10);
    CHECK_REL(r1.dp[0], 1.5e5, 1e-10);
    CHECK(worst_mass_imbalance(five, r5) <= 1e-12);
}

// A manifold tap: a supply segment "main" feeds a junction that divides into a hose (the tee's
// branch leg) and the next segment (its run), both to one outlet pressure; then the mirror,
// two inlets combining into one return segment. The solution must satisfy every law with the
// tee losses taken from crane_tee_dividing / crane_tee_combining at the solved flow shares
// (computed here, independently of the solver): K(q) rho v_c^2 / 2 with v_c = V_main / A.
TEST_CASE("hydraulic network: manifold tee legs take Crane's loss at the solved flow share") {
    const th::FluidProperties water{998.0, 1.0e-3};
    const double D = 0.02;
    const double A = 0.25 * std::numbers::pi * D * D;
    const double beta = 0.5;
    const double b_main = 2.0e10, b_hose = 6.0e11, b_run = 1.5e11;
    for (const bool dividing : {true, false}) {
        CAPTURE(dividing);
        th::HydraulicNetwork net;
        net.add_fixed_pressure("high", 1.4e5);
        net.add_fixed_pressure("low", 1.0e5);
        net.add_junction("J");
        // Dividing: high -> main -> J -> {hose, run} -> low. Combining: high -> {hose, run} ->
        // J -> main -> low.
        const th::BranchId main =
            dividing ? net.add_branch("main", "high", "J", th::QuadraticCurve{0.0, b_main})
                     : net.add_branch("main", "J", "low", th::QuadraticCurve{0.0, b_main});
        const std::string from = dividing ? "J" : "high";
        const std::string to = dividing ? "low" : "J";
        // The legs are added unconnected, then connected to each other with set_element.
        const th::BranchId hose = net.add_branch(
            "hose", from, to,
            std::vector<th::Element>{th::ManifoldTee{}, th::QuadraticCurve{0.0, b_hose}});
        const th::BranchId seg = net.add_branch(
            "run", from, to,
            std::vector<th::Element>{th::ManifoldTee{}, th::QuadraticCurve{0.0, b_run}});
        const th::ManifoldTee leg{{seg}, A, beta, dividing, false};
        const th::ManifoldTee run{{hose}, A, beta, dividing, true};
        net.set_element(net.branch(hose).element_begin, leg);
        net.set_element(net.branch(seg).element_begin, run);
        const auto r = th::solve_hydraulics(net, water);
        REQUIRE(r.converged);
        const double V_c = r.V_dot[static_cast<std::size_t>(main)];
        const double V_b = r.V_dot[static_cast<std::size_t>(hose)];
        const double V_r = r.V_dot[static_cast<std::size_t>(seg)];
        CHECK_REL(V_b + V_r, V_c, 1e-10);
        const double q = V_b / V_c;
        CHECK(q > 0.1);
        CHECK(q < 0.6);
        const th::TeeLoss K =
            dividing ? th::crane_tee_dividing(q, beta) : th::crane_tee_combining(q, beta);
        const double head = 0.5 * water.rho * (V_c / A) * (V_c / A);
        const auto first = [&](th::BranchId id) { return net.branch(id).element_begin; };
        CHECK_REL(r.dp_element[first(hose)], K.K_branch * head, 1e-8);
        CHECK_REL(r.dp_element[first(seg)], K.K_run * head, 1e-8);
        // Energy: each leg's tee loss plus its curve spans the same pressure difference.
        const double p_from = dividing ? r.p[static_cast<std::size_t>(net.node_id("J"))] : 1.4e5;
        const double p_to = dividing ? 1.0e5 : r.p[static_cast<std::size_t>(net.node_id("J"))];
        CHECK_REL(K.K_branch * head + b_hose * V_b * V_b, p_from - p_to, 1e-8);
        CHECK_REL(K.K_run * head + b_run * V_r * V_r, p_from - p_to, 1e-8);
        // The drops are a good part of each leg's (so the test sees them) and the quasi-Newton
        // step (the slope in the leg's own flow only) still converges in a handful of steps.
        CHECK(std::abs(K.K_branch * head) > 0.02 * (p_from - p_to));
        CHECK(r.iterations <= 12);
        // element_dp's slope in the leg's own flow, against a central difference.
        const double h = 1e-6 * V_b;
        const double slope = (th::element_dp(leg, water, V_b + h, V_r).dp -
                              th::element_dp(leg, water, V_b - h, V_r).dp) /
                             (2.0 * h);
        CHECK_REL(th::element_dp(leg, water, V_b, V_r).ddp_dV, slope, 1e-5);
        // No flow on the tee, or only backwards flow: no share, no drop.
        CHECK(th::element_dp(leg, water, 0.0, 0.0).dp == 0.0);
        CHECK(th::element_dp(leg, water, -V_b, -V_r).dp == 0.0);
    }
}

TEST_CASE("hydraulic network: a manifold tee leg is rejected alone, unconnected or out of range") {
    const th::FluidProperties water{998.0, 1.0e-3};
    th::HydraulicNetwork bad;
    bad.add_fixed_pressure("in", 1.3e5);
    bad.add_fixed_pressure("out", 1.0e5);
    const th::ManifoldTee tee{{}, 1e-3, 0.5, true, false};
    CHECK_THROWS_AS(bad.add_branch("alone", "in", "out", tee), std::invalid_argument);
    CHECK_THROWS_AS(bad.add_branch("only", "in", "out", std::vector<th::Element>{tee, tee}),
                    std::invalid_argument);
    for (const auto& wrong :
         {th::ManifoldTee{{}, -1e-3, 0.5, true, false}, th::ManifoldTee{{}, 1e-3, 1.5, true, false},
          th::ManifoldTee{{}, 1e-3, 0.0, true, false}}) {
        CHECK_THROWS_AS(
            bad.add_branch("wrong", "in", "out",
                           std::vector<th::Element>{wrong, th::QuadraticCurve{0.0, 1e10}}),
            std::invalid_argument);
    }
    // Not connected (area 0), or naming itself or a branch that does not exist as another
    // leg: the solver says so.
    for (const auto& [other, area, message] :
         {std::tuple{th::BranchId{1}, 0.0, "not connected"},
          std::tuple{th::BranchId{0}, 1e-3, "not another branch"},
          std::tuple{th::BranchId{7}, 1e-3, "not another branch"}}) {
        th::HydraulicNetwork net;
        net.add_fixed_pressure("in", 1.3e5);
        net.add_fixed_pressure("out", 1.0e5);
        net.add_branch("leg", "in", "out",
                       std::vector<th::Element>{th::ManifoldTee{{other}, area, 0.5, true, false},
                                                th::QuadraticCurve{0.0, 1e10}});
        net.add_branch("next", "in", "out", th::QuadraticCurve{0.0, 1e10});
        CHECK_THROWS_WITH_AS(th::solve_hydraulics(net, water), doctest::Contains(message),
                             std::invalid_argument);
    }
}

// A pump on a quadratic system curve: dp0 - c1 V - c2 V^2 = a V + b V^2, so
// (b + c2) V^2 + (a + c1) V - dp0 = 0; identical pumps in parallel see V/n, in series add rises;
// affinity laws dp0 s^2, c1 s, c2 at speed ratio s.
TEST_CASE("hydraulic network: pump operating point at the analytic intersection") {
    const th::FluidProperties water{998.0, 1.0e-3};
    const th::PumpCurve curve{3.0e5, 1.0e6, 5.0e9};
    const double a = 2.0e6, b = 4.0e9;
    auto operate = [&](const th::Pump& pump) {
        th::HydraulicNetwork net;
        net.add_fixed_pressure("tank", 2.0e5);
        net.add_junction("discharge");
        net.add_branch("pumps", "tank", "discharge", pump);
        net.add_branch("system", "discharge", "tank", th::QuadraticCurve{a, b});
        auto res = th::solve_hydraulics(net, water);
        REQUIRE(res.converged);
        CHECK(worst_mass_imbalance(net, res) <= 1e-12);
        REQUIRE(res.pumps.size() == 1);
        return res;
    };
    SUBCASE("one pump") {
        const auto res = operate({.curve = curve});
        const double V = positive_root(b + curve.c2, a + curve.c1, curve.dp0);
        CHECK_REL(res.V_dot[0], V, 1e-9);
        CHECK_REL(res.pumps[0].point.dp_rise, a * V + b * V * V, 1e-9);
        CHECK_REL(res.pumps[0].point.P_hydraulic, V * (a * V + b * V * V), 1e-9);
        CHECK_REL(res.p[1], 2.0e5 + a * V + b * V * V, 1e-9);
        CHECK_FALSE(res.pumps[0].point.reverse_flow);
    }
    SUBCASE("two in parallel, and N+1 with 3 installed and 2 running") {
        const double V = positive_root(b + curve.c2 / 4.0, a + curve.c1 / 2.0, curve.dp0);
        const auto two = operate({.curve = curve, .n_parallel = 2});
        const auto n_plus_1 = operate({.curve = curve, .n_parallel = 3, .n_running = 2});
        const auto one = operate({.curve = curve});
        CHECK_REL(two.V_dot[0], V, 1e-9);
        CHECK_REL(n_plus_1.V_dot[0], V, 1e-9);
        CHECK_REL(n_plus_1.pumps[0].point.V_dot_per_pump, V / 2.0, 1e-9);
        CHECK(n_plus_1.pumps[0].point.n_running == 2);
        // A second pump on a system curve adds less than double the flow.
        CHECK(two.V_dot[0] > one.V_dot[0]);
        CHECK(two.V_dot[0] < 2.0 * one.V_dot[0]);
    }
    SUBCASE("two in series") {
        const auto res = operate({.curve = curve, .n_series = 2});
        CHECK_REL(res.V_dot[0], positive_root(b + 2 * curve.c2, a + 2 * curve.c1, 2 * curve.dp0),
                  1e-9);
        CHECK_REL(res.pumps[0].point.dp_per_pump, res.pumps[0].point.dp_rise / 2.0, 1e-14);
    }
    SUBCASE("speed ratio 0.8 by the affinity laws") {
        const double s = 0.8;
        const auto res = operate({.curve = curve, .speed_ratio = s});
        CHECK_REL(res.V_dot[0], positive_root(b + curve.c2, a + s * curve.c1, s * s * curve.dp0),
                  1e-9);
    }
    SUBCASE("no pump running: the set is closed, no flow") {
        const auto res = operate({.curve = curve, .n_parallel = 2, .n_running = 0});
        CHECK(res.V_dot[0] == 0.0);
        CHECK(res.V_dot[1] == 0.0);
        CHECK(res.p[1] == 2.0e5);
        CHECK(res.pumps[0].point.n_running == 0);
    }
}

// An 18-tap manifold with laminar linear resistances: flows against an independent Kirchhoff
// solve (nodal conductance matrix assembled here and solved densely); then the same manifold
// with turbulent headers, quick disconnects and cold plates, Z- vs U-type.
namespace {

struct Manifold {
    th::HydraulicNetwork net;
    std::vector<th::BranchId> taps;
};

/// Supply header s0..s17 fed from "in"; return header r0..r17 drained to "out" at r17 (Z) or at
/// r0 (U). Header segments and feeds all `header`, each tap `tap`.
Manifold manifold(bool z_type, const th::Element& header, const std::vector<th::Element>& tap,
                  double p_in, double p_out) {
    const int n = 18;
    Manifold m;
    auto& net = m.net;
    net.add_fixed_pressure("in", p_in);
    net.add_fixed_pressure("out", p_out);
    for (int i = 0; i < n; ++i) {
        net.add_junction("s" + std::to_string(i));
        net.add_junction("r" + std::to_string(i));
    }
    net.add_branch("feed", "in", "s0", header);
    for (int i = 0; i + 1 < n; ++i) {
        const auto si = std::to_string(i), sn = std::to_string(i + 1);
        net.add_branch("supply" + si, "s" + si, "s" + sn, header);
        if (z_type) {
            net.add_branch("return" + si, "r" + si, "r" + sn, header);
        } else {
            net.add_branch("return" + si, "r" + sn, "r" + si, header);
        }
    }
    net.add_branch("drain", z_type ? "r17" : "r0", "out", header);
    for (int i = 0; i < n; ++i) {
        const auto si = std::to_string(i);
        m.taps.push_back(net.add_branch("tap" + si, "s" + si, "r" + si, tap));
    }
    return m;
}

} // namespace

TEST_CASE("hydraulic network: laminar 18-tap manifold against a dense Kirchhoff solve") {
    const th::FluidProperties water{998.0, 1.0e-3};
    // Linear elements: a QuadraticCurve with b = 0 is a pure resistance R [Pa s/m3].
    const double R_header = 2.0e7, R_tap = 1.0e9;
    for (const bool z : {true, false}) {
        CAPTURE(z);
        const Manifold m = manifold(z, th::QuadraticCurve{R_header, 0.0},
                                    {th::QuadraticCurve{R_tap, 0.0}}, 1.0e5 + 2.0e4, 1.0e5);
        const auto res = th::solve_hydraulics(m.net, water);
        REQUIRE(res.converged);

        // Independent reference: conductance matrix of the junctions, fixed nodes moved right.
        const auto& net = m.net;
        const int n_nodes = static_cast<int>(net.node_count());
        Eigen::MatrixXd G = Eigen::MatrixXd::Zero(n_nodes, n_nodes);
        Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n_nodes);
        for (const auto& br : net.branches()) {
            const double g = 1.0 / (br.name.rfind("tap", 0) == 0 ? R_tap : R_header);
            G(br.from, br.from) += g;
            G(br.to, br.to) += g;
            G(br.from, br.to) -= g;
            G(br.to, br.from) -= g;
        }
        for (int i = 0; i < n_nodes; ++i) {
            if (const auto p = net.nodes()[static_cast<std::size_t>(i)].p_fixed) {
                G.row(i).setZero();
                G(i, i) = 1.0;
                rhs(i) = *p;
            }
        }
        const Eigen::VectorXd p = G.partialPivLu().solve(rhs);
        for (std::size_t j = 0; j < net.branch_count(); ++j) {
            const auto& br = net.branches()[j];
            const double R = br.name.rfind("tap", 0) == 0 ? R_tap : R_header;
            CHECK_REL(res.V_dot[j], (p(br.from) - p(br.to)) / R, 1e-10);
        }
        CHECK(worst_mass_imbalance(net, res) <= 1e-12);
    }
}

TEST_CASE("hydraulic network: turbulent 18-tap manifold, Z- vs U-type maldistribution") {
    // PG25 at 40 degC; a 25 mm header (segments 0.1 m apart), taps of hose + QD pair + cold
    // plate + QD pair + hose. Friction only (no tee pressure recovery), so the U-type, whose
    // header drops add across the taps, is the less uniform; the Z-type is symmetric.
    const auto& pg25 = th::fluid_by_name("PG25");
    const th::FluidProperties fl{pg25.rho(th::from_degC(40.0)), pg25.mu(th::from_degC(40.0))};
    const th::Pipe header{.length = 0.1, .D_h = 25e-3, .roughness = 1.5e-6, .K_minor = 0.4};
    const th::Pipe hose{.length = 0.5, .D_h = 8e-3, .roughness = 1.5e-6, .K_minor = 1.0};
    const std::vector<th::Element> tap = {hose, th::FlowCoefficient{2.5},
                                          th::QuadraticCurve{5.0e7, 2.0e10},
                                          th::FlowCoefficient{2.5}, hose};
    double ratio[2] = {0.0, 0.0};
    for (const bool z : {true, false}) {
        CAPTURE(z);
        const Manifold m = manifold(z, header, tap, 1.0e5 + 1.0e5, 1.0e5);
        const auto res = th::solve_hydraulics(m.net, fl);
        REQUIRE(res.converged);
        CHECK(res.mass_imbalance <= 1e-12);
        CHECK(worst_mass_imbalance(m.net, res) <= 1e-12);
        std::vector<double> q;
        for (const auto id : m.taps) {
            q.push_back(res.V_dot[static_cast<std::size_t>(id)]);
        }
        const auto [lo, hi] = std::minmax_element(q.begin(), q.end());
        ratio[z ? 0 : 1] = *hi / *lo;
        MESSAGE((z ? "Z" : "U") << "-type: tap flow max " << *hi * 6e4 << " L/min, min "
                                << *lo * 6e4 << " L/min, max/min " << *hi / *lo << ", "
                                << res.iterations << " iterations");
        double total = 0.0;
        for (const double x : q) {
            total += x;
        }
        CHECK_REL(res.V_dot_supplied[0], total, 1e-12);
        if (z) {
            for (std::size_t i = 0; i < q.size(); ++i) {
                CHECK_REL(q[i], q[q.size() - 1 - i], 1e-8);
            }
        } else {
            for (std::size_t i = 0; i + 1 < q.size(); ++i) {
                CHECK(q[i] > q[i + 1]);
            }
        }
    }
    CHECK(ratio[1] > ratio[0]);
    CHECK(ratio[0] > 1.0);
}

// A Wheatstone bridge of quadratic elements balanced so that the bridge carries no flow: the
// derivative floor keeps the Newton matrix regular at zero flow.
TEST_CASE("hydraulic network: balanced bridge converges with zero bridge flow") {
    const th::FluidProperties water{998.0, 1.0e-3};
    th::HydraulicNetwork net;
    net.add_fixed_pressure("in", 2.0e5);
    net.add_fixed_pressure("out", 1.0e5);
    net.add_junction("a");
    net.add_junction("b");
    net.add_branch("in-a", "in", "a", th::LossCoefficient{2.0, 10e-3});
    net.add_branch("in-b", "in", "b", th::LossCoefficient{4.0, 10e-3});
    net.add_branch("a-out", "a", "out", th::LossCoefficient{3.0, 10e-3});
    net.add_branch("b-out", "b", "out", th::LossCoefficient{6.0, 10e-3});
    net.add_branch("bridge", "a", "b", th::LossCoefficient{1.0, 10e-3});
    const auto res = th::solve_hydraulics(net, water);
    REQUIRE(res.converged);
    // Without the bridge: dp = k V^2 over each side, k_side = k(K1) + k(K2).
    const double A = circle(10e-3);
    auto k = [&](double K) { return K * 998.0 / (2.0 * A * A); };
    const double Va = std::sqrt(1.0e5 / (k(2.0) + k(3.0)));
    const double Vb = std::sqrt(1.0e5 / (k(4.0) + k(6.0)));
    CHECK(std::abs(res.V_dot[4]) <= 1e-8 * Va);
    CHECK_REL(res.V_dot[0], Va, 1e-8);
    CHECK_REL(res.V_dot[1], Vb, 1e-8);
    CHECK(worst_mass_imbalance(net, res) <= 1e-12);
}

// Per-branch temperature: two identical laminar pipes in parallel, one at 20 degC, one at
// 60 degC; by Hagen-Poiseuille the flows are in the inverse ratio of the viscosities.
TEST_CASE("hydraulic network: fluid properties per branch temperature") {
    const auto& water = th::fluid_by_name("water");
    th::HydraulicNetwork net;
    net.add_fixed_pressure("in", 1.0e5 + 300.0);
    net.add_fixed_pressure("out", 1.0e5);
    net.add_branch("cold", "in", "out", th::Pipe{.length = 1.0, .D_h = 3e-3});
    net.add_branch("hot", "in", "out", th::Pipe{.length = 1.0, .D_h = 3e-3});
    th::HydraulicSolver solver(net);
    const std::vector<double> T = {th::from_degC(20.0), th::from_degC(60.0)};
    const auto res = solver.solve(water, T);
    REQUIRE(res.converged);
    const double mu20 = water.mu(T[0]);
    const double mu60 = water.mu(T[1]);
    CHECK_REL(res.V_dot[0], pi * std::pow(3e-3, 4) * 300.0 / (128.0 * mu20), 1e-10);
    CHECK_REL(res.V_dot[0] / res.V_dot[1], mu60 / mu20, 1e-10);
    const auto uniform = solver.solve(water, T[0]);
    CHECK_REL(uniform.V_dot[1], res.V_dot[0], 1e-12);
}

TEST_CASE("hydraulic network: external inflow, warm start, reuse") {
    const th::FluidProperties water{998.0, 1.0e-3};
    th::HydraulicNetwork net;
    net.add_fixed_pressure("drain", 1.0e5);
    const auto j1 = net.add_junction("j1");
    const auto j2 = net.add_junction("j2");
    net.add_branch("j2-j1", j2, j1, th::LossCoefficient{2.0, 6e-3});
    net.add_branch("j1-drain", j1, net.node_id("drain"), th::Pipe{.length = 2.0, .D_h = 6e-3});
    net.set_inflow(j2, 1.0e-4);
    th::HydraulicSolver solver(net);
    const auto res = solver.solve(water);
    REQUIRE(res.converged);
    CHECK_REL(res.V_dot[0], 1.0e-4, 1e-12);
    CHECK_REL(res.V_dot[1], 1.0e-4, 1e-12);
    CHECK_REL(res.V_dot_supplied[0], -1.0e-4, 1e-12);
    // p_j2 - p_drain = K rho v^2 / 2 + friction of the pipe at 1e-4 m3/s.
    const double dp = th::element_dp(th::LossCoefficient{2.0, 6e-3}, water, 1.0e-4).dp +
                      th::element_dp(th::Pipe{.length = 2.0, .D_h = 6e-3}, water, 1.0e-4).dp;
    CHECK_REL(res.p[2] - 1.0e5, dp, 1e-9);

    const auto again = solver.solve(water, res.V_dot);
    REQUIRE(again.converged);
    CHECK(again.iterations <= 2);
    CHECK_REL(again.p[2], res.p[2], 1e-12);
}

// A branch with n copies stands for n identical branches in parallel; a sub-network whose
// every branch has n copies stands for n identical sub-networks, each with its own junctions.
// The reduced network must give the flows and pressures of the network written out in full
// (to round-off: the same equations, scaled), in a mixed laminar and turbulent case with an
// unequal second kind sharing the hub.
TEST_CASE("hydraulic network: branch copies equal the sub-networks written out") {
    const th::FluidProperties water{998.0, 1.0e-3};
    const double V_in = 2.0e-3; // m3/s into the hub
    // Kind A: feed pipe, two unequal parallel paths, return pipe. Kind B: one path.
    auto add_a = [](th::HydraulicNetwork& net, const std::string& tag, int copies) {
        const auto i = net.add_junction(tag + "/in");
        const auto o = net.add_junction(tag + "/out");
        std::vector<th::BranchId> b;
        b.push_back(net.add_branch(tag + "/feed", net.node_id("hub"), i,
                                   th::Pipe{.length = 3.0, .D_h = 20e-3, .roughness = 1.5e-6}));
        b.push_back(net.add_branch(tag + "/p1", i, o, th::Pipe{.length = 0.4, .D_h = 4e-3}));
        b.push_back(net.add_branch(tag + "/p2", i, o,
                                   std::vector<th::Element>{th::Pipe{.length = 0.2, .D_h = 3e-3},
                                                            th::LossCoefficient{3.0, 3e-3}}));
        b.push_back(net.add_branch(tag + "/back", o, net.node_id("drain"),
                                   th::Pipe{.length = 3.0, .D_h = 20e-3, .roughness = 1.5e-6}));
        for (const auto id : b) {
            net.set_copies(id, copies);
        }
        return b;
    };
    auto add_b = [](th::HydraulicNetwork& net) {
        return net.add_branch("B", net.node_id("hub"), net.node_id("drain"),
                              th::Pipe{.length = 5.0, .D_h = 12e-3, .roughness = 1.5e-6});
    };
    th::HydraulicNetwork full;
    full.add_fixed_pressure("drain", 1.0e5);
    full.set_inflow(full.add_junction("hub"), V_in);
    std::vector<std::vector<th::BranchId>> a_full;
    for (int k = 0; k < 3; ++k) {
        a_full.push_back(add_a(full, "A" + std::to_string(k), 1));
    }
    const auto b_full = add_b(full);
    th::HydraulicNetwork reduced;
    reduced.add_fixed_pressure("drain", 1.0e5);
    reduced.set_inflow(reduced.add_junction("hub"), V_in);
    const auto a_red = add_a(reduced, "A", 3);
    const auto b_red = add_b(reduced);

    const auto f = th::solve_hydraulics(full, water);
    const auto r = th::solve_hydraulics(reduced, water);
    REQUIRE(f.converged);
    REQUIRE(r.converged);
    // The three written-out copies agree with each other and with the reduced one.
    for (std::size_t e = 0; e < a_red.size(); ++e) {
        for (int k = 0; k < 3; ++k) {
            CHECK_REL(f.V_dot[static_cast<std::size_t>(a_full[static_cast<std::size_t>(k)][e])],
                      r.V_dot[static_cast<std::size_t>(a_red[e])], 1e-9);
        }
    }
    CHECK_REL(f.V_dot[static_cast<std::size_t>(b_full)], r.V_dot[static_cast<std::size_t>(b_red)],
              1e-9);
    CHECK_REL(f.p[full.node_id("hub")], r.p[reduced.node_id("hub")], 1e-12);
    // Mass: the hub's inflow leaves through three copies of A and one B.
    CHECK_REL(3.0 * r.V_dot[static_cast<std::size_t>(a_red[0])] +
                  r.V_dot[static_cast<std::size_t>(b_red)],
              V_in, 1e-10);
    CHECK_REL(r.V_dot_supplied[reduced.node_id("drain")], -V_in, 1e-10);
    // The split is not trivial: a copy of A and B carry flows a factor 3 apart.
    CHECK(r.V_dot[static_cast<std::size_t>(b_red)] >
          3.0 * r.V_dot[static_cast<std::size_t>(a_red[0])]);
    CHECK_THROWS_WITH_AS(reduced.set_copies(b_red, 0),
                         doctest::Contains("0 copies; a branch stands for at least one"),
                         std::invalid_argument);
}

TEST_CASE("hydraulic network: vendor curve fits") {
    // Points on dp = 3e7 V + 8e10 V^2 and on dp0 - c1 V - c2 V^2 are recovered.
    const std::vector<double> V = {0.5e-4, 1.0e-4, 1.5e-4, 2.0e-4, 2.5e-4};
    std::vector<double> dp_plate, dp_pump;
    for (const double v : V) {
        dp_plate.push_back(3e7 * v + 8e10 * v * v);
        dp_pump.push_back(4e5 - 2e8 * v - 3e12 * v * v);
    }
    const auto plate = th::fit_quadratic_curve(V, dp_plate);
    CHECK_REL(plate.a, 3e7, 1e-9);
    CHECK_REL(plate.b, 8e10, 1e-9);
    const auto pump = th::fit_pump_curve(V, dp_pump);
    CHECK_REL(pump.dp0, 4e5, 1e-9);
    CHECK_REL(pump.c1, 2e8, 1e-7);
    CHECK_REL(pump.c2, 3e12, 1e-8);
    // A curve with a negative linear term keeps b only (dp must rise with flow from zero).
    std::vector<double> dp_bent;
    for (const double v : V) {
        dp_bent.push_back(-1e6 * v + 8e10 * v * v);
    }
    const auto bent = th::fit_quadratic_curve(V, dp_bent);
    CHECK(bent.a == 0.0);
    CHECK(bent.b > 0.0);
}

// Robustness: random grid networks mixing every element kind (laminar and rough turbulent
// pipes, K, Kv valves part open, quadratic curves, pumps up to 5 bar with reverse flow and
// speed ratios 0.3-1.2, chains of up to 3 elements), 1-3 reservoirs, sometimes an external
// inflow. Each is monotone, so it has exactly one solution, and the solver must find it:
// converged, mass conserved at every junction to 1e-12, each branch law satisfied.
TEST_CASE("hydraulic network: 300 random networks all converge") {
    std::mt19937 rng(20240611);
    auto U = [&](double a, double b) {
        return a + (b - a) * (static_cast<double>(rng()) / 4294967296.0);
    };
    auto LU = [&](double a, double b) { return std::exp(U(std::log(a), std::log(b))); };
    auto element = [&]() -> th::Element {
        const auto kind = rng() % 10;
        const double D = LU(2e-3, 0.1);
        if (kind < 4) {
            return th::Pipe{.length = LU(0.01, 20.0),
                            .D_h = D,
                            .roughness = U(0.0, 0.01) * D,
                            .K_minor = rng() % 2 ? U(0.0, 5.0) : 0.0};
        }
        if (kind < 5) {
            return th::LossCoefficient{LU(0.1, 50.0), D};
        }
        if (kind < 6) {
            return th::FlowCoefficient{LU(0.1, 50.0), U(0.05, 1.0)};
        }
        if (kind < 8) {
            return th::QuadraticCurve{rng() % 2 ? LU(1e4, 1e9) : 0.0, LU(1e6, 1e13)};
        }
        return th::Pump{.curve = {LU(1e4, 5e5), rng() % 2 ? LU(1e3, 1e8) : 0.0, LU(1e6, 1e12)},
                        .speed_ratio = U(0.3, 1.2),
                        .n_parallel = 1 + static_cast<int>(rng() % 3),
                        .n_series = 1 + static_cast<int>(rng() % 2)};
    };
    int worst_iterations = 0;
    for (int n = 0; n < 300; ++n) {
        CAPTURE(n);
        const int nx = 2 + static_cast<int>(rng() % 6);
        const int ny = 2 + static_cast<int>(rng() % 6);
        const int n_fixed = 1 + static_cast<int>(rng() % 3);
        th::HydraulicNetwork net;
        for (int k = 0; k < nx * ny; ++k) {
            if (k < n_fixed) {
                net.add_fixed_pressure("n" + std::to_string(k), LU(1e4, 5e5));
            } else {
                net.add_junction("n" + std::to_string(k));
            }
        }
        int b = 0;
        auto name = [&] { return "b" + std::to_string(b++); };
        for (int i = 0; i < nx; ++i) {
            for (int j = 0; j < ny; ++j) {
                const int k = i * ny + j;
                if (i + 1 < nx && rng() % 5 != 0) {
                    if (rng() % 2) {
                        net.add_branch(name(), k, k + ny, element());
                    } else {
                        net.add_branch(name(), k + ny, k, element());
                    }
                }
                if (j + 1 < ny) {
                    std::vector<th::Element> chain;
                    for (unsigned m = 0; m <= rng() % 3; ++m) {
                        chain.push_back(element());
                    }
                    net.add_branch(name(), k, k + 1, chain);
                }
                if (i + 1 < nx && j == 0) {
                    net.add_branch(name(), k, k + ny, th::Pipe{.length = 1.0, .D_h = 0.01});
                }
            }
        }
        if (rng() % 3 == 0) {
            net.set_inflow(n_fixed + static_cast<int>(rng() % (nx * ny - n_fixed)), U(-1e-3, 1e-3));
        }
        const th::FluidProperties fluid{U(800.0, 1100.0), LU(5e-4, 2e-2)};
        const auto res = th::solve_hydraulics(net, fluid);
        REQUIRE_MESSAGE(res.converged, res.reason);
        worst_iterations = std::max(worst_iterations, res.iterations);
        // Junctions of dead ends and of trees without through-flow carry round-off flows:
        // measured, as the solver documents, against 1e-6 of the largest flow (here at least
        // 1e-6 of 1 mL/min, for networks where no flow moves at all).
        double V_max = 1e-6 / 60.0;
        for (const double V : res.V_dot) {
            V_max = std::max(V_max, std::abs(V));
        }
        CHECK(worst_mass_imbalance(net, res, 1e-6 * V_max) <= 1e-12);
        // Each branch law against the node pressures, to 1e-9 of the largest pressure
        // difference in the network (the solver's tolerance is 1e-10).
        const auto [p_lo, p_hi] = std::minmax_element(res.p.begin(), res.p.end());
        double scale = *p_hi - *p_lo;
        for (const double dp : res.dp) {
            scale = std::max(scale, std::abs(dp));
        }
        for (std::size_t j = 0; j < net.branch_count(); ++j) {
            const auto& br = net.branches()[j];
            double dp = 0.0;
            for (const auto& e : net.elements(static_cast<th::BranchId>(j))) {
                dp += th::element_dp(e, fluid, res.V_dot[j]).dp;
            }
            const double dp_nodes =
                res.p[static_cast<std::size_t>(br.from)] - res.p[static_cast<std::size_t>(br.to)];
            CHECK(std::abs(dp - dp_nodes) <= 1e-9 * scale);
        }
    }
    MESSAGE("most Newton iterations over 300 random networks: " << worst_iterations);
    CHECK(worst_iterations <= 15);
}

TEST_CASE("hydraulic network: non-convergence is reported, not hidden") {
    const th::FluidProperties water{998.0, 1.0e-3};
    th::HydraulicNetwork net;
    net.add_fixed_pressure("tank", 2.0e5);
    net.add_junction("discharge");
    net.add_branch("pump", "tank", "discharge", th::Pump{.curve = {3.0e5, 1.0e6, 5.0e9}});
    net.add_branch("system", "discharge", "tank", th::QuadraticCurve{2.0e6, 4.0e9});
    const auto res = th::solve_hydraulics(net, water, {.max_iterations = 1});
    CHECK_FALSE(res.converged);
    CHECK(res.iterations == 1);
    CHECK(res.reason.find("iteration limit 1 reached") != std::string::npos);
    CHECK(res.residual_rel > 1e-10);
    CHECK_THROWS_WITH_AS(res.require_converged(),
                         doctest::Contains("hydraulic network did not converge: iteration limit"),
                         std::runtime_error);
    // Given iterations, the same network converges.
    CHECK(th::solve_hydraulics(net, water).converged);
}

TEST_CASE("hydraulic network: bad input throws naming the element") {
    th::HydraulicNetwork net;
    net.add_fixed_pressure("supply", 2.0e5);
    net.add_junction("tray3");
    CHECK_THROWS_WITH_AS(
        net.add_branch("tray3/hose", "supply", "tray3", th::Pipe{.length = -0.5, .D_h = 8e-3}),
        "branch 'tray3/hose' (pipe): length [m] = -0.5 must be >= 0 and finite",
        std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        net.add_branch("tray3/hose", "supply", "tray3", th::Pipe{.length = 0.5, .D_h = -8e-3}),
        "branch 'tray3/hose' (pipe): hydraulic diameter D_h [m] = -0.008 must be positive and "
        "finite",
        std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        net.add_branch("tray3/plates", "supply", "tray3",
                       {th::QuadraticCurve{1e7, 1e10}, th::FlowCoefficient{2.0, 1.5}}),
        "branch 'tray3/plates' (element 2, flow coefficient): opening = 1.5 must "
        "lie in 0..1",
        std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        net.add_branch("tray3/return", "tray3", "return", th::LossCoefficient{1.0, 8e-3}),
        "branch 'tray3/return': to-node 'return' does not exist", std::invalid_argument);
    CHECK_THROWS_WITH_AS(net.add_branch("loop", 1, 1, th::LossCoefficient{1.0, 8e-3}),
                         "branch 'loop': starts and ends at node 'tray3'", std::invalid_argument);
    CHECK_THROWS_WITH_AS(net.add_branch("cdu", "supply", "tray3", th::Pump{.curve = {3e5, 0, 0}}),
                         doctest::Contains("branch 'cdu' (pump): pump curve coefficients"),
                         std::invalid_argument);
    // Nothing was added by the failed calls.
    CHECK(net.branch_count() == 0);

    // A junction that no fixed-pressure node reaches.
    net.add_branch("tray3/hose", "supply", "tray3", th::Pipe{.length = 0.5, .D_h = 8e-3});
    net.add_junction("island");
    CHECK_THROWS_WITH_AS(th::HydraulicSolver{net},
                         doctest::Contains("junction 'island' is not connected to a "
                                           "fixed-pressure node"),
                         std::invalid_argument);
    th::HydraulicNetwork floating;
    floating.add_junction("a");
    floating.add_junction("b");
    floating.add_branch("ab", "a", "b", th::LossCoefficient{1.0, 8e-3});
    CHECK_THROWS_WITH_AS(th::HydraulicSolver{floating},
                         doctest::Contains("has no fixed-pressure node"), std::invalid_argument);
}
