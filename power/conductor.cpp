#include "power/conductor.hpp"

#include "power/power_error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace rackcalc::power {

namespace {

constexpr double T_20C = 293.15; // 20 degC [K]
const double sqrt3 = std::sqrt(3.0);

void check(const ConductorSpec& s) {
    auto require = [](bool ok, const char* key, double v, const char* what) {
        if (!ok) {
            throw PowerInputError("conductor", key, fmt::format("{} = {} {}", key, v, what));
        }
    };
    require(s.V > 0.0, "voltage", s.V, "must be > 0 V");
    require(s.length > 0.0, "length", s.length, "must be > 0 m");
    require(s.J > 0.0, "current_density", s.J, "must be > 0 A/m2");
    require(s.T > 0.0, "temperature", s.T, "must be > 0 K");
    require(s.extra_conductors >= 0.0, "extra_conductors", s.extra_conductors, "must be >= 0");
    if (s.topology == Topology::ac_3phase) {
        require(s.PF > 0.0 && s.PF <= 1.0, "power_factor", s.PF, "must be in (0, 1]");
    }
}

int current_conductors(Topology t) {
    return t == Topology::ac_3phase ? 3 : 2;
}

} // namespace

double copper_resistivity(double T_K) {
    return rho_cu_20 * (1.0 + alpha_cu * (T_K - T_20C));
}

double line_current(const ConductorSpec& s, double P_W) {
    if (s.topology == Topology::ac_3phase) {
        return P_W / (sqrt3 * s.V * s.PF);
    }
    return P_W / s.V; // 2-wire DC and balanced bipolar (pole-to-pole voltage)
}

ConductorResult evaluate_conductor(const ConductorSpec& s, double A_m2, double P_W) {
    check(s);
    if (!(A_m2 > 0.0)) {
        throw PowerInputError("conductor", "area",
                              fmt::format("cross-section {} m2 must be > 0", A_m2));
    }
    ConductorResult r;
    r.current_conductors = current_conductors(s.topology);
    r.I = line_current(s, P_W);
    r.A = A_m2;
    r.R = copper_resistivity(s.T) * s.length / A_m2;
    r.P_loss = r.current_conductors * r.I * r.I * r.R;
    r.dV = s.topology == Topology::ac_3phase ? sqrt3 * r.I * r.R * s.PF : 2.0 * r.I * r.R;
    r.dV_fraction = r.dV / s.V;
    r.copper_mass = density_cu * A_m2 * s.length * (r.current_conductors + s.extra_conductors);
    return r;
}

ConductorResult size_conductor(const ConductorSpec& s, double P_W) {
    check(s);
    if (!(P_W > 0.0)) {
        throw PowerInputError("conductor", "P", fmt::format("design power {} W must be > 0", P_W));
    }
    return evaluate_conductor(s, line_current(s, P_W) / s.J, P_W);
}

LossCurve conductor_loss_curve(const ConductorSpec& s) {
    const ConductorResult r = size_conductor(s, 1e6); // ratio is independent of the power
    return LossCurve{0.0, 0.0, r.P_loss / 1e6};
}

double same_copper_power_ratio(const SameCopperAssumptions& a) {
    const double dc = a.V_dc * a.J_dc / a.n_dc_conductors;
    const double ac = sqrt3 * a.V_ac * a.PF * a.J_ac / a.n_ac_conductors;
    return dc / ac;
}

} // namespace rackcalc::power
