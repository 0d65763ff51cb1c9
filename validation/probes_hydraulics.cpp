// Probes of the hydraulics area: laminar and turbulent friction, the hydraulic network solver,
// pumps on a system curve, porous media and perforated floor tiles.

#include "thermal/correlations.hpp"
#include "thermal/hydraulic_network.hpp"
#include "thermal/pump.hpp"
#include "validation/probe.hpp"

#include <cmath>
#include <numbers>

namespace rackcalc::validation {

namespace {

namespace ck = core::kinds;
namespace th = thermal;
using std::numbers::pi;

const ProbeOutput dp_out{"dp", &ck::pressure, "Pa", "pressure drop"};
const ProbeOutput Re_out{"Re", &ck::dimensionless, "", "Reynolds number"};
const ProbeOutput f_out{"f_darcy", &ck::dimensionless, "", "Darcy friction factor"};

core::KeySpec viscosity() {
    return core::quantity("mu", kinds::dynamic_viscosity, "Pa s", "dynamic viscosity")
        .above(0.0)
        .needed();
}
core::KeySpec density() {
    return core::quantity("rho", ck::density, "kg/m^3", "density").above(0.0).needed();
}
core::KeySpec length(std::string name, std::string doc) {
    return core::quantity(std::move(name), ck::length, "m", std::move(doc)).above(0.0).needed();
}
core::KeySpec flow(std::string doc) {
    return core::quantity("V_dot", ck::volume_flow, "m^3/s", std::move(doc)).above(0.0).needed();
}

Probe hagen_poiseuille() {
    return make_probe(
        "hagen_poiseuille",
        "laminar circular pipe: thermal::hagen_poiseuille_dp, Re = rho v D / mu and "
        "thermal::laminar_darcy_f(Re)",
        {viscosity(), density(), length("L", "pipe length"), length("D", "inner diameter"),
         flow("volume flow")},
        {dp_out, Re_out, f_out}, [](const core::CheckedTable& in) {
            const double mu = in.quantity("mu"), D = in.quantity("D"), V = in.quantity("V_dot");
            const double Re = in.quantity("rho") * (V / (pi * D * D / 4.0)) * D / mu;
            return ProbeValues{{"dp", th::hagen_poiseuille_dp(mu, in.quantity("L"), V, D)},
                               {"Re", Re},
                               {"f_darcy", th::laminar_darcy_f(Re)}};
        });
}

Probe parallel_plates() {
    return make_probe(
        "parallel_plates",
        "plane Poiseuille flow between plates: thermal::parallel_plates_dp over the length L",
        {viscosity(), length("L", "flow length"), length("w", "plate width (w >> gap)"),
         length("gap", "gap between the plates"), flow("volume flow")},
        {dp_out, {"dp_per_length", &kinds::pressure_gradient, "Pa/m", "pressure gradient"}},
        [](const core::CheckedTable& in) {
            const double L = in.quantity("L");
            const double dp = th::parallel_plates_dp(in.quantity("mu"), L, in.quantity("V_dot"),
                                                     in.quantity("w"), in.quantity("gap"));
            return ProbeValues{{"dp", dp}, {"dp_per_length", dp / L}};
        });
}

Probe friction_factor() {
    return make_probe(
        "friction_factor",
        "turbulent Darcy friction factor: thermal::colebrook_f and haaland_f; blasius_f "
        "(smooth, Re <= 1e6) and petukhov_f (smooth, Re <= 5e6) where they apply",
        {core::real("Re", "Reynolds number").above(0.0).needed(),
         core::real("eps_D", "relative roughness eps / D").def("0").range(0.0, 0.05)},
        {{"f_colebrook", &ck::dimensionless, "", "Colebrook (1939)"},
         {"f_haaland", &ck::dimensionless, "", "Haaland (1983)"},
         {"f_blasius", &ck::dimensionless, "", "Blasius (1913), smooth"},
         {"f_petukhov", &ck::dimensionless, "", "Petukhov (1970), smooth"}},
        [](const core::CheckedTable& in) {
            const double Re = in.real("Re"), eps_D = in.real("eps_D");
            ProbeValues v{{"f_colebrook", th::colebrook_f(Re, eps_D)},
                          {"f_haaland", th::haaland_f(Re, eps_D)}};
            if (eps_D == 0.0 && Re <= 1e6) {
                v["f_blasius"] = th::blasius_f(Re);
            }
            if (eps_D == 0.0 && Re <= 5e6) {
                v["f_petukhov"] = th::petukhov_f(Re);
            }
            return v;
        });
}

Probe network_pipe() {
    return make_probe(
        "network_pipe",
        "one pipe through the hydraulic network solver (thermal::HydraulicSolver): the flow "
        "enters a junction and leaves through the pipe to a fixed pressure; dp is the solved "
        "pressure difference and f_darcy is recovered from it, f = 2 dp D / (L rho v^2)",
        {viscosity(), density(), length("L", "pipe length"), length("D", "inner diameter"),
         core::quantity("roughness", ck::length, "m", "absolute roughness")
             .def("0 m")
             .range(0.0, std::nullopt),
         flow("volume flow")},
        {dp_out, f_out}, [](const core::CheckedTable& in) {
            const double rho = in.quantity("rho"), L = in.quantity("L"), D = in.quantity("D");
            const double V = in.quantity("V_dot");
            th::HydraulicNetwork net;
            const th::NodeId inlet = net.add_junction("inlet");
            net.add_fixed_pressure("outlet", 1e5);
            net.set_inflow(inlet, V);
            net.add_branch("pipe", "inlet", "outlet",
                           th::Pipe{.length = L, .D_h = D, .roughness = in.quantity("roughness")});
            const auto res = th::solve_hydraulics(net, {rho, in.quantity("mu")});
            res.require_converged();
            const double dp = res.p[static_cast<std::size_t>(inlet)] - 1e5;
            const double v = V / (pi * D * D / 4.0);
            return ProbeValues{{"dp", dp}, {"f_darcy", 2.0 * dp * D / (L * rho * v * v)}};
        });
}

Probe pump_on_system_curve() {
    return make_probe(
        "pump_on_system_curve",
        "operating point of a pump set (thermal::Pump: identical pumps in parallel, N of them "
        "running, stages in series, affinity laws) on a system curve dp = a V + b V^2, solved "
        "by the hydraulic network solver",
        {core::quantity("dp0", ck::pressure, "Pa", "shut-off pressure rise of one pump")
             .above(0.0)
             .needed(),
         core::quantity("c1", kinds::linear_flow_resistance, "Pa s/m^3",
                        "linear coefficient of the pump curve dp0 - c1 V - c2 V^2")
             .def("0 Pa s/m^3")
             .range(0.0, std::nullopt),
         core::quantity("c2", kinds::quadratic_flow_resistance, "Pa s^2/m^6",
                        "quadratic coefficient of the pump curve")
             .def("0 Pa s^2/m^6")
             .range(0.0, std::nullopt),
         core::quantity("a", kinds::linear_flow_resistance, "Pa s/m^3",
                        "linear term of the system curve")
             .def("0 Pa s/m^3")
             .range(0.0, std::nullopt),
         core::quantity("b", kinds::quadratic_flow_resistance, "Pa s^2/m^6",
                        "quadratic term of the system curve")
             .def("0 Pa s^2/m^6")
             .range(0.0, std::nullopt),
         core::integer("n_parallel", "pumps installed in parallel").def("1").range(1, std::nullopt),
         core::integer("n_running", "pumps running (default: all installed)")
             .range(0, std::nullopt),
         core::integer("n_series", "stages in series").def("1").range(1, std::nullopt),
         core::real("speed_ratio", "speed over rated speed").def("1").above(0.0)},
        {{"V_dot", &ck::volume_flow, "m^3/s", "flow through the pump set"},
         {"dp_rise", &ck::pressure, "Pa", "pressure rise across the pump set"}},
        [](const core::CheckedTable& in) {
            th::Pump pump{.curve = {in.quantity("dp0"), in.quantity("c1"), in.quantity("c2")},
                          .speed_ratio = in.real("speed_ratio"),
                          .n_parallel = static_cast<int>(in.integer("n_parallel")),
                          .n_series = static_cast<int>(in.integer("n_series"))};
            if (in.has("n_running")) {
                pump.n_running = static_cast<int>(in.integer("n_running"));
            }
            th::HydraulicNetwork net;
            net.add_fixed_pressure("tank", 2e5);
            net.add_junction("discharge");
            net.add_branch("pumps", "tank", "discharge", pump);
            net.add_branch("system", "discharge", "tank",
                           th::QuadraticCurve{in.quantity("a"), in.quantity("b")});
            const auto res = th::solve_hydraulics(net, {998.0, 1.0e-3});
            res.require_converged();
            return ProbeValues{{"V_dot", res.V_dot[0]}, {"dp_rise", res.pumps.at(0).point.dp_rise}};
        });
}

// The tee coefficients RackLoop puts on its manifold taps (thermal::crane_tee_dividing and
// crane_tee_combining), from the flows and bores of a worked example.
Probe crane_tee() {
    return make_probe(
        "crane_tee",
        "loss coefficients of a tee or wye by the Crane TP-410 (2009) method "
        "(thermal::crane_tee_dividing / crane_tee_combining), referred to the combined flow's "
        "velocity head",
        {core::choice("flow", {"dividing", "combining"}, "the flow pattern").needed(),
         length("D_combined", "bore of the combined leg and of the run"),
         length("D_branch", "bore of the branch"),
         core::quantity("V_run", ck::volume_flow, "m^3/s", "flow in the straight leg")
             .range(0.0, std::nullopt)
             .needed(),
         core::quantity("V_branch", ck::volume_flow, "m^3/s", "flow in the branch")
             .range(0.0, std::nullopt)
             .needed(),
         core::real("angle", "angle between branch and run [deg]").def("90").range(30.0, 90.0)},
        {{"K_run", &ck::dimensionless, "", "run (straight passage)"},
         {"K_branch", &ck::dimensionless, "", "branch"}},
        [](const core::CheckedTable& in) {
            const double q =
                in.quantity("V_branch") / (in.quantity("V_run") + in.quantity("V_branch"));
            const double beta = in.quantity("D_branch") / in.quantity("D_combined");
            const th::TeeLoss K = in.string("flow") == "dividing"
                                      ? th::crane_tee_dividing(q, beta, in.real("angle"))
                                      : th::crane_tee_combining(q, beta, in.real("angle"));
            return ProbeValues{{"K_run", K.K_run}, {"K_branch", K.K_branch}};
        });
}

// No porous-zone model in thermal/ yet: the closed form is evaluated here so the case pins
// OpenFOAM's DarcyForchheimer convention (1/2 rho f U^2) for the CFD path and for the
// air-side model that will use it.
Probe darcy_forchheimer() {
    return make_probe(
        "darcy_forchheimer",
        "porous zone, OpenFOAM DarcyForchheimer form dp/L = mu d U + 1/2 rho f U^2 (closed "
        "form evaluated in the probe: thermal/ has no porous model yet)",
        {viscosity(), density(),
         core::quantity("d", kinds::inverse_area, "m^-2", "Darcy coefficient")
             .range(0.0, std::nullopt)
             .needed(),
         core::quantity("f", kinds::inverse_length, "m^-1", "Forchheimer coefficient")
             .range(0.0, std::nullopt)
             .needed(),
         core::quantity("U", ck::velocity, "m/s", "superficial velocity").needed(),
         length("L", "zone length along the flow")},
        {dp_out}, [](const core::CheckedTable& in) {
            const double U = in.quantity("U");
            const double per_length = in.quantity("mu") * in.quantity("d") * U +
                                      0.5 * in.quantity("rho") * in.quantity("f") * U * std::abs(U);
            return ProbeValues{{"dp", per_length * in.quantity("L")}};
        });
}

// Idelchik's perforated-plate coefficient as used by VanGilder & Schmidt for raised-floor
// tiles; like darcy_forchheimer, evaluated here until the air side models tiles.
Probe perforated_tile() {
    return make_probe(
        "perforated_tile",
        "perforated floor tile: K = (1/f^2)(1 + 0.5 (1 - f)^0.75 + 1.414 (1 - f)^0.375) "
        "(Idelchik, as used by VanGilder & Schmidt) referred to the gross tile area, and the "
        "flow V = A sqrt(2 dp / (rho K)) (closed form evaluated in the probe)",
        {core::real("open_fraction", "open area / gross area")
             .above(0.0)
             .range(std::nullopt, 1.0)
             .needed(),
         core::quantity("area", ck::area, "m^2", "gross tile area").above(0.0).needed(),
         core::quantity("dp", ck::pressure, "Pa", "plenum pressure over the room")
             .above(0.0)
             .needed(),
         density()},
        {{"K", &ck::dimensionless, "", "loss coefficient on the gross-area velocity"},
         {"V_dot", &ck::volume_flow, "m^3/s", "flow through the tile"}},
        [](const core::CheckedTable& in) {
            const double f = in.real("open_fraction");
            const double K =
                (1.0 + 0.5 * std::pow(1.0 - f, 0.75) + 1.414 * std::pow(1.0 - f, 0.375)) / (f * f);
            const double V =
                in.quantity("area") * std::sqrt(2.0 * in.quantity("dp") / (in.quantity("rho") * K));
            return ProbeValues{{"K", K}, {"V_dot", V}};
        });
}

} // namespace

std::vector<Probe> hydraulic_probes() {
    return {hagen_poiseuille(),     parallel_plates(),   friction_factor(), network_pipe(),
            pump_on_system_curve(), darcy_forchheimer(), perforated_tile(), crane_tee()};
}

} // namespace rackcalc::validation
