#include "thermal/rack_thermal.hpp"

#include "thermal/pump.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace rackcalc::thermal {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

std::string degC(double T_K) {
    return fmt::format("{:.1f} degC", T_K - 273.15);
}
std::string lpm(double V) {
    return fmt::format("{:.1f} L/min", V * 60000.0);
}
std::string kPa(double p) {
    return fmt::format("{:.1f} kPa", p / 1e3);
}

/// Smallest chip margin [K] at (V_dot, T_supply); -inf when the coolant leaves the range of
/// its property table (it would boil, or its properties are unknown), NaN when the
/// hydraulic solve did not converge.
double smallest_margin(RackLoop& loop, double V_dot, double T_supply, std::string* why) {
    const Fluid& f = loop.coolant();
    const double dT = loop.liquid_heat_W() / (f.rho(T_supply) * f.cp(T_supply) * V_dot);
    if (T_supply + dT > f.T_max()) {
        if (why != nullptr) {
            *why =
                fmt::format("{} would return at {} at {}, above the {} table limit of {}", f.name(),
                            degC(T_supply + dT), lpm(V_dot), f.name(), degC(f.T_max()));
        }
        return -inf;
    }
    const RackLoopResult r = loop.solve(V_dot, T_supply);
    if (!r.converged) {
        if (why != nullptr) {
            *why = "hydraulic solve did not converge: " + r.reason;
        }
        return std::numeric_limits<double>::quiet_NaN();
    }
    return r.worst_chip >= 0 ? r.chips[static_cast<std::size_t>(r.worst_chip)].margin_K() : inf;
}

/// Counterflow effectiveness (Incropera eq. 11.29a; C_r = 1: NTU / (1 + NTU)).
double counterflow_effectiveness(double NTU, double Cr) {
    if (std::abs(1.0 - Cr) < 1e-9) {
        return NTU / (1.0 + NTU);
    }
    const double e = std::exp(-NTU * (1.0 - Cr));
    return (1.0 - e) / (1.0 - Cr * e);
}

/// ASHRAE TC9.9 allowable inlet ranges [degC] (rack-data.md section 5, [T1],[T2]; H1 [T3]).
std::pair<double, double> allowable_air(const std::string& cls) {
    if (cls == "A1") {
        return {15, 32};
    }
    if (cls == "A2") {
        return {10, 35};
    }
    if (cls == "A3") {
        return {5, 40};
    }
    if (cls == "A4") {
        return {5, 45};
    }
    return {5, 25}; // H1
}

} // namespace

std::string facility_water_class(double T_K) {
    // ASHRAE 5th edition names: the number is the highest facility supply in degC ([T3]).
    const double T = T_K - 273.15;
    for (const auto& [limit, name] :
         {std::pair{17.0, "W17"}, std::pair{27.0, "W27"}, std::pair{32.0, "W32"},
          std::pair{40.0, "W40"}, std::pair{45.0, "W45"}}) {
        if (T <= limit + 1e-9) {
            return name;
        }
    }
    return "W+";
}

bool ThermalAnalysis::feasible() const {
    return std::none_of(findings.begin(), findings.end(),
                        [](const Finding& f) { return f.severity == "error"; });
}

std::optional<double> minimum_flow(RackLoop& loop, double T_supply, double V_max,
                                   std::string& reason) {
    std::string why;
    const double m_hi = smallest_margin(loop, V_max, T_supply, &why);
    if (!(m_hi >= 0.0)) {
        reason = std::isnan(m_hi) ? why
                                  : fmt::format("even {} leaves a chip {:.1f} K over its limit",
                                                lpm(V_max), -m_hi);
        return std::nullopt;
    }
    double lo = V_max * 1e-4;
    double hi = V_max;
    if (smallest_margin(loop, lo, T_supply, nullptr) >= 0.0) {
        return lo;
    }
    // Bisection in log(V): the margin rises monotonically with flow.
    while (hi / lo > 1.0 + 1e-6) {
        const double mid = std::sqrt(lo * hi);
        const double m = smallest_margin(loop, mid, T_supply, nullptr);
        (m >= 0.0 ? hi : lo) = mid;
    }
    return hi;
}

