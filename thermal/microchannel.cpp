#include "thermal/microchannel.hpp"

#include "thermal/correlations.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace rackcalc::thermal {

MicrochannelResult microchannel_heat_sink(const MicrochannelHeatSink& g, const Fluid& fluid,
                                          double T_fluid, double V_dot) {
    constexpr std::string_view fn = "microchannel_heat_sink";
    for (const auto& [what, v] :
         {std::pair{"channel_width", g.channel_width}, std::pair{"wall_width", g.wall_width},
          std::pair{"channel_depth", g.channel_depth}, std::pair{"length", g.length},
          std::pair{"width", g.width}, std::pair{"k_solid", g.k_solid},
          std::pair{"V_dot", V_dot}}) {
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
    const double n_real = std::floor(g.width / pitch * (1.0 + 1e-9));
    if (n_real < 1.0) {
        throw std::domain_error(fmt::format(
            "{}: width {:.6g} m holds no whole channel of pitch {:.6g} m", fn, g.width, pitch));
    }

    MicrochannelResult r{};
    r.n_channels = static_cast<int>(n_real);
    r.alpha =
        std::min(g.channel_width, g.channel_depth) / std::max(g.channel_width, g.channel_depth);
    r.D_h = rectangular_hydraulic_diameter(g.channel_width, g.channel_depth);

    const double rho = fluid.rho(T_fluid);
    const double cp = fluid.cp(T_fluid);
    const double mu = fluid.mu(T_fluid);
    const double k = fluid.k(T_fluid);

    r.u = V_dot / (n_real * g.channel_width * g.channel_depth);
    r.Re = rho * r.u * r.D_h / mu;
    // Laminar: simultaneously developing flow over the channel length (Muzychka & Yovanovich
    // 2004 combined-entry model, combined_entry_Nu_sqrtA) with the exact fully developed
    // limit Shah & London Nu_H1(alpha): the short channels of a cold plate run at z* of order
    // 1e-3 to 1e-1, where the entrance raises Nu well above the developed value, and the rise
    // grows with flow. Above Re 2300: Gnielinski's interpolation between the laminar value at
    // 2300 and his turbulent correlation at 1e4 (V. Gnielinski, "On heat transfer in tubes",
    // Int. J. Heat Mass Transfer 63:134-140, 2013), and the correlation itself above.
    const double Pr = fluid.Pr(T_fluid);
    const double sqrtA_over_Dh = rectangular_sqrtA_over_Dh(r.alpha);
    const double fRe_sqrtA = shah_london_fRe_darcy(r.alpha) / 4.0 * sqrtA_over_Dh;
    auto laminar_Nu = [&](double Re_Dh, EntryValue value) {
        const double Re_sqrtA = Re_Dh * sqrtA_over_Dh;
        const double z_star = g.length / (r.D_h * sqrtA_over_Dh * Re_sqrtA * Pr);
        return combined_entry_Nu_sqrtA(z_star, Pr, fRe_sqrtA,
                                       shah_london_Nu_H1(r.alpha) * sqrtA_over_Dh,
                                       WallCondition::heat_flux, true, value) /
               sqrtA_over_Dh;
    };
    constexpr double Re_turbulent = 1e4;
    auto Nu_of = [&](EntryValue value) {
        if (r.Re <= Re_laminar_end) {
            return laminar_Nu(r.Re, value);
        }
        if (r.Re < Re_turbulent) {
            const double gamma = (r.Re - Re_laminar_end) / (Re_turbulent - Re_laminar_end);
            return (1.0 - gamma) * laminar_Nu(Re_laminar_end, value) +
                   gamma * gnielinski_Nu(Re_turbulent, Pr);
        }
        return gnielinski_Nu(r.Re, Pr);
    };
    r.Nu = Nu_of(EntryValue::mean);
    r.Nu_outlet = Nu_of(EntryValue::local);
    r.h = r.Nu * k / r.D_h;

    // Finned area n L (w_c + 2 eta H_c) with eta of an adiabatic-tip fin of height H_c.
    auto finned_area = [&](double h, double* eta) {
        const double m = std::sqrt(2.0 * h / (g.k_solid * g.wall_width));
        const double e = fin_efficiency(m * g.channel_depth);
        if (eta != nullptr) {
            *eta = e;
        }
        return n_real * g.length * (g.channel_width + 2.0 * e * g.channel_depth);
    };
    r.A_effective = finned_area(r.h, &r.fin_efficiency);
    const double h_outlet = r.Nu_outlet * k / r.D_h;

    r.R_base = conduction_resistance(g.base_thickness, g.k_solid, g.width * g.length);
    r.R_convection = convection_resistance(r.h, r.A_effective);
    r.R_convection_outlet = convection_resistance(h_outlet, finned_area(h_outlet, nullptr));
    r.R_caloric = 1.0 / (rho * V_dot * cp);
    r.R_total = r.R_base + r.R_convection_outlet + r.R_caloric;

    const double f = darcy_friction_factor(r.Re, 0.0, shah_london_fRe_darcy(r.alpha)).f;
    r.dp = f * g.length / r.D_h * rho * r.u * r.u / 2.0;
    return r;
}

} // namespace rackcalc::thermal
