#include "thermal/rack_thermal.hpp"

#include "core/display_units.hpp"
#include "core/input_error.hpp"
#include "thermal/cdu_exchanger.hpp"
#include "thermal/pump.hpp"

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

namespace rackcalc::thermal {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// The quantities of the findings' sentences: SI values with their kinds, which core::Display
// renders in the reader's units (the model formats no unit).
using namespace core::quantities;

/// Rated CDU effectiveness, balanced counterflow: eps_r = dT_r / (dT_r + a_r).
double eps_r_of(const CoolingSpec& c) {
    return c.cdu_rated_dT_K / (c.cdu_rated_dT_K + c.cdu_rated_approach_K);
}

/// ASHRAE TC9.9 allowable inlet range [degC] of a class (thermal::air_classes).
std::pair<double, double> allowable_air(const std::string& cls) {
    const AirClass& c = air_class(cls);
    return {c.allowable_lo_degC, c.allowable_hi_degC};
}

/// CDUs of `capacity_W` each that carry `Q_W`: at least one (a loop always has its CDU), and
/// a ratio that is not finite or beyond any real hall (10^6 units) is an error rather than an
/// overflowing cast.
int cdu_units_needed(double Q_W, double capacity_W) {
    constexpr double max_units = 1e6;
    const double ratio = Q_W / capacity_W;
    if (!std::isfinite(ratio) || ratio > max_units) {
        throw core::SpecError(
            "cooling.cdu_capacity",
            fmt::format("the heat {:.3g} W needs more than {:.0g} CDUs of {:.3g} W each", Q_W,
                        max_units, capacity_W),
            "check cdu_capacity and the IT power");
    }
    return std::max(1, static_cast<int>(std::ceil(ratio - 1e-9)));
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

OperatingMargin operating_margin(RackLoop& loop, const geometry::Assembly& assembly,
                                 const OperatingLimits& limits, double V_dot, double T_supply) {
    OperatingMargin m;
    const Fluid& f = loop.coolant();
    const double dT = loop.liquid_heat_W() / (f.rho(T_supply) * f.cp(T_supply) * V_dot);
    if (T_supply + dT > f.T_max()) {
        m.margin_K = -inf;
        m.binding = fmt::format("{} property table", f.name());
        m.reason = core::statement("{} would return at {} at {}, above the {} table limit of {}",
                                   f.name(), temperature(T_supply + dT), flow(V_dot), f.name(),
                                   temperature(f.T_max()));
        return m;
    }
    m.point = loop.solve(V_dot, T_supply, LoopDetail::one_per_kind);
    if (!m.point.converged) {
        m.margin_K = std::numeric_limits<double>::quiet_NaN();
        m.binding = "hydraulic solve";
        m.reason = "hydraulic solve did not converge: " + m.point.reason;
        return m;
    }
    m.margin_K = inf;
    const auto& parts = assembly.parts;
    if (m.point.worst_chip >= 0) {
        const auto& c = m.point.chips[static_cast<std::size_t>(m.point.worst_chip)];
        m.margin_K = c.margin_K();
        m.binding = fmt::format("{} limit of {}", c.limit_kind,
                                parts[static_cast<std::size_t>(c.part)].name);
    }
    const double return_margin = limits.T_return_max_K - m.point.T_return_K;
    if (return_margin < m.margin_K) {
        m.margin_K = return_margin;
        m.binding = "return temperature cap";
    }
    for (const auto& p : m.point.plates) {
        const double plate_margin = limits.T_plate_outlet_max_K - p.T_out_K;
        if (plate_margin < m.margin_K) {
            m.margin_K = plate_margin;
            m.binding = "plate outlet cap at " + parts[static_cast<std::size_t>(p.part)].name;
        }
    }
    return m;
}

/// The margin as a root-finder sees it: finite, negative where the point is infeasible for
/// any reason (a limit exceeded, the coolant's table left, a hydraulic solve that failed).
double finite_margin(const OperatingMargin& m) {
    constexpr double infeasible_K = -1e3;
    return std::isfinite(m.margin_K) ? m.margin_K : infeasible_K;
}

/// Where the margin crosses zero between a feasible and an infeasible end: Alefeld, Potra
/// and Shi's TOMS 748 (Boost.Math), which keeps the bracket like bisection but converges
/// superlinearly on the piecewise-smooth margin (about 8 solves of the loop instead of 23
/// for bisection to the same 1e-5 relative width). The bracket's feasible end is returned.
template <typename Margin>
double margin_root(Margin margin, double feasible, double infeasible, double f_feasible,
                   double f_infeasible) {
    constexpr int bits = 17; // bracket width 2^-16 relative
    std::uintmax_t max_solves = 60;
    const auto [lo, hi] = boost::math::tools::toms748_solve(
        margin, std::min(feasible, infeasible), std::max(feasible, infeasible),
        feasible < infeasible ? f_feasible : f_infeasible,
        feasible < infeasible ? f_infeasible : f_feasible,
        boost::math::tools::eps_tolerance<double>(bits), max_solves);
    return feasible < infeasible ? lo : hi;
}

std::optional<double> minimum_flow(RackLoop& loop, const geometry::Assembly& assembly,
                                   const OperatingLimits& limits, double T_supply, double V_max,
                                   std::string& binding, core::Statement& reason) {
    const OperatingMargin top = operating_margin(loop, assembly, limits, V_max, T_supply);
    if (!(top.margin_K >= 0.0)) {
        reason = !std::isfinite(top.margin_K)
                     ? top.reason
                     : core::statement("even {} leaves the {} {} short", flow(V_max), top.binding,
                                       difference(-top.margin_K));
        return std::nullopt;
    }
    const double lo = V_max * 1e-4;
    binding = top.binding;
    const OperatingMargin bottom = operating_margin(loop, assembly, limits, lo, T_supply);
    if (bottom.margin_K >= 0.0) {
        return lo;
    }
    // In log(V): every margin rises monotonically with flow.
    auto margin = [&](double log_V) {
        return finite_margin(operating_margin(loop, assembly, limits, std::exp(log_V), T_supply));
    };
    const double V = std::exp(margin_root(margin, std::log(V_max), std::log(lo), finite_margin(top),
                                          finite_margin(bottom)));
    binding = operating_margin(loop, assembly, limits, V, T_supply).binding;
    return V;
}

std::optional<double> maximum_supply_temperature(RackLoop& loop, const geometry::Assembly& assembly,
                                                 const OperatingLimits& limits, double V_dot,
                                                 std::string& binding, core::Statement& reason) {
    const Fluid& f = loop.coolant();
    const double lo = f.T_min() + 0.5;
    const double hi = f.T_max() - 0.5;
    const OperatingMargin bottom = operating_margin(loop, assembly, limits, V_dot, lo);
    if (!(bottom.margin_K >= 0.0)) {
        reason = !std::isfinite(bottom.margin_K)
                     ? bottom.reason
                     : core::statement("even a {} supply leaves the {} {} short", temperature(lo),
                                       bottom.binding, difference(-bottom.margin_K));
        return std::nullopt;
    }
    const OperatingMargin top = operating_margin(loop, assembly, limits, V_dot, hi);
    if (top.margin_K >= 0.0) {
        binding = fmt::format("{} property table", f.name());
        return hi;
    }
    // Every margin falls as the supply warms.
    auto margin = [&](double T) {
        return finite_margin(operating_margin(loop, assembly, limits, V_dot, T));
    };
    const double T = margin_root(margin, lo, hi, finite_margin(bottom), finite_margin(top));
    // The binding limit: the one with the least margin at the answer.
    binding = operating_margin(loop, assembly, limits, V_dot, T).binding;
    return T;
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
    auto finding = [&a](std::string severity, core::Statement component, core::Statement message) {
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
                core::statement("{} is outside the ASHRAE {} allowable range {} to {}",
                                temperature(T_air), cooling.air_class,
                                temperature(air.allowable_lo_K), temperature(air.allowable_hi_K)));
    }
    if (air.Q_W > 0.0 && air.speed_ratio > 1.0) {
        finding("error", "fans",
                core::statement("the fans cannot move {} per rack against {}",
                                core::Quantity(V_rack, core::kinds::air_volume_flow),
                                pressure(cooling.air_system_dp_Pa)));
    }

    if (coolant.T_freeze() && T_s <= *coolant.T_freeze()) {
        finding("error", "coolant",
                core::statement("{} freezes at {}; the supply of {} would freeze it",
                                coolant.name(), temperature(*coolant.T_freeze()),
                                temperature(T_s)));
        return a;
    }
    if (T_s < coolant.T_min() || T_s > coolant.T_max()) {
        finding("error", "coolant",
                core::statement("supply {} is outside the {} property range {} to {}",
                                temperature(T_s), coolant.name(), temperature(coolant.T_min()),
                                temperature(coolant.T_max())));
        return a;
    }
    if (a.Q_liquid_W <= 0.0) {
        finding("warning", "coolant", "no heat is on liquid: the loop carries nothing");
        return a;
    }

    // Design point: the flow rule of the case.
    a.V_dot_design_m3_s = cooling.rack_flow_m3_s > 0.0
                              ? cooling.rack_flow_m3_s * racks
                              : cooling.flow_per_power_m3_per_J * a.Q_liquid_W;
    const double dT_design =
        a.Q_liquid_W / (coolant.rho(T_s) * coolant.cp(T_s) * a.V_dot_design_m3_s);
    if (T_s + dT_design > coolant.T_max()) {
        finding("error", "coolant",
                core::statement("{} would return at {} at {}, above the {} table limit of {}",
                                coolant.name(), temperature(T_s + dT_design),
                                flow(a.V_dot_design_m3_s), coolant.name(),
                                temperature(coolant.T_max())));
        return a;
    }
    // Vendor rack curves compare one rack: a system of one kind of rack.
    const double cooled_racks = static_cast<double>(loop.rack_count());
    const bool one_kind = loop.rack_kind_count() == 1;
    if ((cooling.rack_curve || cooling.required_flow) && !one_kind) {
        finding(
            "warning", "vendor curves",
            core::statement("the system has {} kinds of rack; a vendor's rack curve describes one "
                            "rack, so it is not compared",
                            loop.rack_kind_count()));
    }
    // One rack's drop at each flow of a vendor curve, with the restrictors as the case sizes
    // them at the design point (a built rack's orifices do not change with flow).
    auto rack_drops = [&](const VendorCurve& c, bool rebalance) {
        if (rebalance && cooling.balance == Balance::heat) {
            loop.balance_to_heat(a.V_dot_design_m3_s, T_s);
        }
        std::vector<std::optional<double>> out;
        for (const double V : c.x) {
            const RackLoopResult r = loop.solve(V * cooled_racks, T_s, LoopDetail::one_per_kind);
            out.push_back(r.converged && !r.racks.empty() ? std::optional(r.racks.front().dp_Pa)
                                                          : std::nullopt);
        }
        return out;
    };
    auto rms_error = [](const std::vector<std::optional<double>>& model,
                        const std::vector<double>& vendor) {
        double sum = 0.0;
        int n = 0;
        for (std::size_t k = 0; k < model.size(); ++k) {
            if (model[k]) {
                const double e = *model[k] / vendor[k] - 1.0;
                sum += e * e;
                ++n;
            }
        }
        return n > 0 ? std::sqrt(sum / n) : std::numeric_limits<double>::quiet_NaN();
    };
    if (cooling.rack_curve && cooling.calibrate_rack_curve && one_kind) {
        // g(s) = mean of log(model / vendor) over the points with the unknown at s times the
        // template's: every drop falls as the QDs open or the hoses widen, so g falls with s.
        // Secant in log s from s = 1 and the estimate of a rack whose drop is all in the
        // unknown.
        const VendorCurve& c = *cooling.rack_curve;
        const RackCurveUnknown unknown = cooling.calibrate_unknown;
        const bool qd = unknown == RackCurveUnknown::qd_cv;
        const std::string_view what = qd ? "quick-disconnect Cv"
                                      : unknown == RackCurveUnknown::hose_diameter
                                          ? "hose bore"
                                          : "plate channel count";
        // dp ~ s^-n if the whole drop were in the unknown: Cv^-2, a bore's turbulent friction
        // D^-4.75 (Blasius), laminar channels' count^-1.
        const double n_exponent = qd                                           ? 2.0
                                  : unknown == RackCurveUnknown::hose_diameter ? 4.75
                                                                               : 1.0;
        auto scale = [&](double factor) {
            switch (unknown) {
            case RackCurveUnknown::qd_cv:
                loop.scale_qd_Cv(factor);
                break;
            case RackCurveUnknown::hose_diameter:
                loop.scale_hose_diameter(factor);
                break;
            case RackCurveUnknown::plate_channels:
                loop.scale_plate_channels(factor);
                break;
            }
        };
        RackCurveCalibration cal;
        cal.unknown = cooling.calibrate_unknown;
        auto g_at = [&](double factor, double* rms) -> std::optional<double> {
            scale(factor);
            const auto drops = rack_drops(c, true);
            double sum = 0.0;
            for (std::size_t k = 0; k < drops.size(); ++k) {
                if (!drops[k] || !(*drops[k] > 0.0)) {
                    return std::nullopt;
                }
                sum += std::log(*drops[k] / c.y[k]);
            }
            if (rms != nullptr) {
                *rms = rms_error(drops, c.y);
            }
            return sum / static_cast<double>(drops.size());
        };
        // Cv from 0.01 to 100 times the template's; a bore or a channel count 0.2 to 5 times.
        const double u_lo = std::log(qd ? 0.01 : 0.2), u_hi = std::log(qd ? 100.0 : 5.0);
        const std::optional<double> g0 = g_at(1.0, &cal.rms_before);
        if (!g0) {
            cal.reason = fmt::format("the rack solve failed at a point of the curve with the "
                                     "template's {}",
                                     what);
        } else if (std::abs(*g0) < 1e-4) {
            cal.converged = true;
        } else {
            double u_prev = 0.0, g_prev = *g0;
            double u = std::clamp(*g0 / n_exponent, u_lo, u_hi);
            for (int iteration = 0; iteration < 30; ++iteration) {
                const std::optional<double> g = g_at(std::exp(u), nullptr);
                if (!g) {
                    cal.reason = fmt::format("the rack solve failed with the {} x {:.3g}", what,
                                             std::exp(u));
                    break;
                }
                if (std::abs(*g) < 1e-4) {
                    cal.converged = true;
                    cal.factor = std::exp(u);
                    break;
                }
                const double u_next = std::clamp(u - *g * (u - u_prev) / (*g - g_prev), u_lo, u_hi);
                if (u_next == u || *g == g_prev) {
                    cal.reason = fmt::format(
                        "no {} from {:.2g} to {:.3g} times the template's brings the rack's drop "
                        "to the curve (at {:.3g} times the model is still {:+.0f} % off on "
                        "average): the drop is elsewhere ({})",
                        what, std::exp(u_lo), std::exp(u_hi), std::exp(u),
                        100.0 * (std::exp(*g) - 1.0),
                        qd ? "plates, hoses, manifolds"
                        : unknown == RackCurveUnknown::hose_diameter
                            ? "plates, quick disconnects, manifolds"
                            : "quick disconnects, hoses, manifolds");
                    break;
                }
                u_prev = u;
                g_prev = *g;
                u = u_next;
            }
        }
        if (cal.converged) {
            g_at(cal.factor, &cal.rms_after);
        } else {
            if (cal.reason.empty()) {
                cal.reason = "the fit did not settle in 30 steps";
            }
            cal.factor = 1.0;
            scale(1.0);
            finding("warning", fmt::format("{} calibration", what), cal.reason);
        }
        a.rack_curve_calibration = cal;
    }
    if (cooling.balance == Balance::heat) {
        a.balance = loop.balance_to_heat(a.V_dot_design_m3_s, T_s);
        if (!a.balance->converged) {
            finding("warning", "balancing restrictors", a.balance->reason);
        }
    }
    a.plate_curves = loop.compare_plate_curves(T_s);
    a.design = loop.solve(a.V_dot_design_m3_s, T_s);
    if (!a.design.converged) {
        finding("error", "hydraulic network", "did not converge: " + a.design.reason);
        return a;
    }
    if (cooling.rack_curve && one_kind) {
        const VendorCurve& c = *cooling.rack_curve;
        VendorComparison cmp{c.source, c.x, c.y, rack_drops(c, false), {}, 0.0};
        for (const auto& m : cmp.model) {
            cmp.note.push_back(m ? "" : "the rack solve failed at this flow");
        }
        cmp.rms_error = rms_error(cmp.model, c.y);
        // Wider than the scatter of a QD's Cv between vendors' datasheets for one size.
        constexpr double rack_curve_warning = 0.10;
        if (!(cmp.rms_error <= rack_curve_warning)) {
            finding("warning", "rack pressure drop",
                    core::statement("RackCalc's rack drop differs from the vendor's curve ({}) by "
                                    "{:.0f} % rms{}",
                                    c.source, 100.0 * cmp.rms_error,
                                    cooling.calibrate_rack_curve
                                        ? ""
                                        : "; calibrate = true fits the quick-disconnect Cv or "
                                          "the hose bore to it"));
        }
        a.rack_curve = std::move(cmp);
    }
    const auto& parts = assembly.parts;
    for (const auto& c : a.design.chips) {
        if (c.margin_K() < 0.0) {
            finding("error", parts[static_cast<std::size_t>(c.part)].name,
                    core::statement("{} {} is {} over its limit of {} at the design flow",
                                    c.limit_kind, temperature(c.T_junction_K),
                                    difference(-c.margin_K()), temperature(c.T_limit_K)));
        }
    }
    if (a.design.T_return_K > cooling.max_return_temperature.value()) {
        finding("error", "coolant",
                core::statement("return {} is above the allowed {}",
                                temperature(a.design.T_return_K),
                                temperature(cooling.max_return_temperature.value())));
    }
    for (const auto& p : a.design.plates) {
        if (p.T_out_K > cooling.max_plate_outlet_temperature.value()) {
            finding("error", parts[static_cast<std::size_t>(p.part)].name,
                    core::statement("coolant leaves this plate at {}, above the plate-outlet cap "
                                    "of {} ({} through it for {})",
                                    temperature(p.T_out_K),
                                    temperature(cooling.max_plate_outlet_temperature.value()),
                                    flow(p.V_dot_m3_s),
                                    core::Quantity(p.Q_W, core::kinds::device_power)));
        }
    }
    if (coolant.T_boil() && a.design.T_return_K >= *coolant.T_boil()) {
        finding("error", "coolant",
                core::statement("{} boils at the return temperature {}", coolant.name(),
                                temperature(a.design.T_return_K)));
    }

    // CDU: pumps on the loop plus the CDU's own losses, and the heat exchanger.
    CduResult& cdu = a.cdu;
    const double rho = a.design.rho;
    const double cp = a.design.cp;
    cdu.Q_W = a.Q_liquid_W;
    cdu.V_dot_m3_s = a.V_dot_design_m3_s;
    const double V_rated = cooling.cdu_capacity_W / (rho * cp * cooling.cdu_rated_dT_K);
    // Heat exchanger at the rated flows. Rated point: balanced streams, rated rise dT_r and
    // approach a_r, so eps_r = dT_r / (dT_r + a_r) and NTU_r = eps_r / (1 - eps_r)
    // (counterflow, C_r = 1). Each side's film conductance scales with its own flow as
    // h ~ V^0.8 (turbulent plate-channel flow, Dittus-Boelter exponent; Incropera eq. 8.60),
    // and the two are taken equal at the rated point (inferred: the usual design of a
    // liquid-to-liquid plate exchanger), so UA = 1 / (1/(hA)_tcs + 1/(hA)_fws),
    // (hA)_side = 2 UA_r (V/V_r)^0.8.
    const Fluid& water = fluid_by_name("water");
    const double T_fws = cooling.facility_supply_temperature.value();
    const double V_fws_rated =
        cooling.cdu_capacity_W / (water.rho(T_fws) * water.cp(T_fws) * cooling.facility_dT_K);
    const auto UA_over_UA_rated = [&](double V_tcs, double V_fws) {
        return 1.0 / (1.0 / (2.0 * std::pow(V_tcs / V_rated, 0.8)) +
                      1.0 / (2.0 * std::pow(V_fws / V_fws_rated, 0.8)));
    };
    double UA_rated = eps_r_of(cooling) / (1.0 - eps_r_of(cooling)) * cooling.cdu_capacity_W /
                      cooling.cdu_rated_dT_K;
    cdu.capacity_W = cooling.cdu_capacity_W;
    if (cooling.cdu_capacity_points) {
        // The datasheet's curve instead: UA fitted at the curve's flows, scaled to the rated
        // flows by the same film law, and the capacity read at the design approach.
        const VendorCurve& curve = *cooling.cdu_capacity_points;
        const double V_tcs =
            cooling.cdu_curve_tcs_flow_m3_s > 0.0 ? cooling.cdu_curve_tcs_flow_m3_s : V_rated;
        const double V_fws = cooling.cdu_curve_facility_flow_m3_s > 0.0
                                 ? cooling.cdu_curve_facility_flow_m3_s
                                 : V_fws_rated;
        const double C_tcs = rho * cp * V_tcs;
        const double C_fws = water.rho(T_fws) * water.cp(T_fws) * V_fws;
        const CapacityCurveFit fit = fit_capacity_curve(curve, C_tcs, C_fws);
        UA_rated = fit.UA_W_per_K / UA_over_UA_rated(V_tcs, V_fws);
        cdu.capacity_W =
            exchanger_heat_at_approach(fit.UA_W_per_K, C_tcs, C_fws, cooling.cdu_approach.value());
        VendorComparison c;
        c.source = curve.source;
        c.x = curve.x;
        c.vendor = curve.y;
        c.model.assign(fit.Q_model_W.begin(), fit.Q_model_W.end());
        c.note.assign(curve.x.size(), "");
        c.rms_error = fit.rms_error;
        cdu.capacity_curve = std::move(c);
        // At fixed flows an exchanger's capacity is proportional to its approach; a datasheet
        // far from that was taken at other flows (e.g. a fixed TCS rise), which the fit of
        // one UA at one pair of flows cannot follow.
        constexpr double capacity_curve_warning = 0.05;
        if (!(fit.rms_error <= capacity_curve_warning)) {
            finding(
                "warning", "CDU capacity curve",
                core::statement("one exchanger (UA {} at the curve's flows) matches the "
                                "datasheet's capacities only within {:.0f} % rms: check the "
                                "curve's flows (tcs_flow, facility_flow)",
                                core::Quantity(fit.UA_W_per_K, core::kinds::thermal_conductance),
                                100.0 * fit.rms_error));
        }
    }
    cdu.units_needed = cdu_units_needed(cdu.Q_W, cdu.capacity_W);
    const double V_per_unit = cdu.V_dot_m3_s / cdu.units_needed;
    cdu.dp_internal_Pa = cooling.cdu_internal_dp_Pa * std::pow(V_per_unit / V_rated, 2);
    cdu.dp_required_Pa = a.design.dp_loop_Pa + cdu.dp_internal_Pa;
    cdu.pumps_installed = cooling.pumps;
    cdu.pumps_running = cooling.pumps_running();
    Pump pump;
    pump.curve = cdu_pump_curve(cooling);
    pump.n_parallel = cooling.pumps;
    pump.n_running = cdu.pumps_running;
    cdu.dp_available_Pa = pump_dp_rise(pump, V_per_unit);
    const double V_each = V_per_unit / cdu.pumps_running;
    // Affinity laws: dp0 s^2 - c1 V s - c2 V^2 = dp_required at speed ratio s, the positive
    // root of that quadratic in s.
    {
        const PumpCurve& pc = pump.curve;
        const double need = cdu.dp_required_Pa + pc.c2 * V_each * V_each;
        cdu.speed_ratio =
            (pc.c1 * V_each + std::sqrt(pc.c1 * pc.c1 * V_each * V_each + 4.0 * pc.dp0 * need)) /
            (2.0 * pc.dp0);
    }
    cdu.pump_efficiency = cdu_pump_efficiency(cooling, V_each, cdu.speed_ratio);
    if (cooling.pump_points) {
        const auto& pts = *cooling.pump_points;
        double sum = 0.0;
        for (std::size_t k = 0; k < pts.x.size(); ++k) {
            const double fit =
                pump.curve.dp0 - pump.curve.c1 * pts.x[k] - pump.curve.c2 * pts.x[k] * pts.x[k];
            sum += (fit - pts.y[k]) * (fit - pts.y[k]);
        }
        cdu.pump_curve = core::statement(
            "fitted to {} datasheet points ({}): dp0 {}, rms deviation {}{}", pts.x.size(),
            pts.source, pressure(pump.curve.dp0),
            pressure(std::sqrt(sum / static_cast<double>(pts.x.size()))),
            cooling.pump_efficiency_points.empty() ? "" : ", efficiency from the datasheet");
    } else {
        cdu.pump_curve = core::statement("shut-off {} and run-out {}, best efficiency {:.2f}",
                                         pressure(cooling.pump_shutoff_dp_Pa),
                                         flow(cooling.pump_max_flow_m3_s), cooling.pump_efficiency);
    }
    cdu.P_pump_W = cdu.V_dot_m3_s * cdu.dp_required_Pa / cdu.pump_efficiency;
    if (cdu.speed_ratio > 1.0) {
        finding("error", "CDU pumps",
                core::statement("{} of {} pumps deliver {} at {} per CDU, but the loop needs {}",
                                cdu.pumps_running, cdu.pumps_installed,
                                pressure(cdu.dp_available_Pa), flow(V_per_unit),
                                pressure(cdu.dp_required_Pa)));
    }
    // The heat exchangers at a total TCS flow V [m3/s] returning at T_return [K], the facility
    // water rising by facility_dT: their UA and effectiveness, and the warmest facility water
    // with which they still hold the supply temperature.
    struct Exchanger {
        double UA_W_per_K, effectiveness, T_facility_max_K;
    };
    const double Q_unit = cdu.Q_W / cdu.units_needed;
    const auto exchanger_at = [&](double V, double T_return) {
        const double V_unit = V / cdu.units_needed;
        const double C_tcs = rho * cp * V_unit;
        const double C_fws = Q_unit / cooling.facility_dT_K;
        const double V_fws_unit = C_fws / (water.rho(T_fws) * water.cp(T_fws));
        Exchanger x{};
        x.UA_W_per_K = UA_rated * UA_over_UA_rated(V_unit, V_fws_unit);
        const double C_min = std::min(C_tcs, C_fws);
        x.effectiveness =
            counterflow_effectiveness(x.UA_W_per_K / C_min, C_min / std::max(C_tcs, C_fws));
        x.T_facility_max_K = T_return - Q_unit / (x.effectiveness * C_min);
        return x;
    };
    const Exchanger design_exchanger = exchanger_at(cdu.V_dot_m3_s, a.design.T_return_K);
    cdu.UA_W_per_K = design_exchanger.UA_W_per_K;
    cdu.effectiveness = design_exchanger.effectiveness;
    cdu.T_facility_max_K = design_exchanger.T_facility_max_K;
    cdu.approach_K = T_s - cdu.T_facility_max_K;
    cdu.V_dot_facility_m3_s =
        cdu.Q_W / (water.rho(T_fws) * water.cp(T_fws) * cooling.facility_dT_K);
    cdu.facility_class = facility_water_class(T_fws);
    cdu.T_facility_design_K = T_s - cooling.cdu_approach.value();
    if (cdu.approach_K > cooling.cdu_approach.value() + 1e-9) {
        finding(
            "error", "CDU heat exchanger",
            core::statement("at this load and flow the CDU reaches a {} approach, wider "
                            "than the design cdu_approach of {}",
                            core::Quantity(cdu.approach_K, core::kinds::temperature_difference, 2),
                            core::Quantity(cooling.cdu_approach.value(),
                                           core::kinds::temperature_difference, 2)));
    }
    if (T_fws > cdu.T_facility_design_K + 1e-9) {
        finding("error", "CDU heat exchanger",
                core::statement("facility water at {} is too warm for the design: a {} supply "
                                "with a {} cdu_approach needs facility water at or below {}",
                                temperature(T_fws), temperature(T_s),
                                difference(cooling.cdu_approach.value()),
                                temperature(cdu.T_facility_design_K)));
    } else if (T_fws > cdu.T_facility_max_K + 1e-9) {
        finding("error", "CDU heat exchanger",
                core::statement("facility water at {} is too warm: holding a {} supply needs "
                                "facility water at or below {} (approach {})",
                                temperature(T_fws), temperature(T_s),
                                temperature(cdu.T_facility_max_K), difference(cdu.approach_K)));
    }

    // The pumps' available pressure at full speed against what the loop and the CDU need at
    // a total flow V [Pa]: negative when the pumps cannot push V.
    auto pump_surplus = [&](double V, double dp_loop) {
        const double V_unit = V / cdu.units_needed;
        const double needed = dp_loop + cooling.cdu_internal_dp_Pa * std::pow(V_unit / V_rated, 2);
        return std::pair{pump_dp_rise(pump, V_unit) - needed, needed};
    };

    if (options.inverse) {
        const OperatingLimits limits{cooling.max_return_temperature.value(),
                                     cooling.max_plate_outlet_temperature.value()};
        const double V_max = 20.0 * a.V_dot_design_m3_s;
        // The least flow at supply T that also suits the CDUs, from the least flow V0 that
        // meets the temperature limits: the exchangers must make T from the case's facility
        // water and the pumps must push the flow. Every temperature margin rises with flow
        // and the pumps' surplus falls, so the answer lies between V0 and the most the pumps
        // push. The exchangers' margin (the warmest facility water they can use, less the
        // case's) is not monotone in flow in general (more flow lowers the return but raises
        // the capacity rate): it is scanned upward from V0 in steps of 1.25x and its first
        // crossing bisected in log(flow) to 1e-6.
        struct CduBound {
            std::optional<double> V_dot_m3_s;
            RackLoopResult at; ///< the loop at that flow
            core::Statement reason;
        };
        const auto cdu_bound = [&](double T, double V0) -> CduBound {
            auto exchanger_margin = [&](const RackLoopResult& r, double V) {
                return exchanger_at(V, r.T_return_K).T_facility_max_K - T_fws;
            };
            RackLoopResult at = loop.solve(V0, T, LoopDetail::one_per_kind);
            const auto [surplus, needed] = pump_surplus(V0, at.dp_loop_Pa);
            if (surplus < 0.0) {
                return {std::nullopt,
                        {},
                        core::statement("there the loop needs {} and the CDU pumps give only {}",
                                        pressure(needed), pressure(needed + surplus))};
            }
            if (exchanger_margin(at, V0) >= 0.0) {
                return {V0, std::move(at), {}};
            }
            if (T_fws >= T) {
                return {std::nullopt,
                        {},
                        core::statement("no CDU makes a {} supply from facility water at {}",
                                        temperature(T), temperature(T_fws))};
            }
            const double T_needed = exchanger_at(V0, at.T_return_K).T_facility_max_K;
            double V_lo = V0;
            for (double V = 1.25 * V0; V <= V_max; V *= 1.25) {
                RackLoopResult r = loop.solve(V, T, LoopDetail::one_per_kind);
                if (!r.converged) {
                    return {
                        std::nullopt,
                        {},
                        core::statement("the loop does not solve at {}: {}", flow(V), r.reason)};
                }
                if (pump_surplus(V, r.dp_loop_Pa).first < 0.0) {
                    return {std::nullopt,
                            {},
                            core::statement("there the CDUs need facility water at or below {} "
                                            "and it is {}; no more flow up to {}, where the CDU "
                                            "pumps run out of pressure, lets them hold the "
                                            "supply",
                                            temperature(T_needed), temperature(T_fws), flow(V))};
                }
                if (exchanger_margin(r, V) >= 0.0) {
                    double short_of = V_lo, holds = V;
                    while (holds - short_of > 1e-6 * holds) {
                        const double mid = std::sqrt(short_of * holds);
                        const RackLoopResult m = loop.solve(mid, T, LoopDetail::one_per_kind);
                        (m.converged && exchanger_margin(m, mid) >= 0.0 ? holds : short_of) = mid;
                    }
                    return {holds, loop.solve(holds, T, LoopDetail::one_per_kind), {}};
                }
                V_lo = V;
            }
            return {std::nullopt,
                    {},
                    core::statement("there the CDUs need facility water at or below {} and it is "
                                    "{}; no more flow up to {} lets them hold the supply",
                                    temperature(T_needed), temperature(T_fws), flow(V_max))};
        };
        // The least flow at the case's supply, with every limit: the temperature limits',
        // raised for the CDUs when they need more; none, with the reason, when no flow suits
        // them.
        std::string thermal_binding;
        core::Statement why;
        const std::optional<double> V0 =
            minimum_flow(loop, assembly, limits, T_s, V_max, thermal_binding, why);
        if (!V0) {
            finding("error", "coolant flow", "no flow meets every limit: " + why);
        } else if (CduBound b = cdu_bound(T_s, *V0); !b.V_dot_m3_s) {
            finding("error", "coolant flow",
                    core::statement("no flow meets every limit: the {} needs {}, but ",
                                    thermal_binding, flow(*V0)) +
                        b.reason);
        } else {
            a.V_dot_min_m3_s = b.V_dot_m3_s;
            a.V_dot_min_binding =
                *b.V_dot_m3_s > *V0
                    ? core::statement("CDU heat exchangers at {} facility water (the {} alone "
                                      "needs {})",
                                      temperature(T_fws), thermal_binding, flow(*V0))
                    : core::Statement(thermal_binding);
        }
        // The least flow for the temperature limits at a supply temperature, with its pressure
        // drop and return, and what the CDU's pumps and exchangers make of it at the case's
        // facility water. The facility water stays as the case gives it whatever the supply, so
        // a cold row may ask for a supply the CDUs cannot make from it: the row says so, and
        // keeps the flow the chips need, which is what vendors publish against supply.
        const auto least_flow_at = [&](double T) {
            FlowAtSupply row;
            row.T_supply_K = T;
            if (!(T > coolant.T_min() && T < coolant.T_max())) {
                row.reason = fmt::format("outside the {} property range", coolant.name());
                return row;
            }
            std::string binding;
            row.V_dot_m3_s = minimum_flow(loop, assembly, limits, T, V_max, binding, row.reason);
            if (!row.V_dot_m3_s) {
                return row;
            }
            row.binding = binding;
            const RackLoopResult at = loop.solve(*row.V_dot_m3_s, T, LoopDetail::one_per_kind);
            row.dp_loop_Pa = at.dp_loop_Pa;
            row.T_return_K = at.T_return_K;
            const auto [surplus, needed] = pump_surplus(*row.V_dot_m3_s, at.dp_loop_Pa);
            if (surplus < 0.0) {
                row.binding += core::statement("; the pumps give {} of the {} needed",
                                               pressure(needed + surplus), pressure(needed));
            }
            const double T_facility_max =
                exchanger_at(*row.V_dot_m3_s, at.T_return_K).T_facility_max_K;
            if (T_fws > T_facility_max + 1e-9) {
                row.binding +=
                    core::statement("; the CDUs need facility water at or below {}, it is {}",
                                    temperature(T_facility_max), temperature(T_fws));
            }
            return row;
        };
        core::Statement reason;
        a.T_supply_max_K = maximum_supply_temperature(loop, assembly, limits, a.V_dot_design_m3_s,
                                                      a.T_supply_max_binding, reason);
        if (cooling.required_flow && one_kind) {
            const VendorCurve& c = *cooling.required_flow;
            VendorComparison cmp{c.source, c.x, c.y, {}, {}, 0.0};
            for (const double T : c.x) {
                const FlowAtSupply row = least_flow_at(T);
                const auto& V = row.V_dot_m3_s;
                cmp.model.push_back(V ? std::optional(*V / cooled_racks) : std::nullopt);
                cmp.note.push_back(V ? row.binding : row.reason);
            }
            cmp.rms_error = rms_error(cmp.model, c.y);
            a.required_flow = std::move(cmp);
        }
        const double step = cooling.flow_table_step_K;
        for (double T = cooling.flow_table_from_K; T <= cooling.flow_table_to_K + 1e-9; T += step) {
            a.flow_table.push_back(least_flow_at(T));
        }
    }
    // The inverse solves moved the loop; leave the design point as the result.
    return a;
}

} // namespace rackcalc::thermal