std::optional<double> maximum_supply_temperature(RackLoop& loop, double V_dot,
                                                 std::string& reason) {
    const Fluid& f = loop.coolant();
    double lo = f.T_min() + 0.5;
    double hi = f.T_max() - 0.5;
    std::string why;
    const double m_lo = smallest_margin(loop, V_dot, lo, &why);
    if (!(m_lo >= 0.0)) {
        reason = std::isnan(m_lo) || std::isinf(m_lo)
                     ? why
                     : fmt::format("even a {} supply leaves a chip {:.1f} K over its limit",
                                   degC(lo), -m_lo);
        return std::nullopt;
    }
    if (smallest_margin(loop, V_dot, hi, nullptr) >= 0.0) {
        return hi;
    }
    while (hi - lo > 1e-4) {
        const double mid = 0.5 * (lo + hi);
        (smallest_margin(loop, V_dot, mid, nullptr) >= 0.0 ? lo : hi) = mid;
    }
    return lo;
}

ThermalAnalysis analyse_thermal(const geometry::Assembly& assembly,
                                const geometry::LayoutSpec& layout, const LoopSpec& loop_spec,
                                const CoolingSpec& cooling, const ThermalOptions& options) {
    ThermalAnalysis a;
    const Fluid& coolant = fluid_by_name(cooling.coolant);
    const double T_s = cooling.supply_temperature.value();
    RackLoop loop(assembly, layout, loop_spec, coolant);
    a.it_power_W = assembly.it_power_W;
    a.Q_liquid_W = loop.liquid_heat_W();
    a.Q_air_W = a.it_power_W - a.Q_liquid_W;
    auto finding = [&a](std::string severity, std::string component, std::string message) {
        a.findings.push_back({std::move(severity), std::move(component), std::move(message)});
    };

    // Air side: what the liquid does not carry.
    AirResult& air = a.air;
    const Fluid& air_fluid = fluid_by_name("air");
    const double T_air = cooling.air_inlet_temperature.value();
    air.Q_W = a.Q_air_W;
    air.V_dot_m3_s =
        air.Q_W / (air_fluid.rho(T_air) * air_fluid.cp(T_air) * cooling.air_temperature_rise_K);
    air.T_outlet_K = T_air + cooling.air_temperature_rise_K;
    const double p0 = cooling.fan_shutoff_dp_Pa;
    const double Vf = cooling.fan_free_flow_m3_s;
    const double racks = static_cast<double>(std::max(1L, assembly.counts.at("racks")));
    const double V_rack = air.V_dot_m3_s / racks;
    air.speed_ratio =
        std::sqrt((cooling.air_system_dp_Pa + p0 * (V_rack / Vf) * (V_rack / Vf)) / p0);
    air.P_fan_W = air.V_dot_m3_s * cooling.air_system_dp_Pa / cooling.fan_efficiency;
    air.air_class = cooling.air_class;
    const auto [lo, hi] = allowable_air(cooling.air_class);
    air.allowable_lo_K = lo + 273.15;
    air.allowable_hi_K = hi + 273.15;
    if (T_air < air.allowable_lo_K || T_air > air.allowable_hi_K) {
        finding("error", "air inlet",
                fmt::format("{} is outside the ASHRAE {} allowable range {:.0f}-{:.0f} degC",
                            degC(T_air), cooling.air_class, lo, hi));
    }
    if (air.Q_W > 0.0 && air.speed_ratio > 1.0) {
        finding("error", "fans",
                fmt::format("the fans cannot move {:.0f} CFM per rack against {:.0f} Pa",
                            V_rack / 4.719474432e-4, cooling.air_system_dp_Pa));
    }

    if (coolant.T_freeze() && T_s <= *coolant.T_freeze()) {
        finding("error", "coolant",
                fmt::format("{} freezes at {}; the supply of {} would freeze it", coolant.name(),
                            degC(*coolant.T_freeze()), degC(T_s)));
        return a;
    }
    if (T_s < coolant.T_min() || T_s > coolant.T_max()) {
        finding("error", "coolant",
                fmt::format("supply {} is outside the {} property range {} to {}", degC(T_s),
                            coolant.name(), degC(coolant.T_min()), degC(coolant.T_max())));
        return a;
    }
    if (a.Q_liquid_W <= 0.0) {
        finding("warning", "coolant", "no heat is on liquid: the loop carries nothing");
        return a;
    }

    // Design point: the flow rule of the case.
    a.V_dot_design_m3_s = cooling.flow_per_power_m3_per_J * a.Q_liquid_W;
    const double dT_design =
        a.Q_liquid_W / (coolant.rho(T_s) * coolant.cp(T_s) * a.V_dot_design_m3_s);
    if (T_s + dT_design > coolant.T_max()) {
        finding("error", "coolant",
                fmt::format("{} would return at {} at {}, above the {} table limit of {}",
                            coolant.name(), degC(T_s + dT_design), lpm(a.V_dot_design_m3_s),
                            coolant.name(), degC(coolant.T_max())));
        return a;
    }
    a.design = loop.solve(a.V_dot_design_m3_s, T_s);
    if (!a.design.converged) {
        finding("error", "hydraulic network", "did not converge: " + a.design.reason);
        return a;
    }
    const auto& parts = assembly.parts;
    for (const auto& c : a.design.chips) {
        if (c.margin_K() < 0.0) {
            finding("error", parts[static_cast<std::size_t>(c.part)].name,
                    fmt::format("{} {} is {:.1f} K over its limit of {} at the design flow",
                                c.limit_kind, degC(c.T_junction_K), -c.margin_K(),
                                degC(c.T_limit_K)));
        }
    }
    if (a.design.T_return_K > cooling.max_return_temperature.value()) {
        finding("error", "coolant",
                fmt::format("return {} is above the allowed {}", degC(a.design.T_return_K),
                            degC(cooling.max_return_temperature.value())));
    }
    if (coolant.T_boil() && a.design.T_return_K >= *coolant.T_boil()) {
        finding("error", "coolant",
                fmt::format("{} boils at the return temperature {}", coolant.name(),
                            degC(a.design.T_return_K)));
    }

    // CDU: pumps on the loop plus the CDU's own losses, and the heat exchanger.
    CduResult& cdu = a.cdu;
    const double rho = a.design.rho;
    const double cp = a.design.cp;
    cdu.Q_W = a.Q_liquid_W;
    cdu.V_dot_m3_s = a.V_dot_design_m3_s;
    const double V_rated = cooling.cdu_capacity_W / (rho * cp * cooling.cdu_rated_dT_K);
    cdu.units_needed = static_cast<int>(std::ceil(cdu.Q_W / cooling.cdu_capacity_W - 1e-9));
    const double V_per_unit = cdu.V_dot_m3_s / cdu.units_needed;
    cdu.dp_internal_Pa = cooling.cdu_internal_dp_Pa * std::pow(V_per_unit / V_rated, 2);
    cdu.dp_required_Pa = a.design.dp_loop_Pa + cdu.dp_internal_Pa;
    cdu.pumps_installed = cooling.pumps;
    cdu.pumps_running = cooling.pumps_running();
    Pump pump;
    pump.curve = PumpCurve{cooling.pump_shutoff_dp_Pa, 0.0,
                           cooling.pump_shutoff_dp_Pa / std::pow(cooling.pump_max_flow_m3_s, 2)};
    pump.n_parallel = cooling.pumps;
    pump.n_running = cdu.pumps_running;
    cdu.dp_available_Pa = pump_dp_rise(pump, V_per_unit);
    const double V_each = V_per_unit / cdu.pumps_running;
    // Affinity laws: dp0 s^2 - c2 V^2 = dp_required at speed ratio s.
    cdu.speed_ratio =
        std::sqrt((cdu.dp_required_Pa + pump.curve.c2 * V_each * V_each) / pump.curve.dp0);
    cdu.P_pump_W = cdu.V_dot_m3_s * cdu.dp_required_Pa / cooling.pump_efficiency;
    if (cdu.speed_ratio > 1.0) {
        finding("error", "CDU pumps",
                fmt::format("{} of {} pumps deliver {} at {} per CDU, but the loop needs {}",
                            cdu.pumps_running, cdu.pumps_installed, kPa(cdu.dp_available_Pa),
                            lpm(V_per_unit), kPa(cdu.dp_required_Pa)));
    }
    // Heat exchanger UA from the rated point: balanced streams, rated rise dT_r and approach
    // a_r, so eps_r = dT_r / (dT_r + a_r) and NTU_r = eps_r / (1 - eps_r) (counterflow, C_r = 1).
    const double eps_r =
        cooling.cdu_rated_dT_K / (cooling.cdu_rated_dT_K + cooling.cdu_rated_approach_K);
    cdu.UA_W_per_K = eps_r / (1.0 - eps_r) * cooling.cdu_capacity_W / cooling.cdu_rated_dT_K;
    const double C_tcs = rho * cp * V_per_unit;
    const double Q_unit = cdu.Q_W / cdu.units_needed;
    const double C_fws = Q_unit / cooling.facility_dT_K;
    const double C_min = std::min(C_tcs, C_fws);
    const double C_max = std::max(C_tcs, C_fws);
    cdu.effectiveness = counterflow_effectiveness(cdu.UA_W_per_K / C_min, C_min / C_max);
    cdu.T_facility_max_K = a.design.T_return_K - Q_unit / (cdu.effectiveness * C_min);
    cdu.approach_K = T_s - cdu.T_facility_max_K;
    const Fluid& water = fluid_by_name("water");
    cdu.V_dot_facility_m3_s =
        cdu.Q_W / (water.rho(cooling.facility_supply_temperature.value()) *
                   water.cp(cooling.facility_supply_temperature.value()) * cooling.facility_dT_K);
    cdu.facility_class = facility_water_class(cooling.facility_supply_temperature.value());
    if (cooling.facility_supply_temperature.value() > cdu.T_facility_max_K + 1e-9) {
        finding("error", "CDU heat exchanger",
                fmt::format("facility water at {} is too warm: holding a {} supply needs facility "
                            "water at or below {} (approach {:.1f} K)",
                            degC(cooling.facility_supply_temperature.value()), degC(T_s),
                            degC(cdu.T_facility_max_K), cdu.approach_K));
    }

    if (options.inverse) {
        std::string reason;
        a.V_dot_min_m3_s = minimum_flow(loop, T_s, 20.0 * a.V_dot_design_m3_s, reason);
        if (!a.V_dot_min_m3_s) {
            finding("error", "chips", "no flow keeps every chip under its limit: " + reason);
        }
        a.T_supply_max_K = maximum_supply_temperature(loop, a.V_dot_design_m3_s, reason);
        for (const double T : options.table_supply_K) {
            FlowAtSupply row;
            row.T_supply_K = T;
            if (T > coolant.T_min() && T < coolant.T_max()) {
                row.V_dot_m3_s = minimum_flow(loop, T, 20.0 * a.V_dot_design_m3_s, row.reason);
            } else {
                row.reason = "outside the coolant's property range";
            }
            a.flow_table.push_back(row);
        }
    }
    // The inverse solves moved the loop; leave the design point as the result.
    return a;
}

} // namespace rackcalc::thermal
