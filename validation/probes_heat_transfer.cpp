// Probes of the heat-transfer and cold-plate areas: laminar and turbulent Nu and f Re, fins,
// spreading resistance, and the finned microchannel heat sink of the cold-plate model.

#include "thermal/cdu_exchanger.hpp"
#include "thermal/chip_stack.hpp"
#include "thermal/correlations.hpp"
#include "thermal/fluid.hpp"
#include "thermal/microchannel.hpp"
#include "thermal/plate_curve.hpp"
#include "validation/probe.hpp"

#include <cmath>
#include <numbers>

namespace rackcalc::validation {

namespace {

namespace ck = core::kinds;
namespace th = thermal;

const ProbeOutput Nu_out{"Nu", &ck::dimensionless, "", "Nusselt number"};

core::KeySpec positive_real(std::string name, std::string doc) {
    return core::real(std::move(name), std::move(doc)).above(0.0).needed();
}
core::KeySpec length(std::string name, std::string doc) {
    return core::quantity(std::move(name), ck::length, "m", std::move(doc)).above(0.0).needed();
}
core::KeySpec conductivity(std::string name) {
    return core::quantity(std::move(name), ck::thermal_conductivity, "W/(m K)",
                          "thermal conductivity of the solid")
        .above(0.0)
        .needed();
}
core::KeySpec film(std::string doc) {
    return core::quantity("h", ck::heat_transfer_coefficient, "W/(m^2 K)", std::move(doc))
        .above(0.0)
        .needed();
}

Probe shah_london() {
    return make_probe(
        "shah_london_rectangular",
        "fully developed laminar flow in a rectangular duct, Shah & London (1978) fits: "
        "thermal::shah_london_fRe_darcy, shah_london_Nu_T, shah_london_Nu_H1",
        {core::real("alpha", "aspect ratio short side / long side").range(0.0, 1.0).needed()},
        {{"fRe_darcy", &ck::dimensionless, "", "Darcy f Re"},
         {"Nu_T", &ck::dimensionless, "", "Nu, uniform wall temperature"},
         {"Nu_H1", &ck::dimensionless, "", "Nu, uniform axial heat flux (H1)"}},
        [](const core::CheckedTable& in) {
            const double a = in.real("alpha");
            return ProbeValues{{"fRe_darcy", th::shah_london_fRe_darcy(a)},
                               {"Nu_T", th::shah_london_Nu_T(a)},
                               {"Nu_H1", th::shah_london_Nu_H1(a)}};
        });
}

Probe hausen() {
    return make_probe("hausen_entry",
                      "mean Nu of a thermal entry length, uniform wall temperature: "
                      "thermal::hausen_Nu_mean(Gz)",
                      {positive_real("Gz", "Graetz number Re Pr D / L")}, {Nu_out},
                      [](const core::CheckedTable& in) {
                          return ProbeValues{{"Nu", th::hausen_Nu_mean(in.real("Gz"))}};
                      });
}

Probe shah_apparent() {
    return make_probe("shah_apparent_friction",
                      "apparent Fanning friction of developing laminar pipe flow, Shah (1978): "
                      "thermal::shah_apparent_fRe_fanning(x+)",
                      {positive_real("x_plus", "dimensionless length x / (D Re)")},
                      {{"fRe_app_fanning", &ck::dimensionless, "", "apparent Fanning f Re"}},
                      [](const core::CheckedTable& in) {
                          return ProbeValues{{"fRe_app_fanning",
                                              th::shah_apparent_fRe_fanning(in.real("x_plus"))}};
                      });
}

Probe turbulent_nusselt() {
    return make_probe(
        "turbulent_nusselt",
        "fully developed turbulent Nu in a smooth pipe: thermal::gnielinski_Nu (Petukhov f) and "
        "thermal::dittus_boelter_Nu (fluid heated, n = 0.4)",
        {positive_real("Re", "Reynolds number"), positive_real("Pr", "Prandtl number")},
        {{"Nu_gnielinski", &ck::dimensionless, "", "Gnielinski (1976)"},
         {"Nu_dittus_boelter", &ck::dimensionless, "", "Dittus-Boelter, n = 0.4"}},
        [](const core::CheckedTable& in) {
            const double Re = in.real("Re"), Pr = in.real("Pr");
            return ProbeValues{{"Nu_gnielinski", th::gnielinski_Nu(Re, Pr)},
                               {"Nu_dittus_boelter", th::dittus_boelter_Nu(Re, Pr)}};
        });
}

Probe straight_fin() {
    return make_probe(
        "straight_fin",
        "straight rectangular fin with a convecting tip through the corrected length "
        "L_c = L + t/2: thermal::straight_fin_efficiency; m L_c = sqrt(2 h / (k t)) L_c",
        {film("film coefficient on the fin"), conductivity("k"), length("t", "fin thickness"),
         length("L", "fin length")},
        {{"efficiency", &ck::dimensionless, "", "fin efficiency"},
         {"mLc", &ck::dimensionless, "", "m L_c"}},
        [](const core::CheckedTable& in) {
            const double h = in.quantity("h"), k = in.quantity("k"), t = in.quantity("t"),
                         L = in.quantity("L");
            return ProbeValues{{"efficiency", th::straight_fin_efficiency(h, k, t, L)},
                               {"mLc", std::sqrt(2.0 * h / (k * t)) * (L + t / 2.0)}};
        });
}

Probe plate_spreading() {
    const auto R = [](std::string name, std::string doc) {
        return ProbeOutput{std::move(name), &ck::thermal_resistance, "K/W", std::move(doc)};
    };
    return make_probe(
        "plate_spreading",
        "square source centred on a square plate cooled by a film on its back: one-dimensional "
        "t/(k A) + 1/(h A) (thermal::conduction_resistance + convection_resistance), the "
        "Muzychka-Culham-Yovanovich series (thermal::rectangular_spreading_resistance) and "
        "Lee's closed form (thermal::lee_spreading_resistance)",
        {length("source", "side of the square source"), length("plate", "side of the plate"),
         length("t", "plate thickness"), conductivity("k"), film("film coefficient"),
         core::integer("n_terms", "series terms per index").def("100").range(1, 2000)},
        {R("R_1D", "one-dimensional plate and film"), R("R_series", "spreading, exact series"),
         R("R_lee_avg", "spreading, Lee, mean source temperature"),
         R("R_lee_max", "spreading, Lee, peak source temperature")},
        [](const core::CheckedTable& in) {
            const double s = in.quantity("source"), p = in.quantity("plate"), t = in.quantity("t"),
                         k = in.quantity("k"), h = in.quantity("h");
            const auto lee = th::lee_spreading_resistance(s * s, p * p, t, k, h);
            return ProbeValues{
                {"R_1D",
                 th::conduction_resistance(t, k, p * p) + th::convection_resistance(h, p * p)},
                {"R_series", th::rectangular_spreading_resistance(
                                 s, s, p, p, t, k, h, static_cast<int>(in.integer("n_terms")))},
                {"R_lee_avg", lee.R_avg},
                {"R_lee_max", lee.R_max}};
        });
}

Probe microchannel() {
    return make_probe(
        "microchannel_heat_sink",
        "finned microchannel heat sink, the fin-channel block of the cold-plate model: "
        "thermal::microchannel_heat_sink (Shah & London Nu_H1, adiabatic-tip fins, base "
        "conduction, caloric resistance)",
        {length("channel_width", "w_c"), length("wall_width", "w_w, fin thickness"),
         length("channel_depth", "H_c, fin height"),
         length("base_thickness", "solid between the heated face and the channels"),
         length("length", "flow length = heated length"),
         length("width", "heated width across the channels"), conductivity("k_solid"),
         core::choice("coolant", th::fluid_names(), "coolant").def("water"),
         core::quantity("T_fluid", ck::temperature, "degC", "mean bulk coolant temperature")
             .needed(),
         core::quantity("V_dot", ck::volume_flow, "m^3/s", "total flow through all channels")
             .above(0.0)
             .needed()},
        {{"R_total", &ck::thermal_resistance, "K/W", "peak heated face over inlet coolant"},
         {"dp", &ck::pressure, "Pa", "channel friction"},
         {"Re", &ck::dimensionless, "", "channel Reynolds number"}},
        [](const core::CheckedTable& in) {
            const th::MicrochannelHeatSink g{
                in.quantity("channel_width"), in.quantity("wall_width"),
                in.quantity("channel_depth"), in.quantity("base_thickness"),
                in.quantity("length"),        in.quantity("width"),
                in.quantity("k_solid")};
            const auto r = th::microchannel_heat_sink(g, th::fluid_by_name(in.string("coolant")),
                                                      in.quantity("T_fluid"), in.quantity("V_dot"));
            return ProbeValues{{"R_total", r.R_total}, {"dp", r.dp}, {"Re", r.Re}};
        });
}

Probe combined_entry() {
    return make_probe(
        "combined_entry_circular",
        "mean Nu of laminar flow in a circular tube of length L with entrance effects, uniform "
        "wall temperature: thermal::combined_entry_Nu_sqrtA (Muzychka & Yovanovich 2004 "
        "form) on sqrt(A) = D sqrt(pi)/2, fully developed limit 3.657, returned on D",
        {positive_real("Gz", "Graetz number Re Pr D / L"), positive_real("Pr", "Prandtl number"),
         core::boolean("velocity_developing",
                       "true: both profiles develop (combined entry); false: thermal entry only")
             .def("true")},
        {Nu_out}, [](const core::CheckedTable& in) {
            const double s = std::sqrt(std::numbers::pi) / 2.0;
            const double z_star = 1.0 / in.real("Gz") / (s * s);
            return ProbeValues{
                {"Nu", th::combined_entry_Nu_sqrtA(z_star, in.real("Pr"), 16.0 * s, 3.657 * s,
                                                   th::WallCondition::temperature,
                                                   in.boolean("velocity_developing")) /
                           s}};
        });
}

Probe stack_spreading() {
    return make_probe(
        "stack_plate_base",
        "a square source centred on a square plate cooled by a film on its back, as the chip "
        "stack model sees a bare die on a cold-plate base: thermal::chip_stack_resistance with "
        "no layers, R_plate_base = t/(k A) + Lee's spreading on the mean source temperature",
        {length("source", "side of the square source"), length("plate", "side of the plate"),
         length("t", "plate thickness"), conductivity("k"), film("film coefficient")},
        {{"R_plate_base", &ck::thermal_resistance, "K/W", "conduction and spreading"},
         {"R_total", &ck::thermal_resistance, "K/W", "with the film 1/(h A)"}},
        [](const core::CheckedTable& in) {
            const double s = in.quantity("source"), p = in.quantity("plate");
            const double R_film = 1.0 / (in.quantity("h") * p * p);
            const auto r = th::chip_stack_resistance({}, s * s, p * p, in.quantity("t"),
                                                     in.quantity("k"), R_film);
            return ProbeValues{{"R_plate_base", r.R_plate_base},
                               {"R_total", r.R_plate_base + R_film}};
        });
}

Probe plate_curve() {
    return make_probe(
        "plate_performance_curve",
        "a cold plate given by two published points of its R_th(flow) curve, used as given: "
        "thermal::PlateCurve (monotone in log R over log flow; the end power law outside)",
        {core::quantity("V1", ck::volume_flow, "L/min", "first flow").above(0.0).needed(),
         core::quantity("R1", ck::thermal_resistance, "K/W", "R_th at V1").above(0.0).needed(),
         core::quantity("V2", ck::volume_flow, "L/min", "second flow").above(0.0).needed(),
         core::quantity("R2", ck::thermal_resistance, "K/W", "R_th at V2").above(0.0).needed(),
         core::quantity("V", ck::volume_flow, "L/min", "flow to evaluate at").above(0.0).needed()},
        {{"R_th", &ck::thermal_resistance, "K/W", "R_th at V"},
         {"exponent", &ck::dimensionless, "", "d ln R / d ln V at V"}},
        [](const core::CheckedTable& in) {
            th::PlatePerformance p;
            p.V_dot_m3_s = {in.quantity("V1"), in.quantity("V2")};
            p.R_th_K_per_W = {in.quantity("R1"), in.quantity("R2")};
            const th::PlateCurve c(p);
            return ProbeValues{{"R_th", c.R_th(in.quantity("V"))},
                               {"exponent", c.exponent(in.quantity("V"))}};
        });
}

/// The CDU's heat exchanger (thermal::exchanger_heat_at_approach): the heat a counterflow
/// exchanger passes when its hot stream leaves `approach` above the cold inlet.
Probe counterflow_exchanger() {
    const auto capacity_rate = [](std::string name, std::string doc) {
        return positive_real(std::move(name), std::move(doc) + " [W/K]");
    };
    return make_probe(
        "counterflow_exchanger",
        "counterflow heat exchanger by effectiveness-NTU, as the CDU model uses it: "
        "thermal::exchanger_heat_at_approach (hot outlet `approach` above the cold inlet)",
        {capacity_rate("UA", "conductance"), capacity_rate("C_hot", "hot stream m cp"),
         capacity_rate("C_cold", "cold stream m cp"),
         core::quantity("approach", ck::temperature_difference, "K", "hot outlet minus cold inlet")
             .above(0.0)
             .needed()},
        {{"Q", &ck::power, "W", "heat passed"},
         {"cold_rise", &ck::temperature_difference, "K", "cold stream outlet minus inlet"}},
        [](const core::CheckedTable& in) {
            const double Q = th::exchanger_heat_at_approach(
                in.real("UA"), in.real("C_hot"), in.real("C_cold"), in.quantity("approach"));
            return ProbeValues{{"Q", Q}, {"cold_rise", Q / in.real("C_cold")}};
        });
}

} // namespace

std::vector<Probe> heat_transfer_probes() {
    return {shah_london(),     hausen(),          shah_apparent(),        turbulent_nusselt(),
            straight_fin(),    plate_spreading(), microchannel(),         combined_entry(),
            stack_spreading(), plate_curve(),     counterflow_exchanger()};
}

} // namespace rackcalc::validation
