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
    // Laminar: Shah & London Nu_H1(alpha), fully developed (entry effects ignored, which
    // errs on the safe side). Above Re 2300: Gnielinski's interpolation between the laminar
    // value at 2300 and his turbulent correlation at 1e4 (V. Gnielinski, "On heat transfer in
    // tubes", Int. J. Heat Mass Transfer 63:134-140, 2013), and the correlation itself above.
    const double Nu_laminar = shah_london_Nu_H1(r.alpha);
    const double Pr = fluid.Pr(T_fluid);
    constexpr double Re_turbulent = 1e4;
    if (r.Re <= Re_laminar_end) {
        r.Nu = Nu_laminar;
    } else if (r.Re < Re_turbulent) {
        const double gamma = (r.Re - Re_laminar_end) / (Re_turbulent - Re_laminar_end);
        r.Nu = (1.0 - gamma) * Nu_laminar + gamma * gnielinski_Nu(Re_turbulent, Pr);
    } else {
        r.Nu = gnielinski_Nu(r.Re, Pr);
    }
    r.h = r.Nu * k / r.D_h;

    const double m = std::sqrt(2.0 * r.h / (g.k_solid * g.wall_width));
    r.fin_efficiency = fin_efficiency(m * g.channel_depth);
    r.A_effective =
        n_real * g.length * (g.channel_width + 2.0 * r.fin_efficiency * g.channel_depth);

    r.R_base = conduction_resistance(g.base_thickness, g.k_solid, g.width * g.length);
    r.R_convection = convection_resistance(r.h, r.A_effective);
    r.R_caloric = 1.0 / (rho * V_dot * cp);
    r.R_total = r.R_base + r.R_convection + r.R_caloric;

    const double f = darcy_friction_factor(r.Re, 0.0, shah_london_fRe_darcy(r.alpha)).f;
    r.dp = f * g.length / r.D_h * rho * r.u * r.u / 2.0;
    return r;
}

} // namespace rackcalc::thermal
