// How long the hydraulic network solver takes on a synthetic liquid-cooled rack (about 490
// branches) and on halls of 1, 10 and 100 such racks on shared supply/return headers with one
// CDU per 10 racks (about 49,000 branches for 100 racks). Targets (issue 3): <= 1 ms per rack,
// <= 100 ms for the 100-rack hall, Release, 2 cores (the solver is single-threaded).
//
// The rack is synthetic, not a product: 18 trays, each supply hose + QD pair + 5 parallel paths
// of (tube, cold plate, jumper, cold plate) + outlet tube + QD pair + return hose, taps 0.1 m
// apart on 38 mm supply and return manifolds (U-type: both rack connections at the bottom).
// Cold plate dp = 2e8 V + 5.5e12 V^2 (about 15 kPa at 2.2 L/min); QD pair Kv 1.5 (Cv 1.7).
// PG25 at 40 degC.

#include "thermal/fluid.hpp"
#include "thermal/hydraulic_network.hpp"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <string>

namespace {

namespace th = rackcalc::thermal;

constexpr int trays = 18;
constexpr int paths = 5;
constexpr double steel_roughness = 45e-6;   // commercial steel [m]
constexpr double tubing_roughness = 1.5e-6; // drawn tubing / hose [m]

/// Adds one rack between junctions `in` and `out`; node and branch names prefixed by `prefix`.
void add_rack(th::HydraulicNetwork& net, const std::string& prefix, th::NodeId in, th::NodeId out) {
    const th::Pipe manifold{
        .length = 0.1, .D_h = 38e-3, .roughness = tubing_roughness, .K_minor = 0.2};
    const th::Pipe hose{.length = 0.6, .D_h = 10e-3, .roughness = tubing_roughness, .K_minor = 1.5};
    const th::Pipe tube{.length = 0.3, .D_h = 6e-3, .roughness = tubing_roughness, .K_minor = 0.8};
    const th::Pipe jumper{
        .length = 0.15, .D_h = 6e-3, .roughness = tubing_roughness, .K_minor = 1.2};
    const th::FlowCoefficient qd{1.5};
    const th::QuadraticCurve plate{2.0e8, 5.5e12};

    auto junction = [&](const std::string& name) { return net.add_junction(prefix + name); };
    auto branch = [&](const std::string& name, th::NodeId a, th::NodeId b, th::Element e) {
        net.add_branch(prefix + name, a, b, std::move(e));
    };
    th::NodeId s_prev = in;
    th::NodeId r_prev = out;
    for (int t = 0; t < trays; ++t) {
        const std::string tp = "t" + std::to_string(t) + "/";
        const th::NodeId s = junction("sm" + std::to_string(t));
        const th::NodeId r = junction("rm" + std::to_string(t));
        branch("sm_seg" + std::to_string(t), s_prev, s, manifold);
        branch("rm_seg" + std::to_string(t), r, r_prev, manifold);
        s_prev = s;
        r_prev = r;
        const th::NodeId a = junction(tp + "a");
        const th::NodeId b = junction(tp + "b");
        const th::NodeId e = junction(tp + "e");
        const th::NodeId f = junction(tp + "f");
        const th::NodeId g = junction(tp + "g");
        branch(tp + "hose_in", s, a, hose);
        branch(tp + "qd_in", a, b, qd);
        for (int k = 0; k < paths; ++k) {
            const std::string pk = tp + "p" + std::to_string(k) + "/";
            const th::NodeId c1 = junction(pk + "c1");
            const th::NodeId c2 = junction(pk + "c2");
            const th::NodeId c3 = junction(pk + "c3");
            branch(pk + "tube", b, c1, tube);
            branch(pk + "plate1", c1, c2, plate);
            branch(pk + "jumper", c2, c3, jumper);
            branch(pk + "plate2", c3, e, plate);
        }
        branch(tp + "tube_out", e, f, tube);
        branch(tp + "qd_out", f, g, qd);
        branch(tp + "hose_out", g, r, hose);
    }
}

/// One rack between fixed pressures 2.5 bar apart.
th::HydraulicNetwork rack_network() {
    th::HydraulicNetwork net;
    const th::NodeId p_in = net.add_fixed_pressure("cdu_supply", 4.0e5);
    const th::NodeId p_out = net.add_fixed_pressure("cdu_return", 1.5e5);
    const th::NodeId in = net.add_junction("in");
    const th::NodeId out = net.add_junction("out");
    net.add_branch(
        "supply", p_in, in,
        th::Pipe{.length = 2.0, .D_h = 38e-3, .roughness = tubing_roughness, .K_minor = 2.0});
    net.add_branch(
        "return", out, p_out,
        th::Pipe{.length = 2.0, .D_h = 38e-3, .roughness = tubing_roughness, .K_minor = 2.0});
    add_rack(net, "", in, out);
    return net;
}

/// n racks on a 150 mm supply/return header pair (1.2 m between rack taps), one CDU per 10
/// racks (HX + strainer + 3 pumps, 2 running, sized for the racks it serves), expansion tank
/// at the start of the return header.
th::HydraulicNetwork hall_network(int n_racks) {
    th::HydraulicNetwork net;
    const th::Pipe header{.length = 1.2, .D_h = 0.15, .roughness = steel_roughness, .K_minor = 0.3};
    const th::Pipe rack_hose{
        .length = 3.0, .D_h = 38e-3, .roughness = tubing_roughness, .K_minor = 2.0};
    std::vector<th::NodeId> hs, hr;
    for (int i = 0; i < n_racks; ++i) {
        hs.push_back(net.add_junction("hs" + std::to_string(i)));
        hr.push_back(net.add_junction("hr" + std::to_string(i)));
        if (i > 0) {
            net.add_branch("hs_seg" + std::to_string(i), hs[i - 1], hs[i], header);
            net.add_branch("hr_seg" + std::to_string(i), hr[i], hr[i - 1], header);
        }
    }
    const th::NodeId tank = net.add_fixed_pressure("tank", 1.5e5);
    net.add_branch("tank_line", tank, hr[0], th::Pipe{.length = 1.0, .D_h = 25e-3});
    for (int i = 0; i < n_racks; ++i) {
        const std::string rp = "r" + std::to_string(i) + "/";
        const th::NodeId in = net.add_junction(rp + "in");
        const th::NodeId out = net.add_junction(rp + "out");
        net.add_branch(rp + "supply", hs[i], in, rack_hose);
        net.add_branch(rp + "return", out, hr[i], rack_hose);
        add_rack(net, rp, in, out);
    }
    const double V_rack = 200.0 / 6e4; // about 200 L/min per rack
    for (int c = 0; c * 10 < n_racks; ++c) {
        const int served = std::min(10, n_racks - 10 * c);
        const int at = 10 * c + served / 2;
        const double q_pump = served * V_rack / 2.0; // per running pump
        const th::Pump pumps{
            .curve = {4.0e5, 0.0, 1.0e5 / (q_pump * q_pump)}, .n_parallel = 3, .n_running = 2};
        const double V_cdu = served * V_rack;
        net.add_branch("cdu" + std::to_string(c), hr[at], hs[at],
                       {th::QuadraticCurve{0.0, 3.0e4 / (V_cdu * V_cdu)}, // HX, 30 kPa
                        th::LossCoefficient{2.0, 0.1},                    // strainer
                        pumps});
    }
    return net;
}

th::FluidProperties pg25_40C() {
    const auto& pg25 = th::fluid_by_name("PG25");
    const double T = th::from_degC(40.0);
    return {pg25.rho(T), pg25.mu(T)};
}

void report(benchmark::State& state, const th::HydraulicNetwork& net,
            const th::HydraulicResult& res) {
    if (!res.converged) {
        state.SkipWithError(("not converged: " + res.reason).c_str());
    }
    state.counters["branches"] = static_cast<double>(net.branch_count());
    state.counters["nodes"] = static_cast<double>(net.node_count());
    state.counters["iterations"] = res.iterations;
    state.counters["mass_imbalance"] = res.mass_imbalance;
}

// Solver construction (validation, pattern, ordering, symbolic analysis) plus a cold solve.
void BM_Rack(benchmark::State& state) {
    const auto net = rack_network();
    const auto fluid = pg25_40C();
    th::HydraulicResult res;
    for (auto _ : state) {
        th::HydraulicSolver solver(net);
        res = solver.solve(fluid);
        benchmark::DoNotOptimize(res.V_dot.data());
    }
    report(state, net, res);
}
BENCHMARK(BM_Rack)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

// Cold solve only, the solver (pattern and symbolic factorization) reused, as in a sweep.
void BM_RackReusedSolver(benchmark::State& state) {
    const auto net = rack_network();
    const auto fluid = pg25_40C();
    th::HydraulicSolver solver(net);
    th::HydraulicResult res;
    for (auto _ : state) {
        res = solver.solve(fluid);
        benchmark::DoNotOptimize(res.V_dot.data());
    }
    report(state, net, res);
}
BENCHMARK(BM_RackReusedSolver)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

// Hall of n racks: solver construction plus a cold solve.
void BM_Hall(benchmark::State& state) {
    const auto net = hall_network(static_cast<int>(state.range(0)));
    const auto fluid = pg25_40C();
    th::HydraulicResult res;
    for (auto _ : state) {
        th::HydraulicSolver solver(net);
        res = solver.solve(fluid);
        benchmark::DoNotOptimize(res.V_dot.data());
    }
    report(state, net, res);
}
BENCHMARK(BM_Hall)
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

// Hall re-solved from the previous solution (warm start), as in a thermal-hydraulic coupling
// loop where only temperatures change between solves.
void BM_HallWarmStart(benchmark::State& state) {
    const auto net = hall_network(static_cast<int>(state.range(0)));
    const auto fluid = pg25_40C();
    th::HydraulicSolver solver(net);
    const auto cold = solver.solve(fluid);
    th::HydraulicResult res;
    for (auto _ : state) {
        res = solver.solve(fluid, cold.V_dot);
        benchmark::DoNotOptimize(res.V_dot.data());
    }
    report(state, net, res);
}
BENCHMARK(BM_HallWarmStart)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

} // namespace
