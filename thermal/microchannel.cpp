#include "thermal/microchannel.hpp"

#include "thermal/correlations.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace rackcalc::thermal {

namespace {

constexpr std::string_view fn = "microchannel_heat_sink";

/// Mean (or outlet-local) Nusselt number on D_h at channel Reynolds number Re. Laminar:
/// simultaneously developing flow over the channel length (Muzychka & Yovanovich 2004
/// combined-entry model, combined_entry_Nu_sqrtA) with the exact fully developed limit Shah &
/// London Nu_H1(alpha): the short channels of a cold plate run at z* of order 1e-3 to 1e-1,
/// where the entrance raises Nu well above the developed value, and the rise grows with flow.
/// Above Re 2300: Gnielinski's interpolation between the laminar value at 2300 and his
/// turbulent correlation at 1e4 (V. Gnielinski, "On heat transfer in tubes", Int. J. Heat Mass
/// Transfer 63:134-140, 2013), and the correlation itself above.
double channel_Nu(const MicrochannelChannels& c, double Re, double Pr, EntryValue value) {
    auto laminar_Nu = [&](double Re_Dh) {
        const double Re_sqrtA = Re_Dh * c.sqrtA_over_Dh;
        const double z_star = c.geometry.length / (c.D_h * c.sqrtA_over_Dh * Re_sqrtA * Pr);
        return combined_entry_Nu_sqrtA(z_star, Pr, c.fRe_sqrtA, c.Nu_fd_sqrtA,
                                       WallCondition::heat_flux, true, value) /
               c.sqrtA_over_Dh;
    };
    constexpr double Re_turbulent = 1e4;
    if (Re <= Re_laminar_end) {
        return laminar_Nu(Re);
    }
    if (Re < Re_turbulent) {
        const double gamma = (Re - Re_laminar_end) / (Re_turbulent - Re_laminar_end);
        return (1.0 - gamma) * laminar_Nu(Re_laminar_end) + gamma * gnielinski_Nu(Re_turbulent, Pr);
    }
    return gnielinski_Nu(Re, Pr);
}

/// Finned area n L (w_c + 2 eta H_c) with eta of an adiabatic-tip fin of height H_c.
double finned_area(const MicrochannelHeatSink& g, double n, double h, double* eta) {
    const double m = std::sqrt(2.0 * h / (g.k_solid * g.wall_width));
    const double e = fin_efficiency(m * g.channel_depth);
    if (eta != nullptr) {
        *eta = e;
    }
    return n * g.length * (g.channel_width + 2.0 * e * g.channel_depth);
}

} // namespace

MicrochannelChannels microchannel_channels(const MicrochannelHeatSink& g) {
    for (const auto& [what, v] :
         {std::pair{"channel_width", g.channel_width}, std::pair{"wall_width", g.wall_width},
          std::pair{"channel_depth", g.channel_depth}, std::pair{"length", g.length},
          std::pair{"width", g.width}, std::pair{"k_solid", g.k_solid}}) {
        if (!(v > 0.0) || !std::isfinite(v)) {
            throw std::domain_error(
                fmt::format("{}: {} = {:.6g} must be positive and finite", fn, what, v));
        }
    }
    if (!(g.base_thickness >= 0.0)) {
        throw std::domain_error(fmt::format("{}: base_thickness must be >= 0", fn));
    }
    const double pitch = g.channel_width + g.wall_width;
    // The small allowance keeps W = n * pitch from losing a channel to rounding.
    const double n = std::floor(g.width / pitch * (1.0 + 1e-9));
    if (n < 1.0) {
        throw std::domain_error(fmt::format(
            "{}: width {:.6g} m holds no whole channel of pitch {:.6g} m", fn, g.width, pitch));
    }
    MicrochannelChannels c{g, n, 0.0, 0.0, 0.0, 0.0, 0.0};
    c.alpha =
        std::min(g.channel_width, g.channel_depth) / std::max(g.channel_width, g.channel_depth);
    c.D_h = rectangular_hydraulic_diameter(g.channel_width, g.channel_depth);
    c.sqrtA_over_Dh = rectangular_sqrtA_over_Dh(c.alpha);
    c.fRe_sqrtA = shah_london_fRe_darcy(c.alpha) / 4.0 * c.sqrtA_over_Dh;
    c.Nu_fd_sqrtA = shah_london_Nu_H1(c.alpha) * c.sqrtA_over_Dh;
    return c;
}

MicrochannelConvection microchannel_convection(const MicrochannelChannels& c, const Fluid& fluid,
                                               double T_fluid, double V_dot) {
    if (!(V_dot > 0.0) || !std::isfinite(V_dot)) {
        throw std::domain_error(
            fmt::format("{}: V_dot = {:.6g} must be positive and finite", fn, V_dot));
    }
    const MicrochannelHeatSink& g = c.geometry;
    MicrochannelConvection r{};
    r.n_channels = static_cast<int>(c.n);
    r.alpha = c.alpha;
    r.D_h = c.D_h;
    const Fluid::Row f = fluid.state(T_fluid);
    r.u = V_dot / (c.n * g.channel_width * g.channel_depth);
    r.Re = f.rho * r.u * r.D_h / f.mu;
    r.Pr = f.cp * f.mu / f.k;
    r.Nu = channel_Nu(c, r.Re, r.Pr, EntryValue::mean);
    r.h = r.Nu * f.k / r.D_h;
    r.A_effective = finned_area(g, c.n, r.h, &r.fin_efficiency);
    r.R_convection = convection_resistance(r.h, r.A_effective);
    return r;
}

MicrochannelConvection microchannel_convection(const MicrochannelHeatSink& g, const Fluid& fluid,
                                               double T_fluid, double V_dot) {
    return microchannel_convection(microchannel_channels(g), fluid, T_fluid, V_dot);
}

MicrochannelResult microchannel_heat_sink(const MicrochannelHeatSink& g, const Fluid& fluid,
                                          double T_fluid, double V_dot) {
    const MicrochannelChannels channels = microchannel_channels(g);
    MicrochannelResult r{};
    static_cast<MicrochannelConvection&>(r) =
        microchannel_convection(channels, fluid, T_fluid, V_dot);
    r.Nu_outlet = channel_Nu(channels, r.Re, r.Pr, EntryValue::local);
    const double h_outlet = r.Nu_outlet * fluid.k(T_fluid) / r.D_h;
    const double rho = fluid.rho(T_fluid);
    r.R_base = conduction_resistance(g.base_thickness, g.k_solid, g.width * g.length);
    r.R_convection_outlet =
        convection_resistance(h_outlet, finned_area(g, r.n_channels, h_outlet, nullptr));
    r.R_caloric = 1.0 / (rho * V_dot * fluid.cp(T_fluid));
    r.R_total = r.R_base + r.R_convection_outlet + r.R_caloric;
    const double f = darcy_friction_factor(r.Re, 0.0, shah_london_fRe_darcy(r.alpha)).f;
    r.dp = f * g.length / r.D_h * rho * r.u * r.u / 2.0;
    return r;
}

} // namespace rackcalc::thermal
